"""A start moved far to a forced first word that no heard word backs is kept but marked low
(issue #13, ``word_times.UNHEARD_MOVE_SECONDS``).

Real speech: Michael McAuliffe with a cold (MFA's test data, ``../shared/real_speech/clips/
mfa_cold3``, word times in its TextGrid), with room tone added after his first sentence, so an
unsure start left at the end of that sentence is seconds before the next one really begins. On
conversation seed 6 the forcer "succeeded" in a 22.7 s window for two short sentences and moved
them 5.2 s and 20.6 s, both wrong, keeping 0.5 (unflagged); the right moves with nothing heard on
the real cases (past an "um", a drawn-out "and", a pause) are 0.4-1.6 s.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from earmark.align import word_times
from earmark.audio import iter_mono_chunks
from earmark.core.model import Segment, SegmentKind

from . import realcase
from .synthcase import RATE, write_wav

pytestmark = pytest.mark.skipif(
    not realcase.available(), reason=f"real speech not found at {realcase.REAL} (../shared/real_speech)"
)
FIRST = "Alright, so this is the sick corpus."
SECOND = "Hopefully the recording levels are okay."
CUT = 3.30  # the pause after "corpus" (TextGrid: "corpus" ends 3.23, "uh" from 3.32)
SECOND_TRUTH = 3.83  # "hopefully", in clip time
SECOND_END = 6.52  # before the "um" of the next sentence


def _with_pause(folder: Path, seconds: float) -> tuple[Path, float]:
    """The clip's first two sentences with ``seconds`` of room tone (-52 dBFS) between them;
    returns the file and where the second sentence's first word now begins."""
    clip = realcase._read(realcase.CLIPS / "mfa_cold3.wav")
    clip = clip * (0.1 / realcase._level(clip))
    gap = np.zeros(int(seconds * RATE), np.float32)
    mixed = np.concatenate([clip[: int(CUT * RATE)], gap, clip[int(CUT * RATE) : int(SECOND_END * RATE)]])
    mixed = mixed + np.random.default_rng(1).normal(0, 10 ** (-52 / 20), len(mixed)).astype(np.float32)
    return write_wav(folder / f"cold3_pause{seconds:.0f}.wav", mixed), SECOND_TRUTH + seconds


def _word_pass(path: Path) -> Segment:
    """The word pass with the first sentence sure and the second unsure (0.5, its first word
    unheard: nothing was recognised) at the end of the first one, as a collapsed start is."""
    duration = sum(len(c) for c in iter_mono_chunks(path)) / RATE
    segments = [
        Segment(FIRST, 0.88, CUT, kind=SegmentKind.SPEECH, confidence=0.9),
        Segment(SECOND, CUT, duration, kind=SegmentKind.SPEECH, confidence=0.5),
    ]
    word_times.add_word_times(lambda: iter_mono_chunks(path), segments, duration)
    return segments[1]


def test_a_start_moved_seconds_away_with_nothing_heard_is_kept_but_low(tmp_path, monkeypatch):
    """4 s of room tone after the first sentence: the unsure start at its end moves to the forced
    "hopefully" (within 0.25 s of the TextGrid), and with no heard word to back a move that far it
    is under the pane's low mark. Without the rule it kept its 0.5 and was not flagged."""
    path, truth = _with_pause(tmp_path, 4.0)
    moved = _word_pass(path)
    assert abs(float(moved.start) - truth) <= 0.25, moved.start
    assert moved.confidence < 0.5

    monkeypatch.setattr(word_times, "UNHEARD_MOVE_SECONDS", float("inf"))
    before = _word_pass(path)
    assert abs(float(before.start) - truth) <= 0.25 and before.confidence == 0.5


def test_a_move_a_filler_and_a_pause_explain_keeps_its_confidence(tmp_path):
    """1 s of room tone (with the clip's own "uh" and pause, the move is ~1.5 s): the start moves
    to "hopefully" and keeps 0.5, as the right moves past fillers on the real cases do."""
    path, truth = _with_pause(tmp_path, 1.0)
    moved = _word_pass(path)
    assert abs(float(moved.start) - truth) <= 0.25, moved.start
    assert moved.confidence == 0.5
