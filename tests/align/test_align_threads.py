"""While aligning, numpy's BLAS runs one thread (issue #13, ``threads.ONE_BLAS``): OpenBLAS's second
thread spent ~11 CPU s per hour of audio on the aligner's small matrix products while the
recogniser's two workers wanted both cores. Checked where the episode's decoding begins (the
engine's spool), so no audio is needed."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pytest

from earmark.align import engine, threads
from earmark.core.model import Segment, SegmentKind

threadpoolctl = pytest.importorskip("threadpoolctl")


class _Seen(Exception):
    """Raised by the stand-in spool once it has seen the BLAS threads."""


def _blas_threads_while_aligning(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    seen: list[int] = []

    def spool(path: Path) -> None:
        seen.extend(p["num_threads"] for p in threadpoolctl.threadpool_info() if p["user_api"] == "blas")
        raise _Seen

    monkeypatch.setattr(engine, "probe", lambda path: SimpleNamespace(duration=1.0))
    monkeypatch.setattr(engine, "Spool", spool)
    with pytest.raises(_Seen):
        engine.align_segments(Path("episode.wav"), [Segment("Hello there.", kind=SegmentKind.SPEECH)])
    return seen


def _outside() -> list[int]:
    np.dot(np.ones((2, 2)), np.ones((2, 2)))  # numpy's BLAS loaded
    return [p["num_threads"] for p in threadpoolctl.threadpool_info() if p["user_api"] == "blas"]


def test_one_blas_thread_while_aligning(monkeypatch: pytest.MonkeyPatch) -> None:
    before = _outside()
    if not before or max(before) < 2:
        pytest.skip("numpy's BLAS runs one thread here anyway")
    assert _blas_threads_while_aligning(monkeypatch) == [1] * len(before)
    assert _outside() == before  # lifted when aligning ends


def test_flag_off_leaves_blas_alone(monkeypatch: pytest.MonkeyPatch) -> None:
    before = _outside()
    monkeypatch.setattr(threads, "ONE_BLAS", False)
    assert _blas_threads_while_aligning(monkeypatch) == before
