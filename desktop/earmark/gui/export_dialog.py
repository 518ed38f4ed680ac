"""File → Export…: choose what, the format and where; see the first file; export in the background.

What: this episode, a tag, a podcast, or everything. The preview shows the first file the
export would write (recomputed a moment after each change). The Markdown templates can be
changed on their own tabs. Every choice is remembered in ``QSettings`` under ``export/``.
The export runs through :class:`~earmark.gui.worker.Operation` with progress and Cancel.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings, QStandardPaths, QTimer
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from earmark.core.errors import InputError
from earmark.services.export_clips import CLIP_FORMATS
from earmark.services.exporting import ExportOptions, Selection

FORMAT_LABELS = {
    "md": "Markdown notes (Obsidian, Logseq, Bear)",
    "readwise": "Readwise CSV",
    "csv": "Highlights CSV (all fields)",
    "clip": "Audio clips of highlights",
    "srt": "Transcript: SRT subtitles",
    "vtt": "Transcript: WebVTT (voices, word times)",
    "json": "JSON (one episode: Podcasting 2.0; more: full backup)",
    "txt": "Transcript: text with timestamps",
}
WHAT = ("episode", "tag", "podcast", "all")
WHAT_LABELS = {"episode": "This episode", "tag": "A tag", "podcast": "A podcast", "all": "Everything"}
PREVIEW_DELAY_MS = 250


def _key(name: str) -> str:
    return f"export/{name}"


class ExportDialog(QDialog):
    """The export dialog. ``episode_id`` is the open episode (None: "This episode" is not offered)."""

    def __init__(self, services, settings: QSettings, episode_id: int | None, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Export")
        self.services = services
        self.settings = settings
        self.episode_id = episode_id
        self.operation = None
        self.written: list[Path] = []
        self._build()
        self._restore_choices()
        self._preview_timer = QTimer(self, singleShot=True, interval=PREVIEW_DELAY_MS)
        self._preview_timer.timeout.connect(self.update_preview)
        for signal in (
            self.what.currentIndexChanged, self.choice.currentIndexChanged, self.format.currentIndexChanged,
            self.clip_format.currentIndexChanged, self.episode_template.textChanged,
            self.highlight_template.textChanged,
        ):  # fmt: skip
            signal.connect(self._changed)
        self._changed()
        self.update_preview()
        self.resize(760, 560)

    # --- building ------------------------------------------------------------------------------------

    def _build(self) -> None:
        self.what = QComboBox(objectName="exportWhat")
        for name in WHAT:
            if name != "episode" or self.episode_id is not None:
                self.what.addItem(WHAT_LABELS[name], name)
        self.choice = QComboBox(objectName="exportChoice")
        self.format = QComboBox(objectName="exportFormat")
        for name, label in FORMAT_LABELS.items():
            self.format.addItem(label, name)
        self.clip_format = QComboBox(objectName="clipFormat")
        for name in CLIP_FORMATS:
            self.clip_format.addItem(name, name)
        self.destination = QLineEdit(objectName="exportDestination")
        self.browse = QPushButton("Choose…")
        self.browse.clicked.connect(self.choose_destination)
        where = QHBoxLayout()
        where.addWidget(self.destination, 1)
        where.addWidget(self.browse)

        form = QFormLayout()
        what_row = QHBoxLayout()
        what_row.addWidget(self.what)
        what_row.addWidget(self.choice, 1)
        form.addRow("Export:", what_row)
        form.addRow("Format:", self.format)
        self.clip_label = QLabel("Clip audio:")
        form.addRow(self.clip_label, self.clip_format)
        self.destination_label = QLabel("To:")
        form.addRow(self.destination_label, where)

        mono = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        self.preview = QPlainTextEdit(objectName="exportPreview", readOnly=True)
        self.preview.setFont(mono)
        defaults = ExportOptions()
        self.episode_template = QPlainTextEdit(defaults.episode_template, objectName="episodeTemplate")
        self.highlight_template = QPlainTextEdit(defaults.highlight_template, objectName="highlightTemplate")
        for edit in (self.episode_template, self.highlight_template):
            edit.setFont(mono)
        reset = QPushButton("Default templates")
        reset.clicked.connect(self.reset_templates)
        templates = QWidget()
        template_layout = QVBoxLayout(templates)
        note_help = (
            "Note (variables: title podcast date duration tags audio link web_link episode_notes highlights):"
        )
        template_layout.addWidget(QLabel(note_help))
        template_layout.addWidget(self.episode_template)
        each_help = "Each highlight (start end duration quote note tags link web_link transcript_around):"
        template_layout.addWidget(QLabel(each_help))
        template_layout.addWidget(self.highlight_template)
        template_layout.addWidget(reset)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.preview, "Preview")
        self.tabs.addTab(templates, "Markdown templates")
        self.preview_label = QLabel(objectName="previewLabel")

        self.bar = QProgressBar(objectName="exportProgress")
        self.bar.setRange(0, 1000)
        self.bar.hide()
        self.status = QLabel(objectName="exportStatus")
        self.status.setWordWrap(True)
        self.export_button = QPushButton("Export", objectName="exportButton", default=True)
        self.export_button.clicked.connect(self.start_export)
        self.cancel_button = QPushButton("Cancel", objectName="exportCancel")
        self.cancel_button.clicked.connect(self.cancel_or_close)
        buttons = QHBoxLayout()
        buttons.addWidget(self.status, 1)
        buttons.addWidget(self.export_button)
        buttons.addWidget(self.cancel_button)

        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.preview_label)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.bar)
        layout.addLayout(buttons)

    # --- choices -------------------------------------------------------------------------------------

    def selection(self) -> Selection:
        what = self.what.currentData()
        if what == "episode":
            return Selection(episode=self.episode_id)
        if what in ("tag", "podcast") and self.choice.currentIndex() < 0:
            raise InputError(None, "no tags in the library yet" if what == "tag" else "no podcasts yet")
        if what == "tag":
            return Selection(tag=self.choice.currentText())
        if what == "podcast":
            return Selection(podcast=str(self.choice.currentData()))
        return Selection()

    def options(self) -> ExportOptions:
        return ExportOptions(
            episode_template=self.episode_template.toPlainText(),
            highlight_template=self.highlight_template.toPlainText(),
            clip_format=self.clip_format.currentData(),
        )

    def fmt(self) -> str:
        return self.format.currentData()

    def wants_folder(self) -> bool:
        """A folder of files, or one file (the destination box asks for the right one)."""
        single = self.what.currentData() == "episode"
        one_file = self.fmt() in ("readwise", "csv") or (self.fmt() == "json" and not single)
        return self.fmt() in ("clip", "md") or (not one_file and not single)  # md: a vault folder

    def _fill_choice(self) -> None:
        what = self.what.currentData()
        remembered = self.settings.value(_key(f"choice/{what}"), "")
        self.choice.blockSignals(True)
        self.choice.clear()
        if what == "tag":
            for tag in self.services.annotations.all_tags():
                self.choice.addItem(tag, tag)
        elif what == "podcast":
            for podcast_id, title in self.services.exporter.podcasts():
                self.choice.addItem(title, podcast_id)
        found = self.choice.findText(str(remembered)) if remembered else -1
        if found >= 0:
            self.choice.setCurrentIndex(found)
        self.choice.setVisible(what in ("tag", "podcast"))
        self.choice.blockSignals(False)

    def _changed(self) -> None:
        sender = self.sender()
        if sender is self.what or sender is None:
            self._fill_choice()
        clip = self.fmt() == "clip"
        self.clip_label.setVisible(clip)
        self.clip_format.setVisible(clip)
        self.tabs.setTabEnabled(1, self.fmt() == "md")
        self.destination_label.setText("To folder:" if self.wants_folder() else "To file:")
        if sender is self.format or sender is None:
            remembered = self.settings.value(_key(f"destination/{self.fmt()}"), "")
            self.destination.setText(str(remembered) or self._default_destination())
        self._preview_timer.start()

    def _default_destination(self) -> str:
        documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        base = Path(documents or Path.home()) / "Earmark"
        if self.wants_folder():
            return str(base / ("Clips" if self.fmt() == "clip" else "Notes"))
        name = {
            "readwise": "earmark-readwise.csv",
            "csv": "earmark-highlights.csv",
            "json": "earmark-library.json",
        }
        return str(base / name.get(self.fmt(), f"episode.{self.fmt()}"))

    def choose_destination(self) -> None:
        current = self.destination.text()
        if self.wants_folder():
            chosen = QFileDialog.getExistingDirectory(self, "Export to folder", current)
        else:
            chosen, _ = QFileDialog.getSaveFileName(self, "Export to file", current)
        if chosen:
            self.destination.setText(chosen)

    def reset_templates(self) -> None:
        defaults = ExportOptions()
        self.episode_template.setPlainText(defaults.episode_template)
        self.highlight_template.setPlainText(defaults.highlight_template)

    def _restore_choices(self) -> None:
        s = self.settings
        what = self.what.findData(s.value(_key("what"), "episode" if self.episode_id is not None else "all"))
        self.what.setCurrentIndex(max(what, 0))
        self.format.setCurrentIndex(max(self.format.findData(s.value(_key("format"), "md")), 0))
        self.clip_format.setCurrentIndex(
            max(self.clip_format.findData(s.value(_key("clip_format"), "m4a")), 0)
        )
        for name, edit in (
            ("episode_template", self.episode_template),
            ("highlight_template", self.highlight_template),
        ):
            text = s.value(_key(name))
            if text:
                edit.setPlainText(str(text))

    def remember_choices(self) -> None:
        s = self.settings
        s.setValue(_key("what"), self.what.currentData())
        if self.choice.isVisible() or self.what.currentData() in ("tag", "podcast"):
            s.setValue(_key(f"choice/{self.what.currentData()}"), self.choice.currentText())
        s.setValue(_key("format"), self.fmt())
        s.setValue(_key("clip_format"), self.clip_format.currentData())
        s.setValue(_key(f"destination/{self.fmt()}"), self.destination.text())
        defaults = ExportOptions()
        for name, edit, default in (
            ("episode_template", self.episode_template, defaults.episode_template),
            ("highlight_template", self.highlight_template, defaults.highlight_template),
        ):
            text = edit.toPlainText()
            s.setValue(_key(name), "" if text == default else text)
        s.sync()

    # --- preview and export --------------------------------------------------------------------------

    def update_preview(self) -> None:
        """Show the first file the export would write (or why there is nothing to export)."""
        try:
            options = self.options()
            options.check()
            preview = self.services.exporter.preview(self.selection(), self.fmt(), options, quick=True)
        except InputError as error:
            self.preview_label.setText("Nothing to export")
            self.preview.setPlainText(str(error))
            self.export_button.setEnabled(False)
            return
        count = f"{preview.files} file{'s' if preview.files != 1 else ''}"
        self.preview_label.setText(f"{count}; the first: {preview.name}")
        self.preview.setPlainText(preview.text)
        self.export_button.setEnabled(self.operation is None)

    def start_export(self):
        """Run the export on the worker pool; returns the operation (tests wait on it)."""
        from earmark.gui.worker import Operation

        target = Path(self.destination.text()).expanduser()
        if not self.destination.text().strip():
            self.status.setText("Choose where to export to")
            return None
        try:
            selection = self.selection()
        except InputError as error:
            self.status.setText(str(error))
            return None
        self.remember_choices()
        fmt, options, exporter = self.fmt(), self.options(), self.services.exporter

        def work(progress, cancel) -> list[Path]:
            return exporter.export(selection, fmt, target, options, progress, cancel)

        self.operation = Operation(work, title="Exporting…")  # kept alive by the pool until it ends
        self.operation.progress.connect(self._on_progress)
        self.operation.succeeded.connect(self._on_done)
        self.operation.failed.connect(self._on_failed)
        self.operation.cancelled.connect(self._on_cancelled)
        self.operation.finished.connect(self._on_finished)
        self.bar.setValue(0)
        self.bar.show()
        self.export_button.setEnabled(False)
        self.status.setText("Exporting…")
        return self.operation.start()

    def cancel_or_close(self) -> None:
        if self.operation is not None:
            self.operation.cancel()
            self.cancel_button.setEnabled(False)
            self.status.setText("Cancelling…")
        else:
            self.reject()

    def _on_progress(self, fraction: float, message: str) -> None:
        self.bar.setValue(round(max(0.0, min(1.0, fraction)) * 1000))
        if message:
            self.status.setText(message)

    def _on_done(self, written: list[Path]) -> None:
        self.written = list(written)
        where = written[0] if len(written) == 1 else Path(self.destination.text())
        self.status.setText(f"Wrote {len(written)} file{'s' if len(written) != 1 else ''}: {where}")

    def _on_failed(self, message: str) -> None:
        self.status.setText(message)

    def _on_cancelled(self) -> None:
        self.status.setText("Export cancelled")

    def _on_finished(self) -> None:
        self.operation = None
        self.bar.hide()
        self.cancel_button.setEnabled(True)
        self.cancel_button.setText("Close")
        self.export_button.setEnabled(True)

    def done(self, result: int) -> None:
        if self.operation is not None:  # closing while exporting cancels it (no half file is left)
            self.operation.cancel()
        super().done(result)
