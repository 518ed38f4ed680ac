"""From the library's objects to what the export writers need: formatted times, links, context.

Every quote gets its time link (``earmark://episode/<id>?t=…&end=…``); when the episode came
from a feed, also the web link to its audio with a media fragment (``…mp3#t=83.2,95``).
"""

from __future__ import annotations

from urllib.parse import urldefrag

from earmark.core.links import episode_link
from earmark.core.model import Episode, Highlight, SegmentKind, Transcript
from earmark.core.timecode import format_clock
from earmark.formats.export_csv import HighlightRow
from earmark.formats.export_markdown import EpisodeFields, HighlightFields, hashtag

CONTEXT_SECONDS = 15.0


def _seconds(value: float) -> str:
    return f"{value:.3f}".rstrip("0").rstrip(".")


def web_link(audio_url: str | None, start: float, end: float | None = None) -> str:
    """The audio's web address with a W3C media fragment (``#t=83.2`` or ``#t=83.2,95``)."""
    if not audio_url or not audio_url.startswith(("http://", "https://")):
        return ""
    base = urldefrag(audio_url)[0]
    return f"{base}#t={_seconds(start)}" + (f",{_seconds(end)}" if end is not None else "")


def transcript_around(transcript: Transcript | None, start: float, end: float, context: float) -> str:
    """The spoken lines from ``context`` seconds before ``start`` to ``context`` after ``end``."""
    if transcript is None:
        return ""
    lines = [
        s.text
        for s in transcript.segments
        if s.start is not None
        and s.kind != SegmentKind.UNSPOKEN
        and (s.end if s.end is not None else s.start) >= start - context
        and s.start <= end + context
    ]
    return " ".join(lines)


def text_between(transcript: Transcript | None, start: float, end: float) -> str:
    """The words said between ``start`` and ``end`` (whole lines that overlap the range)."""
    return transcript_around(transcript, start, end, 0.0) if transcript else ""


def highlight_fields(
    episode: Episode, h: Highlight, audio_url: str | None, transcript: Transcript | None, context: float
) -> HighlightFields:
    return HighlightFields(
        start=format_clock(h.start),
        end=format_clock(h.end),
        duration=format_clock(max(0.0, h.end - h.start)),
        quote=h.quote,
        note=h.note.strip(),
        tags=" ".join(hashtag(t) for t in h.tags),
        link=episode_link(episode.id, h.start, h.end),
        web_link=web_link(audio_url, h.start, h.end),
        transcript_around=transcript_around(transcript, h.start, h.end, context),
        seconds=h.start,
    )


def episode_fields(
    episode: Episode,
    highlights: list[Highlight],
    audio_url: str | None,
    transcript: Transcript | None,
    context: float = CONTEXT_SECONDS,
) -> EpisodeFields:
    return EpisodeFields(
        id=episode.id,
        title=episode.title,
        podcast=episode.podcast_title or "",
        date=episode.published or "",
        duration=format_clock(episode.duration) if episode.duration else "",
        tags=list(episode.tags),
        audio=audio_url or episode.audio_path,
        link=episode_link(episode.id),
        web_link=urldefrag(audio_url)[0]
        if audio_url and audio_url.startswith(("http://", "https://"))
        else "",
        episode_notes=episode.notes,
        highlights=[highlight_fields(episode, h, audio_url, transcript, context) for h in highlights],
    )


def highlight_row(episode: Episode, h: Highlight, audio_url: str | None) -> HighlightRow:
    return HighlightRow(
        episode_id=episode.id,
        episode=episode.title,
        podcast=episode.podcast_title or "",
        start=h.start,
        end=h.end,
        quote=h.quote,
        note=h.note,
        tags=list(h.tags),
        colour=h.colour,
        link=episode_link(episode.id, h.start, h.end),
        web_link=web_link(audio_url, h.start, h.end),
        created=h.created,
    )
