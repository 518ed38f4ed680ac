"""Subscribing to a feed served over real HTTP and fetching its episodes with their transcripts."""

from __future__ import annotations

import json
import shutil

import pytest

from earmark.core.errors import Cancelled, InputError
from earmark.core.progress import CancelToken
from earmark.feeds import download, parse_feed

VTT = "WEBVTT\n\n00:00:00.000 --> 00:00:01.500\n<v Ada>Hello from the feed.\n"


def feed_xml(base: str, items: int = 2) -> str:
    entries = "".join(
        f"""<item><title>Episode {n}</title><guid>ep-{n}</guid>
        <pubDate>Mon, 0{n} Jun 2025 10:00:00 GMT</pubDate><description>About episode {n}.</description>
        <enclosure url="{base}/ep{n}.wav" type="audio/wav" length="1"/>
        <podcast:transcript url="{base}/ep{n}.vtt" type="text/vtt"/></item>"""
        for n in range(1, items + 1)
    )
    return f"""<?xml version="1.0"?>
<rss version="2.0" xmlns:podcast="https://podcastindex.org/namespace/1.0">
<channel><title>Test Cast</title><link>{base}</link><description>A show.</description>
{entries}</channel></rss>"""


@pytest.fixture
def served_feed(http_folder, speech):
    folder, base = http_folder
    for n in (1, 2):
        shutil.copy(speech(f"Hello from episode {n}.", name=f"s{n}.wav"), folder / f"ep{n}.wav")
        (folder / f"ep{n}.vtt").write_text(VTT)
    (folder / "feed.xml").write_text(feed_xml(base))
    return folder, base


def test_parse_feed_reads_enclosures_and_transcript_links(served_feed):
    """Each item gives its audio URL, date and its <podcast:transcript> link."""
    folder, base = served_feed
    feed = parse_feed((folder / "feed.xml").read_bytes(), "feed.xml")
    assert feed.title == "Test Cast"
    first = feed.episodes[0]
    assert (first.guid, first.audio_url, first.transcript_url, first.published) == (
        "ep-1",
        f"{base}/ep1.wav",
        f"{base}/ep1.vtt",
        "2025-06-01",
    )


def test_subscribe_and_refresh_import_episodes_with_transcripts(served_feed, run_cli):
    """`subscribe` then `refresh` downloads audio and transcripts; a second refresh adds nothing."""
    _, base = served_feed
    assert run_cli("subscribe", f"{base}/feed.xml").returncode == 0
    first = run_cli("refresh")
    assert first.returncode == 0, first.stderr
    assert first.stdout.strip().endswith("2 new episode(s)")
    episodes = json.loads(run_cli("episodes", "--json").stdout)
    assert sorted((e["title"], e["timed"], e["podcast"]) for e in episodes) == [
        ("Episode 1", True, "Test Cast"),
        ("Episode 2", True, "Test Cast"),
    ]
    transcript = json.loads(run_cli("transcript", str(episodes[0]["id"]), "--format", "json").stdout)
    assert transcript["segments"][0]["speaker"] == "Ada"
    assert run_cli("refresh").stdout.strip().endswith("0 new episode(s)")


def test_subscribing_to_a_non_feed_is_one_line(http_folder, run_cli):
    """A page that is not a feed is refused with one line naming the URL; nothing is added."""
    folder, base = http_folder
    (folder / "page.html").write_text("<html><body>hello</body></html>")
    result = run_cli("subscribe", f"{base}/page.html")
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and "page.html" in result.stderr
    assert json.loads(run_cli("episodes", "--json").stdout) == []


def test_unreachable_feed_is_one_line(run_cli):
    """A feed on a closed port gives a one-line error, not a traceback."""
    result = run_cli("subscribe", "http://127.0.0.1:9/feed.xml")
    assert result.returncode == 2 and "could not be fetched" in result.stderr


def test_cancelled_download_leaves_no_file_and_resumes(http_folder, tmp_path):
    """Cancelling keeps only the .part file; the next download resumes and completes byte for byte."""
    folder, base = http_folder
    payload = bytes(range(256)) * 8192  # 2 MB
    (folder / "big.bin").write_bytes(payload)
    target = tmp_path / "out" / "big.bin"
    token = CancelToken()

    def cancel_after_first_block(fraction: float, message: str) -> None:
        token.cancel()

    with pytest.raises(Cancelled):
        download(f"{base}/big.bin", target, cancel_after_first_block, token)
    part = target.with_name("big.bin.part")
    assert not target.exists() and 0 < part.stat().st_size < len(payload)
    download(f"{base}/big.bin", target)
    assert target.read_bytes() == payload and not part.exists()


def test_missing_download_is_input_error(http_folder, tmp_path):
    """A 404 becomes an InputError naming the URL."""
    _, base = http_folder
    with pytest.raises(InputError, match=r"missing\.wav"):
        download(f"{base}/missing.wav", tmp_path / "x.wav")
