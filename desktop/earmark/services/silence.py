"""Skip silence: the pauses of an episode's own audio that playback can jump over.

Loudness is measured in 10 ms frames while the audio streams in (an hour never sits in
memory whole); speech is what stands above the episode's own noise floor
(:func:`earmark.align.features.speech_mask`, the same judgement the sync uses), so a quiet
recording and a loud one are treated alike. A pause is a quiet run of at least
:data:`MIN_PAUSE`; :data:`KEEP` of it stays on each side, so speech never sounds clipped.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from earmark.align.features import speech_mask
from earmark.audio.decode import iter_mono_chunks
from earmark.core.progress import CancelToken, Progress, no_progress

RATE = 16000
FRAME = 160  # 10 ms
MIN_PAUSE = 0.6  # seconds of quiet before any of it is skipped
KEEP = 0.2  # seconds of each pause kept, before and after


def loudness(
    path: Path,
    duration: float | None = None,
    progress: Progress = no_progress,
    cancel: CancelToken | None = None,
) -> np.ndarray:
    """Frame loudness in dB (10 ms frames) of the whole file, streamed."""
    parts, done = [], 0.0
    carry = np.zeros(0, np.float32)
    for chunk in iter_mono_chunks(path, RATE):
        if cancel is not None:
            cancel.check()
        data = np.concatenate([carry, chunk])
        whole = len(data) // FRAME * FRAME
        frames = data[:whole].reshape(-1, FRAME)
        carry = data[whole:]
        parts.append(10 * np.log10(np.mean(frames * frames, axis=1) + 1e-10))
        done += len(chunk) / RATE
        if duration:
            progress(min(0.99, done / duration), "Finding pauses…")
    return np.concatenate(parts) if parts else np.zeros(0)


def pauses_from_loudness(
    loud_db: np.ndarray, min_pause: float = MIN_PAUSE, keep: float = KEEP
) -> list[tuple[float, float]]:
    """(start, end) in seconds of the stretches to skip."""
    speech = speech_mask(loud_db)
    edges = np.flatnonzero(np.diff(np.concatenate([[1], speech.astype(np.int8), [1]])))
    runs = []
    for begin, stop in zip(edges[::2], edges[1::2], strict=False):
        start, end = begin * FRAME / RATE, stop * FRAME / RATE
        if end - start >= min_pause:
            runs.append((round(start + keep, 3), round(end - keep, 3)))
    return runs


def find_pauses(
    path: Path,
    duration: float | None = None,
    progress: Progress = no_progress,
    cancel: CancelToken | None = None,
) -> list[tuple[float, float]]:
    """The pauses playback may skip in ``path`` (long work: progress and cancel)."""
    runs = pauses_from_loudness(loudness(path, duration, progress, cancel))
    progress(1.0, f"{len(runs)} pauses")
    return runs


def time_saved(pauses: list[tuple[float, float]]) -> float:
    return sum(end - start for start, end in pauses)
