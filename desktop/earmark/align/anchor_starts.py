"""Sentence starts placed and checked from the recogniser's anchors (:mod:`earmark.align.heard`).

The DTW gives every sentence a start; an anchored word says where a sentence
cannot start (:func:`bounds`, :func:`contradicted`) and where it most likely does
(:func:`start_from_anchor`), and the two together set each start's confidence
(:func:`check_against_anchors`). Times here are seconds for anchors and 100 fps frames for starts.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from . import words
from .features import FPS
from .heard import AGREE_SECONDS, FEWEST_WORDS, PINNED_SECONDS, Heard


def expect_leads(heard: list[Heard], texts: list[str], seconds: list[float], tempo: float) -> None:
    """Each anchored sentence's expected lead: the share of its characters before the first
    anchored word, of its synthetic length, scaled by how much slower the episode is spoken."""
    for h, text, length in zip(heard, texts, seconds, strict=True):
        if h.first_anchor:
            found = list(words.WORD.finditer(words.normalised(text)))
            share = found[h.first_anchor].start() / max(1, len(text)) if h.first_anchor < len(found) else 1.0
            h.lead = share * length * tempo


def use_anchors(
    heard: list[Heard], spoken: np.ndarray, starts: np.ndarray, loud: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Spoken flags and start guesses before refinement (confidence comes after it).

    A sentence with anchored words was spoken; its guess is the DTW start when that
    fits the anchor, else a start estimated back from the anchored word.
    Unanchored sentences keep the DTW's answer for now.
    """
    spoken, guesses = spoken.copy(), starts.copy()
    for k, h in enumerate(heard):
        if h.time is None:
            continue
        if not (spoken[k] and h.plausible_lead(starts[k] / FPS)):
            guesses[k] = start_from_anchor(h, loud)
        spoken[k] = True
    return spoken, guesses


def check_against_anchors(
    heard: list[Heard],
    starts: np.ndarray,
    confidence: np.ndarray,
    loud: np.ndarray,
    refine: Callable[[int, int], int],
) -> np.ndarray:
    """Confidence from how each refined start sits against the sentence's first anchor.

    The recogniser's word starts are within ~130 ms; the acoustic refinement is
    usually within ~25 ms but sometimes wanders. Where the two disagree on an
    anchored first word, refine again from the anchor and keep the result only if
    it lands near the anchor (else the anchor itself, medium confidence). A sentence
    with no anchor of its own is medium when words heard close before and after it
    hold it in place, else low; a short one ("So...", "Deep seek.") is low too: a word
    or two matched by DTW alone is where half the misplaced starts were (a low start
    that settles where speech resumes is raised later: :mod:`earmark.align.onsets`).
    """
    confidence = confidence.copy()
    lo, hi = bounds(heard, len(loud) / FPS)
    for k, h in enumerate(heard):
        if h.time is None:  # pinned between words heard close around it, or not
            pinned = lo[k] < starts[k] / FPS <= hi[k] and hi[k] - lo[k] <= PINNED_SECONDS
            pinned = pinned and h.words >= FEWEST_WORDS
            confidence[k] = 0.6 if pinned else 0.3
            continue
        if h.first_anchor == 0:
            if abs(h.time - starts[k] / FPS) <= AGREE_SECONDS:
                confidence[k] = 0.9
                continue
            anchor = round(h.time * FPS)
            again = refine(k, anchor - int(0.1 * FPS))
            if abs(again - anchor) <= AGREE_SECONDS * FPS:
                starts[k], confidence[k] = again, 0.8
            else:  # the recogniser's word start beats a local match that wandered
                starts[k], confidence[k] = snap_to_onset(loud, anchor, reach=5), 0.6
        else:
            confidence[k] = 0.7 if h.plausible_lead(starts[k] / FPS) else 0.3
    return confidence


def bounds(heard: list[Heard], end: float) -> tuple[np.ndarray, np.ndarray]:
    """Per sentence, the earliest and latest start (seconds) the anchors allow: after every
    word heard in the sentences before it, and not after any word heard in it or after it."""
    lo = np.zeros(len(heard))
    hi = np.full(len(heard), end)
    latest = 0.0
    for k, h in enumerate(heard):
        lo[k] = latest
        if h.last_time is not None:
            latest = max(latest, h.last_time)
    earliest = end
    for k in range(len(heard) - 1, -1, -1):
        if heard[k].time is not None:
            earliest = min(earliest, heard[k].time + AGREE_SECONDS)
        hi[k] = earliest
    return lo, hi


def contradicted(heard: list[Heard], starts: np.ndarray, lo: np.ndarray, hi: np.ndarray, k: int) -> bool:
    """The anchors rule out this start: it is outside their bounds or too early for its anchored word."""
    start = starts[k] / FPS
    return not (lo[k] < start <= hi[k]) or not heard[k].plausible_lead(start)


def start_from_anchor(h: Heard, loud: np.ndarray, shortest_pause: float = 0.2) -> int:
    """Where the sentence most likely starts, going back from its first anchored word: the end
    of the longest pause within the plausible lead (sentences follow pauses), else the expected lead."""
    assert h.time is not None
    lo = max(1, int((h.time - 1.5 * h.lead - 0.5) * FPS))
    hi = min(len(loud) - 1, int((h.time - 0.5 * h.lead + AGREE_SECONDS) * FPS))
    best, longest = round((h.time - h.lead) * FPS), int(shortest_pause * FPS) - 1
    quiet = 0
    for k in range(max(0, lo - FPS), hi + 1):
        if not loud[k]:
            quiet += 1
            continue
        if k >= lo and quiet > longest:
            best, longest = k, quiet
        quiet = 0
    return best


def snap_to_onset(loud: np.ndarray, frame: int, reach: int = 12) -> int:
    """Move to the end of a pause within ``reach`` frames (speech starts there)."""
    lo, hi = max(1, frame - reach), min(len(loud) - 1, frame + reach)
    best, best_gap = frame, reach + 1
    for k in range(lo, hi + 1):
        if loud[k] and not loud[k - 1] and abs(k - frame) < best_gap:
            best, best_gap = k, abs(k - frame)
    return best
