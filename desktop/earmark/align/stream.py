"""An episode's samples between two times, decoded once front to back in bounded memory (the word pass)."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import numpy as np

from .listener import RATE


class Stream:
    """Samples of an episode between two times, decoded once front to back in bounded memory.

    Windows are asked for in (about) increasing time; a little audio before the
    last window is kept, and a request from further back decodes from the start again.
    """

    KEEP_SECONDS = 30.0

    def __init__(self, chunks: Callable[[], Iterator[np.ndarray]]) -> None:
        self._open = chunks
        self._reset()

    def _reset(self) -> None:
        self._chunks = self._open()
        self._buffer = np.zeros(0, np.float32)
        self._offset = 0  # sample index of the buffer's first sample

    def __call__(self, lo: float, hi: float) -> np.ndarray:
        a, b = int(lo * RATE), int(hi * RATE)
        if a < self._offset:
            self._reset()
        keep = max(0, a - int(self.KEEP_SECONDS * RATE))  # the first sample still held afterwards
        parts = [self._buffer]
        have = self._offset + len(self._buffer)
        for chunk in self._chunks if have < b else ():
            have += len(chunk)
            if have <= keep:  # wholly before what is kept (a first window far in): never held
                parts, self._offset = [], have
                continue
            parts.append(chunk.astype(np.float32, copy=False))
            if have >= b:
                break
        self._buffer = parts[0] if len(parts) == 1 else np.concatenate(parts or [np.zeros(0, np.float32)])
        drop = max(0, keep - self._offset)
        if drop:
            self._buffer = self._buffer[drop:]
            self._offset += drop
        return self._buffer[a - self._offset : b - self._offset]
