"""A turn nobody heard, forced as one window between the anchors around it (English, issue #13).

Where the recogniser anchors none of a run of sentences (the cold speaker under kitchen
noise), :mod:`earmark.align.pauses` lays the run out over a speech mask that misses most of
her voice, and the sentences land 1-10 s late; each sentence's forced window then opens
after its true start and fails. Forced alignment of the whole run at once, on a denoised
copy (:func:`earmark.align.rescue.denoised`), does reach the end: the grammar takes every
sentence's words in order, so each word has only the audio between its neighbours to
land in, and the starts it gives are within ~0.2 s where the layout was 1-4 s off
(conversation seed 7: the raw audio fails, the denoised copy succeeds). So a run of
unanchored doubtful sentences takes its starts from that pass; the word pass refines them.

Between two sentences the grammar takes up to two fillers, the single-phone ones too
(:data:`earmark.align.forcer.LEAD_FILLERS`, as before a rescued window's first word): with
one, a sentence's first word was drawn back over the pause or "um" before it ("I" of "Um, I
have a cold" 0.65 s long, -0.68 s; "Hopefully" -0.61 s); with them, -0.18 and -0.03 s.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import numpy as np

from .features import FPS
from .forced import (
    CONTEXT_WORDS,
    ISOLATED_SECONDS,
    LEAD_SECONDS,
    TAIL_SECONDS,
    Item,
    _flat,
    close_leading_gap,
    join_first_word,
    known_items,
    texts_dictionary,
)
from .forcer import Aligner
from .heard import Heard
from .onsets import Pauses
from .turn_checks import drawn_back, heard_apart, heard_pairs, least_seconds, out_of_order, over_quiet
from .turn_windows import MOST_SECONDS, Job, before_foreign, failed, force, force_whole, halves_failed
from .voice_rise import moved_words, voice_rise
from .words import Said

TRUST = 0.7  # a start this confident (or anchored, or locked) bounds a run ...
SURE = 0.8  # ... and one anchored this confident bounds it too
FEWEST = 2  # a single unanchored sentence is the word pass's to place
# ... counting only unanchored ones: the anchored line before a single one does not make it a run
# (conversation seeds 24, 28 on the Phones path: "And that should be all." forced onto the music bed
# before it, -0.9 s, where the word pass alone had it within 40 ms)
UNANCHORED_ONLY = True  # the Phones path only, as AD_AFTER
# Phones: a run needs FEWEST of its unanchored starts under PHONES_TRUST (the layout's doubt, 0.3-0.45),
# its members still up to TRUST: the long readings' cold lines at 0.5-0.6 were placed within 0.3 s, and
# forced with espeak-ng's phones they went 2-10 s early ("So this is the sick corpus." -3.3 s on long
# reading 6, "And here's a long pause." -8.7 s on 22)
DOUBTFUL_ONLY = True
PHONES_TRUST = 0.5
MOST_SENTENCES = 16  # longer runs are left to the layout (one utterance must stay short)
# A start the run's forced pass gave: each opens a forced window of its own in the word pass
# (word_times.WINDOW_EDGE) and keeps its place there unless that window disputes it (word_times.TRUSTED).
FORCED_CONFIDENCE = 0.6
HEAD = True  # the line before's words from its last heard one on are the window's context (long 16)
# A sentence's forced first word drawn back over the pause or filler before it leaves the start the
# layout's (and the confidence, and its words unforced, for the word pass to check): FIRST_WORD when it
# ends DRAWN_GAP before the second word, lasts DRAWN_LONGEST, or is one letter ("I") lasting DRAWN_LETTER
# (conversations 1, 2, 4, 5, 9: "And I'm also saying ..." -0.7..-2.2 s, the cough line -0.8 s); QUIET when
# it lies over a pause (under QUIET_SHARE of it speech) that ends at the layout's start (conv 2 "Lord,").
# (The measures: turn_checks.py.)
FIRST_WORD = True
QUIET = True
INTO_NEXT = True  # the run's last sentence forced past the next line's start leaves the layout's start
# A sentence whose run window failed is the word pass's, and so is the one before it: handed over at 0.6,
# that one's words made the word pass move the failed one early ("And I think this is probably good."
# -0.67/-0.78 s on long readings 10, 16; main's -0.12 with the line before left to it too)
BEFORE_LEFT = True
# A halved window's second half whose first word is forced within SEAM_SECONDS of where the first half's
# words ended leaves that sentence's start the layout's (as FIRST_WORD does): the first half squeezed its
# last sentence and the second's first word was drawn back to the seam (conversation seed 24: the cough
# line -1.39 s at 0.6; left, the word pass puts it -0.78 s, flagged)
SEAM = True
SEAM_SECONDS = 0.05
# The window ends where speech the text does not hold begins after the run's last laid-out start
# (conversation seed 20 on the Phones path: the ad read after her turn took four of its sentences, +12 s);
# where that leaves sentences unforced, the whole window is forced too, and the one with fewer failures kept
AD_AFTER = True
# A run's window that fails whole, and whose halves leave a sentence's first word unforced or forced
# into speech the text does not hold (an ad read, unsaid.foreign_speech), is forced whole again in other
# windows (the first that succeeds wins; else the halves stand). FOREIGN_END: kept out of that speech,
# opening where it ends, not LEAD_SECONDS into its tail (conversation seed 28: the cold turn's window
# failed, its halves too, and the layout stayed 1-4 s late), and ending where such speech begins after
# the run (conversation seed 22 with its ad line made unspoken by hand: the halves forced "And that
# should be good." over the ad, +4.7 s; cut at the ad, within 0.31 s).
FOREIGN_END = True
# ... and again opening RETRY_LEADS before the run's first laid-out start, where the window opened in
# the speech before it: the last reader's tail (long reading seed 20: opened 3.2 s before the cold
# speaker, the whole window and its halves failed and "And here's a long pause." stayed -6 s; from
# 0.4 s before, every start within 0.24 s after the word pass), or the ad's (conversation seed 28)
OPENINGS = True
RETRY_LEADS = (0.4, 0.2)
# Off: the retries also where the halves placed every first word outside foreign speech. On, over
# conversations 1-16 it fixed conv 1's "And I'm also saying ..." (-711 -> within 0.36 s) and conv 24's
# cough line (-1390 ms), but moved conv 17's cough line -191 -> -311 ms, which lost that case its aims.
ALWAYS = False
# A window moved past an ad read opens where speech resumes after it, not in the pause after it: with the
# sponsor line unspoken (unsaid.HEARD_SIDES) conv 18's run opened 2.2 s before its first line, at the ad's
# end, and the cough line was forced -0.77 s (from its spoken sponsor line's start, 65.2 s: -0.22 s).
RESUMED = True
# A kept first word forced on the filler and the pause before the voice (a pause inside its first two
# forced words) starts where the voice resumes (voice_rise.py: the cough line's "I" forced 0.19-0.31 s
# early, 14 of 28 conversations); handed on there, its length kept, the words after it no sooner.
VOICE_RISE = True
# A sentence's forced start leaves the line before it (the run's, or the last one kept) at least
# FASTEST_SECONDS_PER_WORD a word from that line's start: the grammar takes the line before's words only
# as optional context, and where a cold voice matched them worse than fillers it put the run's first
# sentence inside that line ("And here's a long pause." 0.9 s after the start of the 25-word line
# before it, -8.9 s, long reading seed 29). Too soon, it is left to the layout and the word pass.
PACED = True
# A first word drawn back (FIRST_WORD, SEAM, QUIET, INTO_NEXT) leaves the layout's start only where that start
# comes before the next kept line's forced one: a turn's opening line anchored on its phrase heard again in a
# later line ("so this is the sick corpus" in "... the acoustic corpus", conversation seed 31) sat 6.6 s late,
# after the next line, and the word pass moved both 11-13 s early, into the ad. Out of order, it takes its
# forced start instead (-0.9 s there, the clip's noise bed before "Alright,"), its confidence unraised.
ORDERED = True
# A sentence two of whose words in a row the recogniser heard before the run's pass forced its first word
# (a pair found once in the window's lines and heard once in it) was slid onto a later line's audio: it is
# neither kept nor counted failed, and the layout's start stays for the word pass (conversation seed 36:
# the cough line forced 3.2 s late onto "Yeah, so that just happened.", after its "cough here" was heard)
HEARD_APART = True
# A halved window's second half opens LEAD_SECONDS before the layout's start of its first sentence when the
# first half failed: that sentence forced no later than the layout's start took the window's first audio and
# is not kept (long reading seed 31: the layout had "And here's a long pause." 3.7 s early, the first half,
# the 25-word line before, failed, and the second half forced it 60 ms into its window, inside that line:
# -4.2 s at 0.6). The layout's start stays, for the word pass. (Forced later, it found its words: "And that
# should be good." 1.3 s into its window, +0.29 s, the layout's -0.41 s; conversation seed 6.)
GUESSED_HALF = True


def _runs(
    heard: list[Heard],
    spoken: np.ndarray,
    locked: np.ndarray,
    confidence: np.ndarray,
    unanchored: bool = False,
    doubt: float = 1.0,
) -> list[list[int]]:
    """Maximal runs of spoken, unlocked, doubtful sentences none of whose words anchored, each
    with the sentence before it when that one is anchored but not SURE: a turn's opening line
    anchored on its phrase heard again later in the turn (conversation seed 18: "so this is the
    sick corpus" heard 7 s late, in "so this probably sounds ... the acoustic corpus") leaves the
    run's window opening after the turn began. Only the line right before it in the text: past an
    unspoken line (an ad read between, conversation seed 7) the turn before is another's."""
    out: list[list[int]] = []
    run: list[int] = []
    last: int | None = None  # the spoken sentence before the run
    for k in range(len(heard)):
        if not spoken[k]:
            continue
        if not locked[k] and heard[k].time is None and confidence[k] < TRUST:
            if not run and last == k - 1 and not locked[last] and confidence[last] < SURE:
                run.append(last)
            run.append(k)
            continue
        if run:
            out.append(run)
        run = []
        last = k
    if run:
        out.append(run)

    def size(r: list[int]) -> int:
        own = [k for k in r if heard[k].time is None] if unanchored else r
        return sum(confidence[k] < doubt for k in own)

    return [r for r in out if size(r) >= FEWEST and len(r) <= MOST_SENTENCES]


def _word_times(times: list[tuple[int, float, float]], text: str) -> dict[int, tuple[float, float]]:
    """Per token, its forced time, with the forced pass's own mends (:func:`forced.join_first_word`,
    :func:`forced.close_leading_gap`): a first word forced far before the rest ("Alright," 2.5 s
    before "so", on conversation seed 13) is put right before the second."""
    per: dict[int, tuple[float, float]] = {}
    for token, a, b in times:
        per[token] = (min(a, per[token][0]), max(b, per[token][1])) if token in per else (a, b)
    join_first_word(per)
    close_leading_gap(per, text.split(), ISOLATED_SECONDS)
    return per


def _head(items: list[tuple[int, Item]], before: Heard) -> list[str]:
    """The line before's words as optional context: its last CONTEXT_WORDS, or (HEAD) every word
    from its last heard one on (all of them when none was heard), since the window opens after
    that word or at the line's start: "The recording environment ..." heard up to ~9 words before
    its end (long readings 1, 16), and with 3 of them as context the run's first sentence, "And
    here's a long pause.", was forced over the others (-4.0 s, -2.5 s) and the next one's first
    word onto its own."""
    words = _flat([w for _, w in items])[-CONTEXT_WORDS:]
    if HEAD:
        first = before.last_anchor if before.last_anchor is not None else 0
        rest = _flat([w for token, w in items if token >= first])
        if len(rest) > len(words):
            return rest
    return words


def _rise(
    samples: Callable[[float, float], np.ndarray], times: dict[int, tuple[float, float]]
) -> float | None:
    """Where the voice resumes after a pause the first two forced words were stretched over
    (:func:`voice_rise.voice_rise`); None where the forced start stands."""
    order = sorted(times)
    return voice_rise(samples, [times[0], times[order[1]]]) if len(order) > 1 else None


def _moved_to(times: dict[int, tuple[float, float]], rise: float) -> dict[int, tuple[float, float]]:
    """The forced words with the first one moved to ``rise`` (:func:`voice_rise.moved_words`), those
    that ended by the time it does left out (the noise's, not theirs). The first word is handed on
    there: left out, the word pass forced it again onto the noise (Phones, conversation seed 14: -0.82 s)."""
    order = sorted(times)
    moved = moved_words([times[t] for t in order], rise)
    return {t: (a, b) for t, (a, b) in zip(order, moved, strict=True) if t == 0 or b > a}


def _retries(
    foreign: np.ndarray | None, t0: float, t1: float, ad_end: float, first: float, last: int
) -> list[tuple[float, float]]:
    """Windows (seconds) to force a run in again when t0..t1 failed whole, before it is halved.
    FOREIGN_END: kept out of foreign speech, opening where the foreign speech before it ends
    (``ad_end``, not a lead into its tail) and ending where such speech begins after the run's
    last laid-out start (frame ``last``). OPENINGS: opening RETRY_LEADS before the run's first
    laid-out start ``first``, not in the speech before it."""
    end = t1
    out: list[tuple[float, float]] = []
    if FOREIGN_END and foreign is not None:
        ahead = np.flatnonzero(foreign[max(0, last) : int(t1 * FPS)])
        end = (max(0, last) + int(ahead[0])) / FPS if len(ahead) else t1
        out.append((max(t0, ad_end), end))
    if OPENINGS:
        out += [(max(t0, ad_end, first - lead), end) for lead in RETRY_LEADS]
    seen = {(t0, t1)}
    kept = []
    for window in out:
        if window not in seen and window[1] - window[0] > 0.5:
            seen.add(window)
            kept.append(window)
    return kept


def force_unanchored(
    samples: Callable[[float, float], np.ndarray],
    texts: list[str],
    heard: list[Heard],
    starts: np.ndarray,
    confidence: np.ndarray,
    spoken: np.ndarray,
    locked: np.ndarray,
    earliest: np.ndarray,
    duration: float,
    folder: str,
    write_dictionary: Callable[[list[str], str], None],
    foreign: np.ndarray | None = None,
    loud: np.ndarray | None = None,
    phones: bool = False,
    recognised: list[Said] | None = None,
) -> list[Said]:
    """Move the starts (frames, in place) of each run of unanchored doubtful sentences to where
    one forced pass over the run puts their first words; returns the words forced so, for the
    word pass to take as heard (it forces them again alone, raw, and fails). ``earliest``
    (seconds, per sentence) is where a run's window may open at the earliest (after the words
    heard before it), ``foreign`` (frames) speech the text does not hold, which it opens after;
    ``recognised``, the recogniser's words, checks the forced ones (HEARD_APART);
    ``phones`` (the Phones path): each window decoded with its own cepstral mean first, AD_AFTER,
    UNANCHORED_ONLY and DOUBTFUL_ONLY (on English the first two moved conversation 15's cough line 2.1 s:
    English keeps main's runs)."""
    doubt = PHONES_TRUST if phones and DOUBTFUL_ONLY else 1.0
    runs = _runs(heard, spoken, locked, confidence, UNANCHORED_ONLY and phones, doubt)
    pauses = Pauses(loud) if loud is not None else None
    said: list[Said] = []
    if not runs:
        return said
    dictionary, known = texts_dictionary(texts, folder, write_dictionary)
    aligner = Aligner(dictionary)
    items = [known_items(t, known) for t in texts]
    order = [k for k in range(len(texts)) if spoken[k]]
    for run in runs:
        at = order.index(run[0])
        before = order[at - 1] if at > 0 else None
        after_at = order.index(run[-1]) + 1
        after = order[after_at] if after_at < len(order) else None
        t0 = max(0.0, float(earliest[run[0]]), starts[before] / FPS if before is not None else 0.0)
        first = float(starts[run[0]]) / FPS
        ad_end = 0.0
        if foreign is not None:  # not over an ad read before the run
            ad = np.flatnonzero(foreign[int(t0 * FPS) : int(first * FPS)])
            if len(ad):
                t0 = ad_end = (int(t0 * FPS) + int(ad[-1]) + 1) / FPS
                if RESUMED and loud is not None:  # and where speech resumes after it
                    resumed = np.flatnonzero(loud[int(t0 * FPS) : int(first * FPS)])
                    if len(resumed):
                        t0 += int(resumed[0]) / FPS
        t0 = max(0.0, min(t0, first - LEAD_SECONDS))
        t1 = min(duration, (starts[after] / FPS + TAIL_SECONDS) if after is not None else duration)
        cut = (
            t1
            if not (phones and AD_AFTER and foreign is not None)
            else before_foreign(foreign, int(starts[run[-1]]), t1)
        )
        if not 0.5 < t1 - t0 <= MOST_SECONDS:
            continue
        context_before = _head(items[before], heard[before]) if before is not None else []
        context_after = _flat([w for _, w in items[after]])[:CONTEXT_WORDS] if after is not None else []
        if phones:  # the Phones path's measured windows (AD_AFTER); English: FOREIGN_END, OPENINGS
            job = Job(aligner, samples, items, starts, {k: [] for k in run}, {}, phones)
            if cut - t0 > 0.5:
                force(job, run, t0, cut, context_before, context_after)
            if cut < t1 and failed(job, run):  # a line the verdict kept may be the ad's own (conversation 22)
                wide = Job(aligner, samples, items, starts, {k: [] for k in run}, {}, phones)
                force(wide, run, t0, t1, context_before, context_after)
                job = wide if failed(wide, run) < failed(job, run) else job
        else:
            job = Job(aligner, samples, items, starts, {k: [] for k in run}, {}, phones)
            if force_whole(job, run, t0, t1, context_before, context_after) is None:
                force(job, run, t0, t1, context_before, context_after, whole=False)
                if ALWAYS or halves_failed(job, run, foreign):
                    for a, b in _retries(foreign, t0, t1, ad_end, first, int(starts[run[-1]])):
                        trial = Job(aligner, samples, items, starts, {k: [] for k in run}, {}, phones)
                        if force_whole(trial, run, a, b, context_before, context_after) is not None:
                            job = trial
                            break
        lines = [texts[j] for j in (before, *run, after) if j is not None]
        pairs = heard_pairs(lines, [w for w in recognised or [] if t0 <= w[1] < t1]) if HEARD_APART else {}
        floor = t0
        # (PACED) the earliest a sentence may start: the line before's start and its words at the fastest
        paced = starts[before] / FPS + least_seconds(texts[before]) if PACED and before is not None else 0.0
        kept: dict[int, tuple[int, list[Said]]] = {}  # sentence -> its forced start (frames), words
        left: set[int] = set()
        drawn_to: dict[int, float] = {}  # sentence -> its drawn-back forced start (seconds)
        for k in run:
            times = _word_times(job.per[k], texts[k])
            if 0 not in times or times[0][0] < max(floor, paced):
                left.add(k)  # its window failed, or its words fell before (or inside) the line before's
                continue
            if HEARD_APART and heard_apart(texts[k], times, pairs):
                continue  # forced onto another line's audio: the layout's start stands
            if GUESSED_HALF and k in job.guessed and times[0][0] <= job.guessed[k]:
                continue  # forced at its window's opening, the layout's guess after a failed first half
            drawn = FIRST_WORD and drawn_back(times, re.sub(r"\W", "", texts[k].split()[0]))
            # a second half's first word forced right where the first half ended: squeezed to the seam
            drawn = drawn or (SEAM and k in job.seams and times[0][0] - job.seams[k] <= SEAM_SECONDS)
            drawn = drawn or (QUIET and pauses is not None and over_quiet(times[0], int(starts[k]), pauses))
            if (
                INTO_NEXT
                and k == run[-1]
                and after is not None
                and max(y for _, y in times.values()) > starts[after] / FPS
            ):
                drawn = True  # forced into the next line, which bounds it (long reading seed 4: +1.5 s)
            if drawn:  # the layout's start stands, for the word pass to check (conversation seed 1)
                drawn_to[k] = times[0][0]
                continue
            floor = times[0][0]
            rise = _rise(samples, times) if VOICE_RISE else None
            if rise is not None:
                floor, times = rise, _moved_to(times, rise)
            if PACED:
                paced = floor + least_seconds(texts[k])
            kept[k] = (
                round(floor * FPS),
                [
                    (job.names[k, t], round(x, 3), round(y, 3))
                    for t, (x, y) in times.items()
                    if (k, t) in job.names
                ],
            )
        # the kept starts that stand: not one before a failed sentence (BEFORE_LEFT)
        standing = {k: v for k, v in kept.items() if not (BEFORE_LEFT and k + 1 in left)}
        if ORDERED:
            out_of_order(run, starts, standing, drawn_to)
        for k, (start, words) in standing.items():
            starts[k] = start
            confidence[k] = max(confidence[k], FORCED_CONFIDENCE)
            said += words
    return said
