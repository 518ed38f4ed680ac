"""The search pane: a box that searches as you type, and hits grouped by episode.

Standalone: the main window embeds it, gives Ctrl+K to :meth:`SearchPanel.focus_search`
and connects :attr:`SearchPanel.hit_activated` to "open the episode here and play".
Every index operation (first build, catching up with new notes, searching) runs
on one worker thread, in order; widgets are only touched on the GUI thread.

Given a function that builds the service instead of the service (the window at start-up),
the panel says "Preparing search…" and builds it on that worker when :meth:`SearchPanel.start`
is called (after the window's first paint) or at the first search, whichever comes first:
the service loads Whoosh and opens the index, which the first paint should not wait for.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import (
    QModelIndex,
    QObject,
    QRunnable,
    Qt,
    QThreadPool,
    QTimer,
    Signal,
    Slot,
)
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QLabel,
    QLineEdit,
    QListView,
    QVBoxLayout,
    QWidget,
)

from earmark.gui.search_results import HitDelegate, HitRole, IsHeaderRole, SearchResultsModel
from earmark.gui.worker import Operation, ProgressPanel

if TYPE_CHECKING:  # the service (Whoosh) loads when the panel first needs it
    from earmark.services.searching import Hit, SearchService

DEBOUNCE_MS = 150


class _Signals(QObject):
    done = Signal(int, object)  # generation, result
    failed = Signal(int, str)
    progress = Signal(float, str)
    prepared = Signal()  # the service is built


class _Job(QRunnable):
    """Run one callable on the panel's worker thread and report back by signal."""

    def __init__(self, generation: int, work, signals: _Signals) -> None:
        super().__init__()
        self._generation, self._work, self._signals = generation, work, signals

    def run(self) -> None:
        try:
            result = self._work()
        except Exception as error:  # shown in the status line; a search never raises on bad queries
            self._signals.failed.emit(self._generation, str(error) or type(error).__name__)
        else:
            self._signals.done.emit(self._generation, result)


class _ResultsView(QListView):
    """Enter activates the current hit; Up from the first hit goes back to the box."""

    activate = Signal(QModelIndex)
    leave_top = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentIndex().isValid():
            self.activate.emit(self.currentIndex())
            return
        if event.key() == Qt.Key.Key_Up and _first_hit_row(self.model()) >= self.currentIndex().row():
            self.leave_top.emit()
            return
        super().keyPressEvent(event)


def _first_hit_row(model) -> int:
    for row in range(model.rowCount()):
        if not model.index(row, 0).data(IsHeaderRole):
            return row
    return -1


class SearchPanel(QWidget):
    """Search box and grouped results over a :class:`SearchService`."""

    hit_chosen = Signal(object)  # the Hit itself (the window decides: play, show the line, select the note)
    hit_activated = Signal(int, float)  # episode id, start in seconds (0.0 when the text is untimed)
    hit_row_activated = Signal(int, int)  # episode id, transcript row to light (-1: none)
    searched = Signal(str, int)  # query, number of hits (after results are shown)

    def __init__(
        self,
        service: SearchService | Callable[[], SearchService],
        parent: QWidget | None = None,
        start: bool = True,
    ) -> None:
        """``service``, or a function that builds it (then ``start=False`` waits for :meth:`start`)."""
        super().__init__(parent)
        self._make_service = service if callable(service) else (lambda: service)
        self._built: SearchService | None = None if callable(service) else service
        self._building = threading.Lock()
        self._started = False
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)  # index work in order, never two at once
        self._generation = 0
        self._searching = False  # a search was submitted and its result has not arrived
        self._activate_on_result = False  # Enter was pressed before the result arrived
        self._signals = _Signals(self)
        self._signals.done.connect(self._on_done)
        self._signals.failed.connect(self._on_failed)
        self._signals.progress.connect(self._on_progress)
        self._signals.prepared.connect(self._on_prepared)

        self.search_box = QLineEdit(self)
        self.search_box.setPlaceholderText("Search notes and transcripts (Ctrl+K)")
        self.search_box.setClearButtonEnabled(True)
        self.search_box.installEventFilter(self)
        self.status = QLabel(self)
        self.model = SearchResultsModel(self)
        self.results = _ResultsView(self)
        self.results.setModel(self.model)
        self.results.setItemDelegate(HitDelegate(self.results))
        self.results.setWordWrap(True)
        self.results.setUniformItemSizes(False)
        self.results.setSelectionMode(QListView.SelectionMode.SingleSelection)
        self.results.activate.connect(self._activate)
        self.results.doubleClicked.connect(self._activate)
        self.results.leave_top.connect(self.search_box.setFocus)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.search_box)
        layout.addWidget(self.status)
        self.rebuild_progress = ProgressPanel(self)  # bar and Cancel while the index is rebuilt
        layout.addWidget(self.rebuild_progress)
        layout.addWidget(self.results, 1)

        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(DEBOUNCE_MS)
        self._debounce.timeout.connect(self._run_search)
        self.search_box.textChanged.connect(lambda _text: self._debounce.start())
        self.search_box.returnPressed.connect(self._activate_first)

        self._rebuild_pool = QThreadPool(self)  # rebuilds beside searches, which meanwhile use the old index
        self._rebuild_pool.setMaxThreadCount(1)
        self._rebuild: Operation | None = None
        if self._built is None:
            self.status.setText("Preparing search…")
        if start:
            self.start()

    # -- public -------------------------------------------------------------

    @Slot()
    def start(self) -> None:
        """Build the service (if it was given as a function) and check the index, off the GUI thread."""
        if self._started:
            return
        self._started = True
        if self._built is None:
            self._submit(self._service_now, tag="prepared")
        self.rebuild_index(force=False)

    @property
    def _service(self) -> SearchService:
        """The service; built here on first use (on the worker threads, never on the GUI thread
        unless asked from there)."""
        if self._built is None:
            with self._building:
                if self._built is None:
                    self._built = self._make_service()
                    self._signals.prepared.emit()
        return self._built

    def _service_now(self) -> SearchService:
        return self._service

    @Slot()
    def _on_prepared(self) -> None:
        if self.status.text() == "Preparing search…":
            self.status.clear()

    @Slot()
    def focus_search(self) -> None:
        """Ctrl+K: put the cursor in the box with its text selected."""
        self.search_box.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search_box.selectAll()

    @Slot()
    def index_changed(self) -> None:
        """Call after a write to the library: the index catches up off the GUI thread."""
        self._submit(lambda: self._service.catch_up(), tag="catch_up")

    @Slot()
    def rebuild_index(self, force: bool = True) -> Operation | None:
        """Rebuild the index in the background (``force=False``: only if missing, damaged or old).

        Searching goes on meanwhile (from the old index, if there is one) and says the index
        is being rebuilt; Cancel keeps the index there was.
        """
        if self._rebuild is not None and not self._rebuild.done:
            return self._rebuild

        def reindex(progress, cancel):
            return self._service.reindex(progress, cancel)

        def ensure_ready(progress, cancel):
            return self._service.ensure_ready(progress, cancel)

        if force:
            operation = Operation(reindex, title="Rebuilding the search index…", parent=self)
        else:
            operation = Operation(ensure_ready, title="Checking the search index…", parent=self)
        operation.succeeded.connect(lambda value: self._rebuilt(force, value))
        operation.cancelled.connect(
            lambda: self.status.setText("Rebuild cancelled: the index there was is kept")
        )
        operation.failed.connect(lambda message: self.status.setText(f"Search index: {message}"))
        self._rebuild = operation
        self.rebuild_progress.track(operation)
        operation.start(self._rebuild_pool)
        return operation

    def _rebuilt(self, force: bool, value) -> None:
        if force or value:
            self.status.setText("Search index rebuilt")
        if self.search_box.text().strip():
            self._run_search()  # hits the rebuild may have added

    def shutdown(self) -> None:
        """Wait for index work in flight (call before the library closes)."""
        self._debounce.stop()
        if self._rebuild is not None and not self._rebuild.done:
            self._rebuild.cancel()
        self._rebuild_pool.waitForDone()
        self._pool.waitForDone()

    # -- searching ------------------------------------------------------------

    def _submit(self, work, tag: str) -> None:
        """Queue ``work`` on the worker; a search carries the current search generation."""
        generation = self._generation if tag == "search" else -1
        self._pool.start(_Job(generation, lambda: (tag, work()), self._signals))

    @Slot()
    def _run_search(self) -> None:
        query = self.search_box.text()
        if not query.strip():
            self._generation += 1  # drop any search still in flight
            self._searching = self._activate_on_result = False
            self.model.set_hits([])
            self.status.clear()
            return
        self._searching = True
        self._generation += 1

        def work() -> tuple[str, list[Hit], bool]:
            service = self._service
            before = service.rebuilding
            service.catch_up()  # changes committed since the last search are found too
            hits = service.search(query, limit=50)
            return query, hits, before or service.rebuilding

        self._submit(work, tag="search")

    @Slot(int, object)
    def _on_done(self, generation: int, result) -> None:
        tag, value = result
        if tag != "search" or generation != self._generation:
            return  # an older search: the box has changed since
        query, hits, during_rebuild = value
        self._searching = False
        self.model.set_hits(hits)
        found = f"{len(hits)} hit{'s' * (len(hits) != 1)}" if hits else "No hits"
        if during_rebuild:
            found += " so far: the search index is being rebuilt…"
        self.status.setText(found)
        self.searched.emit(query, len(hits))
        if during_rebuild and not hits:
            return  # Enter waits for the search run again when the rebuild is done
        if self._activate_on_result:
            self._activate_on_result = False
            self._activate_first()

    @Slot(int, str)
    def _on_failed(self, generation: int, message: str) -> None:
        if generation == self._generation:
            self._searching = self._activate_on_result = False
        self.status.setText(f"Search unavailable: {message}")

    @Slot(float, str)
    def _on_progress(self, fraction: float, message: str) -> None:
        self.status.setText(f"Building the search index… {fraction:.0%}")

    # -- keys and activation ------------------------------------------------

    def eventFilter(self, watched: QObject, event) -> bool:
        if (
            watched is self.search_box
            and isinstance(event, QKeyEvent)
            and event.type() == QKeyEvent.Type.KeyPress
        ):
            if event.key() == Qt.Key.Key_Down and self.model.hit_count():
                self.results.setFocus()
                first = self.model.index(_first_hit_row(self.model), 0)
                self.results.setCurrentIndex(first)
                return True
            if event.key() == Qt.Key.Key_Escape:
                self.search_box.clear()
                return True
        return super().eventFilter(watched, event)

    @Slot()
    def _activate_first(self) -> None:
        """Enter in the box: open the best hit (of the search still running, if one is)."""
        if self._debounce.isActive() or self._searching:
            self._activate_on_result = True
            if self._debounce.isActive():
                self._debounce.stop()
                self._run_search()
            return
        row = _first_hit_row(self.model)
        if row >= 0:
            self._activate(self.model.index(row, 0))

    @Slot(QModelIndex)
    def _activate(self, index: QModelIndex) -> None:
        hit: Hit | None = index.data(HitRole)
        if hit is None:
            return
        self.hit_chosen.emit(hit)
        self.hit_activated.emit(hit.episode, hit.start if hit.start is not None else 0.0)
        self.hit_row_activated.emit(hit.episode, hit.row if hit.row is not None else -1)
