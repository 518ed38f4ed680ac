"""WebVTT cue text: the W3C cue-text parsing rules (tokenizer and tree), reduced to what a reader shows.

Hand-written because neither webvtt-py nor pysrt follows these rules (they strip
tags with a regex and leave ``<c.``, ``</ c>`` or ``<00:00.500`` in the text).
Spec: https://www.w3.org/TR/webvtt1/#cue-text-parsing-rules. A tag runs to the
next ``>`` or the end of the cue; unknown tags are dropped, an end tag closes
only the element it names; text runs decode HTML character references (legacy
names without ``;`` too, as the HTML rules the spec uses do). What we keep:
the text, the voices (``<v Name>``) and the words after timestamp tags.
"""

from __future__ import annotations

import html
import re

from earmark.core.model import Word

_TAG = re.compile(r"<([^>]*)>?")
_NAME_END = re.compile(r"[\t\n\f .]")
_SPACE = re.compile(r"[\t\n\f ]")
_KNOWN = frozenset({"c", "i", "b", "u", "ruby", "rt", "v", "lang"})
_PLAIN_VOICE = re.compile(r"<v(?:\.[^\t\n\f .<>]*)*[\t\n\f ]([^<>]*)>([^<]*)(</v>)?")  # <v Name>text[</v>]
# The spec's "collect a WebVTT timestamp": [hours:]mm:ss.ttt, hours of any width; and one
# departure, vtt.js's (Firefox's parser): a first field over 59 with no third one is hours:mm.ttt
# (``120:10.000`` = 120 h 10 min), where the spec reads no time; ``000:00.000`` stays no time.
# Six groups: hours, minutes, seconds, or long hours and minutes; then milliseconds.
STAMP = (
    r"(?:(?:([0-9]+):)?([0-5][0-9]):([0-5][0-9])|(0*(?:[6-9][0-9]|[1-9][0-9]{2,})):([0-5][0-9]))\.([0-9]{3})"
)
_STAMP = re.compile(STAMP + "$")


def stamp_millis(
    hours: str | None,
    minutes: str | None,
    seconds: str | None,
    long_hours: str | None,
    long_minutes: str | None,
    millis: str,
) -> int:
    """Milliseconds of a timestamp matched by ``STAMP`` (its six groups)."""  # fmt: skip
    if minutes is None:  # hours:mm.ttt
        return int(long_hours) * 3_600_000 + int(long_minutes) * 60_000 + int(millis)  # type: ignore[arg-type]
    return int(hours or 0) * 3_600_000 + int(minutes) * 60_000 + int(seconds) * 1000 + int(millis)  # type: ignore[arg-type]


def parse_stamp(text: str) -> float | None:
    """A WebVTT timestamp (``[h:]mm:ss.ttt``, hours of any width) in seconds, or None."""
    match = _STAMP.match(text)
    return None if match is None else stamp_millis(*match.groups()) / 1000


class CueText:
    """The parsed cue: shown text, voices in order, and (time, text) runs when timestamps appear."""

    __slots__ = ("runs", "stamped", "voice_closed", "voices")

    def __init__(self) -> None:
        self.runs: list[tuple[float | None, str]] = []
        self.voices: list[str] = []
        self.stamped = False
        self.voice_closed = False  # a </v> ended the voice: it is not carried to later cues

    @property
    def text(self) -> str:
        return "".join(run for _, run in self.runs)


def parse_cue_text(raw: str) -> CueText:
    """Run the spec's tokenizer and tree builder over ``raw``; keep text, voices and stamps."""
    cue = CueText()
    if "<" not in raw:
        cue.runs.append((None, html.unescape(raw) if "&" in raw else raw))
        return cue
    voice = _PLAIN_VOICE.fullmatch(raw)
    if voice is not None:  # the common cue: one voice over plain text, the same tree, sooner
        name, run, closed = voice.groups()
        annotation = " ".join((html.unescape(name) if "&" in name else name).split())
        if annotation:
            cue.voices.append(annotation)
        cue.voice_closed = closed is not None
        cue.runs.append((None, html.unescape(run) if "&" in run else run))
        return cue
    stack: list[str] = []  # open element names, innermost last
    now: float | None = None
    position = 0
    for match in _TAG.finditer(raw):
        if match.start() > position:
            run = raw[position : match.start()]
            cue.runs.append((now, html.unescape(run) if "&" in run else run))
        position = match.end()
        body = match.group(1)
        if not body:
            continue  # "<>" or a lone "<": a start tag with no name, ignored
        first = body[0]
        if first == "/":
            name = body[1:]
            if stack and stack[-1] == name:
                stack.pop()
                cue.voice_closed = cue.voice_closed or name == "v"
            elif name == "ruby" and stack[-1:] == ["rt"]:
                del stack[-2:]
            continue
        if first.isdigit() and first.isascii():
            stamp = parse_stamp(body)
            if stamp is not None:
                now, cue.stamped = stamp, True
            continue
        end = _NAME_END.search(body)
        name = body if end is None else body[: end.start()]
        if name not in _KNOWN or (name == "rt" and stack[-1:] != ["ruby"]):
            continue
        stack.append(name)
        if name == "v":
            space = _SPACE.search(body)
            annotation = "" if space is None else " ".join(html.unescape(body[space.start() :]).split())
            if annotation and annotation not in cue.voices:
                cue.voices.append(annotation)
    if position < len(raw):
        run = raw[position:]
        cue.runs.append((now, html.unescape(run) if "&" in run else run))
    return cue


def cue_words(cue: CueText, start: float, end: float) -> list[Word]:
    """Words of a cue with timestamp tags: each word starts at the stamp in force where it begins."""
    words: list[tuple[float, str]] = []
    joined = True  # the next run continues the last word (no space between)
    for stamp, run in cue.runs:
        at = start if stamp is None else stamp
        pieces = run.split()
        if not pieces:
            joined = joined and not run
            continue
        if joined and words and not run[0].isspace():
            words[-1] = (words[-1][0], words[-1][1] + pieces[0])
            pieces = pieces[1:]
        words.extend((at, piece) for piece in pieces)
        joined = not run[-1].isspace()
    out = []
    for index, (at, text) in enumerate(words):
        until = words[index + 1][0] if index + 1 < len(words) else end
        out.append(Word(text=text, start=at, end=max(at, until)))
    return out
