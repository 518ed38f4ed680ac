"""Where a sentence opens, when the forced words place it wrong and other evidence says where (issue #13).

Two cases from the far-field speaker with a cold (``mfa_cold`` in the long readings), whose
voice sits only a few dB over the room tone, so the speech mask misses much of it:

* :func:`pulled_back`: a sentence forced again in the rescue's chain whose words run on past
  the start of the next sentence, forced on its own, was pushed late by the decoder: it
  stretched its words over audio the next sentence holds ("And I think this is probably
  good." rescued 0.84-0.86 s late on long s10, s14, s16, its "good" on the next line's
  "Alright, thanks."). The chain's window opens where the sentence before ended, so the
  sentence's words are moved back, keeping their lengths, to begin right there.
* :func:`at_own_comma`: a start that sits where the reader resumes after a comma of the
  sentence's own text, with the sentence's first words forced before it, is the second clause's
  start (long s13 "The first books were printed in black letter, i.e. the letter...": the start
  at "i.e.", 2.7 s late; the forced words from "The" on were right, -30 ms, but a forced start
  earlier across a pause is not taken, since the wrong earlier words of the suite's clean case
  sat across one, in the sentence before).
* :func:`first_word_inside`: a sentence forced on its own whose first word lies inside the words
  the rescue then gave the sentence before, apart from its own second word, which comes after
  them, was forced onto the end of that sentence (long s17 "Alright, thanks.": "Alright" forced
  on the cold speaker's "probably", 1.0 s before "thanks", the start 1.0 s early; the rescued
  "And I think this is probably good." ran to 23.44 s, right to 50 ms).
* :func:`heard_opening`: an unsure start far from the sentence's first two words, heard by the
  recogniser one straight after the other, moves to them (long s4 "I have a cold, so...":
  the start 0.98 s early on the end of the sentence before, the forced window failed, the
  rescued "I" on the "uh" before it; the recogniser's "I have" at +46 ms).
"""

from __future__ import annotations

import re

from .forced import Timed
from .forced import tokens as text_tokens

CLAUSE_WORDS = 3  # forced words before a start at the text's own comma: a clause, not "Now," or "Lord,"
AT_START_SECONDS = 0.3  # the forced word after the comma begins this close to the start
_CLAUSE_END = re.compile(r"[,;:\u2014]$")
OVERRUN_SECONDS = 0.2  # a rescued sentence's last word may end this far past the next start
PULL_SECONDS = 0.3  # ... when they begin more than this after the sentence before ended
PAIR_GAP_SECONDS = 0.1  # the second heard word begins at most this long after the first ends
APART_SECONDS = 0.3  # a first word forced this far before the second is not joined to it
FIRST_LENGTH = 0.3  # the longest a first word moved next to its second is kept


def pulled_back(
    per: dict[int, tuple[float, float]], cursor: float, limit: float | None
) -> dict[int, tuple[float, float]]:
    """Rescued word times (token -> (start, end), seconds) moved back to start at ``cursor``
    (where the sentence before's last forced word ends) when they run over OVERRUN_SECONDS past
    ``limit`` (the next forced sentence's start; None: no forced sentence follows) and begin over
    PULL_SECONDS after ``cursor``. Ends are kept at or before ``limit``. (On ``mfa_cold`` alone
    the rescued "And I think..." is right, 30 ms early, with its "good" 0.5 s over "Alright":
    a last word drawn out, with no room left before the sentence, is not moved.)"""
    if limit is None or 0 not in per or max(b for _, b in per.values()) <= limit + OVERRUN_SECONDS:
        return per
    shift = per[0][0] - cursor
    if shift <= PULL_SECONDS:  # a pause the sentence may well take: its last word drawn out
        return per
    out = {}
    for token, (a, b) in per.items():
        a, b = round(a - shift, 3), round(b - shift, 3)
        out[token] = (min(a, limit), min(max(b, a), limit))
    return out


def heard_opening(
    start: float,
    heard: dict[int, tuple[float, float]],
    far: float,
    previous: float,
    before: float,
) -> float:
    """The start (seconds) moved to the sentence's first word as heard, when the recogniser heard
    its first and second words one straight after the other (within PAIR_GAP_SECONDS), more
    than ``far`` seconds from ``start``, and after ``previous`` (the sentence before's start) and
    before ``before`` (the next one's). The caller asks only for unsure, unlocked starts."""
    if 0 not in heard or 1 not in heard:
        return start
    (a, b), (c, _) = heard[0], heard[1]
    if c - b > PAIR_GAP_SECONDS or abs(a - start) <= far or not previous < a < before:
        return start
    return round(a, 3)


def at_own_comma(words: list[tuple[float, float]], text: str, start: float) -> bool:
    """The forced word that begins within AT_START_SECONDS of ``start`` (seconds) comes right
    after a token of the text ending in a comma (or ; : \u2014), with at least
    CLAUSE_WORDS forced words before it, all ending by ``start``."""
    tokens = text_tokens(text)  # the forced words' own tokens
    for n in range(CLAUSE_WORDS, min(len(words), len(tokens))):
        if words[n - 1][1] <= start and abs(words[n][0] - start) <= AT_START_SECONDS:
            return bool(_CLAUSE_END.search(tokens[n - 1]))
    return False


def first_word_inside(result: Timed, end: float) -> Timed:
    """``result`` (a sentence forced on its own) with its first word put right before its second,
    as long as it was (at most FIRST_LENGTH), when it begins before ``end`` (where the rescued
    sentence before it ends) while its second word begins at or after it, more than
    APART_SECONDS after the first ends. (A last word of the rescued sentence drawn over a right
    first word, "good" 0.5 s over "Alright", reaches into the second word too: left.)"""
    words = result.words
    if not (result.forced and result.first_word and len(words) >= 2):
        return result
    (a, b), (c, _) = words[0], words[1]
    if not (a < end <= c and c - b > APART_SECONDS):
        return result
    first = (round(c - min(b - a, FIRST_LENGTH), 3), c)
    return Timed(first[0], [first, *words[1:]], True, True)
