"""Does a timed transcript fit this audio? And its times moved back where an ad or an edit shifted them.

Ad servers insert different ads into each download, so a feed's transcript is
right for the publisher's master but off by the ads' length after each one.

:func:`check_fit` is the cheap question. A handful of short probes (~3 s of the
transcript each, from a cue's start: its first words are where the transcript's
time is exact) spread over the episode, the last at its final cues, are read by
seeking (never decoding the whole file) and recognised with one small language
model made of the probes' own words (pocketsphinx, English). A probe fits when
its words are heard in order within :data:`MOST_LAG` of where the transcript
puts them. Probes are listened to from the end backwards (an ad shifts
everything after it, so the last probes are the likeliest to be off) and the
first confirmed miss ends the check; a miss is confirmed by the probe just after
it, so one misheard stretch (music, cross-talk) does not call a re-time. Cost:
~30 s of audio recognised when it fits, less when it does not, whatever the
episode's length.

:func:`keep_shape` is the repair after the aligner has re-timed the text: the
master's times are exact within each stretch between ads, so each stretch gets
one offset (the robust consensus of the aligner's times there), chosen with a
small Viterbi over "which offset" per cue. A cue the aligner missed or misplaced
takes its stretch's offset, so every cue is timed, text and speakers untouched.
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass, replace
from pathlib import Path

import av
import numpy as np

from earmark.align import words as recogniser
from earmark.audio.decode import damaged, opened_audio
from earmark.core.model import Segment, SegmentKind, Word
from earmark.core.progress import CancelToken

RATE = 16000
PROBES = 6  # places over the episode listened to when the transcript fits (the last at its final cues)
PROBE_SECONDS = 3.0  # transcript time per probe, from a cue's start
FEWEST_WORDS = 6  # recognisable words a probe needs (else it reaches into the next cues)
MARGIN = 1.0  # audio read either side of a probe (a small shift still shows as a lag)
MOST_LAG = 0.75  # seconds: a probe heard later or earlier than this does not fit
FEWEST_HEARD = 0.25  # share of a probe's words heard in order, below which it does not fit
SPEECH_RANGE_DB = 6.0  # loudness range of 10 ms frames (10th-90th pct): noisy speech 11 dB, a tone < 2 dB
OUTLIER = 3.0  # seconds: an aligner time further than this from a stretch's offset counts this much only
LEAD = 0.25  # seconds: a stretch shifted less than this by the aligner did not move
SHAPE_AGREES = 1.0  # seconds: a moved cue this close to the aligner's time agrees with it
SHAPE_MEDIAN = 0.3  # seconds: the most the moved cues and the aligner's may differ at the median
CHANGE_COST = 5.0  # seconds of disagreement a new stretch (an ad boundary) must explain to be believed:
# more than one truncated outlier (OUTLIER), less than two cues after an ad near the end


@dataclass(frozen=True, slots=True)
class Fit:
    fits: bool
    reason: str  # one line: why, for the pane and the log
    heard: tuple[float, ...] = ()  # share of words heard per probe listened to (in time order)
    lags: tuple[float, ...] = ()  # seconds the audio is late (+) or early (-) per probe
    listened: float = 0.0  # seconds of audio recognised


@dataclass(frozen=True, slots=True)
class _Probe:
    """A stretch of the transcript to listen for: its words and when the transcript says each is said."""

    start: float  # transcript time of the first cue's start (exact)
    words: list[str]
    times: list[float]
    opening: list[bool]  # the word opens its cue (or has its own time): where the time is exact

    @property
    def span(self) -> tuple[float, float]:
        return max(0.0, self.start - MARGIN), self.start + PROBE_SECONDS + MARGIN


def _probe_at(segments: list[Segment], first: int) -> _Probe | None:
    """The probe opening at cue ``first``: its words until PROBE_SECONDS (or FEWEST_WORDS) are reached."""
    start = segments[first].start
    if start is None:
        return None
    words: list[str] = []
    times: list[float] = []
    opening: list[bool] = []
    for cue in segments[first:]:
        if cue.start is None or cue.kind is not SegmentKind.SPEECH:
            continue
        if cue.start - start >= PROBE_SECONDS and len(words) >= FEWEST_WORDS:
            break
        if cue.start - start > 2 * PROBE_SECONDS:
            break
        found, _, positions, tokens = recogniser.text_words([cue.text])
        if cue.words and len(cue.words) == tokens[0]:  # the file's own word times
            stamps = [cue.words[p].start for p in positions]
            exact = [True] * len(found)
        else:
            end = cue.end if cue.end is not None and cue.end > cue.start else cue.start + 0.35 * tokens[0]
            stamps = [cue.start + (end - cue.start) * p / max(tokens[0], 1) for p in positions]
            exact = [p == 0 for p in positions]
        for word, stamp, is_exact in zip(found, stamps, exact, strict=True):
            if stamp - start < PROBE_SECONDS or len(words) < FEWEST_WORDS:
                words.append(word)
                times.append(stamp)
                opening.append(is_exact)
    if len(words) < recogniser.SHORTEST_RUN:
        return None
    return _Probe(start, words, times, opening)


def _probes(segments: list[Segment]) -> list[tuple[_Probe, _Probe | None]]:
    """PROBES probes spread over the transcript (the last at its final cues), in time order, each with
    the probe just after it (to confirm a miss)."""
    speech = [
        i for i, s in enumerate(segments) if s.start is not None and s.kind is SegmentKind.SPEECH and s.text
    ]
    if not speech:
        return []
    end = segments[speech[-1]].start or 0.0
    tail = next((i for i in speech if (segments[i].start or 0.0) >= end - 2 * PROBE_SECONDS), speech[-1])
    places = [speech[int((k + 0.5) * len(speech) / PROBES)] for k in range(PROBES - 1)]
    places.append(speech[max(0, speech.index(tail) - 1)] if tail == speech[-1] else tail)
    found: list[tuple[_Probe, _Probe | None]] = []
    used = -1
    for place in places:
        if place <= used:
            continue
        probe = _probe_at(segments, place)
        if probe is None:
            continue
        after = next(
            (i for i in speech if i > place and (segments[i].start or 0.0) >= probe.start + PROBE_SECONDS),
            None,
        )
        following = _probe_at(segments, after) if after is not None else None
        found.append((probe, following))
        used = after if after is not None else place
    return found


def read_span(audio: Path, start: float, end: float) -> np.ndarray:
    """The mono samples between two times, found by seeking (a whole hour is never decoded)."""
    with opened_audio(audio) as (container, stream):
        base = stream.time_base
        if start > 0 and base is not None:
            container.seek(int(start / base), stream=stream, backward=True)
        resampler = av.AudioResampler(format="flt", layout="mono", rate=RATE)
        pieces: list[np.ndarray] = []
        origin: float | None = None
        held = 0
        try:
            for frame in container.decode(stream):
                if origin is None:
                    origin = float(frame.pts * base) if frame.pts is not None and base else 0.0
                for out in resampler.resample(frame):
                    pieces.append(out.to_ndarray().reshape(-1))
                    held += out.samples
                if origin + held / RATE >= end:
                    break
        except av.error.FFmpegError as error:
            raise damaged(audio, error) from None
    if not pieces or origin is None:
        return np.zeros(0, np.float32)
    data = np.concatenate(pieces)
    first = max(0, round((start - origin) * RATE))
    return data[first : first + round((end - start) * RATE)]


def _duration(audio: Path) -> float | None:
    """The audio's length from its container (no decoding); None when the container does not say."""
    with opened_audio(audio) as (container, stream):
        if stream.duration is not None and stream.time_base is not None:
            return float(stream.duration * stream.time_base)
        if container.duration is not None:
            return container.duration / 1_000_000
    return None


class _Ear:
    """One recogniser for every probe: a language model and dictionary of all the probes' words."""

    def __init__(self, words: list[str], folder: str) -> None:
        from earmark.align.listener import Listener

        model, dictionary = os.path.join(folder, "probes.arpa"), os.path.join(folder, "probes.dict")
        recogniser._write_language_model(words, model)
        recogniser._write_dictionary(words, dictionary)
        self._listener = Listener(model, dictionary)
        self.listened = 0.0

    def hear(self, audio: Path, probe: _Probe) -> tuple[float, float] | None:
        """(share of the probe's words heard in order, median lag in seconds) for one probe; None when
        nothing there sounds like speech (silence, a tone, the end of the file): nothing to tell by."""
        span_start, span_end = probe.span
        pcm = read_span(audio, span_start, span_end)
        if len(pcm) < RATE or not _sounds_like_speech(pcm):
            return None
        self.listened += len(pcm) / RATE
        pcm16 = (np.clip(pcm, -1.0, 1.0) * 32767).astype("<i2").tobytes()
        heard = self._listener.words(span_start, pcm16)
        found = recogniser.anchors(probe.words, heard)
        if not found:
            return 0.0, 0.0
        exact = [a for a in found if probe.opening[a.word]] or found
        lag = float(np.median([a.time - probe.times[a.word] for a in exact]))
        return len(found) / len(probe.words), lag


def _sounds_like_speech(pcm: np.ndarray) -> bool:
    """Loud enough, and rising and falling as syllables and pauses do (a steady tone or hum does not)."""
    frames = pcm[: len(pcm) // 160 * 160].reshape(-1, 160)
    loudness = 10 * np.log10((frames.astype(np.float64) ** 2).mean(axis=1) + 1e-10)
    quiet, loud = np.percentile(loudness, [10, 90])
    return bool(loud > -50.0 and loud - quiet >= SPEECH_RANGE_DB)


def _in_place(heard: tuple[float, float] | None) -> bool:
    """A probe heard where the transcript puts it; one with nothing to hear counts as in place."""
    return heard is None or (heard[0] >= FEWEST_HEARD and abs(heard[1]) <= MOST_LAG)


def check_fit(
    audio: Path, segments: list[Segment], language: str = "en", cancel: CancelToken | None = None
) -> Fit:
    """Whether the transcript's times fit ``audio``; English is checked by ear, other languages by length."""
    timed = [s for s in segments if s.start is not None]
    if not timed:
        return Fit(False, "the transcript has no times")
    end = max((s.end or s.start or 0.0) for s in timed)
    duration = _duration(audio)
    if duration is not None and end > duration + 1.0:
        return Fit(False, f"the transcript runs {end - duration:.0f} s past the end of the audio")
    if not recogniser.available(language):
        return Fit(True, f"length fits (times not checked by ear for language {language!r})")
    probes = _probes(segments)
    if not probes:
        return Fit(True, "too little text to check")
    vocabulary = [w for pair in probes for p in pair if p is not None for w in p.words]
    results: dict[float, tuple[float, float] | None] = {}
    verdict: str | None = None
    with tempfile.TemporaryDirectory(prefix="earmark-fit-") as folder:
        ear = _Ear(vocabulary, folder)
        for probe, following in reversed(probes):  # an ad shifts what follows it: the end first
            if cancel is not None:
                cancel.check()
            heard = results[probe.start] = ear.hear(audio, probe)
            if _in_place(heard):
                continue
            share, lag = heard  # type: ignore[misc]
            if share >= FEWEST_HEARD:
                verdict = f"heard {lag:+.1f} s from its time at {probe.start:.0f} s"
                break
            if following is not None:
                if cancel is not None:
                    cancel.check()
                again = results[following.start] = ear.hear(audio, following)
                if _in_place(again):
                    continue  # one misheard stretch: the next one fits
            verdict = f"speech at {probe.start:.0f} s is not the transcript's"
            break
        listened = ear.listened
    checked = [results[t] for t in sorted(results) if results[t] is not None]
    shares = tuple(r[0] for r in checked if r is not None)
    lags = tuple(r[1] for r in checked if r is not None)
    if verdict is not None:
        return Fit(False, f"the times are off: {verdict}", shares, lags, listened)
    if not checked:
        return Fit(True, "nothing there sounds like speech: times not checked by ear", listened=listened)
    return Fit(True, f"fits ({len(checked)} stretches heard in place)", shares, lags, listened)


def _offsets(shifts: list[float | None]) -> list[float]:
    """One offset per cue: piecewise constant, through the aligner's shifts (None where it gave none)."""
    known = np.array([s for s in shifts if s is not None])
    if not len(known):
        return [0.0] * len(shifts)
    near = np.abs(known[:, None] - known[None, :]) <= 0.5  # shifts that agree with each other
    candidates = [float(np.median(known[row])) for row in near if row.sum() >= 2]
    if not candidates:
        candidates = [float(np.median(known))]
    states = np.array(sorted(set(round(c, 3) for c in candidates)))
    cost = np.zeros(len(states))
    back: list[np.ndarray] = []
    for shift in shifts:
        here = np.zeros(len(states)) if shift is None else np.minimum(np.abs(states - shift), OUTLIER)
        stay, move = cost, cost.min() + CHANGE_COST
        back.append(np.where(stay <= move, np.arange(len(states)), int(cost.argmin())))
        cost = np.minimum(stay, move) + here
    path = [int(cost.argmin())]
    for pointers in reversed(back[1:]):
        path.append(int(pointers[path[-1]]))
    path.reverse()
    out = [0.0] * len(shifts)  # each stretch's offset: the median of its own shifts (finer than the grid)
    start = 0
    for i in range(1, len(path) + 1):
        if i == len(path) or path[i] != path[start]:
            inside = [s for s in shifts[start:i] if s is not None and abs(s - states[path[start]]) <= OUTLIER]
            value = float(np.median(inside)) if inside else float(states[path[start]])
            out[start:i] = [value] * (i - start)
            start = i
    # A stretch the aligner puts within LEAD of where it was is where it was: the master's times are
    # finer than the aligner's.
    return [0.0 if abs(value) <= LEAD else value for value in out]


def keep_shape(original: list[Segment], aligned: list[Segment]) -> list[Segment]:
    """The original cues (text, speakers, kinds, word times) moved by their stretch's offset."""
    shifts = [
        (a.start - o.start) if o.start is not None and a.start is not None else None
        for o, a in zip(original, aligned, strict=True)
    ]
    offsets = _offsets(shifts)
    moved = []
    for cue, offset in zip(original, offsets, strict=True):
        if cue.start is None:
            moved.append(replace(cue))
            continue
        moved.append(
            replace(
                cue,
                start=max(0.0, cue.start + offset),
                end=None if cue.end is None else max(0.0, cue.end + offset),
                words=[Word(w.text, max(0.0, w.start + offset), max(0.0, w.end + offset)) for w in cue.words],
                confidence=None,
            )
        )
    return moved


def shape_holds(moved: list[Segment], aligned: list[Segment]) -> bool:
    """Whether the file's shape, moved stretch by stretch, agrees with the aligner: a median gap of at
    most SHAPE_MEDIAN s and >= 80 % of the cues within SHAPE_AGREES s. Not when the file was made for
    another cut or runs at another speed: no stretch offsets explain it, and the aligner's own times are
    the better answer."""
    gaps = np.array([abs(m.start - a.start) for m, a in zip(moved, aligned, strict=True)
                     if m.start is not None and a.start is not None])  # fmt: skip
    if not len(gaps):
        return False
    return bool(np.median(gaps) <= SHAPE_MEDIAN and np.mean(gaps <= SHAPE_AGREES) >= 0.8)
