"""Decode any audio FFmpeg reads to mono float32 PCM at a chosen rate (PyAV).

:func:`iter_mono_chunks` streams, so a 3-hour episode never sits in memory whole.
"""

from __future__ import annotations

import wave
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import av
import numpy as np

from earmark.core.errors import InputError


@contextmanager
def opened_audio(path: Path) -> Iterator[tuple[av.container.InputContainer, av.audio.stream.AudioStream]]:
    """The file's container and first audio stream; a one-line InputError when it holds no audio."""
    try:
        container = av.open(str(path))
    except Exception as error:
        raise InputError(path, f"cannot be opened as audio ({type(error).__name__})") from None
    with container:
        if not container.streams.audio:
            raise InputError(path, "has no audio stream")
        yield container, container.streams.audio[0]


def damaged(path: Path, error: av.error.FFmpegError) -> InputError:
    """The one-line error for audio that stops decoding part-way."""
    return InputError(path, f"audio is damaged ({error.strerror or type(error).__name__})")


def _plain_wav(path: Path, rate: int) -> bool:
    """The file is a WAV of 16-bit mono PCM at ``rate`` (what the resampler would only rescale)."""
    try:
        with wave.open(str(path)) as reader:
            return (reader.getnchannels(), reader.getsampwidth(), reader.getframerate()) == (1, 2, rate)
    except (wave.Error, EOFError, OSError):  # not a plain WAV (or extensible): FFmpeg reads it
        return False


def _wav_chunks(path: Path, chunk: int) -> Iterator[np.ndarray]:
    """The same chunks PyAV gives for a plain 16-bit mono WAV (s16 / 32768 is exactly its float
    conversion), read in blocks: PyAV decodes 1,024 samples a frame and costs ~6 CPU s per hour
    of audio per pass, which the aligner makes three times (features, recogniser, word pass)."""
    with wave.open(str(path)) as reader:
        while True:
            raw = reader.readframes(chunk)
            if len(raw) < 2:
                return
            yield np.frombuffer(raw[: len(raw) // 2 * 2], "<i2").astype(np.float32) * np.float32(1 / 32768)


def iter_mono_chunks(path: Path, rate: int = 16000, chunk_seconds: float = 30.0) -> Iterator[np.ndarray]:
    """Yield consecutive float32 mono chunks of about ``chunk_seconds`` at ``rate`` Hz."""
    chunk = int(rate * chunk_seconds)
    yield from (_wav_chunks(path, chunk) if _plain_wav(path, rate) else _av_chunks(path, rate, chunk))


def _av_chunks(path: Path, rate: int, chunk: int) -> Iterator[np.ndarray]:
    """Chunks of ``chunk`` samples (the last one shorter) of any audio FFmpeg reads.

    The resampler hands its output over in frames of ``chunk`` samples (``frame_size``): the same
    samples as its own frame sizes give, but one array per chunk instead of one per ~1,000
    samples (an MP3 hour: ~19 -> ~11 CPU s per pass)."""
    pending: list[np.ndarray] = []
    held = 0
    with opened_audio(path) as (container, stream):
        resampler = av.AudioResampler(format="flt", layout="mono", rate=rate, frame_size=chunk)
        try:
            for frame in container.decode(stream):
                for out in resampler.resample(frame):
                    pending.append(out.to_ndarray().reshape(-1))
                    held += out.samples
                    if held >= chunk:
                        data = np.concatenate(pending)
                        yield data[:chunk]
                        pending, held = [data[chunk:]], len(data) - chunk
            for out in resampler.resample(None):
                pending.append(out.to_ndarray().reshape(-1))
        except av.error.FFmpegError as error:
            raise damaged(path, error) from None
    if pending:
        data = np.concatenate(pending)
        if len(data):
            yield data


def decode_mono(path: Path, rate: int = 16000) -> np.ndarray:
    """The whole file as one float32 array (for short audio: tests, the demo, snippets)."""
    chunks = list(iter_mono_chunks(path, rate))
    return np.concatenate(chunks) if chunks else np.zeros(0, dtype=np.float32)
