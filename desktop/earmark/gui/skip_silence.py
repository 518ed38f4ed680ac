"""Playback › Skip silence: jump over the audio's own pauses while playing.

The pauses are found in the background when an episode opens with skipping on (or when it
is turned on); until then playback simply goes on. The status bar says how much time skipping
has saved in this episode.
"""

from __future__ import annotations

import bisect
from pathlib import Path

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QMainWindow

from earmark.core.model import Episode
from earmark.core.timecode import format_clock
from earmark.gui import preferences as prefs
from earmark.gui.actions import add_action
from earmark.gui.worker import Operation


class SkipSilence(QObject):
    def __init__(self, window: QMainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.pauses: list[tuple[float, float]] = []
        self._starts: list[float] = []
        self.saved = 0.0
        self.episode_id: int | None = None
        self.operation: Operation | None = None
        self.action = add_action(window, window.menus.playback, "Skip silence", "Ctrl+Shift+K", self.toggle)
        self.action.setCheckable(True)
        self.action.setChecked(prefs.get(window.settings, prefs.SKIP_SILENCE))
        window.controller.position_changed.connect(self._on_position)

    @property
    def on(self) -> bool:
        return self.action.isChecked()

    def toggle(self) -> None:
        prefs.put(self.window.settings, prefs.SKIP_SILENCE, self.on)
        self.window.show_message("Skip silence on" if self.on else "Skip silence off")
        if self.on and self.window.episode is not None and not self.pauses:
            self.set_episode(self.window.episode)

    def set_episode(self, episode: Episode | None) -> Operation | None:
        if self.operation is not None and not self.operation.done:
            self.operation.cancel()
        self.pauses, self._starts, self.saved = [], [], 0.0
        self.episode_id = episode.id if episode else None
        if episode is None or not self.on or not Path(episode.audio_path).is_file():
            return None
        audio, duration, episode_id = Path(episode.audio_path), episode.duration, episode.id

        def work(progress, cancel):
            from earmark.services.silence import find_pauses  # numpy, PyAV: loaded when first used

            return find_pauses(audio, duration, progress, cancel)

        self.operation = Operation(work, parent=self)
        self.operation.succeeded.connect(lambda runs: self._found(episode_id, runs))
        return self.operation.start()

    def _found(self, episode_id: int, runs: list[tuple[float, float]]) -> None:
        from earmark.services.silence import time_saved

        if episode_id != self.episode_id:
            return
        self.pauses = list(runs)
        self._starts = [start for start, _ in runs]
        self.window.show_message(
            f"Skip silence: {len(runs)} pauses, {format_clock(time_saved(runs))} to save in this episode"
        )

    def _on_position(self, seconds: float) -> None:
        if not (self.on and self.pauses) or self.window.controller.state() != "playing":
            return
        i = bisect.bisect_right(self._starts, seconds) - 1
        if i >= 0:
            start, end = self.pauses[i]
            if start <= seconds < end - 0.05:
                self.saved += end - seconds
                self.window.controller.seek(end)
                self.window.show_message(f"Skip silence: saved {format_clock(self.saved)} so far")
