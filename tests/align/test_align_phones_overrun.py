"""Phones path: forced words squeezed over the next speaker's start are not the sentence's (issue #13).

Conversation seed 1: the cold speaker's "Alright, thanks." (under kitchen noise, not one word of it
heard through espeak-ng's phones) starts at 102.16 s, where the engine put it; its forced window runs
to the next, trusted start ("And so, my fellow Americans...", 105.90 s) and the forcer laid both
words at 105.64-106.24 s, over that speaker's "And so". The start went 3.5 s late. Now the forced
words are refused there (``phones_starts.within_next``): the start stays, flagged low.
"""

from __future__ import annotations

from functools import partial

import pytest

from earmark.align import word_times, words
from earmark.align.forced import Timed
from earmark.align.phones_starts import within_next
from earmark.audio import iter_mono_chunks
from earmark.core.model import Segment

from . import realcase

# The engine's starts and confidences for sentences 24-28 of conversation seed 1 on the Phones path
# (before the word pass), and the true start of "Alright, thanks."
STARTS = [(98.72, 0.3), (100.61, 0.3), (102.16, 0.5), (105.90, 0.7), (119.08, 0.8)]
FIRST, TRUTH = 24, 102.16


def test_forced_words_mostly_after_a_trusted_next_start_are_refused():
    """The measured forced words (105.64-106.24 s, the next start 105.90 s at 0.7): not forced; the
    start and the sentence's own span are kept, its words sharing it by length."""
    segment = Segment(text="Alright, thanks.", start=102.16, end=102.21, confidence=0.5)
    nxt = Segment(text="And so, my fellow Americans.", start=105.90, end=106.0, confidence=0.7)
    out = within_next(Timed(105.64, [(105.64, 105.87), (105.87, 106.24)], True, True), segment, 105.90, [nxt])
    assert not out.forced and out.start == 102.16 and out.words[0][0] == 102.16


def test_a_real_overlap_keeps_its_forced_words():
    """A sentence whose last 0.25 s runs under the next speaker (the composed turns' overlap) keeps
    its forced words: most of them lie before the next start."""
    segment = Segment(text="And that should be good.", start=100.61, end=101.9, confidence=0.3)
    nxt = Segment(text="Alright, thanks.", start=101.6, end=102.0, confidence=0.9)
    forced = Timed(
        100.61,
        [(100.61, 101.04), (101.19, 101.43), (101.43, 101.6), (101.6, 101.7), (101.7, 101.85)],
        True,
        True,
    )
    assert within_next(forced, segment, 101.6, [nxt]) is forced


def test_an_untrusted_next_start_refuses_nothing():
    """The next start under 0.6 may itself be early (the cold speaker's next sentence 2.4 s early
    under her rescued right one): the forced words stand."""
    segment = Segment(text="Hopefully the recording levels are okay.", start=82.27, end=82.3, confidence=0.3)
    nxt = Segment(text="I have a cold.", start=85.08, end=85.1, confidence=0.3)
    forced = Timed(
        84.1, [(84.1, 84.5), (84.5, 84.9), (84.9, 85.3), (85.3, 85.6), (85.6, 85.7), (85.7, 86.1)], True, True
    )
    assert within_next(forced, segment, 85.08, [nxt]) is forced


def test_the_cold_speakers_thanks_stays_where_it_was_said(tmp_path, monkeypatch):
    """The word pass on the real conversation (seed 1), English heard as any other language:
    "Alright, thanks." keeps a start within 300 ms of the truth (before: +3.5 s, at the next
    speaker), flagged low (its forcing is refused)."""
    if not realcase.available():
        pytest.skip(f"real speech not found at {realcase.REAL} (../shared/real_speech)")
    case = realcase.conversation(tmp_path, seed=1)
    assert abs(case.truth[FIRST + 2] - TRUTH) < 0.05
    timed = [
        Segment(text=case.segments[FIRST + k].text, start=start, end=start + 0.05, confidence=confidence)
        for k, (start, confidence) in enumerate(STARTS)
    ]
    assert timed[2].text == "Alright, thanks."
    monkeypatch.setattr(words, "ENGLISH_DICTIONARY", False)
    word_times.add_word_times(partial(iter_mono_chunks, case.audio), timed, case.duration, language="en")
    assert abs(timed[2].start - TRUTH) <= 0.3
    assert (timed[2].confidence or 0.0) < 0.5
