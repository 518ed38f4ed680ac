"""The Phones path's check on short anchor runs between anchors (align/phones_anchors.py)."""

from __future__ import annotations

from earmark.align.heard import Heard, anchor_gaps
from earmark.align.phones_anchors import lopsided


def test_a_run_that_leaves_one_side_slow_and_the_other_fast_is_lopsided():
    """ "sick corpus" heard 6.5 s into the cold speaker's next sentence: the 4 words before it
    had 9.9 s, the 52 after it 16.9 s (measured on the real long reading, seed 2)."""
    assert lopsided(4, 52, 9.93, 16.91, True, True)


def test_a_run_after_an_ad_at_a_reading_pace_is_not_lopsided():
    """A long lead alone (an ad read before the sentence) is no reason: the words after keep a pace."""
    assert not lopsided(4, 20, 15.0, 8.0, True, True)


def test_a_side_bounded_by_the_episodes_end_is_never_slow():
    """Before the first anchor the lead is the search window's reach, not a measured time."""
    assert not lopsided(4, 52, 9.93, 16.91, False, True)


def _heard(sentences: list[list[str]]) -> tuple[list[Heard], list[str], list[int], list[int]]:
    words, owners, positions = [], [], []
    for k, sentence in enumerate(sentences):
        for n, word in enumerate(sentence):
            words.append(word)
            owners.append(k)
            positions.append(n)
    return [Heard(len(s), len(s)) for s in sentences], words, owners, positions


def test_the_phones_path_takes_no_lopsided_run_as_an_anchor():
    """Between anchored sentences, a short run heard far too late for the words before it and too
    early for those after it anchors the English path's sentence, not the Phones path's."""
    sentences = [
        [
            "we",
            "met",
            "at",
            "the",
            "old",
            "mill",
            "by",
            "the",
            "river",
            "where",
            "my",
            "uncle",
            "kept",
            "bees",
            "and",
            "grew",
            "apples",
            "long",
            "before",
            "anyone",
            "thought",
            "of",
            "building",
            "roads",
            "through",
            "those",
            "green",
            "hills",
            "near",
            "town",
        ],
        ["so", "this", "is", "the", "sick", "corpus"],
        [
            "i",
            "have",
            "a",
            "cold",
            "so",
            "i",
            "probably",
            "sound",
            "quite",
            "different",
            "than",
            "i",
            "usually",
            "do",
        ],
        [
            "the",
            "recording",
            "environment",
            "is",
            "also",
            "quite",
            "different",
            "and",
            "there",
            "is",
            "a",
            "lot",
            "more",
            "noise",
        ],
    ]
    for even, anchored in ((False, True), (True, False)):
        heard, words, owners, positions = _heard(sentences)
        recognised = [(w, 3.0 + 0.3 * n, 3.25 + 0.3 * n) for n, w in enumerate(sentences[0])]
        recognised += [("sick", 20.0, 20.3), ("corpus", 20.3, 20.7)]
        recognised += [(w, 24.5 + 0.3 * n, 24.75 + 0.3 * n) for n, w in enumerate(sentences[3])]
        heard[0].first_anchor, heard[0].time, heard[0].last_anchor, heard[0].last_time = 0, 3.0, 29, 11.7
        heard[3].first_anchor, heard[3].time, heard[3].last_anchor, heard[3].last_time = 0, 24.5, 14, 28.7
        anchor_gaps(heard, words, owners, positions, recognised, even=even)
        assert (heard[1].time is not None) is anchored, (even, heard[1])
