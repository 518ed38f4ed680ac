"""DTW alone on real voices: which paragraphs were spoken, decided over the stretches between pauses.

A real voice against espeak-ng's is far away in any cepstral space, and the coarse walk
(:mod:`earmark.align.coarse`) had to be told to skip almost nothing to keep its place on
real voices, so it no longer left out text that is not spoken (a title, a sponsor line,
show notes) and matched it to whatever audio was near: a title over the first reader
pushed the first sentence seconds late. What a voice does not change is structure:
people pause between sentences, and text is left out by whole paragraphs. Here both
sides keep only their speech frames (pauses against the recording's local noise floor
drop out), and one dynamic programme over the episode places each sentence over the
stretches from one pause end to a later pause (cost: its DTW against those frames, both
sides normalised over a sliding window), leaves a whole paragraph unspoken (a cost per
synthetic frame, plus one per paragraph), or leaves a stretch of audio unmatched (a cost
per audio frame: an ad, a jingle). Each sentence starts within BAND_SECONDS of where the
coarse walk put it. Then the walk runs again without the unspoken paragraphs and without
the long runs of audio the programme matched to nothing. Its starts are kept; the
programme's own starts were worse (the acoustic evidence per sentence is weak).
Frames are the coarse pass's (25 a second) unless named 100 fps.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numba
import numpy as np

from earmark.core.progress import CancelToken

from . import coarse, tts
from .features import FPS, fill_short_quiet
from .pauses import local_speech

COARSE = coarse.COARSE
MIN_PAUSE_SECONDS = 0.06  # quiet this long lets a sentence start after it (0.15: a fifth of starts missed)
TEXT_GAP = 0.8  # cost per synthetic speech frame of a paragraph left unspoken
PARAGRAPH_COST = 10.0  # and per paragraph (two short sentences of a quiet far-field voice were dropped)
AUDIO_GAP = 0.8  # cost per audio speech frame matched to no sentence
STRETCH = 0.15  # extra cost of holding a frame while the other side moves on
LONGEST_RATIO = 3.0  # a sentence's speech is at most this many times its synthetic speech
BAND_SECONDS = 3.0  # a sentence starts this close to where the coarse walk put it
DROP_SECONDS = 3.0  # audio matched to nothing this long is left out of the second walk
MOST_CELLS = 6_000_000  # sentences x stretches; beyond (~1.5 hours) the walk's result stands
_INF = np.float32(1e30)


@dataclass
class Placed:
    """Per planned sentence: spoken or not; and the 100 fps (begin, end) of each run of speech
    that no sentence was matched to."""

    spoken: np.ndarray
    unmatched: list[tuple[int, int]]


@dataclass
class Stretches:
    """The episode's speech at the coarse rate with its pauses taken out: ``frames`` holds the
    coarse frame of each kept frame, ``bounds`` the kept-frame index where each stretch begins
    (and the total), ``onsets``/``ends`` each stretch's 100 fps begin and end."""

    frames: np.ndarray
    bounds: np.ndarray
    onsets: np.ndarray
    ends: np.ndarray


def stretches(loudness: np.ndarray, coarse_frames: int) -> Stretches:
    """Speech against the local noise floor, cut where it pauses for MIN_PAUSE_SECONDS or more."""
    speech = fill_short_quiet(local_speech(loudness), int(MIN_PAUSE_SECONDS * FPS))
    edges = np.flatnonzero(np.diff(np.concatenate([[0], speech.astype(np.int8), [0]])))
    frames, bounds, onsets, ends = [], [0], [], []
    for begin, stop in zip(edges[::2], edges[1::2], strict=True):
        lo = max(begin // COARSE, frames[-1][-1] + 1 if frames else 0)
        hi = min(coarse_frames, -(-stop // COARSE))
        if hi <= lo:
            continue
        frames.append(np.arange(lo, hi))
        bounds.append(bounds[-1] + hi - lo)
        onsets.append(begin)
        ends.append(stop)
    if not frames:
        return Stretches(
            np.zeros(0, np.int64), np.zeros(1, np.int64), np.zeros(0, np.int64), np.zeros(0, np.int64)
        )
    return Stretches(np.concatenate(frames), np.array(bounds), np.array(onsets), np.array(ends))


def pause_ends(loudness: np.ndarray, shortest: float = 0.12) -> np.ndarray:
    """100 fps frames where speech resumes after at least ``shortest`` seconds of quiet, against
    the local noise floor (a quiet far-field voice, a kitchen under another): where a refined
    start without a recogniser is snapped to (:func:`coarse.refine_start`)."""
    speech = fill_short_quiet(local_speech(loudness), int(shortest * FPS))
    return np.flatnonzero(speech[1:] & ~speech[:-1]) + 1


@numba.njit(cache=True, nogil=True)
def _end_costs(text, audio, start, length, stretch):  # pragma: no cover - compiled
    """DTW cost of all of ``text`` against audio[start : start + e + 1], for each e < length."""
    n, dim = text.shape[0], text.shape[1]
    prev = np.full(n, _INF, np.float32)
    cur = np.empty(n, np.float32)
    out = np.empty(length, np.float32)
    for i in range(length):
        for t in range(n):
            dot = 0.0
            for q in range(dim):
                dot += audio[start + i, q] * text[t, q]
            d = 1.0 - dot
            if i == 0 and t == 0:
                best = 2.0 * d
            else:
                best = _INF
                if i > 0 and t > 0:
                    best = prev[t - 1] + 2.0 * d
                if i > 0 and prev[t] + d + stretch < best:
                    best = prev[t] + d + stretch
                if t > 0 and cur[t - 1] + d + stretch < best:
                    best = cur[t - 1] + d + stretch
            cur[t] = best
        out[i] = cur[n - 1]
        for t in range(n):
            prev[t] = cur[t]
    return out


@numba.njit(cache=True, nogil=True)
def _programme(texts, offsets, audio, bounds, lo, hi, para_end, gaps, stretch, ratio):  # pragma: no cover
    """cost[k, j]: the best cost with sentences < k placed and the audio used up to stretch j.
    kind 0: sentence k-1 placed from stretch back[k, j]; 1: the paragraph ending with it left
    unspoken (``para_end[k]`` is the sentence after the paragraph k begins, else -1); 2: stretch
    j-1 matched to nothing. ``gaps``: text gap, audio gap, paragraph cost."""
    count = offsets.shape[0] - 1
    m = bounds.shape[0] - 1
    cost = np.full((count + 1, m + 1), _INF, np.float32)
    kind = np.zeros((count + 1, m + 1), np.uint8)
    back = np.zeros((count + 1, m + 1), np.int32)
    cost[0, 0] = 0.0
    for k in range(count + 1):
        for j in range(1, m + 1):
            c = cost[k, j - 1] + gaps[1] * (bounds[j] - bounds[j - 1])
            if c < cost[k, j]:
                cost[k, j], kind[k, j], back[k, j] = c, 2, j - 1
        if k == count:
            break
        if para_end[k] > k:
            e = para_end[k]
            skip = gaps[0] * (offsets[e] - offsets[k]) + gaps[2]
            for j in range(m + 1):
                c = cost[k, j] + skip
                if c < cost[e, j]:
                    cost[e, j], kind[e, j], back[e, j] = c, 1, j
        text = texts[offsets[k] : offsets[k + 1]]
        n = text.shape[0]
        for j in range(lo[k], min(hi[k], m - 1) + 1):
            if cost[k, j] >= _INF:
                continue
            length = min(bounds[m] - bounds[j], int(ratio * n) + 10)
            if length <= 0:
                continue
            ends = _end_costs(text, audio, bounds[j], length, stretch)
            for jj in range(j + 1, m + 1):
                span = bounds[jj] - bounds[j]
                if span > length:
                    break
                c = cost[k, j] + ends[span - 1]
                if c < cost[k + 1, jj]:
                    cost[k + 1, jj], kind[k + 1, jj], back[k + 1, jj] = c, 0, j
    return kind, back


def place(
    audio_n: np.ndarray,
    text_n: np.ndarray,
    text_voiced: np.ndarray,
    spans: list[tuple[int, int]],
    loudness: np.ndarray,
    guesses: np.ndarray,
    paragraphs: list[int],
) -> Placed | None:
    """Which sentences were spoken, and the speech matched to none. ``audio_n``/``text_n``: coarse
    normalised cepstra; ``text_voiced``: the synthetic side's coarse speech mask; ``spans``: each
    sentence's 100 fps span in the synthetic features; ``loudness``: the episode's 100 fps dB;
    ``guesses``: the coarse walk's starts (100 fps). None when the episode is too long for it."""
    count = len(spans)
    found = stretches(loudness, len(audio_n))
    if (count + 1) * len(found.bounds) > MOST_CELLS or len(found.onsets) == 0:
        return None
    parts = []
    for a, b in spans:
        idx = np.arange(a // COARSE, max(a // COARSE + 1, b // COARSE))
        idx = idx[idx < len(text_n)]
        parts.append(idx[text_voiced[idx]] if text_voiced[idx].any() else idx)
    offsets = np.concatenate([[0], np.cumsum([len(p) for p in parts])]).astype(np.int64)
    texts = np.ascontiguousarray(text_n[np.concatenate(parts)], np.float32)
    audio = np.ascontiguousarray(audio_n[found.frames], np.float32)
    band = int(BAND_SECONDS * FPS)
    lo = np.searchsorted(found.onsets, guesses - band).astype(np.int64)
    hi = (np.searchsorted(found.onsets, guesses + band, side="right") - 1).astype(np.int64)
    nearest = np.clip(np.searchsorted(found.onsets, guesses), 0, len(found.onsets) - 1)
    lo, hi = np.minimum(lo, nearest), np.maximum(hi, nearest)  # no pause end in the band: the nearest
    para_end = np.full(count, -1, np.int64)
    k = 0
    while k < count:
        e = k + 1
        while e < count and paragraphs[e] == paragraphs[k]:
            e += 1
        para_end[k], k = e, e
    gaps = np.array([TEXT_GAP, AUDIO_GAP, PARAGRAPH_COST], np.float32)
    kind, back = _programme(
        texts, offsets, audio, found.bounds, lo, hi, para_end, gaps, STRETCH, LONGEST_RATIO
    )
    spoken = np.zeros(count, bool)
    left: list[int] = []
    k, j = count, len(found.bounds) - 1
    while k > 0 or j > 0:
        move, previous = int(kind[k, j]), int(back[k, j])
        if move == 2:
            left.append(previous)
        elif move == 1:
            k = next(p for p in range(k - 1, -1, -1) if para_end[p] == k)
        else:
            spoken[k - 1] = True
            k -= 1
        j = previous
    runs: list[list[int]] = []
    for s in sorted(left):
        if runs and runs[-1][2] == s - 1:
            runs[-1][1:] = [int(found.ends[s]), s]
        else:
            runs.append([int(found.onsets[s]), int(found.ends[s]), s])
    return Placed(spoken, [(a, b) for a, b, _ in runs])


def walk(
    audio_c: np.ndarray,
    text_c: np.ndarray,
    spans: list[tuple[int, int]],
    pieces: list[tuple[int, int, int, int]],
    cancel: CancelToken,
    report: Callable[[float], None],
    per_window: tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray],
    *,
    loudness: np.ndarray,
    paragraphs: list[int],
) -> coarse.CoarseResult:
    """:func:`coarse.coarse_starts` (the same arguments), then the unspoken paragraphs found over
    the pauses, then the walk again without them and without the audio matched to nothing.
    With locked sentences (several pieces) only the first walk runs."""
    found = coarse.coarse_starts(audio_c, text_c, spans, pieces, cancel, report, per_window)
    a_raw, t_raw, a_voiced, t_voiced = per_window
    a_n, t_n = coarse.sliding_pair(per_window)
    placed = place(a_n, t_n, t_voiced, spans, loudness, found.starts, paragraphs)
    if placed is None or len(pieces) > 1:
        return found
    found.skipped = np.where(placed.spoken, 0.0, 1.0)
    kept = np.flatnonzero(placed.spoken)
    if len(kept) == 0:
        return found
    pad = int(tts.PAD_SECONDS * FPS)
    edges = [(a - pad) // COARSE for a, _ in spans] + [len(t_raw)]
    parts, new_spans, offset = [], [], 0
    for k in kept:  # each kept sentence's own frames, its pause before it included
        lo, hi = edges[k], edges[k + 1]
        parts.append(np.arange(lo, hi))
        shift = (offset - lo) * COARSE
        new_spans.append((spans[k][0] + shift, spans[k][1] + shift))
        offset += hi - lo
    text_idx = np.concatenate(parts)
    keep = np.ones(len(a_raw), bool)
    for begin, stop in placed.unmatched:
        if stop - begin >= DROP_SECONDS * FPS:
            keep[begin // COARSE : stop // COARSE] = False
    audio_idx = np.flatnonzero(keep)
    again = coarse.coarse_starts(
        audio_c,
        t_raw[text_idx],
        new_spans,
        [(0, len(kept), 0, len(audio_idx))],
        cancel,
        report,
        (a_raw[audio_idx], t_raw[text_idx], a_voiced[audio_idx], t_voiced[text_idx]),
    )

    def back(frames: np.ndarray) -> np.ndarray:  # second-walk audio frames -> the episode's
        return audio_idx[np.clip(frames // COARSE, 0, len(audio_idx) - 1)] * COARSE

    found.starts[kept], found.ends[kept], found.dist[kept] = back(again.starts), back(again.ends), again.dist
    return found
