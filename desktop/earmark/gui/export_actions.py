"""Export in the window: copy a quote with its time (Ctrl+Shift+C), "Export clip…" on a highlight,
and File → Restore from backup….

:class:`ExportActions` is built once by the main window, after the areas' actions and the menus.
The logic lives in :class:`~earmark.services.exporting.ExportService`; this module only picks
what is selected, asks where, and runs long work through :class:`~earmark.gui.worker.Operation`.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, QPoint, QStandardPaths, Qt
from PySide6.QtGui import QAction, QGuiApplication
from PySide6.QtWidgets import QApplication, QFileDialog, QMainWindow, QMenu

from earmark.gui.actions import add_action
from earmark.gui.worker import Operation

CLIP_FOLDER_KEY = "export/clip_folder"
RESTORE_FOLDER_KEY = "export/restore_folder"
COPY_KEYS = "Ctrl+Shift+C"


def quote_from_window(window: QMainWindow) -> tuple[float, float, str] | None:
    """(start, end, text) of what Ctrl+Shift+C copies: the selected lines, else the highlight being
    edited when the notes panel has focus, else the current line. None when nothing timed is chosen."""
    view = window.transcript.view
    model = view.transcript_model
    rows = sorted({i.row() for i in view.selectionModel().selectedIndexes()})
    panel = window.annotations.panel
    focused = QApplication.focusWidget()
    if not rows and focused is not None and panel.isAncestorOf(focused):
        highlight = panel.current_highlight()
        if highlight is not None:
            return highlight.start, highlight.end, highlight.quote
    if not rows and view.currentIndex().isValid():
        rows = [view.currentIndex().row()]
    segments = [model.segment(r) for r in rows]
    timed = [s for s in segments if s.start is not None]
    if not timed:
        return None
    end = max((s.end if s.end is not None else s.start) for s in timed)
    return timed[0].start, end, " ".join(s.text for s in segments)  # type: ignore[return-value]


class ExportActions(QObject):
    """Copy-with-time, clips from the notes panel, restore under File."""

    @property
    def exporter(self):
        """Built on first use: the export service loads Jinja2, PyAV and the writers."""
        return self.window.services.exporter

    def __init__(self, window: QMainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.operation: Operation | None = None
        self.restore_action = QAction("&Restore from backup…", window)
        self.restore_action.triggered.connect(lambda _=False: self.ask_restore())
        menus = getattr(window, "menus", None)
        if menus is not None:
            after = next((a for a in menus.file.actions() if a.text().replace("&", "") == "Export…"), None)
            actions = menus.file.actions()
            following = actions[actions.index(after) + 1] if after in actions[:-1] else None
            menus.file.insertAction(following, self.restore_action)
            self.copy_action = add_action(
                window, menus.edit, "Copy &quote with time link", COPY_KEYS, self.copy_quote
            )
        highlights = window.annotations.panel.list
        highlights.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        highlights.customContextMenuRequested.connect(self.highlight_menu)

    # --- copy a quote with its time -----------------------------------------------------------------

    def copy_quote(self) -> str | None:
        """Put the chosen lines or highlight on the clipboard as Markdown with its time link."""
        w = self.window
        if w.episode is None:
            w.show_message("Open an episode to copy from")
            return None
        chosen = quote_from_window(w)
        if chosen is None:
            w.show_message("Choose a line with a time (sync the transcript first)")
            return None
        start, end, text = chosen
        markdown = self.exporter.quote_markdown(w.episode.id, start, end, text)
        QGuiApplication.clipboard().setText(markdown)
        w.show_message("Copied the quote with its time link")
        return markdown

    # --- the notes panel's highlight menu -----------------------------------------------------------

    def highlight_menu(self, point: QPoint) -> QMenu | None:
        panel = self.window.annotations.panel
        index = panel.list.indexAt(point)
        if not index.isValid():
            return None
        panel.list.setCurrentIndex(index)
        highlight = panel.model.highlight_at(index.row())
        menu = QMenu(self.window)
        menu.setObjectName("highlightMenu")
        menu.addAction("Copy quote with time", lambda: self.copy_highlight(highlight.id))
        menu.addAction("Export clip…", lambda: self.ask_clip(highlight.id))
        self.menu = menu
        menu.popup(panel.list.viewport().mapToGlobal(point))
        return menu

    def copy_highlight(self, highlight_id: int) -> str:
        h = self.window.services.annotations.highlight(highlight_id)
        markdown = self.exporter.quote_markdown(h.episode_id, h.start, h.end, h.quote)
        QGuiApplication.clipboard().setText(markdown)
        self.window.show_message("Copied the quote with its time link")
        return markdown

    def ask_clip(self, highlight_id: int) -> Operation | None:
        settings = self.window.settings
        music = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.MusicLocation)
        start = str(settings.value(CLIP_FOLDER_KEY, "") or music or Path.home())
        folder = QFileDialog.getExistingDirectory(self.window, "Export clip to folder", start)
        if not folder:
            return None
        settings.setValue(CLIP_FOLDER_KEY, folder)
        return self.export_clip(highlight_id, Path(folder))

    def export_clip(self, highlight_id: int, folder: Path, clip_format: str | None = None) -> Operation:
        """Cut one highlight's clip into ``folder`` in the background."""
        fmt = clip_format or str(self.window.settings.value("export/clip_format", "m4a"))
        exporter = self.exporter

        def work(progress, cancel) -> Path:
            progress(0.0, "Cutting the clip…")
            return exporter.export_clip(highlight_id, folder, fmt, cancel)

        return self._run(work, "Exporting clip…", lambda path: f"Clip written: {path}")

    # --- restore --------------------------------------------------------------------------------------

    def ask_restore(self) -> Operation | None:
        settings = self.window.settings
        start = str(settings.value(RESTORE_FOLDER_KEY, "") or Path.home())
        path, _ = QFileDialog.getOpenFileName(
            self.window, "Restore from an Earmark backup", start, "Earmark backup (*.json);;All files (*)"
        )
        if not path:
            return None
        settings.setValue(RESTORE_FOLDER_KEY, str(Path(path).parent))
        return self.restore(Path(path))

    def restore(self, path: Path) -> Operation:
        """Load a backup record in the background; the library list refreshes when it is in."""
        exporter = self.exporter

        def work(progress, cancel):
            return exporter.restore(path, progress, cancel)

        return self._run(work, "Restoring…", lambda report: f"Restored: {report.summary()}", refresh=True)

    def _run(self, work, title: str, done, refresh: bool = False) -> Operation:
        w = self.window
        operation = Operation(work, title=title, parent=self)

        def succeeded(result) -> None:
            if refresh:
                w.refresh_library()
            w.show_message(done(result))

        operation.succeeded.connect(succeeded)
        operation.failed.connect(w.show_message)
        operation.cancelled.connect(lambda: w.show_message(f"{title.rstrip('…')} cancelled"))
        operation.finished.connect(self._finished)
        w.progress.track(operation)
        self.operation = operation
        return operation.start()

    def _finished(self) -> None:
        if self.sender() is self.operation:
            self.operation = None
