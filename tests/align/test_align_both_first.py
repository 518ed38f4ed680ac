"""An unsure start far from its first word, which the recogniser heard and the forced pass put at
the same time, moves to that word (issue #13, ``word_times.BOTH_FIRST``).

Real speech: the quiet AMI speaker (``ami_es2011a``, lhotse's supervision starts) as the benchmark's
conversation seed 5 has her. A faint noise 1.1 s before "I'm" opened the engine's start there (0.5);
the recogniser heard "I'm" at 101.48 s and the forced pass put it there too, the true start, but the
start stayed 1.1 s early (flagged)."""

from __future__ import annotations

import pytest

from earmark.align import word_times

from . import realcase

pytestmark = pytest.mark.skipif(
    not realcase.available(), reason=f"real speech not found at {realcase.REAL} (../shared/real_speech)"
)
TEXT = "I'm Abigail Claflin."
# the engine's (start, confidence) on conversation seed 5, "I'm Abigail Claflin." and the next
ENGINE_SEED5 = [(100.36, 0.5), (103.37, 0.7)]
# the recogniser's words there (episode seconds)
HEARD_SEED5 = [
    ("whittemore", 97.9, 98.46),
    ("i'm", 101.48, 101.68),
    ("the", 101.86, 101.95),
    ("can", 101.95, 102.17),
    ("call", 102.17, 102.47),
    ("and", 102.6, 102.82),
    ("thee", 103.35, 103.58),
    ("call", 103.58, 103.77),
    ("me", 103.77, 103.93),
    ("abbie", 103.96, 104.36),
]


@pytest.fixture(scope="module")
def conversation(tmp_path_factory: pytest.TempPathFactory) -> realcase.RealCase:
    return realcase.conversation(tmp_path_factory.mktemp("conv5"), 5)


def test_a_first_word_heard_and_forced_together_takes_the_start(conversation, monkeypatch):
    """Within 0.2 s of the truth with the rule; left 1.1 s early without it."""
    first = [s.text for s in conversation.segments].index(TEXT)
    truth = conversation.truth[first]
    moved = realcase.word_pass(conversation, first, ENGINE_SEED5, HEARD_SEED5)[0]
    assert abs(moved.start - truth) <= 0.2, moved.start - truth
    monkeypatch.setattr(word_times, "BOTH_FIRST", False)
    kept = realcase.word_pass(conversation, first, ENGINE_SEED5, HEARD_SEED5)[0]
    assert kept.start < truth - 0.5
