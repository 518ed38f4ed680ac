"""Anchors on the Phones path (every language but English): a short run must split its window evenly.

Between two anchored sentences, :func:`earmark.align.heard.anchor_gaps` takes short runs of
heard words as anchors when they are unlikely by chance. Heard through espeak-ng's phones
(and with each word's other dialects' pronunciations), noise and a cold voice are heard as the
text's words more often: "sick corpus" was heard in the cold speaker's next sentence, 6.5 s
after "So this is the sick corpus." began, and as its anchor it left that next sentence 2 s for
its 14 words, so it went unspoken. A run in the right place leaves the words on each side a
reading pace; a misplaced one makes one side very slow and the other very fast at once.
"""

from __future__ import annotations

SLOW_SECONDS_PER_WORD = 0.6  # slower than this before the run (plus a pause) ...
PAUSE_SECONDS = 1.5
FAST_SECONDS_PER_WORD = 0.35  # ... and faster than this after it (or the other way round): lopsided


def lopsided(
    before_words: int,
    after_words: int,
    lead: float,
    trail: float,
    lead_known: bool,
    trail_known: bool,
) -> bool:
    """A run with ``before_words`` of its window's words in ``lead`` seconds before it and
    ``after_words`` in ``trail`` seconds after it puts one side far too slow and the other far
    too fast. A side whose bound is not an anchor (the episode's ends: ``*_known`` False) is
    never called slow."""

    def slow(words: int, seconds: float, known: bool) -> bool:
        return known and seconds > SLOW_SECONDS_PER_WORD * words + PAUSE_SECONDS

    def fast(words: int, seconds: float) -> bool:
        return words > 0 and seconds < FAST_SECONDS_PER_WORD * words

    return (slow(before_words, lead, lead_known) and fast(after_words, trail)) or (
        slow(after_words, trail, trail_known) and fast(before_words, lead)
    )
