"""Doubtful starts laid out over the pauses between trusted ones (align/pauses.py)."""

from __future__ import annotations

import numpy as np

from earmark.align import pauses
from earmark.align.features import FPS, RATE, features_of

from .synthcase import speak

SENTENCES = [
    "The first sentence is read and its start is trusted.",
    "Nobody heard this one clearly.",
    "Nor this somewhat longer one, read in a noisy kitchen.",
    "And the last one starts where the recogniser heard it.",
]


def _episode(noise_db: float | None = None, sentences: list[str] = SENTENCES):
    """Four espeak-ng sentences with pauses between them, the middle two under an optional noise bed; returns
    loudness, the true starts (frames) and each sentence's length (seconds)."""
    rng = np.random.default_rng(3)
    parts, starts, lengths, clock = [np.zeros(RATE // 2, np.float32)], [], [], RATE // 2
    for text in sentences:
        clip = speak(text, "en-us+m3", 165)
        starts.append(clock * FPS // RATE)
        lengths.append(len(clip) / RATE)
        pause = np.zeros(int(rng.uniform(0.4, 0.8) * RATE), np.float32)
        parts += [clip, pause]
        clock += len(clip) + len(pause)
    samples = np.concatenate(parts)
    if noise_db is not None:  # under the two middle sentences only, as a kitchen under one speaker
        level = np.sqrt(np.mean(samples[np.abs(samples) > 0.02] ** 2))
        lo, hi = starts[0] * RATE // FPS + RATE, starts[3] * RATE // FPS - RATE // 4
        samples[lo:hi] += rng.normal(0, level * 10 ** (-noise_db / 20), hi - lo).astype(np.float32)
    return features_of(samples).loudness, np.array(starts), lengths


def test_collapsed_starts_move_to_the_pauses_that_fit_their_lengths():
    """Two doubtful sentences stuck on one start land within 100 ms of where they begin."""
    loudness, truth, lengths = _episode()
    starts = truth.copy()
    starts[1] = starts[2] = truth[0] + 20
    confidence = np.array([0.9, 0.3, 0.3, 0.9])
    flags = np.ones(4, bool)
    moved = pauses.spread_over_pauses(starts, confidence, flags, ~flags, lengths, loudness)
    assert moved == 2
    assert np.abs(starts - truth).max() <= 0.1 * FPS, (starts, truth)


def test_pauses_are_found_under_a_noise_bed():
    """Under noise 15 dB down the pauses are still found against the local floor (the
    episode-wide threshold hears that noise as speech) and the starts still land."""
    loudness, truth, lengths = _episode(noise_db=15)
    starts = truth.copy()
    starts[1] = starts[2] = truth[0] + 20
    flags = np.ones(4, bool)
    pauses.spread_over_pauses(starts, np.array([0.9, 0.3, 0.3, 0.9]), flags, ~flags, lengths, loudness)
    assert np.abs(starts - truth).max() <= 0.1 * FPS, (starts, truth)


def test_starts_that_leave_each_sentence_room_are_left_alone():
    """Doubtful starts that do not collapse stay where they are: lengths alone are weak evidence."""
    loudness, truth, lengths = _episode()
    starts = truth.copy()
    starts[1] += 40
    flags = np.ones(4, bool)
    before = starts.copy()
    assert (
        pauses.spread_over_pauses(starts, np.array([0.9, 0.3, 0.3, 0.9]), flags, ~flags, lengths, loudness)
        == 0
    )
    assert (starts == before).all()


def test_a_run_is_not_laid_out_inside_the_words_heard_before_it():
    """A trusted sentence read far slower than its synthetic length suggests (pauses at its
    commas) keeps its words: with ``earliest`` (after the last word heard of it), the doubtful
    sentences after it start where they begin, not inside it (the cold speaker's "So this is the
    sick corpus." was laid out 2-6 s into the reader's last heard words)."""
    slow = "The first sentence, read slowly, pauses at each comma, here, and there, and its start is trusted."
    loudness, truth, lengths = _episode(sentences=[slow, *SENTENCES[1:]])
    lengths = [lengths[0] * 0.35, *lengths[1:]]
    confidence = np.array([0.9, 0.3, 0.3, 0.9])
    flags = np.ones(4, bool)
    collapsed = truth.copy()
    collapsed[1] = collapsed[2] = truth[0] + 20
    free = collapsed.copy()
    pauses.spread_over_pauses(free, confidence, flags, ~flags, lengths, loudness)
    assert free[1] < truth[1] - 0.5 * FPS, (free, truth)  # without the bound: inside the first sentence
    bounded = collapsed.copy()
    earliest = np.array([0, truth[1] - 40, truth[1] - 40, truth[3] - 40])
    pauses.spread_over_pauses(bounded, confidence, flags, ~flags, lengths, loudness, earliest=earliest)
    assert np.abs(bounded - truth).max() <= 0.1 * FPS, (bounded, truth)
