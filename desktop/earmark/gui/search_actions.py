"""Adds library-wide search to the main window: a Search dock, Ctrl+K, and jumping to a hit."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QDockWidget, QMainWindow

from earmark.core.model import SegmentKind
from earmark.gui.search_panel import SearchPanel

if TYPE_CHECKING:
    from earmark.services.searching import Hit


class SearchActions(QObject):
    """Owns the search dock; a hit opens its episode and shows (or plays) what was found."""

    def __init__(self, window: QMainWindow, deferred: bool = False) -> None:
        """``deferred``: the search service (Whoosh, the index) is built on the panel's worker
        once :meth:`start` is called (after the window's first paint), not here."""
        super().__init__(window)
        self.window = window
        services = window.services
        self.panel = SearchPanel(lambda: services.search, start=not deferred)
        self.dock = QDockWidget("Search", window)
        self.dock.setObjectName("searchDock")
        self.dock.setWidget(self.panel)
        window.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, self.dock)
        self.dock.hide()
        menu = window.menuBar().addMenu("&Search")
        action = menu.addAction("Search notes and transcripts…")
        action.setShortcut(QKeySequence("Ctrl+K"))
        action.triggered.connect(self.open_search)
        menu.addAction("Rebuild search index", self.rebuild_index)  # scale: progress and Cancel in the dock
        self.panel.hit_chosen.connect(self.open_hit)

    def start(self) -> None:
        """Build the search service and check the index in the background (see ``deferred``)."""
        self.panel.start()

    def rebuild_index(self) -> None:
        self.open_search()
        self.panel.rebuild_index(force=True)

    def open_search(self) -> None:
        self.dock.show()
        self.dock.raise_()
        self.panel.focus_search()

    def open_hit(self, hit: Hit) -> None:
        """Open the hit's episode and show what was found.

        A timed line plays from its start; an untimed or "not in audio" line is selected and
        shown, without playing; a note or highlight is also selected in the notes panel; a hit
        in the show notes opens the Show notes dock.
        """
        w = self.window
        w.open_episode(hit.episode)
        if w.episode is None or w.episode.id != hit.episode:
            return
        if hit.kind in ("note", "highlight") and hit.doc_id[:1] in ("h", "n") and hit.doc_id[1:].isdigit():
            w.annotations.dock.show()
            w.annotations.dock.raise_()
            w.annotations.panel.select_highlight(int(hit.doc_id[1:]))
        elif hit.source == "episode":
            w.show_notes.dock.show()
            w.show_notes.dock.raise_()
            return
        segment = self._segment(hit.row)
        if segment is not None and (segment.start is None or segment.kind is SegmentKind.UNSPOKEN):
            self.reveal_row(hit.row)
            why = "has no time" if segment.start is None else "is not in the audio"
            w.show_message(f"Found on a line that {why}: shown, not played")
            return
        start = segment.start if segment is not None else hit.start
        if start is not None:
            w.play_from(start)
            w.transcript.view.follow_position(start)
        if hit.row is not None:
            self.reveal_row(hit.row)

    def _segment(self, row: int | None):
        model = self.window.transcript.view.transcript_model
        return model.segment(row) if row is not None and 0 <= row < model.rowCount() else None

    def reveal_row(self, row: int) -> None:
        """Select and show the hit's line."""
        view = self.window.transcript.view
        index = view.model().index(row, 0)
        if index.isValid():
            view.setCurrentIndex(index)
            view.scrollTo(index, view.ScrollHint.PositionAtCenter)

    def close(self) -> None:
        self.panel.shutdown()
