"""The podcasts pane: subscribed podcasts above, the chosen one's back catalogue below.

Downloads are queued and run one at a time in the background, each with its progress in the
table and Cancel (the running one stops, queued ones leave the queue). Refresh runs in the
background too; a feed that fails shows its one line in red and never stops the others.
Per podcast: unsubscribe (annotated episodes stay) and auto-download of the newest N.
"""

from __future__ import annotations

from collections import deque

from PySide6.QtCore import QModelIndex, QObject, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListView,
    QMessageBox,
    QPushButton,
    QSizePolicy,
    QSpinBox,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from earmark.gui.add_podcast_dialog import AddPodcastDialog
from earmark.gui.podcast_models import ROW_ID, CatalogueModel, PodcastDelegate, PodcastListModel
from earmark.gui.worker import Operation


class DownloadQueue(QObject):
    """Feed items waiting to download; one runs at a time through :class:`Operation`."""

    state_changed = Signal(int, object)  # item id, "queued" / "37%" / None when done or dropped
    downloaded = Signal(int, int)  # item id, episode id
    failed = Signal(int, str)  # item id, one-line message

    def __init__(self, services, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.waiting: deque[int] = deque()
        self.running: tuple[int, Operation] | None = None

    def add(self, item_id: int) -> None:
        if item_id in self.waiting or (self.running and self.running[0] == item_id):
            return
        self.waiting.append(item_id)
        self.state_changed.emit(item_id, "queued")
        self._next()

    def cancel(self, item_id: int) -> None:
        if item_id in self.waiting:
            self.waiting.remove(item_id)
            self.state_changed.emit(item_id, None)
        elif self.running and self.running[0] == item_id:
            self.running[1].cancel()

    def busy(self, item_id: int) -> bool:
        return item_id in self.waiting or bool(self.running and self.running[0] == item_id)

    def _next(self) -> None:
        if self.running is not None or not self.waiting:
            return
        item_id = self.waiting.popleft()
        downloader = self.services.subscriptions.downloader
        operation = Operation(lambda p, c: downloader.download_item(item_id, p, c), "Downloading…", self)
        operation.progress.connect(lambda f, m: self.state_changed.emit(item_id, f"{min(f, 0.99):.0%}"))
        operation.succeeded.connect(lambda episode_id: self._succeeded(item_id, episode_id))
        operation.failed.connect(lambda message: self.failed.emit(item_id, message))
        operation.finished.connect(lambda: self._finished(item_id))
        self.running = (item_id, operation)
        operation.start()

    def _succeeded(self, item_id: int, episode_id: int) -> None:
        """Clear the row's progress first, so whoever hears ``downloaded`` sees the finished row."""
        self.state_changed.emit(item_id, None)
        self.downloaded.emit(item_id, episode_id)

    def _finished(self, item_id: int) -> None:
        self.running = None
        self.state_changed.emit(item_id, None)
        self._next()


class PodcastsPane(QWidget):
    episode_activated = Signal(int)  # a downloaded episode to open and play
    library_changed = Signal()  # episodes came or went
    message = Signal(str)  # one line for the status bar

    def __init__(self, services, parent: QWidget | None = None, load: bool = True) -> None:
        """``load=False``: the list is read at the first :meth:`reload` (the window calls it later)."""
        super().__init__(parent)
        self.services = services
        self.podcast_id: int | None = None
        self.refreshing: Operation | None = None
        self.queue = DownloadQueue(services, self)

        self.add_button = QPushButton("Add podcast…")
        self.refresh_button = QPushButton("Refresh")
        top = QHBoxLayout()
        top.addWidget(self.add_button)
        top.addWidget(self.refresh_button)
        top.addStretch(1)

        self.podcasts = PodcastListModel(self)
        self.list = QListView(objectName="podcast_list")
        self.list.setModel(self.podcasts)
        self.list.setItemDelegate(PodcastDelegate(self.list))
        self.list.setUniformItemSizes(True)
        self.empty = QLabel("No podcasts yet. Add one with its feed or web page address.")
        self.empty.setWordWrap(True)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)

        self.catalogue = CatalogueModel(self)
        self.table = QTableView(objectName="catalogue")
        self.table.setModel(self.catalogue)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().hide()
        self.table.setShowGrid(False)
        self.table.setWordWrap(False)
        self.table.setAlternatingRowColors(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in range(1, 5):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(5, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(5, 170)  # "re-timed to your download" elides; the tooltip has it whole
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)

        self.download_button = QPushButton("Download")
        self.cancel_button = QPushButton("Cancel download")
        self.unsubscribe_button = QPushButton("Unsubscribe…")
        self.auto = QSpinBox(objectName="auto_download")
        self.auto.setRange(0, 20)
        self.auto.setSpecialValueText("off")
        self.auto.setPrefix("")
        actions = QHBoxLayout()
        actions.addWidget(self.download_button)
        actions.addWidget(self.cancel_button)
        actions.addStretch(1)
        actions.addWidget(QLabel("Auto-download newest"))
        actions.addWidget(self.auto)
        actions.addWidget(self.unsubscribe_button)

        below = QWidget()
        below_layout = QVBoxLayout(below)
        below_layout.setContentsMargins(0, 0, 0, 0)
        below_layout.addWidget(self.table, 1)
        below_layout.addLayout(actions)
        above = QWidget()
        above_layout = QVBoxLayout(above)
        above_layout.setContentsMargins(0, 0, 0, 0)
        above_layout.addLayout(top)
        above_layout.addWidget(self.list, 1)
        above_layout.addWidget(self.empty)
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.addWidget(above)
        self.splitter.addWidget(below)
        self.splitter.setSizes([220, 380])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.splitter)

        self.add_button.clicked.connect(self.add_podcast)
        self.refresh_button.clicked.connect(self.refresh)
        self.list.selectionModel().currentChanged.connect(self._podcast_changed)
        self.table.doubleClicked.connect(self._activated)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._update_buttons())
        self.download_button.clicked.connect(self.download_selected)
        self.cancel_button.clicked.connect(self.cancel_selected)
        self.unsubscribe_button.clicked.connect(self.unsubscribe)
        self.auto.valueChanged.connect(self._auto_changed)
        self.queue.state_changed.connect(self.catalogue.set_state)
        self.queue.state_changed.connect(lambda *_: self._update_buttons())
        self.queue.downloaded.connect(self._downloaded)
        self.queue.failed.connect(lambda item_id, text: self.message.emit(text))
        if load:
            self.reload()

    def tabs_with(self, library: QWidget, window) -> QTabWidget:
        """The window's left side: its library list and this pane as two tabs, wired to the window."""
        self.tabs = QTabWidget(objectName="library_tabs")
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(library, "Episodes")
        self.tabs.addTab(self, "Podcasts")
        # The catalogue's toolbar must not widen the left side: the transcript keeps its room.
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.episode_activated.connect(lambda episode_id: window.open_episode(episode_id, play=True))
        self.library_changed.connect(window.refresh_library)
        self.message.connect(window.show_message)
        return self.tabs

    def show_tab(self) -> None:
        if getattr(self, "tabs", None) is not None:
            self.tabs.setCurrentWidget(self)

    # -- the podcasts list --------------------------------------------------------------------

    def reload(self, select: int | None = None) -> None:
        """Read the podcasts again (after a refresh, a subscription, an unsubscribe)."""
        keep = select if select is not None else self.podcast_id
        self.podcasts.set_podcasts(self.services.subscriptions.podcasts())
        has_any = bool(self.podcasts.rows)
        self.list.setVisible(has_any)
        self.empty.setVisible(not has_any)
        row = self.podcasts.row_of(keep) if keep is not None else -1
        if row < 0 and has_any:
            row = 0
        if row >= 0:
            self.list.setCurrentIndex(self.podcasts.index(row))
            self._show(self.podcasts.rows[row].id)
        else:
            self._show(None)

    def _podcast_changed(self, current: QModelIndex, previous: QModelIndex) -> None:
        if current.isValid():
            self._show(current.data(ROW_ID))

    def _show(self, podcast_id: int | None) -> None:
        self.podcast_id = podcast_id
        items = self.services.subscriptions.catalogue(podcast_id) if podcast_id is not None else []
        self.catalogue.set_items(items)
        for item_id in list(self.catalogue.state):
            self.catalogue.set_state(item_id, self.catalogue.state[item_id])
        podcast = next((p for p in self.podcasts.rows if p.id == podcast_id), None)
        self.auto.blockSignals(True)
        self.auto.setValue(podcast.auto_download if podcast else 0)
        self.auto.blockSignals(False)
        self._update_buttons()

    def _update_buttons(self) -> None:
        chosen = self.selected_items()
        self.download_button.setEnabled(any(r.episode_id is None and r.audio_url for r in chosen))
        self.cancel_button.setEnabled(any(self.queue.busy(r.id) for r in chosen))
        for widget in (self.unsubscribe_button, self.auto):
            widget.setEnabled(self.podcast_id is not None)

    # -- actions ------------------------------------------------------------------------------

    def add_podcast(self) -> AddPodcastDialog:
        self.dialog = AddPodcastDialog(self.services, self.window())
        self.dialog.subscribed.connect(self._subscribed)
        self.dialog.open()
        return self.dialog

    def _subscribed(self, podcast_id: int) -> None:
        self.reload(select=podcast_id)
        self.message.emit(f"Subscribed to {self.services.subscriptions.podcast(podcast_id).title}")

    def refresh(self) -> Operation | None:
        """Refresh every feed in the background; new episodes are listed (auto-download fetches)."""
        if self.refreshing is not None:
            return None
        subscriptions = self.services.subscriptions
        self.refreshing = Operation(lambda p, c: subscriptions.refresh(p, c), "Refreshing podcasts…", self)
        self.refreshing.succeeded.connect(self._refreshed)
        self.refreshing.failed.connect(self.message.emit)
        self.refreshing.finished.connect(self._refresh_finished)
        self.refresh_button.setEnabled(False)
        return self.refreshing.start()

    def _refreshed(self, result) -> None:
        self.reload()
        if result.new_episodes:
            self.library_changed.emit()
        problems = f"; {len(result.failures)} feed(s) failed" if result.failures else ""
        self.message.emit(f"{len(result.new_items)} new episode(s){problems}")

    def _refresh_finished(self) -> None:
        self.refreshing = None
        self.refresh_button.setEnabled(True)

    def selected_items(self):
        rows = sorted({index.row() for index in self.table.selectionModel().selectedRows()})
        return [self.catalogue.rows[r] for r in rows if r < len(self.catalogue.rows)]

    def download_selected(self) -> None:
        for row in self.selected_items():
            if row.episode_id is None and row.audio_url:
                self.queue.add(row.id)

    def cancel_selected(self) -> None:
        for row in self.selected_items():
            self.queue.cancel(row.id)

    def _downloaded(self, item_id: int, episode_id: int) -> None:
        fresh = next(
            (r for r in self.services.subscriptions.catalogue(self.podcast_id or -1) if r.id == item_id), None
        )
        if fresh is not None:
            self.catalogue.replace_row(fresh)
        timing = (
            f" ({fresh.timing})"
            if fresh is not None and fresh.timing.startswith(("re-timed", "re-synced"))
            else ""
        )
        self.message.emit(f"Downloaded {fresh.title if fresh else 'episode'}{timing}")
        self.podcasts.set_podcasts(self.services.subscriptions.podcasts())
        self.library_changed.emit()

    def _activated(self, index: QModelIndex) -> None:
        row = self.catalogue.rows[index.row()]
        if row.episode_id is not None:
            self.episode_activated.emit(row.episode_id)
        elif row.audio_url:
            self.queue.add(row.id)

    def _auto_changed(self, value: int) -> None:
        if self.podcast_id is not None:
            self.services.subscriptions.set_auto_download(self.podcast_id, value)
            self.podcasts.set_podcasts(self.services.subscriptions.podcasts())
            row = self.podcasts.row_of(self.podcast_id)
            self.list.setCurrentIndex(self.podcasts.index(row))

    def unsubscribe(self, confirm: bool = True) -> None:
        if self.podcast_id is None:
            return
        podcast = self.services.subscriptions.podcast(self.podcast_id)
        if confirm:
            answer = QMessageBox.question(
                self,
                "Unsubscribe",
                f"Unsubscribe from {podcast.title}? Downloaded episodes you have not annotated are removed; "
                "annotated ones stay in your library.",
            )
            if answer != QMessageBox.StandardButton.Yes:
                return
        result = self.services.subscriptions.unsubscribe(self.podcast_id)
        self.podcast_id = None
        self.reload()
        self.library_changed.emit()
        self.message.emit(f"Unsubscribed from {result.title}; {result.kept} annotated episode(s) kept")
