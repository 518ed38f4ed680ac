"""Speech runs on through a word the recogniser heard only where the audio is over its own floor
(``word_evidence.HEARD_OVER_FLOOR``, issue #13, session 14): the synthetic noisy case had a word
heard across the pause before "They can understand memes...", and the start moved 196 ms early
through it; the cold speaker's drawn-out "and" (3-6 dB over the room tone, under the speech mask)
still joins (tests/align/test_align_cold_reading.py, on real speech)."""

from __future__ import annotations

import numpy as np

from earmark.align import word_evidence
from earmark.align.features import FPS
from earmark.align.word_evidence import runs_on, speech_with_heard

FLOOR = -50.0  # dB, the room tone


def _episode(gap_db: float) -> tuple[np.ndarray, np.ndarray]:
    """20 s at the floor with speech (20 dB over it) at 10-11 s and 11.5-12.5 s; the 0.5 s between
    them ``gap_db`` over the floor, under the speech mask."""
    loudness = np.full(20 * FPS, FLOOR, np.float32)
    loudness[10 * FPS : 11 * FPS] = loudness[int(11.5 * FPS) : int(12.5 * FPS)] = FLOOR + 20
    loudness[11 * FPS : int(11.5 * FPS)] = FLOOR + gap_db
    return loudness > FLOOR + 10, loudness


HEARD = [("they", 10.9, 11.6)]  # a word heard across the gap


def test_a_heard_word_across_a_pause_at_the_floor_is_no_speech(monkeypatch):
    speech, loudness = _episode(0.0)
    assert not runs_on(speech_with_heard(speech, HEARD, loudness), 10.5, 12.0)
    monkeypatch.setattr(word_evidence, "HEARD_OVER_FLOOR", False)
    assert runs_on(speech_with_heard(speech, HEARD, loudness), 10.5, 12.0)


def test_a_heard_word_over_the_floor_under_the_mask_is_speech():
    speech, loudness = _episode(5.0)  # the cold speaker's drawn-out "and"
    assert not runs_on(speech, 10.5, 12.0)
    assert runs_on(speech_with_heard(speech, HEARD, loudness), 10.5, 12.0)
