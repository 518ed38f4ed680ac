"""Give untimed sentences times against an audio file, offline (espeak-ng + DTW with gaps).

The engine is imported on first use: the recogniser's worker processes import
:mod:`earmark.align.words` and should not pay for numba and the decoder (~85 MB each).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from earmark.align.engine import LOW_CONFIDENCE, align_segments, low_confidence

__all__ = ["LOW_CONFIDENCE", "align_segments", "low_confidence"]


def __getattr__(name: str) -> Any:
    if name in __all__:
        from earmark.align import engine

        return getattr(engine, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
