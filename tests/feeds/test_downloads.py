"""Broken downloads as servers really send them: cuts, HTML for audio, 404 transcripts, a full disk."""

from __future__ import annotations

import shutil
import sys

import pytest
from feedkit import item, rss

from earmark.core.errors import Cancelled, InputError
from earmark.core.progress import CancelToken
from earmark.feeds import download

download_module = sys.modules["earmark.feeds.download"]  # the module (the package exports the function)


def _cut_once(payload: bytes, chunked: bool):
    """A route that sends half the body and drops the connection once, then serves Range requests whole."""
    state = {"cut": False}

    def route(handler) -> None:
        wanted = handler.headers.get("Range", "")
        start = int(wanted[6:].split("-")[0]) if wanted.startswith("bytes=") else 0
        handler.close_connection = True
        if not state["cut"]:
            state["cut"] = True
            handler.send_response(200)
            handler.send_header("Content-Type", "audio/wav")
            if chunked:
                handler.send_header("Transfer-Encoding", "chunked")
            else:
                handler.send_header("Content-Length", str(len(payload)))
            handler.end_headers()
            half = payload[: len(payload) // 2]
            handler.wfile.write(f"{len(half):x}\r\n".encode() + half + b"\r\n" if chunked else half)
            handler.wfile.flush()
            return
        handler.send_response(206 if start else 200)
        handler.send_header("Content-Type", "audio/wav")
        handler.send_header("Content-Length", str(len(payload) - start))
        if start:
            handler.send_header("Content-Range", f"bytes {start}-{len(payload) - 1}/{len(payload)}")
        handler.end_headers()
        handler.wfile.write(payload[start:])

    return route


@pytest.mark.parametrize("chunked", [False, True], ids=["content-length", "chunked"])
def test_a_cut_download_is_resumed_whole(server, tmp_path, chunked):
    """A body cut mid-way (short of Content-Length, or a chunked body that stops) is resumed with Range."""
    payload = bytes(range(256)) * 4096
    server.routes["/cut.wav"] = _cut_once(payload, chunked)
    target = download(f"{server.base}/cut.wav", tmp_path / "cut.wav")
    assert target.read_bytes() == payload
    assert any("Range" in headers for path, headers in server.seen if path == "/cut.wav")


def _unsized(payload: bytes, first: int, on_range: str):
    """A route that sends ``first`` bytes with no Content-Length and closes (HTTP/1.0 style); a Range
    request then gets the rest (``on_range="rest"``), 416 (``"416"``) or the whole body again (``"200"``)."""

    def route(handler) -> None:
        wanted = handler.headers.get("Range", "")
        handler.close_connection = True
        if not wanted:
            handler.send_response(200)
            handler.send_header("Content-Type", "audio/wav")
            handler.send_header("Connection", "close")
            handler.end_headers()
            handler.wfile.write(payload[:first])
            return
        start = int(wanted[6:].split("-")[0])
        if on_range == "416":
            handler.reply(416, b"", "text/plain")
        elif on_range == "200":
            handler.reply(200, payload, "audio/wav")
        else:
            handler.reply(206, payload[start:], "audio/wav",
                          Content_Range=f"bytes {start}-{len(payload) - 1}/{len(payload)}")  # fmt: skip

    return route


def test_an_unsized_cut_short_of_the_feeds_size_is_resumed(server, tmp_path):
    """A body with neither Content-Length nor chunks that stops half-way, where the feed said the size:
    the rest is asked for with Range and the file is whole."""
    payload = bytes(range(256)) * 4096
    server.routes["/unsized.wav"] = _unsized(payload, len(payload) // 2, "rest")
    target = download(f"{server.base}/unsized.wav", tmp_path / "u.wav", size_hint=len(payload))
    assert target.read_bytes() == payload


@pytest.mark.parametrize("answer", ["416", "200"], ids=["nothing-more", "range-ignored"])
def test_a_stale_feed_size_keeps_the_whole_body(server, tmp_path, answer):
    """The feed's size is larger than the file (stale): one Range request, answered "nothing more" or
    ignored, and what came is kept, in one extra request."""
    payload = bytes(range(256)) * 2048
    server.routes["/stale.wav"] = _unsized(payload, len(payload), answer)
    target = download(f"{server.base}/stale.wav", tmp_path / "s.wav", size_hint=2 * len(payload))
    assert target.read_bytes() == payload
    assert [path for path, _ in server.seen].count("/stale.wav") == 2


def test_cancelled_download_leaves_no_file_and_resumes(server, tmp_path):
    """Cancelling keeps only the .part file; the next download resumes and completes byte for byte."""
    payload = bytes(range(256)) * 8192  # 2 MB
    (server.folder / "big.bin").write_bytes(payload)
    target = tmp_path / "out" / "big.bin"
    token = CancelToken()
    with pytest.raises(Cancelled):
        download(f"{server.base}/big.bin", target, lambda f, m: token.cancel(), token)
    part = target.with_name("big.bin.part")
    assert not target.exists() and 0 < part.stat().st_size < len(payload)
    download(f"{server.base}/big.bin", target)
    assert target.read_bytes() == payload and not part.exists()


def test_missing_download_is_input_error(server, tmp_path):
    """A 404 becomes an InputError naming the URL, and leaves no file."""
    with pytest.raises(InputError, match=r"missing\.wav.*404"):
        download(f"{server.base}/missing.wav", tmp_path / "out" / "x.wav")
    assert list((tmp_path / "out").iterdir()) == []


def test_html_served_as_audio_is_refused_and_leaves_nothing(server, tmp_path):
    """A web page where audio should be is refused in one line and no file is left behind."""
    page = b"<!DOCTYPE html><html><body>Sign in to listen</body></html>"
    server.routes["/ep.mp3"] = lambda h: h.reply(200, page, "text/html")
    with pytest.raises(InputError, match="web page, not audio"):
        download(f"{server.base}/ep.mp3", tmp_path / "out" / "ep.mp3")
    assert list((tmp_path / "out").iterdir()) == []


def test_a_full_disk_is_refused_before_writing(server, tmp_path, monkeypatch):
    """When the disk lacks room for the download (plus a margin), nothing is written."""
    (server.folder / "a.bin").write_bytes(b"x" * 1000)
    monkeypatch.setattr(download_module, "SPARE_BYTES", 2**62)
    with pytest.raises(InputError, match="free on the disk"):
        download(f"{server.base}/a.bin", tmp_path / "out" / "a.bin")
    assert list((tmp_path / "out").iterdir()) == []


def test_a_transcript_404_keeps_the_episode(server, services, speech):
    """A transcript that answers 404 leaves the episode in the library, marked "no transcript"."""
    shutil.copy(speech("Still here.", name="s.wav"), server.folder / "s.wav")
    feed = rss([item("Kept", f"{server.base}/s.wav", "k1", transcript=f"{server.base}/gone.vtt")])
    (server.folder / "feed.xml").write_text(feed)
    podcast = services.subscriptions.subscribe(f"{server.base}/feed.xml")
    episode_id = services.subscriptions.downloader.download_item(
        services.subscriptions.catalogue(podcast)[0].id
    )
    episode = services.library.episode(episode_id)
    row = services.subscriptions.catalogue(podcast)[0]
    assert not episode.has_transcript and row.transcript_status.startswith("no transcript")
    assert "gone.vtt" in row.transcript_status


def test_audio_that_is_not_audio_leaves_no_orphaned_file(server, services):
    """An enclosure that downloads but is no audio fails in one line; its file is removed."""
    server.routes["/noise.wav"] = lambda h: h.reply(200, b"\x00\x01garbage" * 1000, "audio/wav")
    (server.folder / "feed.xml").write_text(rss([item("Noise", f"{server.base}/noise.wav", "n1")]))
    podcast = services.subscriptions.subscribe(f"{server.base}/feed.xml")
    with pytest.raises(InputError, match=r"noise\.wav"):
        services.subscriptions.downloader.download_item(services.subscriptions.catalogue(podcast)[0].id)
    audio = services.subscriptions.downloader.audio_folder
    assert not audio.exists() or [p for p in audio.rglob("*") if p.is_file()] == []
    assert services.library.episodes() == []
