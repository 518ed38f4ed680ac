"""Sentence times for untimed text: espeak-ng speech matched to the episode by DTW with gaps.

1. Each speakable sentence is synthesised by espeak-ng (other core) while the
   episode is decoded and turned into features in bounded memory (this core).
2. A coarse pass (25 frames/s) walks the episode in overlapping windows with
   :func:`align_frames`, which may skip audio (jingles, ads, small talk) and
   text (paragraphs never spoken) instead of smearing them over neighbours.
   Locked sentences split the work into independent spans.
3. Each sentence start is refined at 100 frames/s in a short local window,
   then snapped to the speech onset if a pause ends right there.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np

from earmark.audio import iter_mono_chunks, probe
from earmark.core.model import Segment, SegmentKind
from earmark.core.progress import CancelToken, Progress, no_progress

from . import tts, words
from .dtw import align_frames
from .features import FPS, Features, features_from_chunks, features_of, normalise, pool

COARSE = 4  # coarse frames are 40 ms
PAD_SECONDS = 0.15  # silence put before each synthesised sentence
WINDOW_SECONDS = 90.0  # text per coarse window
SLACK_SECONDS = 120.0  # extra audio per window: the longest ad a window can skip
GAP_COST = 0.85  # cosine distance above which a frame is better skipped than matched
STRETCH_COST = 0.15  # extra cost of holding a frame while the other side moves on
LOW_CONFIDENCE = 0.5  # below this a start is likely > 200 ms off (same threshold as the pane)
SECONDS_PER_WORD = 0.4  # (a slow reader) to guess a sentence start from an anchor on a later word
_SPEAKABLE = re.compile(r"\w")


@dataclass(slots=True)
class SentencePlan:
    index: int  # position in the caller's list
    start: int  # first speech frame in the synthetic stream (100 fps)
    end: int  # one past its last frame


def _speakable(segment: Segment) -> bool:
    return segment.kind in (SegmentKind.SPEECH, SegmentKind.UNSPOKEN) and bool(
        _SPEAKABLE.search(segment.text)
    )


def _text_features(clips: list[np.ndarray]) -> tuple[Features, list[tuple[int, int]]]:
    """Features of all sentences, each after a short pause, and each sentence's frame span."""
    pad = np.zeros(int(PAD_SECONDS * 16000), np.float32)
    cepstra, loudness, spans = [], [], []
    offset = 0
    pad_frames = 0
    for clip in clips:
        feats = features_of(np.concatenate([pad, clip, pad[: len(pad) // 3]]))
        if not pad_frames:
            pad_frames = int(PAD_SECONDS * FPS)
        speech_frames = max(1, int(len(clip) / 16000 * FPS))
        spans.append((offset + pad_frames, offset + min(len(feats), pad_frames + speech_frames)))
        cepstra.append(feats.cepstra)
        loudness.append(feats.loudness)
        offset += len(feats)
    return Features(np.concatenate(cepstra), np.concatenate(loudness)), spans


def _coarse_path(
    audio: np.ndarray, text: np.ndarray, a0: int, a_end: int, cancel: CancelToken | None, report
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """First audio frame, skipped flag and distance per text frame, walking window by window."""
    nt = len(text)
    first = np.zeros(nt, np.int64)
    skipped = np.zeros(nt, bool)
    distance = np.ones(nt, np.float32)
    ratio = max(1.0, (a_end - a0) / max(nt, 1))
    window = int(WINDOW_SECONDS * FPS / COARSE)
    slack = int(SLACK_SECONDS * FPS / COARSE)
    t0 = 0
    while t0 < nt:
        if cancel is not None:
            cancel.check()
        t1 = min(nt, t0 + window)
        a1 = min(a_end, a0 + int((t1 - t0) * ratio * 1.2) + slack)
        f, s, d = align_frames(audio[a0:a1], text[t0:t1], GAP_COST, GAP_COST, stretch=STRETCH_COST)
        commit = t1 if t1 == nt else t0 + (t1 - t0) // 2
        first[t0:commit] = f[: commit - t0] + a0
        skipped[t0:commit] = s[: commit - t0]
        distance[t0:commit] = d[: commit - t0]
        if commit < nt:
            a0 = int(f[commit - t0]) + a0
        t0 = commit
        report(t0 / nt)
    return first, skipped, distance


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
    return _snap_to_onset(loud, refined)


def _snap_to_onset(loud: np.ndarray, frame: int, reach: int = 12) -> int:
    """Move to the end of a pause within ``reach`` frames (speech starts there)."""
    lo, hi = max(1, frame - reach), min(len(loud) - 1, frame + reach)
    best, best_gap = frame, reach + 1
    for k in range(lo, hi + 1):
        if loud[k] and not loud[k - 1] and abs(k - frame) < best_gap:
            best, best_gap = k, abs(k - frame)
    return best


def _speech_mask(loudness: np.ndarray, shortest_pause: int = 8) -> np.ndarray:
    """Frames loud enough to be speech, from the episode's own noise floor and speech level.

    Quiet runs shorter than ``shortest_pause`` frames (stops inside words) count as speech.
    """
    if len(loudness) == 0:
        return np.zeros(0, bool)
    floor, level = np.percentile(loudness, [10, 90])
    loud = loudness > floor + 0.3 * (level - floor)
    edges = np.flatnonzero(np.diff(np.concatenate([[1], loud.astype(np.int8), [1]])))
    for begin, stop in zip(edges[::2], edges[1::2], strict=False):
        if stop - begin < shortest_pause:
            loud[begin:stop] = True
    return loud


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
    plan = [i for i, s in enumerate(segments) if _speakable(s)]
    texts = [segments[i].text for i in plan]
    progress(0.0, "Reading the audio")
    with ThreadPoolExecutor(max_workers=1) as runner:
        synth = runner.submit(tts.synthesise_all, texts, language, cancel=cancel)
        chunks_total = max(1, int(duration / 30.0) + 1)
        done = [0]

        def chunk_read() -> None:
            done[0] += 1
            if cancel is not None:
                cancel.check()
            progress(0.4 * min(1.0, done[0] / chunks_total), "Reading the audio")

        try:
            audio_feats = features_from_chunks(iter_mono_chunks(audio_path), on_chunk=chunk_read)
        except BaseException:
            if cancel is not None:
                cancel.cancel()
            raise
        progress(0.3, "Synthesising the text")
        clips = synth.result()
    if cancel is not None:
        cancel.check()
    heard = None
    if words.available(language):
        vocab_words, owners, positions, tokens = words.text_words(texts)
        if vocab_words:
            progress(0.3, "Recognising words")
            heard_words = words.recognise(
                iter_mono_chunks(audio_path),
                vocab_words,
                duration=duration,
                on_piece=lambda t: progress(
                    0.3 + 0.3 * min(1.0, t / max(duration, 1e-6)), "Recognising words"
                ),
                cancel=cancel,
            )
            found = words.anchors(vocab_words, heard_words)
            heard = _sentence_anchors(found, owners, positions, tokens)
    return _align(audio_feats, clips, plan, segments, duration, progress, cancel, heard)


@dataclass(slots=True)
class Heard:
    """What the recogniser says about one sentence."""

    words: int  # recognisable words in the sentence
    tokens: int  # all words, known or not
    first_anchor: int | None = None  # token position of the first anchored word
    time: float | None = None  # when that word was heard
    last_anchor: int | None = None  # token position of the last anchored word
    last_time: float | None = None
    between: float | None = None  # start interpolated between the anchors around it (seconds)
    dtw_agrees: bool = False  # the DTW start agreed with the anchors before refinement


def _sentence_anchors(
    found: list[words.Anchor], owners: list[int], positions: list[int], tokens: list[int]
) -> list[Heard]:
    out = [Heard(0, count) for count in tokens]
    for owner in owners:
        out[owner].words += 1
    # A run that only grazes a sentence (one word at its edge) is no evidence it was spoken.
    inside = Counter((anchor.run, owners[anchor.word]) for anchor in found)
    for anchor in found:
        heard = out[owners[anchor.word]]
        if inside[anchor.run, owners[anchor.word]] < min(2, heard.words):
            continue
        if heard.first_anchor is None:
            heard.first_anchor, heard.time = positions[anchor.word], anchor.time
        heard.last_anchor, heard.last_time = positions[anchor.word], anchor.time
    # Token position -> time through all anchors: a start guess for sentences with none of their own.
    offsets = np.concatenate([[0], np.cumsum(tokens)])
    points = [(offsets[k] + h.first_anchor, h.time) for k, h in enumerate(out) if h.time is not None]
    points += [
        (offsets[k] + h.last_anchor, h.last_time) for k, h in enumerate(out) if h.last_time is not None
    ]
    if points:
        xs, ts = np.array(sorted(points)).T
        for k, h in enumerate(out):
            h.between = float(np.interp(offsets[k], xs, ts))
    return out


def _align(
    audio_feats: Features,
    clips: list[np.ndarray],
    plan: list[int],
    segments: list[Segment],
    duration: float,
    progress: Progress,
    cancel: CancelToken | None,
    heard: list[Heard] | None = None,
) -> list[Segment]:
    out = [replace(s) for s in segments]
    if not plan or len(audio_feats) == 0:
        return _fill_non_speech(out, duration)
    text_feats, spans = _text_features(clips)
    a_mean, a_std = audio_feats.cepstra.mean(0), audio_feats.cepstra.std(0) + 1e-6
    t_mean, t_std = text_feats.cepstra.mean(0), text_feats.cepstra.std(0) + 1e-6
    audio = normalise(audio_feats.cepstra, a_mean, a_std)
    text = normalise(text_feats.cepstra, t_mean, t_std)
    audio_c = normalise(pool(audio_feats.cepstra, COARSE), a_mean, a_std)
    text_c = normalise(pool(text_feats.cepstra, COARSE), t_mean, t_std)
    loud = _speech_mask(audio_feats.loudness)

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
        t_lo = spans[lo_p][0] - int(PAD_SECONDS * FPS)
        t_hi = spans[hi_p - 1][1]
        c_lo, c_hi = t_lo // COARSE, -(-t_hi // COARSE)

        def report(fraction: float, lo=lo_p, hi=hi_p, before=done) -> None:
            progress(0.6 + 0.25 * (before + fraction * (hi - lo)) / total, "Matching text to audio")

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

    spoken = skipped < 0.5
    confidence = np.clip(1.0 - dist / GAP_COST, 0.0, 1.0) * (1 - skipped) / 0.7  # DTW alone: weak evidence
    guesses = starts.copy()
    if heard is not None:
        spoken, guesses, confidence = _use_anchors(heard, spoken, starts, confidence)
        _speech_between_anchors(heard, spoken, guesses, [b - a for a, b in spans], loud)
    progress(0.85, "Refining sentence starts")

    def refine(k: int) -> int:
        if cancel is not None:
            cancel.check()
        return _refine_start(audio, loud, text, spans[k][0], int(guesses[k]))

    todo = [k for k in range(len(plan)) if spoken[k] and not segments[plan[k]].locked]
    with ThreadPoolExecutor(max_workers=2) as workers:
        for k, refined in zip(todo, workers.map(refine, todo), strict=True):
            starts[k] = refined
    if heard is not None:
        confidence = _check_against_anchors(
            heard,
            starts,
            confidence,
            loud,
            lambda k, guess: _refine_start(audio, loud, text, spans[k][0], guess),
        )

    previous_end = 0.0
    for k, index in enumerate(plan):
        seg = out[index]
        if seg.locked and seg.start is not None:
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
    progress(1.0, "Done")
    return _fill_non_speech(out, duration)


def _use_anchors(
    heard: list[Heard], spoken: np.ndarray, starts: np.ndarray, confidence: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Spoken flags, start guesses (100 fps frames) and confidence from the recogniser's anchors.

    A sentence with anchored words was spoken: its guess is the DTW start when the
    two agree, else the anchor's time. A sentence of several recognisable words
    with no anchor at all was not spoken (an ad matched by DTW gets none).
    Short sentences without anchors keep the DTW's answer, with low confidence.
    """
    spoken, guesses, confidence = spoken.copy(), starts.copy(), confidence.copy()
    for k, h in enumerate(heard):
        if h.time is None:
            confidence[k] = min(confidence[k], 0.3)
            if h.between is not None and abs(starts[k] / FPS - h.between) > 1.5:
                guesses[k] = round((h.between - 0.3) * FPS)  # the DTW is lost here; anchors are not
            else:
                h.dtw_agrees = True
            continue
        estimate = round((h.time - SECONDS_PER_WORD * (h.first_anchor or 0)) * FPS)
        agree = spoken[k] and abs(int(starts[k]) - estimate) <= (0.5 + 0.3 * (h.first_anchor or 0)) * FPS
        spoken[k] = True
        h.dtw_agrees = bool(agree)
        if not agree:
            guesses[k] = estimate
        confidence[k] = 0.9 if h.first_anchor == 0 else (0.7 if agree else 0.4)
    return spoken, guesses, confidence


def _speech_between_anchors(
    heard: list[Heard], spoken: np.ndarray, guesses: np.ndarray, lengths: list[int], loud: np.ndarray
) -> None:
    """Unanchored sentences between anchored ones: spoken only if there is speech enough for them.

    Noise can hide every word of a spoken sentence from the recogniser; then the
    audio between its anchored neighbours is still full of speech, while around
    a paragraph never spoken there is only a pause.
    """
    k = 0
    while k < len(heard):
        if heard[k].time is not None:
            k += 1
            continue
        run_end = k
        while run_end < len(heard) and heard[run_end].time is None:
            run_end += 1
        before = heard[k - 1] if k > 0 else None
        after_frame = int(guesses[run_end]) if run_end < len(heard) else len(loud)
        if before is not None and before.last_time is not None:
            after_last = max(0, before.tokens - 1 - (before.last_anchor or 0))
            gap_from = int((before.last_time + SECONDS_PER_WORD * (after_last + 1)) * FPS)
        else:
            gap_from = 0
        expected = sum(lengths[k:run_end])
        found = int(loud[max(0, gap_from) : max(0, after_frame)].sum())
        few_words = sum(h.words for h in heard[k:run_end]) < 4  # too short to expect an anchor
        for j in range(k, run_end):
            spoken[j] = bool(spoken[j]) if few_words else found >= 0.5 * expected
            if spoken[j]:
                guesses[j] = int(np.clip(guesses[j], gap_from, max(gap_from, after_frame - 1)))
        k = run_end


def _check_against_anchors(
    heard: list[Heard], starts: np.ndarray, confidence: np.ndarray, loud: np.ndarray, refine
) -> np.ndarray:
    """Confidence from how the refined start sits against the sentence's first anchor.

    The recogniser's word starts are within ~130 ms; the acoustic refinement is
    usually within ~25 ms but sometimes wanders. Where the two disagree on an
    anchored first word, refine again from the anchor and keep the result only if
    it lands near the anchor (else the anchor itself, medium confidence). Anchored
    later words that the start precedes by a plausible amount: medium. Otherwise low.
    """
    confidence = confidence.copy()
    for k, h in enumerate(heard):
        if h.time is None:
            pinned = _between_anchors(heard, k, starts[k] / FPS, len(loud) / FPS)
            confidence[k] = 0.6 if pinned and h.dtw_agrees else 0.3
            continue
        lead = h.time - starts[k] / FPS  # seconds from the start to the first anchored word
        if h.first_anchor == 0:
            if abs(lead) <= 0.15:
                confidence[k] = 0.9
                continue
            anchor = round(h.time * FPS)
            again = refine(k, anchor - int(0.1 * FPS))
            if abs(again - anchor) <= 0.15 * FPS:
                starts[k], confidence[k] = again, 0.8
            else:  # the recogniser's word start beats a local match that wandered
                starts[k], confidence[k] = _snap_to_onset(loud, anchor, reach=5), 0.6
        else:
            plausible = 0.1 * h.first_anchor <= lead <= 0.6 * h.first_anchor + 0.3
            confidence[k] = 0.7 if plausible and h.dtw_agrees else 0.4  # two methods agree, or not
    return confidence


def _between_anchors(heard: list[Heard], k: int, start: float, end: float, widest: float = 20.0) -> bool:
    """An unanchored start that sits after the last word heard before it and before the
    next word heard (or the end), with those within ``widest`` seconds, is pinned down by them."""
    lo = next((h.last_time for h in reversed(heard[:k]) if h.last_time is not None), 0.0)
    hi = next((h.time for h in heard[k + 1 :] if h.time is not None), end)
    return lo < start < hi and hi - lo <= widest


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
