"""Whether a run's forced first word may give its sentence's start (:mod:`earmark.align.turns`).

The turn pass forces a run of sentences as one window; a first word the grammar drew back over
the pause or filler before it, laid over quiet, or put inside the line before is no start to
keep. Split from turns.py, which holds the flags that switch each check on.
"""

from __future__ import annotations

import itertools
from collections import Counter

import numpy as np

from .features import FPS
from .heard import FASTEST_SECONDS_PER_WORD
from .onsets import Pauses
from .reading import spoken_tokens
from .words import Said

# A first word drawn back (turns.FIRST_WORD): it ends DRAWN_GAP before the second word, lasts DRAWN_LONGEST,
# or is one letter ("I") lasting DRAWN_LETTER (conversations 1, 2, 4, 5, 9: "And I'm also saying ..."
# -0.7..-2.2 s, the cough line -0.8 s)
DRAWN_GAP = 0.28  # s (forced so on the right starts: 0-0.25 s)
DRAWN_LONGEST = 1.0  # s (a drawn-out "And" of hers, forced right: up to 0.68 s)
DRAWN_LETTER = 0.25  # s ("I", forced right: 0.06-0.20 s)
QUIET_SHARE = 0.5  # (turns.QUIET) a first word over a pause holding less speech than this
ONSET_FRAMES = 5  # the layout's start this close after speech resumes is at an onset
BEFORE_SECONDS = 0.3  # (turns.HEARD_APART) a pair of its words heard this long before a forced start
PAIR_GAP_SECONDS = 0.3  # ... one word after the other, at most this far apart


def drawn_back(times: dict[int, tuple[float, float]], first: str) -> bool:
    """The forced first word ends DRAWN_GAP before the second begins: it was drawn back over the
    pause or filler before the sentence ("And" of "And I'm also saying ..." 0.7 s early, conversation
    seed 1), where the layout had the start right and the word pass would have checked it."""
    order = sorted(times)
    if len(order) < 2 or order[0] != 0:
        return False
    (a, b), c = times[0], times[order[1]][0]
    return c - b > DRAWN_GAP or b - a > DRAWN_LONGEST or (len(first) <= 1 and b - a > DRAWN_LETTER)


def over_quiet(word: tuple[float, float], laid: int, pauses: Pauses) -> bool:
    """The forced first word lies mostly over a pause that ends where the layout put the start:
    it was drawn back over the pause ("Lord," 0.3 s early, conversation seed 2)."""
    a, b = int(word[0] * FPS), int(word[1] * FPS)
    return (
        b > a
        and a < laid
        and pauses.resumes_at(laid, ONSET_FRAMES)
        and pauses.speech[a:b].mean() < QUIET_SHARE
    )


def out_of_order(
    run: list[int],
    starts: np.ndarray,
    standing: dict[int, tuple[int, list[Said]]],
    drawn_to: dict[int, float],
) -> None:
    """(turns.ORDERED) A drawn-back sentence whose layout start is no sooner than the next standing
    (kept) one's forced start cannot keep it: it takes its forced start (``drawn_to``, seconds; in
    place, its confidence left, for the word pass)."""
    for k, forced in drawn_to.items():
        later = [j for j in run if j > k and j in standing]
        if later and starts[k] >= standing[later[0]][0]:
            starts[k] = round(forced * FPS)


def least_seconds(text: str) -> float:
    """The least time a line can take: its words at the fastest pace (turns.PACED)."""
    return FASTEST_SECONDS_PER_WORD * len(text.split())


def _pairs(text: str) -> list[tuple[int, str, str]]:
    """(token index, word, next word) for each two tokens in a row that are read as one word each."""
    said = spoken_tokens(text)
    return [
        (k, said[k][0][0], said[k + 1][0][0])
        for k in range(len(said) - 1)
        if len(said[k]) == 1 and len(said[k + 1]) == 1
    ]


def heard_pairs(texts: list[str], recognised: list[Said]) -> dict[tuple[str, str], float]:
    """(turns.HEARD_APART) Pairs of words in a row that occur once in ``texts`` (a run window's lines)
    and were heard once, one after the other, in ``recognised`` (the window's words): when each was heard."""
    wanted = Counter((a, b) for line in texts for _, a, b in _pairs(line))
    heard = [
        ((x[0], y[0]), x[1]) for x, y in itertools.pairwise(recognised) if y[1] - x[2] <= PAIR_GAP_SECONDS
    ]
    once = Counter(pair for pair, _ in heard)
    return {pair: start for pair, start in heard if once[pair] == 1 and wanted[pair] == 1}


def heard_apart(
    text: str, times: dict[int, tuple[float, float]], pairs: dict[tuple[str, str], float]
) -> bool:
    """(turns.HEARD_APART) Two of the sentence's words in a row (of ``pairs``, :func:`heard_pairs`) were
    heard over BEFORE_SECONDS before its forced first word: the forced pass slid the sentence onto a later
    line's audio (the cough line forced 3.2 s late onto "Yeah, so that just happened.", its "cough here"
    heard at its own time, conversation seed 36). (Heard far from where they were forced, later words say
    nothing of the start: conversation 3's "cough" forced 1.1 s after it was heard, the start right.)"""
    if 0 not in times:
        return False
    soonest = times[0][0] - BEFORE_SECONDS
    return any(pairs.get((a, b), soonest) < soonest for _, a, b in _pairs(text))
