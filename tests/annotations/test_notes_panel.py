"""The notes panel and undo commands, driven as a person would, over a real library."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from earmark.gui.annotation_commands import AnnotationEditor
from earmark.gui.notes_panel import AUTOSAVE_MS, NotesPanel


@pytest.fixture
def panel(qtbot, services, episode):
    editor = AnnotationEditor(services.annotations)
    widget = NotesPanel(editor)
    qtbot.addWidget(widget)
    widget.resize(360, 700)
    widget.show()
    widget.set_episode(episode)
    yield widget
    editor.detach()


def _click_row(qtbot, panel, row):
    rect = panel.list.visualRect(panel.model.index(row))
    qtbot.mouseClick(panel.list.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def test_lists_highlights_in_time_order_and_click_seeks(qtbot, panel, services, episode):
    """Highlights appear in time order; clicking one asks to seek to its start."""
    later = panel.editor.create(lambda s: s.highlight_segment(episode, 4))
    earlier = panel.editor.create(lambda s: s.highlight_segment(episode, 1))
    assert [h.id for h in panel.model.highlights()] == [earlier.id, later.id]
    with qtbot.waitSignal(panel.seek_requested) as seek:
        _click_row(qtbot, panel, 1)
    assert seek.args == [9.0]


def test_typing_a_note_commits_without_save(qtbot, panel, services, episode):
    """Typed text is committed by the debounce timer alone, within a second."""
    h = panel.editor.create(lambda s: s.highlight_segment(episode, 2))
    panel.select_highlight(h.id)
    qtbot.keyClicks(panel.note_edit, "Memory consolidates in sleep")
    assert AUTOSAVE_MS <= 1000
    qtbot.waitUntil(
        lambda: services.annotations.highlight(h.id).note == "Memory consolidates in sleep", timeout=3000
    )


def test_switching_episode_saves_note_being_typed(qtbot, panel, services, episode):
    """A note still inside its debounce pause is saved when the episode is switched."""
    h = panel.editor.create(lambda s: s.highlight_segment(episode, 0))
    panel.select_highlight(h.id)
    qtbot.keyClicks(panel.note_edit, "half a thought")
    panel.set_episode(None)
    assert services.annotations.highlight(h.id).note == "half a thought"


def test_closing_saves_note_and_episode_notes(qtbot, panel, services, episode):
    """Closing the panel mid-typing saves the highlight's note and the episode notes."""
    h = panel.editor.create(lambda s: s.highlight_segment(episode, 0))
    panel.select_highlight(h.id)
    qtbot.keyClicks(panel.note_edit, "unsaved?")
    qtbot.keyClicks(panel.episode_notes, "episode thoughts")
    panel.close()
    assert services.annotations.highlight(h.id).note == "unsaved?"
    assert services.annotations.episode_notes(episode) == "episode thoughts"


def test_tags_complete_from_library_and_save(qtbot, panel, services, episode):
    """The tag field completes from existing tags; finishing the edit stores the tags."""
    services.annotations.create_highlight(episode, 0, 2, tags=["neuroscience"])
    h = panel.editor.create(lambda s: s.highlight_segment(episode, 3))
    panel.select_highlight(h.id)
    assert "neuroscience" in panel.tag_words.stringList()
    panel.tags_edit.setFocus()
    qtbot.keyClicks(panel.tags_edit, "naps, neu")
    completer = panel.tags_edit.completer()
    assert completer.currentCompletion() == "naps, neuroscience, "
    panel.tags_edit.setText(completer.currentCompletion())
    qtbot.keyClick(panel.tags_edit, Qt.Key.Key_Return)
    assert services.annotations.highlight(h.id).tags == ["naps", "neuroscience"]


def test_undo_redo_note_colour_tags_delete(qtbot, panel, services, episode):
    """Each change undoes and redoes; a deleted highlight comes back with its id and note."""
    service = services.annotations
    h = panel.editor.create(lambda s: s.highlight_segment(episode, 1))
    panel.editor.set_note(h.id, "first")
    panel.editor.set_note(h.id, "first, then more")  # merges with the edit before
    panel.editor.set_colour(h.id, "green")
    panel.editor.set_tags(h.id, ["x"])
    panel.editor.delete(h.id)
    assert service.highlights(episode) == []
    panel.editor.undo()
    assert service.highlight(h.id).note == "first, then more"
    panel.editor.undo()
    assert service.highlight(h.id).tags == []
    panel.editor.undo()
    assert service.highlight(h.id).colour == "yellow"
    panel.editor.undo()
    assert service.highlight(h.id).note == ""
    panel.select_highlight(h.id)
    assert panel.note_edit.toPlainText() == ""
    panel.editor.undo()
    assert service.highlights(episode) == []
    for _ in range(5):
        panel.editor.redo()
    assert service.highlights(episode) == []
    panel.editor.undo()
    restored = service.highlight(h.id)
    assert (restored.note, restored.colour, restored.tags) == ("first, then more", "green", ["x"])


def test_undo_refreshes_note_being_shown(qtbot, panel, services, episode):
    """After undoing a note edit, the editor shows the older text."""
    h = panel.editor.create(lambda s: s.highlight_segment(episode, 1))
    panel.select_highlight(h.id)
    qtbot.keyClicks(panel.note_edit, "draft")
    panel.flush()
    panel.editor.undo()
    assert panel.note_edit.toPlainText() == ""


def test_colour_choice_from_the_box(qtbot, panel, services, episode):
    """Choosing a colour in the box recolours the highlight."""
    h = panel.editor.create(lambda s: s.highlight_segment(episode, 1))
    panel.select_highlight(h.id)
    panel.colour_box.activated.emit(2)
    assert services.annotations.highlight(h.id).colour == "blue"


def test_orphans_are_listed(qtbot, panel, services, episode, tmp_path):
    """Highlights that lost their text after a new transcript show in the orphan list."""
    from .conftest import LINES, srt

    h = panel.editor.create(lambda s: s.highlight_segment(episode, 3))
    path = tmp_path / "new.srt"
    path.write_text(srt([*LINES[:3], *LINES[4:]]), encoding="utf-8")
    services.importer.replace_transcript(episode, path)
    assert [o.id for o in panel.orphan_model.highlights()] == [h.id]
    assert panel.orphan_list.isVisibleTo(panel)
    assert h.id not in [x.id for x in panel.model.highlights()]


def test_delete_button_removes_and_undo_restores(qtbot, panel, services, episode):
    """The panel's Delete button removes the selected highlight; undo brings it back with its note."""
    h = panel.editor.create(lambda s: s.highlight_segment(episode, 2))
    panel.editor.set_note(h.id, "keep me")
    panel.select_highlight(h.id)
    qtbot.mouseClick(panel.delete_button, Qt.MouseButton.LeftButton)
    assert services.annotations.highlights(episode) == [] and panel.model.rowCount() == 0
    panel.editor.undo()
    assert [x.note for x in panel.model.highlights()] == ["keep me"]
