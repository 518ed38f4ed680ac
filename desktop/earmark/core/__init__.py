"""The domain model and pure helpers. Standard library only."""

from earmark.core.errors import Cancelled, InputError
from earmark.core.model import (
    Chapter,
    Episode,
    Highlight,
    Segment,
    SegmentKind,
    Transcript,
    TranscriptKind,
    Word,
)
from earmark.core.progress import CancelToken, Progress, no_progress

__all__ = [
    "CancelToken",
    "Cancelled",
    "Chapter",
    "Episode",
    "Highlight",
    "InputError",
    "Progress",
    "Segment",
    "SegmentKind",
    "Transcript",
    "TranscriptKind",
    "Word",
    "no_progress",
]
