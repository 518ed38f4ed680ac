"""Syncing untimed text to its audio from the main window, and fixing single line starts.

An untimed transcript gets a banner over the pane with "Sync to audio" (also in the Sync
menu, ``Ctrl+Shift+S``). The sync runs through :class:`Operation` with the status-bar
progress and Cancel; on success the pane reloads and follows the voice like a timed one.
``S`` sets the selected (or current) line's start to the player's position and locks it;
a re-sync keeps locked lines as anchors (the service does that).
"""

from __future__ import annotations

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QMainWindow, QPushButton, QWidget

from earmark.core.errors import InputError
from earmark.core.model import LOW_CONFIDENCE, Episode, SegmentKind, Transcript, TranscriptKind
from earmark.core.timecode import format_clock
from earmark.gui.actions import add_action
from earmark.gui.worker import Operation
from earmark.services.aligning import AlignResult

SYNC_KEYS = "Ctrl+Shift+S"
FIX_KEYS = "S"


def summary(result: AlignResult) -> str:
    """The one status line after a sync."""
    return (
        f"Synced {result.aligned} sentences; {result.unspoken} not in audio; "
        f"{result.low_confidence} low confidence"
    )


class SyncBanner(QFrame):
    """A slim strip over the transcript: what the sync state is, and the button to (re-)sync."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("syncBanner")
        self.label = QLabel()
        self.label.setObjectName("syncBannerText")
        self.label.setWordWrap(True)
        self.button = QPushButton("Sync to audio")
        self.button.setObjectName("syncButton")
        self.button.setToolTip(f"Give every line a time from the audio, offline ({SYNC_KEYS})")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(24, 4, 24, 4)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.button)
        self.hide()

    def resizeEvent(self, event) -> None:
        # A wrapping label in a row is not given the height its lines need; ask for it.
        super().resizeEvent(event)
        self.label.setMinimumHeight(max(0, self.label.heightForWidth(self.label.width())))


class SyncActions(QObject):
    """Adds syncing to the main window (its services, controller, transcript pane and progress panel)."""

    def __init__(self, window: QMainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.service = window.services.aligner
        self.view = window.transcript.view
        self.episode: Episode | None = None
        self.transcript: Transcript | None = None
        self.operation: Operation | None = None
        self._syncing_id: int | None = None

        self.banner = SyncBanner()
        window.transcript.layout().insertWidget(1, self.banner)  # under the title, over the lines
        self.banner.button.clicked.connect(self.sync)

        menu = window.menuBar().addMenu("S&ync")
        self.sync_action = self._action(menu, "Sync to audio", SYNC_KEYS, self.sync)
        self.fix_action = self._action(
            menu, "Set line start to the playing position", FIX_KEYS, self.fix_line
        )
        self.fix_action.setToolTip("Play to where the line begins, then press S; re-sync keeps it")
        self._update()

    def _action(self, menu, text: str, keys, slot) -> QAction:
        return add_action(self.window, menu, text, keys, slot)

    # --- state ----------------------------------------------------------------------------------------

    def set_episode(self, episode: Episode | None, transcript: Transcript | None) -> None:
        """The window opened ``episode``: show or hide the sync banner and actions."""
        self.episode, self.transcript = episode, transcript
        self._update()

    @property
    def syncable(self) -> bool:
        """Untimed text (before or after a sync); timed cue files keep their own times."""
        t = self.transcript
        return (
            self.episode is not None
            and t is not None
            and bool(t.segments)
            and t.kind is TranscriptKind.UNTIMED
        )

    @property
    def running(self) -> bool:
        return self.operation is not None and not self.operation.done

    def _update(self) -> None:
        syncable = self.syncable
        synced = syncable and self.transcript is not None and self.transcript.timed
        label = "Re-sync to audio" if synced else "Sync to audio"
        self.sync_action.setText(label)
        self.banner.button.setText("Re-sync" if synced else "Sync to audio")
        self.sync_action.setEnabled(syncable and not self.running)
        self.banner.button.setEnabled(syncable and not self.running)
        self.fix_action.setEnabled(syncable and not self.running)
        self.banner.setVisible(syncable)
        if not syncable:
            return
        if not synced:
            self.banner.label.setText("No times yet: sync to follow the voice and jump to any line.")
            return
        segments = self.transcript.segments
        unsure = sum(
            1 for s in segments if s.confidence is not None and s.confidence < LOW_CONFIDENCE and not s.locked
        )
        fixed = sum(1 for s in segments if s.locked)
        unspoken = sum(1 for s in segments if s.kind is SegmentKind.UNSPOKEN)
        parts = ["Synced to the audio"]
        if unspoken:
            parts.append(f"{unspoken} not in audio")
        if unsure:
            parts.append(f"{unsure} unsure (dotted)")
        if fixed:
            parts.append(f"{fixed} fixed")
        parts.append(f"{FIX_KEYS}: set a line's start to now")
        self.banner.label.setText(" · ".join(parts))

    # --- syncing --------------------------------------------------------------------------------------

    def sync(self) -> Operation | None:
        """Run the aligner on the open episode in the background (progress and Cancel in the status bar)."""
        if not self.syncable or self.running or self.episode is None:
            return None
        episode_id = self.episode.id
        service = self.service

        def work(progress, cancel) -> AlignResult:
            progress(0.0, "Syncing text to audio…")
            return service.align_episode(episode_id, progress, cancel)

        operation = Operation(work, title="Syncing text to audio…", parent=self)
        # Bound slots (not lambdas), so results are delivered on the GUI thread.
        operation.succeeded.connect(self._synced)
        operation.failed.connect(self._failed)
        operation.cancelled.connect(self._cancelled)
        operation.finished.connect(self._update)
        self._syncing_id = episode_id
        self.operation = operation
        self.window.progress.track(operation)
        operation.start()
        self._update()
        return operation

    def cancel(self) -> None:
        """Stop a running sync (the window is closing); the episode stays as it was."""
        if self.running and self.operation is not None:
            self.operation.cancel()

    def _synced(self, result: AlignResult) -> None:
        if self.window.episode is not None and self.window.episode.id == self._syncing_id:
            self.reload()
        self.window.show_message(summary(result))

    def _failed(self, message: str) -> None:
        self.window.show_message(f"Sync failed: {message}")

    def _cancelled(self) -> None:
        self.window.show_message("Sync cancelled")

    def reload(self) -> None:
        """Show the open episode's transcript afresh (new times) without touching playback."""
        window = self.window
        if window.episode is None:
            return
        episode_id = window.episode.id
        try:
            episode = window.services.library.episode(episode_id)
            transcript = window.services.library.transcript(episode_id)
        except InputError as error:
            window.show_message(str(error))
            return
        episode.last_position = window.episode.last_position
        window.episode = episode
        window.transcript.show_episode(episode, transcript)
        window.annotations.refresh_marks()
        window.refresh_library()  # its "timed" / "untimed" label
        self.set_episode(episode, transcript)
        self.view.follow_position(window.controller.position())

    # --- fixing one line ------------------------------------------------------------------------------

    def fix_line(self) -> None:
        """``S``: the selected (or current) line starts at the player's position, and stays there."""
        if not self.syncable or self.running or self.episode is None:
            return
        rows = sorted(i.row() for i in self.view.selectionModel().selectedIndexes())
        row = rows[0] if rows else self.view.currentIndex().row()
        if row < 0:
            self.window.show_message(f"Select the line to fix first, then press {FIX_KEYS}")
            return
        seconds = self.window.controller.position()
        try:
            self.service.set_sentence_start(self.episode.id, row, seconds)
        except InputError as error:
            self.window.show_message(str(error))
            return
        self.reload()
        self.view.setCurrentIndex(self.view.transcript_model.index(row))
        self.window.show_message(
            f"Line {row + 1} now starts at {format_clock(seconds)} (fixed; re-sync keeps it)"
        )
