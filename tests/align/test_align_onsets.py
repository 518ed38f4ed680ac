"""Sentence starts settled on the ends of pauses (pure functions on a speech mask, no audio)."""

from __future__ import annotations

import numpy as np
import pytest

from earmark.align.features import FPS
from earmark.align.heard import Heard
from earmark.align.onsets import Pauses, settle_on_onsets


def _mask(*speech: tuple[float, float], seconds: float = 30.0) -> np.ndarray:
    """A speech mask with speech in the given (from, to) seconds."""
    loud = np.zeros(int(seconds * FPS), bool)
    for begin, end in speech:
        loud[round(begin * FPS) : round(end * FPS)] = True
    return loud


def _settle(heard, texts, starts, loud, confidence=None, spoken=None, locked=None) -> list[float]:
    frames = np.array([round(s * FPS) for s in starts], np.int64)
    n = len(heard)
    settle_on_onsets(
        heard,
        texts,
        frames,
        np.array(confidence if confidence is not None else [0.7] * n),
        np.array(spoken if spoken is not None else [True] * n),
        np.array(locked if locked is not None else [False] * n),
        loud,
    )
    return (frames / FPS).tolist()


def test_pauses_ignore_stops_inside_words():
    """Quiet shorter than 0.2 s is part of the speech; longer quiet is a pause."""
    pauses = Pauses(_mask((1.0, 2.0), (2.1, 3.0), (3.5, 4.0)))
    assert pauses.onsets.tolist() == [100, 350]
    assert pauses.speech_began(280) == 100
    assert pauses.onset_from(301) == 350


def test_a_start_inside_a_pause_moves_to_where_speech_resumes():
    """A sentence does not start in silence: 0.8 s early in a pause becomes the pause's end."""
    loud = _mask((1.0, 4.0), (5.0, 9.0))
    heard = [Heard(5, 5, 0, 1.0, 4, 3.5), Heard(8, 8, 3, 6.2, 7, 8.5)]
    texts = ["One two three four five.", "Six seven eight nine ten eleven twelve thirteen."]
    assert _settle(heard, texts, [1.0, 4.2], loud) == [1.0, 5.0]


def test_a_start_a_little_way_into_speech_after_a_pause_moves_back():
    """0.3 s into speech that follows a pause, after the previous sentence was heard ending."""
    loud = _mask((1.0, 4.0), (5.0, 9.0))
    heard = [Heard(5, 5, 0, 1.0, 4, 3.5), Heard(8, 8)]
    texts = ["One two three four five.", "Six seven eight nine ten eleven twelve thirteen."]
    assert _settle(heard, texts, [1.0, 5.3], loud) == [1.0, 5.0]


def test_a_start_inside_the_previous_sentences_speech_stays():
    """Speech that began with the previous sentence, which is still being read, is not this one's start."""
    loud = _mask((1.0, 9.0))
    heard = [Heard(5, 5, 0, 1.0, 1, 1.4), Heard(8, 8)]
    texts = ["One two three four five.", "Six seven eight nine ten eleven twelve thirteen."]
    assert _settle(heard, texts, [1.0, 3.3], loud) == [1.0, 3.3]


def test_a_far_start_moves_back_only_past_the_previous_sentences_slowest_end():
    """1.5 s into speech that began after the previous sentence could have ended at a slow pace."""
    loud = _mask((1.0, 4.0), (5.0, 9.0))
    texts = ["One two three four five.", "Six seven eight nine ten eleven twelve thirteen."]
    finished = [Heard(5, 5, 0, 1.0, 4, 3.5), Heard(8, 8)]
    assert _settle(finished, texts, [1.0, 6.5], loud) == [1.0, 5.0]
    words_left = [Heard(12, 12, 0, 1.0, 0, 1.0), Heard(8, 8)]  # 1 s + 12 x 0.4 s > 5 s: may still be reading
    assert _settle(words_left, texts, [1.0, 6.5], loud) == [1.0, 6.5]


def test_an_unheard_start_inside_the_previous_sentences_reach_moves_to_the_next_pause_end():
    """ "Oh, operator, yeah." put mid-speech while the sentence before may still be read:
    the end of the pause that follows is where it begins."""
    loud = _mask((1.0, 6.0), (6.5, 8.0), (8.5, 12.0))
    texts = ["One two three four five six seven eight nine ten eleven twelve.", "Oh, operator, yeah."]
    texts.append("Next.")
    heard = [Heard(12, 12, 0, 1.0, 1, 1.4), Heard(3, 3), Heard(1, 1, 0, 8.5, 0, 8.5)]
    assert _settle(heard, texts, [1.0, 5.5, 8.5], loud, confidence=[0.9, 0.3, 0.9]) == [1.0, 6.5, 8.5]


def test_a_start_never_passes_its_first_heard_word():
    """The pause's end is after the sentence's first anchored word: the start stays."""
    loud = _mask((1.0, 4.0), (5.0, 9.0))
    heard = [Heard(5, 5, 0, 1.0, 4, 3.5), Heard(8, 8, 0, 4.5, 7, 8.5)]
    texts = ["One two three four five.", "Six seven eight nine ten eleven twelve thirteen."]
    assert _settle(heard, texts, [1.0, 4.4], loud) == [1.0, 4.4]


@pytest.mark.parametrize("confidence", [0.6, 0.9])
def test_a_first_word_heard_as_the_previous_sentences_tail_gives_way_to_the_pause_after_it(confidence):
    """ "... citations it | does look": "it" heard mid-speech, then a pause the text does not have."""
    loud = _mask((1.0, 4.0), (4.6, 7.0))
    texts = ["One two three four five six seven eight.", "It does look at social media."]
    heard = [Heard(8, 8, 0, 1.0, 3, 2.0), Heard(6, 6, 0, 3.8, 5, 6.0)]
    assert _settle(heard, texts, [1.0, 3.8], loud, confidence=[0.9, confidence]) == [1.0, 4.6]
    punctuated = ["One two three four five six seven eight.", "So, it does look at social media."]
    assert _settle(heard, punctuated, [1.0, 3.8], loud, confidence=[0.9, confidence]) == [1.0, 3.8]


def test_a_start_checked_against_its_first_word_moves_back_only_a_little():
    """A start agreeing with its heard first word may sit a syllable late, not seconds."""
    loud = _mask((1.0, 4.0), (5.0, 9.0))
    texts = ["One two three four five.", "Six seven eight nine ten eleven twelve thirteen."]
    heard = [Heard(5, 5, 0, 1.0, 4, 3.5), Heard(8, 8, 0, 5.2, 7, 8.5)]
    assert _settle(heard, texts, [1.0, 5.2], loud, confidence=[0.9, 0.9]) == [1.0, 5.0]
    heard = [Heard(5, 5, 0, 1.0, 4, 3.5), Heard(8, 8, 0, 6.5, 7, 8.5)]
    assert _settle(heard, texts, [1.0, 6.5], loud, confidence=[0.9, 0.9]) == [1.0, 6.5]


def test_locked_and_unspoken_sentences_stay():
    loud = _mask((1.0, 4.0), (5.0, 9.0))
    heard = [Heard(5, 5, 0, 1.0, 4, 3.5), Heard(8, 8)]
    texts = ["One two three four five.", "Six seven eight nine ten eleven twelve thirteen."]
    assert _settle(heard, texts, [1.0, 4.2], loud, locked=[False, True]) == [1.0, 4.2]
    assert _settle(heard, texts, [1.0, 4.2], loud, spoken=[True, False]) == [1.0, 4.2]


def test_a_low_start_where_speech_resumes_is_no_longer_low():
    """Unheard and unpinned (0.3), but right where speech resumes after a pause: 0.5, not flagged.
    The same start mid-speech stays low."""
    loud = _mask((1.0, 4.0), (5.0, 9.0))
    heard = [Heard(5, 5, 0, 1.0, 4, 3.5), Heard(2, 2)]
    texts = ["One two three four five.", "Six seven."]
    for start, expected in ((5.0, 0.5), (8.0, 0.3)):  # 3 s into speech: too far to move
        frames = np.array([100, round(start * FPS)], np.int64)
        confidence = np.array([0.9, 0.3])
        settle_on_onsets(
            heard, texts, frames, confidence, np.array([True, True]), np.array([False, False]), loud
        )
        assert confidence.tolist() == [0.9, expected]


def test_the_sentence_said_before_is_the_one_that_counts_across_an_unspoken_paragraph():
    """After a skipped paragraph, the previous sentence for the reading-time limits is the last
    one said: 0.5 s into speech after a long pause, the start moves back to where it began."""
    loud = _mask((1.0, 4.0), (8.0, 10.0))
    heard = [Heard(5, 5, 0, 1.0, 4, 3.5), Heard(12, 12), Heard(5, 5)]
    texts = [
        "One two three four five.",
        "Never said at all in this episode, not one word of it.",
        "We have new content.",
    ]
    spoken = [True, False, True]
    assert _settle(heard, texts, [1.0, 0.0, 8.5], loud, confidence=[0.9, 0.3, 0.6], spoken=spoken)[2] == 8.0
