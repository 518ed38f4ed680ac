"""The sync's episode decoded once: later passes read FFmpeg's samples back from a file, bit for bit."""

from __future__ import annotations

import os
import wave
from pathlib import Path

import av
import numpy as np

from earmark.audio import decode, spool
from earmark.audio.spool import Spool

RATE = 16000


def _stereo_wav(path: Path, seconds: float, rate: int = 44100) -> Path:
    """A WAV FFmpeg must mix and resample (as an MP3 episode is), so it goes through PyAV."""
    values = np.random.default_rng(3).integers(-20000, 20000, (int(seconds * rate), 2))
    with wave.open(str(path), "wb") as out:
        out.setnchannels(2)
        out.setsampwidth(2)
        out.setframerate(rate)
        out.writeframes(values.astype("<i2").tobytes())
    return path


def _counting_opens(monkeypatch) -> list[str]:
    opened: list[str] = []
    real = av.open

    def counted(*args, **kwargs):
        opened.append(str(args[0]))
        return real(*args, **kwargs)

    monkeypatch.setattr(av, "open", counted)
    return opened


def test_every_pass_gives_pyavs_chunks_bit_for_bit(tmp_path):
    """The pass that decodes and the passes read back from the file give the same chunks as PyAV."""
    path = _stereo_wav(tmp_path / "a.wav", 65.0)
    want = list(decode.iter_mono_chunks(path))
    with Spool(path, folder=str(tmp_path)) as samples:
        passes = [list(samples.chunks()) for _ in range(3)]
        assert samples.complete
    for got in passes:
        assert [len(c) for c in got] == [len(c) for c in want]
        assert all(a.dtype == np.float32 and np.array_equal(a, b) for a, b in zip(got, want, strict=True))


def test_only_the_first_pass_decodes(tmp_path, monkeypatch):
    """Three passes open the audio with FFmpeg once (an MP3 costs ~20 CPU s per hour a pass)."""
    path = _stereo_wav(tmp_path / "a.wav", 5.0)
    opened = _counting_opens(monkeypatch)
    with Spool(path, folder=str(tmp_path)) as samples:
        for _ in range(3):
            assert sum(len(c) for c in samples.chunks()) > 4.9 * RATE
    assert len(opened) == 1


def test_a_pass_stopped_early_leaves_the_next_one_decoding(tmp_path, monkeypatch):
    """A stream left part-way (the word pass's first window only) never becomes the episode."""
    path = _stereo_wav(tmp_path / "a.wav", 65.0)
    opened = _counting_opens(monkeypatch)
    with Spool(path, folder=str(tmp_path)) as samples:
        first = samples.chunks()
        next(first)
        first.close()
        assert not samples.complete
        whole = np.concatenate(list(samples.chunks()))
        assert samples.complete
    assert len(opened) == 2
    assert len(whole) == len(np.concatenate(list(decode._av_chunks(path, RATE, 30 * RATE))))


def test_a_plain_wav_is_not_spooled(tmp_path):
    """A 16-bit mono WAV at 16 kHz is read directly (already cheap): no file is written."""
    path = tmp_path / "plain.wav"
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(RATE)
        out.writeframes(np.zeros(RATE, "<i2").tobytes())
    folder = tmp_path / "spool"
    folder.mkdir()
    with Spool(path, folder=str(folder)) as samples:
        assert sum(len(c) for c in samples.chunks()) == RATE
        assert not samples.complete
    assert not os.listdir(folder)


def test_the_file_leaves_nothing_behind(tmp_path):
    """The samples' file is unlinked as soon as it is made; closing the spool frees it."""
    path = _stereo_wav(tmp_path / "a.wav", 2.0)
    folder = tmp_path / "spool"
    folder.mkdir()
    with Spool(path, folder=str(folder)) as samples:
        list(samples.chunks())
        assert not os.listdir(folder)
        assert samples.complete
    assert not samples.complete


def test_spool_folder_is_on_disk_by_convention():
    """``/var/tmp`` where it is writable (``/tmp`` may be a tmpfs, held in memory)."""
    folder = spool.spool_folder()
    assert os.access(folder, os.W_OK)
    if os.access("/var/tmp", os.W_OK):
        assert folder == "/var/tmp"


def _mp3(path: Path, seconds: float) -> Path:
    """An MP3 written by FFmpeg (PyAV's libmp3lame), 44.1 kHz stereo as podcasts are."""
    rate = 44100
    tone = np.sin(np.arange(int(seconds * rate)) * 2 * np.pi * 220 / rate).astype(np.float32)
    noise = np.random.default_rng(5).normal(0, 0.05, tone.shape).astype(np.float32)
    with av.open(str(path), "w") as out:
        stream = out.add_stream("libmp3lame", rate=rate, layout="stereo")
        for lo in range(0, len(tone), 1152):
            block = np.stack([tone[lo : lo + 1152], noise[lo : lo + 1152]]).astype(np.float32)
            frame = av.AudioFrame.from_ndarray(block, format="fltp", layout="stereo")
            frame.rate = rate
            out.mux(stream.encode(frame))
        out.mux(stream.encode(None))
    return path


def _frame_by_frame(path: Path) -> np.ndarray:
    """The resampler's samples in its own frame sizes (how decoding read them before)."""
    parts = []
    with av.open(str(path)) as container:
        resampler = av.AudioResampler(format="flt", layout="mono", rate=RATE)
        for frame in container.decode(container.streams.audio[0]):
            parts.extend(out.to_ndarray().reshape(-1) for out in resampler.resample(frame))
        parts.extend(out.to_ndarray().reshape(-1) for out in resampler.resample(None))
    return np.concatenate(parts)


def test_whole_chunks_from_the_resampler_change_no_sample(tmp_path):
    """Asking the resampler for 30 s frames (one array per chunk) gives its frame-by-frame samples."""
    for path in (_mp3(tmp_path / "a.mp3", 64.0), _stereo_wav(tmp_path / "b.wav", 31.0)):
        chunks = list(decode.iter_mono_chunks(path))
        assert all(len(c) == 30 * RATE for c in chunks[:-1])
        assert np.array_equal(np.concatenate(chunks), _frame_by_frame(path))
