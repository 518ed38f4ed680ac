"""One run's forced windows (:mod:`earmark.align.turns`): the whole window, halved where it fails,
and where speech the text does not hold (an ad read) bounds it. Split from turns.py, which decides which
runs to force and what their forced words may move."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from .features import FPS
from .forced import CONTEXT_WORDS, LEAD_SECONDS, Item, _flat
from .forcer import Aligner
from .rescue import denoised

MOST_SECONDS = 60.0  # a longer window is left to the layout (as runs of over turns.MOST_SENTENCES)
SPLIT_SECONDS = 1.0  # a halved window's first half reaches this far past the second half's laid-out start
JOIN_BACK = 0.3  # the second half opens this long before the first half's last word ended


def before_foreign(foreign: np.ndarray, last: int, t1: float) -> float:
    """``t1`` (s), or where the first stretch of foreign speech that begins after frame ``last`` (the
    run's last laid-out start) does, if sooner: the run's words are not to be forced into an ad."""
    span = foreign[last : int(t1 * FPS)]
    rises = np.flatnonzero(span[1:] & ~span[:-1]) + 1
    return (last + int(rises[0])) / FPS if len(rises) else t1


@dataclass(slots=True)
class Job:
    """What forcing one run needs, and the forced words found (``per``: sentence -> token, start, end)."""

    aligner: Aligner
    samples: Callable[[float, float], np.ndarray]
    items: list[list[tuple[int, Item]]]
    starts: np.ndarray
    per: dict[int, list[tuple[int, float, float]]]
    names: dict[tuple[int, int], str]  # (sentence, token) -> the forced word's name, for the word pass
    phones: bool = False  # the Phones path: each window decoded with its own cepstral mean (rescue.OWN_CMN)
    seams: dict[int, float] = field(default_factory=dict)  # second half's first sentence -> first's end
    guessed: dict[int, float] = field(default_factory=dict)  # ... after a failed first half -> its guess


def failed(job: Job, run: list[int]) -> int:
    """How many of the run's sentences had no first word forced."""
    return sum(all(token != 0 for token, _, _ in job.per[k]) for k in run)


def force_whole(
    job: Job, part: list[int], a: float, b: float, head: list[str], tail: list[str]
) -> float | None:
    """Force ``part`` in a..b seconds as one window (into ``per``); the end of its last word, or None."""
    words = [w for k in part for _, w in job.items[k]]
    owners = [(k, token) for k in part for token, _ in job.items[k]]
    if not words or not 0.5 < b - a <= MOST_SECONDS:
        return None
    pcm = (np.clip(denoised(job.samples(a, b)), -1, 1) * 32767).astype("<i2").tobytes()
    breaks = frozenset(n for n in range(1, len(owners)) if owners[n][0] != owners[n - 1][0])
    found = job.aligner.align(pcm, words, head, tail, lead=True, breaks=breaks, own_cmn=job.phones)
    if found is None:
        return None
    for index, x, y in found:
        k, token = owners[index]
        job.per[k].append((token, a + x, a + y))
        if isinstance(words[index], str):
            job.names.setdefault((k, token), words[index])
    return a + found[-1][2]


def force(
    job: Job, part: list[int], a: float, b: float, head: list[str], tail: list[str], whole: bool = True
) -> float | None:
    """Force ``part`` in a..b seconds (into ``per``); the end of its last word, or None.
    A window that fails (``whole`` False: known to) is halved at its middle sentence's laid-out
    start, the first half forced up to SPLIT_SECONDS after it and the second from where the first
    half ended."""
    if not 0.5 < b - a <= MOST_SECONDS:
        return None
    end = force_whole(job, part, a, b, head, tail) if whole else None
    if end is not None:
        return end
    if len(part) < 2:
        return None
    h = len(part) // 2
    guess = float(job.starts[part[h]]) / FPS
    left = force(
        job,
        part[:h],
        a,
        min(b, guess + SPLIT_SECONDS),
        head,
        _flat([w for _, w in job.items[part[h]]])[:CONTEXT_WORDS],
    )
    resume = max(a, left - JOIN_BACK) if left is not None else max(a, guess - LEAD_SECONDS)
    if left is not None:
        job.seams[part[h]] = left
    else:  # opened at the layout's guess, not where forced words ended
        job.guessed[part[h]] = guess
    return force(
        job, part[h:], resume, b, _flat([w for _, w in job.items[part[h - 1]]])[-CONTEXT_WORDS:], tail
    )


def halves_failed(job: Job, run: list[int], foreign: np.ndarray | None) -> bool:
    """The halved windows left a sentence of the run without its first word, or forced one's into
    foreign speech: worth forcing the run whole again in other windows (turns._retries)."""
    for k in run:
        first = [x for token, x, _ in job.per[k] if token == 0]
        if not first:
            return True
        at = int(min(first) * FPS)
        if foreign is not None and 0 <= at < len(foreign) and foreign[at]:
            return True
    return False
