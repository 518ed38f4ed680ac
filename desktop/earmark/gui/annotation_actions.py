"""Annotation in the main window: the notes dock, line selection, highlight keys, colours,
slider marks, undo/redo.

Keys (window-wide; text fields keep their own typing):
``H`` highlight the selected lines (or the current one) · ``Shift+H`` highlight words in a line ·
``B`` highlight the sentence being spoken · ``Shift+B`` the last 30 seconds (playback goes on) ·
``1``–``5`` colour for new highlights · ``Ctrl+Z`` / ``Ctrl+Shift+Z`` undo / redo.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QColor, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QDockWidget,
    QLabel,
    QMainWindow,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from earmark.core.errors import InputError
from earmark.gui.actions import add_action
from earmark.gui.annotation_commands import AnnotationEditor
from earmark.gui.highlight_list import COLOUR_HEX
from earmark.gui.notes_panel import NotesPanel
from earmark.gui.tag_dialog import TagDialog
from earmark.services.annotating import COLOURS, AnnotationChanges

LAST_SECONDS = 30.0


class WordsDialog(QDialog):
    """One transcript line as selectable text: the words selected become the highlight."""

    def __init__(self, text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Highlight words")
        self.text = QPlainTextEdit(text)
        self.text.setReadOnly(True)
        self.text.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("Select the words to highlight:"))
        layout.addWidget(self.text)
        layout.addWidget(buttons)
        self.resize(460, 160)

    def selection(self) -> tuple[int, int]:
        cursor = self.text.textCursor()
        return cursor.selectionStart(), cursor.selectionEnd()


class AnnotationActions(QObject):
    """Adds annotating to the main window (its services, controller, transcript and player bar)."""

    def __init__(self, window: QMainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.service = window.services.annotations
        self.editor = AnnotationEditor(self.service, self)
        self.panel = NotesPanel(self.editor)
        self.dock = QDockWidget("Notes", window)
        self.dock.setObjectName("notesDock")
        self.dock.setWidget(self.panel)
        window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.dock)
        self.view = window.transcript.view
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.episode_id: int | None = None
        self.colour = COLOURS[0]
        self.words_dialog: WordsDialog | None = None

        menu = window.menuBar().addMenu("&Annotate")
        self.undo_action = self._action(menu, "Undo", QKeySequence.StandardKey.Undo, self.editor.undo)
        self.redo_action = self._action(menu, "Redo", "Ctrl+Shift+Z", self.editor.redo)
        self.redo_action.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])
        self.editor.stack.canUndoChanged.connect(self.undo_action.setEnabled)
        self.editor.stack.canRedoChanged.connect(self.redo_action.setEnabled)
        self.undo_action.setEnabled(False)
        self.redo_action.setEnabled(False)
        menu.addSeparator()
        self.highlight_action = self._action(menu, "Highlight selected lines", "H", self.highlight_selection)
        self._action(menu, "Highlight words in line…", "Shift+H", self.highlight_words)
        self._action(menu, "Highlight sentence being spoken", "B", self.highlight_spoken)
        self._action(menu, f"Highlight last {LAST_SECONDS:g} seconds", "Shift+B", self.highlight_last)
        menu.addSeparator()
        self.colour_actions = []
        for number, colour in enumerate(COLOURS, start=1):
            action = self._action(
                menu, f"Colour: {colour}", str(number), lambda c=colour: self.choose_colour(c)
            )
            action.setCheckable(True)
            self.colour_actions.append(action)
        self.colour_actions[0].setChecked(True)
        menu.addSeparator()
        self._action(menu, "Show notes panel", "Ctrl+Shift+N", self._toggle_dock)
        self._action(menu, "Rename or merge tag…", "", self.rename_tag)

        self.panel.seek_requested.connect(self.seek)
        self.panel.highlight_selected.connect(self._reveal)
        self.editor.changed.connect(self._on_changed)
        # The daily backup is made by gui/main.py's start-up, off the GUI thread, after the first paint.

    def _action(self, menu, text: str, keys, slot) -> QAction:
        return add_action(self.window, menu, text, keys, slot)

    # --- episode ---------------------------------------------------------------------------------------

    def set_episode(self, episode_id: int | None) -> None:
        self.panel.set_episode(episode_id)
        self.episode_id = episode_id
        self.refresh_marks()

    def refresh_marks(self) -> None:
        """Colours in the transcript pane and marks on the seek slider, from the library."""
        model = self.view.transcript_model
        if self.episode_id is None:
            self.view.delegate.set_highlight_spans({})
            model.set_highlights({})
            self.window.player_bar.slider.set_marks([])
            return
        self.view.delegate.set_highlight_spans(self.service.row_spans(self.episode_id))
        model.set_highlights(self.service.row_colours(self.episode_id))
        marks = [(h.start, QColor(COLOUR_HEX[h.colour])) for h in self.service.highlights(self.episode_id)]
        self.window.player_bar.slider.set_marks(marks)

    def _on_changed(self, changes: AnnotationChanges) -> None:
        ours = self.episode_id is not None and changes.episode_id in (None, self.episode_id)
        if ours and (changes.highlights or changes.removed):
            self.refresh_marks()

    # --- making highlights -----------------------------------------------------------------------------

    def choose_colour(self, colour: str) -> None:
        self.colour = colour
        for action, name in zip(self.colour_actions, COLOURS, strict=True):
            action.setChecked(name == colour)
        self.window.show_message(f"New highlights: {colour}")

    def highlight_selection(self) -> None:
        """Highlight the selected lines (one highlight per run of adjacent lines), or the current line."""
        rows = sorted(i.row() for i in self.view.selectionModel().selectedIndexes())
        if not rows and self.view.currentIndex().isValid():
            rows = [self.view.currentIndex().row()]
        runs: list[list[int]] = []
        for row in rows:
            if runs and row == runs[-1][-1] + 1:
                runs[-1].append(row)
            else:
                runs.append([row])
        made = None
        for run in runs:
            made = self._create(
                lambda s, a=run[0], b=run[-1]: s.highlight_range(self.episode_id, a, b, self.colour)
            )
        self.view.clearSelection()
        if made is not None:
            self.panel.select_highlight(made)

    def highlight_words(self) -> None:
        """Open the current line as selectable text; OK highlights the selected words."""
        index = self.view.currentIndex()
        if self.episode_id is None or not index.isValid():
            return
        row = index.row()
        self.words_dialog = WordsDialog(self.view.transcript_model.segment(row).text, self.window)
        dialog = self.words_dialog

        def accepted() -> None:
            start, end = dialog.selection()
            made = self._create(lambda s: s.highlight_text(self.episode_id, row, start, end, self.colour))
            if made is not None:
                self.panel.select_highlight(made)

        dialog.accepted.connect(accepted)
        dialog.open()

    def highlight_spoken(self) -> None:
        """``B``: the line being spoken now; playback is not touched."""
        seconds = self.window.controller.position()
        made = self._create(lambda s: s.highlight_at(self.episode_id, seconds, self.colour))
        if made is not None:
            self.window.show_message("Highlighted the line being spoken")

    def highlight_last(self) -> None:
        """``Shift+B``: the last 30 seconds; playback is not touched."""
        seconds = self.window.controller.position()
        made = self._create(lambda s: s.highlight_last(self.episode_id, seconds, LAST_SECONDS, self.colour))
        if made is not None:
            self.window.show_message(f"Highlighted the last {LAST_SECONDS:g} seconds")

    def _create(self, make) -> int | None:
        if self.episode_id is None:
            return None
        try:
            return self.editor.create(make).id
        except InputError as error:
            self.window.show_message(str(error))
            return None

    # --- moving around ---------------------------------------------------------------------------------

    def seek(self, seconds: float) -> None:
        self.window.controller.seek(seconds)
        self.view.follow_position(seconds)

    def _reveal(self, highlight_id: int) -> None:
        """Scroll the transcript to a highlight chosen in the panel."""
        row = self.view.transcript_model.row_at(self.service.highlight(highlight_id).start)
        if row >= 0:
            self.view.scrollTo(
                self.view.transcript_model.index(row), QAbstractItemView.ScrollHint.EnsureVisible
            )

    def rename_tag(self) -> None:
        """Ask for a tag and its new name, then rename (undoable) or merge it across the library."""
        tags = self.service.all_tags()
        if not tags:
            self.window.show_message("No tags yet")
            return
        dialog = TagDialog(tags, self.window)
        if dialog.exec() == TagDialog.DialogCode.Accepted:
            self.apply_tag_rename(dialog.tag.currentText(), dialog.new_name.text().strip())

    def apply_tag_rename(self, old: str, new: str) -> None:
        try:
            merged = self.editor.rename_tag(old, new)
        except InputError as error:
            self.window.show_message(str(error))
            return
        self.panel.set_episode(self.episode_id)  # tags shown in the panel change name
        self.window.show_message(f"Merged tag {old} into {new}" if merged else f"Renamed tag {old} to {new}")

    def _toggle_dock(self) -> None:
        self.dock.setVisible(not self.dock.isVisible())

    def _daily_backup(self) -> None:
        try:
            self.service.daily_backup()
        except OSError as error:
            self.window.show_message(f"Backup failed: {error}")

    def close(self) -> None:
        """Save what is being typed and stop listening (the window is closing)."""
        self.panel.flush()
        self.editor.detach()
