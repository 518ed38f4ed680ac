"""Where the far-field speaker with a cold opens a sentence, in the long reading (issue #13,
``align/openings.py``): rescued words that run over the next sentence move back, and an unsure
start far from its first two words, heard in a row, moves to them.

Real speech: ``mfa_cold`` (Michael McAuliffe with a cold, word times in its TextGrid) as the
benchmark's long reading composes him; the engine's starts and forced words there are written
relative to the TextGrid's sentence starts (the composition is the seed's, to the sample)."""

from __future__ import annotations

from pathlib import Path

import pytest

from earmark.align import rescue, word_times
from earmark.align.features import features_of, speech_mask
from earmark.align.forced import Timed, _share_by_length
from earmark.align.stream import Stream
from earmark.align.words import _write_dictionary
from earmark.audio import iter_mono_chunks

from . import realcase

pytestmark = pytest.mark.skipif(
    not realcase.available(), reason=f"real speech not found at {realcase.REAL} (../shared/real_speech)"
)
CLOSING = ["And here's a long pause.", "And I think this is probably good.", "Alright, thanks."]


def _rescued(case: realcase.RealCase, folder: Path) -> float:
    """ "And I think this is probably good." forced again from the end of "...a long pause." (as the
    engine forced it on long s16) up to "Alright, thanks." (forced, 15 ms late): its error (s)."""
    texts = [s.text for s in case.segments]
    k = texts.index(CLOSING[0])
    at = case.truth[k]  # "And here's a long pause." (TextGrid 19.65 s)
    pause = [(0.015, 0.475), (0.695, 0.895), (0.895, 0.925), (0.925, 1.245), (1.245, 1.995)]
    found = [
        Timed(at + 0.015, [(at + a, at + b) for a, b in pause], True, True),
        Timed(at + 1.565, _share_by_length(CLOSING[1].split(), at + 1.565, at + 2.225), False),
        Timed(at + 4.235, [(at + 4.235, at + 4.445), (at + 4.445, at + 4.895)], True, True),
    ]
    speech = speech_mask(features_of(realcase._read(case.audio)).loudness)
    stream = Stream(lambda: iter_mono_chunks(case.audio))
    assert 1 in rescue.rescue_failed(
        stream, CLOSING, found, [True] * 3, case.duration, str(folder), _write_dictionary, speech
    )
    return found[1].start - case.truth[k + 1]


def test_rescued_words_over_the_next_sentence_move_back(tmp_path, monkeypatch):
    """Long reading seed 16: the rescue put "and" 0.73 s late and "good" on "Alright, thanks.", 0.6 s
    past its forced start; moved back to where "...a long pause." ended, it is within 0.2 s."""
    case = realcase.long_reading(tmp_path, 16)
    assert abs(_rescued(case, tmp_path)) <= 0.2
    monkeypatch.setattr(rescue, "PULL_BACK", False)
    assert _rescued(case, tmp_path) > 0.5


def test_a_start_far_from_its_first_two_words_heard_moves_to_them(tmp_path, monkeypatch):
    """Long reading seed 4: "I have a cold, so..." started (0.6) on "corpus" of the sentence before,
    0.98 s early; its forced window fails and the rescue puts "I" on the "uh" before it. The recogniser
    heard "I have" in a row at +46 ms: the start moves there (within 0.1 s); without the rule it stays."""
    case = realcase.long_reading(tmp_path, 4)
    first = [s.text for s in case.segments].index("So this is the sick corpus.")
    t = case.truth[first + 1]
    starts = [(t - 2.364, 0.7), (t - 0.984, 0.6), (t + 6.496, 0.5)]
    heard = [
        ("the", t - 1.744, t - 1.374),
        ("sick", t - 1.344, t - 1.124),
        ("corpus", t - 0.984, t - 0.444),
        ("i", t + 0.046, t + 0.076),
        ("have", t + 0.076, t + 0.316),
    ]
    assert abs(realcase.word_pass(case, first, starts, heard)[1].start - t) <= 0.1
    monkeypatch.setattr(word_times, "HEARD_OPENING", False)
    assert realcase.word_pass(case, first, starts, heard)[1].start - t < -0.9


FIRST_BOOKS = "The first books were printed in black letter, i.e. the letter"
HEARD_THERE = {  # the recogniser's words of that sentence on long s13, token -> times from its truth (s)
    **{14: (4.115, 4.605), 19: (6.355, 6.735), 20: (6.735, 7.345), 21: (7.565, 7.735), 24: (8.445, 8.645)},
    **{28: (10.505, 10.625), 31: (11.085, 11.165), 32: (11.165, 11.255), 33: (11.255, 12.125)},
    **{37: (13.195, 13.785), 38: (13.895, 14.035), 39: (14.035, 14.935), 44: (16.695, 16.825)},
    45: (16.825, 16.965),
}


def test_a_start_at_the_texts_own_comma_moves_to_the_clause_before(tmp_path, monkeypatch):
    """Long reading seed 13 (LJ Speech): "The first books were printed in black letter, i.e. the
    letter..." started (0.7) at "i.e.", after the reader's pause at the text's comma, 2.7 s late. Its
    first eight words forced before that pause are its own clause: the start moves to them (within
    0.1 s); without the rule the earlier move across a pause is refused."""
    case = realcase.long_reading(tmp_path, 13)
    k = next(i for i, s in enumerate(case.segments) if s.text.startswith(FIRST_BOOKS))
    t = case.truth[k]
    tokens = case.segments[k].text.split()
    heard = [(tokens[i].strip(',;."').lower(), t + a, t + b) for i, (a, b) in HEARD_THERE.items()]
    starts = [(t - 12.28, 0.9), (t + 2.71, 0.7), (t + 18.55, 0.7)]
    assert abs(realcase.word_pass(case, k - 1, starts, heard)[1].start - t) <= 0.1
    monkeypatch.setattr(word_times, "OWN_COMMA", False)
    assert realcase.word_pass(case, k - 1, starts, heard)[1].start - t > 2.0


def test_a_late_start_finds_its_first_two_words_heard_before_it(tmp_path):
    """Long reading seed 25 (LJ Speech), the whole engine: "The first books were printed in black
    letter, i.e. ..." was set back from its anchor ("roman", 6.4 s in) to the reader's pause at its
    own comma, 2.7 s late, and its forced window from there failed. Its "the first", heard in a row
    after the sentence before's last heard word but before its span, reach it now (``said.LOOK_BACK``;
    +2.7 s and flagged without it): the start moves to them, within 0.1 s, and is not flagged."""
    case, aligned = realcase.aligned(realcase.long_reading, tmp_path, 25)
    (error,) = realcase.start_errors(case, aligned, (FIRST_BOOKS,))
    k = next(i for i, s in enumerate(case.segments) if s.text.startswith(FIRST_BOOKS))
    assert abs(error) <= 0.1 and aligned[k].confidence >= word_times.AGREED, (error, aligned[k].confidence)
