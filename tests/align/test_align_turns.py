"""A turn nobody heard, forced as one window (issue #13, ``align/turns.py``).

Conversation seed 7: the cold speaker under kitchen noise; the recogniser anchors none of her
eight sentences, the pause layout (over a speech mask that misses her) put "Hopefully the recording
levels are okay.", "I have a cold, ..." and "And I'm also saying ..." +0.9, +3.9 and +0.9 s late.
Forced as one window on a denoised copy, the run's words land where she says them.
"""

from __future__ import annotations

import pytest

from earmark.align import engine

from . import realcase

TURN = (
    "Hopefully the recording levels are okay.",
    "I have a cold,",
    "And I'm also saying a bunch of different words.",
    "Yeah, so that just happened.",
    "And that should be good.",
    "Alright, thanks.",
)


def _errors(case, aligned) -> list[float]:
    texts = [s.text for s in case.segments]
    found = [next(i for i, t in enumerate(texts) if t.startswith(line)) for line in TURN]
    return [round(aligned[i].start - case.truth[i], 2) for i in found]


@pytest.fixture(scope="module")
def conversation_seed7(tmp_path_factory):
    """The benchmark's conversation, seed 7 (the cold turn laid out late), with ``engine.TURNS`` on."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(engine, "TURNS", True)
        return realcase.aligned(realcase.conversation, tmp_path_factory.mktemp("turns-7"), 7)


def test_an_unanchored_turn_is_forced_as_one_window(conversation_seed7):
    """Her turn (but the cough line, cough's) within 500 ms; with ``TURNS`` off "I have a cold" is +3.9 s."""
    errors = _errors(*conversation_seed7)
    assert max(map(abs, errors)) <= 0.5, errors
