"""Which lines are spoken, session 15 (helper "unsaid"): the sponsor line beside the ad, a short line skipped.

- ``unsaid.HEARD_SIDES``: around one stretch of speech the text does not hold, the sponsor line fitted
  a slow cold speaker's extra speech before the ad (conversations 20, 22) or the next turn's speech
  after it (conversation 18) about as well as leaving it out, and got a time; none of its words is
  heard on either side, while the cold speaker's are.
- ``spoken.SHORT_RUN_SPEECH``: a three-word line the walk skipped ("I'm Abigail Claflin.", conversation
  21) kept the walk's verdict though the speech between its anchored neighbours held 1.7 times its length.
- ``misplaced.DROP``: long reading 24's "So this is the sick corpus." anchored on "sick corpus" heard
  6.5 s late, in the next line's "...the acoustic corpus."; that next line found no speech and was
  marked unspoken (and the anchored one was timed 5.6 s late).
- ``turns.RESUMED``: with the sponsor line unspoken, conversation 18's unheard turn was forced from the
  ad's end, 2.2 s before it, and its cough line came out 0.77 s early.
"""

from __future__ import annotations

import numpy as np
import pytest

from earmark.align import misplaced, spoken, turns, unsaid
from earmark.align.heard import Heard
from earmark.align.misplaced import drop_misplaced
from earmark.align.unsaid import around_stretch
from earmark.core.model import SegmentKind

from . import realcase

SPONSOR = "A word from our sponsor, who makes the best coffee in town."
SHORT = "I'm Abigail Claflin."  # conversation 21: said at 37.80 s
COUGH = "I think I'm probably gonna cough here."  # conversation 18: said at 80.62 s
SICK = "So this is the sick corpus."  # long reading 24: said at 100.17 s
COLD = "I have a cold, so I probably sound quite different than the acoustic corpus."  # at 102.52 s


def _index(case, text: str) -> int:
    return next(i for i, s in enumerate(case.segments) if s.text == text)


def _cold_turn_then_sponsor(monkeypatch, heard_sides: bool) -> list[list[bool]]:
    """Conversation 20's arrangement (frames): the cold turn (12.6 s synthetic) and the sponsor line
    (3.2 s) before the ad at 77.7-88.5 s; 16.8 s of speech before it, 0.1 s after; the turn's own
    words heard before the ad, the sponsor line's nowhere."""
    monkeypatch.setattr(unsaid, "HEARD_SIDES", heard_sides)
    speech = np.zeros(9000, bool)
    speech[5900:7575] = True
    speech[8860:8873] = True
    guesses = np.array([6000.0, 6500.0])

    def heard_in(a: int, b: int, lo: int, hi: int) -> bool:
        return a == 0 and lo < 7000

    parts = around_stretch(
        [1258, 318], [(0, 1), (1, 2)], speech, 5891, 8991, (7767, 8850), guesses, 1.15, heard_in=heard_in
    )
    return [said for _, _, said in parts]


def test_a_line_with_none_of_its_words_heard_is_not_put_beside_the_stretch(monkeypatch):
    """The sponsor line is left out (with the rule off it was said before the ad, with the cold turn)."""
    assert _cold_turn_then_sponsor(monkeypatch, True) == [[True], [False]]
    assert _cold_turn_then_sponsor(monkeypatch, False) == [[True], [True]]


def test_the_next_turns_speech_after_the_stretch_does_not_time_the_line(monkeypatch):
    """Conversation 18: the sponsor line alone between "Will we ever forget it." and the next turn,
    whose first line's anchor (its phrase heard again later) puts the gap's end 6.6 s into the turn:
    7.5 s of speech after the ad, none of it the sponsor line's."""
    speech = np.zeros(8000, bool)
    speech[6611:7363] = True
    for sides, said in ((True, [False]), (False, [True])):
        monkeypatch.setattr(unsaid, "HEARD_SIDES", sides)
        parts = around_stretch(
            [318],
            [(0, 1)],
            speech,
            5155,
            7269,
            (5307, 6390),
            np.array([5500.0]),
            1.19,
            heard_in=lambda *_: False,
        )
        assert [p[2] for p in parts] == [said]


def test_a_short_line_the_walk_skipped_is_said_where_its_whole_length_is_speech(monkeypatch):
    """Conversation 21: a run of one three-word sentence (1.14 s synthetic) between two anchored ones,
    1.97 s of speech between them, the walk's verdict "skipped": said (with the rule off, not said)."""
    heard = [Heard(words=3, tokens=3)]
    for rule, said in ((True, [True]), (False, [False])):
        monkeypatch.setattr(spoken, "SHORT_RUN_SPEECH", rule)
        parts = spoken._spoken_parts(heard, np.array([False]), [114], [3], 0, 1, 197, True, [False])
        assert parts == [(0, 1, said)]
    monkeypatch.setattr(spoken, "SHORT_RUN_SPEECH", True)  # half its length in speech: the walk's word stands
    assert spoken._spoken_parts(heard, np.array([False]), [114], [3], 0, 1, 57, True, [False]) == [
        (0, 1, [False])
    ]


def _long24_heard(lead: float) -> list[Heard]:
    """Long reading 24 around the cold speaker's first lines: an anchored LJ sentence, "So this is
    the sick corpus." anchored on its last two words at 106.69 s, the next line unanchored, and the
    one after anchored on its 14th word at 113.3 s (``lead``: seconds before it that it began)."""
    return [
        Heard(words=33, tokens=33, first_anchor=0, time=84.16, last_anchor=32, last_time=96.81),
        Heard(words=6, tokens=6, first_anchor=4, time=106.69, last_anchor=5, last_time=107.01),
        Heard(words=14, tokens=14),
        Heard(
            words=24, tokens=24, first_anchor=13, time=113.295, last_anchor=15, last_time=114.075, lead=lead
        ),
    ]


def test_a_short_anchor_in_the_next_lines_speech_is_dropped():
    """Speech 100.0-106.5 s (before the short anchor) and none between its end and the next anchored
    sentence's start (108.4 s): the anchor goes, and the line joins the run after it."""
    speech = np.zeros(12000, bool)
    speech[10000:10650] = True
    heard = _long24_heard(4.9)
    assert misplaced.DROP and drop_misplaced(heard, [1016, 144, 428, 653], speech) == [1]
    assert heard[1].time is None and heard[1].first_anchor is None and heard[0].time == 84.16


def test_a_short_anchor_with_room_after_it_stays():
    """The same, with 4.5 s of speech after the short anchor, before the next anchored sentence: kept."""
    speech = np.zeros(12000, bool)
    speech[10000:10650] = speech[10750:11200] = True
    heard = _long24_heard(0.0)
    assert drop_misplaced(heard, [1016, 144, 428, 653], speech) == []
    assert heard[1].time == 106.69


@pytest.fixture(scope="module")
def long_seed24(tmp_path_factory):
    """The benchmark's long reading, seed 24, aligned (the cold speaker from 100.2 s)."""
    return realcase.aligned(realcase.long_reading, tmp_path_factory.mktemp("unsaid-l24"), 24)


def test_the_line_after_a_misplaced_short_anchor_is_timed(long_seed24):
    """Both of the cold speaker's first lines within 0.3 s (before: +5.6 s, and marked unspoken)."""
    case, aligned = long_seed24
    for text in (SICK, COLD):
        k = _index(case, text)
        assert aligned[k].kind is SegmentKind.SPEECH and aligned[k].start is not None, text
        assert abs(aligned[k].start - case.truth[k]) < 0.3, (text, aligned[k].start)


@pytest.fixture(scope="module")
def conversation_seed18(tmp_path_factory):
    """The benchmark's conversation, seed 18, aligned (the ad at 53.1-63.9 s, the cold turn after it)."""
    return realcase.aligned(realcase.conversation, tmp_path_factory.mktemp("unsaid-18"), 18)


@pytest.fixture(scope="module")
def conversation_seed21(tmp_path_factory):
    """The benchmark's conversation, seed 21, aligned."""
    return realcase.aligned(realcase.conversation, tmp_path_factory.mktemp("unsaid-21"), 21)


def test_every_unspoken_line_is_marked_and_the_turn_after_the_ad_keeps_its_starts(conversation_seed18):
    """The title, the sponsor line and the show notes are unspoken (before: the sponsor line timed at
    65.21 s), and the cold turn's cough line is within 0.3 s (-0.77 s with ``turns.RESUMED`` off)."""
    case, aligned = conversation_seed18
    never = [i for i, t in enumerate(case.truth) if t is None]
    assert all(aligned[i].kind is SegmentKind.UNSPOKEN for i in never), [aligned[i].text for i in never]
    cough = _index(case, COUGH)
    assert abs(aligned[cough].start - case.truth[cough]) < 0.3, aligned[cough].start


def test_a_short_line_skipped_by_the_walk_is_timed(conversation_seed21):
    """ "I'm Abigail Claflin." gets a start within 0.2 s (before: marked unspoken)."""
    case, aligned = conversation_seed21
    k = _index(case, SHORT)
    assert aligned[k].kind is SegmentKind.SPEECH and aligned[k].start is not None
    assert abs(aligned[k].start - case.truth[k]) < 0.2, aligned[k].start


def test_the_flags_exist():
    """The four rules are module-level booleans (the bench's ABLATE switches them)."""
    assert unsaid.HEARD_SIDES is True and spoken.SHORT_RUN_SPEECH is True and turns.RESUMED is True
    assert misplaced.DROP is True
