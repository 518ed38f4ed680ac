"""The one helper for background work (in the spirit of Anki's ``CollectionOp``).

A long job is a plain function ``fn(progress, cancel_token)``. :class:`Operation` runs it on
a :class:`QThreadPool` and reports back on the GUI thread through signals; the job never
touches a widget. Progress is throttled to ~10 updates a second. :class:`ProgressPanel` is
the small status-bar widget (label, bar, Cancel) that follows an operation.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any, ClassVar

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QToolButton, QWidget

from earmark.core.errors import Cancelled, InputError
from earmark.core.progress import CancelToken, Progress, throttled

log = logging.getLogger(__name__)

Job = Callable[[Progress, CancelToken], Any]


class Operation(QObject):
    """One run of ``fn`` on the pool. Connect to its signals, then call :meth:`start`.

    Exactly one of ``succeeded``, ``failed`` or ``cancelled`` fires, then ``finished``.
    """

    progress = Signal(float, str)
    succeeded = Signal(object)
    failed = Signal(str)
    cancelled = Signal()
    finished = Signal()

    _running: ClassVar[set[Operation]] = set()  # keeps Python wrappers alive until they finish

    def __init__(self, fn: Job, title: str = "", parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.fn = fn
        self.title = title
        self.token = CancelToken()
        self._done = False

    def start(self, pool: QThreadPool | None = None) -> Operation:
        Operation._running.add(self)
        self.finished.connect(self._forget)  # a bound slot: delivered on the GUI thread
        (pool or QThreadPool.globalInstance()).start(_Runnable(self))
        return self

    def cancel(self) -> None:
        self.token.cancel()

    def _forget(self) -> None:
        Operation._running.discard(self)

    @property
    def done(self) -> bool:
        return self._done

    # Runs on the worker thread: only emit signals (queued to the GUI thread).
    def _run(self) -> None:
        report = throttled(lambda f, m: self.progress.emit(float(f), str(m)))
        try:
            result = self.fn(report, self.token)
        except Cancelled:
            self.cancelled.emit()
        except InputError as error:
            self.failed.emit(str(error))
        except Exception as error:  # a bug, not bad input: keep the traceback in the log
            log.exception("background job %r failed", self.title)
            first = str(error).splitlines()[0] if str(error) else ""
            self.failed.emit(f"{type(error).__name__}: {first}" if first else type(error).__name__)
        else:
            if self.token.cancelled:
                self.cancelled.emit()
            else:
                self.succeeded.emit(result)
        self._done = True
        self.finished.emit()


class _Runnable(QRunnable):
    def __init__(self, operation: Operation) -> None:
        super().__init__()
        self._operation = operation
        self.setAutoDelete(True)

    def run(self) -> None:
        self._operation._run()


class ProgressPanel(QWidget):
    """Label, bar and Cancel for the status bar; hidden when nothing runs."""

    visibility_changed = Signal(bool)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        self.label = QLabel()
        self.bar = QProgressBar()
        self.bar.setRange(0, 1000)
        self.bar.setFixedWidth(160)
        self.bar.setTextVisible(False)
        self.cancel_button = QToolButton()
        self.cancel_button.setText("Cancel")
        self.cancel_button.setAutoRaise(True)
        layout.addWidget(self.label)
        layout.addWidget(self.bar)
        layout.addWidget(self.cancel_button)
        self._operation: Operation | None = None
        self.cancel_button.clicked.connect(self._cancel)
        self.hide()

    def track(self, operation: Operation) -> None:
        """Show ``operation``'s progress until it finishes."""
        self._operation = operation
        self.label.setText(operation.title)
        self.bar.setValue(0)
        self.cancel_button.setEnabled(True)
        operation.progress.connect(self._on_progress)
        operation.finished.connect(self._on_finished)
        self.show()

    def setVisible(self, visible: bool) -> None:
        super().setVisible(visible)
        self.visibility_changed.emit(visible)

    def _on_progress(self, fraction: float, message: str) -> None:
        self.bar.setValue(round(max(0.0, min(1.0, fraction)) * 1000))
        if message:
            self.label.setText(message)

    def _cancel(self) -> None:
        if self._operation is not None:
            self._operation.cancel()
            self.cancel_button.setEnabled(False)
            self.label.setText("Cancelling…")

    def _on_finished(self) -> None:
        if self.sender() is self._operation:
            self._operation = None
            self.hide()
