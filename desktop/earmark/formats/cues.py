"""SRT and WebVTT cue files, as found in the wild.

Hand-written rather than pysrt / webvtt-py: pysrt stops at (or silently drops)
broken cues without saying which line, knows nothing of ``NAME:`` speakers, and is
~10x slower; webvtt-py refuses a whole file for one bad cue and drops ``<v>``
voices without closing tags. We need "import the good cues, report the bad ones
with a line number", so one tolerant block parser serves both shapes. The
benchmark (tests/benchmarks/bench_formats.py) compares speed with both libraries.
"""

from __future__ import annotations

import html
import re

from earmark.core.errors import InputError
from earmark.core.model import Segment, Transcript, TranscriptKind
from earmark.formats.speakers import split_speaker

_TIMING = re.compile(r"^\s*(\S+)\s*-->\s*(\S+)")
_CLOCK = re.compile(r"^(?:(\d{1,3}):)?(\d{1,2}):(\d{1,2})(?:[.,:](\d{1,3}))?$")
_SRT_TAG = re.compile(r"</?(?:i|b|u|s|font|span)\b[^>]*>|\{\\[^}]*\}", re.IGNORECASE)
_VTT_TAG = re.compile(r"<[^>\n]*>")
_VOICE = re.compile(r"<v(?:\.[^\s>]*)?[ \t]+([^>]+)>")
_META_BLOCK = ("NOTE", "STYLE", "REGION", "WEBVTT")
_OVERLAP_TOLERANCE = 0.001


def parse_time(text: str) -> float:
    """``[h:]mm:ss[.,]mmm`` to seconds; ValueError on impossible clocks like ``99:99:99,999``."""
    match = _CLOCK.match(text)
    if not match:
        raise ValueError(text)
    hours, minutes, seconds, fraction = match.groups()
    if int(seconds) > 59 or (hours is not None and int(minutes) > 59):
        raise ValueError(text)
    millis = int(fraction.ljust(3, "0")) if fraction else 0
    return (int(hours or 0) * 3_600_000 + int(minutes) * 60_000 + int(seconds) * 1000 + millis) / 1000


def _clean(body: str, vtt: bool) -> tuple[str | None, str]:
    speaker = None
    if "<" in body:
        if vtt:
            voice = _VOICE.search(body)
            if voice:
                speaker = " ".join(voice.group(1).split())
            body = _VTT_TAG.sub("", body)
        else:
            body = _SRT_TAG.sub("", body)
    elif "{" in body:
        body = _SRT_TAG.sub("", body)
    if vtt and "&" in body:
        body = html.unescape(body)
    text = " ".join(body.split())
    if speaker is None and ":" in text:
        speaker, text = split_speaker(text)
    return speaker, text


class _Collector:
    """Gathers good cues; counts bad ones and remembers the first bad line."""

    def __init__(self) -> None:
        self.segments: list[Segment] = []
        self.skipped = 0
        self.first_bad: int | None = None

    def bad(self, line_number: int) -> None:
        self.skipped += 1
        if self.first_bad is None:
            self.first_bad = line_number

    def add(self, line_number: int, timing: str, body: list[str], vtt: bool) -> None:
        match = _TIMING.match(timing)
        try:
            if not match:
                raise ValueError(timing)
            start, end = parse_time(match.group(1)), parse_time(match.group(2))
        except ValueError:
            self.bad(line_number)
            return
        previous = self.segments[-1] if self.segments else None
        if end < start or (previous is not None and start < previous.end - _OVERLAP_TOLERANCE):
            self.bad(line_number)  # runs backwards, or overlaps the cue before it
            return
        speaker, text = _clean("\n".join(body), vtt)
        if text:
            self.segments.append(Segment(text=text, start=start, end=end, speaker=speaker))


def _read(text: str, source: str, fmt: str) -> Transcript:
    vtt = fmt == "vtt"
    lines = text.split("\n")
    collector = _Collector()
    index, count = 0, len(lines)
    if vtt and not lines[0].lstrip("\ufeff").startswith("WEBVTT"):
        raise InputError(source, "is not WebVTT: it does not start with WEBVTT")
    while index < count:
        line = lines[index]
        if not line.strip():
            index += 1
            continue
        block_start = index
        while index < count and lines[index].strip():
            index += 1
        block = lines[block_start:index]
        timing_at = 0 if "-->" in block[0] else 1 if len(block) > 1 and "-->" in block[1] else -1
        if timing_at < 0:
            if vtt and block[0].lstrip("\ufeff").startswith(_META_BLOCK):
                continue
            if not vtt and collector.segments and not block[0].strip().isdigit():
                # a blank line inside an SRT cue's text: the text belongs to the cue before
                extra = _clean("\n".join(block), vtt)[1]
                if extra:
                    collector.segments[-1].text += " " + extra
                continue
            if "-->" in "".join(block):
                collector.bad(block_start + 1)
            continue
        collector.add(block_start + timing_at + 1, block[timing_at], block[timing_at + 1 :], vtt)
    if not collector.segments:
        where = f" (first broken cue at line {collector.first_bad})" if collector.first_bad else ""
        raise InputError(source, f"has no valid {fmt.upper()} cue{where}")
    return Transcript(
        segments=collector.segments,
        format=fmt,
        kind=TranscriptKind.TIMED,
        skipped=collector.skipped,
        first_bad_line=collector.first_bad,
    )


def read_srt(text: str, source: str) -> Transcript:
    return _read(text, source, "srt")


def read_vtt(text: str, source: str) -> Transcript:
    return _read(text, source, "vtt")
