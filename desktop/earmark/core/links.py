"""Time links back into Earmark: ``earmark://episode/<id>?t=<seconds>[&end=<seconds>]``."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import parse_qs, urlsplit

SCHEME = "earmark"


@dataclass(frozen=True, slots=True)
class TimeLink:
    episode_id: int
    start: float = 0.0
    end: float | None = None


def _seconds(value: float) -> str:
    return f"{value:.3f}".rstrip("0").rstrip(".")


def episode_link(episode_id: int, start: float = 0.0, end: float | None = None) -> str:
    """The link that opens ``episode_id`` at ``start`` (and marks the range up to ``end``)."""
    link = f"{SCHEME}://episode/{episode_id}?t={_seconds(max(0.0, start))}"
    if end is not None:
        link += f"&end={_seconds(max(0.0, end))}"
    return link


def parse_link(url: str) -> TimeLink:
    """Read a time link; ValueError (with the link in its message) for anything else."""
    parts = urlsplit(url.strip())
    if parts.scheme != SCHEME or parts.netloc != "episode":
        raise ValueError(f"{url}: not an {SCHEME}://episode/<id> link")
    try:
        episode_id = int(parts.path.strip("/"))
        query = parse_qs(parts.query)
        start = float(query.get("t", ["0"])[0])
        end = float(query["end"][0]) if "end" in query else None
    except ValueError:
        raise ValueError(f"{url}: the episode id and times must be numbers") from None
    if start < 0 or (end is not None and end < start):
        raise ValueError(f"{url}: times must be positive and end after t")
    return TimeLink(episode_id, start, end)
