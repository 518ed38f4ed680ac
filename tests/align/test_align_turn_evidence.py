"""What the turn pass's forced starts are checked against before they are kept (issue #13,
``align/turns.py``): a start forced at a halved window's guessed opening, and one forced after
its own words were heard.

Real speech: Michael McAuliffe with a cold (``mfa_cold``, ``mfa_cold3``, MFA's test data) as the
benchmark composes him, the whole engine run on the seed's case (``engine.TURNS`` on, as shipped).
"""

from __future__ import annotations

from earmark.core.model import LOW_CONFIDENCE

from . import realcase


def test_a_start_forced_at_a_guessed_opening_is_not_kept(tmp_path):
    """Long reading seed 31: the run's window failed whole; its first half (the 25-word "The recording
    environment ...") failed too, so the second half opened at the layout's start of "And here's a
    long pause.", 3.7 s early, and forced it 60 ms in: -4.2 s at 0.6 with ``turns.GUESSED_HALF`` off.
    Not kept, the word pass puts it and the line after within 0.1 s."""
    case, aligned = realcase.aligned(realcase.long_reading, tmp_path, 31)
    lines = ("And here's a long pause.", "And I think this is probably good.")
    errors = realcase.start_errors(case, aligned, lines)
    assert max(map(abs, errors)) <= 0.1, errors


def test_a_start_forced_after_its_words_were_heard_is_not_kept(tmp_path):
    """Conversation seed 36: the cough line forced 3.2 s late, onto "Yeah, so that just happened.",
    though the recogniser heard its "cough here" before that (0.6, unflagged, with
    ``turns.HEARD_APART`` off). Not kept, it stays the layout's, marked low."""
    case, aligned = realcase.aligned(realcase.conversation, tmp_path, 36)
    k = [s.text for s in case.segments].index("I think I'm probably gonna cough here.")
    error = aligned[k].start - case.truth[k]
    assert aligned[k].confidence < LOW_CONFIDENCE, (error, aligned[k].confidence)
