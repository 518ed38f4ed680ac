"""Add podcast…: paste a feed URL or the podcast's web page (its ``<link rel="alternate">`` finds the feed).

Subscribing runs in the background (:class:`Operation`); a failure is shown in the dialog as the one
line the service gives, and the dialog stays open to fix the address.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QLineEdit, QVBoxLayout, QWidget

from earmark.gui.worker import Operation


class AddPodcastDialog(QDialog):
    """Emits :attr:`subscribed` with the new podcast's id, then closes."""

    subscribed = Signal(int)

    def __init__(self, services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.operation: Operation | None = None
        self.setWindowTitle("Add podcast")
        self.setMinimumWidth(460)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("Feed address, or the podcast's web page:"))
        self.address = QLineEdit(objectName="podcast_address")
        self.address.setPlaceholderText("https://example.org/feed.xml")
        self.address.setClearButtonEnabled(True)
        layout.addWidget(self.address)
        self.status = QLabel(objectName="podcast_status")
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.status)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.add_button = self.buttons.addButton("Add", QDialogButtonBox.ButtonRole.AcceptRole)
        self.add_button.setDefault(True)
        self.buttons.accepted.connect(self.add)
        self.buttons.rejected.connect(self._cancel)
        layout.addWidget(self.buttons)
        self.address.textChanged.connect(lambda text: self.add_button.setEnabled(bool(text.strip())))
        self.add_button.setEnabled(False)

    def add(self) -> None:
        url = self.address.text().strip()
        if not url or self.operation is not None:
            return
        if "://" not in url:
            url = "https://" + url
        self.status.setText(f"Looking for the feed at {url}…")
        self.add_button.setEnabled(False)
        subscriptions = self.services.subscriptions
        self.operation = Operation(lambda progress, cancel: subscriptions.subscribe(url, progress, cancel),
                                   "Adding podcast…", self)  # fmt: skip
        self.operation.succeeded.connect(self._done)
        self.operation.failed.connect(self._failed)
        self.operation.cancelled.connect(self._failed_quietly)
        self.operation.start()

    def _done(self, podcast_id: int) -> None:
        self.operation = None
        self.subscribed.emit(podcast_id)
        self.accept()

    def _failed(self, message: str) -> None:
        self.operation = None
        self.status.setText(message)
        self.add_button.setEnabled(True)

    def _failed_quietly(self) -> None:
        self.operation = None
        self.add_button.setEnabled(True)

    def _cancel(self) -> None:
        if self.operation is not None:
            self.operation.cancel()
        self.reject()


def open_dialog(window) -> None:
    """File → Add podcast…: the window's podcasts pane opens it (and shows the new podcast)."""
    if hasattr(window, "open_add_podcast"):
        window.open_add_podcast()
        return
    window._add_podcast_dialog = AddPodcastDialog(window.services, window)
    window._add_podcast_dialog.open()
