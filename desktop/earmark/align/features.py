"""Acoustic features for alignment: MFCCs and loudness at 100 frames a second.

Audio is streamed in chunks (:func:`earmark.audio.iter_mono_chunks`), so a
3-hour episode costs ~60 MB of features, never its whole waveform.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

import numpy as np

RATE = 16000
HOP = 160  # 10 ms
WINDOW = 400  # 25 ms
FPS = RATE // HOP
_NFFT = 512
_NMEL = 26
_NCEP = 13
_BLOCK = 500  # frames transformed at once


def _mel(hz: np.ndarray) -> np.ndarray:
    return 2595.0 * np.log10(1.0 + hz / 700.0)


def _mel_filterbank() -> np.ndarray:
    edges_mel = np.linspace(_mel(np.array(60.0)), _mel(np.array(7600.0)), _NMEL + 2)
    edges_hz = 700.0 * (10 ** (edges_mel / 2595.0) - 1.0)
    bins = np.floor((_NFFT + 1) * edges_hz / RATE).astype(int)
    bank = np.zeros((_NMEL, _NFFT // 2 + 1), dtype=np.float32)
    for m in range(1, _NMEL + 1):
        lo, mid, hi = bins[m - 1], bins[m], bins[m + 1]
        for k in range(lo, mid):
            bank[m - 1, k] = (k - lo) / max(mid - lo, 1)
        for k in range(mid, hi):
            bank[m - 1, k] = (hi - k) / max(hi - mid, 1)
    return bank


def _dct_matrix() -> np.ndarray:
    n = np.arange(_NMEL)
    k = np.arange(_NCEP)[:, None]
    return (np.cos(np.pi * k * (2 * n + 1) / (2 * _NMEL)) * np.sqrt(2.0 / _NMEL)).astype(np.float32)


_BANK = _mel_filterbank()
_DCT = _dct_matrix()
_HAMMING = np.hamming(WINDOW).astype(np.float32)


@dataclass(slots=True)
class Features:
    """Per 10 ms frame: cepstra (c1..c12) and loudness in dB."""

    cepstra: np.ndarray  # (n, 12) float32
    loudness: np.ndarray  # (n,) float32, dB

    def __len__(self) -> int:
        return len(self.loudness)


def _frames(samples: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """MFCC c1..c12 and loudness for every whole frame in ``samples``."""
    count = 1 + (len(samples) - WINDOW) // HOP
    if count <= 0:
        return np.zeros((0, _NCEP - 1), np.float32), np.zeros(0, np.float32)
    strides = (samples.strides[0] * HOP, samples.strides[0])
    framed = np.lib.stride_tricks.as_strided(samples, shape=(count, WINDOW), strides=strides)
    cepstra = np.empty((count, _NCEP - 1), np.float32)
    loudness = np.empty(count, np.float32)
    for lo in range(0, count, _BLOCK):  # in blocks: the FFT's float64 temporaries stay ~10 MB
        block = framed[lo : lo + _BLOCK]
        block = (block - block.mean(axis=1, keepdims=True)) * _HAMMING
        power = np.abs(np.fft.rfft(block, _NFFT)) ** 2
        loudness[lo : lo + _BLOCK] = 10.0 * np.log10(power.sum(axis=1) / WINDOW + 1e-10)
        cepstra[lo : lo + _BLOCK] = (np.log(power @ _BANK.T + 1e-8) @ _DCT.T)[:, 1:]
    return cepstra, loudness


class FeatureBuffer:
    """Features appended piece by piece into one array that grows by half when full.

    Thousands of small arrays (one per 30 s chunk or per sentence) interleave on the
    heap with each chunk's FFT temporaries; over a 3-hour episode that fragmentation
    held about twice the memory the features themselves need.
    """

    def __init__(self, frames: int = 4096) -> None:
        self._cepstra = np.empty((max(frames, 16), _NCEP - 1), np.float32)
        self._loudness = np.empty(max(frames, 16), np.float32)
        self._count = 0

    def __len__(self) -> int:
        return self._count

    def append(self, cepstra: np.ndarray, loudness: np.ndarray) -> None:
        end = self._count + len(loudness)
        if end > len(self._loudness):  # grow; the new tail stays untouched, so it costs no memory yet
            size = max(end, len(self._loudness) * 3 // 2)
            grown_cepstra = np.empty((size, _NCEP - 1), np.float32)
            grown_loudness = np.empty(size, np.float32)
            grown_cepstra[: self._count] = self._cepstra[: self._count]
            grown_loudness[: self._count] = self._loudness[: self._count]
            self._cepstra, self._loudness = grown_cepstra, grown_loudness
        self._cepstra[self._count : end] = cepstra
        self._loudness[self._count : end] = loudness
        self._count = end

    def features(self) -> Features:
        return Features(self._cepstra[: self._count], self._loudness[: self._count])


def features_from_chunks(
    chunks: Iterable[np.ndarray], on_chunk: Callable[[], None] | None = None, expected_frames: int = 4096
) -> Features:
    """Features of a stream of 16 kHz mono chunks, holding only one chunk of samples at a time."""
    tail = np.zeros(0, np.float32)
    out = FeatureBuffer(expected_frames)
    for chunk in chunks:
        buffer = np.concatenate([tail, chunk.astype(np.float32, copy=False)])
        cepstra, loudness = _frames(buffer)
        out.append(cepstra, loudness)
        tail = buffer[len(loudness) * HOP :]
        if on_chunk is not None:
            on_chunk()
    if len(tail) >= HOP:  # the last partial frame, zero-padded
        out.append(*_frames(np.concatenate([tail, np.zeros(WINDOW, np.float32)])[:WINDOW]))
    return out.features()


def features_of(samples: np.ndarray) -> Features:
    """Features of a short in-memory waveform (synthesised sentences)."""
    return features_from_chunks([samples], expected_frames=len(samples) // HOP + 1)


def mean_and_std(cepstra: np.ndarray, block: int = 65536) -> tuple[np.ndarray, np.ndarray]:
    """Per-coefficient mean and standard deviation, a block at a time (``np.std`` makes a
    temporary as large as the input: ~70 MB for a 3-hour episode)."""
    total = np.zeros(cepstra.shape[1])
    squares = np.zeros(cepstra.shape[1])
    for lo in range(0, len(cepstra), block):
        part = cepstra[lo : lo + block].astype(np.float64)
        total += part.sum(axis=0)
        squares += (part * part).sum(axis=0)
    count = max(1, len(cepstra))
    mean = total / count
    std = np.sqrt(np.maximum(squares / count - mean * mean, 0.0))
    return mean.astype(np.float32), std.astype(np.float32)


def normalise(cepstra: np.ndarray, mean: np.ndarray, std: np.ndarray) -> np.ndarray:
    """Mean/variance-normalised cepstra scaled to unit length (so a dot product is a cosine).

    Works in place on ``cepstra`` (float32) and returns it: an hour of features is
    ~20 MB, and a long episode should not hold a raw and a normalised copy at once.
    """
    cepstra -= mean
    cepstra /= std
    lengths = np.sqrt(np.einsum("ij,ij->i", cepstra, cepstra)) + 1e-6
    cepstra /= lengths[:, None]
    return cepstra


def window_normalised(cepstra: np.ndarray, voiced: np.ndarray) -> np.ndarray:
    """A normalised copy of one stretch of cepstra, by the mean and variance of its speech frames:
    a voice, a room or a microphone shifts the cepstra of that stretch, not the whole file's."""
    mean, std = mean_and_std(cepstra[voiced] if voiced.sum() > 25 else cepstra)
    return normalise(cepstra.astype(np.float32, copy=True), mean, std + 1e-6)


def pool(cepstra: np.ndarray, factor: int) -> np.ndarray:
    """Average every ``factor`` frames (the coarse pass runs at 100/factor frames a second)."""
    whole = len(cepstra) // factor * factor
    pooled = cepstra[:whole].reshape(-1, factor, cepstra.shape[1]).mean(axis=1)
    if whole < len(cepstra):
        pooled = np.vstack([pooled, cepstra[whole:].mean(axis=0, keepdims=True)])
    return pooled.astype(np.float32)


def speech_mask(loudness: np.ndarray, shortest_pause: int = 8) -> np.ndarray:
    """Frames loud enough to be speech, from the episode's own noise floor and speech level.

    Quiet runs shorter than ``shortest_pause`` frames (stops inside words) count as speech.
    """
    if len(loudness) == 0:
        return np.zeros(0, bool)
    floor, level = np.percentile(loudness, [10, 90])
    return fill_short_quiet(loudness > floor + 0.3 * (level - floor), shortest_pause)


def fill_short_quiet(loud: np.ndarray, shortest: int, leading: bool = True) -> np.ndarray:
    """``loud`` (changed in place) with quiet runs shorter than ``shortest`` frames counted as
    speech; ``leading=False`` keeps a short quiet run at the very start as it is."""
    edges = np.flatnonzero(np.diff(np.concatenate([[1], loud.astype(np.int8), [1]])))
    for begin, stop in zip(edges[::2], edges[1::2], strict=False):
        if stop - begin < shortest and (leading or begin > 0):
            loud[begin:stop] = True
    return loud


def local_floor(loudness: np.ndarray, block: int = 50, reach: int = 4) -> np.ndarray:
    """The recording's own noise floor at each frame, *there*: the quieter side's, i.e. the lowest
    10th percentile of the ``block``-frame blocks up to ``reach`` blocks behind it, or ahead of
    it, whichever is higher (a kitchen under one speaker, or a hiss that starts with a turn, is that
    stretch's floor only). The pause finder and the spoken verdict both measure against it."""
    if len(loudness) == 0:
        return np.zeros(0)
    count = -(-len(loudness) // block)
    padded = np.concatenate([loudness, np.full(count * block - len(loudness), loudness[-1])])
    blocks = np.percentile(padded.reshape(count, block), 10, axis=1)
    behind = np.array([blocks[max(0, b - reach) : b + 1].min() for b in range(count)])
    ahead = np.array([blocks[b : b + reach + 1].min() for b in range(count)])
    return np.repeat(np.maximum(behind, ahead), block)[: len(loudness)]


def sliding_normalised(cepstra: np.ndarray, voiced: np.ndarray, half: int) -> np.ndarray:
    """A normalised copy of ``cepstra``, each frame by the mean and variance of the speech frames
    within ``half`` frames either side (of all frames there when fewer than a fifth are speech):
    each speaker, room and noise bed is taken off where it is, not over a stretch holding several.
    One coefficient at a time, so the running sums cost a few vectors, not copies of the matrix."""
    n = len(cepstra)
    out = np.empty((n, cepstra.shape[1]), np.float32)
    if n == 0:
        return out
    lo = np.clip(np.arange(n) - half, 0, n)
    hi = np.clip(np.arange(n) + half + 1, 0, n)

    def windowed(values: np.ndarray) -> np.ndarray:
        total = np.concatenate([[0.0], np.cumsum(values)])
        return total[hi] - total[lo]

    weight = voiced.astype(np.float64)
    count_v, count_a = windowed(weight), (hi - lo).astype(np.float64)
    use_v = count_v >= np.maximum(5.0, 0.2 * count_a)
    count = np.where(use_v, count_v, count_a)
    for q in range(cepstra.shape[1]):
        x = cepstra[:, q].astype(np.float64)
        mean = np.where(use_v, windowed(x * weight), windowed(x)) / count
        square = np.where(use_v, windowed(x * x * weight), windowed(x * x)) / count
        out[:, q] = (x - mean) / np.sqrt(np.maximum(square - mean * mean, 1e-6))
    out /= np.sqrt(np.einsum("ij,ij->i", out, out))[:, None] + 1e-6
    return out
