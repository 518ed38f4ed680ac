"""Make resources/screenshots/podcasts-light.png and podcasts-dark.png: the Podcasts tab in the window.

Three real feeds from shared/peer_feeds (All Things Chemical, Reply All, the Podcasting 2.0 example) are
served on 127.0.0.1 with their artwork; one episode of a fourth show (real voices, two ads inserted) is
auto-downloaded and its feed transcript re-timed. Run under a real X server (not collected by pytest):
    xvfb-run -a -s "-screen 0 1400x900x24" env PYTHONPATH=desktop:tests/feeds QT_QPA_PLATFORM=xcb \
        EARMARK_THEME=light python tests/feeds/screenshot_podcasts.py [OUT_FOLDER]
"""

from __future__ import annotations

import os
import re
import sys
import tempfile
import time
from pathlib import Path

from adcase import LONG, make_case, vtt, write_wav
from feedkit import item, rss
from PySide6.QtCore import QRect, QSettings, Qt
from PySide6.QtGui import QColor, QFont, QImage, QPainter
from PySide6.QtWidgets import QApplication

from conftest import PEER_FEEDS, Server
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


def _artwork(path: Path, text: str, colour: str) -> None:
    image = QImage(300, 300, QImage.Format.Format_RGB32)
    image.fill(QColor(colour))
    painter = QPainter(image)
    painter.setPen(Qt.GlobalColor.white)
    font = QFont()
    font.setPixelSize(110)
    font.setBold(True)
    painter.setFont(font)
    painter.drawText(QRect(0, 0, 300, 300), Qt.AlignmentFlag.AlignCenter, text)
    painter.end()
    image.save(str(path))


def _serve(folder: Path, base: str) -> list[str]:
    feeds = []
    for name, source, art, colour in (
        ("chem", PEER_FEEDS / "podcast-feed-parser" / "bc-sample.xml", "ATC", "#2f6f8f"),
        ("reply", PEER_FEEDS / "podcast-feed-parser" / "replyall-sample-ordering.xml", "RA", "#b5452b"),
        ("ns", PEER_FEEDS / "podcast-namespace" / "example.xml", "2.0", "#5b3f8f"),
    ):
        text = source.read_text(encoding="utf-8")
        _artwork(folder / f"{name}.png", art, colour)
        text = re.sub(r'(<itunes:image href=")[^"]+', rf"\g<1>{base}/{name}.png", text)
        text = re.sub(r"(<image>\s*<url>)[^<]+", rf"\g<1>{base}/{name}.png", text)
        (folder / f"{name}.xml").write_text(text, encoding="utf-8")
        feeds.append(f"{base}/{name}.xml")
    case = make_case(LONG[:12], (3, 8))
    write_wav(folder / "ep.wav", case.download)
    (folder / "ep.vtt").write_text(vtt(case.cues))
    _artwork(folder / "voices.png", "RV", "#3d7a4a")
    items = [
        item("Nine voices, two ads", f"{base}/ep.wav", "v3", day=300, transcript=f"{base}/ep.vtt"),
        item("Printing, part two", f"{base}/missing.wav", "v2", day=290),
        item("Printing, part one", f"{base}/missing.wav", "v1", day=280),
    ]
    head = f"<image><url>{base}/voices.png</url></image>"
    (folder / "voices.xml").write_text(
        rss(items, "Real Voices").replace("<language>", head + "<language>", 1)
    )
    feeds.append(f"{base}/voices.xml")
    return feeds


def main() -> None:
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else OUT
    out.mkdir(parents=True, exist_ok=True)
    theme = os.environ.get("EARMARK_THEME", "light")
    app = make_application()
    with tempfile.TemporaryDirectory() as folder:
        www = Path(folder) / "www"
        www.mkdir()
        server = Server(www)
        feeds = _serve(www, server.base)
        services = build_services(Path(folder) / "library")
        ids = [services.subscriptions.subscribe(url) for url in feeds]
        services.subscriptions.set_auto_download(ids[-1], 1)
        services.subscriptions.refresh(newest=0)
        services.subscriptions.mark_seen(ids[0])
        window = MainWindow(
            services, PlayerController(), QSettings(str(Path(folder) / "ui.ini"), QSettings.Format.IniFormat)
        )
        window.resize(1380, 860)
        window.show()
        window.podcasts.show_tab()
        window.podcasts.reload(select=ids[-1])
        window.splitter.setSizes([640, 560])  # the catalogue given room, as a listener would drag it
        window.podcasts.table.selectRow(1)
        _settle(app, 0.5)
        window.grab().save(str(out / f"podcasts-{theme}.png"))
        window.close()
        server.close()
        services.close()


if __name__ == "__main__":
    main()
