"""The notes panel's parts that are not the panel: the list of an episode's highlights and the
tag field's completer (split from ``notes_panel`` so each module keeps one job)."""

from __future__ import annotations

from PySide6.QtCore import QAbstractListModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QCompleter, QLineEdit

from earmark.core.model import Highlight
from earmark.core.timecode import format_clock
from earmark.gui.transcript_delegate import HIGHLIGHT_COLOURS

COLOUR_HEX = HIGHLIGHT_COLOURS
"""The palette's colours: the same the transcript pane paints."""

HighlightRole = Qt.ItemDataRole.UserRole + 1


class HighlightListModel(QAbstractListModel):
    """A list of highlights (time order) for a view; rows update one at a time."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[Highlight] = []

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        h = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            first_line = h.note.strip().splitlines()[0] if h.note.strip() else ""
            tags = "  " + " ".join(f"#{t}" for t in h.tags) if h.tags else ""
            text = f"{format_clock(h.start)}  {h.quote or '(no transcript text)'}"
            return text + (f"\n✎ {first_line}" if first_line else "") + tags
        if role == Qt.ItemDataRole.DecorationRole:
            return QColor(COLOUR_HEX.get(h.colour, "#ffe066"))
        if role == Qt.ItemDataRole.ToolTipRole:
            return h.note or h.quote
        if role == HighlightRole:
            return h
        return None

    def set_highlights(self, highlights: list[Highlight]) -> None:
        self.beginResetModel()
        self._rows = list(highlights)
        self.endResetModel()

    def update_highlight(self, highlight: Highlight) -> bool:
        """Replace one row in place; False when the highlight is not listed here."""
        row = self.row_of(highlight.id)
        if row is None:
            return False
        self._rows[row] = highlight
        self.dataChanged.emit(self.index(row), self.index(row))
        return True

    def row_of(self, highlight_id: int) -> int | None:
        return next((i for i, h in enumerate(self._rows) if h.id == highlight_id), None)

    def highlight_at(self, row: int) -> Highlight:
        return self._rows[row]

    def highlights(self) -> list[Highlight]:
        return list(self._rows)


class TagCompleter(QCompleter):
    """Completes the last tag of a comma-separated list."""

    def splitPath(self, path: str) -> list[str]:
        return [path.split(",")[-1].strip()]

    def pathFromIndex(self, index: QModelIndex | QPersistentModelIndex) -> str:
        widget = self.widget()
        typed = widget.text() if isinstance(widget, QLineEdit) else ""
        done = [t.strip() for t in typed.split(",")[:-1] if t.strip()]
        return ", ".join([*done, str(index.data())]) + ", "


def parse_tags(text: str) -> list[str]:
    return [t.strip() for t in text.split(",") if t.strip()]
