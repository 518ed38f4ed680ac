"""Playback through Qt Multimedia: the fallback when libvlc is missing.

Lives on the GUI thread (QMediaPlayer's signals arrive there). The position only
advances with a QAudioOutput attached, so one is always attached. A seek before
the media has loaded is kept and applied when it has.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from earmark.player.base import BackendUnavailable, PlaybackState


def _settle_overrides(*objects: object) -> None:
    """Make PySide look up (and cache) its Python overrides of connectNotify/disconnectNotify now.

    Qt Multimedia's FFmpeg threads connect to and disconnect from these objects. The
    first such call on a Python-made object asks for the GIL; if the GUI thread holds
    the GIL then (in stop(), or a connect of its own), the two deadlock. Done once here,
    on the GUI thread, later calls from those threads find the cached answer.
    """
    for qobject in objects:
        signal = qobject.destroyed  # type: ignore[attr-defined]
        signal.connect(_ignore)
        signal.disconnect(_ignore)


def _ignore(*_args: object) -> None:
    pass


class QtPlayer:
    """One QMediaPlayer with its audio output. Create and drive it on the GUI thread."""

    name = "qt"

    def __init__(self) -> None:
        try:
            from PySide6.QtCore import QCoreApplication
            from PySide6.QtMultimedia import QAudioOutput, QMediaPlayer
        except ImportError as error:  # QtMultimedia ships in PySide6-Addons
            raise BackendUnavailable(f"Qt Multimedia is not installed: {error}") from error
        if QCoreApplication.instance() is None:
            raise BackendUnavailable("Qt Multimedia needs a running QApplication")
        self._QMediaPlayer = QMediaPlayer
        self._player = QMediaPlayer()
        self._output = QAudioOutput()
        self._player.setAudioOutput(self._output)
        _settle_overrides(self._player, self._output)
        if (
            self._player.pitchCompensationAvailability()
            != QMediaPlayer.PitchCompensationAvailability.Unavailable
        ):
            self._player.setPitchCompensation(True)  # voices keep their pitch at 1.5x
        self._path: Path | None = None
        self._intent = PlaybackState.STOPPED
        self._pending_seek: float | None = None
        self._loaded = False
        self._ended = False
        self._error: str | None = None
        self._rate = 1.0
        self._ended_callbacks: list[Callable[[], None]] = []
        self._error_callbacks: list[Callable[[str], None]] = []
        self._player.mediaStatusChanged.connect(self._on_status)
        self._player.errorOccurred.connect(self._on_error)

    def _on_status(self, status: object) -> None:
        MediaStatus = self._QMediaPlayer.MediaStatus
        if status in (MediaStatus.LoadedMedia, MediaStatus.BufferedMedia) and not self._loaded:
            self._loaded = True
            if self._pending_seek is not None and self._intent != PlaybackState.STOPPED:
                self._player.setPosition(round(self._pending_seek * 1000))
                self._pending_seek = None
        elif status == MediaStatus.EndOfMedia and self._error is None:
            self._ended = True
            self._intent = PlaybackState.STOPPED  # Qt has stopped: a seek now waits for play()
            for callback in list(self._ended_callbacks):
                callback()
        elif status == MediaStatus.InvalidMedia:
            self._report_error("Qt Multimedia could not read this file")

    def _on_error(self, _error: object, message: str) -> None:
        self._report_error(message or "Qt Multimedia could not play this file")

    def _report_error(self, problem: str) -> None:
        if self._error is not None:
            return
        name = self._path.name if self._path else "audio"
        self._error = f"{name}: {' '.join(problem.split())}"
        for callback in list(self._error_callbacks):
            callback(self._error)

    def load(self, path: Path) -> None:
        from PySide6.QtCore import QUrl

        path = Path(path)
        self._player.stop()
        self._path = path
        self._intent = PlaybackState.STOPPED
        self._pending_seek = None
        self._loaded = False
        self._ended = False
        self._error = None
        if not path.is_file():
            self._player.setSource(QUrl())
            self._report_error("file not found")
            return
        self._player.setSource(QUrl.fromLocalFile(str(path.resolve())))

    def play(self) -> None:
        if self._error is not None or self._path is None:
            return
        if self._ended:
            self._ended = False
            if self._pending_seek is None:
                self._player.setPosition(0)
        self._intent = PlaybackState.PLAYING
        self._player.play()
        if self._pending_seek is not None and self._loaded:
            self._player.setPosition(round(self._pending_seek * 1000))
            self._pending_seek = None

    def pause(self) -> None:
        if self._intent != PlaybackState.PLAYING or self._ended or self._error is not None:
            return
        self._player.pause()
        self._intent = PlaybackState.PAUSED

    def stop(self) -> None:
        self._player.stop()
        self._intent = PlaybackState.STOPPED
        self._pending_seek = None
        self._ended = False

    def seek(self, seconds: float) -> None:
        if self._error is not None or self._path is None:
            return
        seconds = max(0.0, float(seconds))
        self._ended = False
        if self._loaded and self._intent != PlaybackState.STOPPED:
            self._player.setPosition(round(seconds * 1000))
        else:
            self._pending_seek = seconds  # applied once loaded and playing

    def position(self) -> float:
        if self._pending_seek is not None:
            return self._pending_seek
        if self._ended:
            return self.duration() or 0.0
        if self._intent == PlaybackState.STOPPED:
            return 0.0
        return max(0, self._player.position()) / 1000.0

    def duration(self) -> float | None:
        if self._error is not None:
            return None
        milliseconds = self._player.duration()
        return milliseconds / 1000.0 if milliseconds > 0 else None

    def state(self) -> PlaybackState:
        if self._error is not None:
            return PlaybackState.ERROR
        if self._ended:
            return PlaybackState.ENDED
        return self._intent

    def set_rate(self, rate: float) -> None:
        self._rate = float(rate)
        self._player.setPlaybackRate(self._rate)

    def rate(self) -> float:
        return self._rate

    def set_volume(self, volume: float) -> None:
        self._output.setVolume(min(1.0, max(0.0, float(volume))))

    def on_ended(self, callback: Callable[[], None]) -> None:
        self._ended_callbacks.append(callback)

    def on_error(self, callback: Callable[[str], None]) -> None:
        self._error_callbacks.append(callback)

    def close(self) -> None:
        if self._player is None:
            return
        self._player.stop()
        self._player.mediaStatusChanged.disconnect(self._on_status)
        self._player.errorOccurred.disconnect(self._on_error)
        from PySide6.QtCore import QUrl

        self._player.setSource(QUrl())
        self._player.deleteLater()
        self._output.deleteLater()
        self._player = None  # type: ignore[assignment]
