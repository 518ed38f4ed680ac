"""Sentence starts checked by the word pass on real speech: when a forced first word may move a start
earlier, and when forced alignment's doubt about a start is not evidence (issue #13).

Real speech: Michael McAuliffe's spontaneous monologue from MFA's test data
(``../shared/real_speech/clips/mfa_acoustic``, word times in its TextGrid): a drawn-out "and"
18.35-19.41 s, a short pause, then "here's some more words" from 19.65 s.
"""

from __future__ import annotations

import pytest

from earmark.align import rescue, word_evidence, word_times
from earmark.align.features import features_from_chunks, speech_mask
from earmark.align.forced import Timed
from earmark.audio import iter_mono_chunks
from earmark.core.model import Segment, SegmentKind

from . import realcase

pytestmark = pytest.mark.skipif(
    not realcase.available(), reason=f"real speech not found at {realcase.REAL} (../shared/real_speech)"
)
CLIP = realcase.CLIPS / "mfa_acoustic.wav"
DURATION = 26.72
# (text, start the engine gave it, its confidence, its words the recogniser heard: TextGrid times)
SENTENCES = [
    (
        "We're just saying some words.",
        14.87,
        0.9,
        [
            ("we're", 14.87, 15.16),
            ("just", 15.16, 15.45),
            ("saying", 15.45, 15.89),
            ("some", 15.89, 16.27),
            ("words", 16.27, 17.19),
        ],
    ),
    # the engine's start sat on "here's", 1.3 s after the "and" began; the "and" was not heard
    (
        "And here's some more words: words, words, words.",
        19.65,
        0.7,
        [("here's", 19.65, 19.92), ("some", 19.92, 20.1), ("more", 20.1, 20.36), ("words", 20.36, 21.02)],
    ),
    (
        "And that should be all.",
        24.15,
        0.9,
        [
            ("and", 24.15, 24.28),
            ("that", 24.28, 24.37),
            ("should", 24.37, 24.47),
            ("be", 24.47, 24.56),
            ("all", 24.56, 24.8),
        ],
    ),
]


def _speech():
    return speech_mask(features_from_chunks(iter_mono_chunks(CLIP)).loudness)


def _word_pass(speech) -> list[Segment]:
    segments = [
        Segment(text, start, start + 2.0, kind=SegmentKind.SPEECH, confidence=confidence)
        for text, start, confidence, _ in SENTENCES
    ]
    recognised = [said for *_, heard in SENTENCES for said in heard]
    word_times.add_word_times(
        lambda: iter_mono_chunks(CLIP), segments, DURATION, recognised=recognised, speech=speech
    )
    return segments


def test_an_unsure_start_moves_back_to_a_first_word_that_runs_on_into_the_sentence():
    """The forced "and" (18.35 s) is drawn out but joined to "here's" by speech, no pause: the start
    moves back to it. Before, no forced first word moved a start earlier: it stayed 1.3 s late."""
    moved = _word_pass(_speech())[1]
    assert abs(moved.start - 18.35) <= 0.15, moved.start
    kept = _word_pass(None)[1]  # without the speech mask nothing shows the word joins the sentence
    assert kept.start == pytest.approx(19.65)


def test_a_forced_first_word_across_a_pause_from_the_start_does_not_count():
    """A first word forced before a pause that the start sits after ("In" of the suite's clean case,
    0.57 s early, in the sentence before) is not joined to the sentence; the drawn-out "and" is."""
    speech = _speech()
    across = Timed(13.5, [(13.5, 13.9), (14.87, 15.16)], True, True)  # "intensity" ... pause ... "we're"
    assert not word_evidence.joins(across, speech, 14.87)
    drawn_out = Timed(18.35, [(18.35, 19.41), (19.65, 19.92)], True, True)
    assert word_evidence.joins(drawn_out, speech, 19.65)


def test_the_recogniser_hearing_the_first_words_at_the_start_outweighs_a_failed_forced_pass():
    """A failed forced window lowered right starts of the noisy cold speaker ("You can call me
    Abbie.", 5 ms off, its second word heard 80 ms after the start); a start 1 s before its first
    heard word ("I have a cold...", 984 ms early) is still doubted."""
    failed = Timed(38.18, [(38.18, 38.23)] * 5, False)
    assert word_times._vouched(failed, {1: (38.26, 38.3), 2: (38.38, 38.5)}, 38.18)
    assert not word_times._vouched(failed, {0: (103.41, 103.44), 1: (103.44, 103.6)}, 102.38)
    assert not word_times._vouched(failed, {}, 61.93)


def test_forced_words_that_contradict_the_recogniser_cast_no_doubt_on_the_start():
    """ "Lord, but I'm glad to see you again, Phil." was forced 2.5 s early into the ad before it,
    its third word 2.8 s before the recogniser heard it; its start (12 ms off) is not doubted."""
    wrong = Timed(66.77, [(66.77, 67.02), (67.07, 67.21), (67.31, 67.4)], True, True)
    assert word_times._vouched(wrong, {2: (70.13, 70.3), 3: (70.32, 70.5)}, 69.3)
    right = Timed(69.3, [(69.3, 69.6), (69.7, 69.9), (70.1, 70.3)], True, True)
    assert not word_times._vouched(right, {2: (70.13, 70.3), 3: (70.32, 70.5)}, 68.0)


COLD = realcase.CLIPS / "mfa_cold.wav"  # the MFA speaker with a cold: "...a long pause." ends 21.64 s
COLD_SENTENCES = [
    (
        "And here's a long pause.",
        19.65,
        0.9,
        [
            ("and", 19.65, 20.16),
            ("here's", 20.34, 20.57),
            ("a", 20.57, 20.61),
            ("long", 20.61, 20.94),
            ("pause", 21.02, 21.64),
        ],
    ),
    ("And I think this is probably good.", 21.07, 0.6, []),  # the engine's start: inside "pause"
    ("Alright, thanks.", 23.87, 0.9, [("alright", 23.87, 24.11), ("thanks", 24.29, 24.72)]),
]


def test_an_unsure_start_before_the_last_heard_word_of_the_sentence_before_moves_past_it(monkeypatch):
    """ "And I think this is probably good." (21.75 s) was started inside "pause" (21.02-21.64 s),
    the heard last word of the sentence before, 0.68 s early: a sentence does not start before
    the one before it is over, so the start moves to where that word ends."""
    speech = speech_mask(features_from_chunks(iter_mono_chunks(COLD)).loudness)

    def word_pass() -> Segment:
        segments = [
            Segment(text, start, start + 1.5, kind=SegmentKind.SPEECH, confidence=confidence)
            for text, start, confidence, _ in COLD_SENTENCES
        ]
        recognised = [said for *_, heard in COLD_SENTENCES for said in heard]
        word_times.add_word_times(
            lambda: iter_mono_chunks(COLD), segments, 24.9, recognised=recognised, speech=speech
        )
        return segments[1]

    moved = word_pass()
    assert 21.6 <= moved.start <= 21.9, moved.start
    monkeypatch.setattr(word_times, "AFTER_LAST_WORD", False)
    monkeypatch.setattr(rescue, "OVERLAPPED", False)  # the rescue redoes this start too (cold, session 11)
    monkeypatch.setattr(rescue, "LEAD", False)
    assert word_pass().start < 21.6  # before: left inside the word


def test_a_forced_first_word_left_on_a_filler_is_put_right_before_the_second_word():
    """The cold speaker's "um the recording environment...": "The" was forced onto the "um"
    (109.19 s, 0.67 s before "recording" at 109.92 s; truth 109.86 s) and the start went there,
    674 ms early. Where the text runs straight on, the first word is put right before the second."""
    on_filler = Timed(109.19, [(109.19, 109.25), (109.92, 110.32), (110.32, 110.79)], True, True)
    rejoined = word_evidence.rejoined(on_filler, "The recording environment is also quite different.")
    assert rejoined.start == pytest.approx(109.86)
    assert rejoined.words[0] == (pytest.approx(109.86), pytest.approx(109.92))


def test_a_pause_the_text_punctuates_after_the_first_word_is_kept():
    """ "Now, as all books..." pauses 0.45 s at its comma (LibriVox reading): its first word stays."""
    paused = Timed(83.73, [(83.73, 84.1), (84.55, 84.84)], True, True)
    assert word_evidence.rejoined(paused, "Now, as all books not primarily intended...") is paused
