"""One BLAS thread while aligning (``ONE_BLAS``).

numpy's OpenBLAS starts a thread per core. The aligner's matrix products are small (a 500-frame
block of spectra against 26 mel filters, a sentence's cepstra), so the second thread mostly spins
waiting for work: on the 98-minute case it spent ~11 CPU s per hour of audio while the two
recogniser workers wanted both cores (docs/README-align.md, "One BLAS thread"). With one thread the
sums split differently: a cepstrum may differ in its last bit, which moved no start of the real cases.
The limit is process-wide (every thread's BLAS calls) and is lifted when aligning ends.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

ONE_BLAS = True  # numpy's BLAS limited to one thread while aligning (threadpoolctl)


@contextmanager
def one_blas_thread() -> Iterator[None]:
    """BLAS at one thread for the duration (a no-op with ``ONE_BLAS`` off or without threadpoolctl)."""
    if not ONE_BLAS:
        yield
        return
    try:
        from threadpoolctl import threadpool_limits
    except ImportError:  # an older environment: the aligner is only slower
        yield
        return
    with threadpool_limits(1, "blas"):
        yield
