"""Which part of the text each recogniser utterance can hold, from the coarse DTW's starts.

A language model of the whole transcript lets the recogniser take any of its
sentences anywhere; one of the text around the utterance alone is both cheaper
to search and heard better (98-minute synthetic reading, first 5 minutes:
anchored words 228 -> 445, recogniser CPU 236 -> 193 s per hour). The coarse
walk is seconds off at worst, so a wide margin keeps the right text in reach.
"""

from __future__ import annotations

import bisect
import threading
from collections.abc import Callable, Sequence

import numpy as np

from earmark.core.progress import CancelToken

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


class Placing:
    """The coarse walk's starts as it commits them, for a recogniser that starts before the walk
    ends (the walk commits text ~17x faster than the recogniser decodes it). :meth:`near` waits
    until every sentence up to one placed past the utterance's end plus MARGIN_SECONDS is final,
    so it answers exactly what :func:`sentences_near` over the finished walk would."""

    def __init__(self, seconds: Sequence[float], duration: float, fps: int, cancel: CancelToken) -> None:
        self._seconds, self._duration, self._fps, self._cancel = list(seconds), duration, fps, cancel
        self._ready = threading.Condition()
        self._starts = np.zeros(0)  # seconds, the sentences placed so far

    def placed(self, k: int, starts: np.ndarray) -> None:
        """The walk's ``starts`` (frames) before sentence ``k`` are final (``coarse_starts(placed=)``)."""
        with self._ready:
            if k > len(self._starts):
                self._starts = np.asarray(starts[:k], float) / self._fps
                self._ready.notify_all()

    def near(self, t0: float, t1: float) -> tuple[int, int]:
        """:func:`sentences_near`'s range for the audio from t0 to t1, once the walk has placed it."""
        n = len(self._seconds)
        with self._ready:
            while len(self._starts) < n and not (
                len(self._starts) and self._starts.max() > t1 + MARGIN_SECONDS
            ):
                self._cancel.check()  # (the walk failed or the sync was cancelled)
                self._ready.wait(0.2)
            placed = self._starts
        # The sentences not placed yet start after the last placed one (the starts are taken rising).
        rest = np.full(n - len(placed), placed.max() if len(placed) else 0.0)
        return sentences_near(np.concatenate([placed, rest]), self._seconds, self._duration)(t0, t1)
