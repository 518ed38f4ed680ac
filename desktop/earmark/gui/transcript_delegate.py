"""Paints one transcript line: muted time column, speaker name at each turn, wrapped text.

Heights are cached per row for the current width (word-wrapped text of varying height is
the slow part of a long list: shared/STACK.md "Views"); the cache empties when the width or
the model changes.
"""

from __future__ import annotations

import re
import zlib

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QPoint, QPointF, QRect, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPalette, QPen, QTextLayout, QTextOption
from PySide6.QtWidgets import QAbstractItemView, QStyle, QStyledItemDelegate, QStyleOptionViewItem

from earmark.core.model import SegmentKind
from earmark.gui.transcript_model import Role

Index = QModelIndex | QPersistentModelIndex

MARGIN_X = 14  # outer left/right margin
PAD_X = 10  # inside the lit background
PAD_Y = 5
TURN_GAP = 10  # extra space above a new speaker's turn
LIT_BAR = 3
CHAPTER_GAP = 14  # space above a chapter's heading

SPEAKER_HUES = (210, 25, 150, 280, 340, 95, 185, 50)
HIGHLIGHT_COLOURS = {
    "yellow": "#f5d13b",
    "green": "#5cc26b",
    "blue": "#4f9cf0",
    "pink": "#f06ba8",
    "orange": "#f39a3c",
    "purple": "#a679f0",
}


def is_dark(palette: QPalette) -> bool:
    return palette.color(QPalette.ColorRole.Window).lightness() < 128


def speaker_colour(name: str, palette: QPalette) -> QColor:
    """A stable, readable colour per speaker name, lighter on dark backgrounds."""
    hue = SPEAKER_HUES[zlib.crc32(name.encode()) % len(SPEAKER_HUES)]
    return QColor.fromHsl(hue, 150, 175 if is_dark(palette) else 95)


def muted(palette: QPalette, amount: float = 0.55) -> QColor:
    colour = QColor(palette.color(QPalette.ColorRole.Text))
    colour.setAlphaF(amount)
    return colour


UNDERLINE = 2.0  # px: one highlight's underline when highlights overlap
UNDERLINE_GAP = 1.5


def _wrapped(text: str, font: QFont, width: int) -> QTextLayout:
    """``text`` laid out the way :meth:`QPainter.drawText` wraps it (highlight shapes, the lit word)."""
    layout = QTextLayout(text, font)
    option = QTextOption()
    option.setWrapMode(QTextOption.WrapMode.WordWrap)
    layout.setTextOption(option)
    layout.beginLayout()
    y = 0.0
    while (line := layout.createLine()).isValid():
        line.setLineWidth(width)
        line.setPosition(QPointF(0, y))
        y += line.height()
    layout.endLayout()
    return layout


def _char_boxes(layout: QTextLayout, first: int, end: int) -> list[QRectF]:
    """One box per laid-out line that characters ``first``..``end`` cover (layout coordinates)."""
    boxes = []
    for n in range(layout.lineCount()):
        line = layout.lineAt(n)
        a, b = max(first, line.textStart()), min(end, line.textStart() + line.textLength())
        if a >= b:
            continue
        left, right = line.cursorToX(a)[0], line.cursorToX(b)[0]
        boxes.append(QRectF(left, line.y(), max(1.0, right - left), line.height()))
    return boxes


class TranscriptDelegate(QStyledItemDelegate):
    def __init__(self, view: QAbstractItemView) -> None:
        super().__init__(view)
        self._view = view
        self._heights: dict[int, int] = {}
        self._width = -1
        self.set_font(view.font())

    def set_font(self, base: QFont) -> None:
        self.text_font = QFont(base)
        self.text_font.setPointSizeF(max(base.pointSizeF(), 9.0) * 1.2)
        self.small_font = QFont(base)
        self.small_font.setPointSizeF(max(base.pointSizeF(), 9.0) * 0.9)
        self.small_font.setFeature(QFont.Tag("tnum"), 1)  # tabular digits line the times up
        self.speaker_font = QFont(self.small_font)
        self.speaker_font.setBold(True)
        self.italic_font = QFont(self.text_font)
        self.italic_font.setItalic(True)
        self.text_metrics = QFontMetrics(self.text_font)
        self.italic_metrics = QFontMetrics(self.italic_font)
        self.small_metrics = QFontMetrics(self.small_font)
        self.speaker_metrics = QFontMetrics(self.speaker_font)
        self.gutter = self.small_metrics.horizontalAdvance("0:00:00") + 18
        self.forget_heights()

    def forget_heights(self) -> None:
        self._heights.clear()

    # Geometry ------------------------------------------------------------------------------
    def _text_width(self, width: int) -> int:
        return max(80, width - 2 * MARGIN_X - self.gutter - PAD_X)  # = the painted text rect

    def _header_height(self, index: Index) -> int:
        chapter = self._chapter_height(index)
        if not index.data(Role.SPEAKER_CHANGED):
            return chapter
        gap = TURN_GAP if index.row() > 0 else TURN_GAP // 2
        return chapter + gap + self.speaker_metrics.height() + 2

    def set_chapter_rows(self, titles: dict[int, str]) -> None:
        """Row -> the title of the chapter starting there, painted as a heading above the row."""
        self._chapters = dict(titles)
        self.forget_heights()

    def _chapter_height(self, index: Index) -> int:
        if index.row() not in getattr(self, "_chapters", {}):
            return 0
        return CHAPTER_GAP + self.text_metrics.height() + 8

    def _text_height(self, index: Index, width: int) -> int:
        kind = _kind(index)
        metrics = self.italic_metrics if _is_sound(kind) else self.text_metrics
        rect = QRect(0, 0, self._text_width(width), 1_000_000)
        return metrics.boundingRect(rect, Qt.TextFlag.TextWordWrap, _text(index, kind)).height()

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        width = self._view.viewport().width()
        if width != self._width:
            self._width = width
            self._heights.clear()
        row = index.row()
        height = self._heights.get(row)
        if height is None:
            height = self._header_height(index) + self._text_height(index, width) + 2 * PAD_Y
            self._heights[row] = height
        return QSize(width, height)

    # Highlights ----------------------------------------------------------------------------
    def set_highlight_spans(self, spans: dict[int, list[tuple[str, int, int]]]) -> None:
        """Row -> (colour, first char, end char) of each highlight on it (from the annotations)."""
        self._spans = {row: list(found) for row, found in spans.items() if found}

    def _paint_highlights(self, painter: QPainter, index: Index, text_rect: QRect, dark: bool, kind) -> None:
        """One highlight: a marker under exactly its words. Several on a line: the first keeps its
        marker, each other one gets its own underline, stacked, so none blends into another."""
        spans = getattr(self, "_spans", {}).get(index.row())
        if not spans:
            names = index.data(Role.HIGHLIGHTS) or []  # no character spans known: whole line
            spans = [(name, 0, 1 << 30) for name in names]
        if not spans:
            return
        font = self.italic_font if _is_sound(kind) else self.text_font
        layout = _wrapped(_text(index, kind), font, text_rect.width())
        shift = len(_text(index, kind)) - len(index.data(Qt.ItemDataRole.DisplayRole) or "")  # "♪ "
        origin = QPointF(text_rect.topLeft())
        painter.setPen(Qt.PenStyle.NoPen)
        for lane, (name, first, end) in enumerate(spans):
            colour = QColor(HIGHLIGHT_COLOURS.get(name, name))
            boxes = _char_boxes(layout, first + shift if first else 0, end + shift)
            if lane == 0:
                colour.setAlphaF(0.34 if dark else 0.42)
                painter.setBrush(colour)
                for box in boxes:
                    painter.drawRoundedRect(box.translated(origin).adjusted(-2, 0, 2, 0), 3, 3)
                continue
            painter.setBrush(colour)
            for box in boxes:
                y = box.bottom() - (lane - 1) * (UNDERLINE + UNDERLINE_GAP) - UNDERLINE
                painter.drawRect(QRectF(box.left(), y, box.width(), UNDERLINE).translated(origin))

    # Painting ------------------------------------------------------------------------------
    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        palette = option.palette
        rect = option.rect
        dark = is_dark(palette)
        kind = _kind(index)
        current = bool(index.data(Role.CURRENT)) and kind is not SegmentKind.UNSPOKEN
        seekable = bool(index.data(Role.SEEKABLE))
        hovered = bool(option.state & QStyle.StateFlag.State_MouseOver) and seekable
        focused = bool(option.state & QStyle.StateFlag.State_HasFocus) and self._view.hasFocus()

        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        header = self._header_height(index)
        body = QRect(
            rect.left() + MARGIN_X + self.gutter - PAD_X,
            rect.top() + header,
            rect.width() - 2 * MARGIN_X - self.gutter + PAD_X,
            rect.height() - header,
        )
        body_f = QRectF(body).adjusted(0, 1, 0, -1)

        accent = palette.color(QPalette.ColorRole.Highlight)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        if current:
            # The lit line is a neutral wash and the accent bar: never a highlight's colour.
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(muted(palette, 0.10 if dark else 0.07))
            painter.drawRoundedRect(body_f, 6, 6)
            painter.setBrush(accent)
            painter.drawRoundedRect(QRectF(body.left(), body.top() + 4, LIT_BAR, body.height() - 8), 1.5, 1.5)
        self._paint_highlights(painter, index, body.adjusted(PAD_X, PAD_Y, -PAD_X, -PAD_Y), dark, kind)
        if selected:  # lines chosen for highlighting, or find matches (the current one drawn bolder)
            is_current = self._view.currentIndex() == index
            painter.setPen(QPen(accent, 2.5 if is_current else 1.2))
            painter.setBrush(Qt.BrushStyle.NoBrush if not is_current else muted(palette, 0.06))
            painter.drawRoundedRect(body_f.adjusted(0.75, 0.75, -0.75, -0.75), 6, 6)
        elif hovered and not current:
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(muted(palette, 0.06))
            painter.drawRoundedRect(body_f, 6, 6)
        if focused:
            painter.setPen(QPen(muted(palette, 0.35), 1, Qt.PenStyle.DotLine))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRoundedRect(body_f.adjusted(0.5, 0.5, -0.5, -0.5), 6, 6)

        chapter_height = self._chapter_height(index)
        if chapter_height:  # a chapter starts here: its title as a heading, with a rule
            title = getattr(self, "_chapters", {})[index.row()]
            heading = QFont(self.text_font)
            heading.setBold(True)
            painter.setFont(heading)
            painter.setPen(palette.color(QPalette.ColorRole.Text))
            box = QRect(
                body.left() + PAD_X,
                rect.top() + CHAPTER_GAP,
                body.width() - PAD_X,
                chapter_height - CHAPTER_GAP,
            )
            painter.drawText(box, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, "§ " + title)
            painter.setPen(QPen(muted(palette, 0.25), 1))
            painter.drawLine(box.left(), box.bottom(), box.right(), box.bottom())
        if header - chapter_height:
            speaker = index.data(Role.SPEAKER) or ""
            painter.setFont(self.speaker_font)
            painter.setPen(speaker_colour(speaker, palette))
            top = rect.top() + header - self.speaker_metrics.height() - 2
            painter.drawText(
                QRect(body.left() + PAD_X, top, body.width(), self.speaker_metrics.height()),
                Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                speaker,
            )

        text_rect = body.adjusted(PAD_X, PAD_Y, -PAD_X, -PAD_Y)
        clock = index.data(Role.CLOCK)
        painter.setFont(self.small_font)
        if kind is SegmentKind.UNSPOKEN:
            # A dash: "not in audio" wrapped into the next row; the tooltip says it in full.
            painter.setPen(muted(palette, 0.45))
            clock = "—"
        else:
            painter.setPen(accent if current else muted(palette, 0.5))
        clock_rect = QRect(rect.left() + MARGIN_X, text_rect.top(), self.gutter - PAD_X - 6, 10_000)
        baseline_shift = self.text_metrics.ascent() - self.small_metrics.ascent()
        painter.drawText(
            clock_rect.translated(0, baseline_shift),
            Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop | Qt.TextFlag.TextWordWrap,
            clock,
        )

        if index.data(Role.LOCKED):  # a start the user fixed: a small pin head in the left margin
            painter.save()
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(accent)
            y = text_rect.top() + baseline_shift + self.small_metrics.ascent() / 2
            painter.drawEllipse(QRectF(rect.left() + 3, y - 3, 6, 6))
            painter.restore()

        if index.data(Role.LOW_CONFIDENCE):
            painter.setPen(QPen(muted(palette, 0.45), 1.2, Qt.PenStyle.DotLine))
            y = text_rect.bottom() + 2
            painter.drawLine(text_rect.left(), y, text_rect.right(), y)

        sound = _is_sound(kind)
        painter.setFont(self.italic_font if sound else self.text_font)
        if kind is SegmentKind.UNSPOKEN:
            painter.setPen(muted(palette, 0.42))
        elif sound:
            painter.setPen(muted(palette, 0.62))
        else:
            painter.setPen(palette.color(QPalette.ColorRole.Text))
        word = index.data(Role.CURRENT_WORD) if current else -1
        spans = _word_spans(index) if word is not None and word >= 0 else []
        if 0 <= word < len(spans):  # the spoken word lit within the lit line
            lit = QTextLayout.FormatRange()
            lit.start, lit.length = spans[word]
            colour = QColor(accent)
            colour.setAlphaF(0.45 if dark else 0.30)
            lit.format.setBackground(colour)
            layout = _wrapped(_text(index, kind), self.text_font, text_rect.width())
            layout.draw(painter, QPointF(text_rect.topLeft()), [lit])
        else:
            painter.drawText(
                text_rect, Qt.AlignmentFlag.AlignLeft | Qt.TextFlag.TextWordWrap, _text(index, kind)
            )
        painter.restore()

    def word_at(self, index: Index, rect: QRect, point: QPoint) -> int | None:
        """The word (index into the line's word times) under ``point``, or None (no word times)."""
        spans = _word_spans(index)
        if not spans:
            return None
        header = self._header_height(index)
        left = rect.left() + MARGIN_X + self.gutter
        top = rect.top() + header + PAD_Y
        layout = _wrapped(_text(index, _kind(index)), self.text_font, self._text_width(rect.width()))
        x, y = point.x() - left, point.y() - top
        for n in range(layout.lineCount()):
            line = layout.lineAt(n)
            if line.y() <= y < line.y() + line.height() or n == layout.lineCount() - 1:
                at = line.xToCursor(x)
                for k, (start, length) in enumerate(spans):
                    if at < start + length + 1:
                        return k
                return len(spans) - 1
        return None


def _word_spans(index: Index) -> list[tuple[int, int]]:
    """(start, length) in the shown text of each timed word; none when they do not match it."""
    words = index.data(Role.WORDS) or []
    text = index.data(Qt.ItemDataRole.DisplayRole) or ""
    spans = [(m.start(), m.end() - m.start()) for m in re.finditer(r"\S+", text)]
    return spans if words and len(spans) == len(words) else []


def _kind(index: Index) -> SegmentKind | None:
    """The line's kind as the enum (Qt hands a str subclass back as a plain str)."""
    value = index.data(Role.KIND)
    return SegmentKind(value) if value else None


def _is_sound(kind: SegmentKind | None) -> bool:
    return kind in (SegmentKind.MUSIC, SegmentKind.SOUND)


def _text(index: Index, kind: SegmentKind | None) -> str:
    text = index.data(Qt.ItemDataRole.DisplayRole) or ""
    if kind is SegmentKind.MUSIC and not text.startswith("♪"):
        return f"♪ {text}"
    return text
