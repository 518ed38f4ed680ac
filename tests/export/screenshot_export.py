"""The export dialog's screenshot for the docs (not a test).

Run: PYTHONPATH=desktop QT_QPA_PLATFORM=offscreen python tests/export/screenshot_export.py
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "desktop"))

from PySide6.QtCore import QSettings  # noqa: E402

from earmark.app import build_services  # noqa: E402
from earmark.gui.export_dialog import ExportDialog  # noqa: E402
from earmark.gui.main import make_application  # noqa: E402
from earmark.store import podcasts as podcast_rows  # noqa: E402

SRT = """1
00:01:23,200 --> 00:01:26,000
Ann: The best notes are the ones you come back to.

2
00:01:26,100 --> 00:01:29,500
Bob: So every quote should link back to its moment.
"""


def main() -> None:
    app = make_application()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        (folder / "d.srt").write_text(SRT)
        subprocess.run(
            ["espeak-ng", "-w", str(folder / "d.wav"), "-s", "40", "Notes that last. " * 12], check=True
        )
        services = build_services(folder / "lib")
        episode = services.importer.import_episode(
            folder / "d.wav", folder / "d.srt", None, "Notes that last"
        )
        with services.database.transaction() as conn:
            podcast = podcast_rows.insert_podcast(
                conn, title="The Margins", feed_url="https://example.org/m.xml", link=None, description="",
                image_url=None,
            )  # fmt: skip
            conn.execute(
                "UPDATE episodes SET podcast_id = ?, audio_url = ?, published = '2026-11-30' WHERE id = ?",
                (podcast, "https://example.org/margins/42.mp3", episode),
            )
        services.annotations.create_highlight(
            episode, 83.2, 89.5, note="Use this in the talk, with the example.", tags=["notes", "deep work"]
        )
        settings = QSettings(str(folder / "s.ini"), QSettings.Format.IniFormat)
        dialog = ExportDialog(services, settings, episode)
        dialog.destination.setText("~/Notes/Podcasts")
        dialog.show()
        app.processEvents()
        dialog.update_preview()
        app.processEvents()
        target = ROOT / "resources" / "screenshots" / "export-dialog.png"
        dialog.grab().save(str(target))
        print(target)
        dialog.close()
        services.close()


if __name__ == "__main__":
    main()
