"""The side panel: an episode's highlights in time order, the selected one's note, tags and colour,
the episode's own notes and tags, and the highlights that could not re-attach.

Typing is saved by a debounce timer (:data:`AUTOSAVE_MS`), on focus-out, on
switching highlight or episode, and on close — so a note is committed within a
second of the last keystroke, with no Save button. All changes go through the
:class:`~earmark.gui.annotation_commands.AnnotationEditor`, hence are undoable.
"""

from __future__ import annotations

from PySide6.QtCore import (
    QEvent,
    QModelIndex,
    QObject,
    QStringListModel,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListView,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from earmark.core.errors import InputError
from earmark.core.model import Highlight
from earmark.gui.annotation_commands import AnnotationEditor
from earmark.gui.highlight_list import COLOUR_HEX, HighlightListModel, TagCompleter, parse_tags
from earmark.services.annotating import COLOURS, AnnotationChanges

AUTOSAVE_MS = 500
"""Typing pauses this long before the note is committed (well inside the one-second promise)."""


class NotesPanel(QWidget):
    """Highlights, notes and tags of one episode."""

    seek_requested = Signal(float)
    highlight_selected = Signal(int)

    def __init__(self, editor: AnnotationEditor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.editor = editor
        self.service = editor.service
        self.episode_id: int | None = None
        self._editing_id: int | None = None  # highlight whose note is in the editor
        self._loading = False
        self._build()
        editor.changed.connect(self._on_changed)
        editor.add_flusher(self.flush)

    # --- building ------------------------------------------------------------------------------------

    def _build(self) -> None:
        self.model = HighlightListModel(self)
        self.list = QListView(objectName="highlights")
        self.list.setModel(self.model)
        self.list.setWordWrap(True)
        self.list.setAlternatingRowColors(True)
        self.list.selectionModel().currentChanged.connect(self._on_current_changed)
        self.list.clicked.connect(self._on_clicked)
        self.list.activated.connect(self._on_clicked)

        self.orphan_model = HighlightListModel(self)
        self.orphan_list = QListView(objectName="orphans")
        self.orphan_list.setModel(self.orphan_model)
        self.orphan_list.setWordWrap(True)
        self.orphan_list.setMaximumHeight(90)
        self.orphan_label = QLabel("Could not re-attach to the new transcript (kept):")
        self.orphan_list.selectionModel().currentChanged.connect(self._on_orphan_current_changed)

        self.note_edit = QPlainTextEdit(objectName="note")
        self.note_edit.setPlaceholderText("Note (Markdown) — saved as you type")
        self.note_edit.textChanged.connect(self._on_note_typed)
        self.note_edit.installEventFilter(self)
        self._note_timer = _debounce(self, self._save_note)

        self.tags_edit = QLineEdit(objectName="tags")
        self.tags_edit.setPlaceholderText("tags, comma separated")
        self.tag_words = QStringListModel(self)
        completer = TagCompleter(self.tag_words, self)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.tags_edit.setCompleter(completer)
        self.tags_edit.editingFinished.connect(self._save_tags)
        self.tags_edit.textEdited.connect(self._on_tags_typed)
        self._tags_timer = _debounce(self, self._save_tags)

        self.colour_box = QComboBox(objectName="colour")
        for number, colour in enumerate(COLOURS, start=1):
            self.colour_box.addItem(f"{number}  {colour}", colour)
            self.colour_box.setItemData(
                number - 1, QColor(COLOUR_HEX[colour]), Qt.ItemDataRole.DecorationRole
            )
        self.colour_box.activated.connect(self._save_colour)
        self.delete_button = QPushButton("Delete highlight", objectName="delete")
        self.delete_button.clicked.connect(self._delete)
        self.message = QLabel(objectName="message")
        self.message.setWordWrap(True)

        self.episode_notes = QPlainTextEdit(objectName="episode_notes")
        self.episode_notes.setPlaceholderText("Episode notes (Markdown)")
        self.episode_notes.textChanged.connect(self._on_episode_notes_typed)
        self.episode_notes.installEventFilter(self)
        self._episode_timer = _debounce(self, self._save_episode_notes)
        self.episode_tags = QLineEdit(objectName="episode_tags")
        self.episode_tags.setPlaceholderText("episode tags")
        self.episode_tags.setCompleter(TagCompleter(self.tag_words, self))
        self.episode_tags.editingFinished.connect(self._save_episode_tags)
        self.episode_tags.textEdited.connect(self._on_episode_tags_typed)
        self._episode_tags_timer = _debounce(self, self._save_episode_tags)

        detail = QWidget()
        form = QFormLayout(detail)
        form.addRow(self.note_edit)
        form.addRow("Tags", self.tags_edit)
        form.addRow("Colour", self.colour_box)
        form.addRow(self.delete_button)
        form.addRow(self.message)
        episode = QWidget()
        episode_form = QFormLayout(episode)
        episode_form.addRow(QLabel("<b>Episode notes</b>"))
        episode_form.addRow(self.episode_notes)
        episode_form.addRow("Tags", self.episode_tags)

        top = QWidget()
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 0)
        top_layout.addWidget(QLabel("<b>Highlights</b>"))
        top_layout.addWidget(self.list)
        top_layout.addWidget(self.orphan_label)
        top_layout.addWidget(self.orphan_list)
        splitter = QSplitter(Qt.Orientation.Vertical)
        for part in (top, detail, episode):
            splitter.addWidget(part)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(splitter)
        self._show_highlight(None)
        self._set_orphans([])
        self._enable_episode_fields(False)  # no episode yet: nowhere to keep typing, so take none

    def _enable_episode_fields(self, on: bool) -> None:
        for widget in (self.episode_notes, self.episode_tags):
            widget.setEnabled(on)
            widget.setPlaceholderText(
                ("Episode notes (Markdown)" if widget is self.episode_notes else "episode tags")
                if on
                else "Open an episode to write notes"
            )

    # --- loading -------------------------------------------------------------------------------------

    def set_episode(self, episode_id: int | None) -> None:
        """Show another episode; anything being typed for the current one is saved first."""
        self.flush()
        self.episode_id = episode_id
        self._reload_highlights()
        self._loading = True
        self.episode_notes.setPlainText(self.service.episode_notes(episode_id) if episode_id else "")
        self.episode_tags.setText(", ".join(self.service.episode_tags(episode_id)) if episode_id else "")
        self._loading = False
        self._enable_episode_fields(episode_id is not None)
        self.tag_words.setStringList(self.service.all_tags())

    def _reload_highlights(self, select: int | None = None) -> None:
        keep = select if select is not None else self._editing_id
        if self.episode_id is None:
            self.model.set_highlights([])
            self._set_orphans([])
        else:
            self.model.set_highlights(self.service.highlights(self.episode_id))
            self._set_orphans(self.service.orphans(self.episode_id))
        row = self.model.row_of(keep) if keep is not None else None
        if row is not None:
            self.list.setCurrentIndex(self.model.index(row))
            self._show_highlight(self.model.highlight_at(row))
        elif self.orphan_model.row_of(keep or -1) is None:
            self._show_highlight(None)

    def _set_orphans(self, orphans: list[Highlight]) -> None:
        self.orphan_model.set_highlights(orphans)
        self.orphan_label.setVisible(bool(orphans))
        self.orphan_list.setVisible(bool(orphans))

    def _show_highlight(self, highlight: Highlight | None) -> None:
        self._editing_id = highlight.id if highlight else None
        self._loading = True
        self.note_edit.setPlainText(highlight.note if highlight else "")
        self.tags_edit.setText(", ".join(highlight.tags) if highlight else "")
        self.colour_box.setCurrentIndex(COLOURS.index(highlight.colour) if highlight else 0)
        self._loading = False
        for widget in (self.note_edit, self.tags_edit, self.colour_box, self.delete_button):
            widget.setEnabled(highlight is not None)
        self.message.clear()

    def select_highlight(self, highlight_id: int) -> None:
        """Make a highlight the one being edited (after creating it, say)."""
        self.flush()
        row = self.model.row_of(highlight_id)
        if row is None:
            self._reload_highlights(select=highlight_id)
        else:
            self.list.setCurrentIndex(self.model.index(row))

    def current_highlight(self) -> Highlight | None:
        return self.service.highlight(self._editing_id) if self._editing_id is not None else None

    # --- reacting ------------------------------------------------------------------------------------

    def _on_current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self.flush()
        if current.isValid():
            highlight = self.model.highlight_at(current.row())
            self._show_highlight(highlight)
            self.highlight_selected.emit(highlight.id)

    def _on_orphan_current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self.flush()
        if current.isValid():
            self._show_highlight(self.orphan_model.highlight_at(current.row()))

    def _on_clicked(self, index: QModelIndex) -> None:
        if index.isValid():
            self.seek_requested.emit(self.model.highlight_at(index.row()).start)

    def _on_changed(self, changes: AnnotationChanges) -> None:
        if changes.tags:
            self.tag_words.setStringList(self.service.all_tags())
        if self.episode_id is None or changes.episode_id not in (None, self.episode_id):
            return
        if changes.removed or self._needs_reload(changes):
            self._reload_highlights()
        else:
            for highlight_id in changes.highlights:
                self.model.update_highlight(self.service.highlight(highlight_id))
                self.orphan_model.update_highlight(self.service.highlight(highlight_id))
            if self._editing_id in changes.highlights:
                self._refresh_editor()
        if changes.episode and not (self._episode_timer.isActive() or self._episode_tags_timer.isActive()):
            self._refresh_episode()

    def _needs_reload(self, changes: AnnotationChanges) -> bool:
        """New highlights, or ones whose place in time or orphan state moved."""
        listed = {h.id: h for h in self.model.highlights() + self.orphan_model.highlights()}
        for highlight_id in changes.highlights:
            if highlight_id not in listed:
                return True
            now = self.service.highlight(highlight_id)
            if (now.start, now.orphan) != (listed[highlight_id].start, listed[highlight_id].orphan):
                return True
        return False

    def _refresh_editor(self) -> None:
        """Show the stored state of the highlight being edited (after undo, say) without losing typing."""
        if self._editing_id is None or self._note_timer.isActive() or self._tags_timer.isActive():
            return
        highlight = self.service.highlight(self._editing_id)
        self._loading = True
        if self.note_edit.toPlainText() != highlight.note:
            self.note_edit.setPlainText(highlight.note)
        if parse_tags(self.tags_edit.text()) != highlight.tags:
            self.tags_edit.setText(", ".join(highlight.tags))
        self.colour_box.setCurrentIndex(COLOURS.index(highlight.colour))
        self._loading = False

    def _refresh_episode(self) -> None:
        if self.episode_id is None:
            return
        self._loading = True
        notes = self.service.episode_notes(self.episode_id)
        if self.episode_notes.toPlainText() != notes:
            self.episode_notes.setPlainText(notes)
        tags = self.service.episode_tags(self.episode_id)
        if parse_tags(self.episode_tags.text()) != tags:
            self.episode_tags.setText(", ".join(tags))
        self._loading = False

    # --- saving --------------------------------------------------------------------------------------

    def _on_note_typed(self) -> None:
        if not self._loading and self._editing_id is not None:
            self._note_timer.start()

    def _on_tags_typed(self) -> None:
        if not self._loading and self._editing_id is not None:
            self._tags_timer.start()

    def _on_episode_tags_typed(self) -> None:
        if not self._loading and self.episode_id is not None:
            self._episode_tags_timer.start()

    def _on_episode_notes_typed(self) -> None:
        if not self._loading and self.episode_id is not None:
            self._episode_timer.start()

    def _save_note(self) -> None:
        self._note_timer.stop()
        if self._editing_id is not None:
            self._guard(lambda: self.editor.set_note(self._editing_id, self.note_edit.toPlainText()))

    def _save_episode_notes(self) -> None:
        self._episode_timer.stop()
        if self.episode_id is not None:
            episode_id = self.episode_id
            self._guard(lambda: self.editor.set_episode_notes(episode_id, self.episode_notes.toPlainText()))

    def _save_tags(self) -> None:
        self._tags_timer.stop()
        if self._editing_id is not None and not self._loading:
            self._guard(lambda: self.editor.set_tags(self._editing_id, parse_tags(self.tags_edit.text())))

    def _save_episode_tags(self) -> None:
        self._episode_tags_timer.stop()
        if self.episode_id is not None and not self._loading:
            episode_id = self.episode_id
            self._guard(
                lambda: self.editor.set_episode_tags(episode_id, parse_tags(self.episode_tags.text()))
            )

    def _save_colour(self, row: int) -> None:
        if self._editing_id is not None:
            self._guard(lambda: self.editor.set_colour(self._editing_id, COLOURS[row]))

    def _delete(self) -> None:
        if self._editing_id is not None:
            self.flush()
            self._guard(lambda: self.editor.delete(self._editing_id))

    def _guard(self, change) -> None:
        try:
            change()
        except InputError as error:
            self.message.setText(str(error))

    def flush(self) -> None:
        """Save whatever is being typed, now (focus-out, episode switch, close, before undo)."""
        if self._note_timer.isActive():
            self._save_note()
        if self._episode_timer.isActive():
            self._save_episode_notes()
        if self._tags_timer.isActive():
            self._save_tags()
        if self._episode_tags_timer.isActive():
            self._save_episode_tags()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.FocusOut and watched in (self.note_edit, self.episode_notes):
            self.flush()
        return super().eventFilter(watched, event)

    def closeEvent(self, event) -> None:
        self.flush()
        super().closeEvent(event)

    def hideEvent(self, event) -> None:
        self.flush()
        super().hideEvent(event)


def _debounce(parent: QObject, slot) -> QTimer:
    timer = QTimer(parent)
    timer.setSingleShot(True)
    timer.setInterval(AUTOSAVE_MS)
    timer.timeout.connect(slot)
    return timer
