"""Player icons painted at run time in the palette's text colour, so they suit light and dark."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QIcon, QPainter, QPainterPath, QPalette, QPen, QPixmap
from PySide6.QtWidgets import QApplication

SIZE = 48  # drawn large, scaled down by Qt


def _canvas() -> tuple[QPixmap, QPainter]:
    pixmap = QPixmap(SIZE, SIZE)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    return pixmap, painter


def _colour(role: QPalette.ColorRole = QPalette.ColorRole.ButtonText) -> QColor:
    return QApplication.palette().color(role)


def play_icon(colour: QColor | None = None) -> QIcon:
    pixmap, p = _canvas()
    path = QPainterPath()
    path.moveTo(16, 10)
    path.lineTo(38, 24)
    path.lineTo(16, 38)
    path.closeSubpath()
    p.setPen(
        QPen(
            colour or _colour(), 3, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap, Qt.PenJoinStyle.RoundJoin
        )
    )
    p.setBrush(colour or _colour())
    p.drawPath(path)
    p.end()
    return QIcon(pixmap)


def pause_icon(colour: QColor | None = None) -> QIcon:
    pixmap, p = _canvas()
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(colour or _colour())
    p.drawRoundedRect(QRectF(13, 10, 8, 28), 2, 2)
    p.drawRoundedRect(QRectF(27, 10, 8, 28), 2, 2)
    p.end()
    return QIcon(pixmap)


def skip_icon(seconds: int, forward: bool) -> QIcon:
    """A circular arrow with the number of seconds inside."""
    pixmap, p = _canvas()
    colour = _colour()
    p.setPen(QPen(colour, 3.2, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap))
    p.setBrush(Qt.BrushStyle.NoBrush)
    box = QRectF(7, 8, 34, 34)
    # An open circle with its gap at the top, arrow head on the side it turns towards.
    p.drawArc(box, (60 if forward else 120) * 16, (300 if forward else -300) * 16)
    tip = QPointF(24 + (6 if forward else -6), 8)
    direction = -1 if forward else 1
    p.setBrush(colour)
    p.setPen(Qt.PenStyle.NoPen)
    head = QPainterPath()
    head.moveTo(tip + QPointF(direction * -7, -6))
    head.lineTo(tip + QPointF(direction * 3, 0))
    head.lineTo(tip + QPointF(direction * -7, 6))
    head.closeSubpath()
    p.drawPath(head)
    font = QFont(QApplication.font())
    font.setPixelSize(15)
    font.setBold(True)
    p.setFont(font)
    p.setPen(colour)
    p.drawText(box, Qt.AlignmentFlag.AlignCenter, str(seconds))
    p.end()
    return QIcon(pixmap)


def app_icon() -> QIcon:
    """Earmark's window icon: a folded page corner over sound waves."""
    pixmap, p = _canvas()
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(QColor("#3d7be0"))
    p.drawRoundedRect(QRectF(4, 4, 40, 40), 10, 10)
    p.setBrush(QColor("#ffffff"))
    fold = QPainterPath()
    fold.moveTo(30, 4)
    fold.lineTo(44, 4)
    fold.lineTo(44, 18)
    fold.closeSubpath()
    p.setBrush(QColor("#a9c8f5"))
    p.drawPath(fold)
    p.setPen(QPen(QColor("#ffffff"), 3.5, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap))
    for x, h in ((14, 10), (20, 18), (26, 12), (32, 6)):
        p.drawLine(QPointF(x, 26 - h / 2 + 4), QPointF(x, 26 + h / 2 + 4))
    p.end()
    return QIcon(pixmap)
