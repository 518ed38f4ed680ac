"""Models for the podcasts pane: the podcasts (artwork, title, new count) and one podcast's back catalogue.

Both are Qt models over plain rows from :class:`SubscriptionService`; a download's progress lives
here too (``set_progress``), so the table repaints one cell rather than reloading.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QRect,
    QSize,
    Qt,
)
from PySide6.QtGui import QFont, QFontMetrics, QPainter, QPalette, QPixmap
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem

from earmark.core.timecode import format_clock
from earmark.store.podcasts import FeedItemRow, PodcastRow

Index = QModelIndex | QPersistentModelIndex
ROW_ID = Qt.ItemDataRole.UserRole + 1
SUBTITLE = Qt.ItemDataRole.UserRole + 2
ARTWORK = Qt.ItemDataRole.UserRole + 3
FAILED = Qt.ItemDataRole.UserRole + 4
ART = 44


def podcast_subtitle(p: PodcastRow) -> str:
    if p.gone:
        return "ended by its publisher (410)"
    parts = [f"{p.new_episodes} new" if p.new_episodes else "no new episodes", f"{p.episodes} episodes"]
    if p.downloaded:
        parts.append(f"{p.downloaded} downloaded")
    if p.auto_download:
        parts.append(f"auto-download newest {p.auto_download}")
    return " · ".join(parts)


class PodcastListModel(QAbstractListModel):
    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.rows: list[PodcastRow] = []
        self._art: dict[str, QPixmap] = {}

    def set_podcasts(self, rows: list[PodcastRow]) -> None:
        self.beginResetModel()
        self.rows = rows
        self.endResetModel()

    def row_of(self, podcast_id: int) -> int:
        return next((n for n, p in enumerate(self.rows) if p.id == podcast_id), -1)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 (Qt's default)
        return 0 if parent.isValid() else len(self.rows)

    def _artwork(self, path: str | None) -> QPixmap | None:
        if not path:
            return None
        if path not in self._art:
            pixmap = QPixmap(path)
            self._art[path] = (
                pixmap.scaled(ART * 2, ART * 2, Qt.AspectRatioMode.KeepAspectRatio,
                              Qt.TransformationMode.SmoothTransformation)
                if not pixmap.isNull() else QPixmap()
            )  # fmt: skip
        return self._art[path] if not self._art[path].isNull() else None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        p = self.rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return p.title
        if role == ROW_ID:
            return p.id
        if role == SUBTITLE:
            return podcast_subtitle(p)
        if role == ARTWORK:
            return self._artwork(p.artwork_path)
        if role == FAILED:
            return p.last_error
        if role == Qt.ItemDataRole.ToolTipRole:
            return p.last_error or p.feed_url
        return None


class PodcastDelegate(QStyledItemDelegate):
    """Artwork, title, and a muted line with the new-episode count (red when the last refresh failed)."""

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        return QSize(200, ART + 12)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        painter.save()
        palette = option.palette
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        if selected:
            painter.fillRect(option.rect, palette.color(QPalette.ColorRole.Highlight))
        art = QRect(option.rect.left() + 6, option.rect.top() + 6, ART, ART)
        pixmap = index.data(ARTWORK)
        if pixmap is not None:
            painter.drawPixmap(art, pixmap)
        else:
            painter.fillRect(art, palette.color(QPalette.ColorRole.Mid))
            painter.setPen(palette.color(QPalette.ColorRole.Base))
            painter.drawText(art, Qt.AlignmentFlag.AlignCenter, (index.data() or "?")[:1].upper())
        text_left = art.right() + 10
        width = option.rect.right() - text_left - 6
        title_font = QFont(option.font)
        title_font.setBold(True)
        role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        painter.setPen(palette.color(role))
        painter.setFont(title_font)
        title = QFontMetrics(title_font).elidedText(index.data() or "", Qt.TextElideMode.ElideRight, width)
        painter.drawText(
            QRect(text_left, art.top() + 2, width, ART // 2), Qt.AlignmentFlag.AlignVCenter, title
        )
        small = QFont(option.font)
        small.setPointSizeF(max(7.0, option.font.pointSizeF() * 0.9))
        painter.setFont(small)
        failed = index.data(FAILED)
        muted = palette.color(QPalette.ColorRole.PlaceholderText)
        painter.setPen(
            Qt.GlobalColor.red if failed and not selected else (palette.color(role) if selected else muted)
        )
        line = ("refresh failed: " + failed.split(": ", 1)[-1]) if failed else index.data(SUBTITLE)
        line = QFontMetrics(small).elidedText(line, Qt.TextElideMode.ElideRight, width)
        painter.drawText(
            QRect(text_left, art.top() + ART // 2, width, ART // 2), Qt.AlignmentFlag.AlignVCenter, line
        )
        painter.restore()


COLUMNS = ("Title", "Date", "Length", "Downloaded", "Played", "Transcript")  # the pane sizes them


def transcript_text(row: FeedItemRow) -> str:
    if row.episode_id is None:
        return "offered" if row.transcripts else ""
    if row.timing.startswith(("re-timed", "re-synced")):
        return row.timing
    if row.transcript_status in ("timed", "untimed"):
        return f"{row.transcript_status}" + (" · fits" if row.timing == "fits" else "")
    return "no transcript" if row.transcript_status.startswith("no transcript") else row.transcript_status


class CatalogueModel(QAbstractTableModel):
    """One podcast's items, newest first: title, date, length, downloaded (or progress), played."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.rows: list[FeedItemRow] = []
        self.state: dict[int, str] = {}  # item id -> "queued" / "42%" while downloading

    def set_items(self, rows: list[FeedItemRow]) -> None:
        self.beginResetModel()
        self.rows = rows
        self.endResetModel()

    def row_of(self, item_id: int) -> int:
        return next((n for n, r in enumerate(self.rows) if r.id == item_id), -1)

    def set_state(self, item_id: int, text: str | None) -> None:
        if text is None:
            self.state.pop(item_id, None)
        else:
            self.state[item_id] = text
        row = self.row_of(item_id)
        if row >= 0:
            cell = self.index(row, 3)
            self.dataChanged.emit(cell, cell)

    def replace_row(self, fresh: FeedItemRow) -> None:
        row = self.row_of(fresh.id)
        if row >= 0:
            self.rows[row] = fresh
            self.dataChanged.emit(self.index(row, 0), self.index(row, len(COLUMNS) - 1))

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        r = self.rows[index.row()]
        column = index.column()
        if role == ROW_ID:
            return r.id
        if role == Qt.ItemDataRole.FontRole and column == 0 and r.is_new and r.episode_id is None:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.ToolTipRole:
            return (transcript_text(r) if column == 5 else "") or r.title
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if column == 0:
            return r.title
        if column == 1:
            return r.published or ""
        if column == 2:
            return format_clock(r.duration) if r.duration else ""
        if column == 3:
            return self.state.get(r.id) or (
                "✓" if r.episode_id is not None else ("—" if not r.audio_url else "")
            )
        if column == 4:
            return "✓" if r.played else ""
        return transcript_text(r)
