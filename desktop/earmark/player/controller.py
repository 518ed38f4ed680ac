"""The one player facade every pane listens to (after Picard's ``ui/player/player.py``).

Backends report raw positions that move in steps (libvlc: ~250 ms, ~1 s with the
dummy output) and call back from their own threads. The controller turns that into
what a lit transcript line needs: a position that advances smoothly at ~30 Hz,
interpolated with a monotonic clock between readings, never going backwards except
on a seek; and end/error events delivered on the GUI thread (backend callbacks only
put them on a queue, which the GUI-thread tick drains).
"""

from __future__ import annotations

import queue
import time
from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal

from earmark.player.base import PlaybackState, Player
from earmark.player.factory import create_player

TICK_PLAYING_MS = 33  # ~30 Hz while playing
TICK_IDLE_MS = 100  # still drain end/error events and the duration when not playing
MIN_RATE, MAX_RATE = 0.5, 3.0
MAX_EXTRAPOLATION_S = 2.0  # never run further ahead of the last reading than this (a stalled backend)
READING_WINDOW_S = 0.75  # after a seek or play, readings further than this from the estimate are stale
READING_GUARD_S = 2.0  # ... until this long has passed; then any reading is believed


class PlayerController(QObject):
    """Drives one backend on the GUI thread and re-emits what it does as signals."""

    position_changed = Signal(float)  # seconds
    duration_changed = Signal(float)  # seconds, once known (and when it is corrected)
    state_changed = Signal(str)  # a PlaybackState value
    rate_changed = Signal(float)
    ended = Signal()
    error = Signal(str)  # one line: file and problem

    def __init__(self, backend: Player | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._backend: Player = backend if backend is not None else create_player()
        self._events: queue.SimpleQueue[tuple[str, str]] = queue.SimpleQueue()
        # Called on any thread (libvlc's event thread): only queue, the tick does the rest.
        self._backend.on_ended(lambda: self._events.put(("ended", "")))
        self._backend.on_error(lambda message: self._events.put(("error", message)))
        self._timer = QTimer(self)
        self._timer.timeout.connect(self._tick)
        self._path: Path | None = None
        self._state = PlaybackState.STOPPED
        self._duration: float | None = None
        self._rate = 1.0
        self._shown = 0.0  # the last position emitted
        self._anchor_position = 0.0
        self._anchor_time = time.monotonic()
        self._last_raw: float | None = None
        self._stale_raw: float | None = None  # the reading from before a seek, ignored after it
        self._guard_since: float | None = None  # when readings started being checked against the estimate

    # --- reading ----------------------------------------------------------------------------------

    @property
    def backend_name(self) -> str:
        return self._backend.name

    @property
    def backend(self) -> Player:
        return self._backend

    def position(self) -> float:
        """The interpolated position in seconds (what was last emitted, or a little later while playing)."""
        if self._state != PlaybackState.PLAYING:
            return self._shown
        return self._clamp(max(self._shown, self._estimate(time.monotonic())))

    def duration(self) -> float | None:
        return self._duration

    def state(self) -> PlaybackState:
        return self._state

    def rate(self) -> float:
        return self._rate

    # --- commands ---------------------------------------------------------------------------------

    def load(self, path: Path, start_at: float = 0.0) -> None:
        """Open ``path`` (stopped) at ``start_at`` seconds. A bad file emits ``error``, never raises."""
        self._timer.stop()
        self._drain(discard=True)
        self._path = Path(path)
        self._duration = None
        self._backend.load(self._path)
        start = max(0.0, float(start_at))
        if start > 0:
            self._backend.seek(start)
        self._backend.set_rate(self._rate)
        self._restart_clock(start, guard=True)
        self._set_shown(start, force=True)
        self._set_state(PlaybackState.STOPPED)
        self._tick()

    def play(self) -> None:
        if self._path is None or self._state == PlaybackState.ERROR:
            return
        restart = self._state == PlaybackState.ENDED
        self._backend.play()
        if restart:
            self._set_shown(0.0, force=True)
        self._restart_clock(self._shown, guard=True)
        self._sync_state()
        self._tick()

    def pause(self) -> None:
        if self._state != PlaybackState.PLAYING:
            return
        held = self.position()
        self._backend.pause()
        self._set_shown(held)
        self._sync_state()

    def toggle(self) -> None:
        if self._state == PlaybackState.PLAYING:
            self.pause()
        else:
            self.play()

    def stop(self) -> None:
        if self._path is None:
            return
        self._backend.stop()
        self._restart_clock(0.0, guard=True)
        self._set_shown(0.0, force=True)
        self._sync_state()

    def seek(self, seconds: float) -> None:
        """Jump to ``seconds`` (clamped to the file); emits ``position_changed`` with the target at once."""
        if self._path is None or self._state == PlaybackState.ERROR:
            return
        target = self._clamp(max(0.0, float(seconds)))
        self._backend.seek(target)
        self._stale_raw = self._last_raw
        self._restart_clock(target, guard=True)
        self._set_shown(target, force=True)
        self._sync_state()

    def skip(self, delta_seconds: float) -> None:
        """Move by ``delta_seconds`` from the current position, kept within 0..duration."""
        self.seek(self.position() + float(delta_seconds))

    def set_rate(self, rate: float) -> None:
        """Playback speed, clamped to 0.5..3.0; ``rate_changed`` carries the value used."""
        rate = min(MAX_RATE, max(MIN_RATE, float(rate)))
        if rate == self._rate:
            return
        now = time.monotonic()
        current = self.position()
        self._rate = rate
        self._backend.set_rate(rate)
        self._anchor_position, self._anchor_time = current, now
        self.rate_changed.emit(rate)

    def set_volume(self, volume: float) -> None:
        self._backend.set_volume(min(1.0, max(0.0, float(volume))))

    def close(self) -> None:
        self._timer.stop()
        self._backend.close()
        self._path = None

    # --- the tick (GUI thread) ---------------------------------------------------------------------

    def _tick(self) -> None:
        self._drain()
        self._poll_duration()
        self._sync_state()
        if self._state == PlaybackState.PLAYING:
            self._advance(time.monotonic())
        interval = TICK_PLAYING_MS if self._state == PlaybackState.PLAYING else TICK_IDLE_MS
        if self._path is not None and (not self._timer.isActive() or self._timer.interval() != interval):
            self._timer.start(interval)

    def _drain(self, discard: bool = False) -> None:
        while True:
            try:
                kind, message = self._events.get_nowait()
            except queue.Empty:
                return
            if discard:
                continue
            if kind == "error":
                self._set_state(PlaybackState.ERROR)
                self.error.emit(message)
            elif self._backend.state() == PlaybackState.ENDED:  # not undone by a seek since
                self._poll_duration()
                if self._duration is not None:
                    self._set_shown(self._duration)
                self._set_state(PlaybackState.ENDED)
                self.ended.emit()

    def _poll_duration(self) -> None:
        duration = self._backend.duration()
        if duration is not None and (self._duration is None or abs(duration - self._duration) > 0.001):
            self._duration = duration
            self.duration_changed.emit(duration)

    def _sync_state(self) -> None:
        """Follow the backend's playing/paused/stopped; the end and errors arrive as events."""
        state = self._backend.state()
        if state in (PlaybackState.ENDED, PlaybackState.ERROR):
            return
        if state == PlaybackState.PLAYING and self._state != PlaybackState.PLAYING:
            self._restart_clock(self._shown, guard=True)
        self._set_state(state)

    def _advance(self, now: float) -> None:
        raw = self._backend.position()
        if raw != self._last_raw:
            self._last_raw = raw
            if self._believe(raw, now):
                self._anchor_position, self._anchor_time = raw, now
        self._set_shown(max(self._shown, self._estimate(now)))

    def _believe(self, raw: float, now: float) -> bool:
        """A fresh reading is believed unless, just after a seek or play, it is stale."""
        if self._guard_since is None:
            return True
        fresh = raw != self._stale_raw and abs(raw - self._estimate(now)) <= READING_WINDOW_S
        if fresh or now - self._guard_since > READING_GUARD_S:
            self._guard_since = None
            self._stale_raw = None
            return True
        return False

    # --- helpers ----------------------------------------------------------------------------------

    def _estimate(self, now: float) -> float:
        elapsed = min(max(0.0, now - self._anchor_time), MAX_EXTRAPOLATION_S)
        return self._anchor_position + elapsed * self._rate

    def _restart_clock(self, position: float, guard: bool) -> None:
        now = time.monotonic()
        self._anchor_position, self._anchor_time = position, now
        self._last_raw = None
        self._guard_since = now if guard else None

    def _clamp(self, seconds: float) -> float:
        if self._duration is not None:
            seconds = min(seconds, self._duration)
        return max(0.0, seconds)

    def _set_shown(self, seconds: float, force: bool = False) -> None:
        seconds = self._clamp(seconds)
        if force or seconds != self._shown:
            self._shown = seconds
            self.position_changed.emit(seconds)

    def _set_state(self, state: PlaybackState) -> None:
        if state != self._state:
            self._state = state
            self.state_changed.emit(state.value)
