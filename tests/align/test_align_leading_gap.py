"""Leading words the forced pass put on the noise before the sentence are put right before the
rest (issue #13, ``forced.close_leading_gap``, ``forced.LEADING_GAP``).

Real speech: Michael McAuliffe with a cold (MFA's test data, ``../shared/real_speech/clips/
mfa_cold3``, word times in its TextGrid), under the dishwashing noise 20 dB below his speech, as
the benchmark's conversation has him. Between "...gonna cough here." and "Yeah, so that just
happened." he coughs (TextGrid ``<vocnoise>`` 17.56-17.92 s); on conversations seeds 3, 5 and 8
the forced pass put "Yeah, so that" before the cough, 1.4 s before "just", and the start 1.3 s early.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from earmark.align import forced
from earmark.align.stream import Stream
from earmark.audio import iter_mono_chunks

from . import realcase

pytestmark = pytest.mark.skipif(
    not realcase.available(), reason=f"real speech not found at {realcase.REAL} (../shared/real_speech)"
)
TEXTS = ["I think I'm probably gonna cough here.", "Yeah, so that just happened.", "And that should be good."]
YEAH = 18.37  # "yeah", from the TextGrid
DURATION = 24.648


@pytest.fixture(scope="module")
def noisy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = realcase.cold_under_dishes(tmp_path_factory.mktemp("cough") / "cold3_noisy.wav")
    return path


def _forced_first_words(path: Path, folder: Path) -> list[tuple[float, float]]:
    """The middle sentence forced from an unsure start before the cough (17.0 s), between two
    sure neighbours at their TextGrid starts."""
    out = forced.align_sentences(
        Stream(lambda: iter_mono_chunks(path)),
        TEXTS,
        [15.39, 17.0, 20.25],
        [16.87, 19.64, 21.57],
        [True, False, True],
        DURATION,
        str(folder),
        said=[{}, {}, {}],
        force=[True, True, True],
        reach=[False, True, False],
    )
    assert out[1].forced
    return out[1].words[:4]


def test_leading_words_forced_before_a_cough_are_put_before_the_rest(noisy, tmp_path, monkeypatch):
    """ "Yeah, so that" lands within 0.25 s of the TextGrid's "yeah", right before "just"; without
    the rule they sat before the cough, over a second early, 1.4 s before "just"."""
    words = _forced_first_words(noisy, tmp_path)
    assert abs(words[0][0] - YEAH) <= 0.25, words
    assert words[3][0] - words[2][1] <= forced.JOIN_SECONDS

    monkeypatch.setattr(forced, "LEADING_GAP", False)
    before = _forced_first_words(noisy, tmp_path)
    assert before[0][0] < YEAH - 1.0 and before[3][0] - before[2][1] > 1.0, before
