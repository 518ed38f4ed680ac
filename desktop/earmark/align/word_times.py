"""Sentence starts checked against forced alignment, and every word of a synced sentence its time (English).

:func:`add_word_times` decides which sentences need a forced pass (:func:`needs_forcing`),
hands the windows to :mod:`earmark.align.forced`, then moves doubtful starts to
their forced first word and lowers the confidence of starts the forced words dispute.
"""

from __future__ import annotations

import itertools
import tempfile
from collections.abc import Callable, Iterator

import numpy as np

from earmark.core.model import Segment, SegmentKind, Word

from . import phones_starts, phonetic
from .forced import Timed, align_sentences, spoken_forms, tokens
from .said import heard_per_sentence
from .stream import Stream
from .words import Said, lexicon

WINDOW_EDGE = 0.6  # a start this confident begins a window of its own; doubtful ones join the one before
SURE = 0.8  # a start this confident is not doubted when forced alignment fails or disagrees
DISAGREE_SECONDS = 0.3  # a forced first word this far from the start casts doubt on it
FAR_SECONDS = 0.2  # an unsure start whose unheard first word is forced this much later moves to it
# ... or this much earlier: at 0.2 the noisy synthetic case had two starts pulled 0.2-0.3 s early into
# the noise (max 74 -> 284 ms); a drawn-out "and" before the first word is longer than that
# (never, for now: an earlier move put "In the end they voted..." of the suite's clean case 0.57 s early;
# the drawn-out "and" of "And here's some more words..." is left +0.9 s late)
EARLIER_SECONDS = float("inf")
DOUBT = 0.45  # the confidence then (under the pane's low-confidence mark)
HEARD_ENOUGH = 0.5  # share of a sentence's known words heard for it to need no forced pass
TRUSTED = 0.5  # an engine start this confident keeps its place; below, the forced first word's start wins
AGREE_SECONDS = 0.2  # a doubtful start this close to its forced first word is no longer low (issue #13)
AGREED = 0.5  # its confidence then (the pane's low mark)


def needs_forcing(
    segment: Segment, heard: dict[int, tuple[float, float]], vocabulary: frozenset[str] | None = None
) -> bool:
    """A sentence is forced when its start is doubtful, is under SURE with its first word not heard
    in its span (a start set from an anchor on a later word: on the real cases 15 of 45 starts at
    0.7 were > 0.5 s off), or the recogniser heard under HEARD_ENOUGH of its known words; otherwise
    the heard words' times, the rest sharing the gaps by length, are as close (median 6 ms on the
    real readings' right starts, both ways) at no cost."""
    if segment.locked:
        return False
    if (segment.confidence or 0.0) < TRUSTED:
        return True
    if (segment.confidence or 0.0) < SURE and 0 not in heard:
        return True  # its first word unheard: only forced alignment can check the start (issue #13)
    if vocabulary is None:
        from .words import _vocabulary

        vocabulary = _vocabulary()
    known = [
        k for k, said in enumerate(spoken_forms(segment.text)) if said and all(w in vocabulary for w in said)
    ]
    return bool(known) and sum(k in heard for k in known) < HEARD_ENOUGH * len(known)


def _agrees(result: Timed, heard: dict[int, tuple[float, float]]) -> bool:
    """The forced words agree with the first word the recogniser heard in the sentence (within
    DISAGREE_SECONDS): "Lord, but I'm glad..." forced into the ad before it had "I'm" 2.8 s early."""
    if not heard:
        return True
    first = min(heard)
    return abs(result.words[first][0] - heard[first][0]) <= DISAGREE_SECONDS


def unsure_first_word(
    segment: Segment, heard: dict[int, tuple[float, float]], vocabulary: frozenset[str]
) -> bool:
    """An unlocked start under SURE whose first word the recogniser did not hear (though it is a
    word it knows): the start was guessed back from a later word, and an "um" or a drawn-out "and"
    before the first word is where such guesses go wrong (real conversation: +0.9 s and -0.6 s)."""
    if segment.locked or (segment.confidence or 0.0) >= SURE or 0 in heard:
        return False
    first = spoken_forms(segment.text)[:1]
    return bool(first and first[0]) and all(w in vocabulary for w in first[0])


def add_word_times(
    chunks: Callable[[], Iterator[np.ndarray]],
    segments: list[Segment],
    duration: float,
    cancel: Callable[[], None] = lambda: None,
    recognised: list[Said] | None = None,
    language: str = "en",
) -> None:
    """Give every timed speech sentence its words' times (in place), each sentence forced alone
    in the window from its start to the next one's; doubtful, unlocked starts move to the
    forced first word. ``recognised`` holds the recogniser's words over the episode: a
    sentence it heard well needs no forced pass (:func:`needs_forcing`)."""
    indices = [
        i
        for i, s in enumerate(segments)
        if s.kind is SegmentKind.SPEECH and s.start is not None and tokens(s.text)
    ]
    timed = [segments[i] for i in indices]
    if not timed:
        return
    heard = heard_per_sentence(
        [s.text for s in timed], [float(s.start or 0.0) for s in timed], duration, recognised or []
    )
    lex = lexicon([s.text for s in timed], language)  # other languages: espeak-ng's phones
    phones = phonetic.heard_by_phones(language)
    sure = [bool(s.locked) or (s.confidence or 0.0) >= SURE for s in timed]
    leading = [phones and not any(sure[:k]) for k in range(len(timed))]  # Phones: before a sure start
    if phones:
        phones_starts.to_heard_first_words(timed, heard, SURE)
    force = [
        needs_forcing(segment, times, lex.vocabulary) for segment, times in zip(timed, heard, strict=True)
    ]
    reach = [unsure_first_word(s, times, lex.vocabulary) for s, times in zip(timed, heard, strict=True)]
    force = [f or r for f, r in zip(force, reach, strict=True)]
    starts = [float(s.start) for s in timed]
    ends = [float(s.end if s.end is not None else s.start) for s in timed]
    with tempfile.TemporaryDirectory(prefix="earmark-forced-") as folder:
        trusted = [bool(s.locked) or (s.confidence or 0.0) >= WINDOW_EDGE for s in timed]
        found = align_sentences(
            Stream(chunks),
            [s.text for s in timed],
            starts,
            ends,
            trusted,
            duration,
            folder,
            cancel,
            heard,
            force,
            lex.write,
            reach,
            past_doubt=leading,
        )
    previous = 0.0
    for k, (segment, result) in enumerate(zip(timed, found, strict=True)):
        later = [max(starts[j], found[j].start if found[j].forced else 0.0) for j in range(k + 1, len(timed))]
        hi = later[0] if later else duration
        doubtful = not segment.locked and (segment.confidence or 0.0) < TRUSTED
        # its first word forced from further back, where the recogniser's words of it agree, and far
        # enough from the start to be a filler's doing (closer, the refined onset is the finer one:
        # moved by 30-110 ms, the synthetic sample's starts went from max 25 to 132 ms off)
        moved = result.start - starts[k]
        far = moved > FAR_SECONDS or -moved > (
            phones_starts.EARLIER_SECONDS if leading[k] else EARLIER_SECONDS
        )
        doubtful = doubtful or (reach[k] and far and result.first_word and _agrees(result, heard[k]))
        if phones and doubtful:  # a title the recogniser heard chance words in may give way
            previous = phones_starts.make_room(timed, found, k, previous)
        if result.forced and doubtful and previous < result.start < hi:
            if abs(result.start - float(segment.start)) <= AGREE_SECONDS:  # two methods agree
                segment.confidence = max(segment.confidence or 0.0, AGREED)
            segment.start = round(result.start, 3)
        elif (
            not segment.locked
            and (segment.confidence or 0.0) < SURE
            and (not result.forced or abs(result.start - float(segment.start)) > DISAGREE_SECONDS)
        ):  # forced alignment failing, or disagreeing with the start, is what real bad starts show
            segment.confidence = min(segment.confidence or 0.0, DOUBT)
        previous = float(segment.start)
        start = float(segment.start)
        end = max(float(segment.end or start), result.words[-1][1] if result.forced else start)
        end = min(end, hi) if hi > start else end
        words, at = [], start
        for n, (token, (a, b)) in enumerate(zip(tokens(segment.text), result.words, strict=True)):
            a = start if n == 0 else min(max(a, at), end)
            b = min(max(b, a + 0.01), max(end, a + 0.01))
            words.append(Word(token, round(a, 3), round(b, 3)))
            at = a
        segment.words = words
    for a, b in itertools.pairwise(timed):
        if a.end is not None and b.start is not None and a.end > b.start:
            a.end = max(float(a.start or 0.0), b.start)
