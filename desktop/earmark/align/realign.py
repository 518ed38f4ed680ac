"""Sentences whose DTW start the recogniser's anchors rule out, matched again between trusted ones."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from . import anchor_starts, coarse
from . import heard as heard_
from .dtw import align_frames
from .features import FPS

LOCAL_CELLS = 60_000_000  # largest local re-match between trusted starts (coarse frames squared)


def realign_contradicted(
    heard: list[heard_.Heard],
    spoken: np.ndarray,
    trusted: np.ndarray,
    starts: np.ndarray,
    confidence: np.ndarray,
    audio_c: np.ndarray,
    text_c: np.ndarray,
    loud: np.ndarray,
    spans: list[tuple[int, int]],
    refine: Callable[[int, int], int],
) -> None:
    """Sentences whose start the anchors rule out are matched again by DTW, but only between
    the trusted starts around them (both ends fixed), so the rest of the episode cannot pull them.
    """
    step = coarse.COARSE
    end = len(audio_c) * step / FPS
    lo, hi = anchor_starts.bounds(heard, end)
    bad = [
        k
        for k in range(len(heard))
        if spoken[k] and not trusted[k] and anchor_starts.contradicted(heard, starts, lo, hi, k)
    ]
    done: set[int] = set()
    for k in bad:
        if k in done:
            continue
        p = next((j for j in range(k - 1, -1, -1) if trusted[j]), None)
        q = next((j for j in range(k + 1, len(heard)) if trusted[j]), None)
        a0 = starts[p] // step if p is not None else 0
        a1 = starts[q] // step if q is not None else len(audio_c)
        t0 = spans[p][0] // step if p is not None else 0
        t1 = spans[q][0] // step if q is not None else len(text_c)
        if a1 - a0 < 2 or t1 - t0 < 2 or (a1 - a0) * (t1 - t0) > LOCAL_CELLS:
            first = skip = None
        else:
            first, skip, _ = align_frames(
                audio_c[a0:a1],
                text_c[t0:t1],
                coarse.GAP_COST,
                coarse.GAP_COST,
                stretch=coarse.STRETCH_COST,
                free_end=q is None,
            )
        for j in (j for j in bad if (p is None or j > p) and (q is None or j < q)):
            done.add(j)
            if first is not None:
                s0 = spans[j][0] // step - t0
                s1 = max(s0 + 1, min(spans[j][1] // step - t0, len(first)))
                guess = (coarse.robust_start(first[s0:s1], skip[s0:s1]) + a0) * step
                starts[j] = refine(j, int(guess))
            if anchor_starts.contradicted(heard, starts, lo, hi, j) and heard[j].time is not None:
                starts[j] = anchor_starts.start_from_anchor(heard[j], loud)
            if anchor_starts.contradicted(heard, starts, lo, hi, j):
                starts[j] = int(np.clip(starts[j], lo[j] * FPS + 1, hi[j] * FPS))
                confidence[j] = 0.3
            else:
                confidence[j] = 0.6
