"""Speech the text does not hold holds no sentence (issue #13, ``align/unsaid.py``).

Every benchmark conversation has ~15 s of a real voice (LibriSpeech 2412) reading something the
text does not hold, and at that place in the text the line "A word from our sponsor..." that is
never said. The recogniser hears the ad densely (45-51 words at 3.6-4.7 a second, none anchoring);
before, the ad's speech counted for the sentences around it: the sponsor line got a time on every
conversation, and on seed 6 "Will we ever forget it." (truth 95.49 s) was put 12.3 s early, inside
the ad, unflagged.
"""

from __future__ import annotations

import numpy as np
import pytest

from earmark.align import heard, unsaid
from earmark.align.features import FPS
from earmark.align.unsaid import foreign_speech
from earmark.core.model import SegmentKind

from . import realcase

SPONSOR = "A word from our sponsor, who makes the best coffee in town."
AFTER_THE_AD = "Will we ever forget it."  # seed 6: the first sentence said after the ad


@pytest.fixture(scope="module")
def conversation_seed6(tmp_path_factory):
    """The benchmark's conversation, seed 6, aligned (the ad at 83.2-93.6 s)."""
    return realcase.aligned(realcase.conversation, tmp_path_factory.mktemp("unsaid-6"), 6)


def test_the_sentence_after_an_ad_starts_after_it(conversation_seed6):
    """ "Will we ever forget it." starts within 500 ms of its truth (before: 12.3 s early, in the ad)."""
    case, aligned = conversation_seed6
    k = next(i for i, s in enumerate(case.segments) if s.text == AFTER_THE_AD)
    assert aligned[k].start is not None
    assert abs(aligned[k].start - case.truth[k]) < 0.5, aligned[k].start


def test_the_line_at_the_ad_never_said_is_unspoken(conversation_seed6):
    """The sponsor line, at the ad's place in the text and never said, is marked unspoken (before:
    timed at 80.24 s)."""
    case, aligned = conversation_seed6
    k = next(i for i, s in enumerate(case.segments) if s.text == SPONSOR)
    assert aligned[k].kind is SegmentKind.UNSPOKEN


def test_dense_unanchored_words_are_foreign_sparse_ones_are_not():
    """Between two anchored sentences, 40 words heard at 4 a second (an ad heard with the text's
    language model) are marked as speech the text does not hold; 15 words at 1.5 a second (a quiet
    speaker with a cold, heard in pieces) are not."""
    sentences = [
        heard.Heard(5, 5, first_anchor=0, time=9.0, last_anchor=4, last_time=10.0),
        heard.Heard(8, 8),
        heard.Heard(5, 5, first_anchor=0, time=60.0, last_anchor=4, last_time=61.5),
    ]
    ad = [("the", 15.0 + n * 0.25, 15.0 + n * 0.25 + 0.2) for n in range(40)]
    cold = [("this", 35.0 + n / 1.5, 35.0 + n / 1.5 + 0.3) for n in range(15)]
    loud = np.zeros(62 * FPS, bool)
    loud[int(15.0 * FPS) : int(25.0 * FPS)] = True
    loud[int(35.0 * FPS) : int(45.0 * FPS)] = True
    found = foreign_speech(sentences, ad + cold, loud)
    assert found[int(15.5 * FPS) : int(24.5 * FPS)].all()
    assert not found[int(34.0 * FPS) :].any()


def _ad_then(words: list[str]) -> tuple[list[heard.Heard], list[tuple[str, float, float]], np.ndarray]:
    """Between two anchored sentences: 40 words of an ad heard at 4 a second (15-25 s), a 1.4 s
    pause, then ``words`` heard as densely (26.4 s on): a sentence said right after the ad."""
    sentences = [
        heard.Heard(5, 5, first_anchor=0, time=9.0, last_anchor=4, last_time=10.0),
        heard.Heard(5, 5),
        heard.Heard(5, 5, first_anchor=0, time=60.0, last_anchor=4, last_time=61.5),
    ]
    ad = [("the", 15.0 + n * 0.25, 15.0 + n * 0.25 + 0.2) for n in range(40)]
    after = [(w, 26.4 + n * 0.22, 26.4 + n * 0.22 + 0.2) for n, w in enumerate(words)]
    loud = np.zeros(62 * FPS, bool)
    loud[int(15.0 * FPS) : int(25.0 * FPS)] = True
    loud[int(26.4 * FPS) : int(27.8 * FPS)] = True
    return sentences, ad + after, loud


def test_a_sentence_heard_right_after_an_ad_is_not_the_ads():
    """ "Will we ever forget it." said 1.4 s after the ad, heard as densely ("forget", its own word,
    among them), joined the ad's stretch and was marked unsaid (conversation seed 29): now the
    stretch ends before the pause. With none of the gap's own words heard there, it stays whole."""
    sentences, words, loud = _ad_then(["the", "me", "heir", "that", "forget", "think"])
    texts = ["Thanks.", AFTER_THE_AD, "God bless 'em, I hope I'll go on seeing them forever."]
    found = foreign_speech(sentences, words, loud, texts)
    assert found[int(15.5 * FPS) : int(24.5 * FPS)].all()
    assert not found[int(26.0 * FPS) :].any()
    _, chance, _ = _ad_then(["the", "me", "heir", "that", "so", "think"])
    assert foreign_speech(sentences, chance, loud, texts)[int(26.5 * FPS) : int(27.5 * FPS)].all()


def test_without_own_edges_the_sentence_joins_the_ad(monkeypatch):
    monkeypatch.setattr(unsaid, "OWN_EDGES", False)
    sentences, words, loud = _ad_then(["the", "me", "heir", "that", "forget", "think"])
    texts = ["Thanks.", AFTER_THE_AD, "God bless 'em, I hope I'll go on seeing them forever."]
    assert foreign_speech(sentences, words, loud, texts)[int(26.5 * FPS) : int(27.5 * FPS)].all()


def test_the_sentence_said_right_after_the_ad_is_timed(tmp_path):
    """Conversation seed 29: "Will we ever forget it." follows the ad after 1.4 s, heard as densely
    as the ad; it was marked unsaid, untimed (``unsaid.OWN_EDGES`` off). Now within 0.2 s."""
    case, aligned = realcase.aligned(realcase.conversation, tmp_path, 29)
    k = next(i for i, s in enumerate(case.segments) if s.text == AFTER_THE_AD)
    assert aligned[k].start is not None
    assert abs(aligned[k].start - case.truth[k]) <= 0.2, aligned[k].start - case.truth[k]


def test_a_turns_unheard_lines_go_after_the_ad_with_its_heard_one(monkeypatch):
    """A turn of three lines after an ad (15-25 s), only its third heard ("cough", 36 s): the first
    two were taken as said before the ad, found no room there and were marked unsaid, untimed
    (Phones, conversation seed 28). They are the same paragraph as the heard line, so they start
    after the ad too (``unsaid.SAME_PARAGRAPH``)."""
    texts = [
        "Thanks.",
        "Alright, so this is the sick corpus.",
        "Hopefully the recording levels are okay.",
        "I think I'm probably gonna cough here.",
        "God bless 'em, I hope I'll go on seeing them forever.",
    ]
    sentences = [
        heard.Heard(1, 1, first_anchor=0, time=13.0, last_anchor=0, last_time=13.5),
        heard.Heard(7, 7),
        heard.Heard(6, 6),
        heard.Heard(7, 7),
        heard.Heard(11, 11, first_anchor=0, time=60.0, last_anchor=10, last_time=63.0),
    ]
    foreign = np.zeros(64 * FPS, bool)
    foreign[15 * FPS : 25 * FPS] = True
    speech = np.zeros(64 * FPS, bool)
    speech[15 * FPS : 40 * FPS] = True
    recognised = [("cough", 36.0, 36.3), ("here", 36.3, 36.6)]
    lengths = [60, 200, 200, 200, 300]
    paragraphs = [1, 2, 2, 2, 3]

    def placed() -> tuple[list[bool], list[int]]:
        spoken, guesses = np.ones(5, bool), np.array([13, 16, 18, 20, 60]) * FPS
        unsaid.place_after(
            sentences, spoken, guesses, lengths, foreign, speech, 0.25, texts, recognised, paragraphs
        )
        return [bool(x) for x in spoken], [int(g) for g in guesses]

    spoken, guesses = placed()
    assert spoken == [True] * 5 and all(g >= 25 * FPS for g in guesses[1:4]), (spoken, guesses)
    monkeypatch.setattr(unsaid, "SAME_PARAGRAPH", False)
    assert placed()[0][1:3] == [False, False]
