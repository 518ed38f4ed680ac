"""How word anchors check the DTW's sentence starts (pure functions, no audio)."""

from __future__ import annotations

import numpy as np

from earmark.align import heard
from earmark.align.engine import _keep_short_sentences
from earmark.align.features import FPS


def _heard(first=None, time=None, last=None, last_time=None, lead=0.0) -> heard.Heard:
    return heard.Heard(10, 10, first, time, last, last_time, lead)


def test_short_sentence_between_spoken_ones_stays_spoken():
    """A skipped "So..." between spoken sentences is spoken; a long skipped sentence is not."""
    texts = ["A full sentence here.", "So...", "Another full one.", "This one has many words in it.", "End."]
    spoken = np.array([True, False, True, False, True])
    assert _keep_short_sentences(spoken, texts).tolist() == [True, True, True, False, True]


def test_bounds_come_from_words_heard_before_and_after():
    """A start must follow every word heard in earlier sentences and precede words heard in later ones."""
    sentences = [_heard(0, 1.0, 5, 3.0), _heard(), _heard(0, 10.0, 4, 12.0)]
    lo, hi = heard.bounds(sentences, end=20.0)
    assert lo.tolist() == [0.0, 3.0, 3.0]
    assert hi.tolist() == [1.0 + heard.AGREE_SECONDS, 10.0 + heard.AGREE_SECONDS, 10.0 + heard.AGREE_SECONDS]
    starts = np.array([1.0, 2.0, 10.0]) * FPS
    assert heard.contradicted(sentences, starts, lo, hi, 1)  # before the last word of sentence 0
    assert not heard.contradicted(sentences, starts, lo, hi, 2)


def test_lead_before_a_later_anchored_word_must_fit_the_words_before_it():
    """Anchored on its 10th word, heard at 20 s, with ~3 s expected before it."""
    h = _heard(first=10, time=20.0, lead=3.0)
    assert h.plausible_lead(17.0)
    assert not h.plausible_lead(12.0)  # 8 s for ten words: the DTW matched something earlier
    assert not h.plausible_lead(19.5)  # too little time for the words before it


def test_start_from_anchor_takes_the_longest_pause_in_reach():
    """Going back from the anchored word, the sentence starts after the longest pause, not a breath."""
    loud = np.ones(30 * FPS, bool)
    loud[int(14.5 * FPS) : int(15.0 * FPS)] = False  # the pause before the sentence
    loud[int(16.8 * FPS) : int(17.05 * FPS)] = False  # a short pause inside it
    h = _heard(first=10, time=20.0, lead=3.0)
    assert heard.start_from_anchor(h, loud) == int(15.0 * FPS)
