"""Which part of the text each recogniser utterance can hold, from the coarse DTW's starts.

A language model of the whole transcript lets the recogniser take any of its
sentences anywhere; one of the text around the utterance alone is both cheaper
to search and heard better (98-minute synthetic reading, first 5 minutes:
anchored words 228 -> 445, recogniser CPU 236 -> 193 s per hour). The coarse
walk is seconds off at worst, so a wide margin keeps the right text in reach.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Sequence

import numpy as np

MARGIN_SECONDS = 60.0  # text whose DTW start is this far before or after the utterance is in its model
EXTRA_SENTENCES = 5  # and this many sentences more on either side
# The walk is believed only where the text it put in that audio could be read there: its synthetic
# length over the audio's between these shares. On real voices it can be lost by minutes (a real
# long reading: 19 sentences squeezed into 30 s, the rest of the text 180 s early); there, and
# wherever else it is implausible, the utterance gets the whole transcript's model.
PLAUSIBLE = (0.35, 3.0)


def sentences_near(
    starts: Sequence[float], seconds: Sequence[float], duration: float
) -> Callable[[float, float], tuple[int, int]]:
    """``near(t0, t1)``: the range of sentences (lo, hi) whose ``starts`` (seconds, in text
    order) fall within MARGIN_SECONDS of the audio from t0 to t1, widened by EXTRA_SENTENCES;
    every sentence (0, n) where that text's synthetic ``seconds`` do not fit the audio (PLAUSIBLE)."""
    rising = np.maximum.accumulate(np.asarray(starts, float)) if len(starts) else np.zeros(0)
    n = len(rising)
    total = np.concatenate([[0.0], np.cumsum(np.asarray(seconds, float))])

    def near(t0: float, t1: float) -> tuple[int, int]:
        lo = int(np.searchsorted(rising, t0 - MARGIN_SECONDS, "left"))
        hi = max(lo, int(np.searchsorted(rising, t1 + MARGIN_SECONDS, "right")))
        audio = min(t1 + MARGIN_SECONDS, duration) - max(0.0, t0 - MARGIN_SECONDS)
        share = (total[hi] - total[lo]) / max(audio, 1e-6)
        if not PLAUSIBLE[0] <= share <= PLAUSIBLE[1]:
            return 0, n
        return max(0, lo - EXTRA_SENTENCES), min(n, hi + EXTRA_SENTENCES)

    return near


def words_near(
    near: Callable[[float, float], tuple[int, int]], owners: Sequence[int]
) -> Callable[[float, float], tuple[int, int]]:
    """The same ranges over the text's recognisable words (``owners``: each word's sentence, rising)."""

    def words(t0: float, t1: float) -> tuple[int, int]:
        lo, hi = near(t0, t1)
        return bisect.bisect_left(owners, lo), bisect.bisect_left(owners, hi)

    return words
