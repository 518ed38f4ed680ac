"""RSS/Atom parsing with feedparser, including Podcasting 2.0 ``<podcast:transcript>`` links.

feedparser never resolves external entities or fetches anything while parsing:
we hand it bytes we downloaded ourselves.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

import feedparser

from earmark.core.errors import InputError

# Preferred transcript types, best first (timed before untimed).
TRANSCRIPT_TYPES = (
    "application/json",
    "application/x-subrip",
    "application/srt",
    "text/vtt",
    "text/html",
    "text/plain",
)


@dataclass(slots=True)
class FeedEpisode:
    guid: str
    title: str
    audio_url: str
    published: str | None = None
    description: str = ""
    transcript_url: str | None = None


@dataclass(slots=True)
class ParsedFeed:
    title: str
    link: str | None
    description: str
    image_url: str | None
    episodes: list[FeedEpisode] = field(default_factory=list)


def _transcript_url(entry: dict) -> str | None:
    links = entry.get("podcast_transcript")
    candidates = links if isinstance(links, list) else [links] if links else []
    # feedparser flattens repeated namespaced elements; collect attributes from every shape it gives.
    found: dict[str, str] = {}
    for item in candidates:
        if isinstance(item, dict) and item.get("url"):
            found.setdefault(item.get("type", ""), item["url"])
    for wanted in TRANSCRIPT_TYPES:
        if wanted in found:
            return found[wanted]
    return next(iter(found.values()), None)


def parse_feed(data: bytes, source: str) -> ParsedFeed:
    """Parse feed bytes; raise :class:`InputError` when they hold no usable feed."""
    parsed = feedparser.parse(data)
    if parsed.get("bozo") and not parsed.get("entries") and not parsed.feed.get("title"):
        problem = str(parsed.get("bozo_exception", "not a feed")).splitlines()[0]
        raise InputError(source, f"is not an RSS or Atom feed ({problem})")
    episodes = []
    for entry in parsed.entries:
        audio = next(
            (
                e.get("href")
                for e in entry.get("enclosures", [])
                if str(e.get("type", "")).startswith("audio")
            ),
            None,
        ) or next((e.get("href") for e in entry.get("enclosures", []) if e.get("href")), None)
        if not audio:
            continue
        stamp = entry.get("published_parsed") or entry.get("updated_parsed")
        episodes.append(
            FeedEpisode(
                guid=entry.get("id") or audio,
                title=entry.get("title") or audio.rsplit("/", 1)[-1],
                audio_url=audio,
                published=time.strftime("%Y-%m-%d", stamp) if stamp else None,
                description=entry.get("summary", ""),
                transcript_url=_transcript_url(entry),
            )
        )
    feed = parsed.feed
    if not feed.get("title") and not episodes:
        raise InputError(source, "is not a podcast feed (no title and no episodes with audio)")
    return ParsedFeed(
        title=feed.get("title") or source,
        link=feed.get("link"),
        description=feed.get("subtitle", "") or feed.get("description", ""),
        image_url=(feed.get("image") or {}).get("href"),
        episodes=episodes,
    )
