"""The library pane: a filter box over the list of episodes (model/view, filtered by a proxy)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QModelIndex,
    QPersistentModelIndex,
    QRect,
    QSize,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtGui import QFont, QFontMetrics, QPainter, QPalette
from PySide6.QtWidgets import (
    QLineEdit,
    QListView,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from earmark.core.model import Episode
from earmark.core.timecode import format_clock

Index = QModelIndex | QPersistentModelIndex
EPISODE_ID = Qt.ItemDataRole.UserRole + 1
SUBTITLE = Qt.ItemDataRole.UserRole + 2


def describe(episode: Episode) -> str:
    """The muted second line: length and what kind of transcript it has."""
    parts = [format_clock(episode.duration) if episode.duration else "length unknown"]
    if episode.timed:
        parts.append("timed transcript")
    elif episode.has_transcript:
        parts.append("untimed transcript")
    else:
        parts.append("no transcript")
    if episode.podcast_title:
        parts.insert(0, episode.podcast_title)
    return "  ·  ".join(parts)


class EpisodeListModel(QAbstractListModel):
    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._episodes: list[Episode] = []

    def set_episodes(self, episodes: list[Episode]) -> None:
        self.beginResetModel()
        self._episodes = list(episodes)
        self.endResetModel()

    def row_of(self, episode_id: int) -> int:
        return next((i for i, e in enumerate(self._episodes) if e.id == episode_id), -1)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 (Qt's default)
        return 0 if parent.isValid() else len(self._episodes)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        episode = self._episodes[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return episode.title
        if role == EPISODE_ID:
            return episode.id
        if role == SUBTITLE:
            return describe(episode)
        return None


class EpisodeDelegate(QStyledItemDelegate):
    """Title on the first line, a muted description under it."""

    def _fonts(self, option: QStyleOptionViewItem) -> tuple[QFont, QFont]:
        title = QFont(option.font)
        title.setWeight(QFont.Weight.DemiBold)
        small = QFont(option.font)
        small.setPointSizeF(max(option.font.pointSizeF(), 9.0) * 0.88)
        return title, small

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        title, small = self._fonts(option)
        return QSize(200, QFontMetrics(title).height() + QFontMetrics(small).height() + 18)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        palette = option.palette
        title_font, small_font = self._fonts(option)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        hovered = bool(option.state & QStyle.StateFlag.State_MouseOver)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        box = option.rect.adjusted(6, 2, -6, -2)
        if selected or hovered:
            fill = palette.color(QPalette.ColorRole.Highlight)
            fill.setAlphaF(0.22 if selected else 0.08)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(fill)
            painter.drawRoundedRect(box, 6, 6)
        text_box = box.adjusted(10, 6, -10, -6)
        title_height = QFontMetrics(title_font).height()
        painter.setFont(title_font)
        painter.setPen(palette.color(QPalette.ColorRole.Text))
        title = QFontMetrics(title_font).elidedText(
            index.data(Qt.ItemDataRole.DisplayRole) or "", Qt.TextElideMode.ElideRight, text_box.width()
        )
        painter.drawText(QRect(text_box.left(), text_box.top(), text_box.width(), title_height), 0, title)
        muted = palette.color(QPalette.ColorRole.Text)
        muted.setAlphaF(0.55)
        painter.setFont(small_font)
        painter.setPen(muted)
        subtitle = QFontMetrics(small_font).elidedText(
            index.data(SUBTITLE) or "", Qt.TextElideMode.ElideRight, text_box.width()
        )
        painter.drawText(
            QRect(text_box.left(), text_box.top() + title_height + 2, text_box.width(), title_height),
            0,
            subtitle,
        )
        painter.restore()


class LibraryPane(QWidget):
    episode_chosen = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("libraryPane")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)  # let the style sheet paint it
        self.model = EpisodeListModel(self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.filter_box = QLineEdit()
        self.filter_box.setObjectName("filterBox")
        self.filter_box.setPlaceholderText("Filter episodes  (Ctrl+F)")
        self.filter_box.setClearButtonEnabled(True)
        self.list = QListView()
        self.list.setObjectName("episodeList")
        self.list.setModel(self.proxy)
        self.list.setItemDelegate(EpisodeDelegate(self.list))
        self.list.setUniformItemSizes(True)
        self.list.setMouseTracking(True)
        self.list.setFrameShape(QListView.Shape.NoFrame)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 10, 4, 8)
        layout.setSpacing(8)
        layout.addWidget(self.filter_box)
        layout.addWidget(self.list, 1)

        self.filter_box.textChanged.connect(self.proxy.setFilterFixedString)
        self.filter_box.returnPressed.connect(self._choose_first)
        self.list.activated.connect(self._choose)
        self.list.clicked.connect(self._choose)

    def set_episodes(self, episodes: list[Episode], current_id: int | None = None) -> None:
        self.model.set_episodes(episodes)
        if current_id is not None:
            self.select(current_id)

    def select(self, episode_id: int) -> None:
        """Mark ``episode_id`` as the current episode in the list (does not emit)."""
        row = self.model.row_of(episode_id)
        if row < 0:
            return
        index = self.proxy.mapFromSource(self.model.index(row))
        if index.isValid():
            self.list.setCurrentIndex(index)
            self.list.scrollTo(index)

    def visible_titles(self) -> list[str]:
        return [self.proxy.index(r, 0).data() for r in range(self.proxy.rowCount())]

    def _choose(self, index: QModelIndex) -> None:
        if index.isValid():
            self.episode_chosen.emit(int(index.data(EPISODE_ID)))

    def _choose_first(self) -> None:
        if self.proxy.rowCount():
            self._choose(self.proxy.index(0, 0))
