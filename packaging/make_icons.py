"""Make the launcher icons: ``desktop/earmark/resources/icons/hicolor/*/apps/io.github.earmark.Earmark.*``.

The scalable SVG (written here) draws the window icon of ``earmark.gui.icons.app_icon``: a
folded page corner over sound bars. The PNG sizes are rendered from it with QtSvg, so the
launcher, the dock and the window show the same picture. The results are committed.

    QT_QPA_PLATFORM=offscreen .venv/bin/python packaging/make_icons.py
"""

from __future__ import annotations

import os
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QByteArray, Qt
from PySide6.QtGui import QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

APP_ID = "io.github.earmark.Earmark"
OUT = Path(__file__).resolve().parents[1] / "desktop" / "earmark" / "resources" / "icons" / "hicolor"
SIZES = (16, 22, 24, 32, 48, 64, 128, 256, 512)
BARS = ((14, 10), (20, 18), (26, 12), (32, 6))  # x and height, as in gui/icons.py

SVG = f"""<?xml version="1.0" encoding="UTF-8"?>
<svg xmlns="http://www.w3.org/2000/svg" width="48" height="48" viewBox="0 0 48 48">
  <rect x="4" y="4" width="40" height="40" rx="10" ry="10" fill="#3d7be0"/>
  <path d="M30 4 H44 V18 Z" fill="#a9c8f5"/>
  <g stroke="#ffffff" stroke-width="3.5" stroke-linecap="round">
{chr(10).join(f'    <line x1="{x}" y1="{30 - h / 2:g}" x2="{x}" y2="{30 + h / 2:g}"/>' for x, h in BARS)}
  </g>
</svg>
"""


def main() -> None:
    app = QGuiApplication.instance() or QGuiApplication([])  # noqa: F841 - QtSvg needs one
    scalable = OUT / "scalable" / "apps" / f"{APP_ID}.svg"
    scalable.parent.mkdir(parents=True, exist_ok=True)
    scalable.write_text(SVG, encoding="utf-8")
    renderer = QSvgRenderer(QByteArray(SVG.encode()))
    for size in SIZES:
        image = QImage(size, size, QImage.Format.Format_ARGB32)
        image.fill(Qt.GlobalColor.transparent)
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        renderer.render(painter)
        painter.end()
        target = OUT / f"{size}x{size}" / "apps" / f"{APP_ID}.png"
        target.parent.mkdir(parents=True, exist_ok=True)
        image.save(str(target))
        print(target.relative_to(OUT.parents[3]), target.stat().st_size, "bytes")


if __name__ == "__main__":
    main()
