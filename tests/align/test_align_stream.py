"""The word pass's sample stream: right samples, in bounded memory, however far in the first window is."""

from __future__ import annotations

import tracemalloc

import numpy as np

from earmark.align.listener import RATE
from earmark.align.stream import Stream

SECONDS = 600  # ten minutes of a ramp, in one-second chunks


def _chunks():
    for k in range(SECONDS):
        yield np.arange(k * RATE, (k + 1) * RATE, dtype=np.float64)


def test_windows_hold_the_right_samples_forwards_and_back():
    """Each window is the episode's own samples, asked for forwards or (decoding again) backwards."""
    stream = Stream(_chunks)
    for lo, hi in [(1.5, 2.25), (100.0, 101.0), (100.5, 130.0), (3.0, 4.0)]:
        window = stream(lo, hi)
        assert np.array_equal(window, np.arange(int(lo * RATE), int(hi * RATE), dtype=np.float32))


def test_a_first_window_far_in_never_holds_the_audio_before_it():
    """A window at 9:00 holds at most KEEP_SECONDS before it at any moment, not the nine minutes
    read past (it held all of them: 0.35 GB on the 98-minute case's first rescued window)."""
    stream = Stream(_chunks)
    tracemalloc.start()
    try:
        stream(540.0, 541.0)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    held = (Stream.KEEP_SECONDS + 2) * RATE * np.dtype(np.float32).itemsize
    assert peak <= 3 * held, peak  # the kept samples, their copy, a chunk (old: 541 s of samples, twice)
