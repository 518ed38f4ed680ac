"""Speech the text does not hold holds no sentence (issue #13, ``align/unsaid.py``).

Every benchmark conversation has ~15 s of a real voice (LibriSpeech 2412) reading something the
text does not hold, and at that place in the text the line "A word from our sponsor..." that is
never said. The recogniser hears the ad densely (45-51 words at 3.6-4.7 a second, none anchoring);
before, the ad's speech counted for the sentences around it: the sponsor line got a time on every
conversation, and on seed 6 "Will we ever forget it." (truth 95.49 s) was put 12.3 s early, inside
the ad, unflagged.
"""

from __future__ import annotations

import numpy as np
import pytest

from earmark.align import heard
from earmark.align.features import FPS
from earmark.align.unsaid import foreign_speech
from earmark.core.model import SegmentKind

from . import realcase

SPONSOR = "A word from our sponsor, who makes the best coffee in town."
AFTER_THE_AD = "Will we ever forget it."  # seed 6: the first sentence said after the ad


@pytest.fixture(scope="module")
def conversation_seed6(tmp_path_factory):
    """The benchmark's conversation, seed 6, aligned (the ad at 83.2-93.6 s)."""
    return realcase.aligned(realcase.conversation, tmp_path_factory.mktemp("unsaid-6"), 6)


def test_the_sentence_after_an_ad_starts_after_it(conversation_seed6):
    """ "Will we ever forget it." starts within 500 ms of its truth (before: 12.3 s early, in the ad)."""
    case, aligned = conversation_seed6
    k = next(i for i, s in enumerate(case.segments) if s.text == AFTER_THE_AD)
    assert aligned[k].start is not None
    assert abs(aligned[k].start - case.truth[k]) < 0.5, aligned[k].start


def test_the_line_at_the_ad_never_said_is_unspoken(conversation_seed6):
    """The sponsor line, at the ad's place in the text and never said, is marked unspoken (before:
    timed at 80.24 s)."""
    case, aligned = conversation_seed6
    k = next(i for i, s in enumerate(case.segments) if s.text == SPONSOR)
    assert aligned[k].kind is SegmentKind.UNSPOKEN


def test_dense_unanchored_words_are_foreign_sparse_ones_are_not():
    """Between two anchored sentences, 40 words heard at 4 a second (an ad heard with the text's
    language model) are marked as speech the text does not hold; 15 words at 1.5 a second (a quiet
    speaker with a cold, heard in pieces) are not."""
    sentences = [
        heard.Heard(5, 5, first_anchor=0, time=9.0, last_anchor=4, last_time=10.0),
        heard.Heard(8, 8),
        heard.Heard(5, 5, first_anchor=0, time=60.0, last_anchor=4, last_time=61.5),
    ]
    ad = [("the", 15.0 + n * 0.25, 15.0 + n * 0.25 + 0.2) for n in range(40)]
    cold = [("this", 35.0 + n / 1.5, 35.0 + n / 1.5 + 0.3) for n in range(15)]
    loud = np.zeros(62 * FPS, bool)
    loud[int(15.0 * FPS) : int(25.0 * FPS)] = True
    loud[int(35.0 * FPS) : int(45.0 * FPS)] = True
    found = foreign_speech(sentences, ad + cold, loud)
    assert found[int(15.5 * FPS) : int(24.5 * FPS)].all()
    assert not found[int(34.0 * FPS) :].any()
