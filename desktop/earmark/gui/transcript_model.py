"""The transcript as a list model: one row per segment, plus which row is being spoken.

The lit line is found by binary search over the timed, speakable rows' starts; moving it
emits ``dataChanged`` for the old and the new row only, so a playback tick costs microseconds
even with 5,000+ segments. Cues that overlap it (two people at once, a caption and a sound
label) are lit with it: the few rows started shortly before are checked for an end still ahead.
"""

from __future__ import annotations

from bisect import bisect_right
from enum import IntEnum
from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, Qt

from earmark.core.model import LOW_CONFIDENCE, Segment, SegmentKind, Transcript
from earmark.core.timecode import format_clock

Index = QModelIndex | QPersistentModelIndex


class Role(IntEnum):
    """Data roles the delegate (and later features) read."""

    START = Qt.ItemDataRole.UserRole + 1  # float seconds or None
    END = Qt.ItemDataRole.UserRole + 2
    SPEAKER = Qt.ItemDataRole.UserRole + 3  # str or None
    SPEAKER_CHANGED = Qt.ItemDataRole.UserRole + 4  # bool: first line of a speaker's turn
    KIND = Qt.ItemDataRole.UserRole + 5  # SegmentKind
    CURRENT = Qt.ItemDataRole.UserRole + 6  # bool: the line being spoken
    SEEKABLE = Qt.ItemDataRole.UserRole + 7  # bool: has a start and is in the audio
    CLOCK = Qt.ItemDataRole.UserRole + 8  # "1:23" or ""
    HIGHLIGHTS = Qt.ItemDataRole.UserRole + 9  # list[str] colour names, painted as background
    LOW_CONFIDENCE = Qt.ItemDataRole.UserRole + 10  # bool: alignment unsure of this line
    LOCKED = Qt.ItemDataRole.UserRole + 11  # bool: start fixed by the user (a sync anchor)
    WORDS = Qt.ItemDataRole.UserRole + 12  # list[Word]: word times, when known
    CURRENT_WORD = Qt.ItemDataRole.UserRole + 13  # int: the word being spoken in the lit line, or -1


class TranscriptModel(QAbstractListModel):
    """Rows over a transcript's segments, in reading order."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._segments: list[Segment] = []
        self._clocks: list[str] = []
        self._turns: list[bool] = []
        self._starts: list[float] = []  # sorted starts of rows that can be lit
        self._start_rows: list[int] = []  # the row for each entry of _starts
        self._highlights: dict[int, list[str]] = {}
        self._current = -1
        self._also_lit: frozenset[int] = frozenset()  # rows overlapping the current one
        self._word = -1  # the word being spoken in the lit line

    # Loading -----------------------------------------------------------------------------
    def set_transcript(self, transcript: Transcript | None) -> None:
        self.beginResetModel()
        segments = list(transcript.segments) if transcript else []
        self._segments = segments
        self._clocks = [format_clock(s.start) if s.start is not None else "" for s in segments]
        previous: str | None = None
        turns = []
        for s in segments:
            turns.append(bool(s.speaker) and s.speaker != previous)
            previous = s.speaker if s.speaker else previous
        self._turns = turns
        timed = sorted(
            (s.start, row)
            for row, s in enumerate(segments)
            if s.start is not None and s.kind is not SegmentKind.UNSPOKEN
        )
        self._starts = [start for start, _ in timed]
        self._start_rows = [row for _, row in timed]
        self._highlights = {}
        self._current = -1
        self._also_lit = frozenset()
        self._word = -1
        self.endResetModel()

    def segment(self, row: int) -> Segment:
        return self._segments[row]

    # Qt model ----------------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 (Qt's default)
        return 0 if parent.isValid() else len(self._segments)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = index.row()
        s = self._segments[row]
        if role == Qt.ItemDataRole.DisplayRole:
            return s.text
        if role == Role.CURRENT:
            return row == self._current or row in self._also_lit
        if role == Role.CLOCK:
            return self._clocks[row]
        if role == Role.SPEAKER:
            return s.speaker
        if role == Role.SPEAKER_CHANGED:
            return self._turns[row]
        if role == Role.KIND:
            return s.kind
        if role == Role.START:
            return s.start
        if role == Role.END:
            return s.end
        if role == Role.SEEKABLE:
            return s.start is not None and s.kind is not SegmentKind.UNSPOKEN
        if role == Role.HIGHLIGHTS:
            return self._highlights.get(row, [])
        if role == Role.LOW_CONFIDENCE:
            return s.confidence is not None and s.confidence < LOW_CONFIDENCE and not s.locked
        if role == Role.LOCKED:
            return s.locked
        if role == Role.WORDS:
            return s.words
        if role == Role.CURRENT_WORD:
            return self._word if row == self._current else -1
        if role == Qt.ItemDataRole.ToolTipRole:
            if s.kind is SegmentKind.UNSPOKEN:
                return "Not in the audio"
            if s.start is None:
                return "No time yet: sync the transcript to the audio to jump here"
            if s.locked:
                return "Start fixed by you; a re-sync keeps it"
            if s.confidence is not None and s.confidence < LOW_CONFIDENCE:
                return "The sync is unsure of this line: play to where it begins and press S"
            return None
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    # The lit line ------------------------------------------------------------------------
    @property
    def current_row(self) -> int:
        return self._current

    def row_at(self, seconds: float) -> int:
        """The row being spoken at ``seconds``: the last speakable line started by then, or -1."""
        i = bisect_right(self._starts, seconds + 1e-6) - 1
        return self._start_rows[i] if i >= 0 else -1

    def set_position(self, seconds: float) -> bool:
        """Light the line (and word) spoken at ``seconds`` and every cue overlapping it.

        True when the lit lines changed.
        """
        moved = self.set_current_row(self.row_at(seconds))
        self._light_word(seconds, moved)
        lit = self._overlapping(seconds)
        if lit == self._also_lit:
            return moved
        old, self._also_lit = self._also_lit, lit
        for row in old ^ lit:
            index = self.index(row)
            self.dataChanged.emit(index, index, [Role.CURRENT])
        return True

    def _light_word(self, seconds: float, moved: bool) -> None:
        """Follow the word being spoken within the lit line (repaint only that line when it moves)."""
        word = -1
        if self._current >= 0:
            words = self._segments[self._current].words
            if words:
                word = max(0, bisect_right([w.start for w in words], seconds + 1e-6) - 1)
        if word != self._word:
            self._word = word
            if not moved and self._current >= 0:
                index = self.index(self._current)
                self.dataChanged.emit(index, index, [Role.CURRENT_WORD])

    def _overlapping(self, seconds: float, look_back: int = 32) -> frozenset[int]:
        """Rows other than the last started whose cue is still running at ``seconds``."""
        i = bisect_right(self._starts, seconds + 1e-6) - 1
        rows = []
        for j in range(i - 1, max(-1, i - 1 - look_back), -1):
            end = self._segments[self._start_rows[j]].end
            if end is not None and end > seconds:
                rows.append(self._start_rows[j])
        return frozenset(rows)

    def set_current_row(self, row: int) -> bool:
        if row == self._current:
            return False
        old, self._current = self._current, row
        for changed in (old, row):
            if 0 <= changed < len(self._segments):
                index = self.index(changed)
                self.dataChanged.emit(index, index, [Role.CURRENT])
        return True

    # Hooks for highlights ------------------------------------------------------------------
    def set_highlights(self, colours_by_row: dict[int, list[str]]) -> None:
        """Background colours per row (names like "yellow"); repaints only rows that changed."""
        changed = set(self._highlights) | set(colours_by_row)
        self._highlights = {row: list(c) for row, c in colours_by_row.items() if c}
        for row in sorted(changed):
            if 0 <= row < len(self._segments):
                index = self.index(row)
                self.dataChanged.emit(index, index, [Role.HIGHLIGHTS])
