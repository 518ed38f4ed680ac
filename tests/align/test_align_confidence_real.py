"""A low mark means "probably > 500 ms off": right starts that two placements agree on are not low
(issue #13, session 13), on real voices (skipped without ../shared/real_speech)."""

from __future__ import annotations

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


def test_an_onset_start_whose_first_word_was_drawn_over_the_um_is_low(tmp_path):
    """Conversation seed 6: "I have a cold, so this ..." rescued with "I" 0.37 s long, on the "um"
    before it, and moved to the onset after the sentence before, which is the um's: -0.86 s. The
    onset and the rescued word agree only because both are the filler's, so the start is not raised
    to 0.5 (it was, unflagged, with ``word_times.ONSET_UNDRAWN`` off)."""
    case, aligned = realcase.aligned(realcase.conversation, tmp_path, 6)
    error, low = _row(case, aligned, "I have a cold, so this")
    assert abs(error) > 0.5 and low, (error, low)
