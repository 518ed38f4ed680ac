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
from operator import attrgetter

from earmark.core.errors import InputError
from earmark.core.model import Segment, Transcript, TranscriptKind
from earmark.formats.cue_speed import THREE_DIGITS, TWO_DIGITS, is_squeezed
from earmark.formats.speakers import SPEAKER_CHANGE, SpeakerNames, carry_speakers
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
_USUAL_CARD = re.compile(
    r"[0-9]+\n([0-9]{2}):([0-5][0-9]):([0-5][0-9]),([0-9]{3}) --> "
    r"([0-9]{2}):([0-5][0-9]):([0-5][0-9]),([0-9]{3})\n([^\n]+(?:\n[^\n]+)*)(?:\n\n+|\n?\Z)"
)  # number, hh:mm:ss,mmm --> hh:mm:ss,mmm, text lines, blank lines: nine groups a card
_START = attrgetter("start")
Card = tuple[float, float, str]  # start, end, the text lines joined by "\n"
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


def _clean(body: str) -> str:
    """A card's shown text: tags and ASS overrides removed, whitespace runs made one space."""
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


def usual_cards(text: str) -> list[Card] | None:
    """The cards of a file made only of usual ones, in one regex pass; None for any other file.

    Usual: a number line, ``hh:mm:ss,mmm --> hh:mm:ss,mmm``, text lines, then blank lines or the
    end. The file qualifies only when these cards cover it whole, every ``-->`` is theirs, no odd
    arrow (``- >``) and no whitespace-only line is anywhere: then ``general_cards`` gives the same
    cards (property-tested), so the short path changes speed, never a result.
    """
    parts = _USUAL_CARD.split(text)
    count = len(parts) // 10
    if (
        not count
        or parts[0].strip("\n")
        or any(parts[10::10])
        or text.count("-->") != count
        or any("\n" in body and not all(map(str.strip, body.split("\n"))) for body in parts[9::10])
        or _ODD_ARROW.search(text.replace("-->", ""))
    ):
        return None
    fields = (parts[i::10] for i in range(1, 10))
    n2, n3 = TWO_DIGITS, THREE_DIGITS  # a dict lookup a clock field: a third of int()'s time
    return [
        (
            (n2[h1] * 3_600_000 + n2[m1] * 60_000 + n2[s1] * 1000 + n3[f1]) / 1000,
            (n2[h2] * 3_600_000 + n2[m2] * 60_000 + n2[s2] * 1000 + n3[f2]) / 1000,
            body,
        )
        for h1, m1, s1, f1, h2, m2, s2, f2, body in zip(*fields, strict=True)
    ]


def general_cards(text: str, source: str, bad: list[int]) -> list[Card]:
    """Every card of any SRT file as found in the wild; line numbers of broken ones go to ``bad``."""
    lines = text.split("\n")
    first = next((i for i, line in enumerate(lines) if line.strip()), 0)
    starts = _cue_starts(text, lines)
    if not starts or first not in (starts[0], starts[0] - 1):
        raise InputError(source, "is not SRT: it does not start with a cue number or a timing line")
    cards: list[Card] = []
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
        match = _TIMING.match(lines[at])
        try:
            if not match:
                raise ValueError(lines[at])
            groups = match.groups()
            start, end = _seconds(*groups[:4]), _seconds(*groups[4:])
        except ValueError:
            bad.append(at + 1)
            continue
        cards.append((start, end, "\n".join(text_lines)))
    return cards


def read_srt(text: str, source: str, short_path: bool = True) -> Transcript:
    bad: list[int] = []
    cards = usual_cards(text) if short_path else None
    if cards is None:
        cards = general_cards(text, source, bad)
    segments: list[Segment] = []
    changes: set[int] = set()
    names = SpeakerNames()
    for start, end, body in cards:
        if "<" in body or "\\" in body or not is_squeezed(body):
            body = _clean(body)
        speaker, changed = None, body.startswith(SPEAKER_CHANGE)
        if changed:  # ">> text": a new speaker, maybe unnamed; either way not the last one carried on
            body = body[len(SPEAKER_CHANGE) :].lstrip()
        if ":" in body:
            speaker, body = names.split(body)
            if speaker is None and body.endswith(":") and names.split(body + " x")[0] is not None:
                continue  # a name with no words
        if body:
            # ends before it starts: kept as a zero-length cue, as WebVTT keeps it
            segment = Segment(body, start, end if end > start else start, speaker)
            segments.append(segment)
            if changed and speaker is None:
                changes.add(id(segment))
    carry_speakers(segments, changes)  # Podcasting 2.0 SRT names a speaker when they change
    skipped, first_bad = len(bad), min(bad) if bad else None
    if not segments:
        where = f" (first broken cue at line {first_bad})" if first_bad else ""
        raise InputError(source, f"has no valid SRT cue{where}")
    segments.sort(key=_START)  # stable: file order among equal starts
    return Transcript(
        segments=segments, format="srt", kind=TranscriptKind.TIMED, skipped=skipped, first_bad_line=first_bad
    )
