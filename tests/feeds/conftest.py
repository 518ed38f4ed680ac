"""A real HTTP server on 127.0.0.1 serving a folder, with Range support (for resumed downloads)."""

from __future__ import annotations

import http.server
import threading
from functools import partial
from pathlib import Path

import pytest


class RangeHandler(http.server.SimpleHTTPRequestHandler):
    """SimpleHTTPRequestHandler plus ``Range: bytes=N-`` (the standard one ignores it)."""

    def log_message(self, *args) -> None:  # keep test output clean
        pass

    def send_head(self):
        wanted = self.headers.get("Range", "")
        path = Path(self.translate_path(self.path))
        if not wanted.startswith("bytes=") or not path.is_file():
            return super().send_head()
        start = int(wanted[6:].split("-")[0])
        data = path.read_bytes()
        handle = open(path, "rb")  # noqa: SIM115 - the base class closes it after copying
        handle.seek(start)
        self.send_response(206)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Length", str(len(data) - start))
        self.send_header("Content-Range", f"bytes {start}-{len(data) - 1}/{len(data)}")
        self.end_headers()
        return handle


@pytest.fixture
def http_folder(tmp_path: Path):
    """(folder, base URL): files put in the folder are served at the URL."""
    folder = tmp_path / "www"
    folder.mkdir()
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), partial(RangeHandler, directory=str(folder)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield folder, f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()
