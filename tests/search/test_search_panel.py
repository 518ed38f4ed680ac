"""The search pane and the find bar as real widgets (offscreen) over a real library and index."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from earmark.gui.find_bar import FindBar
from earmark.gui.search_panel import SearchPanel
from earmark.gui.search_results import HitRole, IsHeaderRole


@pytest.fixture
def panel(qtbot, filled):
    widget = SearchPanel(filled.services.search)
    qtbot.addWidget(widget)
    widget.show()
    yield widget
    widget.shutdown()


def _hits(panel):
    model = panel.model
    return [model.index(r, 0).data(HitRole) for r in range(model.rowCount())]


def test_typing_shows_results_grouped_by_episode(qtbot, panel):
    """Typing a query shows a title row, then that episode's hits, without pressing anything."""
    qtbot.keyClicks(panel.search_box, "distillation")
    qtbot.waitUntil(lambda: panel.model.rowCount() > 0, timeout=5000)
    model = panel.model
    assert model.index(0, 0).data(IsHeaderRole) is True
    assert model.index(0, 0).data(Qt.ItemDataRole.DisplayRole) == "Small models"
    assert [h.kind for h in _hits(panel)[1:]] == ["highlight", "note", "transcript"]
    assert panel.status.text() == "3 hits"
    assert not panel.results.grab().isNull()  # the delegate paints titles and marked snippets


def test_enter_emits_hit_with_its_start(qtbot, panel):
    """Enter in the box opens the best hit: hit_activated carries its episode and start time."""
    qtbot.keyClicks(panel.search_box, "specialists")
    with qtbot.waitSignal(panel.hit_activated, timeout=5000) as signal:
        qtbot.keyClick(panel.search_box, Qt.Key.Key_Return)
    episode = panel.model.index(1, 0).data(HitRole).episode
    assert signal.args == [episode, 12.34]


def test_down_then_enter_activates_chosen_hit(qtbot, panel):
    """Down moves from the box into the results (skipping the title row); Down again, Enter opens that hit."""
    qtbot.keyClicks(panel.search_box, "distillation")
    qtbot.waitUntil(lambda: panel.model.rowCount() == 4, timeout=5000)
    qtbot.keyClick(panel.search_box, Qt.Key.Key_Down)
    assert panel.results.currentIndex().row() == 1
    qtbot.keyClick(panel.results, Qt.Key.Key_Down)
    assert panel.results.currentIndex().row() == 2
    with qtbot.waitSignal(panel.hit_row_activated, timeout=2000) as signal:
        qtbot.keyClick(panel.results, Qt.Key.Key_Return)
    assert signal.args[1] == 1  # the note sits on the second transcript line


def test_new_note_found_after_index_changed(qtbot, panel, filled):
    """A note written while the pane is open is found by the next search."""
    episode = filled.services.library.episodes()[-1].id
    filled.add_highlight(episode, 0.0, 4.2, "Welcome back", "Zeppelins everywhere")
    panel.index_changed()
    qtbot.keyClicks(panel.search_box, "zeppelins")
    qtbot.waitUntil(lambda: panel.model.rowCount() == 2, timeout=5000)
    assert _hits(panel)[1].text == "Zeppelins everywhere"


def test_bad_query_shows_no_hits_not_error(qtbot, panel):
    """A lone quote and brackets give "No hits" in the status line."""
    with qtbot.waitSignal(panel.searched, timeout=5000):
        qtbot.keyClicks(panel.search_box, '"((( AND')
    assert panel.status.text() == "No hits"


TEXTS = ["Welcome to the show.", "We distilled the model.", "Distillation works.", "Goodbye now."]


def test_find_bar_lists_matches_and_steps(qtbot):
    """Find matches stemmed words; Enter steps to the next match and wraps around; Shift+Enter goes back."""
    bar = FindBar()
    qtbot.addWidget(bar)
    bar.set_texts(TEXTS)
    with qtbot.waitSignal(bar.matches_changed, timeout=2000) as signal:
        qtbot.keyClicks(bar.box, "distil")
    assert signal.args == [[1, 2]]
    assert (bar.current_row, bar.count.text()) == (1, "1 of 2")
    qtbot.keyClick(bar.box, Qt.Key.Key_Return)
    assert (bar.current_row, bar.count.text()) == (2, "2 of 2")
    qtbot.keyClick(bar.box, Qt.Key.Key_Return)
    assert bar.current_row == 1
    qtbot.keyClick(bar.box, Qt.Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)
    assert bar.current_row == 2


def test_find_bar_no_match(qtbot):
    """A word in no line shows "no matches" and a current row of -1."""
    bar = FindBar()
    qtbot.addWidget(bar)
    bar.set_texts(TEXTS)
    bar.box.setText("zebra")
    bar.refresh()
    assert (bar.matches, bar.current_row, bar.count.text()) == ([], -1, "no matches")


def test_as_you_type_whole_word_ranks_above_completions(qtbot, panel, filled):
    """Typing "ham" key by key: the line saying "ham" is the first hit, above "hamster" and "Hammer."."""
    episode = filled.add_episode(
        "Pets and tools",
        [
            (0.0, 9.0, "Ann", "We spent the show on pets, and my co-host said her hamster escaped again."),
            (
                9.0,
                18.0,
                "Ann",
                "After the recording most of the people there ordered ham with eggs for lunch.",
            ),
        ],
    )
    filled.add_highlight(episode, 0.0, 9.0, "", "Hammer.")
    with qtbot.waitSignal(panel.searched, timeout=5000, check_params_cb=lambda q, n: q == "ham"):
        qtbot.keyClicks(panel.search_box, "ham")
    hits = [h for h in _hits(panel) if h is not None]
    assert "ordered ham with eggs" in hits[0].text
    assert {"Hammer."} <= {h.text for h in hits[1:]}


def test_rebuild_shows_progress_and_search_keeps_working(qtbot, panel, filled):
    """A rebuild from the panel shows its bar with Cancel; searching meanwhile answers and says so."""
    filled.add_episode("Long one", [(i, i + 1.0, None, f"sentence number {i}") for i in range(3000)])
    qtbot.waitUntil(lambda: panel.rebuild_progress.isHidden(), timeout=20000)  # the start-up check
    statuses = []
    panel.status.setText("")
    # read the status as each search answers: polled later, the rebuild's own "Search index rebuilt"
    # may already have replaced it (a race that failed this test once in a full run)
    panel.searched.connect(lambda query, count: statuses.append(panel.status.text()))
    operation = panel.rebuild_index(force=True)
    assert not panel.rebuild_progress.isHidden()
    with qtbot.waitSignal(operation.finished, timeout=60000):
        qtbot.keyClicks(panel.search_box, "tomatoes")
        qtbot.waitUntil(lambda: panel.model.rowCount() > 0, timeout=20000)
    qtbot.waitUntil(lambda: panel.status.text() in ("1 hit", "Search index rebuilt"), timeout=20000)
    assert panel.rebuild_progress.isHidden()
    assert statuses and statuses[-1].startswith("1 hit")


def test_cancelled_rebuild_keeps_the_index(qtbot, panel, filled):
    """Cancel on the rebuild bar: the panel says the index is kept, and searching finds what it did."""
    filled.add_episode("Long one", [(i, i + 1.0, None, f"sentence number {i}") for i in range(3000)])
    qtbot.waitUntil(lambda: panel.rebuild_progress.isHidden(), timeout=20000)
    operation = panel.rebuild_index(force=True)
    with qtbot.waitSignal(operation.finished, timeout=60000):
        qtbot.mouseClick(panel.rebuild_progress.cancel_button, Qt.MouseButton.LeftButton)
    assert panel.status.text() == "Rebuild cancelled: the index there was is kept"
    qtbot.keyClicks(panel.search_box, "tomatoes")
    qtbot.waitUntil(lambda: panel.status.text() == "1 hit", timeout=20000)
