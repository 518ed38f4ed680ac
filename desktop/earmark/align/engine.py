"""Sentence times for untimed text: espeak-ng speech matched to the episode by DTW with gaps.

1. Each speakable sentence is synthesised by espeak-ng (a thread) while the
   episode is decoded and turned into features in bounded memory (this thread).
2. A coarse pass (25 frames/s) walks the episode in overlapping windows with
   :func:`align_frames`, which may skip audio (jingles, ads, small talk) and
   text (paragraphs never spoken) instead of smearing them over neighbours.
   Locked sentences split the work into independent spans.
3. For English, words recognised by pocketsphinx (:mod:`earmark.align.words`, two
   worker processes busy meanwhile with step 2) decide which sentences were spoken
   and check the DTW's starts; starts they contradict are matched again between
   trusted ones (:mod:`earmark.align.heard`).
4. Each sentence start is refined at 100 frames/s in a short local window,
   then snapped to the speech onset if a pause ends right there; with anchors,
   starts that sit in a pause or just into speech after one move to where that
   speech began (:mod:`earmark.align.onsets`).
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from functools import partial
from pathlib import Path

import numpy as np

from earmark.audio import iter_mono_chunks, probe
from earmark.core.model import Segment, SegmentKind
from earmark.core.progress import CancelToken, Progress, no_progress

from . import forced, tts, words
from . import heard as heard_
from .dtw import align_frames
from .features import (
    FPS,
    FeatureBuffer,
    Features,
    features_from_chunks,
    mean_and_std,
    normalise,
    pool,
    speech_mask,
    window_normalised,
)
from .heard import FEWEST_WORDS
from .onsets import settle_on_onsets
from .spoken import speech_between_anchors

COARSE = 4  # coarse frames are 40 ms
WINDOW_SECONDS = 90.0  # text per coarse window
SLACK_SECONDS = 120.0  # extra audio per window: the longest ad a window can skip
GAP_COST = 0.85  # cosine distance above which a frame is better skipped than matched
STRETCH_COST = 0.15  # extra cost of holding a frame while the other side moves on
LOCAL_CELLS = 60_000_000  # largest local re-match between trusted starts (coarse frames squared)
LOW_CONFIDENCE = 0.5  # below this a start is likely > 200 ms off (same threshold as the pane)
WINDOW_CMVN = True  # DTW alone: coarse windows normalised by their own speech frames (issue #13)
FORCED = True  # English: word times (and doubtful starts) from forced alignment (align/forced.py)
_SPEAKABLE = re.compile(r"\w")


def _speakable(segment: Segment) -> bool:
    return segment.kind in (SegmentKind.SPEECH, SegmentKind.UNSPOKEN) and bool(
        _SPEAKABLE.search(segment.text)
    )


def _coarse_path(
    audio: np.ndarray,
    text: np.ndarray,
    a0: int,
    a_end: int,
    cancel: CancelToken,
    report,
    voiced: tuple[np.ndarray, np.ndarray] | None = None,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """First audio frame, skipped flag and distance per text frame, walking window by window.

    With ``voiced`` (speech frames of audio and text), ``audio`` and ``text`` are raw pooled
    cepstra and each window is normalised by the statistics of its own speech frames."""
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
        f, s, d = align_frames(a_win, t_win, GAP_COST, GAP_COST, stretch=STRETCH_COST)
        commit = t1 if t1 == nt else t0 + (t1 - t0) // 2
        first[t0:commit] = f[: commit - t0] + a0
        skipped[t0:commit] = s[: commit - t0]
        distance[t0:commit] = d[: commit - t0]
        if commit < nt:
            a0 = int(f[commit - t0]) + a0
        t0 = commit
        report(t0 / nt)
    return first, skipped, distance


def _voiced(mask: np.ndarray) -> np.ndarray:
    """A 100 fps speech mask at the coarse rate (a coarse frame is speech when most of it is)."""
    return pool(mask[:, None].astype(np.float32), COARSE)[:, 0] > 0.5


def _robust_start(first: np.ndarray, skipped: np.ndarray, frames: int = 10) -> int:
    """Where a sentence's first ~0.4 s says it starts (the very first frames are often
    quiet onsets that match silence or music equally well)."""
    head = np.flatnonzero(~skipped[:frames])
    if len(head) == 0:
        return int(first[0])
    return int(np.median(first[head] - head))


def _refine_start(audio: np.ndarray, loud: np.ndarray, text: np.ndarray, t_start: int, guess: int) -> int:
    """A sentence start at 100 fps: local DTW around the coarse guess, then the nearest speech onset."""
    before, after = int(0.3 * FPS), int(0.8 * FPS)
    lo_t, hi_t = max(0, t_start - before), min(len(text), t_start + after)
    lo_a, hi_a = max(0, guess - before), min(len(audio), guess + int(1.4 * FPS))
    if hi_a - lo_a < 5 or hi_t - lo_t < 5:
        return guess
    f, s, _ = align_frames(audio[lo_a:hi_a], text[lo_t:hi_t], GAP_COST, GAP_COST, stretch=STRETCH_COST)
    refined = int(f[t_start - lo_t]) + lo_a if not s[t_start - lo_t] else guess
    return heard_.snap_to_onset(loud, refined)


def align_segments(
    audio_path: Path,
    segments: list[Segment],
    *,
    language: str = "en",
    progress: Progress = no_progress,
    cancel: CancelToken | None = None,
) -> list[Segment]:
    """New segments, in the same order, with start/end/confidence from the audio.

    Speech sentences get times and a confidence; ones not found in the audio
    become ``UNSPOKEN`` (no times). Music and sound lines are not aligned as
    speech: they get the gap around them. Locked sentences keep their start and
    anchor the rest.
    """
    duration = probe(audio_path).duration
    tts.check_language(language)
    cancel = cancel or CancelToken()  # ours too: a failure in one thread stops the other
    plan = [i for i, s in enumerate(segments) if _speakable(s)]
    texts = [segments[i].text for i in plan]
    progress(0.0, "Reading the audio")
    with ThreadPoolExecutor(max_workers=1) as runner:
        text_store = FeatureBuffer(int(sum(map(len, texts)) * tts.SECONDS_PER_CHARACTER * FPS))
        synth = runner.submit(
            tts.synthesise_all, texts, language, convert=tts.synthesiser(text_store), cancel=cancel
        )
        chunks_total = max(1, int(duration / 30.0) + 1)
        done = [0]

        def chunk_read() -> None:
            done[0] += 1
            cancel.check()
            progress(0.3 * min(1.0, done[0] / chunks_total), "Reading the audio")

        try:
            audio_feats = features_from_chunks(
                iter_mono_chunks(audio_path), on_chunk=chunk_read, expected_frames=int(duration * FPS) + 2
            )
            synthetic = synth.result()
            # The recogniser (two worker processes) runs while this thread does the coarse DTW.
            # (Starting it with the reading was slower: four busy processes on two cores.)
            listening = (
                runner.submit(heard_.listen, audio_path, texts, duration, progress, cancel, language)
                if words.listens(language)  # English, and others with espeak-ng's phones
                else None
            )
            return _align(
                audio_feats,
                text_store.features(),
                tts.speech_spans(synthetic),
                plan,
                segments,
                duration,
                progress,
                cancel,
                listening.result if listening is not None else None,
                (
                    partial(forced.add_word_times, partial(iter_mono_chunks, audio_path), duration=duration)
                    if listening is not None and FORCED and words.available(language)
                    else None
                ),
            )
        except BaseException:
            cancel.cancel()
            raise


def _align(
    audio_feats: Features,
    text_feats: Features,
    spans: list[tuple[int, int]],
    plan: list[int],
    segments: list[Segment],
    duration: float,
    progress: Progress,
    cancel: CancelToken,
    listened: Callable[[], list[heard_.Heard] | None] | None,
    word_times: Callable[[list[Segment], Callable[[], None]], None] | None = None,
) -> list[Segment]:
    """``listened`` waits for the recogniser's verdict (None: DTW alone); ``word_times``
    (English) times each sentence's words by forced alignment and may move doubtful starts."""
    out = [replace(s) for s in segments]
    if not plan or len(audio_feats) == 0:
        return _fill_non_speech(out, duration)
    a_mean, a_std = mean_and_std(audio_feats.cepstra)
    t_mean, t_std = mean_and_std(text_feats.cepstra)
    a_std += 1e-6
    t_std += 1e-6
    loud = speech_mask(audio_feats.loudness)
    # DTW alone (no recogniser): the coarse pass normalises each window by its own speech frames.
    per_window = WINDOW_CMVN and listened is None
    audio_raw, text_raw = pool(audio_feats.cepstra, COARSE), pool(text_feats.cepstra, COARSE)
    voiced = (_voiced(loud), _voiced(speech_mask(text_feats.loudness))) if per_window else None
    coarse_in = (audio_raw.copy(), text_raw.copy()) if per_window else None
    audio_c = normalise(audio_raw, a_mean, a_std)
    text_c = normalise(text_raw, t_mean, t_std)
    audio = normalise(audio_feats.cepstra, a_mean, a_std)  # in place: the raw cepstra are done with
    text = normalise(text_feats.cepstra, t_mean, t_std)

    # Locked sentences cut the problem into spans with known audio bounds.
    pieces: list[tuple[int, int, int, int]] = []  # plan lo, plan hi, audio lo, audio hi (coarse frames)
    lo_p, lo_a = 0, 0
    for k, index in enumerate(plan):
        seg = segments[index]
        if seg.locked and seg.start is not None:
            a = int(seg.start * FPS / COARSE)
            if k > lo_p:
                pieces.append((lo_p, k, lo_a, max(lo_a + 1, a)))
            lo_p, lo_a = k, a
    pieces.append((lo_p, len(plan), lo_a, len(audio_c)))

    starts = np.zeros(len(plan), np.int64)
    ends = np.zeros(len(plan), np.int64)
    skipped = np.zeros(len(plan))
    dist = np.ones(len(plan))
    total = sum(hi - lo for lo, hi, _, _ in pieces) or 1
    done = 0
    for lo_p, hi_p, a_lo, a_hi in pieces:
        t_lo = spans[lo_p][0] - int(tts.PAD_SECONDS * FPS)
        t_hi = spans[hi_p - 1][1]
        c_lo, c_hi = t_lo // COARSE, -(-t_hi // COARSE)

        def report(fraction: float, lo=lo_p, hi=hi_p, before=done) -> None:
            if listened is None:  # else the recogniser, running meanwhile, reports progress
                progress(0.3 + 0.55 * (before + fraction * (hi - lo)) / total, "Matching text to audio")

        if coarse_in is not None and voiced is not None:
            first, skip, distance = _coarse_path(
                coarse_in[0],
                coarse_in[1][c_lo:c_hi],
                a_lo,
                a_hi,
                cancel,
                report,
                (voiced[0], voiced[1][c_lo:c_hi]),
            )
        else:
            first, skip, distance = _coarse_path(audio_c, text_c[c_lo:c_hi], a_lo, a_hi, cancel, report)
        for k in range(lo_p, hi_p):
            s0, s1 = (
                spans[k][0] // COARSE - c_lo,
                max(spans[k][0] // COARSE + 1, spans[k][1] // COARSE) - c_lo,
            )
            s1 = min(s1, len(first))
            starts[k] = _robust_start(first[s0:s1], skip[s0:s1]) * COARSE
            ends[k] = (first[s1 - 1] + 1) * COARSE
            skipped[k] = skip[s0:s1].mean()
            dist[k] = float(np.median(distance[s0:s1][~skip[s0:s1]])) if (~skip[s0:s1]).any() else 1.0
        done += hi_p - lo_p

    texts = [segments[i].text for i in plan]
    spoken = _keep_short_sentences(skipped < 0.5, texts)
    confidence = np.clip(1.0 - dist / GAP_COST, 0.0, 1.0) * (1 - skipped) / 0.7  # DTW alone: weak evidence
    guesses = starts.copy()
    heard = listened() if listened is not None else None
    if heard is not None:
        seconds = [(b - a) / FPS for a, b in spans]
        tempo = float(np.clip(loud.sum() / FPS / max(sum(seconds), 1e-6), 0.7, 2.0))
        heard_.expect_leads(heard, texts, seconds, tempo)
        spoken, guesses = heard_.use_anchors(heard, spoken, starts, loud)
        paragraphs = [segments[i].paragraph for i in plan]
        speech_between_anchors(heard, spoken, guesses, [b - a for a, b in spans], paragraphs, loud)
    progress(0.85, "Refining sentence starts")

    def refine(k: int, guess: int) -> int:
        cancel.check()
        return _refine_start(audio, loud, text, spans[k][0], guess)

    locked = np.array([bool(segments[i].locked and segments[i].start is not None) for i in plan])
    todo = [k for k in range(len(plan)) if spoken[k] and not locked[k]]
    with ThreadPoolExecutor(max_workers=2) as workers:
        for k, refined in zip(todo, workers.map(refine, todo, [int(guesses[k]) for k in todo]), strict=True):
            starts[k] = refined
    if heard is not None:
        confidence = heard_.check_against_anchors(heard, starts, confidence, loud, refine)
        trusted = locked | (confidence >= 0.8)
        _realign_contradicted(
            heard, spoken, trusted, starts, confidence, audio_c, text_c, loud, spans, refine
        )
        for k in np.flatnonzero(locked):
            starts[k] = round(segments[plan[k]].start * FPS)
        settle_on_onsets(heard, texts, starts, confidence, spoken, locked, loud)

    previous_end = 0.0
    for k, index in enumerate(plan):
        seg = out[index]
        if locked[k]:
            start = seg.start
        elif not spoken[k]:
            seg.kind, seg.start, seg.end, seg.confidence = SegmentKind.UNSPOKEN, None, None, None
            continue
        else:
            start = max(starts[k] / FPS, previous_end)
        seg.kind = SegmentKind.SPEECH
        seg.start = round(min(start, duration), 3)
        seg.end = round(min(max(ends[k] / FPS, seg.start + 0.05), duration), 3)
        seg.confidence = round(float(np.clip(confidence[k], 0.0, 1.0)), 3)
        previous_end = seg.start
    _order_ends(out)
    if word_times is not None:
        progress(0.95, "Timing words")
        word_times(out, cancel=cancel.check)
    progress(1.0, "Done")
    return _fill_non_speech(out, duration)


def _keep_short_sentences(spoken: np.ndarray, texts: list[str]) -> np.ndarray:
    """A short sentence ("So...", "Yeah.") that the DTW skipped between two spoken ones was
    spoken too: a few frames of it are easily outscored by a gap, and text is left
    unspoken by whole paragraphs, not by single words between spoken sentences."""
    out = spoken.copy()
    for k in range(1, len(texts) - 1):
        if not spoken[k] and spoken[k - 1] and spoken[k + 1] and len(texts[k].split()) < FEWEST_WORDS:
            out[k] = True
    return out


def _realign_contradicted(
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
    end = len(audio_c) * COARSE / FPS
    lo, hi = heard_.bounds(heard, end)
    bad = [
        k
        for k in range(len(heard))
        if spoken[k] and not trusted[k] and heard_.contradicted(heard, starts, lo, hi, k)
    ]
    done: set[int] = set()
    for k in bad:
        if k in done:
            continue
        p = next((j for j in range(k - 1, -1, -1) if trusted[j]), None)
        q = next((j for j in range(k + 1, len(heard)) if trusted[j]), None)
        a0 = starts[p] // COARSE if p is not None else 0
        a1 = starts[q] // COARSE if q is not None else len(audio_c)
        t0 = spans[p][0] // COARSE if p is not None else 0
        t1 = spans[q][0] // COARSE if q is not None else len(text_c)
        if a1 - a0 < 2 or t1 - t0 < 2 or (a1 - a0) * (t1 - t0) > LOCAL_CELLS:
            first = skip = None
        else:
            first, skip, _ = align_frames(
                audio_c[a0:a1], text_c[t0:t1], GAP_COST, GAP_COST, stretch=STRETCH_COST, free_end=q is None
            )
        for j in (j for j in bad if (p is None or j > p) and (q is None or j < q)):
            done.add(j)
            if first is not None:
                s0 = spans[j][0] // COARSE - t0
                s1 = max(s0 + 1, min(spans[j][1] // COARSE - t0, len(first)))
                guess = (_robust_start(first[s0:s1], skip[s0:s1]) + a0) * COARSE
                starts[j] = refine(j, int(guess))
            if heard_.contradicted(heard, starts, lo, hi, j) and heard[j].time is not None:
                starts[j] = heard_.start_from_anchor(heard[j], loud)
            if heard_.contradicted(heard, starts, lo, hi, j):
                starts[j] = int(np.clip(starts[j], lo[j] * FPS + 1, hi[j] * FPS))
                confidence[j] = 0.3
            else:
                confidence[j] = 0.6


def _order_ends(out: list[Segment]) -> None:
    """No sentence ends after the next one starts (the lit line is never two lines)."""
    timed = [s for s in out if s.start is not None and s.kind is SegmentKind.SPEECH]
    for a, b in itertools.pairwise(timed):
        if a.end is not None and b.start is not None and a.end > b.start:
            a.end = max(a.start or 0.0, b.start)


def _fill_non_speech(out: list[Segment], duration: float) -> list[Segment]:
    """Music and sound lines take the gap between the speech around them; they are never matched."""
    for i, seg in enumerate(out):
        if seg.kind in (SegmentKind.MUSIC, SegmentKind.SOUND):
            before = next((s.end for s in reversed(out[:i]) if s.end is not None), 0.0)
            after = next(
                (s.start for s in out[i + 1 :] if s.start is not None and s.kind is SegmentKind.SPEECH),
                duration,
            )
            seg.start, seg.end, seg.confidence = before, max(before, after), None
    return out


def low_confidence(segment: Segment) -> bool:
    return segment.kind is SegmentKind.SPEECH and (segment.confidence or 0.0) < LOW_CONFIDENCE
