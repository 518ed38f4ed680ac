"""A turn's window kept out of speech the text does not hold (issue #13, ``turns.FOREIGN_END``).

Conversation seed 28: the cold speaker's turn comes right after the ad read. The run's window opened
LEAD_SECONDS into the ad's tail, the whole window failed and so did half its halves, and the pause
layout left her sentences 1-5 s late ("And that should be good." +5.0 s). Forced again from where
the foreign speech ends, the window holds her whole turn.
"""

from __future__ import annotations

import numpy as np
import pytest

from earmark.align import engine, turn_windows, turns

from . import realcase

TURN = realcase.COLD_TURN_LINES


def test_the_retried_windows_stay_out_of_foreign_speech():
    """Tried again: opening at the ad's end (not a lead into its tail) and ending where the next foreign
    stretch begins after the run's last laid-out start; then RETRY_LEADS before its first laid-out
    start, never before the ad's end; nothing foreign, only those."""
    foreign = np.zeros(3000, bool)
    foreign[500:720] = True  # an ad read, 5.0-7.2 s
    foreign[2500:2800] = True  # another, 25-28 s
    assert _rounded(turns._retries(foreign, 6.9, 29.0, 7.2, 7.5, 2000)) == [(7.2, 25.0), (7.3, 25.0)]
    expected = [(7.2, 25.0), (8.6, 25.0), (8.8, 25.0)]
    assert _rounded(turns._retries(foreign, 6.9, 29.0, 7.2, 9.0, 2000)) == expected
    assert _rounded(turns._retries(None, 8.0, 29.0, 0.0, 9.0, 2000)) == [(8.6, 29.0), (8.8, 29.0)]


def _rounded(windows: list[tuple[float, float]]) -> list[tuple[float, float]]:
    return [(round(a, 3), round(b, 3)) for a, b in windows]


def test_halves_that_placed_every_first_word_are_kept():
    """No retry where the halves placed every sentence's first word outside foreign speech."""
    job = turn_windows.Job(None, None, [], np.zeros(2), {0: [(0, 1.0, 1.2)], 1: [(1, 3.0, 3.2)]}, {})
    assert turn_windows.halves_failed(job, [0, 1], None)  # sentence 1's first word unforced
    job.per[1].append((0, 2.5, 2.9))
    assert not turn_windows.halves_failed(job, [0, 1], None)
    foreign = np.zeros(500, bool)
    foreign[240:300] = True
    assert turn_windows.halves_failed(job, [0, 1], foreign)  # forced into the ad


@pytest.fixture(scope="module")
def conversation_seed28(tmp_path_factory):
    """The benchmark's conversation, seed 28 (the cold turn right after the ad)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(engine, "TURNS", True)
        return realcase.aligned(realcase.conversation, tmp_path_factory.mktemp("turns-foreign-28"), 28)


def test_a_turn_after_the_ad_is_forced_from_its_end(conversation_seed28):
    """Her turn (but the cough line, flagged) within 0.5 s; with ``FOREIGN_END`` and ``OPENINGS`` off
    +2.3..+5.0 s (either one alone holds it: 0.4 s before her first laid-out start is after the ad)."""
    case, aligned = conversation_seed28
    errors = realcase.start_errors(case, aligned, TURN)
    assert max(map(abs, errors)) <= 0.5, errors
