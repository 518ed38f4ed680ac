"""File > Settings: skip lengths, theme, library folder."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QWidget,
)

from earmark.app import remember_library_dir
from earmark.gui import preferences as prefs


class SettingsDialog(QDialog):
    """Edits the preferences; OK stores them (the window applies them at once)."""

    def __init__(self, settings: QSettings, library: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("settingsDialog")
        self.setWindowTitle("Settings")
        self.settings = settings
        self.library_changed = False
        self.back = QSpinBox(objectName="skipBack", minimum=1, maximum=300, suffix=" s")
        self.back.setValue(prefs.get(settings, prefs.SKIP_BACK))
        self.forward = QSpinBox(objectName="skipForward", minimum=1, maximum=300, suffix=" s")
        self.forward.setValue(prefs.get(settings, prefs.SKIP_FORWARD))
        self.theme = QComboBox(objectName="theme")
        for name in prefs.THEMES:
            self.theme.addItem(name.capitalize(), name)
        self.theme.setCurrentIndex(max(0, self.theme.findData(prefs.get(settings, prefs.THEME))))
        self.folder = QLineEdit(objectName="libraryFolder")
        self.folder.setText(str(library))
        self._initial_folder = self.folder.text()
        browse = QPushButton("Choose…")
        browse.clicked.connect(self._browse)
        row = QHBoxLayout()
        row.addWidget(self.folder, 1)
        row.addWidget(browse)
        hint = QLabel(
            "A new library folder is used from the next start<br>(--library and EARMARK_LIBRARY win)."
        )
        hint.setObjectName("settingsHint")
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow("Skip back", self.back)
        form.addRow("Skip forward", self.forward)
        form.addRow("Theme", self.theme)
        form.addRow("Library folder", row)
        form.addRow(hint)
        form.addRow(buttons)
        self.resize(520, self.sizeHint().height())

    def _browse(self) -> None:
        chosen = QFileDialog.getExistingDirectory(self, "Library folder", self.folder.text())
        if chosen:
            self.folder.setText(chosen)

    def accept(self) -> None:
        prefs.put(self.settings, prefs.SKIP_BACK, self.back.value())
        prefs.put(self.settings, prefs.SKIP_FORWARD, self.forward.value())
        prefs.put(self.settings, prefs.THEME, self.theme.currentData())
        folder = self.folder.text().strip()
        self.library_changed = folder != self._initial_folder
        if self.library_changed:
            remember_library_dir(Path(folder).expanduser() if folder else None)
        self.settings.sync()
        super().accept()
