"""Make the window's screenshots in resources/screenshots/ for one theme (not collected by pytest).

The demo episode with show notes whose headings become chapters, a word-range highlight and an
overlapping one, the lit line, and every new pane and dialog. Run once per theme under a real X
server:
    for theme in light dark; do
      xvfb-run -a -s "-screen 0 1400x900x24" env PYTHONPATH=desktop QT_QPA_PLATFORM=xcb \\
        EARMARK_THEME=$theme python tests/gui/screenshot_window.py [OUT_FOLDER]
    done
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

from PySide6.QtCore import QPoint, QSettings
from PySide6.QtGui import QCursor
from PySide6.QtWidgets import QApplication, QWidget

from earmark.app import build_services
from earmark.gui.main import make_application
from earmark.gui.main_window import MainWindow
from earmark.player.controller import PlayerController
from earmark.services.demo import ensure_demo_episode

OUT = Path(__file__).resolve().parents[2] / "resources" / "screenshots"
NOTES = """**Date:** 2026-11-30
**Duration:** 1:41

A short tour of [Earmark](https://example.org/earmark), read by two
[espeak-ng](https://github.com/espeak-ng/espeak-ng) voices.

## Reading along while you listen

The transcript follows the voice, line by line.

## The keyboard works too

Space, the arrows, and the speed keys.

## Where do the transcripts come from

Subtitles, plain text, or a sync on your own machine.

## Everything stays local

- One small database file
- Search every episode you ever heard
"""


def _settle(app: QApplication, seconds: float = 0.4) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        app.processEvents()
        time.sleep(0.01)


def _save(widget: QWidget, out: Path, name: str, theme: str) -> None:
    path = out / f"{name}-{theme}.png"
    widget.grab().save(str(path))
    print(path)


def main() -> None:
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else OUT
    out.mkdir(parents=True, exist_ok=True)
    theme = os.environ.get("EARMARK_THEME", "light")
    app = make_application()
    with tempfile.TemporaryDirectory() as folder:
        services = build_services(Path(folder) / "library")
        episode = ensure_demo_episode(services)
        services.library.rename(episode, "Earmark demo: listening and reading")
        services.annotations.save_episode_notes(episode, NOTES)
        notes = services.annotations
        notes.highlight_segment(episode, 4, "yellow")
        text = services.library.transcript(episode).segments[4].text
        start = text.index("the transcript follows the voice")
        notes.highlight_text(episode, 4, start, start + len("the transcript follows the voice"), "blue")
        word = services.library.transcript(episode).segments[2].text
        begin = word.index("listening and reading")
        notes.highlight_text(episode, 2, begin, begin + len("listening and reading"), "pink")
        window = MainWindow(
            services, PlayerController(), QSettings(str(Path(folder) / "ui.ini"), QSettings.Format.IniFormat)
        )
        window.resize(1320, 820)
        window.show()
        QCursor.setPos(window.mapToGlobal(QPoint(5, 5)))  # no hover wash in the picture
        window.open_episode(episode)
        window.chapters.dock.show()
        window.show_notes.dock.show()
        window.show_notes.dock.raise_()
        window.splitter.setSizes([300, 1020])
        window.controller.seek(12.0)
        window.transcript.view.follow_position(12.0)
        _settle(app, 1.0)
        _save(window, out, "window", theme)

        window.annotations.dock.raise_()
        _settle(app)
        _save(window, out, "window-notes", theme)

        window.show_notes.dock.raise_()
        window.controller.seek(40.0)
        window.transcript.view.follow_position(40.0)
        window.chapters._follow(40.0)
        window.transcript.view.set_following(False)
        bar = window.transcript.view.verticalScrollBar()
        bar.setValue(bar.maximum())
        _settle(app)
        _save(window, out, "window-follow", theme)

        window.menus.open_settings()
        _settle(app)
        _save(window.menus.dialog, out, "settings", theme)
        window.menus.dialog.reject()

        window.menus.show_shortcuts()
        _settle(app)
        _save(window.menus.sheet, out, "shortcuts", theme)
        window.menus.sheet.close()

        menu = window.library_actions.episode_menu(episode, window.mapToGlobal(QPoint(120, 160)))
        _settle(app)
        _save(menu, out, "episode-menu", theme)
        menu.close()
        view = window.transcript.view
        line = view.visualRect(view.transcript_model.index(6)).center()
        menu = window.library_actions.line_menu(line)
        _settle(app)
        _save(menu, out, "line-menu", theme)
        menu.close()

        box = window.menus.about()
        _settle(app)
        _save(box, out, "about", theme)
        box.accept()

        from earmark.gui.import_dialog import ask_import

        dialog = ask_import(window)
        dialog.setDirectory(str(Path(__file__).resolve().parents[2] / "resources" / "demo"))
        _settle(app)
        _save(dialog, out, "import", theme)
        dialog.reject()

        window.close()
        window.controller.close()
        services.close()


if __name__ == "__main__":
    main()
