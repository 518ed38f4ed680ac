"""DTW alone: a start on a filler ("uh", then a pause) moves to where the sentence begins.

Loudness tracks (dB, 100 frames/s) are built directly: a room tone at -60 dB with speech at
-20 dB, so the local noise floor and the episode's threshold see the same pauses as a real
recording would.
"""

from __future__ import annotations

import numpy as np

from earmark.align.lead_in import past_fillers

FLOOR, SPEECH = -60.0, -20.0


def _track(runs: list[tuple[float, float]], seconds: float) -> np.ndarray:
    """Room tone with speech over each (begin, end) in seconds."""
    out = np.full(int(seconds * 100), FLOOR, np.float32)
    out += np.random.default_rng(0).normal(0, 1.0, len(out)).astype(np.float32)
    for begin, end in runs:
        out[int(begin * 100) : int(end * 100)] = SPEECH
    return out


def _move(audio_runs, synthetic_runs, start: float) -> float:
    """Where past_fillers puts one sentence's start (a second sentence follows 10 s later)."""
    audio = _track([*audio_runs, (14.0, 16.0)], 20.0)
    text = _track([*synthetic_runs, (6.2, 11.5)], 12.0)
    starts = np.array([int(start * 100), 1400])
    spans = [(0, 600), (600, 1200)]
    past_fillers(starts, np.array([True, True]), np.array([False, False]), audio, text, spans)
    return starts[0] / 100


def test_start_on_a_filler_then_a_pause_moves_past_it():
    """ "uh" (0.5 s), 1.3 s of quiet, then a sentence espeak-ng reads in one 1.5 s phrase: the
    start moves from the "uh" to the sentence."""
    moved = _move([(2.0, 2.5), (3.8, 5.5)], [(0.2, 1.7)], 2.0)
    assert abs(moved - 3.8) <= 0.02


def test_short_sentence_is_not_taken_for_a_filler():
    """ "Thanks." (0.4 s) then a pause: espeak-ng's reading is as short, so the start stays."""
    moved = _move([(2.0, 2.4), (3.8, 5.5)], [(0.2, 0.6)], 2.0)
    assert moved == 2.0


def test_short_pause_after_a_first_word_keeps_the_start():
    """A reader's first word then 0.3 s of quiet (an ordinary phrase break) keeps the start."""
    moved = _move([(2.0, 2.5), (2.8, 5.5)], [(0.2, 1.7)], 2.0)
    assert moved == 2.0


def test_start_inside_the_turn_before_moves_past_its_last_words():
    """A start inside a run of speech, under a second before its end (the last words of the turn
    before), then quiet that only the local floor hears as a pause (a music bed the episode-wide
    threshold calls loud): the start moves to where the next speech begins."""
    audio = _track([(0.5, 3.0), (3.9, 5.5), (14.0, 16.0)], 20.0)
    audio[int(3.0 * 100) : int(3.9 * 100)] = -38.0  # the bed: quiet against the local floor only
    text = _track([(0.2, 1.7), (6.2, 11.5)], 12.0)
    starts = np.array([200, 1400])
    spans = [(0, 600), (600, 1200)]
    past_fillers(starts, np.array([True, True]), np.array([False, False]), audio, text, spans)
    assert abs(starts[0] - 390) <= 2
