"""Sentence times for untimed text: espeak-ng speech matched to the episode by DTW with gaps.

1. Each speakable sentence is synthesised by espeak-ng (a thread) while the
   episode is decoded and turned into features in bounded memory (this thread).
2. A coarse DTW pass (:mod:`earmark.align.coarse`) walks the episode in windows,
   skipping audio and text that do not match.
3. Words recognised by pocketsphinx (English, and other languages through espeak-ng's
   phones; :mod:`earmark.align.words`, two worker processes busy meanwhile with step 2)
   decide which sentences were spoken and check the DTW's starts; starts they contradict
   are matched again between trusted ones (:mod:`earmark.align.heard`, :mod:`earmark.align.realign`).
4. Each sentence start is refined at 100 frames/s in a short local window,
   then snapped to the speech onset if a pause ends right there; with anchors,
   starts that sit in a pause or just into speech after one move to where that
   speech began (:mod:`earmark.align.onsets`). :mod:`earmark.align.placing`
   writes the times into the segments.
"""

from __future__ import annotations

import re
import tempfile
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from functools import partial
from pathlib import Path

import numpy as np

from earmark.audio import probe
from earmark.audio.spool import Spool
from earmark.core.model import Segment, SegmentKind
from earmark.core.progress import CancelToken, Progress, no_progress

from . import (
    anchor_starts,
    coarse,
    lead_in,
    memory,
    misplaced,
    nearby,
    phonetic,
    stretches,
    tts,
    turns,
    unsaid,
    word_times,
    words,
)
from . import heard as heard_
from .confidence import flag_squeezed
from .features import (
    FPS,
    FeatureBuffer,
    Features,
    features_from_chunks,
    mean_and_std,
    normalise,
    pool,
    speech_mask,
)
from .onsets import past_floor_steps, settle_on_onsets
from .pauses import spread_over_pauses
from .placing import LOW_CONFIDENCE, fill_non_speech, keep_short_sentences, low_confidence, write_times
from .realign import realign_contradicted
from .spoken import above_floor, heard_frames, speech_between_anchors
from .stream import Stream
from .threads import one_blas_thread

__all__ = ["LOW_CONFIDENCE", "align_segments", "low_confidence"]

# DTW alone: unspoken paragraphs found over the pauses, a second walk, starts snapped to pause ends
STRETCHES = True  # (align/stretches.py)
LEAD_IN = True  # DTW alone: starts on a filler before the sentence move past it (align/lead_in.py)
WINDOW_CMVN = True  # DTW alone: coarse windows normalised by their own speech frames (issue #13)
FLOOR_STEPS = True  # with the recogniser: starts past a noise bed that begins before the voice (onsets.py)
PAUSES = True  # doubtful starts laid out over the pauses between trusted ones (align/pauses.py)
UNSAID = True  # with the recogniser: speech heard as words that anchor nowhere holds no sentence (unsaid.py)
QUIET_VOICES = (
    True  # with the recogniser: a voice above its own floor nearby is speech for the verdict (spoken.py)
)
# English: a run of unanchored sentences forced as one window on a denoised copy (turns.py). On since
# session 14: with its checks (turns.HEAD, FIRST_WORD, QUIET, INTO_NEXT, BEFORE_LEFT) it brings the cold
# turns of conversations 7, 11, 13, 17, 18, 20 within ~0.4 s; over seeds 1-24 (1,296 sentences) the starts
# > 500 ms off fall from 48 to 14 and > 1 s from 34 to 9, and on the held-out seeds 25-28 from 14 to 12
# (4 of 8 cases hold instead of 3). It costs conversations 1-3 and long readings 9, 19 their aims
# (conv 1 "And I'm also saying..." -0.7 s; docs/align-history.md, session 14's merge).
TURNS = True
# The Phones path (every language but English) forces such turns too, with the forced pass's espeak-ng
# dictionary (its fast forms) and each window's own cepstral mean (docs/align-history.md, phones, session 15)
TURNS_PHONES = True
FORCED = True  # with the recogniser: word times (and doubtful starts) from forced alignment (align/forced.py)
FORCED_PHONES = True  # other languages too, with espeak-ng's phones in the forced dictionary (issue #13)
_SPEAKABLE = re.compile(r"\w")
Listened = tuple[list[heard_.Heard], list[words.Said]] | None


def _speakable(segment: Segment) -> bool:
    return segment.kind in (SegmentKind.SPEECH, SegmentKind.UNSPOKEN) and bool(
        _SPEAKABLE.search(segment.text)
    )


def _forces_turns(language: str) -> bool:
    """Unanchored turns are forced as one window (turns.py): English, and (TURNS_PHONES) the Phones path."""
    if not TURNS:
        return False
    return words.available(language) or (TURNS_PHONES and words.listens(language))


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
    memory.settle()
    cancel = cancel or CancelToken()  # ours too: a failure in one thread stops the other
    plan = [i for i, s in enumerate(segments) if _speakable(s)]
    texts = [segments[i].text for i in plan]
    progress(0.0, "Reading the audio")
    # The episode is decoded once; the recogniser and the word pass read its samples back (audio/spool.py),
    # which stay until the runner's last task is done.
    with one_blas_thread(), Spool(audio_path) as samples, ThreadPoolExecutor(max_workers=1) as runner:
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
                samples.chunks(), on_chunk=chunk_read, expected_frames=int(duration * FPS) + 2
            )
            synthetic = synth.result()
            memory.give_back()  # the synthesiser's and decoder's buffers

            # The recogniser (two worker processes) starts once the coarse DTW has placed the text:
            # each utterance is decoded with a language model of the text around it (align/nearby.py).
            def listen(near: Callable[[float, float], tuple[int, int]]) -> Callable[[], Listened]:
                return runner.submit(
                    heard_.listen, samples.chunks, texts, duration, progress, cancel, language, near
                ).result

            listens = words.listens(language)  # English, and others with espeak-ng's phones
            out, recognised, loud = _align(
                audio_feats,
                text_store.features(),
                tts.speech_spans(synthetic),
                plan,
                segments,
                duration,
                progress,
                cancel,
                listen if listens else None,
                Stream(samples.chunks) if _forces_turns(language) else None,
                language,
            )
            # The word pass needs neither episode's features (~130 MB at 3.7 hours): let them go first,
            # all but the loudness (5 MB), which tells it where a heard word is over the floor.
            loudness = audio_feats.loudness.copy()
            del audio_feats, text_store, synthetic
            memory.give_back()
            if recognised is not None and listens and FORCED and (FORCED_PHONES or words.available(language)):
                progress(0.95, "Timing words")
                word_times.add_word_times(
                    samples.chunks,
                    out,
                    duration,
                    cancel.check,
                    recognised,
                    speech=loud,
                    language=language,
                    loudness=loudness,
                )
            progress(1.0, "Done")
            return fill_non_speech(out, duration)
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
    listen: Callable[[Callable[[float, float], tuple[int, int]]], Callable[[], Listened]] | None,
    samples: Callable[[float, float], np.ndarray] | None = None,
    language: str = "en",
) -> tuple[list[Segment], list[words.Said] | None, np.ndarray]:
    """The segments with sentence times, the recogniser's words (for the word pass; None when
    nothing was aligned) and the speech mask (100 fps) the word pass reads pauses from.
    ``listen(near)`` starts the recogniser (None: DTW alone) and returns what waits for its verdict;
    ``samples(lo, hi)`` the episode's 16 kHz samples, for forcing unanchored turns (``language``'s words)."""
    out = [replace(s) for s in segments]
    if not plan or len(audio_feats) == 0:
        return out, None, np.zeros(0, bool)
    a_mean, a_std = mean_and_std(audio_feats.cepstra)
    t_mean, t_std = mean_and_std(text_feats.cepstra)
    a_std += 1e-6
    t_std += 1e-6
    loud = speech_mask(audio_feats.loudness)
    # DTW alone (no recogniser): the coarse pass normalises each window by its own speech frames.
    per_window = WINDOW_CMVN and listen is None
    audio_raw = pool(audio_feats.cepstra, coarse.COARSE)
    text_raw = pool(text_feats.cepstra, coarse.COARSE)
    window_in = (
        (
            audio_raw.copy(),
            text_raw.copy(),
            coarse.voiced_coarse(loud),
            coarse.voiced_coarse(speech_mask(text_feats.loudness)),
        )
        if per_window
        else None
    )
    audio_c = normalise(audio_raw, a_mean, a_std)
    text_c = normalise(text_raw, t_mean, t_std)
    audio = normalise(audio_feats.cepstra, a_mean, a_std)  # in place: the raw cepstra are done with
    text = normalise(text_feats.cepstra, t_mean, t_std)

    locked = np.array([bool(segments[i].locked and segments[i].start is not None) for i in plan])
    pieces = coarse.locked_pieces(
        [segments[i].start if locked[k] else None for k, i in enumerate(plan)], len(audio_c)
    )

    def report(fraction: float) -> None:
        if listen is None:  # else the recogniser, running next, reports progress
            progress(0.3 + 0.55 * fraction, "Matching text to audio")

    seconds = [(b - a) / FPS for a, b in spans]
    walk = coarse.coarse_starts
    listened = None
    if window_in is not None and STRETCHES:  # DTW alone: unspoken paragraphs found over the pauses
        walk = partial(
            stretches.walk, loudness=audio_feats.loudness, paragraphs=[segments[i].paragraph for i in plan]
        )
    elif listen is not None:  # the recogniser starts on the text the walk has placed so far
        placing = nearby.Placing(seconds, duration, FPS, cancel)
        listened = listen(placing.near)
        walk = partial(walk, placed=placing.placed)
    found = walk(audio_c, text_c, spans, pieces, cancel, report, window_in)
    starts, ends = found.starts, found.ends

    texts = [segments[i].text for i in plan]
    spoken = keep_short_sentences(found.skipped < 0.5, texts)
    confidence = coarse.dtw_confidence(found)
    guesses = starts.copy()
    if listened is None and listen is not None:
        listened = listen(nearby.sentences_near(starts / FPS, seconds, duration))
    verdict = listened() if listened is not None else None
    heard, recognised = verdict if verdict is not None else (None, [])
    if heard is not None:
        words_heard = heard_frames(len(loud), recognised)  # speech too, however quiet
        voice = above_floor(audio_feats.loudness) if QUIET_VOICES else None
        tempo = float(np.clip(loud.sum() / FPS / max(sum(seconds), 1e-6), 0.7, 2.0))
        anchor_starts.expect_leads(heard, texts, seconds, tempo)
        if misplaced.DROP:  # a short anchor heard in the next sentences' speech (misplaced.py)
            quiet = voice[: len(loud)] if voice is not None else False
            misplaced.drop_misplaced(heard, [b - a for a, b in spans], loud | words_heard | quiet)
        spoken, guesses = anchor_starts.use_anchors(heard, spoken, starts, loud)
        paragraphs = [segments[i].paragraph for i in plan]
        foreign = unsaid.foreign_speech(heard, recognised, loud, texts) if UNSAID else None
        speech_between_anchors(
            heard,
            spoken,
            guesses,
            [b - a for a, b in spans],
            paragraphs,
            loud,
            words_heard,
            foreign,
            texts=texts,
            recognised=recognised,
            voice=voice,
        )
    progress(0.85, "Refining sentence starts")

    snap = stretches.pause_ends(audio_feats.loudness) if window_in is not None and STRETCHES else None

    def refine(k: int, guess: int) -> int:
        cancel.check()
        return coarse.refine_start(audio, loud, text, spans[k][0], guess, snap)

    todo = [k for k in range(len(plan)) if spoken[k] and not locked[k]]
    with ThreadPoolExecutor(max_workers=2) as workers:
        for k, refined in zip(todo, workers.map(refine, todo, [int(guesses[k]) for k in todo]), strict=True):
            starts[k] = refined
    if snap is not None and LEAD_IN:
        lead_in.past_fillers(starts, spoken, locked, audio_feats.loudness, text_feats.loudness, spans)
    if heard is not None:
        confidence = anchor_starts.check_against_anchors(heard, starts, confidence, loud, refine)
        trusted = locked | (confidence >= 0.8)
        realign_contradicted(heard, spoken, trusted, starts, confidence, audio_c, text_c, loud, spans, refine)
        for k in np.flatnonzero(locked):
            starts[k] = round(segments[plan[k]].start * FPS)
        settle_on_onsets(heard, texts, starts, confidence, spoken, locked, loud)
        if FLOOR_STEPS:
            past_floor_steps(starts, spoken, locked, audio_feats.loudness, loud)
        earliest = anchor_starts.bounds(heard, len(loud) / FPS)[0]
        if PAUSES:
            spread_over_pauses(
                starts,
                confidence,
                spoken,
                locked,
                [(b - a) / FPS for a, b in spans],
                audio_feats.loudness,
                words_heard,
                foreign=foreign,
                earliest=earliest * FPS,
            )
        if samples is not None:  # after the layout, which it corrects where nothing anchored (turns.py)
            phones = phonetic.heard_by_phones(language)
            lexicon = words.lexicon(texts, language, forced=True) if phones else words.lexicon(texts, "en")
            with tempfile.TemporaryDirectory(prefix="earmark-turns-") as folder:
                recognised = recognised + turns.force_unanchored(
                    samples,
                    texts,
                    heard,
                    starts,
                    confidence,
                    spoken,
                    locked,
                    earliest,
                    duration,
                    folder,
                    lexicon.write,
                    foreign,
                    loud=loud,
                    phones=phones,
                    recognised=recognised,
                )
        flag_squeezed(starts, spoken, locked, [len(t.split()) for t in texts], confidence)

    write_times(out, plan, starts, ends, confidence, spoken, locked, duration)
    return out, recognised, loud
