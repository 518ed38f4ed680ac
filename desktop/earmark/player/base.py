"""The one playback protocol every backend implements.

Backends are plain objects driven from the GUI thread. They report through
callbacks rather than Qt signals so the protocol stays small; the
:class:`~earmark.player.controller.PlayerController` (a QObject) polls and
re-emits them as signals the panes listen to.

Callbacks registered with ``on_ended``/``on_error`` may run on a backend thread
(libvlc calls them from its own event thread). They must only record the event
(set a flag, put it on a queue) and return: never touch Qt or the player there.
"""

from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum
from pathlib import Path
from typing import Protocol


class PlaybackState(StrEnum):
    STOPPED = "stopped"
    PLAYING = "playing"
    PAUSED = "paused"
    ENDED = "ended"
    ERROR = "error"


class BackendUnavailable(RuntimeError):
    """A playback backend cannot run here (library missing or broken); the factory tries the next one."""


class Player(Protocol):
    """What the controller needs from a backend. Times are seconds.

    ``load`` never raises for a bad file: an unreadable or non-audio file is
    reported through ``on_error`` and ``state()`` becomes ERROR. ``seek`` works in
    any state after ``load`` (before playing it is applied when playback starts),
    and ``position()`` reports the backend's raw reading (it may move in steps).
    ``play`` after the end starts again from the beginning.
    """

    name: str

    def load(self, path: Path) -> None: ...
    def play(self) -> None: ...
    def pause(self) -> None: ...
    def stop(self) -> None: ...
    def seek(self, seconds: float) -> None: ...
    def position(self) -> float: ...
    def duration(self) -> float | None: ...
    def state(self) -> PlaybackState: ...
    def set_rate(self, rate: float) -> None: ...
    def rate(self) -> float: ...
    def set_volume(self, volume: float) -> None: ...  # 0..1
    def on_ended(self, callback: Callable[[], None]) -> None: ...
    def on_error(self, callback: Callable[[str], None]) -> None: ...
    def close(self) -> None: ...
