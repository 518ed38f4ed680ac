"""Podcasting 2.0 JSON transcripts (``{"version", "segments": [{startTime, endTime, body, speaker}]}``).

The standard ``json`` module parses; we only check the shape. Word-level files
(one word per segment, as some generators write) are merged into phrases so the
pane shows lines, not single words.
"""

from __future__ import annotations

import json
import math

from earmark.core.errors import InputError
from earmark.core.model import Segment, Transcript, TranscriptKind


def _number(value: object) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise ValueError(value)
    number = float(value)
    if not math.isfinite(number) or number < 0:
        raise ValueError(value)
    return number


def _merge_words(segments: list[Segment]) -> list[Segment]:
    """Join one-word segments into phrases ending at punctuation, a speaker change or a pause."""
    merged: list[Segment] = []
    for s in segments:
        last = merged[-1] if merged else None
        if (
            last is not None
            and last.speaker == s.speaker
            and s.start - last.end < 1.0
            and not last.text.endswith((".", "?", "!"))
            and len(last.text.split()) < 25
        ):
            last.text += " " + s.text
            last.end = s.end
        else:
            merged.append(Segment(text=s.text, start=s.start, end=s.end, speaker=s.speaker))
    return merged


def read_podcast_json(text: str, source: str) -> Transcript:
    try:
        data = json.loads(text)
    except RecursionError:  # the C parser stops at the interpreter's recursion limit (~1,000 levels)
        raise InputError(source, "JSON is nested too deeply to be a transcript") from None
    except ValueError as error:
        raise InputError(source, f"is not valid JSON ({str(error).splitlines()[0][:80]})") from None
    items = data.get("segments") if isinstance(data, dict) else data
    if not isinstance(items, list):
        raise InputError(source, 'is JSON but not a Podcasting 2.0 transcript (no "segments" list)')
    segments: list[Segment] = []
    skipped, first_bad = 0, None
    for position, item in enumerate(items, 1):
        try:
            if not isinstance(item, dict):
                raise ValueError(item)
            body = item.get("body", item.get("text"))
            if not isinstance(body, str):
                raise ValueError(body)
            start = _number(item["startTime"])
            end = _number(item.get("endTime", start))
            previous = segments[-1] if segments else None
            if end < start or (previous is not None and start < previous.end - 0.001):
                raise ValueError((start, end))
        except (ValueError, KeyError, TypeError, OverflowError):
            skipped += 1
            first_bad = first_bad or position
            continue
        speaker = item.get("speaker")
        speaker = " ".join(speaker.split()) or None if isinstance(speaker, str) else None
        clean = " ".join(body.split())
        if clean:
            segments.append(Segment(text=clean, start=start, end=end, speaker=speaker))
    if not segments:
        raise InputError(source, "has no valid transcript segment")
    if len(segments) >= 10 and all(" " not in s.text for s in segments):
        segments = _merge_words(segments)
    return Transcript(
        segments=segments,
        format="podcast-json",
        kind=TranscriptKind.TIMED,
        skipped=skipped,
        first_bad_line=first_bad,  # for JSON: the 1-based position of the first bad segment
    )
