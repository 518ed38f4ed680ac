"""One running window per library: a second ``earmark`` hands its arguments over and exits.

The first instance listens on a ``QLocalServer`` (a Unix socket under the temp folder) named
after the user and the library folder. A later ``earmark`` (a launcher's ``earmark %u`` for an
``earmark://`` link, a file opened from the file manager) connects, sends one JSON line and
waits for ``ok``. When nobody answers but the socket file is still there (the first instance
crashed), it is removed and this instance becomes the listener. A ``QLockFile`` keeps two
instances starting at the same moment from both deciding they are first.

Only QtCore and QtNetwork are imported, so a second instance never builds a QApplication.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

from PySide6.QtCore import QDir, QLockFile, QObject, Signal
from PySide6.QtNetwork import QLocalServer, QLocalSocket

CONNECT_MS = 300  # a live instance accepts at once; a stale socket refuses at once
REPLY_MS = 3000  # the running window answers once it has taken the message
LOCK_MS = 5000


def server_name(library_folder: Path) -> str:
    """The socket's name: one per user and library (tests' temporary libraries never meet)."""
    digest = hashlib.sha1(str(Path(library_folder).expanduser().resolve()).encode()).hexdigest()[:12]
    user = os.getuid() if hasattr(os, "getuid") else os.environ.get("USERNAME", "")
    return f"earmark-{user}-{digest}"


def send(name: str, message: dict, connect_ms: int = CONNECT_MS) -> bool:
    """Hand ``message`` to the instance listening on ``name``; False when none is running."""
    socket = QLocalSocket()
    socket.connectToServer(name)
    if not socket.waitForConnected(connect_ms):
        socket.abort()
        return False
    socket.write(json.dumps(message).encode("utf-8") + b"\n")
    socket.flush()
    answered = b""
    while b"\n" not in answered and socket.waitForReadyRead(REPLY_MS):
        answered += bytes(socket.readAll().data())
    socket.disconnectFromServer()
    return answered.strip() == b"ok"


class InstanceServer(QObject):
    """The first instance's end: emits ``received`` with each later instance's message."""

    received = Signal(dict)

    def __init__(self, server: QLocalServer, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._server = server
        server.setParent(self)
        server.newConnection.connect(self._accept)
        self._buffers: dict[QLocalSocket, bytes] = {}

    @property
    def name(self) -> str:
        return self._server.serverName()

    def _accept(self) -> None:
        while self._server.hasPendingConnections():
            socket = self._server.nextPendingConnection()
            self._buffers[socket] = b""
            socket.readyRead.connect(lambda s=socket: self._read(s))
            socket.disconnected.connect(lambda s=socket: self._forget(s))

    def _read(self, socket: QLocalSocket) -> None:
        data = self._buffers.get(socket, b"") + bytes(socket.readAll().data())
        self._buffers[socket] = data
        if b"\n" not in data:
            return
        line = data.split(b"\n", 1)[0]
        try:
            message = json.loads(line.decode("utf-8"))
        except ValueError:
            message = None
        socket.write(b"ok\n" if isinstance(message, dict) else b"bad\n")
        socket.flush()
        socket.disconnectFromServer()
        if isinstance(message, dict):
            self.received.emit(message)

    def _forget(self, socket: QLocalSocket) -> None:
        self._buffers.pop(socket, None)
        socket.deleteLater()

    def close(self) -> None:
        self._server.close()  # removes the socket file


def start_lock(name: str) -> QLockFile:
    """Held from "is one running?" until "now I listen", so two instances starting at the same
    moment cannot both decide they are first. Best effort: a timeout only risks two windows."""
    lock = QLockFile(str(Path(QDir.tempPath()) / f"{name}.lock"))
    lock.setStaleLockTime(0)  # only a dead owner makes it stale (QLockFile checks the pid)
    lock.tryLock(LOCK_MS)
    return lock


def listen(name: str) -> InstanceServer:
    """Become the running instance (after the QApplication exists: the server's socket notifier
    needs its event loop), removing a socket file left by a crashed one first."""
    QLocalServer.removeServer(name)
    server = QLocalServer()
    server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
    if not server.listen(name):
        raise OSError(f"{name}: cannot listen for other instances ({server.errorString()})")
    return InstanceServer(server)
