"""A low mark means "probably > 500 ms off": right starts that two placements agree on are not low
(issue #13, session 13), on real voices (skipped without ../shared/real_speech)."""

from __future__ import annotations

from earmark.align import engine
from earmark.align.engine import low_confidence

from . import realcase


def _row(case: realcase.RealCase, aligned: list, text: str) -> tuple[float, bool]:
    """(start error in seconds, flagged low) of the sentence that begins with ``text``."""
    i = next(i for i, s in enumerate(case.segments) if s.text.startswith(text))
    segment = aligned[i]
    assert segment.start is not None and case.truth[i] is not None
    return segment.start - case.truth[i], low_confidence(segment)


def test_a_start_where_the_heard_end_onset_and_rescued_word_agree_is_not_low(tmp_path):
    """Long reading seed 1: "And I think this is probably good." moves to where speech resumes after
    the sentence before's last heard word, and its rescued first word lies there too (95 ms apart):
    right (-111 ms) and no longer flagged (it was at 0.45 on long readings 1-19)."""
    case, aligned = realcase.aligned(realcase.long_reading, tmp_path, 1)
    error, low = _row(case, aligned, "And I think this is probably good.")
    assert abs(error) < 0.2
    assert not low


def test_a_rescued_start_whose_heard_word_agrees_is_not_low(tmp_path, monkeypatch):
    """Conversation seed 1: the cold speaker's "I have a cold..." and "And I'm also saying..." are
    placed by the rescue chain, each with one word the recogniser heard seconds in sitting on its
    forced word (10 and 0 ms): right (-11, -151 ms) and no longer flagged; no start > 500 ms off
    goes unflagged. The word pass's rule, so with the turn pass off (engine.TURNS forces her turn
    first and puts "And I'm also saying..." -0.7 s: docs/align-history.md, session 14's merge)."""
    monkeypatch.setattr(engine, "TURNS", False)
    case, aligned = realcase.aligned(realcase.conversation, tmp_path, 1)
    for text in ("I have a cold, so this", "And I'm also saying"):
        error, low = _row(case, aligned, text)
        assert abs(error) < 0.2, text
        assert not low, text
    for segment, truth in zip(aligned, case.truth, strict=True):
        if truth is not None and segment.start is not None and abs(segment.start - truth) > 0.5:
            assert low_confidence(segment), segment.text
