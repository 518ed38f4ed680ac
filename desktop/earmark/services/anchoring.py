"""Between highlights and transcript lines: which lines a time range covers, and re-attaching
highlights after the transcript is replaced or re-synced.

The matching itself is the pure :func:`earmark.core.anchoring.locate`; this
module turns spans into times and writes the result inside the caller's
transaction. A highlight that cannot be found again keeps its times, quote and
note, and is flagged ``orphan`` — never dropped.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field

from earmark.core.anchoring import Span, TextMap, context_of, locate, quote_of
from earmark.core.model import Segment
from earmark.core.timecode import to_ms
from earmark.store import annotations as rows
from earmark.store import outbox
from earmark.store import transcripts as transcript_rows


@dataclass
class ReanchorReport:
    """What re-anchoring did to one episode's highlights."""

    episode_id: int
    unchanged: list[int] = field(default_factory=list)
    moved: list[int] = field(default_factory=list)  # found again, times or quote changed
    orphaned: list[int] = field(default_factory=list)  # could not be found: kept, flagged

    @property
    def changed(self) -> list[int]:
        return self.moved + self.orphaned


def segments_of(conn: sqlite3.Connection, episode_id: int) -> list[Segment]:
    transcript = transcript_rows.load_transcript(conn, episode_id)
    return transcript.segments if transcript else []


def segment_end(segments: list[Segment], index: int) -> float | None:
    """A line's end: its own, else the next timed line's start, else its start."""
    segment = segments[index]
    if segment.end is not None:
        return segment.end
    for later in segments[index + 1 :]:
        if later.start is not None:
            return later.start
    return segment.start


def covered_span(segments: list[Segment], start: float, end: float) -> Span | None:
    """The whole lines a time range overlaps (a point range: the line containing it)."""
    hits = []
    for index, segment in enumerate(segments):
        if segment.start is None:
            continue
        stop = segment_end(segments, index) or segment.start
        if (segment.start < end and stop > start) or (segment.start <= start <= stop and start == end):
            hits.append(index)
    if not hits:
        return None
    return Span(hits[0], hits[-1], 0, len(segments[hits[-1]].text))


def segment_at(segments: list[Segment], seconds: float) -> int | None:
    """The line being spoken at ``seconds`` (the last one started, if between lines)."""
    found = None
    for index, segment in enumerate(segments):
        if segment.start is None:
            continue
        if segment.start > seconds:
            break
        found = index
    return found


def span_times(segments: list[Segment], span: Span) -> tuple[float, float] | None:
    """Start and end of a span; inside a line, interpolated by character position."""
    first, last = segments[span.first], segments[span.last]
    first_end, last_end = segment_end(segments, span.first), segment_end(segments, span.last)
    if first.start is None or last.start is None or first_end is None or last_end is None:
        return None
    start = first.start + (first_end - first.start) * span.char_start / max(1, len(first.text))
    end = last.start + (last_end - last.start) * span.char_end / max(1, len(last.text))
    return round(start, 3), round(max(start, end), 3)


def reanchor_episode(conn: sqlite3.Connection, episode_id: int) -> ReanchorReport:
    """Find every highlight of an episode (orphans too) in its current transcript; write what moved."""
    report = ReanchorReport(episode_id)
    highlights = rows.list_highlights(conn, episode_id)
    if not highlights:
        return report  # a fresh import: nothing to find
    segments = segments_of(conn, episode_id)
    lines = [s.text for s in segments]
    starts = [s.start for s in segments]
    text_map = TextMap(lines) if lines else None
    for highlight in highlights:
        if not highlight.quote.strip():
            report.unchanged.append(highlight.id)  # audio-only highlight: its times are all it has
            continue
        span = None
        if text_map is not None:
            span = locate(
                lines,
                highlight.quote,
                highlight.prefix,
                highlight.suffix,
                near=highlight.start,
                starts=starts,
                text_map=text_map,
            )
        if span is None:
            if highlight.orphan:
                report.unchanged.append(highlight.id)
            else:
                rows.update_highlight(conn, highlight.id, orphan=1)
                outbox.enqueue(conn, "highlight", highlight.id)
                report.orphaned.append(highlight.id)
            continue
        times = span_times(segments, span) or (highlight.start, highlight.end)
        prefix, suffix = context_of(lines, span)
        fields = {
            "start_ms": to_ms(times[0]),
            "end_ms": to_ms(times[1]),
            "quote": quote_of(lines, span),
            "prefix": prefix,
            "suffix": suffix,
            "orphan": 0,
        }
        current = {
            "start_ms": to_ms(highlight.start),
            "end_ms": to_ms(highlight.end),
            "quote": highlight.quote,
            "prefix": highlight.prefix,
            "suffix": highlight.suffix,
            "orphan": int(highlight.orphan),
        }
        if fields == current:
            report.unchanged.append(highlight.id)
            continue
        rows.update_highlight(conn, highlight.id, **fields)
        outbox.enqueue(conn, "highlight", highlight.id)
        report.moved.append(highlight.id)
    return report
