"""Phones path start rules: a title given up for the first forced words, a start moved to its heard word."""

from __future__ import annotations

from earmark.align.forced import Timed
from earmark.align.phones_starts import make_room, to_heard_first_words
from earmark.core.model import Segment, SegmentKind


def _sentences() -> list[Segment]:
    title = Segment(text="Episode 12: Voices from the archive.", start=0.89, end=2.3, confidence=0.45)
    first = Segment(text="And Mr. John Dashwood had then leisure.", start=2.32, end=7.9, confidence=0.7)
    return [title, first]


def test_a_doubtful_title_gives_way_to_the_first_sentence_forced_onto_it():
    """The title could not be forced and the next sentence's forced first word is at 0.88 s (the
    title's start is 0.89 s): the title becomes UNSPOKEN and the start may go back to 0."""
    timed = _sentences()
    found = [Timed(0.89, [], False), Timed(0.88, [], True, True)]
    assert make_room(timed, found, 1, 0.89) == 0.0
    assert timed[0].kind is SegmentKind.UNSPOKEN and timed[0].start is None and timed[0].words == []


def test_a_sure_start_before_keeps_a_doubtful_sentence_spoken():
    """Mid-speech (a sure start before it), a doubtful sentence is only late, not unspoken: the
    cold speaker's "I think I'm probably gonna cough here." stays timed."""
    sure = Segment(text="This is me talking.", start=0.2, end=0.8, confidence=0.9)
    timed = [sure, *_sentences()]
    found = [Timed(0.2, [], True, True), Timed(0.89, [], False), Timed(0.88, [], True, True)]
    assert make_room(timed, found, 2, 0.89) == 0.89
    assert timed[1].kind is SegmentKind.SPEECH and timed[1].start == 0.89


def test_an_unsure_start_moves_to_its_first_word_heard_later():
    """Music under the first turn pulled "This is the acoustic corpus." back to 4.10 s; its "this"
    was heard at 5.15 s, before the next start: the start moves there."""
    timed = [
        Segment(text="This is the acoustic corpus.", start=4.10, end=6.5, confidence=0.7),
        Segment(text="I'm talking pretty fast here.", start=6.61, end=7.8, confidence=0.9),
    ]
    to_heard_first_words(timed, [{0: (5.15, 5.3), 1: (5.31, 5.4)}, {0: (6.61, 6.7)}], 0.8)
    assert timed[0].start == 5.15 and timed[1].start == 6.61


def test_a_sure_start_keeps_its_place_whatever_was_heard():
    """A start at 0.8 or more is not moved by a heard first word."""
    timed = [Segment(text="This is the acoustic corpus.", start=4.10, end=6.5, confidence=0.9)]
    to_heard_first_words(timed, [{0: (5.15, 5.3)}], 0.8)
    assert timed[0].start == 4.10
