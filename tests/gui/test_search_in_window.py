"""Searching from the main window: Ctrl+K, type, Enter, and playback starts at the hit."""

from __future__ import annotations

from PySide6.QtCore import Qt


def test_enter_on_a_hit_plays_from_its_start(make_window, spoken_episode, qtbot):
    """Type a query in the search dock, press Enter: the player is at the hit's start within 250 ms."""
    window = make_window()
    qtbot.keyClick(window, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    assert window.search.dock.isVisible()
    box = window.search.panel.search_box
    assert box.hasFocus()
    qtbot.keyClicks(box, "longer")  # only the third line says it
    qtbot.waitUntil(lambda: window.search.panel.model.hit_count() > 0, timeout=15000)
    qtbot.keyClick(box, Qt.Key.Key_Return)
    qtbot.waitUntil(
        lambda: window.episode is not None and window.controller.state() == "playing", timeout=10000
    )
    assert window.episode.id == spoken_episode.id
    third = spoken_episode.starts[2]
    assert abs(window.controller.position() - third) < 0.25


def test_a_new_note_is_found_without_reindexing(make_window, spoken_episode, services, qtbot):
    """A note written after the window opened is found by the next search (the index catches up)."""
    window = make_window()
    services.annotations.create_highlight(spoken_episode.id, 0.0, 1.0, note="remember the zeppelin")
    window.search.open_search()
    qtbot.keyClicks(window.search.panel.search_box, "zeppelin")
    qtbot.waitUntil(lambda: window.search.panel.model.hit_count() == 1, timeout=15000)


def test_ctrl_f_in_the_transcript_finds_and_steps_through_matches(make_window, spoken_episode, qtbot):
    """Ctrl+F with the transcript focused opens find; all matching lines are selected; Enter steps."""
    window = make_window()
    window.open_episode(spoken_episode.id)
    window.transcript.view.setFocus()
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    bar = window.transcript.find_bar
    assert bar.isVisible() and bar.box.hasFocus()
    qtbot.keyClicks(bar.box, "line")  # lines 1, 3 and 5 say "line"
    qtbot.waitUntil(lambda: bar.matches == [0, 2, 4], timeout=5000)
    selected = sorted(i.row() for i in window.transcript.view.selectionModel().selectedRows())
    assert selected == [0, 2, 4]
    qtbot.keyClick(bar.box, Qt.Key.Key_Return)
    assert bar.current_row == 2
    qtbot.keyClick(bar.box, Qt.Key.Key_Escape)
    assert not bar.isVisible()


def test_ctrl_f_elsewhere_filters_episodes(make_window, spoken_episode, qtbot):
    """Ctrl+F outside the transcript still goes to the episode filter."""
    window = make_window()
    window.search.open_search()  # focus in the search dock, outside the transcript
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert window.library.filter_box.hasFocus()
    assert not window.transcript.find_bar.isVisible()
