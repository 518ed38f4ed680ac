"""A forced first word on the noise before the voice moves to where the voice rises (issue #13,
``align/voice_rise.py``, ``turns.VOICE_RISE``).

Real speech: Michael McAuliffe with a cold (MFA's test data, ``mfa_cold3``) under the dishwashing noise,
as the conversations have him. Before "I think I'm probably gonna cough here." (TextGrid "i" at 15.39 s)
he says "um" (14.57-15.16) and 0.23 s of room noise follows. The turn pass forced that "I" on the noise,
at 15.20 (conversation seed 7) or on the um's end, 15.08 (seed 2); the voice rises at about 15.35.
"""

from __future__ import annotations

import numpy as np
import pytest

from earmark.align.voice_rise import MOVE_AT_LEAST, voice_rise

from . import realcase

pytestmark = pytest.mark.skipif(
    not realcase.available(), reason=f"real speech not found at {realcase.REAL} (../shared/real_speech)"
)
I_THINK = 15.39  # "i", from the TextGrid
THINK_ENDS = 15.60


@pytest.fixture(scope="module")
def samples(tmp_path_factory: pytest.TempPathFactory):
    """The noisy clip's samples between two times (seconds), as the turn pass reads them."""
    path = realcase.cold_under_dishes(tmp_path_factory.mktemp("rise") / "cold3_noisy.wav")
    audio = realcase._read(path)

    def between(a: float, b: float) -> np.ndarray:
        return audio[int(a * realcase.RATE) : int(b * realcase.RATE)]

    return between


@pytest.mark.parametrize("forced", [15.08, 15.20])
def test_a_first_word_on_the_noise_moves_to_the_voice(samples, forced):
    """ "I" forced from the um's end or the noise after it, "think" over the rest of the pause: the
    start lands within 0.1 s of the TextGrid's."""
    rise = voice_rise(samples, [(forced, forced + 0.09), (forced + 0.09, THINK_ENDS)])
    assert rise is not None and abs(rise - I_THINK) <= 0.1, rise


@pytest.mark.parametrize(
    "words",
    [
        [(3.80, 4.27), (4.27, 4.42)],  # "Hopefully the" (3.83): its soft "h", no pause inside
        [(20.25, 20.71), (20.97, 21.13)],  # "and (uh) that" (20.25)
        [(15.45, 15.60), (15.60, 15.69)],  # inside the voice ("think i'm")
        [(5.67, 5.92), (6.52, 7.11)],  # "okay", the pause, "um": a pause between the words, not inside
    ],
)
def test_a_start_on_the_voice_stands(samples, words):
    assert voice_rise(samples, words) is None


def test_no_move_is_smaller_than_its_floor(samples):
    """A start just before the voice is a soft onset's: nothing nearer than MOVE_AT_LEAST moves it."""
    forced = I_THINK - MOVE_AT_LEAST + 0.05
    assert voice_rise(samples, [(forced, forced + 0.1), (forced + 0.1, THINK_ENDS)]) is None


def test_the_turn_pass_looks_at_its_first_two_words(samples):
    """The turn pass's forced words (the cough line on conversation seed 2): "I" on the um's end,
    "think" over the noise and the real "I"."""
    from earmark.align import turns

    times = {0: (15.08, 15.17), 1: (15.17, 15.60), 2: (15.60, 15.69)}
    assert turns._rise(samples, times) == pytest.approx(I_THINK, abs=0.1)


def test_the_word_pass_moves_a_forced_first_word_and_the_words_after_it(samples):
    """``resumed`` (the word pass's mend, ``word_times.VOICE_RISE``): the first word at the voice,
    its length kept, the next word starting no sooner than it ends; a result with no pause unchanged."""
    from earmark.align.forced import Timed
    from earmark.align.voice_rise import resumed

    result = Timed(15.08, [(15.08, 15.17), (15.17, 15.60), (15.60, 15.69)], True, True)
    moved = resumed(samples, result)
    assert abs(moved.start - I_THINK) <= 0.1 and moved.words[0] == (moved.start, round(moved.start + 0.09, 3))
    assert moved.words[1][0] >= moved.words[0][1] and moved.words[2] == (15.60, 15.69)
    soft = Timed(3.80, [(3.80, 4.27), (4.27, 4.42)], True, True)
    assert resumed(samples, soft) is soft
