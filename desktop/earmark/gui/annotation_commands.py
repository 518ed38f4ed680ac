"""Every annotation change the GUI makes, as a command on one ``QUndoStack``.

:class:`AnnotationEditor` is the only way widgets change annotations: it calls
the :class:`~earmark.services.annotating.AnnotationService` (so the change is
committed at once), then pushes a command that knows how to undo it. Errors
(bad tags, missing highlights) therefore surface before anything is pushed.
The service's change notices are re-emitted as the ``changed`` signal.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from earmark.core.model import Highlight
from earmark.services.annotating import AnnotationChanges, AnnotationService

NOTE_MERGE_ID = 6001
EPISODE_NOTES_MERGE_ID = 6002


class _Applied(QUndoCommand):
    """A command whose change the editor already made: the first ``redo`` (from ``push``) does nothing."""

    def __init__(self, service: AnnotationService, text: str) -> None:
        super().__init__(text)
        self.service = service
        self._applied = True

    def redo(self) -> None:
        if self._applied:
            self._applied = False
            return
        self.apply()

    def apply(self) -> None:
        raise NotImplementedError


class CreateHighlightCommand(_Applied):
    def __init__(self, service: AnnotationService, highlight: Highlight) -> None:
        super().__init__(service, "Highlight")
        self.highlight = highlight

    def undo(self) -> None:
        self.highlight = self.service.delete_highlight(self.highlight.id)

    def apply(self) -> None:
        self.service.restore_highlight(self.highlight)


class DeleteHighlightCommand(_Applied):
    def __init__(self, service: AnnotationService, deleted: Highlight) -> None:
        super().__init__(service, "Delete highlight")
        self.deleted = deleted

    def undo(self) -> None:
        self.service.restore_highlight(self.deleted)

    def apply(self) -> None:
        self.deleted = self.service.delete_highlight(self.deleted.id)


class NoteCommand(_Applied):
    """A note edit; consecutive edits of the same note merge into one undo step."""

    def __init__(self, service: AnnotationService, highlight_id: int, old: str, new: str) -> None:
        super().__init__(service, "Edit note")
        self.highlight_id, self.old, self.new = highlight_id, old, new

    def id(self) -> int:
        return NOTE_MERGE_ID

    def mergeWith(self, other: QUndoCommand) -> bool:
        if not isinstance(other, NoteCommand) or other.highlight_id != self.highlight_id:
            return False
        self.new = other.new
        return True

    def undo(self) -> None:
        self.service.update_note(self.highlight_id, self.old)

    def apply(self) -> None:
        self.service.update_note(self.highlight_id, self.new)


class ColourCommand(_Applied):
    def __init__(self, service: AnnotationService, highlight_id: int, old: str, new: str) -> None:
        super().__init__(service, "Change colour")
        self.highlight_id, self.old, self.new = highlight_id, old, new

    def undo(self) -> None:
        self.service.set_colour(self.highlight_id, self.old)

    def apply(self) -> None:
        self.service.set_colour(self.highlight_id, self.new)


class TagsCommand(_Applied):
    def __init__(self, service: AnnotationService, highlight_id: int, old: list[str], new: list[str]) -> None:
        super().__init__(service, "Change tags")
        self.highlight_id, self.old, self.new = highlight_id, old, new

    def undo(self) -> None:
        self.service.set_tags(self.highlight_id, self.old)

    def apply(self) -> None:
        self.service.set_tags(self.highlight_id, self.new)


class RenameTagCommand(_Applied):
    """A tag renamed across the library (not a merge: a merge cannot be split again)."""

    def __init__(self, service: AnnotationService, old: str, new: str) -> None:
        super().__init__(service, f"Rename tag {old} to {new}")
        self.old, self.new = old, new

    def undo(self) -> None:
        self.service.rename_tag(self.new, self.old)

    def apply(self) -> None:
        self.service.rename_tag(self.old, self.new)


class EpisodeNotesCommand(_Applied):
    def __init__(self, service: AnnotationService, episode_id: int, old: str, new: str) -> None:
        super().__init__(service, "Edit episode notes")
        self.episode_id, self.old, self.new = episode_id, old, new

    def id(self) -> int:
        return EPISODE_NOTES_MERGE_ID

    def mergeWith(self, other: QUndoCommand) -> bool:
        if not isinstance(other, EpisodeNotesCommand) or other.episode_id != self.episode_id:
            return False
        self.new = other.new
        return True

    def undo(self) -> None:
        self.service.save_episode_notes(self.episode_id, self.old)

    def apply(self) -> None:
        self.service.save_episode_notes(self.episode_id, self.new)


class EpisodeTagsCommand(_Applied):
    def __init__(self, service: AnnotationService, episode_id: int, old: list[str], new: list[str]) -> None:
        super().__init__(service, "Change episode tags")
        self.episode_id, self.old, self.new = episode_id, old, new

    def undo(self) -> None:
        self.service.set_episode_tags(self.episode_id, self.old)

    def apply(self) -> None:
        self.service.set_episode_tags(self.episode_id, self.new)


class AnnotationEditor(QObject):
    """Changes annotations through the service and records each change on :attr:`stack`."""

    changed = Signal(object)  # AnnotationChanges

    def __init__(self, service: AnnotationService, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.service = service
        self.stack = QUndoStack(self)
        self._flushers: list[Callable[[], None]] = []
        service.on_changed.append(self._relay)

    def _relay(self, changes: AnnotationChanges) -> None:
        self.changed.emit(changes)

    def detach(self) -> None:
        """Stop listening to the service (when the window closes)."""
        if self._relay in self.service.on_changed:
            self.service.on_changed.remove(self._relay)

    def add_flusher(self, flush: Callable[[], None]) -> None:
        """Register a function that saves pending typing; run before undo and redo."""
        self._flushers.append(flush)

    def flush(self) -> None:
        for flush in self._flushers:
            flush()

    def undo(self) -> None:
        self.flush()
        self.stack.undo()

    def redo(self) -> None:
        self.flush()
        self.stack.redo()

    # --- changes -------------------------------------------------------------------------------------

    def create(self, make: Callable[[AnnotationService], Highlight]) -> Highlight:
        """Run one of the service's ``highlight_*``/``create_highlight`` calls, undoably."""
        highlight = make(self.service)
        self.stack.push(CreateHighlightCommand(self.service, highlight))
        return highlight

    def delete(self, highlight_id: int) -> None:
        self.stack.push(DeleteHighlightCommand(self.service, self.service.delete_highlight(highlight_id)))

    def set_note(self, highlight_id: int, note: str) -> None:
        old = self.service.highlight(highlight_id).note
        if old != note:
            self.service.update_note(highlight_id, note)
            self.stack.push(NoteCommand(self.service, highlight_id, old, note))

    def set_colour(self, highlight_id: int, colour: str) -> None:
        old = self.service.highlight(highlight_id).colour
        if old != colour:
            self.service.set_colour(highlight_id, colour)
            self.stack.push(ColourCommand(self.service, highlight_id, old, colour))

    def set_tags(self, highlight_id: int, tags: list[str]) -> None:
        old = self.service.highlight(highlight_id).tags
        new = self.service.set_tags(highlight_id, tags).tags
        if [t.casefold() for t in old] != [t.casefold() for t in new]:
            self.stack.push(TagsCommand(self.service, highlight_id, old, new))

    def set_episode_notes(self, episode_id: int, notes: str) -> None:
        old = self.service.episode_notes(episode_id)
        if old != notes:
            self.service.save_episode_notes(episode_id, notes)
            self.stack.push(EpisodeNotesCommand(self.service, episode_id, old, notes))

    def set_episode_tags(self, episode_id: int, tags: list[str]) -> None:
        old = self.service.episode_tags(episode_id)
        new = self.service.set_episode_tags(episode_id, tags)
        if [t.casefold() for t in old] != [t.casefold() for t in new]:
            self.stack.push(EpisodeTagsCommand(self.service, episode_id, old, new))

    def rename_tag(self, old: str, new: str) -> bool:
        """Rename ``old`` everywhere; onto an existing tag it merges (returns True, and cannot be undone)."""
        merging = any(t.casefold() == new.strip().casefold() for t in self.service.all_tags()) and (
            old.casefold() != new.strip().casefold()
        )
        self.service.rename_tag(old, new)
        if not merging:
            self.stack.push(RenameTagCommand(self.service, old, new.strip()))
        return merging
