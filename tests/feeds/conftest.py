"""A real HTTP server on 127.0.0.1: a folder with Range support, plus routes that misbehave on purpose.

``routes[path] = function(handler)`` answers that path itself (cut bodies, HTML
served as audio, redirects, 410, ETag); every request is recorded with its headers.
"""

from __future__ import annotations

import http.server
import shutil
import threading
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import ClassVar

import pytest

PEER_FEEDS = Path(__file__).resolve().parents[3] / "shared" / "peer_feeds"


class RangeHandler(http.server.SimpleHTTPRequestHandler):
    """SimpleHTTPRequestHandler plus ``Range: bytes=N-`` and programmable routes."""

    protocol_version = "HTTP/1.1"
    routes: ClassVar[dict[str, Callable]] = {}
    seen: ClassVar[list[tuple[str, dict[str, str]]]] = []

    def log_message(self, *args) -> None:  # keep test output clean
        pass

    def do_GET(self) -> None:
        path = self.path.split("?")[0]
        self.seen.append((path, dict(self.headers)))
        route = self.routes.get(path)
        if route is not None:
            route(self)
            return
        super().do_GET()

    def send_head(self):
        wanted = self.headers.get("Range", "")
        path = Path(self.translate_path(self.path))
        if not wanted.startswith("bytes=") or not path.is_file():
            return super().send_head()
        start = int(wanted[6:].split("-")[0])
        size = path.stat().st_size
        handle = open(path, "rb")  # noqa: SIM115 - the base class closes it after copying
        handle.seek(start)
        self.send_response(206)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Length", str(size - start))
        self.send_header("Content-Range", f"bytes {start}-{size - 1}/{size}")
        self.end_headers()
        return handle

    def reply(
        self, status: int, body: bytes = b"", content_type: str = "application/octet-stream", **headers
    ):
        """Send a whole answer (for routes)."""
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in headers.items():
            self.send_header(name.replace("_", "-"), value)
        self.end_headers()
        self.wfile.write(body)


class Server:
    def __init__(self, folder: Path) -> None:
        handler = type("Handler", (RangeHandler,), {"routes": {}, "seen": []})
        self.routes: dict[str, Callable] = handler.routes
        self.seen: list[tuple[str, dict[str, str]]] = handler.seen
        self.folder = folder
        self._server = http.server.ThreadingHTTPServer(
            ("127.0.0.1", 0), partial(handler, directory=str(folder))
        )
        self.base = f"http://127.0.0.1:{self._server.server_address[1]}"
        threading.Thread(target=self._server.serve_forever, args=(0.05,), daemon=True).start()

    def close(self) -> None:
        self._server.shutdown()
        self._server.server_close()


@pytest.fixture
def server(tmp_path: Path):
    """A server over an empty folder (``server.folder``) at ``server.base``."""
    folder = tmp_path / "www"
    folder.mkdir()
    running = Server(folder)
    yield running
    running.close()


@pytest.fixture
def http_folder(server):
    """(folder, base URL): files put in the folder are served at the URL."""
    return server.folder, server.base


@pytest.fixture
def peer_feeds() -> Path:
    if not PEER_FEEDS.is_dir():
        pytest.skip(f"shared peer feeds not found at {PEER_FEEDS}")
    return PEER_FEEDS


@pytest.fixture(scope="module")
def peer_server():
    """The peer feeds served in place, read-only."""
    if not PEER_FEEDS.is_dir():
        pytest.skip(f"shared peer feeds not found at {PEER_FEEDS}")
    running = Server(PEER_FEEDS)
    yield running
    running.close()


@pytest.fixture
def audio_file(speech) -> Callable[[str, str], Path]:
    """Real espeak-ng speech as a WAV, cached per text within a test."""
    made: dict[str, Path] = {}

    def make(text: str, name: str) -> Path:
        if text not in made:
            made[text] = speech(text, name=name)
        return made[text]

    return make


def copy_to(path: Path, folder: Path, name: str) -> Path:
    target = folder / name
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy(path, target)
    return target
