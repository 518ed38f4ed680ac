"""SRT and WebVTT cue files."""

from __future__ import annotations

import re

from earmark.core.errors import InputError
from earmark.core.model import Segment, Transcript, TranscriptKind
from earmark.core.timecode import parse_clock

_TIMING = re.compile(r"^\s*([\d:.,]+)\s*-->\s*([\d:.,]+)")
_TAG = re.compile(r"<[^>]+>")
_VOICE = re.compile(r"<v(?:\.[\w.-]+)?\s+([^>]+)>")


def _blocks(text: str) -> list[tuple[int, list[str]]]:
    blocks, current, start_line = [], [], 0
    for number, line in enumerate(text.split("\n"), 1):
        if line.strip():
            if not current:
                start_line = number
            current.append(line)
        elif current:
            blocks.append((start_line, current))
            current = []
    if current:
        blocks.append((start_line, current))
    return blocks


def _read_cues(text: str, source: str, fmt: str) -> Transcript:
    segments: list[Segment] = []
    skipped, first_bad = 0, None
    for line_number, lines in _blocks(text):
        timing_index = next((i for i, line in enumerate(lines[:3]) if "-->" in line), None)
        if timing_index is None:
            continue  # header, NOTE, STYLE, cue number without timing
        match = _TIMING.match(lines[timing_index])
        body = "\n".join(lines[timing_index + 1 :]).strip()
        try:
            if not match:
                raise ValueError
            start, end = parse_clock(match.group(1)), parse_clock(match.group(2))
            if end < start:
                raise ValueError
        except ValueError:
            skipped += 1
            first_bad = first_bad or line_number + timing_index
            continue
        speaker = None
        voice = _VOICE.search(body)
        if voice:
            speaker = voice.group(1).strip()
        plain = " ".join(_TAG.sub("", body).split())
        if plain:
            segments.append(Segment(text=plain, start=start, end=end, speaker=speaker))
    if not segments:
        raise InputError(source, f"has no valid {fmt.upper()} cue")
    return Transcript(
        segments=segments, format=fmt, kind=TranscriptKind.TIMED, skipped=skipped, first_bad_line=first_bad
    )


def read_srt(text: str, source: str) -> Transcript:
    return _read_cues(text, source, "srt")


def read_vtt(text: str, source: str) -> Transcript:
    return _read_cues(text, source, "vtt")
