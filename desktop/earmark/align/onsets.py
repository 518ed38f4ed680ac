"""Sentence starts settled where speech resumes after a pause.

Readers pause between sentences far more often than inside them. A start that
the DTW or an anchor put inside a pause, or a little way into a stretch of speech
that began after a pause the previous sentence cannot still be speaking in, is
almost always that pause's end. On the benchmark episodes no start moved further
from the truth; the worst start at 98 minutes went from 1.7 s to 25 ms, on the
noisy case from 816 to 74 ms. Without word anchors (DTW alone) the same
rules made things worse, so only the recogniser's paths (English and Phones) use them. Frames are 100
per second, as in :mod:`earmark.align.features`.
"""

from __future__ import annotations

import re

import numpy as np

from .features import FPS, fill_short_quiet
from .heard import AGREE_SECONDS, FASTEST_SECONDS_PER_WORD, SECONDS_PER_WORD, Heard

SHORTEST_PAUSE_SECONDS = 0.12  # quiet this long is a pause (shorter: a stop inside a word)
NEAR_SECONDS = 0.35  # a start this far into speech that follows a pause belongs at the pause's end
LONGEST_SHIFT_SECONDS = 2.5  # farthest a start moves back to where its stretch of speech began
DETACHED_SECONDS = 0.5  # a first word heard this close before a pause may be the last sentence's tail
AT_PAUSE_END = 0.5  # confidence of a start with no better evidence than that speech resumes there
# A floor step: noise that begins with a clip (a kitchen under one speaker, a recording's own hiss
# above the room tone) is "speech" to the mask from its first frame, while the voice comes later.
STEP_SECONDS = (0.2, 0.8)  # how long such a step holds before the voice rises out of it
STEP_LEVEL_SECONDS = 0.1  # the step's level: the median of its first frames
STEP_FLAT_DB = 3.0  # nine in ten of its frames within this of that level: steady, not a word's consonant
STEP_RISE_DB = 10.0  # the voice rises at least this far above it
ONSET_WORD_SECONDS = 0.05  # a recognised word beginning this close to where speech resumes begins there
_FIRST_WORD_THEN_PUNCTUATION = re.compile(r"\W*[\w'\u2019]+\s*[,.;:!?\u2026\u2014-]")


class Pauses:
    """The pauses of an episode's speech mask, for lookups by frame."""

    def __init__(self, loud: np.ndarray) -> None:
        speech = fill_short_quiet(loud.copy(), int(SHORTEST_PAUSE_SECONDS * FPS), leading=False)
        self.speech = speech
        self.onsets = np.flatnonzero(speech[1:] & ~speech[:-1]) + 1  # where speech resumes

    def onset_from(self, frame: int) -> int | None:
        """The first frame at or after ``frame`` where speech resumes after a pause."""
        found = int(np.searchsorted(self.onsets, frame))
        return int(self.onsets[found]) if found < len(self.onsets) else None

    def speech_began(self, frame: int) -> int:
        """Where the stretch of speech holding ``frame`` began (0: at the episode's start)."""
        found = int(np.searchsorted(self.onsets, frame, side="right"))
        return int(self.onsets[found - 1]) if found else 0

    def resumes_at(self, frame: int, within: int = 3) -> bool:
        """Speech resumes after a pause at ``frame`` or at most ``within`` frames before it."""
        return (
            bool(0 <= frame < len(self.speech) and self.speech[frame])
            and frame - self.speech_began(frame) <= within
        )

    def pause_within(self, frame: int, frames: int) -> bool:
        """A pause begins within ``frames`` after ``frame``."""
        return not self.speech[frame : frame + frames + 1].all()


def settle_on_onsets(
    heard: list[Heard],
    texts: list[str],
    starts: np.ndarray,
    confidence: np.ndarray,
    spoken: np.ndarray,
    locked: np.ndarray,
    loud: np.ndarray,
) -> None:
    """Move starts (frames, in place) to the pause ends they belong at; see the module docstring.
    A low-confidence start that ends up where speech resumes is no longer low (at 3.7 hours
    156 of 157 low flags were on such starts, all within 100 ms; the one misplaced start
    was mid-speech).

    Locked starts stay (``starts`` holds them too) and unspoken sentences are skipped.
    A start checked against its first word (confidence >= 0.8) only moves when that
    word looks like the previous sentence's tail: heard mid-speech and cut from the rest
    by a pause the text has no punctuation for ("... citations it | does look at social media").
    """
    pauses = Pauses(loud)
    last_frame = len(loud) - 1
    for k, h in enumerate(heard):
        if not spoken[k] or locked[k]:
            continue
        start = int(min(starts[k], last_frame))
        following = int(starts[k + 1]) if k + 1 < len(heard) and spoken[k + 1] else last_frame
        if _detached_first_word(h, texts[k], start, pauses):
            latest = following
            if h.last_time is not None and h.last_anchor:  # not past the rest of the sentence, heard
                latest = min(latest, int(h.last_time * FPS))
            _move(starts, k, pauses.onset_from(start), latest)
            continue
        checked = confidence[k] >= 0.8  # the start agrees with its first word, heard
        latest = following
        if h.time is not None:  # the words before the first heard one take some time, if little
            lead = 0.5 * FASTEST_SECONDS_PER_WORD * (h.first_anchor or 0)
            latest = min(latest, int((h.time - lead + AGREE_SECONDS) * FPS))
        if not pauses.speech[start]:  # a sentence does not start in silence
            if not checked:
                _move(starts, k, pauses.onset_from(start), latest)
            continue
        p = next((j for j in range(k - 1, -1, -1) if spoken[j]), None)  # the sentence said before
        if p is None:
            continue
        fastest_end, slowest_end = _previous_end(heard[p], int(starts[p]))
        if start < fastest_end:  # before the previous sentence can have ended
            if not checked:
                _move(starts, k, pauses.onset_from(fastest_end), latest)
            continue
        began = pauses.speech_began(start)
        into = start - began
        if into > 3 and h.time is None and start < slowest_end:  # likely still the previous sentence
            _move(starts, k, pauses.onset_from(start), latest)
            continue
        if into <= 3 or began <= starts[p] or began < fastest_end:
            continue
        far = not checked and began >= slowest_end and into <= LONGEST_SHIFT_SECONDS * FPS
        if into <= NEAR_SECONDS * FPS or far:
            starts[k] = began
    said_before = np.cumsum(spoken) - spoken  # sentences said before each one
    for k, h in enumerate(heard):
        # An unheard first sentence has nothing to hold it: the end of a jingle is a pause end too.
        held = h.time is not None or said_before[k] > 0
        if (
            spoken[k]
            and not locked[k]
            and confidence[k] < AT_PAUSE_END
            and held
            and pauses.resumes_at(int(starts[k]))
        ):
            confidence[k] = AT_PAUSE_END


def _move(starts: np.ndarray, k: int, onset: int | None, latest: int) -> None:
    if onset is not None and onset <= latest:
        starts[k] = onset


def _previous_end(previous: Heard, previous_start: int) -> tuple[int, int]:
    """When the previous sentence ends at the earliest (a fast reader) and at the latest (a
    slow one): after its last heard word and the words left after it, else after all its words."""
    fastest, slowest = previous.ends_after(FASTEST_SECONDS_PER_WORD), previous.ends_after(SECONDS_PER_WORD)
    if fastest is None or slowest is None:
        fastest = previous_start / FPS + FASTEST_SECONDS_PER_WORD * previous.tokens
        slowest = previous_start / FPS + SECONDS_PER_WORD * previous.tokens
    return int(fastest * FPS), int(slowest * FPS)


def _detached_first_word(h: Heard, text: str, start: int, pauses: Pauses) -> bool:
    """The sentence's first word was heard mid-speech, a pause follows it at once, and the
    text has no punctuation after that word to explain the pause."""
    return (
        h.first_anchor == 0
        and h.tokens >= 2
        and bool(pauses.speech[start])
        and start - pauses.speech_began(start) > NEAR_SECONDS * FPS
        and pauses.pause_within(start, int(DETACHED_SECONDS * FPS))
        and not _FIRST_WORD_THEN_PUNCTUATION.match(text)
    )


def past_floor_step(loudness: np.ndarray, start: int) -> int | None:
    """Where the voice rises out of a steady floor step that begins at ``start`` (frames), or None.

    Speech does not hold one level for STEP_SECONDS[0] and then jump STEP_RISE_DB above it: a
    consonant before a vowel (an "s", an "h") is that short or not that steady. A noise bed that
    starts with its speaker's clip does ("He began a confused complaint...", LibriSpeech under
    the kitchen: 0.3 s at -18 dB, 15 dB over the room tone, before the voice; the start went
    -0.38 s early on four seeds)."""
    shortest, longest = (int(s * FPS) for s in STEP_SECONDS)
    span = loudness[start : start + longest]
    if len(span) <= shortest:
        return None
    level = float(np.median(span[: int(STEP_LEVEL_SECONDS * FPS)]))
    above = np.flatnonzero(span > level + STEP_RISE_DB)
    if not len(above) or above[0] < shortest:
        return None
    rise = int(above[0])
    if np.percentile(np.abs(span[:rise] - level), 90) > STEP_FLAT_DB:
        return None
    while rise > shortest and span[rise - 1] > level + STEP_FLAT_DB:  # where it leaves the step
        rise -= 1
    return start + rise


def past_floor_steps(
    starts: np.ndarray, spoken: np.ndarray, locked: np.ndarray, loudness: np.ndarray, loud: np.ndarray
) -> None:
    """Starts (frames, in place) where speech resumes after a pause move to where the voice rises
    out of a floor step there (:func:`past_floor_step`), when that is before the next start."""
    pauses = Pauses(loud)
    for k in np.flatnonzero(spoken & ~locked):
        start = int(starts[k])
        if not pauses.resumes_at(start):
            continue
        moved = past_floor_step(loudness, pauses.speech_began(start))
        later = [int(starts[j]) for j in range(k + 1, len(starts)) if spoken[j]]
        if moved is not None and moved > start and (not later or moved < later[0]):
            starts[k] = moved


def word_heard_at_onset(
    recognised: list[tuple[str, float, float]], pauses: Pauses | None, start: float, later: float
) -> bool:
    """The recogniser heard a word begin where speech resumes after a pause at ``start`` (seconds)
    and run on past ``later``: speech begins with a word there, so a forced first word that lands
    inside it is the forcer splitting one word, not a filler the text leaves out. ("Lord, but I'm
    glad...": the forcer gave the "L" to silence and +SPN+ and "lord" 0.29 s in, while the
    recogniser heard "not" from the onset to past it; an "um" before "And that should be all."
    was heard as nothing.)"""
    if pauses is None:
        return False
    frame = round(start * FPS)
    resumes = any(pauses.resumes_at(f) for f in range(frame, frame + 4))  # an onset within 3 frames
    return resumes and any(
        abs(a - start) <= ONSET_WORD_SECONDS and b > later and not word.startswith(("<", "[", "+"))
        for word, a, b in recognised
    )
