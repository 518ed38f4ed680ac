"""Timestamped text: ``Speaker  0:14`` headers, ``[00:01:02] Speaker: text``, ``(01:02) text``.

Hand-written: no maintained library reads these informal shapes. A segment ends
where the next begins; the last has no end. A stamp that goes back in time is a
broken line: skipped and counted.
"""

from __future__ import annotations

import re

from earmark.core.errors import InputError
from earmark.core.model import Segment, Transcript, TranscriptKind
from earmark.formats.cues import parse_time
from earmark.formats.speakers import split_speaker

_T = r"\d{1,2}:\d{2}(?::\d{2})?(?:[.,]\d{1,3})?"
HEADER = re.compile(rf"^(?:(?P<speaker>\S.{{0,40}}?)\s+)?(?P<time>{_T})\s*$")
PREFIX = re.compile(
    rf"^\s*(?:\[(?P<b>{_T})\]|\((?P<p>{_T})\)|(?P<n>{_T})(?=\s+[-–:]?\s*\S))\s*[-–:]?\s*(?P<rest>.*)$"
)

_BOLD_SPEAKER = re.compile(r"^\*\*([^*\n]{1,40}):\*\*\s*")  # Markdown exports write **Name:**


def stamped_share(lines: list[str]) -> float:
    """Share of non-empty lines that carry a time stamp (for shape detection)."""
    filled = [line for line in lines if line.strip()]
    if not filled:
        return 0.0
    stamped = sum(1 for line in filled if PREFIX.match(line) or HEADER.match(line.strip()))
    return stamped / len(filled)


def read_stamped(text: str, source: str) -> Transcript:
    entries: list[tuple[int, float | None, str | None, list[str]]] = []
    skipped, first_bad = 0, None
    last_start: float | None = None  # of the last good stamp: a skipped one is no measure
    for number, raw in enumerate(text.split("\n"), 1):
        line = raw.strip()
        if not line:
            continue
        header = HEADER.match(line)
        prefix = None if header else PREFIX.match(line)
        if header or prefix:
            stamp = (
                header.group("time")
                if header
                else prefix.group("b") or prefix.group("p") or prefix.group("n")
            )
            try:
                start: float | None = parse_time(stamp)
            except ValueError:
                start = None
            if start is None or (last_start is not None and start < last_start):
                skipped += 1
                first_bad = first_bad or number
                entries.append((number, None, None, []))  # swallow the broken entry's text
                continue
            last_start = start
            speaker = header.group("speaker") if header else None
            body = [] if header else [prefix.group("rest")]
            entries.append((number, start, speaker.rstrip(":") if speaker else None, body))
        elif entries:
            entries[-1][3].append(line)
        # text before the first stamp is a heading: ignored for timing, kept as notes below
    segments: list[Segment] = []
    good = [e for e in entries if e[1] is not None]
    for index, (_, start, speaker, body) in enumerate(good):
        content = _BOLD_SPEAKER.sub(r"\1: ", " ".join(" ".join(body).split()))
        if speaker is None:
            speaker, content = split_speaker(content)
        if not content:
            continue
        end = good[index + 1][1] if index + 1 < len(good) else None
        segments.append(Segment(text=content, start=start, end=end, speaker=speaker))
    if not segments:
        raise InputError(source, "has no time-stamped line with text")
    first = entries[0][0] if entries else 1
    preamble = "\n".join(line for line in text.split("\n")[: first - 1] if line.strip())
    return Transcript(
        segments=segments,
        format="timestamped",
        kind=TranscriptKind.TIMED,
        notes=preamble,
        title=preamble.split("\n")[0].strip("# ") or None if preamble else None,
        skipped=skipped,
        first_bad_line=first_bad,
    )
