"""Adds library-wide search to the main window: a Search dock, Ctrl+K, and jumping to a hit."""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QDockWidget, QMainWindow

from earmark.gui.search_panel import SearchPanel


class SearchActions(QObject):
    """Owns the search dock; a hit opens its episode and plays from the hit's start."""

    def __init__(self, window: QMainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.panel = SearchPanel(window.services.search)
        self.dock = QDockWidget("Search", window)
        self.dock.setObjectName("searchDock")
        self.dock.setWidget(self.panel)
        window.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, self.dock)
        self.dock.hide()
        menu = window.menuBar().addMenu("&Search")
        action = menu.addAction("Search notes and transcripts…")
        action.setShortcut(QKeySequence("Ctrl+K"))
        action.triggered.connect(self.open_search)
        self.panel.hit_activated.connect(self.jump_to)
        self.panel.hit_row_activated.connect(self.reveal_row)

    def open_search(self) -> None:
        self.dock.show()
        self.dock.raise_()
        self.panel.focus_search()

    def jump_to(self, episode_id: int, start: float) -> None:
        """Open the hit's episode and play from the hit (its line lights as playback reaches it)."""
        self.window.open_episode(episode_id)
        self.window.play_from(start)
        self.window.transcript.view.follow_position(start)

    def reveal_row(self, episode_id: int, row: int) -> None:
        """Select and show the hit's line (untimed lines have no start to play from)."""
        view = self.window.transcript.view
        if row < 0 or self.window.episode is None or self.window.episode.id != episode_id:
            return
        index = view.model().index(row, 0)
        if index.isValid():
            view.setCurrentIndex(index)
            view.scrollTo(index, view.ScrollHint.PositionAtCenter)

    def close(self) -> None:
        self.panel.shutdown()
