"""Keeping the C heap from holding freed memory over a long alignment (glibc; elsewhere nothing).

A 3-hour alignment frees and allocates a great many buffers from several threads
(the synthesiser's, the recogniser's feeder, the refiners). glibc gives each thread
its own arena, and after a large block is freed it raises its mmap threshold, so later
blocks of that size are carved from the arenas instead of being mapped; freed, they stay
with the process. Over 3.7 hours that held tens of MB nobody used (sampled from
``/proc/PID/smaps``: thread arenas of 10-33 MB each beside the 115 MB of features).
A fixed threshold keeps large arrays mapped (given back the moment they are freed),
two arenas bound the spread, and a trim at each step's end returns what is free.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import sys
from functools import lru_cache

_M_MMAP_THRESHOLD = -3
_M_ARENA_MAX = -8
MMAP_THRESHOLD = 256 * 1024  # bytes: blocks this large are mapped on their own, whatever was freed
ARENAS = 2  # malloc arenas at most (threads share them)


@lru_cache(maxsize=1)
def _glibc() -> ctypes.CDLL | None:
    if not sys.platform.startswith("linux"):
        return None
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        libc.mallopt  # noqa: B018 (musl and others may lack them)
        libc.malloc_trim  # noqa: B018
    except (OSError, AttributeError):
        return None
    return libc


@lru_cache(maxsize=1)
def settle() -> bool:
    """Fix the mmap threshold and bound the arenas (once per process; True when it took effect)."""
    libc = _glibc()
    if libc is None:
        return False
    return bool(libc.mallopt(_M_MMAP_THRESHOLD, MMAP_THRESHOLD)) and bool(libc.mallopt(_M_ARENA_MAX, ARENAS))


def give_back() -> None:
    """Return the heap's free pages to the system (every arena's), after a step that freed a lot."""
    libc = _glibc()
    if libc is not None:
        libc.malloc_trim(0)
