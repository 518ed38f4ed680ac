"""Languages other than English: espeak-ng phones for the recogniser (a lab case: espeak-ng voices)."""

from __future__ import annotations

import numpy as np
import pytest

from earmark.align import align_segments
from earmark.core.model import SegmentKind

from . import othercase
from .synthcase import errors_ms


@pytest.fixture(scope="module", params=["de", "es"])
def aligned(request, tmp_path_factory):
    """An episode in German or Spanish with an ad not in the text and a paragraph never read."""
    case = othercase.make(tmp_path_factory.mktemp(request.param), request.param)
    return case, align_segments(case.audio, case.segments, language=request.param)


def test_sentence_starts_meet_the_aims(aligned):
    """Every spoken sentence timed, median <= 50 ms and max <= 500 ms, the ad skipped
    (DTW alone put sentences after it 7-9 s off here)."""
    case, out = aligned
    errors = errors_ms(case, out)
    assert np.median(errors) <= 50, errors
    assert errors.max() <= 500, errors


def test_the_paragraph_never_read_is_marked(aligned):
    """The skipped paragraph is UNSPOKEN (DTW alone marked neither of its lines)."""
    case, out = aligned
    unspoken = [s for s, t in zip(out, case.truth, strict=True) if t is None]
    assert unspoken and all(s.kind is SegmentKind.UNSPOKEN for s in unspoken)
