"""Where the voice resumes after noise a forced word was stretched over: a first word forced on the
filler and the pause before the voice (issue #13, session 16).

The cold speaker's turn is forced as one window (:mod:`earmark.align.turns`) on a denoised copy,
and the word pass forces sentences a window at a time (:mod:`earmark.align.word_times`); the forcer
sometimes opens a sentence's first word on the "um" before it and stretches its first words over the
pause after the um: "I think I'm probably gonna cough here." follows an "um" and
0.23 s of room noise, and its "I" was forced 0.19 or 0.31 s early on 14 of 28 conversations ("I have
a cold, ...", after an um and 0.1 s of noise: 0.15-0.2 s early on 12). A word is not said in the noise
floor, so where a pause (QUIET_FRAMES under the floor + QUIET_DB) lies inside the first two forced
words, with no more than TAIL_SECONDS of voice before it (the filler's tail), the sentence starts where
the voice resumes after it (HOLD_FRAMES over that level), when that is at least MOVE_AT_LEAST after the
forced start. A pause between the words (the forcer's own silence: "okay, ... um") moves nothing, nor
does a first word said before its stop's closure ("and" of "and uh that").
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from .features import FPS
from .forced import Timed
from .rescue import denoised

QUIET_DB = 3.0  # over the floor: under it, a pause; over it for HOLD_FRAMES, the voice again
QUIET_FRAMES = 8  # a pause is this long (80 ms) at least (longer than most stops' closures) ...
HOLD_FRAMES = 5  # ... and the voice after it holds this long (50 ms): not a click
FLOOR_PERCENT = 10  # the floor: this percentile of the frames' loudness around the word
AROUND_SECONDS = 1.0  # the floor is read this far either side of the forced start
REACH_SECONDS = 0.6  # the voice is looked for this far after the forced start at most
MOVE_AT_LEAST = 0.08  # s: a nearer one is the first word's own soft onset (the forced start stands)
TAIL_SECONDS = 0.12  # at most this much voice before the pause: a filler's tail, not the first word
_HOP = 160  # samples: 100 frames a second at 16 kHz
_LENGTH = 320  # each frame's loudness is read over 20 ms


def voice_rise(
    samples: Callable[[float, float], np.ndarray], words: list[tuple[float, float]]
) -> float | None:
    """Where the voice resumes (seconds) after a pause inside the forced ``words`` (the first two of
    a sentence, (start, end) in seconds), when that is MOVE_AT_LEAST after the first's start;
    else None."""
    start, limit = words[0][0], min(words[-1][1], words[0][0] + REACH_SECONDS)
    a = max(0.0, start - AROUND_SECONDS)
    y = denoised(samples(a, start + AROUND_SECONDS))
    count = (len(y) - _LENGTH) // _HOP + 1
    if count < QUIET_FRAMES + HOLD_FRAMES:
        return None
    power = np.array([np.mean(y[i * _HOP : i * _HOP + _LENGTH] ** 2) for i in range(count)])
    loudness = 10 * np.log10(power + 1e-12)
    quiet = loudness < np.percentile(loudness, FLOOR_PERCENT) + QUIET_DB
    inside = np.zeros(count, bool)  # frames some forced word was stretched over
    for word_start, word_end in words:
        inside[max(0, round((word_start - a) * FPS)) : round((word_end - a) * FPS)] = True
    paused = _runs(quiet & inside, QUIET_FRAMES)
    voiced = _runs(~quiet, HOLD_FRAMES)
    first, last = round((start - a) * FPS), min(round((limit - a) * FPS), count)
    pauses = np.flatnonzero(paused[first:last])
    if not len(pauses):
        return None
    p = first + int(pauses[0])  # the first pause
    if (~quiet[first:p]).sum() > TAIL_SECONDS * FPS:
        return None  # the first word is said before the pause
    after = np.flatnonzero(voiced[p + QUIET_FRAMES : last])
    if not len(after):
        return None
    at = a + (p + QUIET_FRAMES + int(after[0])) / FPS
    return at if at - start >= MOVE_AT_LEAST else None


def _runs(mask: np.ndarray, length: int) -> np.ndarray:
    """Per frame: ``mask`` holds there and for the ``length`` - 1 frames after it."""
    held = np.convolve(mask, np.ones(length), "valid") >= length
    return np.concatenate([held, np.zeros(len(mask) - len(held), bool)])


def moved_words(words: list[tuple[float, float]], rise: float) -> list[tuple[float, float]]:
    """``words`` (start, end) with the first moved to ``rise``, its length kept, and the others
    starting (and ending) no sooner than it ends."""
    first_end = round(rise + words[0][1] - words[0][0], 3)
    return [(round(rise, 3), first_end), *[(max(a, first_end), max(b, first_end)) for a, b in words[1:]]]


def resumed(samples: Callable[[float, float], np.ndarray], result: Timed) -> Timed:
    """``result`` (a sentence's forced words) with its first word moved to where the voice resumes
    after a pause inside its first two words (:func:`voice_rise`, :func:`moved_words`); unchanged
    where no such pause is."""
    if not (result.forced and result.first_word and len(result.words) > 1):
        return result
    rise = voice_rise(samples, result.words[:2])
    if rise is None:
        return result
    return Timed(round(rise, 3), moved_words(result.words, rise), True, True)
