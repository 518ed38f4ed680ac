"""Confidence checks that look at the starts together: a sentence cannot be said in no time.

Where the recogniser hears too little (a speaker with a cold under kitchen noise),
the anchors' bounds clip several sentences onto one start. Each of those starts
looked plausible alone; side by side they leave a sentence less time than the
fastest reader needs, so none of them can be trusted.
"""

from __future__ import annotations

import itertools

import numpy as np

from .features import FPS

FASTEST_SECONDS_PER_WORD = 0.1  # less than this per word before the next start: squeezed
SURE = 0.8  # a start this confident (its first word heard there) is not doubted
SQUEEZED = 0.3  # the confidence of a squeezed start (under the pane's low mark)


def flag_squeezed(
    starts: np.ndarray, spoken: np.ndarray, locked: np.ndarray, word_counts: list[int], confidence: np.ndarray
) -> None:
    """Lower, in place, the confidence of unsure starts that leave the sentence before them, or
    themselves, less than FASTEST_SECONDS_PER_WORD a word before the next start."""
    said = [k for k in range(len(starts)) if spoken[k]]
    for k, after in itertools.pairwise(said):
        if (starts[after] - starts[k]) / FPS < FASTEST_SECONDS_PER_WORD * max(1, word_counts[k]):
            for j in (k, after):
                if not locked[j] and confidence[j] < SURE:
                    confidence[j] = min(confidence[j], SQUEEZED)
