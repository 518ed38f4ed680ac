"""Make resources/screenshots/highlights.png: the demo episode with highlights, notes and tags.

Run under a real X server (not collected by pytest):
    xvfb-run -a -s "-screen 0 1400x900x24" env PYTHONPATH=desktop QT_QPA_PLATFORM=xcb \
        python tests/annotations/screenshot_highlights.py [OUT.png]
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QApplication

from earmark.app import build_services
from earmark.gui.main import make_application
from earmark.gui.main_window import MainWindow
from earmark.player.controller import PlayerController
from earmark.services.demo import ensure_demo_episode

OUT = Path(__file__).resolve().parents[2] / "resources" / "screenshots" / "highlights.png"


def main() -> None:
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else OUT
    app = make_application()
    with tempfile.TemporaryDirectory() as folder:
        services = build_services(Path(folder) / "library")
        episode = ensure_demo_episode(services)
        notes = services.annotations
        first = notes.highlight_range(episode, 3, 4, colour="yellow")
        notes.update_note(first.id, "The pitch in one breath.\n\n**Use this** in the intro of my review.")
        notes.set_tags(first.id, ["pitch", "review"])
        second = notes.highlight_segment(episode, 6, colour="green")
        notes.set_tags(second.id, ["ux"])
        third = notes.highlight_segment(episode, 8, colour="blue")
        notes.update_note(third.id, "Check how this behaves with 3-hour episodes.")
        notes.save_episode_notes(episode, "Good overview of the app. Listen again at 1:00 for search.")
        notes.set_episode_tags(episode, ["demo", "software"])
        settings = QSettings(str(Path(folder) / "ui.ini"), QSettings.Format.IniFormat)
        controller = PlayerController()
        window = MainWindow(services, controller, settings)
        window.resize(1380, 860)
        window.open_episode(episode)
        window.annotations.dock.resize(400, 800)
        window.resizeDocks([window.annotations.dock], [400], Qt.Orientation.Horizontal)
        window.annotations.panel.select_highlight(first.id)
        controller.seek(16.0)
        window.transcript.view.follow_position(16.0)
        window.show()
        for _ in range(30):
            app.processEvents()
        QApplication.processEvents()
        out.parent.mkdir(parents=True, exist_ok=True)
        window.grab().save(str(out))
        print(out)
        window.close()
        controller.close()
        services.close()


if __name__ == "__main__":
    main()
