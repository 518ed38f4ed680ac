"""Whether a run's forced first word may give its sentence's start (:mod:`earmark.align.turns`).

The turn pass forces a run of sentences as one window; a first word the grammar drew back over
the pause or filler before it, laid over quiet, or put inside the line before is no start to
keep. Split from turns.py, which holds the flags that switch each check on.
"""

from __future__ import annotations

import numpy as np

from .features import FPS
from .heard import FASTEST_SECONDS_PER_WORD
from .onsets import Pauses
from .words import Said

# A first word drawn back (turns.FIRST_WORD): it ends DRAWN_GAP before the second word, lasts DRAWN_LONGEST,
# or is one letter ("I") lasting DRAWN_LETTER (conversations 1, 2, 4, 5, 9: "And I'm also saying ..."
# -0.7..-2.2 s, the cough line -0.8 s)
DRAWN_GAP = 0.28  # s (forced so on the right starts: 0-0.25 s)
DRAWN_LONGEST = 1.0  # s (a drawn-out "And" of hers, forced right: up to 0.68 s)
DRAWN_LETTER = 0.25  # s ("I", forced right: 0.06-0.20 s)
QUIET_SHARE = 0.5  # (turns.QUIET) a first word over a pause holding less speech than this
ONSET_FRAMES = 5  # the layout's start this close after speech resumes is at an onset


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
