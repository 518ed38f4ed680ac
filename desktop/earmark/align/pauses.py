"""Doubtful sentence starts laid out over the pauses between trusted ones, by how long each sentence is.

Where neither the recogniser nor the DTW can place sentences (a speaker with a cold
under kitchen noise; a voice the synthetic one does not resemble), their starts
collapse onto one point or wander. The audio still shows where people pause, and
people pause between sentences. Between two trusted starts, the doubtful sentences
take the pause ends (speech resuming after quiet) that best share the speech there
in proportion to each sentence's synthetic length: a small dynamic programme over
"which pause end starts sentence m". It needs no language, only the speech mask.

Frames are 100 per second, as in :mod:`earmark.align.features`.
"""

from __future__ import annotations

import numpy as np

from .features import FPS, fill_short_quiet, local_floor
from .onsets import Pauses
from .spoken import ENOUGH

TRUST = 0.7  # a start at least this confident bounds a run; the ones between are laid out again
MOST_CANDIDATES = 400  # pause ends considered in one run (the longest pauses kept)
MOST_SENTENCES = 60  # longer runs are left as they are
# The run's speech per synthetic second against the episode's; outside: left alone. Only collapsed
# runs get this far, and their sentences were judged spoken on ENOUGH of their length in speech
# (align/spoken.py): the same bound, not a stricter one. At 0.5 a quiet cold speaker's eight sentences
# (mask rate 0.47) stayed piled up in 5 s of a 26 s gap (issue #13, conversation seed 6).
RATE_RANGE = (ENOUGH, 2.0)
PAUSE_WEIGHT = 0.15  # how much a longer pause before a start counts for it (per e-fold of its length)
MIN_PAUSE = 0.12  # seconds of quiet before a candidate start
COLLAPSED = 0.25  # a run is laid out again only if a sentence has less than this share of its time
EXTEND = 0  # trusted sentences after a run laid out with it
IMPROVEMENT = 0.5  # a new layout must cost this much less than the starts it replaces
LOCAL_DB = 6.0  # speech is this far above the local noise floor


def _candidates(pauses: Pauses, lo: int, hi: int) -> tuple[np.ndarray, np.ndarray]:
    """Pause ends strictly inside (lo, hi) and the length (frames) of the quiet before each."""
    onsets = pauses.onsets[(pauses.onsets > lo) & (pauses.onsets < hi)]
    lengths = _quiet_before(pauses, onsets)
    keep = lengths >= MIN_PAUSE * FPS
    onsets, lengths = onsets[keep], lengths[keep]
    if len(onsets) > MOST_CANDIDATES:
        best = np.sort(np.argsort(-lengths)[:MOST_CANDIDATES])
        onsets, lengths = onsets[best], lengths[best]
    return onsets, lengths


def local_speech(loudness: np.ndarray, block: int = 50, reach: int = 4) -> np.ndarray:
    """Speech frames against the recording's own noise floor *there* (:func:`local_floor`): a
    kitchen under one speaker raises the floor for that stretch only, and the episode-wide
    threshold then hears no pause in it."""
    if len(loudness) == 0:
        return np.zeros(0, bool)
    floor, level = np.percentile(loudness, [10, 90])
    local = local_floor(loudness, block, reach)
    threshold = np.maximum(floor + 0.3 * (level - floor), np.minimum(local + LOCAL_DB, (local + level) / 2))
    return fill_short_quiet(loudness > threshold, 8)


def _quiet_before(pauses: Pauses, frames: np.ndarray) -> np.ndarray:
    """Frames of quiet just before each frame: the pause before the stretch of speech it opens
    (within 30 ms), else 0 (mid-speech, or inside a pause)."""
    speech = pauses.speech
    quiet_from = np.flatnonzero(speech[:-1] & ~speech[1:]) + 1  # where each pause begins
    out = np.zeros(len(frames))
    for n, frame in enumerate(frames):
        frame = int(min(max(frame, 0), len(speech) - 1))
        began = pauses.speech_began(frame)
        if not speech[frame] or frame - began > 3 or began == 0:
            continue
        found = int(np.searchsorted(quiet_from, began, side="right")) - 1
        out[n] = began - (quiet_from[found] if found >= 0 else 0)
    return out


def _bonus(quiet: np.ndarray) -> np.ndarray:
    return PAUSE_WEIGHT * np.log(np.maximum(quiet, MIN_PAUSE * FPS) / (MIN_PAUSE * FPS))


def _layout_cost(
    total: np.ndarray, points: np.ndarray, hi: int, share: np.ndarray, bonus: np.ndarray
) -> float:
    """The cost of one layout: sentence m from points[m] to points[m+1] (the last to ``hi``)."""
    got = np.diff(np.concatenate([total[points], [total[hi]]])) + 1.0
    return float((np.log(got / share) ** 2).sum() - bonus.sum())


def _layout(
    total: np.ndarray, points: np.ndarray, bonus: np.ndarray, hi: int, share: np.ndarray, fixed_first: bool
) -> tuple[list[int], float] | None:
    """Starts (indices into ``points``) for the sentences of one run, the first at points[0] when
    ``fixed_first``, and their cost: the squared log ratio of each sentence's speech to its
    share, less a bonus for each start after a longer pause."""
    n, c = len(share), len(points)
    if c < n:
        return None
    cost = np.full((n, c), np.inf)
    back = np.zeros((n, c), np.int64)
    cost[0] = np.where(np.arange(c) == 0, 0.0, np.inf) if fixed_first else -bonus
    for m in range(1, n):
        for j in range(m, c):
            got = total[points[j]] - total[points[:j]] + 1.0
            step = cost[m - 1, :j] + np.log(got / share[m - 1]) ** 2
            i = int(np.argmin(step))
            cost[m, j] = step[i] - bonus[j]
            back[m, j] = i
    final = cost[n - 1] + np.log((total[hi] - total[points] + 1.0) / share[n - 1]) ** 2
    j = int(np.argmin(final))
    if not np.isfinite(final[j]):
        return None
    out = [j]
    for m in range(n - 1, 0, -1):
        j = int(back[m, j])
        out.append(j)
    return [int(points[j]) for j in reversed(out)], float(final[out[0]])


def spread_over_pauses(
    starts: np.ndarray,
    confidence: np.ndarray,
    spoken: np.ndarray,
    locked: np.ndarray,
    seconds: list[float],
    loudness: np.ndarray,
    heard: np.ndarray | None = None,
    earliest: np.ndarray | None = None,
    foreign: np.ndarray | None = None,
) -> int:
    """Re-place each run of doubtful spoken starts between trusted ones (in place), where a
    layout over the pauses fits the sentences' lengths better than theirs; returns how many
    starts moved. ``seconds`` is each sentence's synthetic speech length, ``loudness`` the
    episode's per-frame dB, ``heard`` (optional) the frames of words the recogniser heard;
    ``earliest`` (optional, frames) where each sentence may start at the earliest: after the words
    heard of the sentences before it (the layout put the cold speaker's "So this is the sick
    corpus." 2-6 s into the last words heard of the reader before her; long readings, issue #13);
    ``foreign`` (optional) the frames of speech the text does not hold, left out of the speech."""
    order = [k for k in range(len(starts)) if spoken[k] or locked[k]]
    speech_mask = local_speech(loudness)
    if heard is not None:  # words the recogniser heard are speech, however quiet (a cold, another microphone)
        speech_mask = speech_mask | heard
    if foreign is not None:  # speech the text does not hold (align/unsaid.py) is no sentence's
        speech_mask = speech_mask & ~foreign[: len(speech_mask)]
    if not order or not speech_mask.any():
        return 0
    pauses = Pauses(speech_mask)
    speech = pauses.speech
    total = np.concatenate([[0], np.cumsum(speech, dtype=np.int64)])
    trusted = [bool(locked[k] or confidence[k] >= TRUST) for k in order]
    voiced = np.flatnonzero(speech)
    episode_rate = len(voiced) / max(sum(seconds[k] for k in order) * FPS, 1e-6)
    moved = 0
    n = 0
    while n < len(order):
        if trusted[n]:
            n += 1
            continue
        m = n
        while m < len(order) and not trusted[m]:
            m += 1
        # Doubtful sentences and the trusted one after them (a trusted start can be wrong too:
        # it may move, if that fits the pauses better); order[n-1] bounds them before.
        run = order[n : m + EXTEND]
        before = order[n - 1] if n > 0 else None
        after = order[m + EXTEND] if m + EXTEND < len(order) else None
        lo = int(starts[before]) if before is not None else int(voiced[0])
        hi = int(starts[after]) if after is not None else int(voiced[-1]) + 1
        n = m
        if len(run) > MOST_SENTENCES or hi - lo < 2:
            continue
        laid = ([before] if before is not None else []) + run
        expected = np.array([seconds[k] for k in laid]) * FPS
        rate = (total[hi] - total[lo]) / max(expected.sum(), 1e-6)
        if not RATE_RANGE[0] <= rate / max(episode_rate, 1e-6) <= RATE_RANGE[1]:
            continue
        bounds = np.array([*(int(starts[k]) for k in laid), hi])
        room = np.diff(np.maximum.accumulate(bounds)) / (expected * episode_rate + 1.0)
        if room.min() >= COLLAPSED:  # the starts leave each sentence room: nothing to mend
            continue
        share = expected * rate + 1.0
        onsets, quiet = _candidates(pauses, lo, hi)
        if earliest is not None:  # not inside the words heard of the sentence before the run
            keep = onsets >= earliest[run[0]]
            onsets, quiet = onsets[keep], quiet[keep]
        points = np.concatenate([[lo], onsets]) if before is not None else onsets
        bonus = _bonus(np.concatenate([[0.0], quiet]) if before is not None else quiet)
        found = _layout(total, points.astype(np.int64), bonus, hi, share, before is not None)
        if found is None:
            continue
        now = np.maximum.accumulate(np.array([np.clip(starts[k], lo, hi) for k in laid], np.int64))
        now_bonus = _bonus(_quiet_before(pauses, now))
        if before is not None:
            now_bonus[0] = 0.0
        if found[1] >= _layout_cost(total, now, hi, share, now_bonus) - IMPROVEMENT:
            continue
        for k, frame in zip(run, found[0][1:] if before is not None else found[0], strict=True):
            moved += int(starts[k] != frame)
            starts[k] = frame
    return moved
