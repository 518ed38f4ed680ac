"""Synthesising the transcript with espeak-ng, one sentence at a time.

Each sentence is its own espeak-ng run (~7 ms each), so its exact span in the
synthetic speech is known without relying on espeak's unreliable SSML marks.
Runs happen in a small thread pool: the processes use the other core while
this one decodes the episode. Each sentence becomes features on arrival, with
its speech span in them (the text side of the match).
"""

from __future__ import annotations

import io
import itertools
import shutil
import subprocess
import wave
from collections import deque
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from typing import TypeVar

import numpy as np

from earmark.core.errors import InputError
from earmark.core.progress import CancelToken

from .features import FPS, RATE, FeatureBuffer, features_of

ALIGN_WORDS_PER_MINUTE = 175
PAD_SECONDS = 0.15  # silence put before each synthesised sentence
SECONDS_PER_CHARACTER = 0.06  # espeak-ng at 175 wpm with pauses (sizes the feature store; it can grow)


def espeak_binary() -> str:
    found = shutil.which("espeak-ng") or shutil.which("espeak")
    if found is None:
        raise InputError("espeak-ng", "is not installed; syncing text to audio needs it")
    return found


def check_language(language: str) -> None:
    """Refuse a language espeak-ng has no voice for, in one line."""
    result = subprocess.run(
        [espeak_binary(), "-v", language, "-q", "x"], capture_output=True, text=True, check=False
    )
    if result.returncode != 0 or "not found" in (result.stderr or "").lower():
        raise InputError(f"language {language!r}", "espeak-ng has no voice for it")


def _resample(samples: np.ndarray, source_rate: int) -> np.ndarray:
    if source_rate == RATE or len(samples) == 0:
        return samples
    count = int(len(samples) * RATE / source_rate)
    positions = np.arange(count) * (source_rate / RATE)
    return np.interp(positions, np.arange(len(samples)), samples).astype(np.float32)


def trim_silence(samples: np.ndarray, threshold: float = 0.01) -> np.ndarray:
    """Cut leading and trailing near-silence (espeak pads each run)."""
    loud = np.flatnonzero(np.abs(samples) > threshold)
    if len(loud) == 0:
        return samples[:0]
    return samples[loud[0] : loud[-1] + 1]


def synthesise(text: str, language: str) -> np.ndarray:
    """One sentence as trimmed 16 kHz mono float32."""
    result = subprocess.run(
        [espeak_binary(), "-v", language, "-s", str(ALIGN_WORDS_PER_MINUTE), "--stdout", text],
        capture_output=True,
        check=False,
    )
    if result.returncode != 0 or not result.stdout:
        return np.zeros(0, np.float32)
    with wave.open(io.BytesIO(result.stdout)) as reader:
        rate = reader.getframerate()
        raw = reader.readframes(reader.getnframes())
    samples = np.frombuffer(raw, dtype="<i2").astype(np.float32) / 32768.0
    return trim_silence(_resample(samples, rate))


T = TypeVar("T")


def synthesise_all(
    texts: list[str],
    language: str,
    *,
    convert: Callable[[np.ndarray], T],
    cancel: CancelToken | None = None,
    workers: int = 2,
) -> list[T]:
    """Every sentence synthesised, in order, each passed through ``convert`` as it arrives;
    checks ``cancel`` meanwhile. Only a few runs are in flight and a waveform is dropped once
    converted, so a 3-hour episode never holds hours of synthetic speech."""
    out: list[T] = []
    in_flight: deque[Future[np.ndarray]] = deque()
    remaining = iter(texts)
    with ThreadPoolExecutor(max_workers=workers) as pool:
        try:
            for text in itertools.islice(remaining, 4 * workers):
                in_flight.append(pool.submit(synthesise, text, language))
            while in_flight:
                if cancel is not None:
                    cancel.check()
                samples = in_flight.popleft().result()
                for text in itertools.islice(remaining, 1):
                    in_flight.append(pool.submit(synthesise, text, language))
                out.append(convert(samples))
        except BaseException:
            for future in in_flight:
                future.cancel()
            raise
    return out


@dataclass(slots=True)
class Synthetic:
    """One sentence as espeak-ng says it: its frames (after a short pause) and speech length."""

    frames: int
    seconds: float


def synthesiser(store: FeatureBuffer) -> Callable[[np.ndarray], Synthetic]:
    """Converts each synthesised sentence to features appended to ``store`` (the waveform is dropped)."""
    pad = np.zeros(int(PAD_SECONDS * RATE), np.float32)

    def convert(clip: np.ndarray) -> Synthetic:
        features = features_of(np.concatenate([pad, clip, pad[: len(pad) // 3]]))
        store.append(features.cepstra, features.loudness)
        return Synthetic(len(features), len(clip) / RATE)

    return convert


def speech_spans(sentences: list[Synthetic]) -> list[tuple[int, int]]:
    """Each sentence's speech span in the synthetic features (frames, after its pause)."""
    pad_frames = int(PAD_SECONDS * FPS)
    spans, offset = [], 0
    for sentence in sentences:
        speech_frames = max(1, int(sentence.seconds * FPS))
        spans.append((offset + pad_frames, offset + min(sentence.frames, pad_frames + speech_frames)))
        offset += sentence.frames
    return spans
