"""Chapters in the window: a Chapters dock (click or Enter plays from one), marks on the seek
slider, a heading in the transcript where each starts, the current chapter's title over the
transcript, and ``Ctrl+←`` / ``Ctrl+→`` to jump.
"""

from __future__ import annotations

import bisect

from PySide6.QtCore import (
    QAbstractListModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtWidgets import QDockWidget, QLabel, QListView, QMainWindow, QVBoxLayout, QWidget

from earmark.core.errors import InputError
from earmark.core.timecode import format_clock
from earmark.gui.actions import add_action
from earmark.services.chapters import ChapterService, TimedChapter

RESTART_SECONDS = 3.0
"""Ctrl+← within this long of a chapter's start goes to the one before (as players do)."""
SOURCE_LABELS = {
    "feed": "from the feed",
    "show notes": "from a time in the show notes",
    "heading": "placed by the transcript",
}


class ChapterListModel(QAbstractListModel):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.chapters: list[TimedChapter] = []
        self.current = -1

    def set_chapters(self, chapters: list[TimedChapter]) -> None:
        self.beginResetModel()
        self.chapters = list(chapters)
        self.current = -1
        self.endResetModel()

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.chapters)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        chapter = self.chapters[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            when = format_clock(chapter.start) if chapter.start is not None else "–"
            return f"{when}   {chapter.title}"
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{chapter.title} ({SOURCE_LABELS.get(chapter.source, chapter.source)})"
        if role == Qt.ItemDataRole.FontRole and index.row() == self.current:
            font = QListView().font()
            font.setBold(True)
            return font
        return None

    def set_current(self, row: int) -> bool:
        if row == self.current:
            return False
        old, self.current = self.current, row
        for changed in (old, row):
            if 0 <= changed < len(self.chapters):
                self.dataChanged.emit(self.index(changed), self.index(changed))
        return True


class ChapterActions(QObject):
    def __init__(self, window: QMainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.service = ChapterService(window.services.library)
        self.model = ChapterListModel(self)
        self.list = QListView(objectName="chapters")
        self.list.setModel(self.model)
        self.list.setWordWrap(True)
        self.list.clicked.connect(self._play)
        self.list.activated.connect(self._play)
        self.empty = QLabel(
            "No chapters: none in the feed or the show notes, or the transcript is not synced."
        )
        self.empty.setWordWrap(True)
        self.empty.setObjectName("paneHint")
        panel = QWidget()
        layout = QVBoxLayout(panel)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.list)
        layout.addWidget(self.empty)
        self.dock = QDockWidget("Chapters", window)
        self.dock.setObjectName("chaptersDock")
        self.dock.setWidget(panel)
        window.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, self.dock)
        self.dock.hide()

        self.heading = QLabel(objectName="chapterHeading")  # the current chapter, over the transcript
        self.heading.setWordWrap(True)
        self.heading.hide()
        window.transcript.header.addWidget(self.heading)

        menu = window.menus.playback
        menu.addSeparator()
        self.previous_action = add_action(window, menu, "Previous chapter", "Ctrl+Left", self.previous)
        self.next_action = add_action(window, menu, "Next chapter", "Ctrl+Right", self.next)
        window.controller.position_changed.connect(self._follow)
        self.set_episode(None)

    def set_episode(self, episode_id: int | None) -> None:
        try:
            chapters = self.service.chapters(episode_id) if episode_id is not None else []
        except InputError:
            chapters = []
        self.model.set_chapters(chapters)
        self.starts = [c.start for c in chapters if c.start is not None]
        self.window.player_bar.slider.set_chapter_marks(self.starts)
        view = self.window.transcript.view
        rows = {}
        for chapter in chapters:
            row = view.transcript_model.row_at(chapter.start) if chapter.start is not None else -1
            if row >= 0:
                rows.setdefault(row, chapter.title)
        view.delegate.set_chapter_rows(rows)
        view.doItemsLayout()
        self.list.setVisible(bool(chapters))
        self.empty.setVisible(not chapters and episode_id is not None)
        for action in (self.previous_action, self.next_action):
            action.setEnabled(bool(self.starts))
        self._follow(self.window.controller.position() if episode_id is not None else 0.0)

    def _row_at(self, seconds: float) -> int:
        return bisect.bisect_right(self.starts, seconds + 1e-3) - 1

    def _follow(self, seconds: float) -> None:
        row = self._row_at(seconds) if self.starts else -1
        if self.model.set_current(row) or (row < 0 and self.heading.isVisible()):
            chapter = self.model.chapters[row] if row >= 0 else None
            self.heading.setText(f"§ {chapter.title}" if chapter else "")
            self.heading.setVisible(chapter is not None)

    def _play(self, index: QModelIndex) -> None:
        chapter = self.model.chapters[index.row()] if index.isValid() else None
        if chapter is not None and chapter.start is not None:
            self.window.play_from(chapter.start)

    def next(self) -> None:
        position = self.window.controller.position()
        later = [s for s in self.starts if s > position + 0.5]
        if later:
            self._jump(later[0])

    def previous(self) -> None:
        position = self.window.controller.position()
        earlier = [s for s in self.starts if s < position - RESTART_SECONDS]
        self._jump(earlier[-1] if earlier else (self.starts[0] if self.starts else 0.0))

    def _jump(self, seconds: float) -> None:
        self.window.controller.seek(seconds)
        self.window.transcript.view.follow_position(seconds)
        self._follow(seconds)
        row = self._row_at(seconds)
        if row >= 0:
            self.window.show_message(f"Chapter: {self.model.chapters[row].title}")
