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

TURN = realcase.COLD_TURN_LINES


def _with_turns(compose, folder, seed: int):
    """The benchmark's case of ``seed`` aligned with ``engine.TURNS`` on (whatever its default)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(engine, "TURNS", True)
        return realcase.aligned(compose, folder, seed)


@pytest.fixture(scope="module")
def conversation_seed7(tmp_path_factory):
    """The benchmark's conversation, seed 7 (the cold turn laid out late)."""
    return _with_turns(realcase.conversation, tmp_path_factory.mktemp("turns-7"), 7)


def test_an_unanchored_turn_is_forced_as_one_window(conversation_seed7):
    """Her turn (but the cough line, cough's) within 500 ms; with ``TURNS`` off "I have a cold" is +3.9 s."""
    errors = realcase.start_errors(*conversation_seed7, TURN)
    assert max(map(abs, errors)) <= 0.5, errors


@pytest.fixture(scope="module")
def long_reading_seed16(tmp_path_factory):
    """The benchmark's long reading, seed 16."""
    return _with_turns(realcase.long_reading, tmp_path_factory.mktemp("turns-long-16"), 16)


def test_the_window_holds_the_rest_of_the_line_before(long_reading_seed16):
    """The line before ("The recording environment ...") heard up to its last few words: with only its
    last three as context (``turns.HEAD`` off) the run put "And here's a long pause." onto its tail,
    -2.5 s."""
    lines = ("And here's a long pause.",)
    errors = realcase.start_errors(*long_reading_seed16, lines)
    assert max(map(abs, errors)) <= 0.3, errors


def test_the_line_before_a_failed_window_is_left_to_the_word_pass(long_reading_seed16):
    """ "And I think this is probably good." is forced in no window of the run; with the line before
    handed over placed (``turns.BEFORE_LEFT`` off) the word pass moved it -0.78 s."""
    errors = realcase.start_errors(*long_reading_seed16, ("And I think this is probably good.",))
    assert max(map(abs, errors)) <= 0.3, errors


@pytest.fixture(scope="module")
def conversation_seed2(tmp_path_factory):
    """The benchmark's conversation, seed 2 (her turn laid out right)."""
    return _with_turns(realcase.conversation, tmp_path_factory.mktemp("turns-2"), 2)


def test_a_first_word_drawn_back_leaves_the_layouts_start(conversation_seed2):
    """ "And" of "And I'm also saying ..." forced 1.7 s long over the pause before it (-2.2 s with
    ``turns.FIRST_WORD`` off), "Lord," over the quiet before the layout's onset (-0.28 s with
    ``turns.QUIET`` off): both starts stay the layout's, for the word pass to check."""
    lines = ("Lord, but I'm glad to see you again, Phil.", "And I'm also saying a bunch of different words.")
    errors = realcase.start_errors(*conversation_seed2, lines)
    assert max(map(abs, errors)) <= 0.2, errors


COUGH = ("I think I'm probably gonna cough here.",)


def test_a_first_word_forced_on_the_noise_starts_where_the_voice_rises(
    conversation_seed2, conversation_seed7
):
    """The cough line's "I" forced on the um's end (seed 2, -0.32 s with ``turns.VOICE_RISE`` off) or
    on the room noise after it (seed 7, -0.19 s): both start where his voice rises, within 0.1 s."""
    errors = [realcase.start_errors(*case, COUGH)[0] for case in (conversation_seed2, conversation_seed7)]
    assert max(map(abs, errors)) <= 0.1, errors


@pytest.fixture(scope="module")
def long_reading_seed29(tmp_path_factory):
    """The benchmark's long reading, seed 29 (her "And here's a long pause." anchored, the line
    after it not: the run opens at the 25-word line before)."""
    return _with_turns(realcase.long_reading, tmp_path_factory.mktemp("turns-long-29"), 29)


def test_a_forced_start_leaves_the_line_before_its_words(long_reading_seed29):
    """The run's forced pass skipped the line before's words (optional context) and put "And here's a
    long pause." 0.9 s after that line's start: -8.9 s with ``turns.PACED`` off. Left to the layout
    and the word pass, it is within 0.5 s."""
    errors = realcase.start_errors(*long_reading_seed29, ("And here's a long pause.",))
    assert max(map(abs, errors)) <= 0.5, errors


@pytest.fixture(scope="module")
def conversation_seed31(tmp_path_factory):
    """The benchmark's conversation, seed 31 (her opening line anchored 6.6 s late, in a later line)."""
    return _with_turns(realcase.conversation, tmp_path_factory.mktemp("turns-31"), 31)


def test_a_drawn_back_start_out_of_order_takes_its_forced_one(conversation_seed31):
    """ "Alright, so this is the sick corpus." was anchored 6.6 s late; the run's forced "Alright," was drawn
    back over the noise before it, so the layout's start would stand, after the next line's forced start.
    With ``turns.ORDERED`` off the word pass then moved both lines 11-13 s early, into the ad; on, the
    first takes its forced start (-0.9 s, flagged) and the second keeps its own (within 0.1 s)."""
    lines = ("Alright, so this is the sick corpus.", "Hopefully the recording levels are okay.")
    opening, second = realcase.start_errors(*conversation_seed31, lines)
    assert abs(opening) <= 1.0 and abs(second) <= 0.1, (opening, second)
