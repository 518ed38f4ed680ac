"""The aligner on a minute of real human voices (../shared/real_speech), against the issue's aims."""

from __future__ import annotations

import numpy as np
import pytest

from earmark.align import align_segments
from earmark.core.model import SegmentKind

from . import realcase
from .synthcase import errors_ms

pytestmark = pytest.mark.skipif(
    not realcase.available(), reason=f"real speech not found at {realcase.REAL} (../shared/real_speech)"
)


@pytest.fixture(scope="module")
def minute(tmp_path_factory):
    """Six real speakers over about a minute of room tone, with a title and show notes never spoken."""
    case = realcase.minute(tmp_path_factory.mktemp("real"))
    return case, align_segments(case.audio, case.segments)


def test_sentence_starts_on_real_voices_meet_the_aims(minute):
    """Every spoken sentence timed: start errors median <= 50 ms, p95 <= 200 ms, max <= 500 ms."""
    case, aligned = minute
    errors = errors_ms(case, aligned)
    assert np.median(errors) <= 50, errors
    assert np.percentile(errors, 95) <= 200, errors
    assert errors.max() <= 500, errors


def test_text_never_spoken_is_marked_not_in_audio(minute):
    """The title line and the show-notes paragraph are UNSPOKEN, untimed."""
    case, aligned = minute
    unspoken = [s for s, t in zip(aligned, case.truth, strict=True) if t is None]
    assert unspoken and all(s.kind is SegmentKind.UNSPOKEN and s.start is None for s in unspoken)


def test_word_starts_on_real_voices_meet_the_aim(minute):
    """Each word of a synced sentence has a time; against the word tiers, median <= 50 ms."""
    case, aligned = minute
    spoken = [s for s, t in zip(aligned, case.truth, strict=True) if t is not None]
    assert all(len(s.words) == len(s.text.split()) for s in spoken)
    assert all(w.start <= w.end for s in spoken for w in s.words)
    assert np.median(realcase.word_errors_ms(case, aligned)) <= 50
