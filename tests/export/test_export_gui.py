"""The export dialog (choices, preview, progress, Cancel, memory) and copy-with-time in the real window."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QItemSelectionModel, QSettings, Qt
from PySide6.QtWidgets import QApplication

from earmark.core.links import parse_link
from earmark.gui.export_dialog import ExportDialog
from earmark.services.exporting import Selection


@pytest.fixture
def settings(tmp_path) -> QSettings:
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def dialog_for(qtbot, library, settings):
    from earmark.gui.main import make_application

    make_application()

    def make(episode_id: int | None) -> ExportDialog:
        dialog = ExportDialog(library.services, settings, episode_id)
        qtbot.addWidget(dialog)
        dialog.show()
        return dialog

    return make


def _choose(combo, data) -> None:
    combo.setCurrentIndex(combo.findData(data))


def test_preview_shows_the_first_file(dialog_for, library, qtbot):
    """Opened on an episode: this episode, Markdown, and the preview is the note with its time link."""
    dialog = dialog_for(library.first)
    assert dialog.what.currentData() == "episode" and dialog.fmt() == "md"
    assert "> This is a test." in dialog.preview.toPlainText()
    assert "Greeting part one two.md" in dialog.preview_label.text()
    _choose(dialog.format, "readwise")
    qtbot.waitUntil(lambda: dialog.preview.toPlainText().startswith("Highlight,Title,Author"))


def test_no_episode_open_offers_tag_podcast_everything(dialog_for, library, qtbot):
    """With no episode open: a tag, a podcast or everything; a tag lists the library's tags."""
    dialog = dialog_for(None)
    assert [dialog.what.itemData(i) for i in range(dialog.what.count())] == ["tag", "podcast", "all"]
    _choose(dialog.what, "tag")
    tags = [dialog.choice.itemText(i) for i in range(dialog.choice.count())]
    assert "later" in tags and "ideas" in tags
    dialog.choice.setCurrentIndex(dialog.choice.findText("later"))
    qtbot.waitUntil(lambda: "Second.md" in dialog.preview_label.text())


def test_export_runs_in_background_and_choices_are_remembered(dialog_for, library, qtbot, tmp_path):
    """Export everything as Markdown to a folder through the worker; a new dialog remembers the choices."""
    dialog = dialog_for(None)
    _choose(dialog.what, "all")
    _choose(dialog.format, "md")
    dialog.destination.setText(str(tmp_path / "vault"))
    dialog.start_export()
    qtbot.waitUntil(lambda: dialog.operation is None, timeout=20000)
    assert sorted(p.name for p in (tmp_path / "vault").iterdir()) == ["Greeting part one two.md", "Second.md"]
    assert dialog.status.text().startswith("Wrote 2 files")
    again = dialog_for(None)
    assert again.what.currentData() == "all" and again.fmt() == "md"
    assert again.destination.text() == str(tmp_path / "vault")


def test_progress_and_cancel(dialog_for, library, qtbot, tmp_path):
    """Forty clips: the bar shows while it runs, Cancel stops it, no half-written clip is left."""
    for n in range(40):
        library.services.annotations.create_highlight(library.first, 0.1 + n * 0.05, 2.5 + n * 0.05)
    dialog = dialog_for(library.first)
    _choose(dialog.format, "clip")
    folder = tmp_path / "clips"
    dialog.destination.setText(str(folder))
    seen: list[float] = []
    operation = dialog.start_export()
    operation.progress.connect(lambda fraction, _m: seen.append(fraction))
    assert dialog.bar.isVisible() and not dialog.export_button.isEnabled()
    # a clip on disk and its progress delivered (queued from the worker thread: a Cancel clicked between
    # the two left ``seen`` empty on a loaded machine)
    qtbot.waitUntil(lambda: bool(seen) and len(list(folder.glob("*.m4a"))) >= 1, timeout=20000)
    qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.operation is None, timeout=20000)
    assert dialog.status.text() == "Export cancelled" and not dialog.bar.isVisible()
    assert 1 <= len(list(folder.glob("*.m4a"))) < 41 and not list(folder.glob("*.part"))
    assert seen and max(seen) < 1.0


def test_copy_quote_with_time_from_selected_lines(make_window, library, qtbot):
    """Ctrl+Shift+C on two selected lines puts Markdown with the quote and its time link on the clipboard."""
    window = make_window()
    window.open_episode(library.first)
    view = window.transcript.view
    model = view.transcript_model
    view.selectionModel().select(model.index(1), QItemSelectionModel.SelectionFlag.Select)
    view.selectionModel().select(model.index(2), QItemSelectionModel.SelectionFlag.Select)
    view.setFocus()
    qtbot.keyClick(
        view, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    )
    text = QApplication.clipboard().text()
    assert text.startswith("> This is a test. Goodbye now.\n>\n> — Greeting: part one/two, [0:01](")
    link = text.split("](", 1)[1].split(")", 1)[0]
    parsed = parse_link(link)
    assert (parsed.episode_id, parsed.start, parsed.end) == (library.first, 1.6, 4.4)
    assert "https://example.org/media/ep1.mp3#t=1.6,4.4" in text


def test_copy_quote_of_a_highlight_and_clip_from_its_menu(make_window, library, qtbot, tmp_path):
    """The notes panel's highlight menu copies the quote with its time and cuts its clip in the background."""
    window = make_window()
    window.open_episode(library.first)
    panel = window.annotations.panel
    rect = panel.list.visualRect(panel.model.index(0))
    menu = window.export_actions.highlight_menu(rect.center())
    assert [a.text() for a in menu.actions()] == ["Copy quote with time", "Export clip…"]
    menu.close()
    text = window.export_actions.copy_highlight(library.highlight)
    assert QApplication.clipboard().text() == text and "t=1.6&end=3" in text
    window.export_actions.export_clip(library.highlight, tmp_path / "one")
    qtbot.waitUntil(lambda: window.export_actions.operation is None, timeout=20000)
    assert len(list((tmp_path / "one").glob("*.m4a"))) == 1


def test_restore_is_under_file_and_refreshes_the_library(make_window, library, qtbot, tmp_path):
    """File → Restore from backup… loads a record in the background; the restored episode is listed."""
    record = library.services.exporter.export(Selection(), "json", tmp_path / "all.json")[0]
    window = make_window()
    texts = [a.text().replace("&", "") for a in window.menus.file.actions()]
    assert texts.index("Restore from backup…") == texts.index("Export…") + 1
    with library.services.database.transaction() as conn:
        conn.execute("DELETE FROM episodes WHERE id = ?", (library.second,))
    window.refresh_library()
    window.export_actions.restore(Path(record))
    qtbot.waitUntil(lambda: window.export_actions.operation is None, timeout=20000)
    titles = {e.title for e in library.services.library.episodes()}
    assert titles == {"Greeting: part one/two", "Second"}


def test_closing_the_dialog_cancels_the_export(dialog_for, library, qtbot, tmp_path):
    """Closing the dialog while it exports cancels the export; no half-written clip is left."""
    from earmark.gui.worker import Operation

    for n in range(40):
        library.services.annotations.create_highlight(library.first, 0.1 + n * 0.05, 2.5 + n * 0.05)
    dialog = dialog_for(library.first)
    _choose(dialog.format, "clip")
    folder = tmp_path / "clips"
    dialog.destination.setText(str(folder))
    operation = dialog.start_export()
    dialog.reject()
    qtbot.waitUntil(lambda: operation not in Operation._running, timeout=20000)
    assert operation.token.cancelled
    assert len(list(folder.glob("*.m4a"))) < 41 and not list(folder.glob("*.part"))
