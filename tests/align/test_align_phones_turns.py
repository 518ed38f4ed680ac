"""The Phones path forces a turn nobody heard as one window too (issue #13, ``engine.TURNS_PHONES``).

English is heard here as any other language is (espeak-ng's phones, no English dictionary). The cold
speaker's turn under kitchen noise anchors nowhere; the pause layout put it 1-5 s off and the word
pass could not mend it (conversation seed 20: "And that should be good." +4.7 s, "Alright, thanks."
+5.5 s). Forced as one window (``turns.py``, with the forced pass's espeak-ng dictionary and each
window's own cepstral mean), her lines land where she says them, once the window ends where the ad
read after her turn begins (``turns.AD_AFTER``; without it four of them went +12 s, into the ad).
"""

from __future__ import annotations

import numpy as np
import pytest

from earmark.align import turn_windows, turns, words
from earmark.align.heard import Heard

from . import realcase

TURN = (
    "Hopefully the recording levels are okay.",
    "I have a cold,",
    "Yeah, so that just happened.",
    "And that should be good.",
    "Alright, thanks.",
)


def _by_phones(folder, seed: int):
    """The benchmark's conversation of ``seed``, aligned with the English dictionary off."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(words, "ENGLISH_DICTIONARY", False)
        patch.setattr(words, "available", lambda language: False)  # nothing English-only either
        return realcase.aligned(realcase.conversation, folder, seed)


@pytest.fixture(scope="module")
def conversation_seed20(tmp_path_factory):
    """Her turn before the ad read (seed 20)."""
    return _by_phones(tmp_path_factory.mktemp("phones-turns-20"), 20)


def test_the_cold_turn_is_forced_as_one_window(conversation_seed20):
    """Her turn within 0.5 s (but "And I'm also ..." and the cough line, left to the word pass);
    with ``TURNS_PHONES`` off "And that should be good." is +4.7 s, with ``AD_AFTER`` off +11.5 s."""
    errors = realcase.start_errors(*conversation_seed20, TURN)
    assert max(map(abs, errors)) <= 0.5, errors


@pytest.fixture(scope="module")
def conversation_seed24(tmp_path_factory):
    """The first speaker's "And that should be all." right after an anchored line (seed 24)."""
    return _by_phones(tmp_path_factory.mktemp("phones-turns-24"), 24)


def test_one_unanchored_line_after_an_anchored_one_is_no_run(conversation_seed24):
    """ "And that should be all." (unanchored, after an anchored line) is the word pass's: forced with
    that line as a run (``turns.UNANCHORED_ONLY`` and ``DOUBTFUL_ONLY`` off: each alone keeps it out,
    its start being 0.6) its "And" took the music bed before it, -0.94 s."""
    errors = realcase.start_errors(*conversation_seed24, ("And that should be all.", *TURN))
    assert max(map(abs, errors)) <= 0.35, errors


def _heard(anchored: list[bool]) -> list[Heard]:
    return [Heard(5, 5, 0, 1.0) if a else Heard(5, 5) for a in anchored]


def test_a_phones_run_counts_its_own_doubtful_starts():
    """Without audio: the anchored line before (0.7) and one unanchored line make a run on English
    only; on the Phones path a run needs two unanchored starts under 0.5 (``UNANCHORED_ONLY``,
    ``DOUBTFUL_ONLY``: the long readings' cold lines at 0.5-0.6 stay the layout's)."""
    spoken, locked = np.ones(4, bool), np.zeros(4, bool)
    heard = _heard([True, True, False, True])
    confidence = np.array([0.9, 0.7, 0.6, 0.9])
    assert turns._runs(heard, spoken, locked, confidence) == [[1, 2]]
    assert turns._runs(heard, spoken, locked, confidence, True) == []
    heard = _heard([True, False, False, False])
    confidence = np.array([0.9, 0.6, 0.5, 0.3])
    assert turns._runs(heard, spoken, locked, confidence, True) == [[1, 2, 3]]
    assert turns._runs(heard, spoken, locked, confidence, True, turns.PHONES_TRUST) == []
    confidence = np.array([0.9, 0.6, 0.3, 0.3])
    assert turns._runs(heard, spoken, locked, confidence, True, turns.PHONES_TRUST) == [[1, 2, 3]]


def test_a_run_window_ends_where_the_ad_after_it_begins():
    """``AD_AFTER``: the first stretch of foreign speech that begins after the last laid-out start."""
    foreign = np.zeros(1000, bool)
    foreign[100:200] = True  # before the last start: not the one after it
    foreign[600:900] = True
    assert turn_windows.before_foreign(foreign, 300, 9.5) == 6.0
    assert turn_windows.before_foreign(foreign, 300, 5.0) == 5.0
    assert turn_windows.before_foreign(foreign, 650, 9.5) == 9.5  # laid inside it: no rise after
