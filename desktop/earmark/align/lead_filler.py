"""A forced first word whose first phone the decoder gave to its "speech that is no word" filler (issue #13).

The forcer's grammar lets ``+SPN+`` (:data:`earmark.align.forcer.GARBAGE`) stand before any word, so an
"um" the text leaves out is absorbed. It also takes a weak first phone of a sentence's first word: the L
of "Lord, but I'm glad to see you again, Phil." (every conversation: a ``+SPN+`` of 0.16-0.17 s abutting
"lord", beginning 0.12-0.14 s after the true start, the forced "lord" 0.29-0.31 s after it) and the
first vowel of "Alright, so this is the sick corpus." (0.09-0.12 s, 5-10 ms from the true start, the
forced "alright" +100-125 ms). The word pass then took the forced word for the start, 0.3 s late, and
the far move carried unsure starts there (conversations 10 and 23: +305, +296 ms, unflagged). An "um"
taken as ``+SPN+`` lasts longer: 0.19-0.44 s on seeds 1-24 ("And I'm also saying...", "So this is the
sick corpus." of the long readings, where moving to the forced word is right). So a ``+SPN+`` no longer
than SPN_SECONDS that ends where the forced first word begins is taken as that word's first phone: the
word, and the sentence's forced start, begin where the filler does.
"""

from __future__ import annotations

from .forced import Timed

SPN_ONSET = True  # a short +SPN+ abutting a forced first word is that word's first phone
SPN_SECONDS = 0.18  # the longest such +SPN+ (the L of "Lord" 0.17 s; an "um" taken as +SPN+ 0.19 s or more)
ABUT_SECONDS = 0.015  # the filler ends this close to the word's start (one or two 10 ms frames)
SPN = "sil_spn"  # forcer.GARBAGE's word for +SPN+


def with_spn_onset(result: Timed, leads: list[tuple[str, float, float]]) -> Timed:
    """``result`` with its first word (and start) moved back to the start of the ``+SPN+`` the
    decoder placed right before it, when that filler is no longer than SPN_SECONDS. ``leads``:
    what the decoder placed before the forced first word that is none of our words (name, start,
    end in seconds; :func:`earmark.align.forced.align_sentences`)."""
    named = [lead for lead in leads if lead[0]]  # pocketsphinx's (NULL) segments have no name here
    if not (SPN_ONSET and result.forced and result.first_word and result.words and named):
        return result
    name, a, b = named[-1]
    (start, end), rest = result.words[0], result.words[1:]
    if name != SPN or abs(b - start) > ABUT_SECONDS or b - a > SPN_SECONDS or a >= start:
        return result
    return Timed(round(a, 3), [(round(a, 3), end), *rest], True, True)


# A rescued sentence (rescue.py) whose first word the decoder put right after an "um" it forced
# there. "I think I'm probably gonna cough here." (mfa_cold3 under kitchen noise, conversations 9 and
# 12): the engine's start is on the onset of the "um" (-0.79, -0.87 s); the rescue forced "um" (0.56,
# 0.22 s) and then "I think I'm" after it (-0.19, -0.31 s), but "gonna cough here" 1.4 s late, on the
# real cough, so its words disagree with the heard "cough here" and the far move did not take it. Where
# the rescue's first word came at its window's start, with no "um" before it (conversation 21: +0.5 s),
# it is not moved.
RESCUE_AFTER_UM = True
UM_WORDS = ("um", "hmm")  # forcer.FILLERS: the fillers said as words
UM_SECONDS = 0.2  # the shortest "um" that counts
UM_GAP_SECONDS = 0.15  # it ends this close to the first word (only single-phone fillers between)


def after_um(result: Timed, leads: list[tuple[str, float, float]]) -> bool:
    """The forced first word of ``result`` comes right after an "um" (UM_WORDS, at least UM_SECONDS)
    that the decoder placed before it, with at most single-phone fillers (forcer.LEAD_FILLERS)
    between, ending within UM_GAP_SECONDS of the word."""
    from .forcer import LEAD_FILLERS

    if not (RESCUE_AFTER_UM and result.forced and result.first_word and result.words):
        return False
    named = [lead for lead in leads if lead[0]]
    while named and named[-1][0] in LEAD_FILLERS:
        named.pop()
    if not named:
        return False
    name, a, b = named[-1]
    start = result.words[0][0]
    return name in UM_WORDS and b - a >= UM_SECONDS and 0.0 <= start - b <= UM_GAP_SECONDS
