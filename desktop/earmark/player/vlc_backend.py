"""Playback through libvlc (python-vlc): the preferred backend.

libvlc reports the end and errors on its own event thread, so the event handlers
here only set flags and call the registered callbacks, which by the protocol only
record the event. ``get_time()`` moves in steps (~250 ms, ~1 s with the dummy
output); it is reported raw, and the controller interpolates.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from earmark.player.base import BackendUnavailable, PlaybackState

PARSE_TIMEOUT_S = 5.0


def _import_vlc() -> Any:
    """python-vlc exits the process (SystemExit) or raises OSError when libvlc is missing: contain both."""
    try:
        import vlc
    except (Exception, SystemExit) as error:
        raise BackendUnavailable(f"libvlc is not usable here: {error or type(error).__name__}") from error
    return vlc


def _tagged_duration(path: Path) -> float | None:
    """The duration in the headers (mutagen): libvlc 3 misjudges some MP3s (x2, x0.5) until played."""
    try:
        import mutagen

        info = getattr(mutagen.File(str(path)), "info", None)
    except Exception:  # mutagen raises many kinds on odd files; libvlc's value is the fallback
        return None
    length = getattr(info, "length", None)
    return float(length) if length and length > 0 else None


def instance_args() -> list[str]:
    """Arguments for ``vlc.Instance``: never video; ``EARMARK_AUDIO_OUTPUT`` picks the audio output."""
    args = ["--no-video", "--quiet"]
    output = os.environ.get("EARMARK_AUDIO_OUTPUT", "").strip()
    if output:
        args.append(f"--aout={output}")
    return args


class VlcPlayer:
    """One libvlc media player. Drive it from one thread (the GUI thread)."""

    name = "vlc"

    def __init__(self) -> None:
        self._vlc = _import_vlc()
        try:
            instance = self._vlc.Instance(instance_args())
        except Exception as error:  # a broken libvlc raises from ctypes
            raise BackendUnavailable(f"libvlc failed to start: {error}") from error
        if instance is None:
            raise BackendUnavailable(
                "libvlc failed to start (are the VLC plugins installed? vlc-plugin-base)"
            )
        self._instance = instance
        self._player = instance.media_player_new()
        self._media: Any = None
        self._known_duration: float | None = None
        self._path: Path | None = None
        self._intent = PlaybackState.STOPPED
        self._pending_seek: float | None = None
        self._ended = False
        self._error: str | None = None
        self._rate = 1.0
        self._volume = 1.0
        self._ended_callbacks: list[Callable[[], None]] = []
        self._error_callbacks: list[Callable[[str], None]] = []
        events = self._player.event_manager()
        self._events = events
        events.event_attach(self._vlc.EventType.MediaPlayerEndReached, self._on_vlc_end)
        events.event_attach(self._vlc.EventType.MediaPlayerEncounteredError, self._on_vlc_error)

    # --- libvlc thread: flags and callbacks that only record -------------------------------------

    def _on_vlc_end(self, _event: object) -> None:
        if self._error is not None:
            return
        self._ended = True
        for callback in list(self._ended_callbacks):
            callback()

    def _on_vlc_error(self, _event: object) -> None:
        name = self._path.name if self._path else "audio"
        self._report_error(f"{name}: libvlc could not play this file")

    def _report_error(self, message: str) -> None:
        if self._error is not None:
            return
        self._error = message
        for callback in list(self._error_callbacks):
            callback(message)

    # --- the protocol ------------------------------------------------------------------------------

    def load(self, path: Path) -> None:
        path = Path(path)
        self._player.stop()
        self._path = path
        self._intent = PlaybackState.STOPPED
        self._pending_seek = None
        self._ended = False
        self._error = None
        self._known_duration = None
        if not path.is_file():
            self._media = None
            self._report_error(f"{path.name}: file not found")
            return
        self._media = self._instance.media_new_path(str(path))
        self._player.set_media(self._media)
        if not self._parse(self._media):
            self._report_error(f"{path.name}: libvlc could not read this file")
        elif not any(track.type == self._vlc.TrackType.audio for track in (self._media.tracks_get() or [])):
            self._report_error(f"{path.name}: no audio found in this file")
        else:
            self._known_duration = _tagged_duration(path)

    def _parse(self, media: Any) -> bool:
        """Read the file's tracks and duration now (a few ms for a local file); True when it worked."""
        done = threading.Event()
        manager = media.event_manager()
        event_type = self._vlc.EventType.MediaParsedChanged
        manager.event_attach(event_type, lambda _event: done.set())
        try:
            media.parse_with_options(self._vlc.MediaParseFlag.local, int(PARSE_TIMEOUT_S * 1000))
            done.wait(PARSE_TIMEOUT_S + 1)
        finally:
            manager.event_detach(event_type)
        return media.get_parsed_status() == self._vlc.MediaParsedStatus.done

    def play(self) -> None:
        if self._media is None or self._error is not None:
            return
        if self._ended:
            self._player.stop()
            self._ended = False
        if self._intent == PlaybackState.PAUSED and self._player.get_state() == self._vlc.State.Paused:
            self._player.set_pause(0)
        else:
            self._player.play()
        self._intent = PlaybackState.PLAYING
        self._player.set_rate(self._rate)
        self._player.audio_set_volume(round(self._volume * 100))
        if self._pending_seek is not None:
            self._player.set_time(round(self._pending_seek * 1000))
            self._pending_seek = None

    def pause(self) -> None:
        if self._intent != PlaybackState.PLAYING or self._ended or self._error is not None:
            return
        self._player.set_pause(1)
        self._intent = PlaybackState.PAUSED

    def stop(self) -> None:
        self._player.stop()
        self._intent = PlaybackState.STOPPED
        self._pending_seek = None
        self._ended = False

    def seek(self, seconds: float) -> None:
        if self._media is None or self._error is not None:
            return
        seconds = max(0.0, float(seconds))
        if self._ended:
            self._player.stop()
            self._ended = False
            self._intent = PlaybackState.STOPPED
        if self._intent == PlaybackState.STOPPED:
            self._pending_seek = seconds  # no input yet: applied by play()
        else:
            self._player.set_time(round(seconds * 1000))

    def position(self) -> float:
        if self._pending_seek is not None:
            return self._pending_seek
        if self._ended:
            return self.duration() or 0.0
        if self._intent == PlaybackState.STOPPED:
            return 0.0
        milliseconds = self._player.get_time()
        return max(0, milliseconds) / 1000.0

    def duration(self) -> float | None:
        if self._media is None or self._error is not None:
            return None
        if self._known_duration is not None:
            return self._known_duration
        milliseconds = self._player.get_length()  # better once playing; the parsed value may be estimated
        if milliseconds <= 0:
            milliseconds = self._media.get_duration()
        return milliseconds / 1000.0 if milliseconds > 0 else None

    def state(self) -> PlaybackState:
        if self._error is not None:
            return PlaybackState.ERROR
        if self._ended:
            return PlaybackState.ENDED
        return self._intent

    def set_rate(self, rate: float) -> None:
        self._rate = float(rate)
        self._player.set_rate(self._rate)

    def rate(self) -> float:
        return self._rate

    def set_volume(self, volume: float) -> None:
        self._volume = min(1.0, max(0.0, float(volume)))
        self._player.audio_set_volume(round(self._volume * 100))

    def on_ended(self, callback: Callable[[], None]) -> None:
        self._ended_callbacks.append(callback)

    def on_error(self, callback: Callable[[str], None]) -> None:
        self._error_callbacks.append(callback)

    def close(self) -> None:
        if self._player is None:
            return
        self._events.event_detach(self._vlc.EventType.MediaPlayerEndReached)
        self._events.event_detach(self._vlc.EventType.MediaPlayerEncounteredError)
        self._player.stop()
        self._player.release()
        self._player = None
        self._media = None
        self._instance.release()
