"""Building small RSS feeds for the tests (plain strings: the parser must read what publishers write)."""

from __future__ import annotations

from email.utils import formatdate

NS = (
    'xmlns:podcast="https://podcastindex.org/namespace/1.0" '
    'xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd" '
    'xmlns:media="http://search.yahoo.com/mrss/" xmlns:content="http://purl.org/rss/1.0/modules/content/"'
)


def item(
    title: str,
    audio: str | None = None,
    guid: str | None = None,
    day: int = 1,
    transcript: str | None = None,
    transcript_type: str = "text/vtt",
    extra: str = "",
    media_content: bool = False,
) -> str:
    parts = [
        f"<title>{title}</title>",
        f"<pubDate>{formatdate(1735689600 + day * 86400, usegmt=True)}</pubDate>",
    ]
    if guid:
        parts.append(f'<guid isPermaLink="false">{guid}</guid>')
    if audio and media_content:
        parts.append(f'<media:content url="{audio}" type="audio/wav" fileSize="1"/>')
    elif audio:
        parts.append(f'<enclosure url="{audio}" type="audio/wav" length="1"/>')
    if transcript:
        parts.append(f'<podcast:transcript url="{transcript}" type="{transcript_type}"/>')
    return "<item>" + "".join(parts) + extra + "</item>"


def rss(items: list[str], title: str = "Test Cast", language: str = "en", head: str = "") -> str:
    return (
        f'<?xml version="1.0" encoding="utf-8"?>{head}\n<rss version="2.0" {NS}>'
        f"<channel><title>{title}</title>"
        f"<link>https://example.org/</link><description>A show.</description><language>{language}</language>"
        + "".join(items)
        + "</channel></rss>"
    )


VTT = "WEBVTT\n\n00:00:00.000 --> 00:00:01.500\n<v Ada>Hello from the feed.\n"
