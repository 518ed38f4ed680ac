"""Menu actions that also work as window-wide shortcuts."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMainWindow, QMenu


def add_action(window: QMainWindow, menu: QMenu, text: str, keys, slot: Callable[[], object]) -> QAction:
    """Add ``text`` to ``menu`` with shortcut ``keys``, live anywhere in ``window``."""
    action = QAction(text, window)
    action.setShortcut(QKeySequence(keys))
    action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
    action.triggered.connect(lambda _checked=False: slot())
    menu.addAction(action)
    window.addAction(action)
    return action
