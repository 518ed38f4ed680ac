"""Make resources/screenshots/sync-running.png and sync-after.png: an untimed transcript syncing, then synced.

The episode is espeak-ng reading the benchmark's short text with a jingle, an ad read that is not
in the text and one paragraph never spoken. Run under a real X server (not collected by pytest):
    xvfb-run -a -s "-screen 0 1400x900x24" env PYTHONPATH=desktop:tests QT_QPA_PLATFORM=xcb \
        python tests/align/screenshot_sync.py [OUT_FOLDER]
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication

from align.synthcase import SHORT_TEXT, UNSPOKEN_PARAGRAPH, make_case
from earmark.app import build_services
from earmark.gui.main import make_application
from earmark.gui.main_window import MainWindow
from earmark.player.controller import PlayerController

OUT = Path(__file__).resolve().parents[2] / "resources" / "screenshots"


def _settle(app: QApplication, seconds: float = 0.3) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        app.processEvents()
        time.sleep(0.01)


def main() -> None:
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else OUT
    out.mkdir(parents=True, exist_ok=True)
    app = make_application()
    with tempfile.TemporaryDirectory() as folder:
        case = make_case(
            Path(folder), SHORT_TEXT, name="weekly", with_jingle=True, ad_after=4, unspoken=UNSPOKEN_PARAGRAPH
        )
        text = Path(folder) / "weekly.txt"
        text.write_text("\n\n".join(" ".join(p) for p in SHORT_TEXT) + "\n", encoding="utf-8")
        services = build_services(Path(folder) / "library")
        episode = services.importer.import_episode(case.audio, text, title="The Slow News, episode 12")
        controller = PlayerController()
        window = MainWindow(
            services, controller, QSettings(str(Path(folder) / "ui.ini"), QSettings.Format.IniFormat)
        )
        window.resize(1380, 860)
        window.open_episode(episode)
        window.show()
        _settle(app)
        window.sync.sync()  # what the "Sync to audio" button does: in the background, with progress
        _settle(app, 2.0)
        window.grab().save(str(out / "sync-running.png"))
        while not window.statusBar().currentMessage().startswith("Synced"):
            _settle(app, 0.2)
        spoken = [s for s in services.library.transcript(episode).segments if s.start is not None]
        moment = spoken[4].start + 1.0
        controller.seek(moment)
        window.transcript.view.follow_position(moment)
        _settle(app)
        window.grab().save(str(out / "sync-after.png"))
        print(out / "sync-running.png", out / "sync-after.png", window.statusBar().currentMessage())
        window.close()
        controller.close()
        services.close()


if __name__ == "__main__":
    main()
