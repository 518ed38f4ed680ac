"""Progress reporting and cooperative cancellation for long work.

Long work is a plain function taking ``progress(fraction, message)`` and a
:class:`CancelToken`; the GUI runs it on a worker thread, the CLI in the
foreground. Same function, two front ends.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

from earmark.core.errors import Cancelled

Progress = Callable[[float, str], None]


def no_progress(fraction: float, message: str) -> None:
    """A progress callback that ignores everything."""


class CancelToken:
    """A flag the caller sets and the worker checks in its loop."""

    def __init__(self) -> None:
        self._event = threading.Event()

    def cancel(self) -> None:
        self._event.set()

    @property
    def cancelled(self) -> bool:
        return self._event.is_set()

    def check(self) -> None:
        """Raise :class:`Cancelled` if cancellation was asked for."""
        if self._event.is_set():
            raise Cancelled()


def throttled(progress: Progress, per_second: float = 10.0) -> Progress:
    """Wrap ``progress`` so it fires at most ``per_second`` times (and always at 1.0)."""
    interval = 1.0 / per_second
    last = [0.0]

    def report(fraction: float, message: str) -> None:
        now = time.monotonic()
        if fraction >= 1.0 or now - last[0] >= interval:
            last[0] = now
            progress(fraction, message)

    return report


def scaled(progress: Progress, start: float, span: float, prefix: str = "") -> Progress:
    """Map a sub-task's 0..1 onto ``start .. start + span`` of the whole (with a message prefix)."""

    def report(fraction: float, message: str) -> None:
        progress(start + span * min(max(fraction, 0.0), 1.0), prefix + message)

    return report
