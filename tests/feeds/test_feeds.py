"""Subscribing and refreshing over real HTTP: episodes, transcripts, dates, notes, order, failures."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from feedkit import VTT, item, rss

from earmark.feeds import parse_feed


@pytest.fixture
def served_feed(server, speech):
    folder, base = server.folder, server.base
    for n in (1, 2):
        shutil.copy(speech(f"Hello from episode {n}.", name=f"s{n}.wav"), folder / f"ep{n}.wav")
        (folder / f"ep{n}.vtt").write_text(VTT)
    items = [
        item(f"Episode {n}", f"{base}/ep{n}.wav", f"ep-{n}", day=n, transcript=f"{base}/ep{n}.vtt",
             extra=f'<description><![CDATA[<p>About <a href="https://example.org/{n}">episode {n}</a>.</p>'
                   '<script>alert(1)</script>]]></description>')
        for n in (1, 2)
    ]  # fmt: skip
    (folder / "feed.xml").write_text(rss(items))
    return folder, base


def test_parse_feed_reads_enclosures_and_transcript_links(served_feed):
    """Each item gives its audio URL, date and its <podcast:transcript> link."""
    folder, base = served_feed
    feed = parse_feed((folder / "feed.xml").read_bytes(), f"{base}/feed.xml")
    assert feed.title == "Test Cast"
    first = feed.episodes[-1]
    assert (first.guid, first.audio_url, first.transcript().url, first.published) == (
        "ep-1",
        f"{base}/ep1.wav",
        f"{base}/ep1.vtt",
        "2025-01-02",
    )


def test_subscribe_and_refresh_download_episodes_with_transcripts(served_feed, run_cli):
    """`subscribe` then `refresh --download` fetches audio and transcripts; a second refresh adds nothing."""
    _, base = served_feed
    assert run_cli("subscribe", f"{base}/feed.xml").returncode == 0
    first = run_cli("refresh", "--download")
    assert first.returncode == 0, first.stderr
    assert first.stdout.strip().endswith("2 new episode(s), 2 downloaded")
    episodes = json.loads(run_cli("episodes", "--json").stdout)
    assert sorted(
        (e["title"], e["timed"], e["podcast"], e["published"], e["downloaded"]) for e in episodes
    ) == [
        ("Episode 1", True, "Test Cast", "2025-01-02", True),
        ("Episode 2", True, "Test Cast", "2025-01-03", True),
    ]
    transcript = json.loads(run_cli("transcript", str(episodes[0]["id"]), "--format", "json").stdout)
    assert transcript["segments"][0]["speaker"] == "Ada"
    again = run_cli("refresh", "--download")
    assert again.stdout.strip().endswith("0 new episode(s)")
    assert len(json.loads(run_cli("episodes", "--json").stdout)) == 2


def test_refresh_lists_without_downloading(served_feed, services):
    """A plain refresh lists the new episodes and downloads nothing."""
    _, base = served_feed
    services.subscriptions.subscribe(f"{base}/feed.xml")
    result = services.subscriptions.refresh()
    assert [i.title for i in result.new_items] == ["Episode 2", "Episode 1"]
    assert result.new_episodes == [] and services.library.episodes() == []


def test_show_notes_become_episode_notes_with_links(served_feed, services):
    """Show notes are sanitised (no script) and kept as episode notes with their links."""
    _, base = served_feed
    podcast = services.subscriptions.subscribe(f"{base}/feed.xml")
    item_row = services.subscriptions.catalogue(podcast)[0]
    episode_id = services.subscriptions.downloader.download_item(item_row.id)
    notes = services.library.episode(episode_id).notes
    assert notes == "About [episode 2](https://example.org/2)."


def test_newest_is_by_date_on_an_oldest_first_feed(server, services, speech):
    """`--newest 1` takes the newest episode even when the feed lists oldest first."""
    wav = speech("One.", name="a.wav")
    shutil.copy(wav, server.folder / "a.wav")
    items = [item(f"Day {d}", f"{server.base}/a.wav", f"g{d}", day=d) for d in (1, 2, 3)]
    (server.folder / "feed.xml").write_text(rss(items))
    services.subscriptions.subscribe(f"{server.base}/feed.xml")
    result = services.subscriptions.refresh(newest=1, download=True)
    assert [i.title for i in result.new_items] == ["Day 3"] and len(result.new_episodes) == 1


def test_relative_enclosure_url_is_resolved_against_the_feed(server, services, speech):
    """`<enclosure url="example.wav">` is fetched from beside the feed."""
    (server.folder / "shows").mkdir()
    shutil.copy(speech("Relative.", name="r.wav"), server.folder / "shows" / "example.wav")
    (server.folder / "shows" / "feed.xml").write_text(rss([item("Rel", "example.wav", "r1")]))
    services.subscriptions.subscribe(f"{server.base}/shows/feed.xml")
    result = services.subscriptions.refresh(download=True)
    assert result.failures == [] and len(result.new_episodes) == 1


def test_duplicate_guids_are_two_episodes(server, services, speech):
    """Two items sharing a GUID both arrive (keyed by enclosure and title); a second refresh adds none."""
    for name in ("a", "b"):
        shutil.copy(speech(f"Clip {name}.", name=f"{name}.wav"), server.folder / f"{name}.wav")
    items = [
        item("A", f"{server.base}/a.wav", "same", day=1),
        item("B", f"{server.base}/b.wav", "same", day=2),
    ]
    (server.folder / "feed.xml").write_text(rss(items))
    podcast = services.subscriptions.subscribe(f"{server.base}/feed.xml")
    assert len(services.subscriptions.refresh(download=True).new_episodes) == 2
    assert services.subscriptions.refresh(download=True).new_episodes == []
    assert len(services.subscriptions.catalogue(podcast)) == 2 and len(services.library.episodes()) == 2


def test_same_titles_get_one_file_each(server, services, speech):
    """Two episodes titled "Trailer" are two files, each with its own audio."""
    for name in ("a", "b"):
        shutil.copy(speech(f"Trailer {name} is longer " * (2 if name == "b" else 1), name=f"{name}.wav"),
                    server.folder / f"{name}.wav")  # fmt: skip
    items = [
        item("Trailer", f"{server.base}/a.wav", "t1", 1),
        item("Trailer", f"{server.base}/b.wav", "t2", 2),
    ]
    (server.folder / "feed.xml").write_text(rss(items))
    services.subscriptions.subscribe(f"{server.base}/feed.xml")
    ids = services.subscriptions.refresh(download=True).new_episodes
    paths = {services.library.episode(i).audio_path for i in ids}
    assert len(paths) == 2
    sizes = sorted(Path(p).stat().st_size for p in paths)
    assert sizes == sorted(f.stat().st_size for f in (server.folder / "a.wav", server.folder / "b.wav"))


def test_media_content_only_items_are_episodes(server, services, speech):
    """An item with only `media:content` gives an episode."""
    shutil.copy(speech("Media.", name="m.wav"), server.folder / "m.wav")
    (server.folder / "feed.xml").write_text(
        rss([item("M", f"{server.base}/m.wav", "m1", media_content=True)])
    )
    services.subscriptions.subscribe(f"{server.base}/feed.xml")
    assert len(services.subscriptions.refresh(download=True).new_episodes) == 1


def test_one_bad_feed_never_stops_the_others(server, services, speech):
    """A feed whose enclosure is missing fails in one line; the healthy feed still gets its episode."""
    shutil.copy(speech("Healthy.", name="h.wav"), server.folder / "h.wav")
    (server.folder / "bad.xml").write_text(rss([item("Bad", f"{server.base}/missing.wav", "b1")], "Bad"))
    (server.folder / "good.xml").write_text(rss([item("Good", f"{server.base}/h.wav", "g1")], "Good"))
    services.subscriptions.subscribe(f"{server.base}/bad.xml")
    services.subscriptions.subscribe(f"{server.base}/good.xml")
    (server.folder / "broken.xml").write_text("<rss><channel><title>x</title></channel></rss>")
    services.subscriptions.subscribe(f"{server.base}/broken.xml")
    server.routes["/broken.xml"] = lambda h: h.reply(
        200, b"<rss><channel><title>broken", "application/rss+xml"
    )
    result = services.subscriptions.refresh(download=True)
    assert [services.library.episode(i).title for i in result.new_episodes] == ["Good"]
    assert len(result.failures) == 2 and all("\n" not in line for line in result.failures)
    assert any("missing.wav" in line and "404" in line for line in result.failures)
    assert any("broken.xml" in line for line in result.failures)


def test_subscribing_to_a_non_feed_is_one_line(server, run_cli):
    """A page that is neither a feed nor links one is refused with one line naming the URL; nothing added."""
    (server.folder / "page.html").write_text("<html><body>hello</body></html>")
    result = run_cli("subscribe", f"{server.base}/page.html")
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and "page.html" in result.stderr
    assert json.loads(run_cli("podcasts", "--json").stdout) == []


def test_a_web_page_finds_its_feed(server, services):
    """Subscribing to a podcast's web page follows its `<link rel="alternate">` to the feed."""
    (server.folder / "feed.xml").write_text(rss([item("Only", f"{server.base}/x.wav", "o1")], "Found Cast"))
    (server.folder / "show.html").write_text(
        '<!doctype html><html><head><link rel="alternate" type="application/rss+xml" href="feed.xml">'
        "</head><body>Our show</body></html>"
    )
    podcast = services.subscriptions.podcast(services.subscriptions.subscribe(f"{server.base}/show.html"))
    assert (podcast.title, podcast.feed_url) == ("Found Cast", f"{server.base}/feed.xml")


def test_unreachable_feed_is_one_line(run_cli):
    """A feed on a closed port gives a one-line error, not a traceback."""
    result = run_cli("subscribe", "http://127.0.0.1:9/feed.xml")
    assert result.returncode == 2 and "could not be fetched" in result.stderr


def test_the_quick_url_join_gives_what_urljoin_gives():
    """podcastparser's link joining is answered at once for plain absolute URLs: exactly urljoin's answer,
    for the edge cases urljoin normalises and for relative links."""
    from urllib.parse import urljoin

    from earmark.feeds.parse import join_url

    bases = ["https://feeds.example.org/show/feed.xml", "http://example.org/", "file:///tmp/feed.xml", ""]
    urls = [
        "https://cdn.example.org/ep%201.mp3?utm=rss&x=1#t=5", "http://a.example/b;p?q", "https://a.example",
        "https://a.example/b?", "https://a.example/b#", "https://a.example/b?#", "https://a.example/b#?",
        "HTTPS://A.example/b", "https:/b", "https:///b", "https://a.example/b c", " https://a.example/b",
        "https://a.example/b\tc", "https://a.example/../b/./c", "https://[::1]/b", "ep.mp3", "/ep.mp3",
        "//cdn.example.org/ep.mp3", "../ep.mp3", "?x=1", "#frag", "mailto:a@example.org", "",
        "https://例え.jp/ü.mp3", "https://a\uff0fb.example/c", "https://a.example/\x01b",
    ]  # fmt: skip
    for base in bases:
        for url in urls:
            try:
                expected = urljoin(base, url)
            except ValueError:
                expected = ValueError
            try:
                got = join_url(base, url)
            except ValueError:
                got = ValueError
            assert got == expected, (base, url)
