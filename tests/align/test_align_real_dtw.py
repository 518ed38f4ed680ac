"""The DTW-only path (what a language gets without pocketsphinx) on a minute of real human voices.

Measured on ``realcase.minute`` seeds 1, 2, 3: median 37 / 39 / 40 ms, p95 1,508 / 1,135 / 1,326 ms,
max 2,583 / 1,888 / 2,577 ms, title and show notes unspoken 3/3 each (before the sliding
normalisation and the pause structure: median 128 / 113 / 57 ms, p95 1,724 / 1,739 / 1,967 ms,
2/3). The issue's aim for this path (p95 <= 1 s) is not met yet; the bounds below are the
measured figures with a margin, so the test fails if the path gets worse.

The cold speaker's fillers (``fillers``: the LibriVox reading, the MFA cold speaker, LJ Speech,
LibriSpeech, 1.6 minutes, seed 1): she says "uh", pauses, then the sentence, and DTW alone put
those starts on the "uh" ("And here's a long pause." 1.85 s early, p95 1,189 ms). With the
starts moved past fillers (``align/lead_in.py``): p95 572 ms, max 649 ms (seeds 2, 3: p95
819 -> 742 and 1,470 -> 871 ms).
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


def _aligned_without_recogniser(case):
    """The case aligned as a language without pocketsphinx's dictionary is: DTW alone."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(words, "available", lambda language: False)
        patch.setattr(words, "listens", lambda language: False)
        return align_segments(case.audio, case.segments)


@pytest.fixture(scope="module")
def minute(tmp_path_factory):
    """Six real speakers over about a minute of room tone, aligned with the recogniser off."""
    case = realcase.minute(tmp_path_factory.mktemp("real-dtw"))
    return case, _aligned_without_recogniser(case)


def test_dtw_alone_keeps_its_place_on_real_voices(minute):
    """Every spoken sentence timed; median <= 60 ms, p95 <= 1.6 s, max <= 3 s."""
    case, aligned = minute
    errors = errors_ms(case, aligned)
    assert (errors < 10_000).all(), errors
    assert np.median(errors) <= 60, errors
    assert np.percentile(errors, 95) <= 1600, errors
    assert errors.max() <= 3000, errors


@pytest.fixture(scope="module")
def fillers(tmp_path_factory):
    """A reader, the cold speaker (fillers, a 1.3 s hesitation), two more readers; DTW alone."""
    turns = [
        realcase._novel_turn(),
        realcase._clip_turn("mfa_cold"),
        realcase._lj_turn(1, 2),
        realcase._clip_turn("ls_61_70968_0000"),
    ]
    case = realcase._compose(
        tmp_path_factory.mktemp("real-fillers"), "fillers-1", turns, np.random.default_rng(1), intro=False
    )
    return case, _aligned_without_recogniser(case)


def test_dtw_alone_starts_after_the_fillers(fillers):
    """Every spoken sentence timed; p95 <= 700 ms and max <= 800 ms (1,189 / 1,849 ms with the
    starts left on the fillers)."""
    case, aligned = fillers
    errors = errors_ms(case, aligned)
    assert (errors < 10_000).all(), errors
    assert np.percentile(errors, 95) <= 700, errors
    assert errors.max() <= 800, errors


def test_dtw_alone_marks_the_text_never_spoken(minute):
    """The title line and both show-notes sentences are UNSPOKEN, untimed; no spoken one is."""
    case, aligned = minute
    unspoken = [s for s, t in zip(aligned, case.truth, strict=True) if t is None]
    spoken = [s for s, t in zip(aligned, case.truth, strict=True) if t is not None]
    assert unspoken and all(s.kind is SegmentKind.UNSPOKEN and s.start is None for s in unspoken)
    assert all(s.kind is SegmentKind.SPEECH and s.start is not None for s in spoken)
