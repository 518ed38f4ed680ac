"""The aligner's audio reading: a plain 16-bit mono WAV is read in blocks, with PyAV's exact samples."""

from __future__ import annotations

import wave
from pathlib import Path

import av
import numpy as np
import pytest

from earmark.audio import decode

RATE = 16000


def _write(path: Path, samples: np.ndarray, channels: int = 1, rate: int = RATE) -> Path:
    with wave.open(str(path), "wb") as out:
        out.setnchannels(channels)
        out.setsampwidth(2)
        out.setframerate(rate)
        out.writeframes(samples.astype("<i2").tobytes())
    return path


def _noise(seconds: float) -> np.ndarray:
    """Every 16-bit value's range, extremes included."""
    values = np.random.default_rng(7).integers(-32768, 32768, int(seconds * RATE))
    values[:2] = (-32768, 32767)
    return values


def test_plain_wav_chunks_equal_pyav_sample_for_sample(tmp_path):
    """Read in blocks, a plain WAV gives PyAV's chunks bit for bit, the short last one too."""
    path = _write(tmp_path / "a.wav", _noise(70.3))
    fast = list(decode.iter_mono_chunks(path))
    slow = list(decode._av_chunks(path, RATE, 30 * RATE))
    assert [len(c) for c in fast] == [len(c) for c in slow] == [480000, 480000, 164800]
    pairs = zip(fast, slow, strict=True)
    assert all(a.dtype == b.dtype == np.float32 and np.array_equal(a, b) for a, b in pairs)


def test_plain_wav_is_read_without_ffmpeg(tmp_path, monkeypatch):
    """A 16-bit mono WAV at the wanted rate never goes through PyAV (~6 CPU s per hour of audio a pass)."""
    path = _write(tmp_path / "a.wav", _noise(2.0))

    def refuse(*args, **kwargs):
        raise AssertionError("PyAV opened a plain WAV")

    monkeypatch.setattr(av, "open", refuse)
    assert sum(len(c) for c in decode.iter_mono_chunks(path)) == 2 * RATE


@pytest.mark.parametrize(("channels", "rate"), [(2, RATE), (1, 22050)])
def test_other_wavs_are_still_mixed_and_resampled_by_pyav(tmp_path, channels, rate):
    """Stereo, or another rate, is left to FFmpeg's mixing and resampling (the same samples as before)."""
    path = _write(tmp_path / "b.wav", _noise(3.0 * channels * rate / RATE), channels, rate)
    got = np.concatenate(list(decode.iter_mono_chunks(path)))
    want = np.concatenate(list(decode._av_chunks(path, RATE, 30 * RATE)))
    assert np.array_equal(got, want)
    assert abs(len(got) - 3 * RATE) <= RATE // 100
