"""Starting the app: QApplication, theme, services, the player, the main window."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QSettings, QTimer
from PySide6.QtWidgets import QApplication

from earmark.app import APP_NAME, Services, build_services
from earmark.core.errors import InputError
from earmark.gui.main_window import MainWindow
from earmark.gui.theme import apply_theme

ORGANIZATION = "Earmark"


def make_application(argv: list[str] | None = None) -> QApplication:
    """The one QApplication, named so QSettings knows where to keep UI state."""
    app = QApplication.instance() or QApplication(argv if argv is not None else sys.argv[:1])
    app.setApplicationName(APP_NAME)
    app.setOrganizationName(ORGANIZATION)
    app.setApplicationDisplayName(APP_NAME)
    app.setDesktopFileName("earmark")
    apply_theme(app)
    return app  # type: ignore[return-value]


def open_window(services: Services, demo: bool = False, settings: QSettings | None = None) -> MainWindow:
    """Build the player and the window; on the demo, open it playing, else reopen the last episode."""
    from earmark.player.controller import PlayerController  # imported late: it may load libvlc

    controller = PlayerController()
    window = MainWindow(services, controller, settings)
    controller.setParent(window)
    if demo:
        from earmark.services.demo import ensure_demo_episode

        try:
            window.open_episode(ensure_demo_episode(services), play=True)
            window.refresh_library()
        except InputError as error:
            window.show_message(f"Demo: {error}")
    else:
        window.reopen_last()
    return window


def run_gui(library_folder: Path, demo: bool = False) -> int:
    app = make_application()
    services = build_services(library_folder)
    try:
        window = open_window(services, demo=demo)
        window.show()
        window.raise_()
        QTimer.singleShot(0, window.transcript.view.scroll_to_current)
        code = app.exec()
        window.controller.close()
        return code
    finally:
        services.close()
