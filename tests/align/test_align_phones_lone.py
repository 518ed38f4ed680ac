"""Phones path: one heard word does not outvote a sentence's forced words (issue #13).

Long reading seed 9: the cold speaker's "So this is the sick corpus." (true start 100.66 s) was set
at 98.95 s (0.5). Its forced words were right (first word 100.64 s), but the recogniser's only word
of it, "this" at 102.23 s (inside the forced "corpus"), disagreed: the forced start was not taken and
the early start was vouched for, unflagged (-1.71 s). ``phones_starts.outvoted`` drops such a lone
word for the forced pass's checks.
"""

from __future__ import annotations

import pytest

from earmark.align import phones_starts, words
from earmark.align.forced import Timed

from . import realcase

FORCED = Timed(
    100.64,
    [
        (100.64, 100.84),
        (100.84, 101.05),
        (101.08, 101.22),
        (101.22, 101.6),
        (101.66, 101.89),
        (102.01, 102.59),
    ],
    True,
    True,
)  # the forced words of "So this is the sick corpus." on long reading seed 9
FIRST = 9  # the case's segment index of the first sentence below
STARTS = [(84.47, 0.9), (98.95, 0.5), (102.04, 0.5), (108.86, 0.5), (116.72, 0.5)]
HEARD = [
    ("the", 95.28, 95.36), ("letter", 95.36, 95.7), ("used", 95.7, 96.21), ("should", 96.21, 96.37),
    ("be", 96.37, 96.5), ("fine", 96.5, 96.99), ("in", 96.99, 97.11), ("form", 97.11, 97.7),
    ("of", 100.59, 100.86), ("the", 100.86, 100.95), ("feed'st", 100.95, 101.82), ("it", 101.82, 101.89),
    ("were", 102.04, 102.15), ("this", 102.23, 102.58), ("have", 103.08, 103.33), ("but", 103.83, 104.0),
    ("light's", 104.1, 104.35), ("of", 106.85, 106.98), ("sick", 107.17, 107.5), ("corpus", 107.5, 107.97),
    ("were", 109.76, 109.87), ("in", 109.87, 109.95),
]  # fmt: skip  # what the recogniser heard (espeak-ng's phones), 95-110 s


def test_a_lone_heard_word_far_from_its_forced_word_is_outvoted(monkeypatch):
    """One heard word 1.4 s from where the forced pass put it: the sentence counts as unheard."""
    monkeypatch.setattr(phones_starts, "LONE", True)
    assert phones_starts.outvoted(FORCED, {1: (102.23, 102.58)}) == {}


def test_two_heard_words_or_a_close_one_stand(monkeypatch):
    """Two heard words, or one within 0.3 s of its forced time, or a failed forcing: kept."""
    monkeypatch.setattr(phones_starts, "LONE", True)
    two = {1: (102.23, 102.58), 5: (102.6, 102.9)}
    assert phones_starts.outvoted(FORCED, two) is two
    close = {1: (100.95, 101.05)}
    assert phones_starts.outvoted(FORCED, close) is close
    failed = Timed(98.95, FORCED.words, False)
    lone = {1: (102.23, 102.58)}
    assert phones_starts.outvoted(failed, lone) is lone


def test_the_cold_speakers_first_sentence_takes_its_forced_start(tmp_path, monkeypatch):
    """The word pass on the real long reading (seed 9), English heard as any other language: "So this
    is the sick corpus." starts within 300 ms of the truth (before: 98.95 s, -1.71 s, unflagged)."""
    if not realcase.available():
        pytest.skip(f"real speech not found at {realcase.REAL} (../shared/real_speech)")
    case = realcase.long_reading(tmp_path, seed=9)
    truth = case.truth[FIRST + 1]
    monkeypatch.setattr(words, "ENGLISH_DICTIONARY", False)
    timed = realcase.word_pass(case, FIRST, STARTS, HEARD)
    assert timed[1].text == "So this is the sick corpus."
    assert abs(timed[1].start - truth) <= 0.3
