"""Fillers the text leaves out ("um", a drawn-out "and"): never a sentence start, never a late one.

Real speech: Michael McAuliffe's spontaneous monologue from MFA's test data
(``../shared/real_speech/clips/mfa_acoustic``), whose TextGrid has "um" 22.90-23.53 s before
"and that should be all" (24.15 s) and a 1.06 s "and" at 18.35 s before "here's some more words".
"""

from __future__ import annotations

import wave

import numpy as np
import pytest

from earmark.align import forced, word_times, words
from earmark.core.model import Segment, SegmentKind

from . import realcase

pytestmark = pytest.mark.skipif(
    not realcase.available(), reason=f"real speech not found at {realcase.REAL} (../shared/real_speech)"
)
CLIP = realcase.CLIPS / "mfa_acoustic.wav"
BEFORE = "We're just saying some words."
MORE = "And here's some more words: words, words, words."
ALL = "And that should be all."


def _samples() -> np.ndarray:
    with wave.open(str(CLIP)) as reader:
        pcm = reader.readframes(reader.getnframes())
    return np.frombuffer(pcm, "<i2").astype(np.float32) / 32768


def _force(tmp_path, texts, starts, ends, said=None, reach=None):
    samples = _samples()
    duration = len(samples) / realcase.RATE
    return forced.align_sentences(
        lambda lo, hi: samples[int(lo * realcase.RATE) : int(hi * realcase.RATE)],
        texts,
        starts,
        ends,
        [True] * len(texts),
        duration,
        str(tmp_path),
        said=said,
        force=[True] * len(texts),
        write_dictionary=words.lexicon(texts, "en").write,
        reach=reach,
    )


def test_an_um_before_the_first_word_is_absorbed_not_taken_for_it(tmp_path):
    """From a start on the "um" (22.9 s), "And" is forced where it is said (24.15 s), not on the "um"
    (AH M), which the speech filler (+SPN+) takes; before it, "And" went to 23.27 s."""
    (timed,) = _force(tmp_path, [ALL], [23.0], [25.0])
    assert timed.forced and timed.first_word
    assert abs(timed.words[0][0] - 24.15) <= 0.05
    assert abs(timed.words[1][0] - 24.28) <= 0.05  # "that"


def test_a_sentence_whose_first_word_was_unheard_reaches_back_to_the_last_heard_word(tmp_path):
    """Given a start 0.9 s late (inside the drawn-out "and", as the engine had it), a window opened
    where the previous sentence's last heard word ends finds "And" at 18.35 s."""
    said = [{4: (16.27, 17.19)}, {}]
    reached = _force(tmp_path, [BEFORE, MORE], [14.87, 19.25], [17.2, 22.4], said, [False, True])
    assert abs(reached[1].start - 18.35) <= 0.1
    plain = _force(tmp_path, [BEFORE, MORE], [14.87, 19.25], [17.2, 22.4], said, [False, False])
    assert plain[1].start > 18.6  # without reaching back, the window opens after the "and" began


def test_a_first_word_forced_far_before_the_rest_is_put_right_before_the_second():
    """A first word 2.6 s before the second was found in the noise before the sentence."""
    times = {0: (106.65, 106.78), 1: (109.37, 109.78), 2: (109.78, 110.25)}
    forced.join_first_word(times)
    assert times[0] == (109.24, 109.37)
    close = {0: (22.49, 23.53), 1: (23.73, 24.06)}  # a drawn-out "and", then a short pause: kept
    forced.join_first_word(close)
    assert close[0] == (22.49, 23.53)


def test_only_unsure_starts_whose_first_word_was_unheard_reach_back():
    """A sure start, a locked one or one whose first word the recogniser heard keeps its window."""
    vocabulary = words.lexicon([ALL], "en").vocabulary
    unsure = Segment(ALL, 23.5, 25.0, kind=SegmentKind.SPEECH, confidence=0.7)
    assert word_times.unsure_first_word(unsure, {3: (24.47, 24.56)}, vocabulary)
    assert not word_times.unsure_first_word(unsure, {0: (24.15, 24.28)}, vocabulary)
    sure = Segment(ALL, 23.5, 25.0, kind=SegmentKind.SPEECH, confidence=0.9)
    assert not word_times.unsure_first_word(sure, {}, vocabulary)
    locked = Segment(ALL, 23.5, 25.0, kind=SegmentKind.SPEECH, confidence=0.3, locked=True)
    assert not word_times.unsure_first_word(locked, {}, vocabulary)
