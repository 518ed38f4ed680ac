"""The recogniser's audio less long runs of digital silence, and its words' times mapped back.

Digital silence (every 16-bit sample 0) is what synthetic audio holds between
sentences, and edited audio where it was padded or cut; a recording's own pauses never
are (its room has a noise floor: none of the composed real cases holds a run of it
longer than 0.5 s), nor is a lossy file's (an MP3's silence is coded noise). It holds
no word, yet pocketsphinx scores every frame of it (98-minute synthetic reading, first
12 minutes: 3.8% of the audio cut, the same 1,998 words heard at the same times,
recogniser CPU 244 -> 204 s per hour of audio under load).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .listener import RATE

Said = tuple[str, float, float]  # a recognised word, its start and end (seconds in the episode)
# A run longer than twice this is cut to this much either side (a word at its edge ends and starts
# in the same room as before).
SILENCE_KEPT_SECONDS = 0.25


@dataclass(frozen=True, slots=True)
class Spliced:
    """An utterance's PCM with its long runs of digital silence cut short, and where each kept
    piece began: ``kept[i]`` samples into the PCM sent, ``came[i]`` samples into the utterance
    (which starts ``offset`` seconds into the episode)."""

    pcm: bytes
    offset: float
    kept: np.ndarray
    came: np.ndarray

    def back(self, heard: list[Said]) -> list[Said]:
        """Words heard in the PCM sent, at their times in the episode (unchanged where nothing was cut)."""
        if len(self.kept) == 1:
            return heard
        return [(w, self._time(s, "right"), self._time(e, "left")) for w, s, e in heard]

    def _time(self, seconds: float, side: str) -> float:
        at = round((seconds - self.offset) * RATE)
        piece = max(0, int(np.searchsorted(self.kept, at, side)) - 1)
        return self.offset + float(self.came[piece] + at - self.kept[piece]) / RATE


def spliced(samples: np.ndarray, offset: float) -> Spliced:
    """The recogniser's 16-bit PCM of ``samples`` less the middle of every run of digital silence
    longer than 2 x SILENCE_KEPT_SECONDS."""
    values = (np.clip(samples, -1.0, 1.0) * 32767).astype("<i2")
    keep = int(SILENCE_KEPT_SECONDS * RATE)
    edges = np.flatnonzero(np.diff(np.concatenate([[0], (values == 0).astype(np.int8), [0]])))
    cuts = [(a + keep, b - keep) for a, b in zip(edges[::2], edges[1::2], strict=True) if b - a > 2 * keep]
    if not cuts:
        return Spliced(values.tobytes(), offset, np.zeros(1), np.zeros(1))
    starts = np.array([0, *(b for _, b in cuts)])
    stops = np.array([*(a for a, _ in cuts), len(values)])
    kept = np.concatenate([[0], np.cumsum(stops - starts)[:-1]])
    pcm = b"".join(values[a:b].tobytes() for a, b in zip(starts, stops, strict=True))
    return Spliced(pcm, offset, kept, starts)
