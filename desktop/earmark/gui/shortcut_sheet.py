"""Help > Keyboard shortcuts (F1 or ?): every menu action that has keys, grouped by menu.

Built from the live menus, so the sheet can never disagree with what the keys do.
"""

from __future__ import annotations

from html import escape

from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QMainWindow, QMenu, QTextBrowser, QVBoxLayout

EXTRA = [
    ("Transcript", "Enter / click", "Play from the line"),
    ("Transcript", "Right-click", "Line menu: play from here, highlight, copy with time"),
    ("Library", "Enter / double-click", "Play the episode"),
    ("Library", "Right-click", "Episode menu: rename, delete, mark played, show file"),
]


def rows(window: QMainWindow) -> list[tuple[str, str, str]]:
    """(menu, keys, what) for every action with a shortcut, in menu order."""
    found = []
    for menu_action in window.menuBar().actions():
        menu = menu_action.menu()
        if not isinstance(menu, QMenu):
            continue
        title = menu.title().replace("&", "")
        for action in menu.actions():
            keys = [
                k.toString(QKeySequence.SequenceFormat.NativeText)
                for k in action.shortcuts()
                if not k.isEmpty()
            ]
            if keys and action.text():
                found.append((title, " or ".join(keys), action.text().replace("&", "").rstrip("…")))
    return found + EXTRA


class ShortcutSheet(QDialog):
    def __init__(self, window: QMainWindow) -> None:
        super().__init__(window)
        self.setObjectName("shortcutSheet")
        self.setWindowTitle("Keyboard shortcuts")
        self.browser = QTextBrowser(objectName="shortcuts")
        html, group = ["<table cellspacing='0' cellpadding='3' width='100%'>"], None
        for menu, keys, what in rows(window):
            if menu != group:
                html.append(f"<tr><td colspan='2'><br><b>{escape(menu)}</b></td></tr>")
                group = menu
            html.append(f"<tr><td width='38%'><code>{escape(keys)}</code></td><td>{escape(what)}</td></tr>")
        self.browser.setHtml("".join(html) + "</table>")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.browser)
        layout.addWidget(buttons)
        self.resize(520, 620)
