"""The window's File, Edit, View, Playback and Help menus.

The areas' own menus (Annotate, Search, Sync) sit between Playback and Help. Dialogs that
other areas own (Add podcast, Export) are imported inside their slots, so a missing module
shows a status message instead of breaking the window.
"""

from __future__ import annotations

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction, QActionGroup, QGuiApplication, QKeySequence
from PySide6.QtWidgets import QApplication, QMainWindow, QMessageBox

from earmark import __version__
from earmark.core.timecode import format_clock
from earmark.gui import preferences as prefs
from earmark.gui.actions import add_action
from earmark.gui.player_bar import RATES

VOLUME_STEP = 10


class WindowMenus(QObject):
    """Builds the menus; :meth:`finish` fills what needs the areas' actions (undo, docks)."""

    def __init__(self, window: QMainWindow) -> None:
        super().__init__(window)
        self.window = window
        bar = window.menuBar()
        self.file = bar.addMenu("&File")
        self.edit = bar.addMenu("&Edit")
        self.view = bar.addMenu("&View")
        self.playback = bar.addMenu("&Playback")
        self._build_file()
        self._build_playback()

    def _action(self, menu, text: str, keys, slot) -> QAction:
        return add_action(self.window, menu, text, keys, slot)

    # --- File ----------------------------------------------------------------------------------------
    def _build_file(self) -> None:
        from earmark.gui import import_dialog

        w = self.window
        self._action(
            self.file, "&Import audio and transcript…", "Ctrl+O", lambda: import_dialog.ask_import(w)
        )
        self.attach_action = self._action(
            self.file,
            "&Attach transcript or show notes to this episode…",
            "Ctrl+Shift+O",
            lambda: import_dialog.ask_attach(w),
        )
        self.file.addSeparator()
        self._action(self.file, "Add &podcast…", "Ctrl+Shift+P", self.add_podcast)
        self._action(self.file, "&Export…", "Ctrl+E", self.export)
        self.file.addSeparator()
        self._action(self.file, "&Settings…", "Ctrl+,", self.open_settings)
        self.file.addSeparator()
        quit_action = self._action(self.file, "&Quit", QKeySequence.StandardKey.Quit, w.close)
        quit_action.setShortcuts([QKeySequence("Ctrl+Q")])

    def add_podcast(self) -> None:
        from earmark.gui.add_podcast_dialog import open_dialog  # loaded when first wanted

        open_dialog(self.window)

    def export(self) -> None:
        from earmark.gui.export_dialog import ExportDialog

        w = self.window
        self.dialog = ExportDialog(w.services, w.settings, w.episode.id if w.episode else None, w)
        self.dialog.open()

    def open_settings(self) -> None:
        from earmark.gui.settings_dialog import SettingsDialog

        self.dialog = SettingsDialog(self.window.settings, self.window.services.folder, self.window)
        self.dialog.accepted.connect(self._settings_changed)
        self.dialog.open()

    def _settings_changed(self) -> None:
        from earmark.gui.theme import apply_theme

        self.window.apply_preferences()
        apply_theme(QApplication.instance(), prefs.get(self.window.settings, prefs.THEME))
        self._check_theme()
        if self.dialog.library_changed:
            self.window.show_message("The new library folder is used from the next start")

    # --- Playback ------------------------------------------------------------------------------------
    def _build_playback(self) -> None:
        w, c = self.window, self.window.controller
        self._action(self.playback, "&Play or pause", "Space", c.toggle)
        self.back_action = self._action(self.playback, "Back", "Left", w.skip_back)
        self.forward_action = self._action(self.playback, "Forward", "Right", w.skip_forward)
        self.playback.addSeparator()
        self._action(self.playback, "Faster", "]", lambda: self.step_speed(1))
        self._action(self.playback, "Slower", "[", lambda: self.step_speed(-1))
        self._action(self.playback, "Normal speed", "Ctrl+0", lambda: c.set_rate(1.0))
        self.playback.addSeparator()
        self._action(self.playback, "Volume up", "Ctrl+Up", lambda: self.step_volume(VOLUME_STEP))
        self._action(self.playback, "Volume down", "Ctrl+Down", lambda: self.step_volume(-VOLUME_STEP))

    def update_skip_texts(self) -> None:
        bar = self.window.player_bar
        self.back_action.setText(f"Back {bar.back_seconds:g} seconds")
        self.forward_action.setText(f"Forward {bar.forward_seconds:g} seconds")

    def step_speed(self, direction: int) -> None:
        rate = self.window.controller.rate()
        faster = [r for r in RATES if r > rate + 1e-6]
        slower = [r for r in RATES if r < rate - 1e-6]
        target = (
            (faster[0] if faster else RATES[-1]) if direction > 0 else (slower[-1] if slower else RATES[0])
        )
        self.window.controller.set_rate(target)
        self.window.show_message(f"Speed {target:g}×")

    def step_volume(self, delta: int) -> None:
        bar = self.window.player_bar
        bar.set_volume(bar.volume.value() + delta)
        self.window.show_message(f"Volume {bar.volume.value()}%")

    # --- after the areas ---------------------------------------------------------------------------
    def finish(self) -> None:
        """Edit (undo/redo from the annotations), View (docks, theme), then Help last."""
        w = self.window
        self.edit.addAction(w.annotations.undo_action)
        self.edit.addAction(w.annotations.redo_action)
        self.edit.addSeparator()
        self._action(self.edit, "&Copy line with its time", "", self.copy_line)  # plain "[0:01] text"
        self._action(self.edit, "Write a &note on the highlight", "N", self.write_note)
        self._action(self.edit, "Go to the &transcript", "Ctrl+T", self.go_to_transcript)
        self.edit.addSeparator()
        for action in w.library_actions.actions:
            self.edit.addAction(action)

        for dock in (w.annotations.dock, w.search.dock, w.show_notes.dock, w.chapters.dock):
            self.view.addAction(dock.toggleViewAction())
        self.view.addSeparator()
        theme_menu = self.view.addMenu("&Theme")
        self.theme_group = QActionGroup(self)
        for name in prefs.THEMES:
            action = theme_menu.addAction(name.capitalize())
            action.setCheckable(True)
            action.setData(name)
            self.theme_group.addAction(action)
            action.triggered.connect(lambda _=False, n=name: self.choose_theme(n))
        self._check_theme()

        self.help = w.menuBar().addMenu("&Help")
        sheet = self._action(self.help, "&Keyboard shortcuts", "F1", self.show_shortcuts)
        sheet.setShortcuts([QKeySequence("F1"), QKeySequence("?"), QKeySequence("Shift+?")])
        self._action(self.help, "&About Earmark", "", self.about)

    def choose_theme(self, name: str) -> None:
        from earmark.gui.theme import apply_theme

        prefs.put(self.window.settings, prefs.THEME, name)
        shown = apply_theme(QApplication.instance(), name)
        self._check_theme()
        self.window.show_message(f"Theme: {name} ({shown})")

    def _check_theme(self) -> None:
        chosen = prefs.get(self.window.settings, prefs.THEME)
        for action in self.theme_group.actions():
            action.setChecked(action.data() == chosen)

    def copy_line(self) -> None:
        """The current transcript line as ``[12:34] text`` on the clipboard."""
        view = self.window.transcript.view
        index = view.currentIndex()
        if not index.isValid():
            self.window.show_message("No line chosen to copy")
            return
        segment = view.transcript_model.segment(index.row())
        stamp = f"[{format_clock(segment.start)}] " if segment.start is not None else ""
        QGuiApplication.clipboard().setText(stamp + segment.text)
        self.window.show_message("Copied the line with its time")

    def write_note(self) -> None:
        """``N``: the notes panel, typing into the selected highlight's note (keyboard-only notes)."""
        w = self.window
        if w.annotations.panel.current_highlight() is None:
            w.show_message("Select or make a highlight first (H highlights the current line)")
            return
        w.annotations.dock.show()
        w.annotations.dock.raise_()
        w.annotations.panel.note_edit.setFocus()

    def go_to_transcript(self) -> None:
        """``Ctrl+T``: back to the lines (after typing a note, say); typing is saved on the way out."""
        self.window.transcript.view.setFocus()

    def show_shortcuts(self) -> None:
        from earmark.gui.shortcut_sheet import ShortcutSheet

        self.sheet = ShortcutSheet(self.window)
        self.sheet.open()

    def about(self) -> QMessageBox:
        box = QMessageBox(self.window)
        box.setObjectName("aboutBox")
        box.setWindowTitle("About Earmark")
        box.setIconPixmap(self.window.windowIcon().pixmap(64, 64))
        box.setText(
            f"<h3>Earmark {__version__}</h3><p>Read, hear and annotate podcast episodes: "
            "transcripts synced to the audio, highlights and notes that are never lost, "
            "search across everything.</p><p>Library: "
            f"<code>{self.window.services.folder}</code></p><p>F1 lists every key.</p>"
        )
        self.about_box = box
        box.open()
        return box
