"""A turn nobody heard, forced as one window between the anchors around it (English, issue #13).

Where the recogniser anchors none of a run of sentences (the cold speaker under kitchen
noise), :mod:`earmark.align.pauses` lays the run out over a speech mask that misses most of
her voice, and the sentences land 1-10 s late; each sentence's forced window then opens
after its true start and fails. Forced alignment of the whole run at once, on a denoised
copy (:func:`earmark.align.rescue.denoised`), does reach the end: the grammar takes every
sentence's words in order, so each word has only the audio between its neighbours to
land in, and the starts it gives are within ~0.2 s where the layout was 1-4 s off
(conversation seed 7: the raw audio fails, the denoised copy succeeds). So a run of
unanchored doubtful sentences takes its starts from that pass; the word pass refines them.

The forcer draws a first word back over the pause (or "um") before it ("I" of "Um, I
have a cold" 0.65 s long): a first word longer than its letters read slowly starts that
long before the second word.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from .features import FPS
from .forced import CONTEXT_WORDS, LEAD_SECONDS, TAIL_SECONDS, _flat, known_items, texts_dictionary
from .forcer import Aligner
from .heard import Heard
from .rescue import denoised

TRUST = 0.7  # a start this confident (or anchored, or locked) bounds a run
FEWEST = 2  # a single unanchored sentence is the word pass's to place
MOST_SENTENCES = 16  # longer runs are left to the layout (one utterance must stay short)
MOST_SECONDS = 60.0  # ... and so must the window
FIRST_WORD_SECONDS = 0.1  # a first word lasts at most this ...
PER_CHARACTER = 0.06  # ... plus this per letter (tts.SECONDS_PER_CHARACTER) before the second word


def _runs(
    heard: list[Heard], spoken: np.ndarray, locked: np.ndarray, confidence: np.ndarray
) -> list[list[int]]:
    """Maximal runs of spoken, unlocked, doubtful sentences none of whose words anchored."""
    out: list[list[int]] = []
    run: list[int] = []
    for k in range(len(heard)):
        if not spoken[k]:
            continue
        if not locked[k] and heard[k].time is None and confidence[k] < TRUST:
            run.append(k)
            continue
        if run:
            out.append(run)
        run = []
    if run:
        out.append(run)
    return [r for r in out if FEWEST <= len(r) <= MOST_SENTENCES]


def _first_start(times: list[tuple[int, float, float]], token: str) -> float | None:
    """The sentence's start from its forced words (token index, start, end): its first word's
    start, no further before the second word than that word read slowly takes."""
    if not times or times[0][0] != 0:
        return None
    start = times[0][1]
    if len(times) > 1 and times[1][0] == 1:
        start = max(start, times[1][1] - (FIRST_WORD_SECONDS + PER_CHARACTER * len(token)))
    return start


def force_unanchored(
    samples: Callable[[float, float], np.ndarray],
    texts: list[str],
    heard: list[Heard],
    starts: np.ndarray,
    confidence: np.ndarray,
    spoken: np.ndarray,
    locked: np.ndarray,
    earliest: np.ndarray,
    duration: float,
    folder: str,
    write_dictionary: Callable[[list[str], str], None],
    foreign: np.ndarray | None = None,
) -> int:
    """Move the starts (frames, in place) of each run of unanchored doubtful sentences to where
    one forced pass over the run puts their first words; returns how many moved. ``earliest``
    (seconds, per sentence) is where a run's window may open at the earliest (after the words
    heard before it), ``foreign`` (frames) speech the text does not hold, which it opens after."""
    runs = _runs(heard, spoken, locked, confidence)
    if not runs:
        return 0
    dictionary, known = texts_dictionary(texts, folder, write_dictionary)
    aligner = Aligner(dictionary)
    items = [known_items(t, known) for t in texts]
    order = [k for k in range(len(texts)) if spoken[k]]
    moved = 0
    for run in runs:
        at = order.index(run[0])
        before = order[at - 1] if at > 0 else None
        after_at = order.index(run[-1]) + 1
        after = order[after_at] if after_at < len(order) else None
        t0 = max(0.0, float(earliest[run[0]]), starts[before] / FPS if before is not None else 0.0)
        first = float(starts[run[0]]) / FPS
        if foreign is not None:  # not over an ad read before the run
            ad = np.flatnonzero(foreign[int(t0 * FPS) : int(first * FPS)])
            if len(ad):
                t0 = (int(t0 * FPS) + int(ad[-1]) + 1) / FPS
        t0 = max(0.0, min(t0, first - LEAD_SECONDS))
        t1 = min(duration, (starts[after] / FPS + TAIL_SECONDS) if after is not None else duration)
        words = [w for k in run for _, w in items[k]]
        owners = [(k, token) for k in run for token, _ in items[k]]
        if not words or not 0.5 < t1 - t0 <= MOST_SECONDS:
            continue
        context_before = _flat([w for _, w in items[before]])[-CONTEXT_WORDS:] if before is not None else []
        context_after = _flat([w for _, w in items[after]])[:CONTEXT_WORDS] if after is not None else []
        pcm = (np.clip(denoised(samples(t0, t1)), -1, 1) * 32767).astype("<i2").tobytes()
        found = aligner.align(pcm, words, context_before, context_after)
        if found is None:
            continue
        per: dict[int, list[tuple[int, float, float]]] = {k: [] for k in run}
        for index, a, b in found:
            k, token = owners[index]
            per[k].append((token, t0 + a, t0 + b))
        floor = t0
        for k in run:
            start = _first_start(sorted(per[k]), texts[k].split()[0])
            if start is None or start < floor:
                continue
            frame = round(start * FPS)
            moved += int(starts[k] != frame)
            starts[k] = frame
            floor = start
    return moved
