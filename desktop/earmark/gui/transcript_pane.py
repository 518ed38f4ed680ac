"""The right-hand pane: the episode's title and details over its transcript (or a hint why none)."""

from __future__ import annotations

from PySide6.QtCore import QItemSelection, QItemSelectionModel, Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QAbstractItemView, QLabel, QStackedWidget, QVBoxLayout, QWidget

from earmark.core.model import Episode, Transcript
from earmark.gui.find_bar import FindBar
from earmark.gui.library_pane import describe
from earmark.gui.transcript_view import TranscriptView

WELCOME = (
    "<p style='font-size:large'><b>No episode open</b></p>"
    "<p>Choose one from the list, or drop an audio file (and its SRT or WebVTT transcript) here.</p>"
)
NO_TRANSCRIPT = (
    "<p style='font-size:large'><b>No transcript</b></p>"
    "<p>Drop a transcript file for this episode onto the window to add one.</p>"
)


class TranscriptPane(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("transcriptPane")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)  # let the style sheet paint it
        self.title = QLabel()
        self.title.setObjectName("episodeTitle")
        font = QFont(self.font())
        font.setPointSizeF(max(font.pointSizeF(), 9.0) * 1.45)
        font.setWeight(QFont.Weight.DemiBold)
        self.title.setFont(font)
        self.title.setWordWrap(True)
        self.details = QLabel()
        self.details.setObjectName("episodeDetails")
        self.view = TranscriptView()
        self.hint = QLabel(WELCOME)
        self.hint.setObjectName("paneHint")
        self.hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.hint.setWordWrap(True)
        self.find_bar = FindBar()
        self.find_bar.hide()
        self.find_bar.matches_changed.connect(self._select_matches)
        self.find_bar.current_changed.connect(self._show_match)
        self.find_bar.closed.connect(self._close_find)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.hint)
        self.stack.addWidget(self.view)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        header = self.header = QVBoxLayout()
        header.setContentsMargins(24, 16, 24, 8)
        header.setSpacing(2)
        header.addWidget(self.title)
        header.addWidget(self.details)
        layout.addLayout(header)
        layout.addWidget(self.find_bar)
        layout.addWidget(self.stack, 1)
        self.show_episode(None, None)

    def show_episode(self, episode: Episode | None, transcript: Transcript | None) -> None:
        self.title.setVisible(episode is not None)
        self.details.setVisible(episode is not None)
        if episode is not None:
            self.title.setText(episode.title)
            lines = f"  ·  {len(transcript.segments)} lines" if transcript else ""
            self.details.setText(describe(episode) + lines)
        self.view.set_transcript(transcript)
        self.find_bar.set_texts([s.text for s in transcript.segments] if transcript else [])
        if transcript is not None and transcript.segments:
            self.stack.setCurrentWidget(self.view)
        else:
            self.hint.setText(WELCOME if episode is None else NO_TRANSCRIPT)
            self.stack.setCurrentWidget(self.hint)

    # Find in this episode ------------------------------------------------------------------
    def _select_matches(self, rows: list[int]) -> None:
        """Every matching line is selected (so all matches show at once)."""
        model = self.view.model()
        selection = QItemSelection()
        for row in rows:
            index = model.index(row, 0)
            selection.select(index, index)
        self.view.selectionModel().select(selection, QItemSelectionModel.SelectionFlag.ClearAndSelect)

    def _show_match(self, row: int) -> None:
        if row >= 0:
            index = self.view.model().index(row, 0)
            self.view.selectionModel().setCurrentIndex(index, QItemSelectionModel.SelectionFlag.NoUpdate)
            self.view.scrollTo(index, QAbstractItemView.ScrollHint.PositionAtCenter)

    def _close_find(self) -> None:
        self.find_bar.hide()
        self.view.clearSelection()
        self.view.setFocus()
