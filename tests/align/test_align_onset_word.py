"""A first word heard from a clean onset keeps its start against a forced "lord" 0.29 s in (real voice)."""

from __future__ import annotations

from functools import partial

import numpy as np
import pytest

from earmark.align import lead_filler
from earmark.align.features import features_of, speech_mask
from earmark.align.word_times import add_word_times
from earmark.audio import iter_mono_chunks
from earmark.core.model import Segment

from . import realcase
from .synthcase import write_wav

pytestmark = pytest.mark.skipif(
    not realcase.available(), reason=f"real speech not found at {realcase.REAL} (../shared/real_speech)"
)

LEAD = 1.5  # seconds of room tone before the clip
TRUTH = LEAD + 0.18  # the clip's measured onset (clips.json)
TEXT = "Lord, but I'm glad to see you again, Phil."
# The recogniser's words over this clip in the benchmark's conversation seed 4, from its onset (s):
# "Lord, but" misheard as "not a making", the rest heard.
HEARD = [
    ("not", 0.0, 0.43),
    ("a", 0.43, 0.54),
    ("making", 0.54, 0.839),
    ("i'm", 0.839, 1.029),
    ("glad", 1.029, 1.309),
    ("to", 1.309, 1.449),
    ("see", 1.449, 1.659),
    ("you", 1.659, 1.79),
    ("again", 1.79, 2.1),
]


@pytest.fixture(scope="module")
def lord(tmp_path_factory):
    """CMU ARCTIC axb's "Lord, but I'm glad..." after 1.5 s of room tone (-52 dB), and its speech mask."""
    clip = realcase._read(realcase.CLIPS / "arctic_axb_a0004.wav")
    clip = clip * (0.1 / realcase._level(clip))
    out = np.zeros(int((LEAD + len(clip) / realcase.RATE + 1.0) * realcase.RATE), np.float32)
    out[int(LEAD * realcase.RATE) : int(LEAD * realcase.RATE) + len(clip)] += clip
    out += np.random.default_rng(1).normal(0, 10 ** (-52 / 20), len(out)).astype(np.float32)
    path = write_wav(tmp_path_factory.mktemp("lord") / "lord.wav", out)
    return path, len(out) / realcase.RATE, speech_mask(features_of(out).loudness)


def _timed(lord, heard) -> Segment:
    path, duration, speech = lord
    segment = Segment(text=TEXT, start=round(TRUTH, 2), end=TRUTH + 2.6, confidence=0.7, paragraph=1)
    recognised = [(w, TRUTH + a, TRUTH + b) for w, a, b in heard]
    add_word_times(partial(iter_mono_chunks, path), [segment], duration, recognised=recognised, speech=speech)
    return segment


def test_a_word_heard_from_the_onset_keeps_the_start_there(lord):
    """The forcer gives the "L" to silence and +SPN+ and "lord" 0.29 s in; the recogniser heard a
    word from the onset on: the start stays within 50 ms of the voice (without the rule, +290 ms)."""
    segment = _timed(lord, HEARD)
    assert abs(float(segment.start) - TRUTH) <= 0.05
    assert segment.words[0].start == segment.start


def test_with_nothing_heard_at_the_onset_the_forced_first_word_still_wins(lord, monkeypatch):
    """The rule needs the heard word: with only the later words heard (as after an "um" the
    recogniser hears nothing in), the start moves to the forced "lord" (with the L left to the
    +SPN+ before it, lead_filler.SPN_ONSET off: 0.29 s late)."""
    monkeypatch.setattr(lead_filler, "SPN_ONSET", False)
    segment = _timed(lord, HEARD[3:])
    assert float(segment.start) - TRUTH > 0.2


def test_the_l_given_to_the_filler_is_the_first_words(lord):
    """With nothing heard at the onset, lead_filler.SPN_ONSET takes the short +SPN+ abutting the
    forced "lord" for its L: the forced first word, and the start, begin with the voice."""
    segment = _timed(lord, HEARD[3:])
    assert abs(float(segment.start) - TRUTH) <= 0.05
