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
from dataclasses import dataclass

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
from .rescue import denoised
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
MOST_SECONDS = 60.0  # ... and so must the window
# A start the run's forced pass gave: each opens a forced window of its own in the word pass
# (word_times.WINDOW_EDGE) and keeps its place there unless that window disputes it (word_times.TRUSTED).
FORCED_CONFIDENCE = 0.6
SPLIT_SECONDS = 1.0  # a halved window's first half reaches this far past the second half's laid-out start
JOIN_BACK = 0.3  # the second half opens this long before the first half's last word ended
HEAD = True  # the line before's words from its last heard one on are the window's context (long 16)
# A sentence's forced first word drawn back over the pause or filler before it leaves the start the
# layout's (and the confidence, and its words unforced, for the word pass to check): FIRST_WORD when it
# ends DRAWN_GAP before the second word, lasts DRAWN_LONGEST, or is one letter ("I") lasting DRAWN_LETTER
# (conversations 1, 2, 4, 5, 9: "And I'm also saying ..." -0.7..-2.2 s, the cough line -0.8 s); QUIET when
# it lies over a pause (under QUIET_SHARE of it speech) that ends at the layout's start (conv 2 "Lord,").
FIRST_WORD = True
DRAWN_GAP = 0.28  # s (forced so on the right starts: 0-0.25 s)
DRAWN_LONGEST = 1.0  # s (a drawn-out "And" of hers, forced right: up to 0.68 s)
DRAWN_LETTER = 0.25  # s ("I", forced right: 0.06-0.20 s)
QUIET = True
QUIET_SHARE = 0.5
INTO_NEXT = True  # the run's last sentence forced past the next line's start leaves the layout's start
# A sentence whose run window failed is the word pass's, and so is the one before it: handed over at 0.6,
# that one's words made the word pass move the failed one early ("And I think this is probably good."
# -0.67/-0.78 s on long readings 10, 16; main's -0.12 with the line before left to it too)
BEFORE_LEFT = True
# The window ends where speech the text does not hold begins after the run's last laid-out start
# (conversation seed 20 on the Phones path: the ad read after her turn took four of its sentences, +12 s);
# where that leaves sentences unforced, the whole window is forced too, and the one with fewer failures kept
AD_AFTER = True
ONSET_FRAMES = 5  # the layout's start this close after speech resumes is at an onset


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


def _drawn_back(times: dict[int, tuple[float, float]], first: str) -> bool:
    """The forced first word ends DRAWN_GAP before the second begins: it was drawn back over the
    pause or filler before the sentence ("And" of "And I'm also saying ..." 0.7 s early, conversation
    seed 1), where the layout had the start right and the word pass would have checked it."""
    order = sorted(times)
    if len(order) < 2 or order[0] != 0:
        return False
    (a, b), c = times[0], times[order[1]][0]
    return c - b > DRAWN_GAP or b - a > DRAWN_LONGEST or (len(first) <= 1 and b - a > DRAWN_LETTER)


def _over_quiet(word: tuple[float, float], laid: int, pauses: Pauses) -> bool:
    """The forced first word lies mostly over a pause that ends where the layout put the start:
    it was drawn back over the pause ("Lord," 0.3 s early, conversation seed 2)."""
    a, b = int(word[0] * FPS), int(word[1] * FPS)
    return (
        b > a
        and int(word[0] * FPS) < laid
        and pauses.resumes_at(laid, ONSET_FRAMES)
        and pauses.speech[a:b].mean() < QUIET_SHARE
    )


def _before_foreign(foreign: np.ndarray, last: int, t1: float) -> float:
    """``t1`` (s), or where the first stretch of foreign speech that begins after frame ``last`` (the
    run's last laid-out start) does, if sooner: the run's words are not to be forced into an ad."""
    span = foreign[last : int(t1 * FPS)]
    rises = np.flatnonzero(span[1:] & ~span[:-1]) + 1
    return (last + int(rises[0])) / FPS if len(rises) else t1


@dataclass(slots=True)
class Job:
    """What forcing one run needs, and the forced words found (``per``: sentence -> token, start, end)."""

    aligner: Aligner
    samples: Callable[[float, float], np.ndarray]
    items: list[list[tuple[int, Item]]]
    starts: np.ndarray
    per: dict[int, list[tuple[int, float, float]]]
    names: dict[tuple[int, int], str]  # (sentence, token) -> the forced word's name, for the word pass
    phones: bool = False  # the Phones path: each window decoded with its own cepstral mean (rescue.OWN_CMN)


def _failed(job: Job, run: list[int]) -> int:
    """How many of the run's sentences had no first word forced."""
    return sum(all(token != 0 for token, _, _ in job.per[k]) for k in run)


def _force(job: Job, part: list[int], a: float, b: float, head: list[str], tail: list[str]) -> float | None:
    """Force ``part`` in a..b seconds (into ``per``); the end of its last word, or None.
    A window that fails is halved at its middle sentence's laid-out start, the first half
    forced up to SPLIT_SECONDS after it and the second from where the first half ended."""
    words = [w for k in part for _, w in job.items[k]]
    owners = [(k, token) for k in part for token, _ in job.items[k]]
    if not words or not 0.5 < b - a <= MOST_SECONDS:
        return None
    pcm = (np.clip(denoised(job.samples(a, b)), -1, 1) * 32767).astype("<i2").tobytes()
    breaks = frozenset(n for n in range(1, len(owners)) if owners[n][0] != owners[n - 1][0])
    found = job.aligner.align(pcm, words, head, tail, lead=True, breaks=breaks, own_cmn=job.phones)
    if found is not None:
        for index, x, y in found:
            k, token = owners[index]
            job.per[k].append((token, a + x, a + y))
            if isinstance(words[index], str):
                job.names.setdefault((k, token), words[index])
        return a + found[-1][2]
    if len(part) < 2:
        return None
    h = len(part) // 2
    guess = float(job.starts[part[h]]) / FPS
    left = _force(
        job,
        part[:h],
        a,
        min(b, guess + SPLIT_SECONDS),
        head,
        _flat([w for _, w in job.items[part[h]]])[:CONTEXT_WORDS],
    )
    resume = max(a, left - JOIN_BACK) if left is not None else max(a, guess - LEAD_SECONDS)
    return _force(
        job, part[h:], resume, b, _flat([w for _, w in job.items[part[h - 1]]])[-CONTEXT_WORDS:], tail
    )


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
) -> list[Said]:
    """Move the starts (frames, in place) of each run of unanchored doubtful sentences to where
    one forced pass over the run puts their first words; returns the words forced so, for the
    word pass to take as heard (it forces them again alone, raw, and fails). ``earliest``
    (seconds, per sentence) is where a run's window may open at the earliest (after the words
    heard before it), ``foreign`` (frames) speech the text does not hold, which it opens after;
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
        if foreign is not None:  # not over an ad read before the run
            ad = np.flatnonzero(foreign[int(t0 * FPS) : int(first * FPS)])
            if len(ad):
                t0 = (int(t0 * FPS) + int(ad[-1]) + 1) / FPS
        t0 = max(0.0, min(t0, first - LEAD_SECONDS))
        t1 = min(duration, (starts[after] / FPS + TAIL_SECONDS) if after is not None else duration)
        cut = (
            t1
            if not (phones and AD_AFTER and foreign is not None)
            else _before_foreign(foreign, int(starts[run[-1]]), t1)
        )
        if not 0.5 < t1 - t0 <= MOST_SECONDS:
            continue
        context_before = _head(items[before], heard[before]) if before is not None else []
        context_after = _flat([w for _, w in items[after]])[:CONTEXT_WORDS] if after is not None else []
        job = Job(aligner, samples, items, starts, {k: [] for k in run}, {}, phones)
        if cut - t0 > 0.5:
            _force(job, run, t0, cut, context_before, context_after)
        if cut < t1 and _failed(job, run):  # a line the verdict kept may be the ad's own (conversation 22)
            wide = Job(aligner, samples, items, starts, {k: [] for k in run}, {}, phones)
            _force(wide, run, t0, t1, context_before, context_after)
            job = wide if _failed(wide, run) < _failed(job, run) else job
        floor = t0
        kept: dict[int, tuple[int, list[Said]]] = {}  # sentence -> its forced start (frames), words
        left: set[int] = set()
        for k in run:
            times = _word_times(job.per[k], texts[k])
            if 0 not in times or times[0][0] < floor:
                left.add(k)  # its window failed, or its words fell before the line before's
                continue
            drawn = FIRST_WORD and _drawn_back(times, re.sub(r"\W", "", texts[k].split()[0]))
            drawn = drawn or (QUIET and pauses is not None and _over_quiet(times[0], int(starts[k]), pauses))
            if (
                INTO_NEXT
                and k == run[-1]
                and after is not None
                and max(y for _, y in times.values()) > starts[after] / FPS
            ):
                drawn = True  # forced into the next line, which bounds it (long reading seed 4: +1.5 s)
            if drawn:  # the layout's start stands, for the word pass to check (conversation seed 1)
                continue
            floor = times[0][0]
            kept[k] = (
                round(floor * FPS),
                [
                    (job.names[k, t], round(x, 3), round(y, 3))
                    for t, (x, y) in times.items()
                    if (k, t) in job.names
                ],
            )
        for k, (start, words) in kept.items():
            if BEFORE_LEFT and k + 1 in left:
                continue
            starts[k] = start
            confidence[k] = max(confidence[k], FORCED_CONFIDENCE)
            said += words
    return said
