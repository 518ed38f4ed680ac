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
from itertools import pairwise

from earmark.core.errors import InputError
from earmark.core.model import Segment, Transcript, TranscriptKind
from earmark.formats.speakers import SPEAKER_CHANGE, carry_speakers, split_speaker
from earmark.formats.vtt import read_vtt

__all__ = ["parse_time", "read_srt", "read_vtt"]

_CLOCK_PARTS = r"(?:(\d+)[:：])?(\d+)[:：](\d+)(?:[.,:;，](\d+))?"
_TIMING = re.compile(rf"^\s*{_CLOCK_PARTS}\s*-[ \t]*-?[ \t]*>\s*{_CLOCK_PARTS}")
_CLOCK = re.compile(r"^(?:(\d{1,3}):)?(\d{1,2}):(\d{1,3})(?:[.,:;](\d+))?$")
_FULLWIDTH = str.maketrans({"：": ":", "，": ","})
_TAG = re.compile(r"<\s*/?\s*[A-Za-z][^<>]*>")
_ASS = re.compile(r"\{\\[^}]*\}")
_ASS_BREAK = re.compile(r"\\[Nnh]")
_COUNTER = re.compile(r"^\s*-?\d+(?:\.\d+)?\s*$")
_USUAL_TIMING = re.compile(r"(\d\d):([0-5]\d):([0-5]\d),(\d{3}) --> (\d\d):([0-5]\d):([0-5]\d),(\d{3})")
_ODD_ARROW = re.compile(r"-[ \t]*-?[ \t]*>")


def parse_time(text: str) -> float:
    """``[h:]mm:ss[.,]mmm`` to seconds; ValueError on impossible clocks like ``99:99:99,999``.

    A field over 59 is read only when every field before it is zero
    (``00:00:90,740`` is 90.74 s, as players read it).
    """
    match = _CLOCK.match(text.translate(_FULLWIDTH))
    if not match:
        raise ValueError(text)
    return _seconds(*match.groups())


def _seconds(hours: str | None, minutes: str, seconds: str, fraction: str | None) -> float:
    h, m, s = int(hours or 0), int(minutes), int(seconds)
    if (s > 59 and (h or m)) or (m > 59 and h) or h > 999 or len(minutes) > 3 or len(seconds) > 3:
        raise ValueError(f"{hours}:{minutes}:{seconds}")
    millis = int(fraction[:3].ljust(3, "0")) if fraction else 0
    return (h * 3_600_000 + m * 60_000 + s * 1000 + millis) / 1000


def _clean(lines: list[str]) -> str:
    body = lines[0] if len(lines) == 1 else "\n".join(lines)
    if "<" in body:
        body = _TAG.sub("", body)
    if "\\" in body:
        body = _ASS_BREAK.sub(" ", _ASS.sub("", body))
    return " ".join(body.split())


def _cue_starts(text: str, lines: list[str]) -> list[int]:
    """Indexes of lines that open a cue: a line with an arrow, blank line before it or not."""
    if not _ODD_ARROW.search(text.replace("-->", "")):
        return [i for i, line in enumerate(lines) if "-->" in line]
    return [i for i, line in enumerate(lines) if "-->" in line or (">" in line and _TIMING.match(line))]


def _body(lines: list[str], at: int, until: int, last: bool) -> tuple[list[str], int | None]:
    """A cue's text lines, and the line number of a numbered block with no timing inside it."""
    body = lines[at + 1 : until]
    if (
        not last
        and body
        and (body[-1].isdigit() or _COUNTER.match(body[-1]) or (len(body) > 1 and not body[-2].strip()))
    ):
        body.pop()  # the next cue's number or id
    while body and not body[-1].strip():
        body.pop()
    if all(map(str.strip, body)):
        return body, None
    text_lines: list[str] = []
    blank = False
    for offset, line in enumerate(body):  # text after a blank line stays in this cue unless numbered
        if not line.strip():
            blank = True
        elif blank and _COUNTER.match(line):
            return text_lines, at + 2 + offset  # a numbered cue with no timing line
        else:
            blank = False
            text_lines.append(line)
    return text_lines, None


def read_srt(text: str, source: str) -> Transcript:
    lines = text.split("\n")
    first = next((i for i, line in enumerate(lines) if line.strip()), 0)
    starts = _cue_starts(text, lines)
    if not starts or first not in (starts[0], starts[0] - 1):
        raise InputError(source, "is not SRT: it does not start with a cue number or a timing line")
    segments: list[Segment] = []
    bad: list[int] = []
    changes: set[int] = set()
    ends = [*starts[1:], len(lines)]
    for at, until in zip(starts, ends, strict=True):
        if until - at == 4 and not lines[at + 2] and lines[at + 3].isdigit() and lines[at + 1].strip():
            text_lines = [lines[at + 1]]  # the usual cue: one line of text, a blank line, the next number
        else:
            text_lines, untimed = _body(lines, at, until, until == len(lines))
            if untimed is not None and until < len(lines):
                # A card number followed by something other than its timing, with cards after it:
                # the cards are broken (a timing lost, garbage between cards), not one bad clock.
                raise InputError(source, f"is broken SRT: the card at line {untimed} has no timing line")
            if untimed is not None:
                bad.append(untimed)  # the last card, cut short: a download that stopped early
        fast = _USUAL_TIMING.match(lines[at])
        if fast is not None:  # hh:mm:ss,mmm --> hh:mm:ss,mmm
            h1, m1, s1, f1, h2, m2, s2, f2 = map(int, fast.groups())
            start = (h1 * 3_600_000 + m1 * 60_000 + s1 * 1000 + f1) / 1000
            end = (h2 * 3_600_000 + m2 * 60_000 + s2 * 1000 + f2) / 1000
        else:
            match = _TIMING.match(lines[at])
            try:
                if not match:
                    raise ValueError(lines[at])
                groups = match.groups()
                start, end = _seconds(*groups[:4]), _seconds(*groups[4:])
            except ValueError:
                bad.append(at + 1)
                continue
        end = max(start, end)  # ends before it starts: kept as a zero-length cue, as WebVTT keeps it
        cue = _clean(text_lines)
        speaker, changed = None, cue.startswith(SPEAKER_CHANGE)
        if changed:  # ">> text": a new speaker, maybe unnamed; either way not the last one carried on
            cue = cue[len(SPEAKER_CHANGE) :].lstrip()
        if ":" in cue:
            speaker, cue = split_speaker(cue)
            if speaker is None and cue.endswith(":") and split_speaker(cue + " x")[0] is not None:
                continue  # a name with no words
        if cue:
            segments.append(Segment(text=cue, start=start, end=end, speaker=speaker))
            if changed and speaker is None:
                changes.add(id(segments[-1]))
    carry_speakers(segments, changes)  # Podcasting 2.0 SRT names a speaker when they change
    skipped, first_bad = len(bad), min(bad) if bad else None
    if not segments:
        where = f" (first broken cue at line {first_bad})" if first_bad else ""
        raise InputError(source, f"has no valid SRT cue{where}")
    if any(a.start > b.start for a, b in pairwise(segments)):
        segments.sort(key=lambda s: s.start)
    return Transcript(
        segments=segments, format="srt", kind=TranscriptKind.TIMED, skipped=skipped, first_bad_line=first_bad
    )
