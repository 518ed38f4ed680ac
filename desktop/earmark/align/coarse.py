"""The DTW passes of sync: a coarse walk over the episode in windows, then a fine start per sentence.

The coarse pass (25 frames/s) walks the episode in overlapping windows with
:func:`align_frames`, which may skip audio (jingles, ads, small talk) and text
(paragraphs never spoken) instead of smearing them over neighbours. Locked
sentences split the work into independent spans. Each start is then refined at
100 frames/s in a short local window and snapped to a speech onset.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from earmark.core.progress import CancelToken

from . import anchor_starts, tts
from .dtw import align_frames
from .features import FPS, pool, sliding_normalised, window_normalised

COARSE = 4  # coarse frames are 40 ms
WINDOW_SECONDS = 90.0  # text per coarse window
SLACK_SECONDS = 120.0  # extra audio per window: the longest ad a window can skip
GAP_COST = 0.85  # cosine distance above which a frame is better skipped than matched
STRETCH_COST = 0.15  # extra cost of holding a frame while the other side moves on
# DTW alone, windows normalised by their own speech frames: a real voice against espeak-ng's sits
# further away than espeak-ng against itself, and at 0.85 half the real sentences were skipped as
# unspoken (issue #13: real long readings p95 24-30 s -> 0.7-1.6 s on seeds 1-4; the price is that
# DTW alone no longer marks unspoken text, see docs/README-align.md).
# With the sliding normalisation below as well (distances shift), 1.2: the same real cases and
# the synthetic jingle + ad case better than at 1.05 (docs/README-align.md, "The DTW-only path").
WINDOW_GAP_COST = 1.2
# DTW alone: each frame is also normalised by the speech within 1.5 s either side of it, and the
# cosine is the mean of that and the window's (a 90 s window holds several voices and rooms; a
# 1.5 s one mostly one). Real conversations p95 9-17 s -> 2-7 s (issue #13). 0: off.
SLIDING_SECONDS = 1.5
# DTW alone: a refined start this close to a pause end (local noise floor) moves there
# (align/stretches.py, pause_ends). Real cases: median and share within 100 ms better on all.
SNAP_SECONDS = 0.3


@dataclass
class CoarseResult:
    """Per planned sentence (100 fps frames): DTW start and end, share of text frames skipped,
    and the median matched distance (1.0 when nothing matched)."""

    starts: np.ndarray
    ends: np.ndarray
    skipped: np.ndarray
    dist: np.ndarray


def coarse_path(
    audio: np.ndarray,
    text: np.ndarray,
    a0: int,
    a_end: int,
    cancel: CancelToken,
    report: Callable[[float], None],
    voiced: tuple[np.ndarray, np.ndarray] | None = None,
    sliding: tuple[np.ndarray, np.ndarray] | None = None,
    committed: Callable[[np.ndarray, np.ndarray, int], None] | None = None,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """First audio frame, skipped flag and distance per text frame, walking window by window.

    With ``voiced`` (speech frames of audio and text), ``audio`` and ``text`` are raw pooled
    cepstra and each window is normalised by the statistics of its own speech frames; with
    ``sliding`` too (audio and text normalised over a sliding window), the two are joined.
    ``committed(first, skipped, upto)``: after each window, the text frames before ``upto`` are final."""
    nt = len(text)
    first = np.zeros(nt, np.int64)
    skipped = np.zeros(nt, bool)
    distance = np.ones(nt, np.float32)
    ratio = max(1.0, (a_end - a0) / max(nt, 1))
    window = int(WINDOW_SECONDS * FPS / COARSE)
    slack = int(SLACK_SECONDS * FPS / COARSE)
    t0 = 0
    while t0 < nt:
        cancel.check()
        t1 = min(nt, t0 + window)
        a1 = min(a_end, a0 + int((t1 - t0) * ratio * 1.2) + slack)
        a_win, t_win = audio[a0:a1], text[t0:t1]
        if voiced is not None:
            a_win = window_normalised(a_win, voiced[0][a0:a1])
            t_win = window_normalised(t_win, voiced[1][t0:t1])
            if sliding is not None:  # unit rows side by side: the cosine is the mean of the two
                a_win = np.hstack([a_win, sliding[0][a0:a1]]) * np.float32(np.sqrt(0.5))
                t_win = np.hstack([t_win, sliding[1][t0:t1]]) * np.float32(np.sqrt(0.5))
        gap = GAP_COST if voiced is None else max(GAP_COST, WINDOW_GAP_COST)
        f, s, d = align_frames(a_win, t_win, gap, gap, stretch=STRETCH_COST)
        commit = t1 if t1 == nt else t0 + (t1 - t0) // 2
        first[t0:commit] = f[: commit - t0] + a0
        skipped[t0:commit] = s[: commit - t0]
        distance[t0:commit] = d[: commit - t0]
        if commit < nt:
            a0 = int(f[commit - t0]) + a0
        t0 = commit
        if committed is not None:
            committed(first, skipped, commit)
        report(t0 / nt)
    return first, skipped, distance


def sliding_pair(per_window: tuple[np.ndarray, ...]) -> tuple[np.ndarray, np.ndarray]:
    """Audio and text coarse cepstra normalised over SLIDING_SECONDS either side of each frame
    (``per_window``: raw pooled audio and text cepstra and their coarse speech masks)."""
    a_raw, t_raw, a_voiced, t_voiced = per_window
    half = max(1, int(SLIDING_SECONDS * FPS / COARSE))
    return sliding_normalised(a_raw, a_voiced, half), sliding_normalised(t_raw, t_voiced, half)


def voiced_coarse(mask: np.ndarray) -> np.ndarray:
    """A 100 fps speech mask at the coarse rate (a coarse frame is speech when most of it is)."""
    return pool(mask[:, None].astype(np.float32), COARSE)[:, 0] > 0.5


def robust_start(first: np.ndarray, skipped: np.ndarray, frames: int = 10) -> int:
    """Where a sentence's first ~0.4 s says it starts (the very first frames are often
    quiet onsets that match silence or music equally well)."""
    head = np.flatnonzero(~skipped[:frames])
    if len(head) == 0:
        return int(first[0])
    return int(np.median(first[head] - head))


def refine_start(
    audio: np.ndarray,
    loud: np.ndarray,
    text: np.ndarray,
    t_start: int,
    guess: int,
    onsets: np.ndarray | None = None,
) -> int:
    """A sentence start at 100 fps: local DTW around the coarse guess, then the nearest speech onset
    (with ``onsets``, sorted pause ends, the nearest of those within SNAP_SECONDS instead)."""
    before, after = int(0.3 * FPS), int(0.8 * FPS)
    lo_t, hi_t = max(0, t_start - before), min(len(text), t_start + after)
    lo_a, hi_a = max(0, guess - before), min(len(audio), guess + int(1.4 * FPS))
    if hi_a - lo_a < 5 or hi_t - lo_t < 5:
        return guess
    f, s, _ = align_frames(audio[lo_a:hi_a], text[lo_t:hi_t], GAP_COST, GAP_COST, stretch=STRETCH_COST)
    refined = int(f[t_start - lo_t]) + lo_a if not s[t_start - lo_t] else guess
    if onsets is not None and len(onsets):
        near = int(np.clip(np.searchsorted(onsets, refined), 1, len(onsets) - 1))
        best = int(min(onsets[near - 1], onsets[near], key=lambda frame: abs(int(frame) - refined)))
        if abs(best - refined) <= SNAP_SECONDS * FPS:
            return best
    return anchor_starts.snap_to_onset(loud, refined)


def locked_pieces(locked_starts: list[float | None], audio_frames: int) -> list[tuple[int, int, int, int]]:
    """Locked sentences cut the problem into spans with known audio bounds: (plan lo, plan hi,
    audio lo, audio hi) in coarse frames; ``locked_starts`` has a start per planned sentence
    that is locked, else None."""
    pieces: list[tuple[int, int, int, int]] = []
    lo_p, lo_a = 0, 0
    for k, start in enumerate(locked_starts):
        if start is not None:
            a = int(start * FPS / COARSE)
            if k > lo_p:
                pieces.append((lo_p, k, lo_a, max(lo_a + 1, a)))
            lo_p, lo_a = k, a
    pieces.append((lo_p, len(locked_starts), lo_a, audio_frames))
    return pieces


def coarse_starts(
    audio_c: np.ndarray,
    text_c: np.ndarray,
    spans: list[tuple[int, int]],
    pieces: list[tuple[int, int, int, int]],
    cancel: CancelToken,
    report: Callable[[float], None],
    per_window: tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray] | None = None,
    placed: Callable[[int, np.ndarray], None] | None = None,
) -> CoarseResult:
    """The coarse pass over every piece. ``per_window`` (raw pooled audio and text cepstra and
    their coarse speech masks) makes each window normalise itself (the DTW-alone path).
    ``placed(k, starts)``: the starts of sentences before ``k`` are final (called as the walk goes,
    so the recogniser can start on the text placed so far: align/nearby.py)."""
    n = len(spans)
    out = CoarseResult(np.zeros(n, np.int64), np.zeros(n, np.int64), np.zeros(n), np.ones(n))
    total = sum(hi - lo for lo, hi, _, _ in pieces) or 1
    done = 0
    slides = sliding_pair(per_window) if per_window is not None and SLIDING_SECONDS > 0 else None
    for lo_p, hi_p, a_lo, a_hi in pieces:
        t_lo = spans[lo_p][0] - int(tts.PAD_SECONDS * FPS)
        t_hi = spans[hi_p - 1][1]
        c_lo, c_hi = t_lo // COARSE, -(-t_hi // COARSE)

        def frames(k: int, c_lo: int = c_lo) -> tuple[int, int]:
            """Sentence k's coarse text frames within its piece."""
            return spans[k][0] // COARSE - c_lo, max(spans[k][0] // COARSE + 1, spans[k][1] // COARSE) - c_lo

        def piece_report(fraction: float, lo=lo_p, hi=hi_p, before=done) -> None:
            report((before + fraction * (hi - lo)) / total)

        ready = [lo_p]  # sentences of this piece placed so far

        def committed(
            first: np.ndarray,
            skip: np.ndarray,
            upto: int,
            hi: int = hi_p,
            ready: list[int] = ready,
            frames=frames,
        ) -> None:
            k = ready[0]
            while k < hi and min(frames(k)[1], len(first)) <= upto:
                s0, s1 = frames(k)
                out.starts[k] = robust_start(first[s0:s1], skip[s0:s1]) * COARSE
                k += 1
            if k > ready[0] and placed is not None:
                ready[0] = k
                placed(k, out.starts)

        watch = committed if placed is not None else None
        if per_window is not None:
            a_raw, t_raw, a_voiced, t_voiced = per_window
            first, skip, distance = coarse_path(
                a_raw,
                t_raw[c_lo:c_hi],
                a_lo,
                a_hi,
                cancel,
                piece_report,
                (a_voiced, t_voiced[c_lo:c_hi]),
                None if slides is None else (slides[0], slides[1][c_lo:c_hi]),
                watch,
            )
        else:
            first, skip, distance = coarse_path(
                audio_c, text_c[c_lo:c_hi], a_lo, a_hi, cancel, piece_report, committed=watch
            )
        for k in range(lo_p, hi_p):
            s0, s1 = frames(k)
            s1 = min(s1, len(first))
            out.starts[k] = robust_start(first[s0:s1], skip[s0:s1]) * COARSE
            out.ends[k] = (first[s1 - 1] + 1) * COARSE
            out.skipped[k] = skip[s0:s1].mean()
            matched = ~skip[s0:s1]
            out.dist[k] = float(np.median(distance[s0:s1][matched])) if matched.any() else 1.0
        done += hi_p - lo_p
        if placed is not None:
            placed(hi_p, out.starts)
    return out


def dtw_confidence(result: CoarseResult) -> np.ndarray:
    """Confidence from the DTW alone (weak evidence): close matches with little skipped."""
    return np.clip(1.0 - result.dist / GAP_COST, 0.0, 1.0) * (1 - result.skipped) / 0.7
