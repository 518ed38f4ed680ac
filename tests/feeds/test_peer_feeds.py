"""Other podcast apps' test feeds, served over HTTP and read as those apps' own tests say they must be.

- gPodder's podcastparser: each ``.rss`` beside the ``.json`` podcastparser must produce.
- AntennaPod: the GUIDs, titles, dates, media and transcript choice its parser tests assert.
- The Podcasting 2.0 reference feed and real Libsyn/Gimlet feeds (podcast-feed-parser's fixtures).

Each check is one parametrised case, so the count of checks holding is the test count passing.
"""

from __future__ import annotations

import json
import time
import urllib.request
from pathlib import Path

import pytest

from earmark.core.errors import InputError
from earmark.feeds import parse_feed

PEER_FEEDS = Path(__file__).resolve().parents[3] / "shared" / "peer_feeds"

PP = sorted(p.stem for p in (PEER_FEEDS / "podcastparser").glob("*.rss")) if PEER_FEEDS.is_dir() else []


def _fetch(server, path: str):
    url = f"{server.base}/{path}"
    with urllib.request.urlopen(url, timeout=10) as response:
        return parse_feed(response.read(), url), url


def _chosen(episode, language: str = ""):
    """The transcript URL the parser picks (``transcript_url`` was the older field)."""
    if hasattr(episode, "transcript"):
        best = episode.transcript(language)
        return best.url if best else None
    return getattr(episode, "transcript_url", None)


def _expected(name: str, base: str) -> dict:
    text = (PEER_FEEDS / "podcastparser" / f"{name}.json").read_text()
    return json.loads(text.replace("file://tests/data/", f"{base}/podcastparser/"))


def _iso(stamp: int) -> str | None:
    return time.strftime("%Y-%m-%d", time.gmtime(stamp)) if stamp else None


PP_FIELDS = ("title", "count", "guid", "episode_title", "published", "audio", "duration", "extras")


@pytest.mark.parametrize("field", PP_FIELDS)
@pytest.mark.parametrize("name", PP)
def test_podcastparser_fixture(peer_server, name, field):
    """Each podcastparser fixture gives the podcast, episodes, GUIDs, dates, audio and extras it expects."""
    feed, _ = _fetch(peer_server, f"podcastparser/{name}.rss")
    want = _expected(name, peer_server.base)
    wanted = [e for e in want["episodes"] if e["enclosures"]]  # an item without audio is no episode here
    wanted.sort(key=lambda e: e["published"], reverse=True)  # newest first, even for a serial podcast
    got = [e for e in feed.episodes if e.audio_url]
    if field == "title":
        assert feed.title == want["title"]
        return
    if field == "count":
        assert len(got) == len(wanted)
        return
    for mine, theirs in zip(got, wanted, strict=False):
        if field == "guid":
            assert mine.guid == theirs["guid"]
        elif field == "episode_title":
            assert mine.title == theirs["title"]
        elif field == "published":
            assert mine.published == _iso(theirs["published"])
        elif field == "audio":
            urls = [e["url"] for e in theirs["enclosures"]]
            audio = [e["url"] for e in theirs["enclosures"] if e["mime_type"].startswith("audio")]
            assert mine.audio_url == (audio or urls)[0]
        elif field == "duration":
            assert (getattr(mine, "duration", None) or 0) == theirs["total_time"]
        elif field == "extras":
            if theirs.get("transcript_url"):
                assert _chosen(mine) == theirs["transcript_url"]
            if theirs.get("chapters_json_url"):
                assert getattr(mine, "chapters_url", None) == theirs["chapters_json_url"]
            if theirs.get("description_html"):
                assert "test" in getattr(mine, "notes_html", "")
            if theirs.get("number"):
                assert getattr(mine, "number", None) == theirs["number"]


@pytest.mark.parametrize("name", ["feed-rss-testRss2Basic", "feed-atom-testAtomBasic"])
@pytest.mark.parametrize("field", ["podcast", "guids", "titles", "dates", "media"])
def test_antennapod_basic_feeds(peer_server, name, field):
    """AntennaPod's RSS 2 and Atom basics: podcast fields; item-i GUIDs, titles, dates i minutes, media-i."""
    feed, _ = _fetch(peer_server, f"antennapod/{name}.xml")
    items = sorted(feed.episodes, key=lambda e: e.title)
    if field == "podcast":
        assert (feed.title, feed.link, feed.image_url) == (
            "title",
            "http://example.com",
            "http://example.com/picture",
        )
    elif field == "guids":
        assert [e.guid for e in items] == [f"http://example.com/item-{i}" for i in range(10)]
    elif field == "titles":
        assert [e.title for e in items] == [f"item-{i}" for i in range(10)]
    elif field == "dates":
        assert [getattr(e, "published_at", None) for e in items] == [i * 60.0 for i in range(10)]
    elif field == "media":
        assert [(e.audio_url, getattr(e, "audio_size", None)) for e in items] == [
            (f"http://example.com/media-{i}", 1048576) for i in range(10)
        ]


def test_antennapod_prefers_the_json_transcript(peer_server):
    """AntennaPod: of JSON and SRT transcripts, the JSON one is chosen."""
    feed, _ = _fetch(peer_server, "antennapod/feed-rss-testPodcastIndexTranscript.xml")
    assert _chosen(feed.episodes[0]) == "https://podnews.net/audio/podnews231011.mp3.json"


def test_every_transcript_of_an_item_is_read(peer_server):
    """The reference feed's third episode lists two transcripts; both are read, with type and language."""
    feed, _ = _fetch(peer_server, "podcast-namespace/example.xml")
    links = getattr(feed.episodes[0], "transcripts", [])
    assert [(t.type, t.language, t.rel) for t in links] == [
        ("text/plain", "", ""),
        ("text/vtt", "es", "captions"),
    ]


def test_spanish_captions_are_not_taken_for_an_english_feed(peer_server):
    """An en-US feed's Spanish captions lose to its English plain transcript."""
    feed, _ = _fetch(peer_server, "podcast-namespace/example.xml")
    assert getattr(feed, "language", "en-US") == "en-US"
    assert _chosen(feed.episodes[0], "en-US") == "https://example.com/ep3/transcript.txt"


def test_reference_feed_chapters_links(peer_server):
    """Every episode of the reference feed keeps its <podcast:chapters> link."""
    feed, _ = _fetch(peer_server, "podcast-namespace/example.xml")
    assert [getattr(e, "chapters_url", None) for e in feed.episodes] == [
        f"https://example.com/ep{n}_chapters.json" for n in (3, 2, 1)
    ]


def test_real_libsyn_feed(peer_server):
    """All Things Chemical (Libsyn): four episodes, newest first, with dates, durations and show notes."""
    feed, _ = _fetch(peer_server, "podcast-feed-parser/bc-sample.xml")
    assert feed.title == "All Things Chemical" and len(feed.episodes) == 4
    dates = [e.published for e in feed.episodes]
    assert dates == sorted(dates, reverse=True) and all(dates)
    assert all(getattr(e, "duration", None) for e in feed.episodes)
    assert all("<p>" in getattr(e, "notes_html", "") for e in feed.episodes)


def test_real_gimlet_feed_is_ordered_by_date(peer_server):
    """Reply All lists its oldest episode last but nests items oddly; all three come out newest first."""
    feed, _ = _fetch(peer_server, "podcast-feed-parser/replyall-sample-ordering.xml")
    assert [e.published for e in feed.episodes] == ["2014-11-24", "2014-11-24", "2014-11-06"]
    assert feed.episodes[-1].title == "Reply All Mic Test"


def test_broken_real_feed_is_one_line(peer_server):
    """A truncated real feed is one InputError line naming it."""
    with pytest.raises(InputError) as caught:
        _fetch(peer_server, "podcast-feed-parser/bc-sample-bad.xml")
    assert "bc-sample-bad.xml" in str(caught.value) and "\n" not in str(caught.value)
