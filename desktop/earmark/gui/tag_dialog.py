"""Rename or merge a tag across the whole library."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QWidget,
)


class TagDialog(QDialog):
    """Pick a tag and its new name; a name that already exists means merging into that tag."""

    def __init__(self, tags: list[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Rename or merge tag")
        self._tags = tags
        self.tag = QComboBox(self)
        self.tag.addItems(tags)
        self.new_name = QLineEdit(self)
        self.new_name.setCompleter(QCompleter(tags, self))
        self.hint = QLabel(self)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow("Tag", self.tag)
        form.addRow("New name", self.new_name)
        form.addRow(self.hint)
        form.addRow(self.buttons)
        self.new_name.textChanged.connect(self._explain)
        self.tag.currentTextChanged.connect(self._explain)
        self._explain()

    def merges(self) -> bool:
        new = self.new_name.text().strip().casefold()
        return new != self.tag.currentText().casefold() and any(t.casefold() == new for t in self._tags)

    def _explain(self, *_) -> None:
        new = self.new_name.text().strip()
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setEnabled(bool(new) and new != self.tag.currentText())
        if self.merges():
            self.hint.setText(
                f"“{self.tag.currentText()}” will be merged into “{new}” (this cannot be undone)."
            )
        else:
            self.hint.setText("Renamed on every highlight and episode; Ctrl+Z undoes it.")
