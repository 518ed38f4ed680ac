"""SRT cue files as found in the wild, and the clock parser the other timed readers share.

Hand-written rather than pysrt / srt: they stop at (or silently drop) broken
cues without saying which line, know nothing of ``NAME:`` speakers, and refuse
the variants real files carry (``- >`` arrows, fullwidth ``：``/``，``, a timing
line with no blank line before it). We import the good cues and report the bad
ones with a line number. Every cue is kept, also cues at the same or
overlapping times (two people at once, a caption and a sound label); they come
out sorted by start. WebVTT has its own spec-following reader (``vtt.py``).
"""

from __future__ import annotations

import re

from earmark.core.errors import InputError
from earmark.core.model import Segment, Transcript, TranscriptKind
from earmark.formats.speakers import split_speaker
from earmark.formats.vtt import read_vtt

__all__ = ["parse_time", "read_srt", "read_vtt"]

_T = r"\d+[:：]\d+(?:[:：]\d+)?(?:[.,:;，]\d+)?"
_TIMING = re.compile(rf"^\s*({_T})\s*-[ \t]*-?[ \t]*>\s*({_T})")
_CLOCK = re.compile(r"^(?:(\d{1,3}):)?(\d{1,2}):(\d{1,3})(?:[.,:;](\d+))?$")
_FULLWIDTH = str.maketrans({"：": ":", "，": ","})
_TAG = re.compile(r"<\s*/?\s*[A-Za-z][^<>]*>")
_ASS = re.compile(r"\{\\[^}]*\}")
_ASS_BREAK = re.compile(r"\\[Nnh]")
_COUNTER = re.compile(r"^\s*-?\d+(?:\.\d+)?\s*$")


def parse_time(text: str) -> float:
    """``[h:]mm:ss[.,]mmm`` to seconds; ValueError on impossible clocks like ``99:99:99,999``.

    A field over 59 is read only when every field before it is zero
    (``00:00:90,740`` is 90.74 s, as players read it).
    """
    match = _CLOCK.match(text.translate(_FULLWIDTH))
    if not match:
        raise ValueError(text)
    hours, minutes, seconds, fraction = match.groups()
    h, m, s = int(hours or 0), int(minutes), int(seconds)
    if (s > 59 and (h or m)) or (m > 59 and h):
        raise ValueError(text)
    millis = int(fraction[:3].ljust(3, "0")) if fraction else 0
    return (h * 3_600_000 + m * 60_000 + s * 1000 + millis) / 1000


def _clean(lines: list[str]) -> str:
    body = "\n".join(lines)
    if "<" in body:
        body = _TAG.sub("", body)
    if "\\" in body:
        body = _ASS_BREAK.sub(" ", _ASS.sub("", body))
    return " ".join(body.split())


def _cue_starts(lines: list[str]) -> list[int]:
    """Indexes of lines that open a cue: a line with an arrow, blank line before it or not."""
    return [i for i, line in enumerate(lines) if "-->" in line or (">" in line and _TIMING.match(line))]


def read_srt(text: str, source: str) -> Transcript:
    lines = text.split("\n")
    first = next((i for i, line in enumerate(lines) if line.strip()), 0)
    starts = _cue_starts(lines)
    if not starts or first not in (starts[0], starts[0] - 1):
        raise InputError(source, "is not SRT: it does not start with a cue number or a timing line")
    segments: list[Segment] = []
    skipped, first_bad = 0, None
    for position, at in enumerate(starts):
        until = starts[position + 1] if position + 1 < len(starts) else len(lines)
        body = lines[at + 1 : until]
        if (
            position + 1 < len(starts)
            and body
            and (_COUNTER.match(body[-1]) or (len(body) > 1 and not body[-2].strip()))
        ):
            body = body[:-1]  # the next cue's number or id
        text_lines: list[str] = []
        blank = False
        for line in body:  # text after a blank line belongs to this cue unless it is a numbered block
            if not line.strip():
                blank = True
                continue
            if blank and _COUNTER.match(line):
                skipped += 1  # a numbered cue with no timing line
                first_bad = min(first_bad or len(lines), lines.index(line, at) + 1)
                break
            blank = False
            text_lines.append(line)
        match = _TIMING.match(lines[at])
        try:
            if not match:
                raise ValueError(lines[at])
            start, end = parse_time(match.group(1)), parse_time(match.group(2))
            if end < start:
                raise ValueError(lines[at])
        except ValueError:
            skipped += 1
            first_bad = min(first_bad or at + 1, at + 1)
            continue
        cue = _clean(text_lines)
        speaker = None
        if ":" in cue:
            speaker, cue = split_speaker(cue)
            if speaker is None and split_speaker(cue + " x")[0] is not None and cue.endswith(":"):
                continue  # a name with no words
        if cue:
            segments.append(Segment(text=cue, start=start, end=end, speaker=speaker))
    if not segments:
        where = f" (first broken cue at line {first_bad})" if first_bad else ""
        raise InputError(source, f"has no valid SRT cue{where}")
    segments.sort(key=lambda s: s.start)
    return Transcript(
        segments=segments, format="srt", kind=TranscriptKind.TIMED, skipped=skipped, first_bad_line=first_bad
    )
