"""Managing episodes from the window: rename, delete (undoable), mark played, show the file;
the episode and transcript-line context menus.

Rename and delete are commands on the annotations' undo stack, so ``Ctrl+Z`` undoes them like
any other change. A deleted episode's audio inside the library folder waits in the library's
trash until the window closes; undo brings it back.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, QPoint, Qt, QUrl
from PySide6.QtGui import QAction, QDesktopServices, QKeySequence, QUndoCommand
from PySide6.QtWidgets import QInputDialog, QMainWindow, QMenu

from earmark.core.errors import InputError
from earmark.services.library import Deleted, LibraryService


class RenameEpisode(QUndoCommand):
    def __init__(self, window: QMainWindow, episode_id: int, old: str, new: str) -> None:
        super().__init__(f"Rename episode to “{new}”")
        self.window, self.episode_id, self.old, self.new = window, episode_id, old, new

    def redo(self) -> None:
        self._set(self.new)

    def undo(self) -> None:
        self._set(self.old)

    def _set(self, title: str) -> None:
        self.window.services.library.rename(self.episode_id, title)
        self.window.library_actions.refresh(self.episode_id)


class DeleteEpisode(QUndoCommand):
    """Redo deletes (backing up first); undo restores the same episode, notes and audio."""

    def __init__(self, window: QMainWindow, episode_id: int, title: str) -> None:
        super().__init__(f"Delete episode “{title}”")
        self.window, self.episode_id = window, episode_id
        self.deleted: Deleted | None = None

    def redo(self) -> None:
        w = self.window
        if w.episode is not None and w.episode.id == self.episode_id:
            w.save_position()
            w.close_episode()
        self.deleted = w.services.library.delete(self.episode_id)
        w.library_actions.pending.append(self.deleted)
        w.refresh_library()
        w.show_message(f"Deleted “{self.deleted.title}” (Ctrl+Z brings it back)")

    def undo(self) -> None:
        if self.deleted is None:
            return
        w = self.window
        w.services.library.restore(self.deleted)
        w.library_actions.pending.remove(self.deleted)
        w.refresh_library()
        w.open_episode(self.episode_id)
        w.show_message(f"Restored “{self.deleted.title}”")
        self.deleted = None


class LibraryActions(QObject):
    def __init__(self, window: QMainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.library: LibraryService = window.services.library
        self.stack = window.annotations.editor.stack
        self.pending: list[Deleted] = []  # deleted in this session: audio in the trash until close
        self.library.empty_trash()  # what a killed window left behind

        def make(text: str, keys: str, slot) -> QAction:
            action = QAction(text, window)
            if keys:
                action.setShortcut(QKeySequence(keys))
                action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            action.triggered.connect(lambda _=False: slot(self._target()))
            window.addAction(action)
            return action

        self.rename_action = make("&Rename episode…", "F2", self.ask_rename)
        self.delete_action = make("&Delete episode", "Ctrl+Del", self.delete)
        self.played_action = make("Mark &played", "Ctrl+M", lambda i: self.set_played(i, True))
        self.unplayed_action = make("Mark &unplayed", "Ctrl+Shift+M", lambda i: self.set_played(i, False))
        self.show_file_action = make("Show audio &file", "", self.show_file)
        self.actions = [
            self.rename_action,
            self.delete_action,
            self.played_action,
            self.unplayed_action,
            self.show_file_action,
        ]
        window.library.menu_requested.connect(self.episode_menu)
        view = window.transcript.view
        view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        view.customContextMenuRequested.connect(self.line_menu)

    def _target(self) -> int | None:
        """The episode the library list points at, else the open one."""
        chosen = self.window.library.current_id()
        if chosen is not None:
            return chosen
        return self.window.episode.id if self.window.episode is not None else None

    def refresh(self, episode_id: int) -> None:
        w = self.window
        w.refresh_library()
        if w.episode is not None and w.episode.id == episode_id:
            w.episode = self.library.episode(episode_id)
            w.transcript.title.setText(w.episode.title)
            w.setWindowTitle(f"{w.episode.title} — Earmark")

    # --- the actions ---------------------------------------------------------------------------------
    def ask_rename(self, episode_id: int | None) -> None:
        if episode_id is None:
            return
        old = self.library.episode(episode_id).title
        title, ok = QInputDialog.getText(self.window, "Rename episode", "Title:", text=old)
        if ok:
            self.rename(episode_id, title)

    def rename(self, episode_id: int, title: str) -> None:
        old = self.library.episode(episode_id).title
        if " ".join(title.split()) in ("", old):
            if not title.strip():
                self.window.show_message("A title cannot be empty")
            return
        try:
            self.stack.push(RenameEpisode(self.window, episode_id, old, title))
        except InputError as error:
            self.window.show_message(str(error))

    def delete(self, episode_id: int | None) -> None:
        if episode_id is not None:
            self.stack.push(DeleteEpisode(self.window, episode_id, self.library.episode(episode_id).title))

    def set_played(self, episode_id: int | None, played: bool) -> None:
        if episode_id is None:
            return
        w = self.window
        if played and w.episode is not None and w.episode.id == episode_id:
            w.controller.pause()
            w.controller.seek(0.0)
        self.library.set_played(episode_id, played)
        w.refresh_library()
        w.show_message("Marked played" if played else "Marked unplayed")

    def show_file(self, episode_id: int | None) -> None:
        if episode_id is None:
            return
        audio = Path(self.library.episode(episode_id).audio_path)
        if not audio.exists():
            self.window.show_message(f"{audio.name}: audio file not found")
            return
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(audio.parent)))

    # --- context menus -------------------------------------------------------------------------------
    def episode_menu(self, episode_id: int, where: QPoint) -> QMenu:
        menu = QMenu(self.window)
        menu.setObjectName("episodeMenu")
        menu.addAction("Play", lambda: self.window.open_episode(episode_id, play=True))
        menu.addSeparator()
        for action in self.actions:
            menu.addAction(action)
        played = episode_id in self.library.played()
        self.played_action.setVisible(not played)
        self.unplayed_action.setVisible(played)
        self.menu = menu
        menu.popup(where)
        return menu

    def line_menu(self, point: QPoint) -> QMenu | None:
        w = self.window
        view = w.transcript.view
        index = view.indexAt(point)
        if not index.isValid():
            return None
        view.setCurrentIndex(index)
        segment = view.transcript_model.segment(index.row())
        menu = QMenu(w)
        menu.setObjectName("lineMenu")
        play = menu.addAction("Play from here", lambda: w.play_from(segment.start))
        play.setEnabled(segment.start is not None)
        menu.addAction("Highlight line\tH", w.annotations.highlight_selection)
        menu.addAction("Highlight words…\tShift+H", w.annotations.highlight_words)
        menu.addAction("Copy with timestamp", w.menus.copy_line)
        self.menu = menu
        menu.popup(view.viewport().mapToGlobal(point))
        return menu

    def close(self) -> None:
        """The window closes: audio of episodes deleted in this session goes for good."""
        for deleted in self.pending:
            self.library.purge(deleted)
        self.pending.clear()
        self.stack.clear()
