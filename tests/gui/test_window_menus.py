"""The window's menus, import and attach dialogs, context menus, shortcut sheet and settings."""

from __future__ import annotations

import shutil

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication, QDialog, QFileDialog, QMenu


def _menu_titles(window) -> list[str]:
    return [a.text().replace("&", "") for a in window.menuBar().actions()]


def _action(window, text: str):
    for action in window.findChildren(type(window.menuBar().actions()[0])):
        if action.text().replace("&", "").rstrip("…") == text:
            return action
    raise AssertionError(f"no action {text!r}")


def test_the_menu_bar_has_file_edit_view_playback_and_help(make_window):
    """File, Edit, View and Playback come first, Help last."""
    titles = _menu_titles(make_window())
    assert titles[:4] == ["File", "Edit", "View", "Playback"]
    assert titles[-1] == "Help"


def test_ctrl_q_closes_the_window(make_window, qtbot):
    """Ctrl+Q quits: the window closes."""
    window = make_window()
    qtbot.keyClick(window, Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=2000)


def test_file_import_picks_up_the_transcript_beside_the_audio(make_window, spoken_files, tmp_path, qtbot):
    """Choosing only ep.wav in the import dialog imports ep.vtt beside it as its transcript."""
    audio, transcript, _starts = spoken_files
    folder = tmp_path / "chosen"
    folder.mkdir()
    shutil.copy(audio, folder / "ep.wav")
    shutil.copy(transcript, folder / "ep.vtt")
    window = make_window()
    _action(window, "Import audio and transcript").trigger()
    dialog = window.findChild(QFileDialog, "importDialog")
    assert dialog is not None and dialog.isVisible()
    dialog.filesSelected.emit([str(folder / "ep.wav")])
    qtbot.waitUntil(lambda: window.episode is not None, timeout=20000)
    assert window.transcript.view.transcript_model.rowCount() == 5


def test_attaching_show_notes_adds_them_instead_of_refusing(make_window, spoken_episode, samples, qtbot):
    """Show notes attached to an open episode become its notes (they used to be refused)."""
    window = make_window()
    window.open_episode(spoken_episode.id)
    window.attach_file(samples / "thursdai_shownotes_mojibake.md")
    qtbot.waitUntil(lambda: "ThursdAI" in window.episode.notes, timeout=10000)
    assert "not a transcript" not in window.statusBar().currentMessage()
    assert window.transcript.view.transcript_model.rowCount() == 5  # the transcript is kept


def test_episode_context_menu_offers_rename_delete_played_and_file(make_window, spoken_episode, qtbot):
    """Right-click on an episode: Play, Rename, Delete, Mark played, Show audio file."""
    window = make_window()
    window.refresh_library()
    menu = window.library_actions.episode_menu(spoken_episode.id, QPoint(10, 10))
    texts = [a.text().replace("&", "") for a in menu.actions() if a.isVisible() and a.text()]
    assert texts == ["Play", "Rename episode…", "Delete episode", "Mark played", "Show audio file"]
    menu.close()


def test_line_context_menu_plays_highlights_and_copies(make_window, spoken_episode, qtbot):
    """Right-click on a line: play from here, highlight, copy with timestamp (copied as [m:ss] text)."""
    window = make_window()
    window.open_episode(spoken_episode.id)
    view = window.transcript.view
    rect = view.visualRect(view.transcript_model.index(1))
    menu = window.library_actions.line_menu(rect.center())
    assert isinstance(menu, QMenu)
    texts = [a.text().split("\t")[0] for a in menu.actions()]
    assert texts == ["Play from here", "Highlight line", "Highlight words…", "Copy with timestamp"]
    menu.actions()[3].trigger()
    assert QApplication.clipboard().text() == "[0:01] Here comes the second one."
    menu.close()


def test_f1_opens_the_shortcut_sheet_listing_the_menus_keys(make_window, qtbot):
    """F1 shows the keyboard sheet; it lists Ctrl+Q and Space from the live menus."""
    window = make_window()
    qtbot.keyClick(window, Qt.Key.Key_F1)
    sheet = window.menus.sheet
    assert sheet.isVisible()
    text = sheet.browser.toPlainText()
    assert "Ctrl+Q" in text and "Space" in text and "Keyboard shortcuts" in text
    sheet.close()


def test_question_mark_opens_the_sheet_too(make_window, qtbot):
    """`?` (outside a text field) shows the same sheet."""
    window = make_window()
    window.transcript.view.setFocus()
    qtbot.keyClick(window.transcript.view, Qt.Key.Key_Question, Qt.KeyboardModifier.ShiftModifier)
    assert window.menus.sheet.isVisible()
    window.menus.sheet.close()


def test_about_names_the_app_and_its_library(make_window, qtbot):
    """Help > About shows a box naming Earmark and the library folder."""
    window = make_window()
    _action(window, "About Earmark").trigger()
    box = window.menus.about_box
    assert box.isVisible()
    assert "Earmark" in box.text() and str(window.services.folder) in box.text()
    box.accept()


def test_settings_change_the_skip_lengths_at_once(make_window, spoken_episode, qtbot):
    """Settings: skip back 5 s; OK, then ← moves back 5 s, not 15."""
    window = make_window()
    window.open_episode(spoken_episode.id)
    window.menus.open_settings()
    dialog = window.menus.dialog
    dialog.back.setValue(5)
    dialog.theme.setCurrentIndex(dialog.theme.findData("dark"))
    dialog.accept()
    assert dialog.result() == QDialog.DialogCode.Accepted
    window.controller.seek(8.0)
    qtbot.waitUntil(lambda: abs(window.controller.position() - 8.0) < 0.3, timeout=3000)
    window.transcript.view.setFocus()
    qtbot.keyClick(window.transcript.view, Qt.Key.Key_Left)
    assert abs(window.controller.position() - 3.0) < 0.3
    assert window.settings.value("prefs/theme") == "dark"
    assert "5" in window.player_bar.back_button.toolTip()


def test_file_menu_opens_the_add_podcast_and_export_dialogs(make_window, qtbot):
    """File → Add podcast… and File → Export… open their dialogs."""
    from PySide6.QtWidgets import QDialog

    window = make_window()
    window.menus.export()
    qtbot.waitUntil(lambda: window.menus.dialog.isVisible())
    assert type(window.menus.dialog).__name__ == "ExportDialog"
    window.menus.dialog.reject()
    before = set(window.findChildren(QDialog))
    window.menus.add_podcast()
    qtbot.waitUntil(lambda: any(d.isVisible() for d in set(window.findChildren(QDialog)) - before))
    for dialog in window.findChildren(QDialog):
        dialog.reject()


def test_a_library_folder_chosen_in_settings_is_used_from_the_next_start(
    make_window, tmp_path, monkeypatch, qtbot
):
    """Settings › Library folder: the next start (no --library, no EARMARK_LIBRARY) opens that folder."""
    from earmark.app import library_dir

    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    window = make_window()
    window.menus.open_settings()
    dialog = window.menus.dialog
    dialog.folder.setText(str(tmp_path / "elsewhere"))
    dialog.accept()
    assert "next start" in window.statusBar().currentMessage()
    assert library_dir() == tmp_path / "elsewhere"
    assert library_dir(tmp_path / "given") == tmp_path / "given"


def test_n_writes_a_note_and_ctrl_t_goes_back_keyboard_only(make_window, services, spoken_episode, qtbot):
    """H highlights the line, N puts the cursor in its note, typing is saved, Ctrl+T returns to the lines."""
    window = make_window()
    window.open_episode(spoken_episode.id)
    view = window.transcript.view
    view.setFocus()
    view.setCurrentIndex(view.transcript_model.index(1))
    qtbot.keyClick(view, Qt.Key.Key_H)
    qtbot.keyClick(view, Qt.Key.Key_N)
    note = window.annotations.panel.note_edit
    assert note.hasFocus()
    qtbot.keyClicks(note, "noted: H and N")
    qtbot.keyClick(note, Qt.Key.Key_T, Qt.KeyboardModifier.ControlModifier)
    assert view.hasFocus()
    (highlight,) = services.annotations.highlights(spoken_episode.id)
    assert highlight.note == "noted: H and N"


def test_no_two_actions_share_a_key(make_window):
    """Every shortcut belongs to one action (Qt makes an ambiguous key do nothing at all)."""
    from collections import Counter

    from PySide6.QtGui import QAction, QShortcut

    window = make_window()
    keys = Counter()
    for action in window.findChildren(QAction):
        for key in action.shortcuts():
            if not key.isEmpty():
                keys[key.toString()] += 1
    for shortcut in window.findChildren(QShortcut):
        if shortcut.isEnabled() and not shortcut.key().isEmpty():
            keys[shortcut.key().toString()] += 1
    assert [k for k, n in keys.items() if n > 1] == []
