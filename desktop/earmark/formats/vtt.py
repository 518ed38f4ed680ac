"""WebVTT files, read by the W3C file-parsing algorithm (https://www.w3.org/TR/webvtt1/#file-parsing).

Hand-written to the spec's steps: webvtt-py refuses a whole file for one bad
cue and does not follow the block rules (a timing line with no blank line
before it starts a new cue; ``-->`` in a would-be id ends the block). What the
spec keeps, we keep: every cue, also those at the same or overlapping times;
cues come out sorted by start, file order kept among equal starts. A cue
ending before it starts is kept as a zero-length cue at its start (the spec
keeps it; our model needs end >= start). One departure, documented in
docs/README-formats.md: a cue with no voice takes the last voice left open
(Podcasting 2.0 names speakers "when they change").
"""

from __future__ import annotations

import re
from operator import attrgetter

from earmark.core.errors import InputError
from earmark.core.model import Segment, Transcript, TranscriptKind
from earmark.formats.cue_speed import THREE_DIGITS, TWO_DIGITS, squeeze
from earmark.formats.speakers import carry_speakers, split_speaker
from earmark.formats.vtt_text import STAMP, cue_words, parse_cue_text, stamp_millis

_TIMING = re.compile(rf"[\t\n\f\r ]*{STAMP}(?![0-9])[\t\n\f\r ]*-->[\t\n\f\r ]*{STAMP}(?![0-9])")
_USUAL_STAMP = r"([0-9]{2}):([0-5][0-9]):([0-5][0-9])\.([0-9]{3})"
_USUAL_TIMING = re.compile(rf"{_USUAL_STAMP} --> {_USUAL_STAMP}(?![0-9])")  # hh:mm:ss.ttt, read sooner
_USUAL_CUE = re.compile(
    r"\n+(?:[^\n]+\n)??([0-9]{2}):([0-5][0-9]):([0-5][0-9])\.([0-9]{3}) --> "
    r"([0-9]{2}):([0-5][0-9]):([0-5][0-9])\.([0-9]{3})(?![0-9])[^\n]*\n"
    r"(?:<v ([^<>&\n]*)>([^<&\n]*)(</v>)?\n(?=\n|\Z)|((?:[^\n]+\n)*))"
)  # blank lines, [id line,] hh:mm:ss.ttt --> hh:mm:ss.ttt[ settings], then a one-line <v Name>text[</v>]
# cue (three groups) or the text lines (one group): twelve groups a cue
_GROUPS = 13  # re.split gives the text before each match, then its twelve groups
_START = attrgetter("start")
Cue = tuple[
    float, float, str, "tuple[str, str, bool] | None"
]  # start, end, raw text or (voice, text, closed)
_USUAL_VOICE = re.compile(r"<v ([^<>&]*)>([^<&]*)(</v>)?")  # <v Name>text[</v>], nothing to decode


def _timings(line: str) -> tuple[float, float] | None:
    """The spec's "collect WebVTT cue timings and settings" (settings are read past, not kept)."""
    match = _USUAL_TIMING.match(line)
    if match is not None:
        h1, m1, s1, f1, h2, m2, s2, f2 = map(int, match.groups())
        return (h1 * 3_600_000 + m1 * 60_000 + s1 * 1000 + f1) / 1000, (
            h2 * 3_600_000 + m2 * 60_000 + s2 * 1000 + f2
        ) / 1000
    match = _TIMING.match(line)
    if match is None:
        return None
    groups = match.groups()
    return stamp_millis(*groups[:6]) / 1000, stamp_millis(*groups[6:]) / 1000


def _signature_ok(text: str) -> bool:
    return text.startswith("WEBVTT") and (len(text) == 6 or text[6] in " \t\n")


class _Parser:
    """The block loop of the file-parsing algorithm over the file's lines."""

    def __init__(self, text: str) -> None:
        self.lines = text.split("\n")
        if self.lines and self.lines[-1] == "":
            self.lines.pop()  # the text ended with a line feed
        self.cues: list[tuple[int, float, float, str]] = []  # (line number, start, end, raw text)
        self.broken: list[int] = []

    def block(self, index: int, in_header: bool) -> int:
        """Collect one block from line ``index``; returns where the next one starts."""
        lines, count = self.lines, len(self.lines)
        line_count, previous, buffer = 0, index, []
        seen_arrow, cue = False, None
        while index < count:
            line = lines[index]
            index += 1
            line_count += 1
            if "-->" in line:
                if not in_header and (line_count == 1 or (line_count == 2 and not seen_arrow)):
                    seen_arrow, previous = True, index
                    timing = _timings(line)
                    if timing is None:
                        cue = None
                        self.broken.append(index)
                    else:
                        cue = (index, *timing)
                        buffer = []
                else:
                    index = previous
                    break
            elif not line:
                break
            else:
                buffer.append(line)
                previous = index
        if cue is not None:
            self.cues.append((*cue, "\n".join(buffer)))
        return index

    def run(self) -> None:
        lines, count = self.lines, len(self.lines)
        add = self.cues.append
        index = 1  # past the signature line
        if index < count and lines[index]:
            index = self.block(index, in_header=True)
        while index < count:
            line = lines[index]
            if not line:
                index += 1
                continue
            # The usual block, [id line,] timing line, text lines, then a blank line or the end:
            # what block() makes of it, without its step-by-step bookkeeping.
            at = index if "-->" in line else index + 1
            if at < count and "-->" in lines[at] and (timing := _timings(lines[at])) is not None:
                end = at + 1
                while end < count and lines[end] and "-->" not in lines[end]:
                    end += 1
                if end == count or not lines[end]:
                    add((at + 1, *timing, "\n".join(lines[at + 1 : end])))
                    index = end
                    continue
            index = self.block(index, in_header=False)


def usual_cues(text: str) -> list[Cue] | None:
    """The cues of a file made only of usual cue blocks, in one regex pass; else None.

    The blocks must hold every ``-->`` of the file (so none is in a header, an id or cue text), and
    what lies between them must start with a blank line (blocks with no cue: NOTE, STYLE). Then the
    spec's block loop (``_Parser``) finds the same cues (property-tested), so this changes speed only.
    """
    parts = _USUAL_CUE.split(text)
    count = len(parts) // _GROUPS
    gaps = parts[_GROUPS::_GROUPS]
    if text.count("-->") != count or (any(gaps) and any(gap and gap[0] != "\n" for gap in gaps)):
        return None
    fields = (parts[i::_GROUPS] for i in range(1, _GROUPS))
    n2, n3 = TWO_DIGITS, THREE_DIGITS
    return [
        (
            (n2[h1] * 3_600_000 + n2[m1] * 60_000 + n2[s1] * 1000 + n3[f1]) / 1000,
            (n2[h2] * 3_600_000 + n2[m2] * 60_000 + n2[s2] * 1000 + n3[f2]) / 1000,
            lines[:-1] if voice is None else "",
            None if voice is None else (voice, body, closed is not None),
        )
        for h1, m1, s1, f1, h2, m2, s2, f2, voice, body, closed, lines in zip(*fields, strict=True)
    ]


def cue_text(cue: Cue) -> str:
    """The raw text of a cue as the file has it."""
    voice = cue[3]
    return cue[2] if voice is None else f"<v {voice[0]}>{voice[1]}{'</v>' if voice[2] else ''}"


def _segment(start: float, end: float, raw: str) -> tuple[Segment | None, bool]:
    """The cue as a line, and whether its voice was closed by ``</v>``."""
    if "<" not in raw and "&" not in raw and ":" not in raw:  # plain text: nothing to parse
        text = squeeze(raw)
        return (Segment(text, start, end) if text else None), False
    voice = _USUAL_VOICE.fullmatch(raw) if raw.startswith("<v ") else None
    if voice is not None:  # one voice over plain text: the tree parse_cue_text would build
        name, body, closed = voice.groups()
        segment = _voiced(start, end, name, body)
        if segment is not None:
            return segment, closed is not None
    return parsed_segment(start, end, raw)


def _voiced(start: float, end: float, name: str, body: str) -> Segment | None:
    """``<v name>body``, both free of tags and references, as a line; None when the long way must decide."""
    speaker, text = squeeze(name) or None, squeeze(body)
    if text and (speaker is not None or ":" not in text):
        return Segment(text, start, end, speaker)
    return None


def parsed_segment(start: float, end: float, raw: str) -> tuple[Segment | None, bool]:
    """``_segment`` the long way, through the spec's cue-text parser (tests hold the short paths to it)."""
    cue = parse_cue_text(raw)
    text = " ".join(cue.text.split())
    if not text:
        return None, False
    speaker = ", ".join(cue.voices) or None
    words = cue_words(cue, start, end) if cue.stamped else []
    if speaker is None and ":" in text:
        speaker, text = split_speaker(text)
        if speaker is not None and words:
            words = words[len(speaker.split()) :]
    return Segment(text=text, start=start, end=end, speaker=speaker, words=words), cue.voice_closed


def read_vtt(text: str, source: str, short_path: bool = True) -> Transcript:
    text = text.removeprefix("\ufeff").replace("\x00", "\ufffd")
    if not _signature_ok(text):
        raise InputError(source, "is not WebVTT: it does not start with a WEBVTT line")
    broken: list[int] = []
    cues = usual_cues(text) if short_path else None
    if cues is None:
        parser = _Parser(text)
        parser.run()
        cues, broken = [(start, end, raw, None) for _line, start, end, raw in parser.cues], parser.broken
    segments: list[Segment] = []
    closed: set[int] = set()
    names: dict[str, str] = {}
    for start, given_end, raw, voice in cues:
        # The spec keeps a cue that ends before it starts (no parsing rule drops it); our model
        # needs end >= start, so it becomes a zero-length cue at its start, its text kept.
        end = given_end if given_end > start else start
        if voice is not None:  # <v Name>text[</v>] found by the short path's regex: _voiced(), inlined
            name, body, voice_closed = voice
            speaker = names.get(name)
            if speaker is None:
                speaker = names[name] = squeeze(name)  # a file has a few voices over thousands of cues
            if not (body.isprintable() and "  " not in body and body[:1] != " " and body[-1:] != " "):
                body = " ".join(body.split())  # (the test is cue_speed.is_squeezed)
            if body and (speaker or ":" not in body):
                segment = Segment(body, start, end, speaker or None)
            else:
                segment, voice_closed = parsed_segment(start, end, cue_text((start, end, raw, voice)))
        elif "<" not in raw and "&" not in raw and ":" not in raw:  # = _segment's first case, inlined
            text_ = squeeze(raw)
            segment, voice_closed = (Segment(text_, start, end) if text_ else None), False
        else:
            segment, voice_closed = _segment(start, end, raw)
        if segment is not None:
            segments.append(segment)
            if voice_closed:
                closed.add(id(segment))
    segments.sort(key=_START)  # stable: file order among equal starts
    carry_speakers(segments, closed)
    first_bad = min(broken) if broken else None
    if not segments:
        where = f" (first broken cue at line {first_bad})" if first_bad else ""
        raise InputError(source, f"has no valid VTT cue{where}")
    return Transcript(
        segments=segments,
        format="vtt",
        kind=TranscriptKind.TIMED,
        skipped=len(broken),
        first_bad_line=first_bad,
    )
