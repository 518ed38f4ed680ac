"""Starts on the Phones path (every language but English): what its forced pass may do more.

The recogniser hears fewer words through espeak-ng's phones than through pocketsphinx's
English dictionary, so more starts are guessed back from a later word, and a title line
or show notes read over a chord intro catch chance words ("the", "guests") that take
the first real sentence's place. Its forced pass (:mod:`earmark.align.word_times`)
therefore reaches back past an untrusted sentence before (:mod:`earmark.align.forced`,
``past_doubt``), moves an unheard first word's start earlier too, and, where the forced
first word lands on a doubtful sentence before it that could not be forced at all,
takes that sentence for one never spoken: there is no room left for it.
"""

from __future__ import annotations

import re

from earmark.core.model import Segment, SegmentKind

from .forced import Timed

# A start whose first word nobody heard moves to its forced first word when that is this much
# earlier, before the first sure start (the English path moves one earlier only where the forced words
# join the speech before them: word_times._joins).
EARLIER_SECONDS = 0.2
DOUBTFUL = 0.5  # a sentence before under this confidence, its forcing failed, may be given up
ROOM_SECONDS = 0.3  # ... when the forced first word after it is less than this after its start
HEARD_LATER = 0.2  # an unsure start this far before its own heard first word moves to it


def to_heard_first_words(
    timed: list[Segment], heard: list[dict[int, tuple[float, float]]], sure: float
) -> None:
    """Unsure, unlocked starts move (in place) to their first word where the recogniser heard it
    in the sentence's span, HEARD_LATER or more after the start and before the next start: the
    start was pulled back to where sound began (music under the first turn: "This is the acoustic
    corpus." at 4.10 s, its "this is" heard at 5.15 s)."""
    for k, (segment, times) in enumerate(zip(timed, heard, strict=True)):
        if segment.locked or segment.start is None or (segment.confidence or 0.0) >= sure or 0 not in times:
            continue
        nxt = timed[k + 1].start if k + 1 < len(timed) else None
        at = times[0][0]
        if at - float(segment.start) >= HEARD_LATER and (nxt is None or at < float(nxt)):
            segment.start = round(at, 3)


def make_room(timed: list[Segment], found: list[Timed], k: int, previous: float) -> float:
    """The start the k-th sentence's start must pass, after marking the sentence before it
    UNSPOKEN (in place) when its forced first word leaves that one no room: the sentence before
    is unlocked and doubtful, its own forced alignment failed, and no sentence before it is
    trusted (a title or a line read over the intro, not a sentence in the middle of speech
    whose start is merely late: the cold speaker's "I think I'm probably gonna cough here.")."""
    after = found[k]
    if k == 0 or not (after.forced and after.first_word):
        return previous
    before = timed[k - 1]
    if before.locked or before.start is None or found[k - 1].forced:
        return previous
    if any(s.locked or (s.confidence or 0.0) >= DOUBTFUL for s in timed[:k]):
        return previous
    if after.start >= float(before.start) + ROOM_SECONDS:
        return previous
    before.kind, before.start, before.end, before.confidence, before.words = (
        SegmentKind.UNSPOKEN,
        None,
        None,
        None,
        [],
    )
    return max((float(s.start) for s in timed[: k - 1] if s.start is not None), default=0.0)


LEADING = 3  # how many first words may have been forced onto what came before the sentence
ISOLATED_SECONDS = 1.0  # ... when over this much quiet follows them where the text runs on
_PUNCTUATED = re.compile(r"[^\w']$")


def rejoin_leading(result: Timed, text: str) -> Timed:
    """A forced sentence whose first words (up to LEADING) sit over ISOLATED_SECONDS before the rest,
    where the text runs straight on, had them forced onto what came before it: they are put right
    before the next word, each as long as it was (at most 0.3 s). Through espeak-ng's phones, "Yeah,
    so" of "Yeah, so that just happened." was forced onto the cough before it, 1.3 s before "that"
    (conversations s1-s4: the start 1.41 s early; pocketsphinx's own dictionary forces it right)."""
    words = result.words
    toks = text.split()
    if not (result.forced and result.first_word) or len(words) < 2:
        return result
    for i in range(min(LEADING, len(words) - 1)):
        if _PUNCTUATED.search(toks[i]) or words[i + 1][0] - words[i][1] <= ISOLATED_SECONDS:
            continue
        at, moved = words[i + 1][0], list(words)
        for k in range(i, -1, -1):
            length = min(words[k][1] - words[k][0], 0.3)
            moved[k] = (round(at - length, 3), round(at, 3))
            at = moved[k][0]
        return Timed(moved[0][0], moved, True, True)
    return result
