"""Sentence starts checked against forced alignment, and every word of a synced sentence its time.

:func:`add_word_times` decides which sentences need a forced pass (:func:`needs_forcing`),
hands the windows to :mod:`earmark.align.forced`, then moves doubtful starts to
their forced first word and lowers the confidence of starts the forced words dispute.
"""

from __future__ import annotations

import itertools
import re
import tempfile
from collections.abc import Callable, Iterator

import numpy as np

from earmark.core.model import Segment, SegmentKind, Word

from . import phones_starts, phonetic
from .forced import ISOLATED_SECONDS, Timed, align_sentences, spoken_forms, tokens
from .lead_filler import after_um, with_spn_onset
from .onsets import Pauses, word_heard_at_onset
from .openings import at_own_comma, heard_opening
from .rescue import rescue_failed
from .said import heard_per_sentence
from .stream import Stream
from .turn_checks import drawn_back
from .voice_rise import resumed
from .word_evidence import (
    DISAGREE_SECONDS,
    ONSET_REACH,
    agrees,
    joins,
    onset_after,
    pair_agrees,
    rejoined,
    said_until,
    speech_with_heard,
)
from .words import Said, lexicon

WINDOW_EDGE = 0.6  # a start this confident begins a window of its own; doubtful ones join the one before
SURE = 0.8  # a start this confident is not doubted when forced alignment fails or disagrees
FAR_SECONDS = 0.2  # an unsure start whose unheard first word is forced this much later moves to it,
# or this much earlier when speech runs on without a pause from that word to the start: a drawn-out
# "and" (1.04 s, mfa_acoustic) joins "here's" after it, while the wrong earlier words (the suite's clean
# case "In the end they voted...", 0.57 s early) sat across a pause from the start, in the sentence before
# ... the earlier move only where the first word heard of it begins within EARLIER_SECONDS of its forced
# one (the recogniser's own precision): "He began a confused complaint ..." (LibriVox, conversations 23, 26)
# had its words forced 0.2-0.26 s before the heard ones, over the clip's room tone, and moved -0.45 s.
# English only: words heard by their phones are coarser (refused there, the earlier move that put "And I'm
# also saying ..." at -0.33 s left it +0.74..+0.9 s on conversations 15, 25, 27)
EARLIER_HEARD = True
EARLIER_SECONDS = 0.15
SLOW_WORD = 0.4  # seconds a first word may take, read slowly, before the recogniser's second
# The start rules below, each measured on its own on the real cases (docs/README-align.md, "Starts"):
VOUCH = True  # a failed or disagreeing forced pass casts no doubt where the recogniser heard the start
CONTRADICTED = True  # ... nor where the forced words contradict the recogniser's
CONFIRMED = True  # a doubtful start moved to forced words that agree with two heard ones is no longer low
RESCUE = True  # failed windows forced again in a chain, on a denoised copy (align/rescue.py)
OWN_HEARD = True  # heard words lying in the sentence before's forced words are not asked (_own_heard)
SPLIT_LAST = True  # ... nor one whose forced word is a last word split off onto what follows
HEARD_OPENING = True  # an unsure start far from its first two words, heard, moves to them (openings.py)
# ... a far later one's forced words agree with two heard in a row, not the first (word_evidence.pair_agrees);
# not a far earlier one: conv 16's "He began a confused complaint..." had its first three words forced
# squeezed 0.4 s early, the fourth on on the heard ones (-81 -> -471 ms). English only: on the Phones path
# it moved conv 16's "And so, my fellow Americans..." -9 -> +716 ms onto a pair its phones heard late
HEARD_PAIR = True
# ... and is no longer low there: the recogniser heard its first two words in a row, where its forced
# window, opened at the start it moves from, could not reach them
OPENING_AGREED = True
# A start about to move to its forced first word, forced on a filler's tail and the pause after it, moves
# to where the voice resumes (voice_rise.py, as turns.VOICE_RISE: the cough line -0.19/-0.31 s on
# conversations 8, 9, 11, 12, 17, where the word pass had moved it)
VOICE_RISE = True
OWN_COMMA = True  # ... or to its first words forced before a pause at its own comma (openings.py)
REJOIN = True  # a forced first word left on a filler is put right before the second word
REJOIN_FIRST = True  # Phones: ... before the rescue, which reads the next forced start as where a window ends
HEARD_RUNS_ON = True  # speech runs on (joins) through words the recogniser heard, however quiet
AFTER_LAST_WORD = True  # an unsure start is not before the heard end of the sentence before it
# ... and where its forced first word (rescued on a denoised copy too) lies within AGREE_SECONDS of that
# onset, the start is where two placements agree: AGREED, not DOUBT. The heard end of the sentence before
# bounds it from before, the onset and the forced word put it in the same place ("And I think this is
# probably good." on long readings 1-19: onset and rescued word 15-95 ms apart, the start -120..+66 ms off,
# all at 0.45 before; issue #13, session 13)
RESCUE_AT_ONSET = True
# ... but not where that first word was drawn back over a filler (turn_checks.drawn_back, as the turn pass
# reads its forced first words): the onset was the filler's, and so was the word ("I have a cold ..." rescued
# with "I" 0.37 s long on the "um", -0.86 s at 0.5, conversation seed 6)
ONSET_UNDRAWN = True
OVERLAP_SECONDS = 0.15  # a start this much before the last heard word of the sentence before ends is too soon
DOUBT = 0.45  # the confidence then (under the pane's low-confidence mark)
HEARD_ENOUGH = 0.5  # share of a sentence's known words heard for it to need no forced pass
TRUSTED = 0.5  # an engine start this confident keeps its place; below, the forced first word's start wins
AGREE_SECONDS = 0.2  # a doubtful start this close to its forced first word is no longer low (issue #13)
AGREED = 0.5  # its confidence then (the pane's low mark)
BOTH_FIRST = True  # an unsure start far from its first word, heard and forced at one time, moves there
BOTH_SECONDS = 0.1  # the heard and the forced first word begin this close together
UNHEARD_MOVE_SECONDS = 3.0  # a start moved farther than this to a forced first word, with no word of the
# sentence heard, is low: a filler and the pause after it explain ~2 s at most (mfa_cold's "uh" to "and":
# 1.9 s; right moves with nothing heard on the real cases 0.4-1.6 s), while a forcer "succeeding" in a
# window far longer than its text put "And that should be good." 5.2 s and "Alright, thanks." 20.6 s away
# (conversation seed 6)


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


def _own_heard(
    heard: dict[int, tuple[float, float]], result: Timed, before_end: float | None
) -> dict[int, tuple[float, float]]:
    """The heard words that may judge a sentence's forced words: less those the sentence before's
    forced words cover (the word's middle before their end) that also come over DISAGREE_SECONDS
    before this sentence's forced first word (such a word was given to this sentence only because its
    start was put too early: "I have a cold..." on conversations 8-15 had a stray "a" heard inside
    "...are okay." decide that the rescued words disagreed, though "cold so this" heard later sit on
    them to 50 ms; "Lord, but I'm glad..." in the suite's minute keeps its stray "I'm", heard after the
    sentence before ended), and less the last word when it was forced apart from the rest."""
    words = result.words
    last = len(words) - 1
    if SPLIT_LAST and result.forced and last >= 1 and words[last][0] - words[last - 1][1] > ISOLATED_SECONDS:
        # the forced last word over ISOLATED_SECONDS after the rest was forced onto what follows (the
        # window reaches into the next sentence): its heard time says nothing of the words before it.
        # "...a bunch of different words." (conversation seed 14): "words" forced 1.8 s after
        # "different", onto the next sentence; the heard "words" alone kept a start 0.9 s late
        heard = {k: t for k, t in heard.items() if k != last}
    if not OWN_HEARD or before_end is None:
        return heard
    early = result.start - DISAGREE_SECONDS
    return {k: t for k, t in heard.items() if not ((t[0] + t[1]) / 2 < before_end and t[0] < early)}


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


def _too_soon(segment: Segment, heard: dict[int, tuple[float, float]], over: float) -> bool:
    """An unsure start whose first word went unheard, set before the sentence before it is over
    ("And I think this is probably good." inside the cold speaker's "...a long pause", 0.7 s early)."""
    unsure = not segment.locked and (segment.confidence or 0.0) < SURE and 0 not in heard
    return unsure and float(segment.start) < over - OVERLAP_SECONDS


def _vouched(result: Timed, heard: dict[int, tuple[float, float]], start: float) -> bool:
    """Forced alignment failing or disagreeing says nothing against a start when the recogniser
    heard the sentence's first or second word right there (a cold voice the forced pass loses:
    "You can call me Abbie.", 5 ms off), or when the forced words contradict the recogniser's
    ("Lord, but I'm glad..." forced 2.5 s early into the ad, its start right)."""
    if not heard:
        return False
    first = min(heard)
    lead = heard[first][0] - start
    if VOUCH and first <= 1 and -DISAGREE_SECONDS / 2 <= lead <= DISAGREE_SECONDS / 2 + SLOW_WORD * first:
        return True
    return CONTRADICTED and result.forced and not agrees(result, heard)


def _drawn(result: Timed, text: str) -> bool:
    """The forced first word was drawn back over the pause or filler before it (turn_checks.drawn_back)."""
    first = re.sub(r"\W", "", text.split()[0]) if text.split() else ""
    return drawn_back(dict(enumerate(result.words)), first)


def _both_first(
    segment: Segment, result: Timed, heard: dict[int, tuple[float, float]], previous: float, hi: float
) -> bool:
    """The recogniser and the forced pass both put the sentence's first word at one time (within
    BOTH_SECONDS), over DISAGREE_SECONDS from an unsure start: two methods that agree on the word
    outweigh an onset. "I'm Abigail Claflin." (conversations 5, 14) opened 1.1 s early on a faint
    noise before the quiet voice; "I'm" was heard and forced at 101.48 s to the millisecond, the
    true start. (A heard first word alone moved right starts of the 98-minute reading to a "the"
    heard seconds later; the forced first word, timed from the start on, does not go there.)"""
    if not BOTH_FIRST or segment.locked or (segment.confidence or 0.0) >= SURE or 0 not in heard:
        return False
    if not (result.forced and result.first_word) or abs(result.words[0][0] - heard[0][0]) > BOTH_SECONDS:
        return False
    return abs(result.start - float(segment.start)) > DISAGREE_SECONDS and previous < result.start < hi


def add_word_times(
    chunks: Callable[[], Iterator[np.ndarray]],
    segments: list[Segment],
    duration: float,
    cancel: Callable[[], None] = lambda: None,
    recognised: list[Said] | None = None,
    speech: np.ndarray | None = None,
    language: str = "en",
    loudness: np.ndarray | None = None,
) -> None:
    """Give every timed speech sentence its words' times (in place), each sentence forced alone
    in the window from its start to the next one's; doubtful, unlocked starts move to the
    forced first word. ``recognised`` holds the recogniser's words over the episode: a
    sentence it heard well needs no forced pass (:func:`needs_forcing`); ``speech`` is the
    episode's speech mask (100 fps), which lets a start move earlier (:func:`runs_on`)."""
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
    lex = lexicon([s.text for s in timed], language, forced=True)  # other languages: espeak-ng's phones
    phones = phonetic.heard_by_phones(language)
    pauses = Pauses(speech) if speech is not None else None
    voiced = speech_with_heard(speech, recognised or [], loudness) if HEARD_RUNS_ON else speech
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
    leads: list[list[tuple[str, float, float]]] = [[] for _ in timed]
    rescue_leads: dict[int, list[tuple[str, float, float]]] = {}
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
            leads=leads,
            split_far=not phones,
        )
        free = [not s.locked for s in timed]
        texts = [s.text for s in timed]
        if REJOIN and REJOIN_FIRST and phones:
            found = [rejoined(result, segment.text) for segment, result in zip(timed, found, strict=True)]
        rescued = (
            rescue_failed(
                Stream(chunks), texts, found, free, duration, folder, lex.write, speech, phones, rescue_leads
            )
            if RESCUE
            else set()
        )
    if REJOIN:
        found = [rejoined(result, segment.text) for segment, result in zip(timed, found, strict=True)]
    # a short +SPN+ right before a forced first word took its first phone (lead_filler.py)
    found = [r if k in rescued else with_spn_onset(r, leads[k]) for k, r in enumerate(found)]
    previous = 0.0
    samples = Stream(chunks)  # for VOICE_RISE, asked in increasing time
    for k, (segment, result) in enumerate(zip(timed, found, strict=True)):
        later = [
            found[j].start if j in rescued else max(starts[j], found[j].start if found[j].forced else 0.0)
            for j in range(k + 1, len(timed))
        ]
        hi = later[0] if later else duration
        result = phones_starts.within_next(result, segment, hi, timed[k + 1 :]) if phones else result
        doubtful = not segment.locked and (segment.confidence or 0.0) < TRUSTED
        over = said_until(timed, heard, k) if AFTER_LAST_WORD and k else None
        at_onset = False
        if over is not None and _too_soon(segment, heard[k], over) and over < hi:
            # the sentence before is still being said: its last word, heard, ends later
            onset = onset_after(speech, over, hi)
            forced_after = (
                result.forced
                and result.first_word
                and over - OVERLAP_SECONDS <= result.start < hi
                # a denoised chain's "and" came 0.16 s before "pause" ended, another +0.23 s after
                # where speech resumed: a rescued start counts only over ONSET_REACH after that onset
                # (Phones long s1: "So this is the sick corpus." rescued 2 s after it, -0.43 s off)
                and (k not in rescued or result.start - onset > ONSET_REACH)
            )
            # the forced first word (rescued too) at that onset: two placements agree there
            at_onset = (
                RESCUE_AT_ONSET
                and not forced_after
                and result.forced
                and result.first_word
                and abs(result.start - onset) <= AGREE_SECONDS
                and not (ONSET_UNDRAWN and _drawn(result, segment.text))
            )
            segment.start = round(result.start if forced_after else onset, 3)
            if at_onset:
                segment.confidence, doubtful = AGREED, False
            elif not forced_after:
                segment.confidence = min(segment.confidence or 0.0, DOUBT)
            starts[k] = float(segment.start)
            result = Timed(
                starts[k], result.words, result.forced and (forced_after or at_onset), forced_after
            )
        heard[k] = phones_starts.outvoted(result, heard[k]) if phones else heard[k]
        # its first word forced from further back, where the recogniser's words of it agree, and far
        # enough from the start to be a filler's doing (closer, the refined onset is the finer one:
        # moved by 30-110 ms, the synthetic sample's starts went from max 25 to 132 ms off)
        moved = result.start - starts[k]
        later = moved > FAR_SECONDS and not word_heard_at_onset(
            recognised or [], pauses, starts[k], result.start
        )
        before = found[k - 1] if k else None
        own = _own_heard(heard[k], result, before.words[-1][1] if before and before.forced else None)
        earlier = -moved > FAR_SECONDS and joins(result, voiced, starts[k])
        backed = not EARLIER_HEARD or phones or agrees(result, own, EARLIER_SECONDS)
        far = later or (earlier and backed)
        far = far or (leading[k] and -moved > phones_starts.EARLIER_SECONDS)  # Phones, before a sure start
        far = far or (
            OWN_COMMA and -moved > FAR_SECONDS and at_own_comma(result.words, segment.text, starts[k])
        )
        agreed = agrees(result, own) or (HEARD_PAIR and not phones and later and pair_agrees(result, own))
        doubtful = doubtful or (reach[k] and far and result.first_word and agreed)
        doubtful = doubtful or (k not in rescued and _both_first(segment, result, heard[k], previous, hi))
        # a rescued first word right after the "um" the rescue forced, though its later words disagree
        doubtful = doubtful or (
            reach[k] and later and k in rescued and after_um(result, rescue_leads.get(k, []))
        )
        if phones and doubtful:  # a title the recogniser heard chance words in may give way
            previous = phones_starts.make_room(timed, found, k, previous)
        # a window forced again on a denoised copy (align/rescue.py) is weaker evidence than the
        # recogniser's: it agreed with a start 0.98 s early (long reading seed 4)
        rescue = k in rescued
        if result.forced and doubtful and previous < result.start < hi:
            if VOICE_RISE:  # its first words forced on a filler's tail and the pause after it
                moved_on = resumed(samples, result)
                result = moved_on if moved_on.start < hi else result
            # two methods agree: on the start, or the forced words with the recogniser's
            if (CONFIRMED and len(own) >= 2 and agrees(result, own)) or (
                not rescue and abs(result.start - float(segment.start)) <= AGREE_SECONDS
            ):
                segment.confidence = max(segment.confidence or 0.0, AGREED)
            elif rescue or (not heard[k] and abs(result.start - float(segment.start)) > UNHEARD_MOVE_SECONDS):
                segment.confidence = min(segment.confidence or 0.0, DOUBT)
            segment.start = round(result.start, 3)
        elif (
            not segment.locked
            and not at_onset
            and (segment.confidence or 0.0) < SURE
            and (not result.forced or rescue or abs(result.start - float(segment.start)) > DISAGREE_SECONDS)
            and not _vouched(
                Timed(result.start, result.words, False) if rescue else result, heard[k], float(segment.start)
            )
        ):  # forced alignment failing, or disagreeing with the start, is what real bad starts show
            segment.confidence = min(segment.confidence or 0.0, DOUBT)
        if HEARD_OPENING and not segment.locked and (segment.confidence or 0.0) < SURE:  # readings
            opened = heard_opening(float(segment.start), heard[k], DISAGREE_SECONDS, previous, hi)
            if OPENING_AGREED and opened != float(segment.start):
                segment.confidence = max(segment.confidence or 0.0, AGREED)
            segment.start = opened
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
