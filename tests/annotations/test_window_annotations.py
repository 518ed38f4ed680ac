"""Annotating in the real main window: selection, keys while playing, notes, tags, undo, reopening."""

from __future__ import annotations

from PySide6.QtCore import Qt

from earmark.gui.transcript_model import Role

from .conftest import LINES


def _click(qtbot, view, row, modifier=Qt.KeyboardModifier.NoModifier):
    rect = view.visualRect(view.transcript_model.index(row))
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, modifier, rect.center())


def _colours(window):
    model = window.transcript.view.transcript_model
    return {row: model.index(row).data(Role.HIGHLIGHTS) for row in range(model.rowCount())}


def test_click_then_h_highlights_the_line(make_window, services, episode, qtbot):
    """Click a line, press H: that line is highlighted, painted, and marked on the slider."""
    window = make_window()
    window.open_episode(episode)
    view = window.transcript.view
    _click(qtbot, view, 2)
    qtbot.keyClick(view, Qt.Key.Key_H)
    [h] = services.annotations.highlights(episode)
    assert h.quote == LINES[2][2]
    assert _colours(window)[2] == ["yellow"] and _colours(window)[1] == []
    assert [seconds for seconds, _ in window.player_bar.slider.marks] == [4.5]
    assert window.annotations.panel.model.highlights()[0].id == h.id


def test_shift_click_range_highlights_all_lines_without_seeking(make_window, services, episode, qtbot):
    """Click one line and shift-click another: H highlights the whole range; the shift-click did not seek."""
    window = make_window()
    window.open_episode(episode)
    view = window.transcript.view
    _click(qtbot, view, 1)
    qtbot.waitUntil(lambda: abs(window.controller.position() - 2.0) < 0.3, timeout=3000)
    _click(qtbot, view, 3, Qt.KeyboardModifier.ShiftModifier)
    assert abs(window.controller.position() - 7.0) > 1.0
    qtbot.keyClick(view, Qt.Key.Key_H)
    [h] = services.annotations.highlights(episode)
    assert (h.start, h.end) == (2.0, 9.0)
    assert [row for row, c in _colours(window).items() if c] == [1, 2, 3]


def test_keyboard_selection_and_colour_key(make_window, services, episode, qtbot):
    """Arrow keys with Shift select lines; 3 picks blue; H highlights them in blue."""
    window = make_window()
    window.open_episode(episode)
    view = window.transcript.view
    view.setFocus()
    view.setCurrentIndex(view.transcript_model.index(4))
    qtbot.keyClick(view, Qt.Key.Key_Down, Qt.KeyboardModifier.ShiftModifier)
    qtbot.keyClick(view, Qt.Key.Key_3)
    qtbot.keyClick(view, Qt.Key.Key_H)
    [h] = services.annotations.highlights(episode)
    assert (h.quote, h.colour) == (f"{LINES[4][2]} {LINES[5][2]}", "blue")


def test_b_and_shift_b_while_playing_keep_playing(make_window, services, episode, qtbot):
    """B highlights the sentence being spoken, Shift+B the last 30 s; playback never stops."""
    window = make_window()
    window.open_episode(episode)
    window.controller.seek(7.2)
    window.controller.play()
    qtbot.waitUntil(lambda: window.controller.state() == "playing" and window.controller.position() > 7.3)
    view = window.transcript.view
    qtbot.keyClick(view, Qt.Key.Key_B)
    qtbot.keyClick(view, Qt.Key.Key_B, Qt.KeyboardModifier.ShiftModifier)
    now = window.controller.position()
    assert window.controller.state() == "playing"
    spoken, last = sorted(services.annotations.highlights(episode), key=lambda h: h.end - h.start)
    assert spoken.quote in (LINES[3][2], LINES[4][2])  # the line playing at the key press
    assert last.start == 0.0 and 7.3 < last.end <= now
    assert last.quote.startswith(LINES[0][2])


def test_typing_b_in_a_note_types_it(make_window, services, episode, qtbot):
    """Letter keys in the note editor are text, not highlight shortcuts."""
    window = make_window()
    window.open_episode(episode)
    h = window.annotations.editor.create(lambda s: s.highlight_segment(episode, 0))
    panel = window.annotations.panel
    panel.select_highlight(h.id)
    panel.note_edit.setFocus()
    qtbot.keyClicks(panel.note_edit, "bh3")
    assert panel.note_edit.toPlainText() == "bh3"
    assert len(services.annotations.highlights(episode)) == 1


def test_words_in_a_line(make_window, services, episode, qtbot):
    """Shift+H opens the current line; the selected words become the highlight."""
    window = make_window()
    window.open_episode(episode)
    view = window.transcript.view
    view.setCurrentIndex(view.transcript_model.index(2))
    qtbot.keyClick(view, Qt.Key.Key_H, Qt.KeyboardModifier.ShiftModifier)
    dialog = window.annotations.words_dialog
    cursor = dialog.text.textCursor()
    start = LINES[2][2].index("the brain")
    cursor.setPosition(start)
    cursor.setPosition(start + len("the brain"), cursor.MoveMode.KeepAnchor)
    dialog.text.setTextCursor(cursor)
    dialog.accept()
    [h] = services.annotations.highlights(episode)
    assert h.quote == "the brain" and 4.5 < h.start < h.end < 7.0


def test_undo_redo_keys(make_window, services, episode, qtbot):
    """Ctrl+Z undoes the last annotation change and Ctrl+Shift+Z redoes it."""
    window = make_window()
    window.open_episode(episode)
    view = window.transcript.view
    _click(qtbot, view, 0)
    qtbot.keyClick(view, Qt.Key.Key_H)
    [h] = services.annotations.highlights(episode)
    window.annotations.editor.set_colour(h.id, "pink")
    qtbot.keyClick(view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert services.annotations.highlight(h.id).colour == "yellow"
    qtbot.keyClick(view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert services.annotations.highlights(episode) == []
    assert _colours(window)[0] == []
    both = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    qtbot.keyClick(view, Qt.Key.Key_Z, both)
    qtbot.keyClick(view, Qt.Key.Key_Z, both)
    assert services.annotations.highlight(h.id).colour == "pink"
    assert _colours(window)[0] == ["pink"]


def test_close_and_reopen_finds_everything(make_window, services, episode, qtbot):
    """Highlight, note typed (closed before autosave), tags, episode notes: all there after reopening."""
    window = make_window()
    window.open_episode(episode)
    view = window.transcript.view
    _click(qtbot, view, 3)
    qtbot.keyClick(view, Qt.Key.Key_H)
    panel = window.annotations.panel
    panel.tags_edit.setFocus()
    qtbot.keyClicks(panel.tags_edit, "naps, sleep")
    qtbot.keyClick(panel.tags_edit, Qt.Key.Key_Return)
    panel.note_edit.setFocus()
    qtbot.keyClicks(panel.note_edit, "Try a **20 minute** nap")
    qtbot.keyClicks(panel.episode_notes, "Worth a second listen")
    window.close()  # before the debounce fires

    again = make_window()
    again.open_episode(episode)
    [h] = again.annotations.panel.model.highlights()
    assert (h.quote, h.note, h.tags) == (LINES[3][2], "Try a **20 minute** nap", ["naps", "sleep"])
    assert again.annotations.panel.episode_notes.toPlainText() == "Worth a second listen"
    assert _colours(again)[3] == ["yellow"]
    again.annotations.panel.list.setCurrentIndex(again.annotations.panel.model.index(0))
    assert again.annotations.panel.note_edit.toPlainText() == "Try a **20 minute** nap"
