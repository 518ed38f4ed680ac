"""Does a timed transcript fit this audio? And its times moved back where an ad or an edit shifted them.

Ad servers insert different ads into each download, so a feed's transcript is
right for the publisher's master but off by the ads' length after each one.

:func:`check_fit` is the cheap question: a few windows of ~10 s spread over the
episode are recognised with a language model made of that window's own text
(pocketsphinx, English); a window fits when its words are heard in order at
about the times the transcript gives. Cost: ~50 s of audio recognised, whatever
the episode's length.

:func:`keep_shape` is the repair after the aligner has re-timed the text: the
master's times are exact within each stretch between ads, so each stretch gets
one offset (the robust consensus of the aligner's times there), chosen with a
small Viterbi over "which offset" per cue. A cue the aligner missed or misplaced
takes its stretch's offset, so every cue is timed, text and speakers untouched.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np

from earmark.align import words as recogniser
from earmark.audio.decode import iter_mono_chunks
from earmark.core.model import Segment, SegmentKind, Word
from earmark.core.progress import CancelToken

RATE = 16000
WINDOWS = 5  # probe windows over the episode
WINDOW_SECONDS = 10.0  # transcript time per window
MARGIN = 3.0  # audio read either side of a window (a small shift still shows as a lag)
MOST_LAG = 0.75  # seconds: a window heard later or earlier than this does not fit
FEWEST_HEARD = 0.25  # share of a window's words heard in order, below which it does not fit
OUTLIER = 3.0  # seconds: an aligner time further than this from a stretch's offset counts this much only
LEAD = 0.25  # seconds: a stretch shifted less than this by the aligner did not move
CHANGE_COST = 6.0  # seconds of disagreement a new stretch (an ad boundary) must explain to be believed


@dataclass(frozen=True, slots=True)
class Fit:
    fits: bool
    reason: str  # one line: why, for the pane and the log
    heard: tuple[float, ...] = ()  # share of words heard per window
    lags: tuple[float, ...] = ()  # seconds the audio is late (+) or early (-) per window


def _windows(segments: list[Segment]) -> list[tuple[int, int]]:
    """(first, last+1) cue indices of up to WINDOWS runs of ~WINDOW_SECONDS, spread over the transcript."""
    timed = [i for i, s in enumerate(segments) if s.start is not None and s.kind is SegmentKind.SPEECH]
    if not timed:
        return []
    found: list[tuple[int, int]] = []
    for k in range(WINDOWS):
        first = timed[min(len(timed) - 1, int((k + 0.5) * len(timed) / WINDOWS))]
        last = first
        while (
            last + 1 < len(segments)
            and (segments[last + 1].start or 0) - segments[first].start < WINDOW_SECONDS
        ):
            last += 1
        if not found or first >= found[-1][1]:
            found.append((first, last + 1))
    return found


def _read(audio: Path, spans: list[tuple[float, float]]) -> tuple[list[np.ndarray], float]:
    """The samples of each (start, end) span, streaming the file once; and the audio's duration."""
    pieces: list[list[np.ndarray]] = [[] for _ in spans]
    position = 0
    for chunk in iter_mono_chunks(audio, RATE):
        end = position + len(chunk)
        for n, (a, b) in enumerate(spans):
            lo, hi = max(int(a * RATE), position), min(int(b * RATE), end)
            if lo < hi:
                pieces[n].append(chunk[lo - position : hi - position])
        position = end
    return [np.concatenate(p) if p else np.zeros(0, np.float32) for p in pieces], position / RATE


def _expected_times(
    segments: list[Segment], first: int, last: int
) -> tuple[list[str], list[float], list[bool]]:
    """The window's recognisable words, when the transcript says each is said (spread over its cue),
    and whether each opens its cue (where the transcript's time is exact rather than spread)."""
    sentences = [segments[i].text for i in range(first, last)]
    words, owners, positions, tokens = recogniser.text_words(sentences)
    times, opening = [], []
    for owner, position in zip(owners, positions, strict=True):
        cue = segments[first + owner]
        start = cue.start or 0.0
        end = cue.end if cue.end is not None and cue.end > start else start + 0.35 * max(tokens[owner], 1)
        times.append(start + (end - start) * position / max(tokens[owner], 1))
        opening.append(position == 0)
    return words, times, opening


def check_fit(
    audio: Path, segments: list[Segment], language: str = "en", cancel: CancelToken | None = None
) -> Fit:
    """Whether the transcript's times fit ``audio``; English is checked by ear, other languages by length."""
    timed = [s for s in segments if s.start is not None]
    if not timed:
        return Fit(False, "the transcript has no times")
    windows = _windows(segments)
    spans = [
        (
            max(0.0, (segments[a].start or 0.0) - MARGIN),
            (segments[b - 1].end or segments[b - 1].start) + MARGIN,
        )
        for a, b in windows
    ]
    samples, duration = _read(audio, spans)
    end = max((s.end or s.start or 0.0) for s in timed)
    if end > duration + 1.0:
        return Fit(False, f"the transcript runs {end - duration:.0f} s past the end of the audio")
    if not recogniser.available(language):
        return Fit(True, f"length fits (times not checked by ear for language {language!r})")
    heard_shares, lags = [], []
    for (first, last), (span_start, _), pcm in zip(windows, spans, samples, strict=True):
        if cancel is not None:
            cancel.check()
        words, expected, opening = _expected_times(segments, first, last)
        if len(words) < recogniser.SHORTEST_RUN or len(pcm) < RATE:
            continue
        heard = recogniser.recognise([pcm], words, duration=len(pcm) / RATE, cancel=cancel)
        found = recogniser.anchors(words, heard)
        heard_shares.append(len(found) / len(words))
        exact = [a for a in found if opening[a.word]] or found
        lags.append(
            float(np.median([span_start + a.time - expected[a.word] for a in exact])) if found else 0.0
        )
    if not heard_shares:
        return Fit(True, "too little text to check")
    bad = [
        n for n, (share, lag) in enumerate(zip(heard_shares, lags, strict=True))
        if share < FEWEST_HEARD or abs(lag) > MOST_LAG
    ]  # fmt: skip
    reason = (
        f"{len(bad)} of {len(heard_shares)} checked stretches are off (heard "
        + ", ".join(f"{s:.0%} at {lag:+.1f} s" for s, lag in zip(heard_shares, lags, strict=True))
        + ")"
        if bad
        else f"fits ({len(heard_shares)} stretches heard in place)"
    )
    return Fit(not bad, reason, tuple(heard_shares), tuple(lags))


def _offsets(shifts: list[float | None]) -> list[float]:
    """One offset per cue: piecewise constant, through the aligner's shifts (None where it gave none)."""
    known = np.array([s for s in shifts if s is not None])
    if not len(known):
        return [0.0] * len(shifts)
    values, counts = np.unique(np.round(known / 0.25) * 0.25, return_counts=True)
    candidates = [float(np.median(known[np.abs(known - v) <= 0.5])) for v in values[counts >= 2]]
    if not candidates:
        candidates = [float(np.median(known))]
    states = np.array(sorted(set(round(c, 3) for c in candidates)))
    cost = np.zeros(len(states))
    back: list[np.ndarray] = []
    for shift in shifts:
        here = np.zeros(len(states)) if shift is None else np.minimum(np.abs(states - shift), OUTLIER)
        stay, move = cost, cost.min() + CHANGE_COST
        back.append(np.where(stay <= move, np.arange(len(states)), int(cost.argmin())))
        cost = np.minimum(stay, move) + here
    path = [int(cost.argmin())]
    for pointers in reversed(back[1:]):
        path.append(int(pointers[path[-1]]))
    path.reverse()
    out = [0.0] * len(shifts)  # each stretch's offset: the median of its own shifts (finer than the grid)
    start = 0
    for i in range(1, len(path) + 1):
        if i == len(path) or path[i] != path[start]:
            inside = [s for s in shifts[start:i] if s is not None and abs(s - states[path[start]]) <= OUTLIER]
            value = float(np.median(inside)) if inside else float(states[path[start]])
            out[start:i] = [value] * (i - start)
            start = i
    # A stretch the aligner puts within LEAD of where it was is where it was: the master's times are
    # finer than the aligner's.
    return [0.0 if abs(value) <= LEAD else value for value in out]


def keep_shape(original: list[Segment], aligned: list[Segment]) -> list[Segment]:
    """The original cues (text, speakers, kinds, word times) moved by their stretch's offset."""
    shifts = [
        (a.start - o.start) if o.start is not None and a.start is not None else None
        for o, a in zip(original, aligned, strict=True)
    ]
    offsets = _offsets(shifts)
    moved = []
    for cue, offset in zip(original, offsets, strict=True):
        if cue.start is None:
            moved.append(replace(cue))
            continue
        moved.append(
            replace(
                cue,
                start=max(0.0, cue.start + offset),
                end=None if cue.end is None else max(0.0, cue.end + offset),
                words=[Word(w.text, max(0.0, w.start + offset), max(0.0, w.end + offset)) for w in cue.words],
                confidence=None,
            )
        )
    return moved
