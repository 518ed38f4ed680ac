"""Starts that leave a sentence no time to be said are not trusted."""

from __future__ import annotations

import numpy as np

from earmark.align.confidence import SQUEEZED, flag_squeezed


def test_sentences_clipped_onto_one_start_are_flagged():
    """Three sentences on the same start (the anchors' bounds clipped them there) all go low;
    the sure start before them and the well-spaced one after keep their confidence."""
    starts = np.array([100, 900, 900, 900, 2500])  # frames, 100 per second
    confidence = np.array([0.9, 0.7, 0.6, 0.7, 0.7])
    flag_squeezed(starts, np.ones(5, bool), np.zeros(5, bool), [8, 8, 8, 8, 8], confidence)
    assert confidence.tolist() == [0.9, SQUEEZED, SQUEEZED, SQUEEZED, 0.7]


def test_a_short_sentence_said_quickly_is_not_squeezed():
    """ "Thanks." 0.3 s before the next sentence is fine: it needs only a word's time."""
    starts = np.array([100, 400, 430])
    confidence = np.array([0.7, 0.7, 0.7])
    flag_squeezed(starts, np.ones(3, bool), np.zeros(3, bool), [3, 1, 6], confidence)
    assert confidence.tolist() == [0.7, 0.7, 0.7]


def test_unspoken_and_locked_sentences_are_left_alone():
    """An unspoken sentence between two starts is skipped over; a locked start is the user's."""
    starts = np.array([100, 0, 105])
    confidence = np.array([0.7, 0.0, 0.7])
    locked = np.array([True, False, False])
    flag_squeezed(starts, np.array([True, False, True]), locked, [5, 5, 5], confidence)
    assert confidence.tolist() == [0.7, 0.0, SQUEEZED]
