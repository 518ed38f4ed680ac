"""Pick a playback backend: libvlc first, Qt Multimedia when libvlc is missing or broken.

``EARMARK_PLAYER=vlc|qt`` (or the ``preferred`` argument) forces one; a forced
backend that cannot run raises :class:`BackendUnavailable` rather than silently
switching, so a test or a bug report says which backend it really used.

:class:`DeferredPlayer` is the window's: the same choice, made after its first paint.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from pathlib import Path

from earmark.player.base import BackendUnavailable, PlaybackState, Player

BACKENDS = ("vlc", "qt")


def _make(name: str) -> Player:
    if name == "vlc":
        from earmark.player.vlc_backend import VlcPlayer

        return VlcPlayer()
    if name == "qt":
        from earmark.player.qt_backend import QtPlayer

        return QtPlayer()
    raise BackendUnavailable(f"unknown player backend {name!r} (choose one of: {', '.join(BACKENDS)})")


def create_player(
    preferred: str | None = None, *, on_fallback: Callable[[str], None] | None = None
) -> Player:
    """The forced backend (argument, then ``EARMARK_PLAYER``), else the first that works.

    ``on_fallback`` receives the reason when the preferred automatic choice (vlc) failed.
    """
    forced = (preferred or os.environ.get("EARMARK_PLAYER") or "").strip().lower()
    if forced:
        return _make(forced)
    reasons: list[str] = []
    for name in BACKENDS:
        try:
            player = _make(name)
        except BackendUnavailable as error:
            reasons.append(f"{name}: {error}")
            continue
        if reasons and on_fallback is not None:
            on_fallback("; ".join(reasons))
        return player
    raise BackendUnavailable("no playback backend works here: " + "; ".join(reasons))


def available_backends() -> list[str]:
    """Backends that can start here, in order of preference (each is created once and closed)."""
    working = []
    for name in BACKENDS:
        try:
            player = _make(name)
        except BackendUnavailable:
            continue
        player.close()
        working.append(name)
    return working


class DeferredPlayer:
    """A backend made after the window's first paint: libvlc takes ~0.25 s to load its plugins.

    Until :meth:`start` has made the real backend (libvlc on a plain thread; Qt Multimedia,
    which must live on the GUI thread, there), it keeps what it was asked: the file, the
    place, rate, volume and whether to play, and reports the file stopped at that place. The
    first call on the GUI thread after the backend is made hands all of that over (and plays,
    if asked), so play works as soon as the backend is there. The controller polls its backend
    on the GUI thread ten times a second while a file is loaded, which makes that prompt.
    A backend that cannot start is reported once through ``on_error``.
    """

    def __init__(
        self, preferred: str | None = None, *, on_fallback: Callable[[str], None] | None = None
    ) -> None:
        self._forced = (preferred or os.environ.get("EARMARK_PLAYER") or "").strip().lower()
        self._on_fallback = on_fallback
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None
        self._made: Player | None = None  # set by the thread
        self._why: str | None = None  # why the thread could not make libvlc
        self._real: Player | None = None  # adopted on the GUI thread
        self._closed = False
        self._failed = False
        self._ended: list[Callable[[], None]] = []
        self._errors: list[Callable[[str], None]] = []
        self._path: Path | None = None
        self._position = 0.0
        self._playing = False
        self._rate = 1.0
        self._volume: float | None = None

    @property
    def name(self) -> str:
        return self._real.name if self._real is not None else "starting"

    @property
    def ready(self) -> bool:
        """The real backend is in use."""
        return self._real is not None

    def start(self) -> None:
        """Make the backend: libvlc off the GUI thread; the Qt one (forced) here, now."""
        if self._thread is not None or self._real is not None or self._closed:
            return
        if self._forced and self._forced != "vlc":
            self._adopt_or_fail(lambda: _make(self._forced))
            return
        self._thread = threading.Thread(target=self._make_vlc, name="player-backend", daemon=True)
        self._thread.start()

    def _make_vlc(self) -> None:
        try:
            player: Player | None = _make("vlc")
            why = None
        except BackendUnavailable as error:
            player, why = None, str(error)
        with self._lock:
            if self._closed and player is not None:
                player.close()
                player = None
            self._made, self._why = player, why

    def _current(self) -> Player | None:
        """The real backend, adopting it if the thread has just made it (GUI thread only)."""
        if self._real is not None or self._failed or self._closed:
            return self._real
        if self._thread is None or self._thread.is_alive():
            return None
        with self._lock:
            made, why = self._made, self._why
            self._made = None
        if made is not None:
            self._adopt(made)
        elif self._forced == "vlc":
            self._fail(f"vlc: {why}")
        else:  # libvlc cannot run here: Qt Multimedia, made on this (the GUI) thread

            def qt() -> Player:
                player = _make("qt")
                if self._on_fallback is not None:
                    self._on_fallback(f"vlc: {why}")
                return player

            self._adopt_or_fail(qt)
        return self._real

    def _adopt_or_fail(self, make: Callable[[], Player]) -> None:
        try:
            player = make()
        except BackendUnavailable as error:
            self._fail(str(error))
            return
        self._adopt(player)

    def _fail(self, why: str) -> None:
        self._failed = True
        for callback in self._errors:
            callback(f"no playback backend works here: {why}")

    def _adopt(self, player: Player) -> None:
        player.on_ended(lambda: [callback() for callback in self._ended])
        player.on_error(lambda message: [callback(message) for callback in self._errors])
        player.set_rate(self._rate)
        if self._volume is not None:
            player.set_volume(self._volume)
        self._real = player
        if self._path is not None:
            player.load(self._path)
            if self._position > 0:
                player.seek(self._position)
            if self._playing:
                player.play()

    # -- the Player protocol ---------------------------------------------------------------

    def load(self, path: Path) -> None:
        self._path, self._position, self._playing = Path(path), 0.0, False
        real = self._current()
        if real is not None:
            real.load(path)

    def play(self) -> None:
        real = self._current()
        if real is not None:
            real.play()
        elif self._path is not None:
            self._playing = True

    def pause(self) -> None:
        real = self._current()
        if real is not None:
            real.pause()
        self._playing = False

    def stop(self) -> None:
        real = self._current()
        if real is not None:
            real.stop()
        self._playing, self._position = False, 0.0

    def seek(self, seconds: float) -> None:
        real = self._current()
        if real is not None:
            real.seek(seconds)
        self._position = max(0.0, float(seconds))

    def position(self) -> float:
        real = self._current()
        return real.position() if real is not None else self._position

    def duration(self) -> float | None:
        real = self._current()
        return real.duration() if real is not None else None

    def state(self) -> PlaybackState:
        real = self._current()
        if real is not None:
            return real.state()
        return PlaybackState.ERROR if self._failed else PlaybackState.STOPPED

    def set_rate(self, rate: float) -> None:
        self._rate = rate
        real = self._current()
        if real is not None:
            real.set_rate(rate)

    def rate(self) -> float:
        real = self._current()
        return real.rate() if real is not None else self._rate

    def set_volume(self, volume: float) -> None:
        self._volume = volume
        real = self._current()
        if real is not None:
            real.set_volume(volume)

    def on_ended(self, callback: Callable[[], None]) -> None:
        self._ended.append(callback)

    def on_error(self, callback: Callable[[str], None]) -> None:
        self._errors.append(callback)

    def close(self) -> None:
        with self._lock:
            self._closed = True
        if self._thread is not None:
            self._thread.join(timeout=10)  # libvlc half-started must not meet the interpreter's exit
        with self._lock:
            made, self._made = self._made, None
        for player in (made, self._real):
            if player is not None:
                player.close()
        self._real = None
