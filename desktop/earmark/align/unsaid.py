"""Speech the text does not hold (an ad read, a host's aside), found from the words heard in it.

The recogniser listens with a language model of the text around each utterance, so over
fluent speech the text does not hold it still hears words, densely (function words, names
from nearby sentences), and none of them line up into an anchor. Real sentences nothing
anchors (a speaker with a cold under noise, a quiet far-field one) are heard sparsely.
No sentence should start inside such a stretch, and its speech is not speech of the text.
Times are seconds for heard words and 100 fps frames for masks and starts.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable

import numpy as np

from .features import FPS
from .heard import SECONDS_PER_WORD, Heard, unanchored_runs
from .reading import spoken_tokens
from .said import heard_in_span
from .words import Said

# On the real cases (conversations seeds 1-12, issue #13) an ad read of ~15 s is heard as 45-51
# words at 3.6-4.7 a second (words at most WORD_GAP apart); every real turn nothing anchors gave
# at most 19 words in such a stretch, and those at 1.4-2.0 a second (8 words at 3.2-3.6 at most).
WORD_GAP_SECONDS = 1.5  # heard words this close belong to one stretch of speech
DENSE_WORDS = 30  # a stretch with this many heard words...
DENSE_RATE = 3.0  # ...at this many a second, with no anchor in it, is speech the text does not hold
OWN_LETTERS = 4  # a heard word this long places its sentence after a stretch
EDGE_SECONDS = 0.25  # quiet shorter than this does not end the stretch's speech (loudness mask)
TAIL_SECONDS = 2.0  # loud bits this soon after the stretch...
SYLLABLE_SECONDS = 0.1  # ...and shorter than this are its tail (a breath, a click), not a new sentence
_LETTERS = re.compile(r"[^a-z]", re.IGNORECASE)
# A stretch's words past its last pause over EDGE_GAP_SECONDS (or before its first) are a sentence's of
# the gap when they hold one of its own words, not the foreign speech's
OWN_EDGES = True
EDGE_GAP_SECONDS = 1.0
# The sentences of a paragraph (a turn) before the first one heard after a stretch were said after it too, not
# left unsaid for want of room before it: text is left unsaid by whole paragraphs (Phones, conversation seed
# 28: her turn's first two lines untimed, its third heard after the ad)
SAME_PARAGRAPH = True
# Around one stretch, a paragraph is said on a side only if some of its own words were heard there, among
# the splits whose sides fit their speech as well (within SIDE_FIT of it, or SIDE_SLACK_SECONDS): the
# sponsor line beside the ad fills a slow cold speaker's extra speech before it (conv 20, 22) or the next
# turn's speech after it (conv 18) as well as nothing, but none of its words is heard on either side.
HEARD_SIDES = True
SIDE_FIT = 0.3
SIDE_SLACK_SECONDS = 0.3


def foreign_speech(
    heard: list[Heard], recognised: list[Said], loud: np.ndarray, texts: list[str] | None = None
) -> np.ndarray:
    """The frames of speech the text does not hold: stretches of densely heard words in the
    gaps between anchored sentences (or before the first, after the last), each widened to the
    loud speech it sits in; with ``texts`` (OWN_EDGES), less the words past its first or last
    pause over EDGE_GAP_SECONDS that hold an own word of the gap's sentences."""
    out = np.zeros(len(loud), bool)
    times = sorted(recognised, key=lambda r: r[1])
    starts = [r[1] for r in times]  # bisected per gap: a 98-minute episode has thousands of gaps
    end_of_audio = len(loud) / FPS
    for k, end in unanchored_runs(heard):
        lo = _after_previous(heard, k)
        hi = _before_next(heard[end]) if end < len(heard) else end_of_audio
        near = times[bisect.bisect_left(starts, lo) : bisect.bisect_right(starts, hi)]
        inside = [r for r in near if r[2] <= hi]
        own = _own_words(texts[k:end]) if texts is not None and OWN_EDGES else set()
        for first, last in _stretches(inside, own):
            out[_widen(loud, int(first * FPS), int(last * FPS), int(lo * FPS), int(hi * FPS))] = True
    return out


def _after_previous(heard: list[Heard], k: int) -> float:
    """Where the gap after the anchored sentence before sentence k begins: when that sentence
    is over, read slowly (the words after its last anchor are its own)."""
    slow = heard[k - 1].ends_after(SECONDS_PER_WORD) if k > 0 else None
    return 0.0 if slow is None else slow


def _before_next(h: Heard) -> float:
    """The latest time the gap before an anchored sentence reaches: before the words its
    first anchor is expected to follow (those are heard too, and are the text's)."""
    assert h.time is not None
    return h.time - 1.5 * h.lead - 0.5


def _stretches(inside: list[Said], own: frozenset[str] | set[str] = frozenset()) -> list[tuple[float, float]]:
    """(first word's start, last word's end) of each dense stretch of heard words, less its
    edges that hold ``own`` words (:func:`_own_edges`)."""
    out, group = [], []
    for said in [*inside, None]:
        if said is not None and (not group or said[1] - group[-1][2] <= WORD_GAP_SECONDS):
            group.append(said)
            continue
        if group:
            span = max(group[-1][2] - group[0][1], 1e-6)
            if len(group) >= DENSE_WORDS and len(group) / span >= DENSE_RATE:
                kept = _own_edges(group, own)
                out.append((kept[0][1], kept[-1][2]))
        group = [said] if said is not None else []
    return out


def _own_words(texts: list[str]) -> set[str]:
    """The words of OWN_LETTERS or more of these sentences (not a chance "the")."""
    return {
        w
        for t in texts
        for token in spoken_tokens(t)
        for w, _ in token
        if len(_LETTERS.sub("", w)) >= OWN_LETTERS
    }


def _own_edges(group: list[Said], own: frozenset[str] | set[str]) -> list[Said]:
    """A dense stretch less the words after its last pause over EDGE_GAP_SECONDS, and before its
    first, where those hold an own word of the gap's sentences and the rest is still dense
    (DENSE_WORDS): a sentence said right after an ad read, its words heard as densely, joined the
    ad's stretch across a 1.4 s pause and was marked unsaid ("Will we ever forget it.", its "forget"
    heard; conversation seed 29). (The whole ad after a pause past its first word holds the nearby
    text's words too: "sick", "this" on conversation seed 7; it stays.)"""
    gaps = [n for n in range(1, len(group)) if group[n][1] - group[n - 1][2] > EDGE_GAP_SECONDS]
    lo, hi = 0, len(group)
    if gaps and gaps[-1] >= DENSE_WORDS and any(w[0] in own for w in group[gaps[-1] :]):
        hi = gaps[-1]
    if gaps and hi - gaps[0] >= DENSE_WORDS and any(w[0] in own for w in group[: gaps[0]]):
        lo = gaps[0]
    return group[lo:hi]


def _widen(loud: np.ndarray, first: int, last: int, lo: int, hi: int) -> slice:
    """The frames first..last, widened over the loud speech around them (pauses shorter than
    EDGE_SECONDS inside it) but not past the gap lo..hi, so the stretch ends where that speech ends."""
    bridge = int(EDGE_SECONDS * FPS)
    lo, hi = max(0, lo), min(len(loud), hi)
    a, b = max(lo, first), min(hi, max(last, first))
    while a > lo and loud[max(lo, a - bridge) : a].any():
        a -= 1
    while b < hi and loud[b : min(hi, b + bridge)].any():
        b += 1
    while True:  # and over a click or breath just after it (a speech island shorter than a syllable)
        ahead = np.flatnonzero(loud[b : min(hi, b + int(TAIL_SECONDS * FPS))])
        if not len(ahead):
            break
        island = b + int(ahead[0])
        stop = island
        while stop < hi and loud[stop]:
            stop += 1
        if stop - island >= int(SYLLABLE_SECONDS * FPS):
            break
        b = stop
    return slice(a, b)


def place_after(
    heard: list[Heard],
    spoken: np.ndarray,
    guesses: np.ndarray,
    lengths: list[int],
    foreign: np.ndarray,
    speech: np.ndarray,
    enough: float,
    texts: list[str],
    recognised: list[Said],
    paragraphs: list[int] | None = None,
) -> None:
    """No unanchored sentence starts inside speech the text does not hold (flags and guesses
    changed in place). The sentence whose own words are heard first after such a stretch, and
    those after it, start after it; the ones before it in the text were said before the stretch,
    where the speech there holds ``enough`` of their lengths, or not at all, but for those of its
    own paragraph (``paragraphs``, with SAME_PARAGRAPH), which start after it too. With no word of
    the run heard after it, one goes before it only while that speech holds it, else after it."""
    if not foreign.any():
        return
    edges = np.flatnonzero(np.diff(np.concatenate([[0], foreign.astype(np.int8), [0]])))
    spans = list(zip(edges[::2], edges[1::2], strict=True))
    for k, end in unanchored_runs(heard):
        lo = int(_after_previous(heard, k) * FPS)
        hi = int(heard[end].time * FPS) if end < len(heard) and heard[end].time is not None else len(foreign)
        for a, b in spans:
            if not (a < hi and b > lo):
                continue
            room = int((speech[lo : max(lo, a)] & ~foreign[lo : max(lo, a)]).sum())
            found = _heard_first(texts, k, end, recognised, b / FPS, hi / FPS)
            first = found[0] if found is not None else None
            if found is not None:  # back from its heard word by the share of the text before it
                j, heard_at, before = found
                at = int(heard_at * FPS - before * lengths[j])
                guesses[j] = max(int(guesses[j]), int(b), min(at, int(heard_at * FPS)))
            need = 0.0
            for j in range(k, end):
                if not spoken[j]:
                    continue
                if first is not None and j >= first:
                    floor = int(guesses[first]) if spoken[first] else int(b)
                    guesses[j] = max(int(guesses[j]), int(b), floor)
                    continue
                if first is not None and SAME_PARAGRAPH and paragraphs and paragraphs[j] == paragraphs[first]:
                    guesses[j] = max(int(guesses[j]), int(b))  # a turn is said whole, on one side
                    continue
                need += enough * lengths[j]
                if need > room and first is not None:
                    spoken[j] = False  # before words heard after the stretch, with no speech for it
                elif need > room:
                    guesses[j] = max(int(guesses[j]), int(b))
                elif a <= guesses[j] < b:
                    guesses[j] = a - 1


def one_stretch(foreign: np.ndarray | None, lo: int, hi: int) -> tuple[int, int] | None:
    """The one stretch of speech the text does not hold between frames lo and hi, clipped to them
    (None if there is none, or more than one)."""
    if foreign is None:
        return None
    inside = foreign[max(0, lo) : max(0, hi)].astype(np.int8)
    edges = np.flatnonzero(np.diff(np.concatenate([[0], inside, [0]])))
    if len(edges) != 2:
        return None
    return max(0, lo) + int(edges[0]), max(0, lo) + int(edges[1])


def around_stretch(
    lengths: list[int],
    parts: list[tuple[int, int]],
    speech: np.ndarray,
    lo: int,
    hi: int,
    stretch: tuple[int, int],
    guesses: np.ndarray,
    pace: float = 1.0,
    loud: np.ndarray | None = None,
    heard_in: Callable[[int, int, int, int], bool] | None = None,
) -> list[tuple[int, int, list[bool]]]:
    """Which paragraphs of an unanchored run (``parts``: each paragraph's first and past-last
    sentence, in order) were said, around one stretch of speech the text does not hold (frames
    ``stretch``) between frames lo and hi: (first, past-last, spoken flags) per paragraph. Text
    the audio does not hold ("A word from our sponsor", an ad break's line) stands in the text
    where the audio holds what the text does not: the paragraphs said before the stretch fill the
    speech before it, those said after it the speech after it, and the ones left between are the
    unspoken ones. Of the splits, the one whose two sides best fit their speech (``pace``: the
    episode's speech frames per synthetic frame, since real voices are not espeak-ng's length); on
    a tie, the one leaving out the fewest. ``heard_in(first, past_last, lo, hi)``: whether any own
    word of those sentences was heard between frames lo and hi; with it (``HEARD_SIDES``) the sides
    that fit come first, then the fewest paragraphs said on a side where none of their words was heard."""
    a, b = stretch
    before = int(speech[max(0, lo) : a].sum())
    after = int(speech[b : max(b, hi)].sum())
    totals = pace * np.cumsum([0, *(sum(lengths[x:y]) for x, y in parts)])
    n = len(parts)

    def key(i: int, j: int) -> tuple:
        sides = (totals[i], before), (totals[n] - totals[j], after)
        cost = (sum(abs(total - found) for total, found in sides), j - i)
        if heard_in is None or not HEARD_SIDES:
            return cost
        misfits = sum(not _fits(total, found) for total, found in sides)
        unheard = sum(not heard_in(x, y, lo, a) for x, y in parts[:i])
        unheard += sum(not heard_in(x, y, b, hi) for x, y in parts[j:])
        return misfits, unheard, *cost

    _, i, j = min((key(i, j), i, j) for i in range(n + 1) for j in range(i, n + 1))
    resumes = np.flatnonzero(
        (speech if loud is None else loud)[b : max(b, hi)]
    )  # the text's speech after the stretch begins here
    past = b + int(resumes[0]) if len(resumes) else b
    for m, (x, y) in enumerate(parts):
        side = (lambda g: min(g, a - 1)) if m < i else (lambda g: max(g, past))
        guesses[x:y] = [side(int(g)) for g in guesses[x:y]]
    return [(x, y, [not i <= m < j] * (y - x)) for m, (x, y) in enumerate(parts)]


def _fits(total: float, found: int) -> bool:
    """Synthetic frames (at the episode's pace) and speech frames found agree well enough."""
    return abs(total - found) <= SIDE_FIT * max(total, found) + SIDE_SLACK_SECONDS * FPS


def own_heard(text: str, recognised: list[Said], lo: float, hi: float, foreign: np.ndarray) -> bool:
    """Whether one of the sentence's own words (OWN_LETTERS or more: not a chance "the") was heard
    starting between ``lo`` and ``hi`` seconds, outside speech the text does not hold (over an ad
    the recogniser hears the nearby text's words too)."""
    own = {w for token in spoken_tokens(text) for w, _ in token if len(_LETTERS.sub("", w)) >= OWN_LETTERS}
    last = len(foreign) - 1
    return any(
        r[0] in own and not foreign[min(last, max(0, int(r[1] * FPS)))] for r in recognised if lo <= r[1] < hi
    )


def _heard_first(
    texts: list[str], k: int, end: int, recognised: list[Said], lo: float, hi: float
) -> tuple[int, float, float] | None:
    """Of the sentences k..end-1, the one whose own words (of OWN_LETTERS or more: not a chance
    "the") the recogniser heard first between ``lo`` and ``hi`` seconds: (sentence, when that
    word was heard, the share of the sentence's characters before it); None if none."""
    near = [r for r in recognised if lo <= r[1] < hi]
    best: tuple[int, float, float] | None = None
    for j in range(k, end):
        tokens = texts[j].split()
        for index, (start, _) in heard_in_span(texts[j], near, lo, hi).items():
            if len(_LETTERS.sub("", tokens[index])) >= OWN_LETTERS and (best is None or start < best[1]):
                before = len(" ".join(tokens[:index])) / max(1, len(texts[j]))
                best = (j, start, before)
    return best
