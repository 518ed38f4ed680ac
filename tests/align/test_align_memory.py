"""The C heap settings a long alignment runs under (glibc)."""

from __future__ import annotations

import sys
import threading
from pathlib import Path

import pytest

from earmark.align import memory


def _rss_kb() -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="glibc's malloc only")
def test_blocks_freed_by_a_thread_are_given_back_to_the_system():
    """200 blocks of 1 MB made and freed in a thread, a small block kept after them (as the
    synthesiser's and the feeder's buffers are): settled and trimmed, the process keeps under 20 MB
    of them (left to glibc's defaults, this kept 189 MB)."""
    assert memory.settle()
    before = _rss_kb()
    kept = []

    def churn() -> None:
        blocks = [bytearray(1 << 20) for _ in range(200)]
        for block in blocks:
            block[::4096] = b"x" * len(block[::4096])  # touch every page
        kept.append(bytearray(1000))  # pins the top of the thread's heap
        del blocks

    for _ in range(3):
        worker = threading.Thread(target=churn)
        worker.start()
        worker.join()
    memory.give_back()
    assert _rss_kb() - before < 20 * 1024
