"""How word anchors check the DTW's sentence starts (pure functions, no audio)."""

from __future__ import annotations

import numpy as np

from earmark.align import anchor_starts, heard, words
from earmark.align.features import FPS
from earmark.align.placing import keep_short_sentences as _keep_short_sentences
from earmark.align.spoken import heard_frames, speech_between_anchors

from .synthcase import SHORT_TEXT


def _heard(first=None, time=None, last=None, last_time=None, lead=0.0) -> heard.Heard:
    return heard.Heard(10, 10, first, time, last, last_time, lead)


def test_short_sentence_between_spoken_ones_stays_spoken():
    """A skipped "So..." between spoken sentences is spoken; a long skipped sentence is not."""
    texts = ["A full sentence here.", "So...", "Another full one.", "This one has many words in it.", "End."]
    spoken = np.array([True, False, True, False, True])
    assert _keep_short_sentences(spoken, texts).tolist() == [True, True, True, False, True]


def test_bounds_come_from_words_heard_before_and_after():
    """A start must follow every word heard in earlier sentences and precede words heard in later ones."""
    sentences = [_heard(0, 1.0, 5, 3.0), _heard(), _heard(0, 10.0, 4, 12.0)]
    lo, hi = anchor_starts.bounds(sentences, end=20.0)
    assert lo.tolist() == [0.0, 3.0, 3.0]
    assert hi.tolist() == [1.0 + heard.AGREE_SECONDS, 10.0 + heard.AGREE_SECONDS, 10.0 + heard.AGREE_SECONDS]
    starts = np.array([1.0, 2.0, 10.0]) * FPS
    assert anchor_starts.contradicted(sentences, starts, lo, hi, 1)  # before the last word of sentence 0
    assert not anchor_starts.contradicted(sentences, starts, lo, hi, 2)


def test_lead_before_a_later_anchored_word_must_fit_the_words_before_it():
    """Anchored on its 10th word, heard at 20 s, with ~3 s expected before it."""
    h = _heard(first=10, time=20.0, lead=3.0)
    assert h.plausible_lead(17.0)
    assert not h.plausible_lead(12.0)  # 8 s for ten words: the DTW matched something earlier
    assert not h.plausible_lead(19.5)  # too little time for the words before it


def test_start_from_anchor_takes_the_longest_pause_in_reach():
    """Going back from the anchored word, the sentence starts after the longest pause, not a breath."""
    loud = np.ones(30 * FPS, bool)
    loud[int(14.5 * FPS) : int(15.0 * FPS)] = False  # the pause before the sentence
    loud[int(16.8 * FPS) : int(17.05 * FPS)] = False  # a short pause inside it
    h = _heard(first=10, time=20.0, lead=3.0)
    assert anchor_starts.start_from_anchor(h, loud) == int(15.0 * FPS)


def _anchored_by_gaps(texts: list[str], recognised: list[tuple[str, float]]) -> list[heard.Heard]:
    """Anchors for ``texts`` followed by the rest of a (longer, so word shares are realistic) episode."""
    texts = texts + [sentence for paragraph in SHORT_TEXT for sentence in paragraph]
    known, owners, positions, tokens = words.text_words(texts)
    found = words.anchors(known, recognised)
    sentences = heard.sentence_anchors(found, owners, positions, tokens)
    heard.anchor_gaps(sentences, known, owners, positions, recognised)
    return sentences


_AROUND = [
    "The city council met on Tuesday to decide what to do about the bridge.",
    "I have just been running my fingers through it for quite a bit.",
    "Some members wanted to paint it again but the budget was already spent.",
]


def test_a_short_run_of_rare_words_anchors_a_sentence_between_anchored_ones():
    """Noise left only "my fingers" of the middle sentence; inside its window that is telling."""
    recognised = [("the", 0.5), ("city", 0.7), ("council", 1.0), ("met", 1.4), ("on", 1.6)]
    recognised += [("of", 5.0), ("my", 5.6), ("fingers", 5.8), ("the", 6.1)]
    recognised += [("some", 9.0), ("members", 9.3), ("wanted", 9.7), ("to", 10.0), ("paint", 10.2)]
    middle = _anchored_by_gaps(_AROUND, recognised)[1]
    assert (middle.first_anchor, middle.time) == (5, 5.6)


def test_common_or_repeated_words_do_not_anchor_a_gap():
    """ "it for" could be heard anywhere; a phrase said twice in the gap could be either one."""
    recognised = [("the", 0.5), ("city", 0.7), ("council", 1.0), ("met", 1.4), ("on", 1.6)]
    recognised += [("it", 5.0), ("for", 5.2)]
    recognised += [("some", 9.0), ("members", 9.3), ("wanted", 9.7), ("to", 10.0), ("paint", 10.2)]
    assert _anchored_by_gaps(_AROUND, recognised)[1].time is None
    texts = [_AROUND[0], "Random access memory.", "Random access memory, right?", _AROUND[2]]
    recognised[5:7] = [("random", 5.0), ("access", 5.3), ("memory", 5.6)]
    sentences = _anchored_by_gaps(texts, recognised)
    assert sentences[1].time is None and sentences[2].time is None


def test_the_words_left_in_an_anchored_neighbour_are_not_matched_to_the_gap():
    """The previous sentence's unheard tail is said in the gap too: its words are in the window's
    text, so "secretly hoarded" heard there anchors that tail, not the next sentence."""
    texts = [
        "The city council met on Tuesday and secretly hoarded a plan.",
        "If this is true they secretly hoarded cards to play.",
        _AROUND[2],
    ]
    recognised = [("the", 0.5), ("city", 0.7), ("council", 1.0), ("met", 1.4), ("on", 1.6)]
    recognised += [("secretly", 3.2), ("hoarded", 3.4), ("the", 3.6), ("plans", 3.9), ("the", 5.0)]
    recognised += [("some", 9.0), ("members", 9.3), ("wanted", 9.7), ("to", 10.0), ("paint", 10.2)]
    gap = _anchored_by_gaps(texts, recognised)[1]
    assert gap.time is None or gap.time >= 5.0


def test_a_phrase_heard_twice_in_the_gap_does_not_anchor():
    """ "you increase the" heard twice (once misheard in the sentence before) could be either."""
    texts = [
        "The city council met on Tuesday to see how you increase inference time.",
        "In other words you increase the number of tokens.",
        _AROUND[2],
    ]
    recognised = [("the", 0.5), ("city", 0.7), ("council", 1.0), ("met", 1.4), ("on", 1.6)]
    recognised += [("you", 3.0), ("increase", 3.2), ("the", 3.5), ("other", 4.5)]
    recognised += [("you", 5.0), ("increase", 5.2), ("the", 5.5)]
    recognised += [("some", 9.0), ("members", 9.3), ("wanted", 9.7), ("to", 10.0), ("paint", 10.2)]
    gap = _anchored_by_gaps(texts, recognised)[1]
    assert gap.time is None or gap.time >= 4.5


def test_words_heard_far_from_the_rest_of_their_sentence_do_not_anchor_it():
    """After "...already spent" the language model expects "In the"; an ad read there was heard
    as "in the", 8 s before the rest of the sentence. The sentence starts near the rest."""
    texts = [_AROUND[2], "In the spring the committee finally approved a new ferry service."]
    recognised = [(word, 1.0 + 0.3 * n) for n, word in enumerate(words.text_words([_AROUND[2]])[0])]
    recognised += [("in", 10.0), ("the", 10.1), ("cold", 10.4), ("old", 10.8), ("it", 11.2), ("on", 11.5)]
    recognised += [("the", 18.1), ("spring", 18.2), ("the", 18.5), ("committee", 18.7), ("finally", 19.2)]
    sentence = _anchored_by_gaps(texts, recognised)[1]
    assert (sentence.first_anchor, sentence.time) == (2, 18.2)  # "spring", the first word of the main run


def test_unanchored_start_is_medium_only_when_held_close_and_long_enough_to_check():
    """Between words heard 6 s apart a ten-word sentence is held in place; "So..." there, or a
    sentence between words heard a minute apart, has only the DTW behind it: low."""
    loud = np.ones(120 * FPS, bool)
    sentences = [_heard(0, 1.0, 9, 4.0), _heard(), heard.Heard(1, 1), _heard(0, 10.0, 9, 13.0), _heard()]
    sentences.append(_heard(0, 80.0, 9, 83.0))
    starts = (np.array([1.0, 5.0, 8.0, 10.0, 40.0, 80.0]) * FPS).astype(int)
    confidence = anchor_starts.check_against_anchors(
        sentences, starts, np.zeros(6), loud, lambda k, guess: guess
    )
    assert confidence[1] == 0.6
    assert confidence[2] == 0.3
    assert confidence[4] == 0.3


def test_words_left_after_the_last_anchor_push_the_next_start_only_as_far_as_a_fast_reader():
    """The sentence before was last heard on its 6th of 15 words at 7.36 s; nine words later a
    fast reader is done by ~9.4 s, so a DTW start at 10.7 s for the next sentence stands."""
    before = heard.Heard(15, 15, first_anchor=0, time=6.6, last_anchor=5, last_time=7.36)
    sentences = [
        before,
        heard.Heard(3, 3),
        heard.Heard(8, 8, first_anchor=0, time=12.89, last_anchor=7, last_time=14.7),
    ]
    guesses = (np.array([6.6, 10.7, 12.89]) * FPS).astype(int)
    spoken = np.array([True, True, True])
    speech_between_anchors(sentences, spoken, guesses, [300, 150, 200], [0, 0, 0], np.ones(20 * FPS, bool))
    assert spoken.tolist() == [True, True, True]
    assert guesses[1] == int(10.7 * FPS)
    guesses[1] = int(8.0 * FPS)  # but not before the words it has left
    speech_between_anchors(sentences, spoken, guesses, [300, 150, 200], [0, 0, 0], np.ones(20 * FPS, bool))
    assert guesses[1] == int((7.36 + 10 * heard.FASTEST_SECONDS_PER_WORD) * FPS)


def test_a_spoken_sentence_after_a_skipped_paragraph_keeps_its_speech():
    """Unanchored: a skipped two-sentence paragraph, then "We have some new content." (DTW matched it).
    Only that sentence's speech is there: it is spoken, the paragraph before it is not."""
    sentences = [
        heard.Heard(10, 10, first_anchor=0, time=1.0, last_anchor=9, last_time=5.0),
        heard.Heard(14, 14),
        heard.Heard(13, 13),
        heard.Heard(5, 5),
        heard.Heard(10, 10, first_anchor=0, time=9.0, last_anchor=9, last_time=13.0),
    ]
    loud = np.zeros(20 * FPS, bool)
    loud[int(1.0 * FPS) : int(5.5 * FPS)] = True
    loud[int(7.0 * FPS) : int(8.6 * FPS)] = True  # the short sentence, after a pause
    loud[int(9.0 * FPS) : int(13.5 * FPS)] = True
    spoken = np.array([True, False, False, True, True])
    guesses = (np.array([1.0, 6.0, 6.5, 7.0, 9.0]) * FPS).astype(int)
    speech_between_anchors(sentences, spoken, guesses, [450, 450, 420, 150, 450], [0, 1, 1, 2, 2], loud)
    assert spoken.tolist() == [True, False, False, True, True]


def test_a_gap_run_that_leaves_no_time_for_the_words_after_it_does_not_anchor():
    """ "cardboard bicycles" heard 1 s before the next anchor, with 14 more words of the sentence
    still to say: even a fast reader needs ~3 s for them, so it was noise, not the sentence."""
    texts = [
        _AROUND[0],
        "Cardboard bicycles were tested by the council on a wet and windy morning near the old harbour wall.",
        _AROUND[2],
    ]
    recognised = [("the", 0.5), ("city", 0.7), ("council", 1.0), ("met", 1.4), ("on", 1.6)]
    recognised += [("cardboard", 8.0), ("bicycles", 8.4)]
    recognised += [("some", 9.0), ("members", 9.3), ("wanted", 9.7), ("to", 10.0), ("paint", 10.2)]
    assert _anchored_by_gaps(texts, recognised)[1].time is None
    recognised[5:7] = [("cardboard", 4.0), ("bicycles", 4.4)]  # time left before and after: anchors
    assert _anchored_by_gaps(texts, recognised)[1].time == 4.0


def test_between_two_paragraphs_of_about_the_same_length_the_dtw_decides_which_was_said():
    """Speech for one paragraph, and both would fit it: the one the DTW matched was said."""
    sentences = [
        heard.Heard(10, 10, first_anchor=0, time=1.0, last_anchor=9, last_time=5.0),
        heard.Heard(14, 14),
        heard.Heard(14, 14),
        heard.Heard(10, 10, first_anchor=0, time=13.0, last_anchor=9, last_time=17.0),
    ]
    loud = np.zeros(20 * FPS, bool)
    loud[int(1.0 * FPS) : int(5.5 * FPS)] = True
    loud[int(7.0 * FPS) : int(12.5 * FPS)] = True  # 5.5 s of speech: one paragraph
    loud[int(13.0 * FPS) : int(17.5 * FPS)] = True
    lengths, paragraphs = [450, 500, 560, 450], [0, 1, 2, 3]
    for dtw in ([True, True, False, True], [True, False, True, True]):
        spoken = np.array(dtw)
        guesses = (np.array([1.0, 7.0, 7.5, 13.0]) * FPS).astype(int)
        speech_between_anchors(sentences, spoken, guesses, lengths, paragraphs, loud)
        assert spoken.tolist() == dtw


def _steady(texts: list[str], recognised: list[tuple[str, float, float]]) -> list[words.Anchor]:
    known, owners, positions, _ = words.text_words(texts)
    return heard.steady_anchors(known, recognised, heard.joined_words(texts, owners, positions))


def test_a_run_heard_a_second_apart_where_the_text_runs_on_is_no_anchor():
    """Kitchen noise under the cold speaker was heard as "is ... the ... sick corpus", a second
    between words the text joins, seven seconds after that sentence: no anchor. Read, the same
    four words follow each other at once and anchor it."""
    texts = ["Alright, so this is the sick corpus.", _AROUND[0]]
    stumbling = [("is", 10.0, 10.2), ("the", 11.0, 11.1), ("sick", 12.0, 12.3), ("corpus", 12.35, 12.8)]
    assert len(words.anchors(words.text_words(texts)[0], stumbling)) == 4  # matched text alone: anchored
    assert _steady(texts, stumbling) == []
    read = [("is", 10.0, 10.2), ("the", 10.2, 10.3), ("sick", 10.3, 10.6), ("corpus", 10.6, 11.0)]
    assert [a.time for a in _steady(texts, read)] == [10.0, 10.2, 10.3, 10.6]


def test_a_pause_at_a_comma_does_not_cut_a_run():
    """ "My fellow Americans, | ask not": a speaker pauses at punctuation; the run stays whole."""
    texts = ["And so, my fellow Americans, ask not what your country can do for you."]
    recognised = [("my", 1.0, 1.2), ("fellow", 1.2, 1.5), ("americans", 1.5, 2.1), ("ask", 3.2, 3.5)]
    recognised += [("not", 3.5, 3.8)]
    assert len(_steady(texts, recognised)) == 5


def test_one_pause_inside_a_run_does_not_cut_it():
    """JFK pauses a second inside "ask not ... what your country" where the text runs on: a
    speaker's own pause, once, keeps the run an anchor (cut, it landed 4.3 s late after an ad)."""
    texts = ["And so, my fellow Americans, ask not what your country can do for you."]
    recognised = [
        ("ask", 48.33, 48.83),
        ("not", 49.06, 49.44),
        ("what", 50.45, 50.69),
        ("your", 50.69, 50.95),
    ]
    assert [a.time for a in _steady(texts, recognised)] == [48.33, 49.06, 50.45, 50.69]


def test_a_quiet_sentence_heard_as_words_is_spoken():
    """Between two anchored sentences, the cold speaker's 4 s are under the loudness threshold
    but the recogniser heard words there (none matching the text): the sentences were said. With
    nothing heard and no speech (room tone around show notes) they were not."""
    sentences = [
        heard.Heard(10, 10, first_anchor=0, time=1.0, last_anchor=9, last_time=5.0),
        heard.Heard(7, 7),
        heard.Heard(2, 2),
        heard.Heard(10, 10, first_anchor=0, time=11.0, last_anchor=9, last_time=15.0),
    ]
    loud = np.zeros(20 * FPS, bool)
    loud[int(1.0 * FPS) : int(5.5 * FPS)] = True
    loud[int(6.5 * FPS) : int(7.0 * FPS)] = True  # half a second of it over the threshold
    loud[int(11.0 * FPS) : int(15.5 * FPS)] = True
    recognised = [("from", 7.2, 7.5), ("the", 7.6, 7.8), ("by", 8.4, 8.9), ("by", 9.2, 9.6)]
    lengths, paragraphs = [450, 230, 60, 450], [0, 0, 0, 0]
    for heard_there, said in (([], False), (recognised, True)):
        spoken = np.array([True, False, True, True])
        guesses = (np.array([1.0, 6.5, 9.0, 11.0]) * FPS).astype(int)
        words_heard = heard_frames(len(loud), heard_there)
        speech_between_anchors(sentences, spoken, guesses, lengths, paragraphs, loud, words_heard)
        assert spoken.tolist() == [True, said, said, True]


_COLD = [
    _AROUND[0],
    "Alright, so this is the sick corpus.",
    "I have a cold, so this probably sounds a lot different than the acoustic corpus.",
    _AROUND[2],
]


def _cold_gap(inside: list[tuple[str, float]]) -> list[tuple[str, float]]:
    before = [("the", 0.5), ("city", 0.7), ("council", 1.0), ("met", 1.4), ("on", 1.6)]
    after = [("some", 15.0), ("members", 15.3), ("wanted", 15.7), ("to", 16.0), ("paint", 16.2)]
    return before + inside + after


def test_a_run_heard_again_without_its_first_word_anchors_only_where_the_text_puts_it():
    """Under a cold "the acoustic corpus" was heard as "the sick corpus", 4 s after "this sick corpus"
    itself (conversation seed 16): the later run is unique only by its "the", so it anchors nothing.
    Where the whole run is the first one heard (long reading seed 3), it still anchors."""
    late = _cold_gap(
        [("this", 5.0), ("sick", 6.0), ("corpus", 6.3), ("the", 9.0), ("sick", 9.6), ("corpus", 9.9)]
    )
    assert _anchored_by_gaps(_COLD, late)[1].time is None
    first = _cold_gap(
        [("the", 5.0), ("sick", 5.4), ("corpus", 5.7), ("of", 9.0), ("sick", 9.6), ("corpus", 9.9)]
    )
    assert _anchored_by_gaps(_COLD, first)[1].time == 5.0


def test_without_the_nearest_rule_the_later_run_anchors(monkeypatch):
    """The rule is what keeps the later "the sick corpus" out: without it that run anchors at 9.0 s."""
    monkeypatch.setattr(heard, "REPEATS_NEAREST", False)
    late = _cold_gap(
        [("this", 5.0), ("sick", 6.0), ("corpus", 6.3), ("the", 9.0), ("sick", 9.6), ("corpus", 9.9)]
    )
    assert _anchored_by_gaps(_COLD, late)[1].time == 9.0


_JFK = [
    _AROUND[0],
    "And so, my fellow Americans, ask not what your country can do for you;"
    " ask what you can do for your country.",
    _AROUND[2],
]


def _jfk_heard() -> list[tuple[str, float]]:
    """JFK pauses long: "my fellow americans" heard at his start, the steady run only 8 s later."""
    recognised = [("the", 0.5), ("city", 0.7), ("council", 1.0), ("met", 1.4), ("on", 1.6)]
    recognised += [("and", 3.0), ("our", 3.4), ("my", 3.7), ("fellow", 4.0), ("americans", 4.4)]
    recognised += [("not", 6.7), ("what", 8.1)]
    late = ["what", "you", "can", "do", "for", "your", "country"]
    recognised += [(word, 11.3 + 0.3 * n) for n, word in enumerate(late)]
    recognised += [("some", 15.0), ("members", 15.3), ("wanted", 15.7), ("to", 16.0), ("paint", 16.2)]
    return recognised


def _jfk_anchored() -> heard.Heard:
    texts = _JFK + [sentence for paragraph in SHORT_TEXT for sentence in paragraph]
    known, owners, positions, tokens = words.text_words(texts)
    recognised = [(word, start, start + 0.25) for word, start in _jfk_heard()]
    joined = heard.joined_words(texts, owners, positions)
    sentences = heard.sentence_anchors(
        heard.steady_anchors(known, recognised, joined), owners, positions, tokens
    )
    heard.anchor_heads(sentences, known, owners, positions, recognised, joined)
    return sentences[1]


def test_an_anchored_sentence_starts_at_its_own_words_heard_before_its_first_anchor():
    """JFK's sentence, anchored on its last seven words 8 s after it began, takes "my fellow
    americans" heard after the sentence before as its first anchor (conversation seed 8: +2954 ms)."""
    assert (_jfk_anchored().first_anchor, _jfk_anchored().time) == (2, 3.7)


def test_a_head_run_too_far_before_the_anchor_for_its_words_is_not_taken(monkeypatch):
    """Heard more than a slow reader's time for the words between (0.6 s a word and a 1.5 s pause)
    before the anchor, the earlier run is another sentence's: the anchor stays."""
    monkeypatch.setattr(heard, "SLOW_STEP_SECONDS", 0.3)  # 13 words: at most 5.4 s, and 7.6 s there
    assert _jfk_anchored().first_anchor == 15
