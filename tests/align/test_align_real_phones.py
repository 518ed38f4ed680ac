"""The path other languages get (espeak-ng phones, no English dictionary) on a minute of real voices.

There is no real recording in another language in ../shared, so English is heard here as any
other language is: pocketsphinx with espeak-ng's phonemes mapped to its phones and the
transcript's own language model, and forced alignment with those phones (doubtful starts);
pocketsphinx's English dictionary is off.
"""

from __future__ import annotations

import numpy as np
import pytest

from earmark.align import align_segments, words
from earmark.core.model import SegmentKind

from . import realcase
from .synthcase import errors_ms

pytestmark = pytest.mark.skipif(
    not realcase.available(), reason=f"real speech not found at {realcase.REAL} (../shared/real_speech)"
)


@pytest.fixture(scope="module", params=[1, 2, 3])
def minute(tmp_path_factory, request):
    """Six real speakers over about a minute of room tone (three arrangements), aligned with the
    English dictionary off."""
    case = realcase.minute(tmp_path_factory.mktemp("real-phones"), seed=request.param)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(words, "ENGLISH_DICTIONARY", False)
        patch.setattr(words, "available", lambda language: False)  # nothing English-only either
        aligned = align_segments(case.audio, case.segments)
    return case, aligned


def test_real_voices_keep_their_place_without_the_english_dictionary(minute):
    """Every spoken sentence timed; median <= 50 ms, p95 <= 300 ms, max <= 500 ms on each of
    three arrangements (measured 34 / 280 / 433, 39 / 142 / 166 and 37 / 220 / 384 ms on seeds
    1, 2, 3; with one pronunciation a word, before issue #13's dialect variants, seed 3 was
    40 / 640 / 1,177 ms: the first reader's start 1.2 s late, though seed 1 was 24 / 76 / 108 ms;
    without the forced pass on this path seed 1 was 27 / 771 / 1,164 ms; DTW alone 37 / 1,508 /
    2,583 ms)."""
    case, aligned = minute
    errors = errors_ms(case, aligned)
    assert (errors < 10_000).all(), errors
    assert np.median(errors) <= 50, errors
    assert np.percentile(errors, 95) <= 300, errors
    assert errors.max() <= 500, errors


def test_the_title_and_show_notes_are_marked_unspoken(minute):
    """The title line (over the first reader's first words, where the recogniser heard chance
    words of it) and the show notes are UNSPOKEN."""
    case, aligned = minute
    unspoken = [s for s, t in zip(aligned, case.truth, strict=True) if t is None]
    assert unspoken and all(s.kind is SegmentKind.UNSPOKEN for s in unspoken), unspoken


@pytest.fixture(scope="module")
def conversation(tmp_path_factory):
    """The benchmark's real conversation, seed 1 (2.8 min, eight speakers, the cold speaker under
    kitchen noise, an ad read), aligned with the English dictionary off."""
    case = realcase.conversation(tmp_path_factory.mktemp("real-phones-conv"), seed=1)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(words, "ENGLISH_DICTIONARY", False)
        patch.setattr(words, "available", lambda language: False)
        aligned = align_segments(case.audio, case.segments)
    return case, aligned


def test_a_real_conversation_meets_the_dtw_only_aim_without_the_english_dictionary(conversation):
    """Every spoken sentence timed and p95 <= 1 s (the issue's aim for the path other languages
    get). Measured 12 / 700 / 2,431 ms; before the forced words squeezed over the next speaker's
    start were refused (``phones_starts.within_next``) 14 / 1,969 / 3,479 ms: the cold speaker's
    "Alright, thanks." forced 3.5 s late, onto "And so, my fellow Americans..."."""
    case, aligned = conversation
    errors = errors_ms(case, aligned)
    assert (errors < 10_000).all(), errors
    assert np.percentile(errors, 95) <= 1000, errors
