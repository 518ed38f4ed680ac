"""What a sentence's forced words and the speech around them say about its start.

The word pass (:mod:`earmark.align.word_times`) asks these questions of each sentence: do the forced
words agree with the heard ones, does speech run on from a forced first word to the start, was a first
word forced onto a filler, when was the sentence before over. The pass decides what to do with the
answers; the one flag here, HEARD_OVER_FLOOR, says which heard frames count as speech.
"""

from __future__ import annotations

import re

import numpy as np

from earmark.core.model import Segment

from .features import FPS, local_floor
from .forced import Timed, tokens
from .spoken import heard_frames
from .words import Said

DISAGREE_SECONDS = 0.3  # a forced first word this far from the start casts doubt on it
JOIN_SECONDS = 0.3  # the forced first word ends at most this long before the second begins
PAUSE_FRAMES = 12  # quiet this long (frames of the speech mask) between them is a pause
_PUNCTUATED = re.compile(r"[^\w']$")  # a first token ending in punctuation ("Now," "Alright,")
ONSET_REACH = 0.5  # how far after that word's end a start looks for speech resuming
HEARD_OVER_FLOOR = True  # a heard word's frames are speech only where the audio is over its local floor
# ... that far over it: on the synthetic noisy case 2-5 dB put "They can understand memes..." right
# (74 ms), on long 10, 15 and 16 0-5 dB keep "And here's a long pause." (at 6 long 10 is at max 500)
FLOOR_DB = 3.0
PAIR_SECONDS = 0.1  # heard and forced words this close agree (pair_agrees)


def agrees(result: Timed, heard: dict[int, tuple[float, float]], within: float = DISAGREE_SECONDS) -> bool:
    """The forced words agree with the first word the recogniser heard in the sentence (within
    ``within`` seconds): "Lord, but I'm glad..." forced into the ad before it had "I'm" 2.8 s early."""
    if not heard:
        return True
    first = min(heard)
    return abs(result.words[first][0] - heard[first][0]) <= within


def pair_agrees(result: Timed, heard: dict[int, tuple[float, float]]) -> bool:
    """Two words in a row that the recogniser heard begin within PAIR_SECONDS of their forced ones: the
    forced words sit on the sentence there, though the first heard word disagrees (a word the
    recogniser heard a word early, or squeezed). "The recording environment is also quite different,
    ..." (long readings 9, 25): "a bunch of" heard and forced within 25 ms, the first heard word 0.3 s
    off, the forced first word within 10 ms of the truth and the start 0.64 s early."""
    words = result.words
    return any(
        n + 1 in heard
        and n + 1 < len(words)
        and all(abs(words[m][0] - heard[m][0]) <= PAIR_SECONDS for m in (n, n + 1))
        for n in heard
    )


def runs_on(speech: np.ndarray | None, a: float, b: float) -> bool:
    """Speech runs from ``a`` to ``b`` seconds with no pause (PAUSE_FRAMES of quiet) in the mask."""
    if speech is None:
        return False
    lo, hi = max(0, int(a * FPS)), min(len(speech), int(b * FPS))
    quiet = 0
    for frame in speech[lo:hi]:
        quiet = 0 if frame else quiet + 1
        if quiet >= PAUSE_FRAMES:
            return False
    return hi > lo


def rejoined(result: Timed, text: str) -> Timed:
    """A forced first word that ends over JOIN_SECONDS before the second, where the text runs
    straight on between them (no punctuation), was forced onto a filler before the sentence: it is
    put right before the second word, as long as it was (at most 0.3 s). "The" of "um the recording
    environment..." sat on the "um", 0.67 s before "recording"; "And" of "uh and I'm also saying..."
    on the "uh", 0.44 s before "I'm". ("Now, as all books..." pauses 0.45 s at its comma: kept.)"""
    words = result.words
    if not (result.forced and result.first_word and len(words) >= 2) or _PUNCTUATED.search(tokens(text)[0]):
        return result
    (a, b), (c, _) = words[0], words[1]
    if c - b <= JOIN_SECONDS:
        return result
    first = (round(c - min(b - a, 0.3), 3), c)
    return Timed(first[0], [first, *words[1:]], True, True)


def said_until(timed: list[Segment], heard: list[dict[int, tuple[float, float]]], k: int) -> float | None:
    """When the sentence before ``k`` is over: the end of its last word, if the recogniser heard it."""
    last = len(tokens(timed[k - 1].text)) - 1
    return heard[k - 1][last][1] if last in heard[k - 1] else None


def onset_after(speech: np.ndarray | None, at: float, before: float) -> float:
    """Where speech resumes after a pause, from ``at`` to at most ONSET_REACH later (and before
    ``before``); ``at`` itself when speech runs straight on."""
    if speech is None:
        return at
    lo, hi = int(at * FPS), min(len(speech), int(min(at + ONSET_REACH, before) * FPS))
    for frame in range(max(lo, 1), hi):
        if speech[frame] and not speech[frame - 1]:
            return frame / FPS
    return at


def joins(result: Timed, speech: np.ndarray | None, start: float) -> bool:
    """The forced first word runs on into the second (forced words at most JOIN_SECONDS apart) and
    speech runs on from it to the start: "uh and I'm also saying..." had "and" forced onto the "uh",
    0.44 s before "I'm"; the drawn-out "and" of "and here's..." ends 0.2 s before "here's"."""
    if len(result.words) < 2 or result.words[1][0] - result.words[0][1] > JOIN_SECONDS:
        return False
    return runs_on(speech, result.start, start)


def speech_with_heard(
    speech: np.ndarray | None, recognised: list[Said], loudness: np.ndarray | None = None
) -> np.ndarray | None:
    """The speech mask with the frames of every word the recogniser heard: the cold speaker's
    drawn-out "and" of "And here's a long pause." sits 3-6 dB over the room tone, under the mask,
    though the recogniser heard a word there ("to", "ne", "the"; long s10, s15, s16). Speech runs
    on through it from the forced "and" (right, +20..+60 ms) to a start 0.35-0.5 s later. With
    ``loudness`` (and HEARD_OVER_FLOOR) a heard word's frame counts only where the audio is over its
    own floor nearby (:func:`heard_over_floor`)."""
    if speech is None:
        return None
    heard = heard_frames(len(speech), recognised)
    if HEARD_OVER_FLOOR and loudness is not None and len(loudness) >= len(speech):
        heard &= heard_over_floor(loudness[: len(speech)])
    return speech | heard


def heard_over_floor(loudness: np.ndarray) -> np.ndarray:
    """Frames FLOOR_DB over the recording's own floor nearby (:func:`features.local_floor`): the
    cold speaker's drawn-out "and" is (3-6 dB), while a pause the recogniser heard a word across is
    at that floor (the synthetic noisy case: "They can understand memes..." moved 196 ms early
    through a heard word spanning the pause before it)."""
    return loudness > local_floor(loudness) + FLOOR_DB
