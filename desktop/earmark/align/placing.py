"""Sentence frames turned into segment times: unspoken text marked, ends ordered, music given its gap."""

from __future__ import annotations

import itertools

import numpy as np

from earmark.core.model import LOW_CONFIDENCE, Segment, SegmentKind

from .features import FPS
from .heard import FEWEST_WORDS


def keep_short_sentences(spoken: np.ndarray, texts: list[str]) -> np.ndarray:
    """A short sentence ("So...", "Yeah.") that the DTW skipped between two spoken ones was
    spoken too: a few frames of it are easily outscored by a gap, and text is left
    unspoken by whole paragraphs, not by single words between spoken sentences."""
    out = spoken.copy()
    for k in range(1, len(texts) - 1):
        if not spoken[k] and spoken[k - 1] and spoken[k + 1] and len(texts[k].split()) < FEWEST_WORDS:
            out[k] = True
    return out


def write_times(
    out: list[Segment],
    plan: list[int],
    starts: np.ndarray,
    ends: np.ndarray,
    confidence: np.ndarray,
    spoken: np.ndarray,
    locked: np.ndarray,
    duration: float,
) -> None:
    """Planned sentences get their start, end and confidence (frames at 100 fps); ones not
    spoken become UNSPOKEN; locked ones keep their start; starts never go backwards."""
    previous_end = 0.0
    for k, index in enumerate(plan):
        seg = out[index]
        if locked[k]:
            start = seg.start
        elif not spoken[k]:
            seg.kind, seg.start, seg.end, seg.confidence = SegmentKind.UNSPOKEN, None, None, None
            continue
        else:
            start = max(starts[k] / FPS, previous_end)
        seg.kind = SegmentKind.SPEECH
        seg.start = round(min(start, duration), 3)
        seg.end = round(min(max(ends[k] / FPS, seg.start + 0.05), duration), 3)
        seg.confidence = round(float(np.clip(confidence[k], 0.0, 1.0)), 3)
        previous_end = seg.start
    order_ends(out)


def order_ends(out: list[Segment]) -> None:
    """No sentence ends after the next one starts (the lit line is never two lines)."""
    timed = [s for s in out if s.start is not None and s.kind is SegmentKind.SPEECH]
    for a, b in itertools.pairwise(timed):
        if a.end is not None and b.start is not None and a.end > b.start:
            a.end = max(a.start or 0.0, b.start)


def fill_non_speech(out: list[Segment], duration: float) -> list[Segment]:
    """Music and sound lines take the gap between the speech around them; they are never matched."""
    for i, seg in enumerate(out):
        if seg.kind in (SegmentKind.MUSIC, SegmentKind.SOUND):
            before = next((s.end for s in reversed(out[:i]) if s.end is not None), 0.0)
            after = next(
                (s.start for s in out[i + 1 :] if s.start is not None and s.kind is SegmentKind.SPEECH),
                duration,
            )
            seg.start, seg.end, seg.confidence = before, max(before, after), None
    return out


def low_confidence(segment: Segment) -> bool:
    """A timed sentence the pane and the CLI should flag for a look."""
    return segment.kind is SegmentKind.SPEECH and (segment.confidence or 0.0) < LOW_CONFIDENCE
