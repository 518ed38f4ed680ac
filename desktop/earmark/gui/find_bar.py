"""Find in the current episode (Ctrl+F in the transcript pane): all matching lines, stepped through.

The main window gives it the episode's line texts with :meth:`FindBar.set_texts`,
lights the rows from :attr:`FindBar.matches_changed` and scrolls to the row from
:attr:`FindBar.current_changed`. Matching is the index's: stemmed words, the last
word typed as a prefix.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QToolButton, QWidget

if TYPE_CHECKING:
    from earmark.search import RowMatcher

DEBOUNCE_MS = 100


class FindBar(QWidget):
    """A find box with previous/next and "n of m"."""

    matches_changed = Signal(list)  # every matching row, in order
    current_changed = Signal(int)  # the row to show (-1: none)
    closed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._texts: Sequence[str] = []
        self._matcher: RowMatcher | None = None  # made on the first find: it loads Whoosh's analyser
        self._matches: list[int] = []
        self._current = -1  # index into _matches

        self.box = QLineEdit(self)
        self.box.setPlaceholderText("Find in this episode")
        self.box.setClearButtonEnabled(True)
        self.box.installEventFilter(self)
        self.count = QLabel(self)
        self.previous_button = QToolButton(self)
        self.previous_button.setText("↑")
        self.previous_button.setToolTip("Previous match (Shift+Enter)")
        self.next_button = QToolButton(self)
        self.next_button.setText("↓")
        self.next_button.setToolTip("Next match (Enter)")
        self.previous_button.clicked.connect(self.previous)
        self.next_button.clicked.connect(self.next)

        layout = QHBoxLayout(self)
        layout.setContentsMargins(2, 2, 2, 2)
        layout.addWidget(self.box, 1)
        layout.addWidget(self.count)
        layout.addWidget(self.previous_button)
        layout.addWidget(self.next_button)

        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(DEBOUNCE_MS)
        self._debounce.timeout.connect(self.refresh)
        self.box.textChanged.connect(lambda _text: self._debounce.start())

    # -- public -------------------------------------------------------------

    def set_texts(self, texts: Sequence[str]) -> None:
        """The current episode's lines, in transcript order."""
        self._texts, self._matcher = list(texts), None
        self.refresh()

    @property
    def matches(self) -> list[int]:
        return list(self._matches)

    @property
    def current_row(self) -> int:
        return self._matches[self._current] if self._matches else -1

    @Slot()
    def open(self) -> None:
        self.show()
        self.box.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.box.selectAll()

    @Slot()
    def refresh(self) -> None:
        """Match the box's text now (typing does this after a short pause)."""
        self._debounce.stop()
        self._matches = self._matcher_now().match(self.box.text()) if self.box.text().strip() else []
        self._current = 0 if self._matches else -1
        self.matches_changed.emit(list(self._matches))
        self._show_current()

    @Slot()
    def next(self) -> None:
        self._step(+1)

    @Slot()
    def previous(self) -> None:
        self._step(-1)

    # -- inside -------------------------------------------------------------

    def _matcher_now(self) -> RowMatcher:
        if self._matcher is None:
            from earmark.services.searching import row_matcher  # Whoosh: not before the first find

            self._matcher = row_matcher(self._texts)
        return self._matcher

    def _step(self, direction: int) -> None:
        if self._debounce.isActive():
            self.refresh()
            if direction > 0:
                return  # the first match is the step
        if not self._matches:
            return
        self._current = (self._current + direction) % len(self._matches)
        self._show_current()

    def _show_current(self) -> None:
        total = len(self._matches)
        if self.box.text().strip():
            self.count.setText(f"{self._current + 1} of {total}" if total else "no matches")
        else:
            self.count.clear()
        self.current_changed.emit(self.current_row)

    def eventFilter(self, watched: QObject, event) -> bool:
        if watched is self.box and isinstance(event, QKeyEvent) and event.type() == QKeyEvent.Type.KeyPress:
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                shift = event.modifiers() & Qt.KeyboardModifier.ShiftModifier
                self.previous() if shift else self.next()
                return True
            if event.key() == Qt.Key.Key_Escape:
                self.hide()
                self.closed.emit()
                return True
        return super().eventFilter(watched, event)
