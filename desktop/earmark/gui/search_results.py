"""The search pane's hits: a list model grouped by episode, and the delegate that paints a hit
(its episode, time and the snippet with the matched words in bold)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import (
    QAbstractListModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QRect,
    QSize,
    Qt,
)
from PySide6.QtGui import QAbstractTextDocumentLayout, QPalette, QTextDocument
from PySide6.QtWidgets import (
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
)

from earmark.core.timecode import format_clock

if TYPE_CHECKING:
    from earmark.services.searching import Hit

HitRole = Qt.ItemDataRole.UserRole + 1
IsHeaderRole = Qt.ItemDataRole.UserRole + 2


@dataclass(frozen=True, slots=True)
class _Row:
    header: str | None = None  # an episode title row
    hit: Hit | None = None


class SearchResultsModel(QAbstractListModel):
    """Hits grouped by episode (best episode first): a title row, then its hits in rank order."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[_Row] = []

    def set_hits(self, hits: list[Hit]) -> None:
        groups: dict[int, list[Hit]] = {}
        for hit in hits:
            groups.setdefault(hit.episode, []).append(hit)
        rows = []
        for group in groups.values():
            rows.append(_Row(header=group[0].title))
            rows += [_Row(hit=h) for h in group]
        self.beginResetModel()
        self._rows = rows
        self.endResetModel()

    def hit_count(self) -> int:
        return sum(1 for r in self._rows if r.hit is not None)

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        if role == IsHeaderRole:
            return row.hit is None
        if role == HitRole:
            return row.hit
        if role == Qt.ItemDataRole.DisplayRole:
            if row.hit is None:
                return row.header
            return f"{_when(row.hit)}  {row.hit.snippet.text}"
        if role == Qt.ItemDataRole.ToolTipRole and row.hit is not None:
            return row.hit.text
        return None

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        if not index.isValid() or self._rows[index.row()].hit is None:
            return Qt.ItemFlag.NoItemFlags  # headers: not selectable, skipped by the arrow keys
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable


def _when(hit: Hit) -> str:
    return format_clock(hit.start) if hit.start is not None else "–:––"


class HitDelegate(QStyledItemDelegate):
    """Paints a title row in bold, and a hit as time, speaker and snippet with matched words bold."""

    def _document(self, option: QStyleOptionViewItem, index: QModelIndex) -> QTextDocument:
        hit: Hit | None = index.data(HitRole)
        doc = QTextDocument()
        doc.setDefaultFont(option.font)
        doc.setDocumentMargin(3)
        doc.setTextWidth(max(option.rect.width(), 200))
        if hit is None:
            doc.setHtml(f"<b>{_escape(index.data(Qt.ItemDataRole.DisplayRole) or '')}</b>")
        else:
            who = f"<i>{_escape(hit.speaker)}</i> " if hit.speaker else ""
            kind = "" if hit.kind == "transcript" else f"<small>[{hit.kind}]</small> "
            doc.setHtml(f"<tt>{_when(hit)}</tt>&nbsp; {kind}{who}{hit.snippet.markup()}")
        return doc

    def paint(self, painter, option: QStyleOptionViewItem, index: QModelIndex) -> None:
        options = QStyleOptionViewItem(option)
        self.initStyleOption(options, index)
        options.text = ""
        style = options.widget.style() if options.widget else None
        if style is not None:
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, options, painter, options.widget)
        doc = self._document(option, index)
        context = QAbstractTextDocumentLayout.PaintContext()
        if option.state & QStyle.StateFlag.State_Selected:
            context.palette.setColor(QPalette.ColorRole.Text, option.palette.highlightedText().color())
        painter.save()
        painter.translate(option.rect.topLeft())
        painter.setClipRect(QRect(0, 0, option.rect.width(), option.rect.height()))
        doc.documentLayout().draw(painter, context)
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex) -> QSize:
        doc = self._document(option, index)
        return QSize(int(doc.idealWidth()), int(doc.size().height()))


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
