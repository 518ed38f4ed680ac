"""Give untimed sentences times against an audio file, offline (espeak-ng + DTW with gaps)."""

from earmark.align.engine import LOW_CONFIDENCE, align_segments, low_confidence

__all__ = ["LOW_CONFIDENCE", "align_segments", "low_confidence"]
