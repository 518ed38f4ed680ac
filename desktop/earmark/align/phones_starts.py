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

from earmark.core.model import Segment, SegmentKind

from .forced import Timed, fill_token_times, tokens

# A start whose first word nobody heard moves to its forced first word when that is this much
# earlier, before the first sure start (the English path moves one earlier only where the forced words
# join the speech before them: word_evidence.joins).
EARLIER_SECONDS = 0.2
DOUBTFUL = 0.5  # a sentence before under this confidence, its forcing failed, may be given up
ROOM_SECONDS = 0.3  # ... when the forced first word after it is less than this after its start
HEARD_LATER = 0.2  # an unsure start this far before its own heard first word moves to it
OVERRUN_SHARE = 0.4  # forced words with more than this share of their span after the next start
NEXT_TRUSTED = 0.6  # ... of a sentence this confident (or locked) are not this sentence's
LONE = True  # one heard word against the whole sentence's forced words is outvoted
LONE_SECONDS = 0.3  # ... when this far from its forced word (word_evidence.DISAGREE_SECONDS)


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


def within_next(result: Timed, segment: Segment, nxt: float, after: list[Segment]) -> Timed:
    """The forced words, or none when more than OVERRUN_SHARE of their span lies after the start
    ``nxt`` of the next sentence (``after[0]``) and that one is trusted: the forcer squeezed the
    sentence into the tail of its window, over the next speaker's first words. A real overlap
    leaves a sentence most of its words before the next one begins (the composed turns overlap by
    0.25 s); the cold speaker's "Alright, thanks." (not one word heard through espeak-ng's phones)
    was forced at 105.64-106.24 s, over "And so, my fellow..." at 105.90 s, 3.5 s after its right
    start (conversation seed 1). An untrusted next start may itself be early (the cold speaker's
    next sentence, 2.4 s early, under her rescued right one)."""
    trusted = bool(after) and (bool(after[0].locked) or (after[0].confidence or 0.0) >= NEXT_TRUSTED)
    if not (result.forced and trusted) or segment.start is None:
        return result
    end = result.words[-1][1]
    if end <= nxt or end - nxt <= OVERRUN_SHARE * (end - result.start):
        return result
    start = float(segment.start)
    until = max(float(segment.end if segment.end is not None else start), start + 0.05)
    return Timed(start, fill_token_times(tokens(segment.text), {}, start, until), False)


def outvoted(result: Timed, heard: dict[int, tuple[float, float]]) -> dict[int, tuple[float, float]]:
    """The sentence's heard words, or none when it is one word the forced words (all the sentence's,
    first word included) put over LONE_SECONDS elsewhere. Through espeak-ng's phones noise and
    a cold voice are heard as the text's words more often: long reading seed 9's "So this is the
    sick corpus." was forced right (100.64 s, truth 100.66) but its "this", heard at 102.23 s
    inside the forced "corpus", vouched for the start 1.7 s early."""
    if not (LONE and result.forced and result.first_word and len(heard) == 1):
        return heard
    ((k, (at, _)),) = heard.items()
    return {} if abs(result.words[k][0] - at) > LONE_SECONDS else heard
