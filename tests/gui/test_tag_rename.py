"""Renaming and merging tags from the window: across the library, renames undoable."""

from __future__ import annotations

from earmark.gui.tag_dialog import TagDialog


def test_rename_tag_applies_everywhere_and_undoes(make_window, spoken_episode, services, qtbot):
    """Renaming a tag changes it on every highlight; Ctrl+Z puts the old name back."""
    window = make_window()
    window.open_episode(spoken_episode.id)
    first = services.annotations.create_highlight(spoken_episode.id, 0.0, 1.0, tags=["ideas"])
    second = services.annotations.create_highlight(spoken_episode.id, 2.0, 3.0, tags=["ideas", "work"])
    window.annotations.apply_tag_rename("ideas", "insights")
    assert services.annotations.highlight(first.id).tags == ["insights"]
    assert sorted(services.annotations.highlight(second.id).tags) == ["insights", "work"]
    window.annotations.editor.undo()
    assert services.annotations.highlight(first.id).tags == ["ideas"]


def test_renaming_onto_an_existing_tag_merges(make_window, spoken_episode, services, qtbot):
    """Renaming onto a tag that exists merges the two into one tag."""
    window = make_window()
    window.open_episode(spoken_episode.id)
    one = services.annotations.create_highlight(spoken_episode.id, 0.0, 1.0, tags=["ml"])
    services.annotations.create_highlight(spoken_episode.id, 2.0, 3.0, tags=["machine learning"])
    window.annotations.apply_tag_rename("ml", "machine learning")
    assert services.annotations.highlight(one.id).tags == ["machine learning"]
    assert services.annotations.all_tags() == ["machine learning"]
    assert "Merged" in window.statusBar().currentMessage()


def test_dialog_says_when_a_rename_is_a_merge(qtbot):
    """The dialog warns that a name already in use merges, and cannot be undone."""
    dialog = TagDialog(["ideas", "work"])
    qtbot.addWidget(dialog)
    dialog.tag.setCurrentText("ideas")
    dialog.new_name.setText("Work")
    assert dialog.merges() and "cannot be undone" in dialog.hint.text()
    dialog.new_name.setText("insights")
    assert not dialog.merges()
