"""Time codes: seconds as float in the domain, milliseconds as int in SQLite."""

from __future__ import annotations

import re

_CLOCK = re.compile(r"^\s*(?:(\d+):)?(\d{1,2}):(\d{1,2})(?:[.,](\d{1,3}))?\s*$")


def to_ms(seconds: float | None) -> int | None:
    return None if seconds is None else round(seconds * 1000)


def from_ms(ms: int | None) -> float | None:
    return None if ms is None else ms / 1000.0


def parse_clock(text: str) -> float:
    """Parse ``h:mm:ss.mmm``, ``mm:ss``, ``h:mm:ss,mmm`` into seconds.

    Raises ValueError for anything else, including minutes or seconds over 59.
    """
    match = _CLOCK.match(text)
    if not match:
        raise ValueError(f"not a time code: {text!r}")
    hours, minutes, seconds, fraction = match.groups()
    if (int(minutes) > 59 and hours is not None) or int(seconds) > 59:
        raise ValueError(f"impossible time code: {text!r}")
    millis = int((fraction or "0").ljust(3, "0"))
    return int(hours or 0) * 3600 + int(minutes) * 60 + int(seconds) + millis / 1000.0


def format_clock(seconds: float, *, millis: bool = False, sep: str = ".") -> str:
    """Format seconds as ``h:mm:ss`` (or ``m:ss`` under an hour); with millis as ``hh:mm:ss.mmm``."""
    total_ms = max(0, round(seconds * 1000))
    hours, rest = divmod(total_ms, 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    secs, ms = divmod(rest, 1000)
    if millis:
        return f"{hours:02d}:{minutes:02d}:{secs:02d}{sep}{ms:03d}"
    if hours:
        return f"{hours}:{minutes:02d}:{secs:02d}"
    return f"{minutes}:{secs:02d}"
