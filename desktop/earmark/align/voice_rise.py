"""Where a voice rises out of the noise it sits in: a forced first word that opens on the noise
before the voice (issue #13, session 16).

The cold speaker's turn is forced as one window (:mod:`earmark.align.turns`) on a denoised copy,
and the forcer sometimes opens a sentence's first word on the noise floor before it: "I think I'm
probably gonna cough here." follows an "um" and 0.23 s of room noise, and its "I" was forced 0.19
or 0.31 s early on 14 of 28 conversations (the "I" on the um's end or on the noise). A word is not
said in the noise floor, so the start goes to where the denoised loudness first rises RISE_DB over
the floor around it and stays there HOLD_FRAMES, when that is at least MOVE_AT_LEAST later: on the
cough line that lands within 45 ms of the TextGrid's start. The rise is a little late on soft onsets
("Hopefully", "And that ...": 30-100 ms after the truth), so a smaller move is not made.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from .features import FPS
from .rescue import denoised

RISE_DB = 6.0  # over the floor: the voice
HOLD_FRAMES = 5  # ... for this long (50 ms): not a click or a breath of noise
FLOOR_PERCENT = 10  # the floor: this percentile of the frames' loudness around the word
AROUND_SECONDS = 1.0  # the floor is read this far either side of the forced start
REACH_SECONDS = 0.6  # the rise is looked for this far after the forced start at most
# ... and only past a pause: QUIET_FRAMES in a row under the floor + QUIET_DB before the rise (long
# reading seed 1: a drawn-out "And" dipping 1-5 dB under the rise's level for 0.2 s was moved into, +264 ms)
QUIET_DB = 3.0
QUIET_FRAMES = 6
MOVE_AT_LEAST = 0.15  # s: a nearer rise is a soft onset's own (the forced start stands)
_HOP = 160  # samples: 100 frames a second at 16 kHz
_LENGTH = 320  # each frame's loudness is read over 20 ms


def voice_rise(samples: Callable[[float, float], np.ndarray], start: float, limit: float) -> float | None:
    """Where the voice rises after ``start`` (seconds) and before ``limit`` (the forced first word's
    second neighbour's end, or REACH_SECONDS on), when that is MOVE_AT_LEAST later; else None."""
    a = max(0.0, start - AROUND_SECONDS)
    y = denoised(samples(a, start + AROUND_SECONDS))
    count = (len(y) - _LENGTH) // _HOP + 1
    if count < HOLD_FRAMES:
        return None
    power = np.array([np.mean(y[i * _HOP : i * _HOP + _LENGTH] ** 2) for i in range(count)])
    loudness = 10 * np.log10(power + 1e-12)
    floor = np.percentile(loudness, FLOOR_PERCENT)
    above = loudness > floor + RISE_DB
    first = round((start - a) * FPS)
    last = min(round((min(limit, start + REACH_SECONDS) - a) * FPS), count) - HOLD_FRAMES
    held = np.convolve(above, np.ones(HOLD_FRAMES), "valid") >= HOLD_FRAMES  # held[i]: i..i+HOLD all above
    for i in range(first, last + 1):
        if held[i]:
            at = a + i / FPS
            return at if at - start >= MOVE_AT_LEAST and _pause_in(loudness[first:i], floor) else None
    return None


def _pause_in(loudness: np.ndarray, floor: float) -> bool:
    """QUIET_FRAMES in a row of ``loudness`` (dB) under ``floor`` + QUIET_DB: the noise between words."""
    quiet = loudness < floor + QUIET_DB
    return len(quiet) >= QUIET_FRAMES and bool(
        (np.convolve(quiet, np.ones(QUIET_FRAMES), "valid") >= QUIET_FRAMES).any()
    )
