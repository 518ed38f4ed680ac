"""The library pane: a filter box over the list of episodes (model/view, filtered by a proxy).

Clicking or moving to an episode shows it (:attr:`LibraryPane.episode_selected`); Enter or a
double-click plays it (:attr:`LibraryPane.episode_activated`). A right-click asks the window
for the episode's menu (:attr:`LibraryPane.menu_requested`).
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import (
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QPoint,
    QRect,
    QSize,
    Qt,
    QTimer,
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

from earmark.core.model import Episode, EpisodeListing
from earmark.gui.library_model import EPISODE_ID, SUBTITLE, EpisodeFilterProxy, EpisodeListModel, describe

Index = QModelIndex | QPersistentModelIndex
__all__ = ["EPISODE_ID", "SUBTITLE", "EpisodeListModel", "LibraryPane", "describe"]
MOVE_SHOWS_MS = 250
MOVE_KEYS = (
    Qt.Key.Key_Up,
    Qt.Key.Key_Down,
    Qt.Key.Key_PageUp,
    Qt.Key.Key_PageDown,
    Qt.Key.Key_Home,
    Qt.Key.Key_End,
)


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
    episode_selected = Signal(int)  # show it
    episode_activated = Signal(int)  # play it (Enter, double-click)
    menu_requested = Signal(int, QPoint)  # episode id, global position

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("libraryPane")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)  # let the style sheet paint it
        self.model = EpisodeListModel(self)
        self.proxy = EpisodeFilterProxy(self)
        self.proxy.setSourceModel(self.model)
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

        self.filter_box.textChanged.connect(self.proxy.set_filter_text)
        self.filter_box.returnPressed.connect(self._choose_first)
        self.list.clicked.connect(self._select)
        self.list.doubleClicked.connect(self._activate)
        self.list.installEventFilter(self)
        self.list.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.list.customContextMenuRequested.connect(self._menu)
        self._moved = QTimer(self, singleShot=True, interval=MOVE_SHOWS_MS)
        self._moved.timeout.connect(lambda: self._select(self.list.currentIndex()))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.list and event.type() == QEvent.Type.KeyPress:
            key = event.key()
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self._activate(self.list.currentIndex())
                return True
            if key in MOVE_KEYS:
                self._moved.start()  # arrowing through the list shows where it settles
        return super().eventFilter(watched, event)

    def current_id(self) -> int | None:
        index = self.list.currentIndex()
        return int(index.data(EPISODE_ID)) if index.isValid() else None

    def set_episodes(
        self,
        episodes: Sequence[Episode | EpisodeListing],
        current_id: int | None = None,
        played: set[int] | None = None,
    ) -> None:
        self.model.set_episodes(episodes, played)
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

    def _select(self, index: QModelIndex) -> None:
        if index.isValid():
            self.episode_selected.emit(int(index.data(EPISODE_ID)))

    def _activate(self, index: QModelIndex) -> None:
        if index.isValid():
            self.episode_activated.emit(int(index.data(EPISODE_ID)))

    def _choose_first(self) -> None:
        """Enter in the filter box shows the first episode listed."""
        if self.proxy.rowCount():
            self._select(self.proxy.index(0, 0))

    def _menu(self, point: QPoint) -> None:
        index = self.list.indexAt(point)
        if index.isValid():
            self.list.setCurrentIndex(index)
            self.menu_requested.emit(int(index.data(EPISODE_ID)), self.list.viewport().mapToGlobal(point))
