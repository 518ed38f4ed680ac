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
    framed = (framed - framed.mean(axis=1, keepdims=True)) * _HAMMING
    power = np.abs(np.fft.rfft(framed, _NFFT)) ** 2
    energy = power.sum(axis=1)
    logmel = np.log(power @ _BANK.T + 1e-8)
    cepstra = logmel @ _DCT.T
    loudness = 10.0 * np.log10(energy / WINDOW + 1e-10)
    return cepstra[:, 1:].astype(np.float32), loudness.astype(np.float32)


def features_from_chunks(
    chunks: Iterable[np.ndarray], on_chunk: Callable[[], None] | None = None
) -> Features:
    """Features of a stream of 16 kHz mono chunks, holding only one chunk of samples at a time."""
    tail = np.zeros(0, np.float32)
    parts_c: list[np.ndarray] = []
    parts_l: list[np.ndarray] = []
    for chunk in chunks:
        buffer = np.concatenate([tail, chunk.astype(np.float32, copy=False)])
        cep, loud = _frames(buffer)
        parts_c.append(cep)
        parts_l.append(loud)
        tail = buffer[len(loud) * HOP :]
        if on_chunk is not None:
            on_chunk()
    if len(tail) >= HOP:  # the last partial frame, zero-padded
        cep, loud = _frames(np.concatenate([tail, np.zeros(WINDOW, np.float32)])[:WINDOW])
        parts_c.append(cep)
        parts_l.append(loud)
    if not parts_c:
        return Features(np.zeros((0, _NCEP - 1), np.float32), np.zeros(0, np.float32))
    return Features(np.concatenate(parts_c), np.concatenate(parts_l))


def features_of(samples: np.ndarray) -> Features:
    """Features of a short in-memory waveform (synthesised sentences)."""
    return features_from_chunks([samples])


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


def pool(cepstra: np.ndarray, factor: int) -> np.ndarray:
    """Average every ``factor`` frames (the coarse pass runs at 100/factor frames a second)."""
    whole = len(cepstra) // factor * factor
    pooled = cepstra[:whole].reshape(-1, factor, cepstra.shape[1]).mean(axis=1)
    if whole < len(cepstra):
        pooled = np.vstack([pooled, cepstra[whole:].mean(axis=0, keepdims=True)])
    return pooled.astype(np.float32)
