"""An episode decoded once: FFmpeg's samples kept in a file on disk for the passes after the first.

Syncing reads the episode three or four times (features, the recogniser, the word
pass, the rescue of failed windows). A podcast MP3 costs ~20 CPU s per hour of audio
per pass through PyAV (decoding, resampling to 16 kHz mono, one small frame at a time);
reading the same float32 samples back from a file costs well under a second. The
file (~230 MB per hour of audio) goes in ``/var/tmp`` where there is one: ``/tmp`` is
a tmpfs on many systems, where it would be held in memory.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path

import numpy as np

from .decode import _av_chunks, _plain_wav, iter_mono_chunks

_SAMPLE = np.dtype(np.float32).itemsize


def spool_folder() -> str:
    """Where the samples go: ``/var/tmp`` (on disk by convention) when it is writable, else the
    system's temporary folder."""
    preferred = "/var/tmp"
    if os.path.isdir(preferred) and os.access(preferred, os.W_OK | os.X_OK):
        return preferred
    return tempfile.gettempdir()


class Spool:
    """``chunks()`` gives what :func:`earmark.audio.iter_mono_chunks` gives, bit for bit, chunk
    for chunk; only the first complete pass decodes (a plain 16-bit mono WAV is read directly,
    as it already costs little). A pass stopped early, or a disk that fills, leaves the next
    pass decoding again, as without the spool. Use it as a context manager: the file goes at
    the end."""

    def __init__(self, path: Path, rate: int = 16000, chunk_seconds: float = 30.0, folder: str | None = None):
        self._path, self._rate = Path(path), rate
        self._chunk = int(rate * chunk_seconds)
        self._folder = folder
        self._lock = threading.Lock()
        self._fd: int | None = None
        self._name: str | None = None  # the file, while the system keeps it by name
        self._written = 0  # samples in the file
        self._complete = False  # the file holds the whole episode
        self._writing = False  # a pass is filling the file now
        self._direct = _plain_wav(self._path, rate)

    def __enter__(self) -> Spool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Let the file go (already unlinked where the system allows: only its handle remains)."""
        with self._lock:
            if self._fd is not None:
                os.close(self._fd)
                self._fd, self._complete = None, False
            if self._name is not None:
                with contextlib.suppress(OSError):
                    os.unlink(self._name)
                self._name = None

    @property
    def complete(self) -> bool:
        """The whole episode is in the file: later passes read it back."""
        return self._complete

    def chunks(self) -> Iterator[np.ndarray]:
        """The episode's float32 mono chunks, from the file when a pass has filled it."""
        if self._direct:
            yield from iter_mono_chunks(self._path, self._rate, self._chunk / self._rate)
            return
        with self._lock:
            replay, write = self._complete, not self._complete and not self._writing
            if write:
                write = self._open()
                self._writing = write
        if replay:
            yield from self._read()
        elif write:
            yield from self._fill()
        else:  # another pass is filling it right now
            yield from _av_chunks(self._path, self._rate, self._chunk)

    def _open(self) -> bool:
        if self._fd is None:
            try:
                fd, name = tempfile.mkstemp(
                    prefix="earmark-samples-", suffix=".f32", dir=self._folder or spool_folder()
                )
            except OSError:
                return False
            try:
                os.unlink(name)  # the handle keeps it; nothing is left behind if the process dies
            except OSError:  # (Windows: not while open) it goes when the spool is closed
                self._name = name
            self._fd = fd
        self._written = 0
        return True

    def _fill(self) -> Iterator[np.ndarray]:
        finished = False
        keep = True
        try:
            for chunk in _av_chunks(self._path, self._rate, self._chunk):
                if keep:
                    keep = self._append(chunk)
                yield chunk
            finished = True
        finally:
            with self._lock:
                self._writing = False
                self._complete = finished and keep and self._fd is not None

    def _append(self, chunk: np.ndarray) -> bool:
        data = np.ascontiguousarray(chunk, np.float32).tobytes()
        try:
            assert self._fd is not None
            done = 0
            while done < len(data):
                done += os.pwrite(self._fd, data[done:], self._written * _SAMPLE + done)
        except OSError:  # (a full disk) the passes after this one decode again
            return False
        self._written += len(chunk)
        return True

    def _read(self) -> Iterator[np.ndarray]:
        fd, total = self._fd, self._written
        for lo in range(0, total, self._chunk):
            if fd is None or self._fd != fd:
                raise RuntimeError("the episode's spooled samples were closed while being read")
            size = min(self._chunk, total - lo) * _SAMPLE
            raw = os.pread(fd, size, lo * _SAMPLE)
            if len(raw) != size:
                raise RuntimeError("the episode's spooled samples were cut short")
            yield np.frombuffer(raw, np.float32).copy()
