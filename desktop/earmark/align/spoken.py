"""Which sentences with no word heard were said: from the speech between the anchors around them.

Noise can hide every word of a spoken sentence from the recogniser; then the audio
between its anchored neighbours is still full of speech, while around a paragraph
never spoken there is only a pause. Times are 100 fps frames.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable

import numpy as np

from . import unsaid
from .features import FPS, local_floor
from .heard import FASTEST_SECONDS_PER_WORD, FEWEST_WORDS, SECONDS_PER_WORD, Heard, unanchored_runs
from .reading import spoken_tokens
from .words import Said

MOST_PARTS = 6  # paragraphs in one unanchored run tried in every spoken / unspoken combination
FIT = 0.3  # synthetic length within this share of the speech found fits it
ENOUGH = 0.25  # speech found, as a share of the sentences' synthetic length, for them to have been said
# The walk's skip verdict on a sentence counts only where the walk put it between its anchored
# neighbours (with this much slack): a walk that placed it elsewhere judged other audio (issue #13:
# on the real cases, seeds 1-8, the walk lags 10-97 s in most gaps, and its verdicts there are noise).
WALK_SLACK_SECONDS = 3.0
# Between anchors a quiet voice over its own microphone's hiss is speech too: frames this far above the
# floor nearby. On the real cases (seeds 1-16) room tone around text never spoken gave 9-13% of its
# length at 3-5 dB (flat -32 dB); the cold speaker's last two lines in long s12 21% on the loudness
# mask alone (under ENOUGH: marked unspoken), 44% at 4 dB, 28% at 6.
VOICE_DB = 4.0
# Before the first anchor, a sentence the walk skipped and none of whose own words was heard there is
# not said: a chord intro is loud, but over music the recogniser (listening with the text's language
# model) hears a few short words, while over a spoken title it hears that title's words.
UNHEARD_OPENING = True
PACE_RANGE = (0.5, 2.0)  # the episode's speech per synthetic frame, as far as it is believed
AROUND = True  # a run around speech the text does not hold: the paragraphs at it are the unspoken ones
# A run too short to expect an anchor keeps the walk's verdict, but not a skip where the speech between
# its anchored neighbours holds its whole synthetic length (FULL of it): conv 21's "I'm Abigail
# Claflin." (3 words, skipped by the walk) has 1.7 times its length in speech there, and no other text.
SHORT_RUN_SPEECH = True
FULL = 1.0


def heard_frames(frames: int, recognised: list[Said]) -> np.ndarray:
    """The frames (100 fps) in which the recogniser heard a word. Speech the loudness
    threshold misses is still heard as words (a quiet speaker with a cold, on another
    microphone, a few dB above a kitchen's noise floor); room tone around text never
    spoken is heard as none."""
    out = np.zeros(frames, bool)
    for _, start, end in recognised:
        out[max(0, int(start * FPS)) : max(0, int(end * FPS))] = True
    return out


def speech_between_anchors(
    heard: list[Heard],
    spoken: np.ndarray,
    guesses: np.ndarray,
    lengths: list[int],
    paragraphs: list[int],
    loud: np.ndarray,
    words_heard: np.ndarray | None = None,
    foreign: np.ndarray | None = None,
    texts: list[str] | None = None,
    recognised: list[Said] | None = None,
    voice: np.ndarray | None = None,
) -> None:
    """Unanchored sentences between anchored ones: spoken only if there is speech enough for
    them (flags and start guesses changed in place). A run of them across paragraphs is
    judged paragraph by paragraph, since text is left unspoken by whole paragraphs:
    "We have some new content." after a skipped paragraph is spoken. ``words_heard``: the
    frames of words the recogniser heard (:func:`heard_frames`); ``foreign``: the frames of speech
    the text does not hold (:func:`earmark.align.unsaid.foreign_speech`), which count for no
    sentence and in which none starts (``texts`` and ``recognised``, the words heard, say which
    side of it each sentence is on); ``voice``: frames above the recording's own floor nearby
    (:func:`above_floor`), speech too between two anchored sentences.
    """
    foreign = np.zeros(len(loud), bool) if foreign is None else foreign
    walk_said = spoken.copy()
    heard_speech = loud | words_heard if words_heard is not None else loud.copy()
    if voice is not None:
        heard_speech |= voice[: len(loud)]
    pace = float(np.clip((heard_speech & ~foreign).sum() / max(1, sum(lengths)), *PACE_RANGE))
    for k, run_end in unanchored_runs(heard):
        before = heard[k - 1] if k > 0 else None
        after_frame = int(guesses[run_end]) if run_end < len(heard) else len(loud)
        gap_from = earliest = 0  # where the speech between is counted from; the earliest start allowed
        slow = before.ends_after(SECONDS_PER_WORD) if before is not None else None
        fast = before.ends_after(FASTEST_SECONDS_PER_WORD) if before is not None else None
        if slow is not None and fast is not None:
            gap_from, earliest = int(slow * FPS), int(fast * FPS)
        # Between two anchored sentences, words heard count as speech however quiet; at the
        # episode's ends they do not (a chord intro is heard as words too, by the phones).
        between = words_heard is not None and before is not None and run_end < len(heard)
        speech = (loud | words_heard if between else loud) & ~foreign
        if between and voice is not None:
            speech |= voice[: len(loud)] & ~foreign
        found = int(speech[max(0, gap_from) : max(0, after_frame)].sum())
        slack = WALK_SLACK_SECONDS * FPS
        lost = [  # the walk was elsewhere, or matched the sentence to speech the text does not hold
            between
            and (
                not earliest - slack <= guesses[j] <= after_frame + slack
                or bool(foreign[_at(guesses[j], foreign)])
            )
            for j in range(k, run_end)
        ]
        around = unsaid.one_stretch(foreign, gap_from, after_frame) if between and AROUND else None
        if around is not None:  # text the audio does not hold stands where audio the text does not hold is
            resumed = (loud | words_heard if words_heard is not None else loud) & ~foreign
            parts = unsaid.around_stretch(
                lengths,
                _paragraph_parts(paragraphs, k, run_end),
                speech,
                gap_from,
                after_frame,
                around,
                guesses,
                pace,
                resumed,
                _heard_in(texts, recognised, foreign),
            )
        elif run_end == len(heard) and sum(lengths[k:run_end]) > (1 + FIT) * found:
            left = int(loud[max(0, earliest) : max(0, after_frame)].sum())  # as much as may be theirs
            # speech per synthetic frame, as read so far (real voices leave fewer loud frames)
            pace = loud[: max(0, earliest)].sum() / sum(lengths[:k]) if k and earliest > 0 else 1.0
            scaled = [n * float(np.clip(pace, 0.5, 2.0)) for n in lengths[k:run_end]]
            parts = [(k, run_end, _read_up_to(scaled, left))]  # the reading stopped here
        else:
            parts = _spoken_parts(heard, spoken, lengths, paragraphs, k, run_end, found, between, lost)
        if (
            k == 0
            and run_end < len(heard)
            and texts is not None
            and recognised is not None
            and UNHEARD_OPENING
        ):
            parts = _heard_openings(parts, walk_said, texts, recognised, heard[run_end].time)
        for a, b, said in parts:
            for j in range(a, b):
                spoken[j] = said[j - a]
                if spoken[j]:
                    guesses[j] = int(np.clip(guesses[j], earliest, max(earliest, after_frame - 1)))
    speech = loud | words_heard if words_heard is not None else loud
    if texts is not None and recognised is not None:
        unsaid.place_after(
            heard, spoken, guesses, lengths, foreign, speech, ENOUGH, texts, recognised, paragraphs
        )


def _heard_in(
    texts: list[str] | None, recognised: list[Said] | None, foreign: np.ndarray
) -> Callable[[int, int, int, int], bool] | None:
    """Whether any own word of sentences a..b-1 was heard between frames lo and hi (outside
    ``foreign``), for :func:`unsaid.around_stretch`; None without the words."""
    if texts is None or recognised is None:
        return None

    def heard_in(a: int, b: int, lo: int, hi: int) -> bool:
        return any(unsaid.own_heard(texts[j], recognised, lo / FPS, hi / FPS, foreign) for j in range(a, b))

    return heard_in


def _heard_openings(
    parts: list[tuple[int, int, list[bool]]],
    walk_said: np.ndarray,
    texts: list[str],
    recognised: list[Said],
    opening: float | None,
) -> list[tuple[int, int, list[bool]]]:
    """The parts before the first anchor (its first anchored word at ``opening`` seconds), with
    each sentence the walk skipped and none of whose own words was heard before it not said."""
    return [
        (
            a,
            b,
            [
                s and bool(walk_said[a + n] or _any_heard(texts[a + n], recognised, opening))
                for n, s in enumerate(said)
            ],
        )
        for a, b, said in parts
    ]


def _any_heard(text: str, recognised: list[Said], before: float | None) -> bool:
    """Whether any of the sentence's own words (of OWN_LETTERS letters or more: not a chance "the")
    was heard before ``before`` seconds."""
    own = {w for token in spoken_tokens(text) for w, _ in token if len(w) >= unsaid.OWN_LETTERS}
    return any(r[0] in own for r in recognised if before is None or r[1] < before)


def _at(frame: float, mask: np.ndarray) -> int:
    """The frame as an index into the mask."""
    return int(np.clip(frame, 0, max(0, len(mask) - 1)))


def _read_up_to(lengths: list[float], found: int) -> list[bool]:
    """After the last anchor, text much longer than the speech left was read only up to a point
    (a scraped page or show notes go on past the audio): the first sentences that fit were said."""
    totals = np.cumsum([0, *lengths])
    read = int(np.argmin(np.abs(totals - found)))  # how many sentences best fill the speech left
    return [j < read for j in range(len(lengths))]


def _spoken_parts(
    heard: list[Heard],
    spoken: np.ndarray,
    lengths: list[int],
    paragraphs: list[int],
    k: int,
    end: int,
    found: int,
    between: bool = True,
    lost: list[bool] | None = None,
) -> list[tuple[int, int, list[bool]]]:
    """Which of the unanchored sentences k..end-1 were said, given ``found`` frames of speech
    between their anchored neighbours (``between``; else before the first anchor or after the
    last): (first, past-last, spoken flags) per part. ``lost[j - k]``: the walk placed sentence j
    outside the gap, so its skip verdict says nothing here."""
    lost = lost or [False] * (end - k)

    def walk_knows(j: int) -> bool:
        return not lost[j - k]

    parts = _paragraph_parts(paragraphs, k, end)
    if len(parts) == 1 or len(parts) > MOST_PARTS:
        expected = sum(lengths[k:end])
        few_words = sum(h.words for h in heard[k:end]) < FEWEST_WORDS  # too short to expect an anchor

        # Between anchors one share, whatever the DTW said: on the real cases text never spoken had
        # under 10% of its length in speech there (room tone), spoken text over 40% (a quiet cold
        # speaker). Before the first anchor a chord intro is loud too: the DTW's verdict counts.
        def enough(j: int) -> bool:
            return found >= (ENOUGH if between or spoken[j] else 2 * ENOUGH) * expected

        full = SHORT_RUN_SPEECH and between and found >= FULL * expected
        said = [bool(spoken[j] or full) if few_words and walk_knows(j) else enough(j) for j in range(k, end)]
        return [(k, end, said)]
    # Paragraphs are left out whole: the paragraphs said are those whose length fits the speech
    # there; among fits within FIT the DTW's verdict decides (two paragraphs of about the same
    # length fit alike), and each part keeps the DTW's word if too short to tell.
    lengths_of = [sum(lengths[a:b]) for a, b in parts]
    dtw_said = [bool(spoken[a:b].mean() >= 0.5) for a, b in parts]
    known = [sum(map(walk_knows, range(a, b))) * 2 > b - a for a, b in parts]  # the walk was there

    def misfit(pick: tuple[bool, ...]) -> tuple[bool, int, int]:
        total = sum(n for n, chosen in zip(lengths_of, pick, strict=True) if chosen)
        disagreements = sum(p != d for p, d, w in zip(pick, dtw_said, known, strict=True) if w)
        return abs(total - found) > FIT * max(found, 1), disagreements, abs(total - found)

    best = min(itertools.product([False, True], repeat=len(parts)), key=misfit)
    out = []
    for (a, b), chosen in zip(parts, best, strict=True):
        few_words = sum(h.words for h in heard[a:b]) < FEWEST_WORDS
        out.append((a, b, [bool(spoken[j]) if few_words and walk_knows(j) else chosen for j in range(a, b)]))
    return out


def _paragraph_parts(paragraphs: list[int], k: int, end: int) -> list[tuple[int, int]]:
    """(first, past-last) of the sentences k..end-1 of each paragraph, in order."""
    parts, first = [], k
    for j in range(k + 1, end + 1):
        if j == end or paragraphs[j] != paragraphs[first]:
            parts.append((first, j))
            first = j
    return parts


def above_floor(loudness: np.ndarray, db: float = VOICE_DB) -> np.ndarray:
    """Frames ``db`` above the recording's own floor nearby (:func:`local_floor`): a quiet voice
    over its own microphone's hiss, which the episode's speech threshold misses, while room tone
    around text never spoken stays at its floor."""
    return loudness > local_floor(loudness) + db
