"""JSON transcripts: Podcasting 2.0 (``{"version", "segments": [{startTime, endTime, body, speaker}]}``)
and the ``start``/``end``/``text`` shape some hosts write (Flightcast, with an optional embedded ``vtt``).

The standard ``json`` module parses; a file in Python-literal style (single
quotes, as AntennaPod's lenient reader accepts) is read by ``ast.literal_eval``,
which evaluates literals only. A segment with no times is kept untimed; one
with only a start ends where the next begins. Word-level files (one word per
segment) are grouped into lines at speaker changes, sentence stops and pauses,
and each line keeps its words' times in ``Segment.words``.
"""

from __future__ import annotations

import ast
import json
import math

from earmark.core.errors import InputError
from earmark.core.model import Segment, Transcript, TranscriptKind, Word
from earmark.formats.vtt import read_vtt

_NUMBERS = (int, float)
_INF = math.inf
_PAUSE = 1.0  # seconds of silence that end a line of one-word segments
_LINE_WORDS = 25


def _number(value: object) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise ValueError(value)
    number = float(value)
    if not math.isfinite(number) or number < 0:
        raise ValueError(value)
    return number


def _merge_words(segments: list[Segment]) -> list[Segment]:
    """Join one-word segments into lines ending at a speaker change, sentence punctuation or a pause."""
    merged: list[Segment] = []
    for s in segments:
        last = merged[-1] if merged else None
        word = Word(text=s.text, start=s.start, end=s.end if s.end is not None else s.start)
        if (
            last is not None
            and last.speaker == s.speaker
            and s.start - last.end < _PAUSE
            and not last.text.endswith((".", "?", "!"))
            and len(last.words) < _LINE_WORDS
        ):
            last.text += " " + s.text
            last.end = word.end
            last.words.append(word)
        else:
            merged.append(Segment(text=s.text, start=s.start, end=word.end, speaker=s.speaker, words=[word]))
    return merged


def _words(items: object, line: str) -> list[Word]:
    """A segment's ``words`` list (as Earmark exports it), kept only when it spells the line exactly."""
    if not isinstance(items, list):
        return []
    words = []
    for item in items:
        if not isinstance(item, dict) or not isinstance(item.get("body"), str):
            return []
        try:
            start, end = _number(item.get("startTime")), _number(item.get("endTime"))
        except (ValueError, TypeError, OverflowError):
            return []
        if end < start:
            return []
        words.append(Word(text=item["body"].strip(), start=start, end=end))
    return words if " ".join(w.text for w in words) == line else []


def _load(text: str, source: str) -> object:
    try:
        return json.loads(text)
    except RecursionError:  # the C parser stops at the interpreter's recursion limit (~1,000 levels)
        raise InputError(source, "JSON is nested too deeply to be a transcript") from None
    except ValueError as error:
        message = str(error).splitlines()[0][:80]
    if "'" in text[:200]:
        try:  # Python-literal style ({'segments': [...]}): literals only, nothing is run
            return ast.literal_eval(text)
        except (ValueError, SyntaxError, TypeError, MemoryError, RecursionError):
            pass
    raise InputError(source, f"is not valid JSON ({message})")


def _segments(
    items: list, body_key: str, start_key: str, end_key: str
) -> tuple[list[Segment], int, int | None]:
    segments: list[Segment] = []
    skipped, first_bad = 0, None
    for position, item in enumerate(items, 1):
        if type(item) is dict:  # the usual segment, checked in one go
            body, start, end = item.get(body_key), item.get(start_key), item.get(end_key)
            if (
                type(body) is str
                and type(start) in _NUMBERS
                and type(end) in _NUMBERS
                and 0 <= start <= end < _INF
            ):
                speaker = item.get("speaker")
                speaker = " ".join(speaker.split()) or None if type(speaker) is str else None
                if clean := " ".join(body.split()):
                    segment = Segment(text=clean, start=float(start), end=float(end), speaker=speaker)
                    if "words" in item:
                        segment.words = _words(item["words"], clean)
                    segments.append(segment)
                continue
        try:
            if not isinstance(item, dict):
                raise ValueError(item)
            body = item.get(body_key)
            if not isinstance(body, str):
                raise ValueError(body)
            start = _number(item[start_key]) if item.get(start_key) is not None else None
            end = _number(item[end_key]) if start is not None and item.get(end_key) is not None else None
            if start is None and (start_key in item or end_key in item):
                raise ValueError(item)  # times given but unusable
            if end is not None and end < start:
                raise ValueError((start, end))
        except (ValueError, KeyError, TypeError, OverflowError):
            skipped += 1
            first_bad = first_bad or position
            continue
        speaker = item.get("speaker")
        speaker = " ".join(speaker.split()) or None if isinstance(speaker, str) else None
        clean = " ".join(body.split())
        if clean:
            words = _words(item.get("words"), clean) if start is not None else []
            segments.append(Segment(text=clean, start=start, end=end, speaker=speaker, words=words))
    return segments, skipped, first_bad


def _close_ends(segments: list[Segment]) -> None:
    """A segment with a start but no end ends where the next timed one starts (the last keeps none)."""
    following: float | None = None
    for s in reversed(segments):
        if s.start is not None:
            if s.end is None and following is not None and following >= s.start:
                s.end = following
            following = s.start


def read_podcast_json(text: str, source: str) -> Transcript:
    data = _load(text, source)
    items = data.get("segments") if isinstance(data, dict) else data
    if not isinstance(items, list):
        raise InputError(source, 'is JSON but not a Podcasting 2.0 transcript (no "segments" list)')
    podcast = any(isinstance(i, dict) and "body" in i for i in items) or not items
    embedded = data.get("vtt") if isinstance(data, dict) and not podcast else None
    if isinstance(embedded, str):
        try:  # Flightcast: the embedded WebVTT has the exact times; its segments are the fallback
            transcript = read_vtt(embedded, source)
            transcript.format = "podcast-json"
            return transcript
        except InputError:
            pass
    if podcast:
        segments, skipped, first_bad = _segments(items, "body", "startTime", "endTime")
    else:
        segments, skipped, first_bad = _segments(items, "text", "start", "end")
    if not segments:
        raise InputError(source, "has no valid transcript segment")
    _close_ends(segments)
    timed = [s for s in segments if s.start is not None]
    if len(segments) >= 10 and len(timed) == len(segments) and all(" " not in s.text for s in segments):
        segments = _merge_words(segments)
    return Transcript(
        segments=segments,
        format="podcast-json",
        kind=TranscriptKind.TIMED if timed else TranscriptKind.UNTIMED,
        skipped=skipped,
        first_bad_line=first_bad,  # for JSON: the 1-based position of the first bad segment
    )
