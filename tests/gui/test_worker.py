"""The background-work helper: results, errors and cancellation come back as signals."""

from __future__ import annotations

import threading

from earmark.core.errors import InputError
from earmark.gui.worker import Operation, ProgressPanel


def test_result_comes_back_on_the_gui_thread(qtbot):
    """A plain function runs on the pool; its result arrives through ``succeeded`` in the GUI thread."""
    seen = {}

    def work(progress, cancel):
        seen["thread"] = threading.current_thread()
        progress(0.5, "halfway")
        return 42

    operation = Operation(work, "test")
    received = []
    operation.succeeded.connect(lambda value: received.append((value, threading.current_thread())))
    with qtbot.waitSignal(operation.finished, timeout=5000):
        operation.start()
    assert received == [(42, threading.main_thread())]
    assert seen["thread"] is not threading.main_thread()


def test_bad_input_fails_with_its_one_line(qtbot):
    """An InputError becomes ``failed`` with the error's one-line message."""

    def work(progress, cancel):
        raise InputError("/x/episode.srt", "is empty")

    operation = Operation(work)
    with qtbot.waitSignal(operation.failed, timeout=5000) as blocker:
        operation.start()
    assert blocker.args == ["episode.srt: is empty"]


def test_cancel_stops_a_cooperative_job(qtbot):
    """Cancel sets the token; the job's check() raises and ``cancelled`` fires, not ``succeeded``."""
    started = threading.Event()

    def work(progress, cancel):
        started.set()
        while True:
            cancel.check()
            cancel._event.wait(0.01)

    operation = Operation(work)
    succeeded = []
    operation.succeeded.connect(succeeded.append)
    with qtbot.waitSignal(operation.cancelled, timeout=5000):
        operation.start()
        assert started.wait(5)
        operation.cancel()
    assert succeeded == []


def test_progress_is_throttled(qtbot):
    """Thousands of progress calls reach the GUI as a handful of updates (and always the last)."""

    def work(progress, cancel):
        for i in range(5000):
            progress(i / 5000, "")
        progress(1.0, "done")

    operation = Operation(work)
    updates = []
    operation.progress.connect(lambda f, m: updates.append(f))
    with qtbot.waitSignal(operation.finished, timeout=5000):
        operation.start()
    qtbot.wait(50)
    assert 1 <= len(updates) < 50
    assert updates[-1] == 1.0


def test_progress_panel_shows_while_running_and_hides_after(qtbot):
    """The status-bar panel follows one operation and hides when it finishes; Cancel cancels."""
    gate = threading.Event()

    def work(progress, cancel):
        gate.wait(5)
        cancel.check()

    panel = ProgressPanel()
    qtbot.addWidget(panel)
    operation = Operation(work, "Working…")
    panel.track(operation)
    operation.start()
    assert panel.isVisibleTo(None) or not panel.isHidden()
    with qtbot.waitSignal(operation.cancelled, timeout=5000):
        panel.cancel_button.click()
        gate.set()
    qtbot.waitUntil(panel.isHidden)
