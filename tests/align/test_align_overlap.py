"""Two people at once: the second sentence starts where it starts, even before the first has ended.

The benchmark's overlap (the next clip 0.25 s before the last one's end) falls in the clips'
trailing silence; here the next speaker really talks over the last 0.4 s of the previous one.
"""

from __future__ import annotations

import numpy as np
import pytest

from earmark.align import align_segments
from earmark.core.model import Segment

from . import realcase
from .synthcase import RATE, write_wav

pytestmark = pytest.mark.skipif(
    not realcase.available(), reason=f"real speech not found at {realcase.REAL} (../shared/real_speech)"
)
TURNS = ["arctic_axb_a0004", "ami_es2011a", "arctic_axb_a0006", "arctic_aew_a0001", "arctic_axb_a0005"]
OVERLAPPED = 3  # this turn comes in 0.4 s before the speech of the one before it ends
OVER_SECONDS = 0.4


def _speech_end(samples: np.ndarray) -> float:
    """Where the last 10 ms frame louder than the clip's floor + 15 dB ends (its last word's end)."""
    frames = samples[: len(samples) // 160 * 160].reshape(-1, 160)
    level = 10 * np.log10((frames**2).mean(axis=1) + 1e-12)
    loud = np.flatnonzero(level > np.percentile(level, 10) + 15)
    return (loud[-1] + 1) * 160 / RATE


@pytest.fixture(scope="module")
def overlapped(tmp_path_factory):
    """Five real speakers, the fourth talking over the third's last words; (truth, aligned)."""
    rng = np.random.default_rng(5)
    placed, segments, truth = [], [], []
    clock, previous_end = 0.6, 0.0
    for n, key in enumerate(TURNS):
        turn = realcase._clip_turn(key)
        samples = turn.samples * (0.1 / realcase._level(turn.samples))
        first = turn.sentences[0][1]
        if n == OVERLAPPED:  # its first word OVER_SECONDS before the last speech ends
            clock = previous_end - OVER_SECONDS - first
        placed.append((clock, samples))
        for text, start in turn.sentences:
            segments.append(Segment(text=text, paragraph=n))
            truth.append(clock + start)
        previous_end = clock + _speech_end(samples)
        clock += len(samples) / RATE + rng.uniform(0.4, 0.9)
    out = np.zeros(int((clock + 1.0) * RATE), np.float32)
    for at, samples in placed:
        out[int(at * RATE) : int(at * RATE) + len(samples)] += samples
    out += rng.normal(0, 10 ** (-52 / 20), len(out)).astype(np.float32)
    audio = write_wav(tmp_path_factory.mktemp("overlap") / "overlap.wav", out)
    return truth, align_segments(audio, segments)


def test_a_sentence_said_over_the_end_of_the_last_one_starts_where_it_starts(overlapped):
    """The overlapping speaker's sentence is within 200 ms of its true start, before the last one ends."""
    truth, aligned = overlapped
    k = next(i for i, s in enumerate(aligned) if s.paragraph == OVERLAPPED)
    assert aligned[k].start is not None
    assert abs(aligned[k].start - truth[k]) <= 0.2, (aligned[k].start, truth[k])


def test_the_sentence_talked_over_keeps_its_own_start(overlapped):
    """The sentence whose end is talked over keeps its start too (within 200 ms)."""
    truth, aligned = overlapped
    k = next(i for i, s in enumerate(aligned) if s.paragraph == OVERLAPPED) - 1
    assert aligned[k].start is not None
    assert abs(aligned[k].start - truth[k]) <= 0.2, (aligned[k].start, truth[k])
