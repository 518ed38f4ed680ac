"""Failed forced windows of the cold speaker under kitchen noise, forced again in a chain on a
denoised copy (issue #13, ``align/rescue.py``).

Real speech: Michael McAuliffe with a cold (MFA's test data, ``../shared/real_speech/clips/
mfa_cold3``, word times in its TextGrid), under the dishwashing noise 20 dB below his speech, as
the benchmark's conversation has him. The recogniser hears little of him there; the engine's
starts for his sentences had collapsed (conversation seed 1: 1.5 s early, 2.4 s early, 0.9 s late).
"""

from __future__ import annotations

import wave
from pathlib import Path

import pytest

from earmark.align import rescue, word_times
from earmark.align.forced import Timed, _share_by_length
from earmark.align.stream import Stream
from earmark.align.words import _write_dictionary
from earmark.audio import iter_mono_chunks
from earmark.core.model import Segment, SegmentKind

from . import realcase
from .synthcase import RATE

pytestmark = pytest.mark.skipif(
    not realcase.available(), reason=f"real speech not found at {realcase.REAL} (../shared/real_speech)"
)
TEXTS = [
    "Alright, so this is the sick corpus.",
    "Hopefully the recording levels are okay.",
    "I have a cold, so this probably sounds a lot different than the acoustic corpus.",
    "And I'm also saying a bunch of different words.",
]
TRUTH = [0.88, 3.83, 7.21, 12.18]  # first words, from the TextGrid
COLLAPSED = [0.89, 2.38, 4.78, 13.07]  # where the engine had them (conversation seed 1, in clip time)
DURATION = 24.648


@pytest.fixture(scope="module")
def noisy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = realcase.cold_under_dishes(tmp_path_factory.mktemp("cold") / "cold3_noisy.wav")
    with wave.open(str(path)) as audio:
        assert audio.getnframes() / RATE == pytest.approx(DURATION, abs=0.01)
    return path


def _failed_chain() -> list[Timed]:
    """The first sentence forced (its TextGrid words), the next three failed at collapsed starts."""
    first = Timed(
        0.88,
        [(0.88, 1.32), (1.32, 1.5), (1.5, 1.67), (1.67, 1.89), (1.97, 2.37), (2.37, 2.69), (2.69, 3.23)],
        True,
        True,
    )
    failed = [
        Timed(at, _share_by_length(text.split(), at, at + 0.3), False)
        for text, at in zip(TEXTS[1:], COLLAPSED[1:], strict=True)
    ]
    return [first, *failed]


def test_a_chain_of_failed_windows_is_forced_again_from_the_last_forced_word(noisy, tmp_path, monkeypatch):
    """From the end of "...the sick corpus." on, each failed sentence is forced alone on a denoised
    copy of its window: every first word lands within 0.25 s of the TextGrid (the collapsed starts
    were 1.4-2.4 s off). On the raw audio (no spectral subtraction) every one of them fails again."""
    found = _failed_chain()
    rescued = rescue.rescue_failed(
        Stream(lambda: iter_mono_chunks(noisy)),
        TEXTS,
        found,
        [True] * 4,
        DURATION,
        str(tmp_path),
        _write_dictionary,
    )
    assert rescued == {1, 2, 3}
    for k in (1, 2, 3):
        assert found[k].first_word and abs(found[k].start - TRUTH[k]) <= 0.25, (k, found[k].start)

    monkeypatch.setattr(rescue, "OVER", 0.0)
    raw = _failed_chain()
    assert not rescue.rescue_failed(
        Stream(lambda: iter_mono_chunks(noisy)),
        TEXTS,
        raw,
        [True] * 4,
        DURATION,
        str(tmp_path),
        _write_dictionary,
    )


def test_the_word_pass_moves_collapsed_starts_but_keeps_them_low(noisy, monkeypatch):
    """Through the word pass, the collapsed, doubtful starts (0.3) move to the chain's forced first
    words and stay under the pane's low mark: a denoised chain is weaker evidence than the recogniser.
    Without the rescue they stay where they collapsed, over a second off."""

    def word_pass() -> list[Segment]:
        segments = [
            Segment(text, at, at + 1.0, kind=SegmentKind.SPEECH, confidence=0.5 if k == 0 else 0.3)
            for k, (text, at) in enumerate(zip(TEXTS, COLLAPSED, strict=True))
        ]
        word_times.add_word_times(lambda: iter_mono_chunks(noisy), segments, DURATION)
        return segments

    after = word_pass()
    for k in (1, 2):
        assert abs(after[k].start - TRUTH[k]) <= 0.25, (k, after[k].start)
        assert after[k].confidence < 0.5
    monkeypatch.setattr(word_times, "RESCUE", False)
    before = word_pass()
    assert all(abs(before[k].start - TRUTH[k]) > 1.0 for k in (1, 2))
