"""Light and dark looks. By default the system decides (Qt 6 follows its colour scheme);
``EARMARK_THEME=dark|light`` forces one (Fusion style with our palette), e.g. for screenshots."""

from __future__ import annotations

import os

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication

from earmark.app import RESOURCES

ACCENT = QColor("#3d7be0")
STYLE_SHEET = RESOURCES / "styles" / "earmark.qss"


def _palette(dark: bool) -> QPalette:
    p = QPalette()
    R, G = QPalette.ColorRole, QPalette.ColorGroup
    if dark:
        colours = {
            R.Window: "#1f2023",
            R.WindowText: "#e6e6e8",
            R.Base: "#18191b",
            R.AlternateBase: "#232427",
            R.Text: "#e6e6e8",
            R.Button: "#2b2c30",
            R.ButtonText: "#e6e6e8",
            R.Mid: "#3a3b40",
            R.Dark: "#2f63b8",
            R.Light: "#3a3b40",
            R.Midlight: "#333439",
            R.Shadow: "#000000",
            R.ToolTipBase: "#2b2c30",
            R.ToolTipText: "#e6e6e8",
            R.PlaceholderText: "#8d8e94",
            R.Highlight: "#4f8ff0",
            R.HighlightedText: "#ffffff",
            R.Link: "#7fb0ff",
        }
    else:
        colours = {
            R.Window: "#f4f4f6",
            R.WindowText: "#1d1d1f",
            R.Base: "#ffffff",
            R.AlternateBase: "#f4f4f6",
            R.Text: "#1d1d1f",
            R.Button: "#f7f7f8",
            R.ButtonText: "#1d1d1f",
            R.Mid: "#d9d9de",
            R.Dark: "#2f63b8",
            R.Light: "#ffffff",
            R.Midlight: "#ececef",
            R.Shadow: "#8a8a90",
            R.ToolTipBase: "#ffffff",
            R.ToolTipText: "#1d1d1f",
            R.PlaceholderText: "#7a7a80",
            R.Highlight: ACCENT.name(),
            R.HighlightedText: "#ffffff",
            R.Link: "#2a62c9",
        }
    for role, colour in colours.items():
        p.setColor(role, QColor(colour))
    disabled = QColor(colours[R.Text])
    disabled.setAlphaF(0.4)
    for role in (R.Text, R.WindowText, R.ButtonText):
        p.setColor(G.Disabled, role, disabled)
    return p


def apply_theme(app: QApplication, choice: str | None = None) -> str:
    """Set style, palette and style sheet; return "dark" or "light".

    ``EARMARK_THEME`` wins (screenshots), then ``choice`` (the settings: system, light, dark).
    """
    forced = os.environ.get("EARMARK_THEME", "").strip().lower() or (choice or "").lower()
    if forced == "system":
        app.setPalette(QApplication.style().standardPalette())
        QGuiApplication.styleHints().unsetColorScheme()
    hints = QGuiApplication.styleHints()
    if forced in ("dark", "light"):
        app.setStyle("Fusion")
        hints.setColorScheme(Qt.ColorScheme.Dark if forced == "dark" else Qt.ColorScheme.Light)
        app.setPalette(_palette(forced == "dark"))
        theme = forced
    else:
        if app.style().name().lower() == "fusion":
            # Fusion follows the system scheme; give it our calmer colours for that scheme.
            app.setPalette(_palette(hints.colorScheme() == Qt.ColorScheme.Dark))
        window = app.palette().color(QPalette.ColorRole.Window)
        theme = "dark" if window.lightness() < 128 else "light"
    if STYLE_SHEET.is_file():
        app.setStyleSheet(STYLE_SHEET.read_text(encoding="utf-8"))
    return theme
