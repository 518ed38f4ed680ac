"""Tags and duration, read with mutagen (falling back to the decoder for the duration)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from earmark.core.errors import InputError

AUDIO_SUFFIXES = {".mp3", ".m4a", ".m4b", ".mp4", ".aac", ".ogg", ".oga", ".opus", ".wav", ".flac", ".webm"}


@dataclass(frozen=True, slots=True)
class AudioInfo:
    duration: float
    title: str | None = None
    artist: str | None = None
    album: str | None = None
    date: str | None = None


def _first(tags: object, *keys: str) -> str | None:
    for key in keys:
        try:
            value = tags[key]  # type: ignore[index]
        except (KeyError, ValueError, TypeError):
            continue
        if isinstance(value, list):
            value = value[0] if value else None
        text = getattr(value, "text", value)
        if isinstance(text, list):
            text = text[0] if text else None
        if text:
            return str(text).strip() or None
    return None


def probe(path: Path) -> AudioInfo:
    """Read duration and tags; raise :class:`InputError` if the file is not audio we can play."""
    if not path.is_file():
        raise InputError(path, "no such audio file")
    import mutagen  # imported on use, like PyAV below: listing suffixes must stay cheap

    try:
        tagged = mutagen.File(path, easy=True)
    except Exception:  # mutagen raises many types for broken files
        tagged = None
    duration = getattr(getattr(tagged, "info", None), "length", None)
    tags = getattr(tagged, "tags", None) or {}
    if not duration:
        duration = _decoder_duration(path)
    return AudioInfo(
        duration=float(duration),
        title=_first(tags, "title"),
        artist=_first(tags, "artist", "albumartist"),
        album=_first(tags, "album"),
        date=_first(tags, "date"),
    )


def _decoder_duration(path: Path) -> float:
    import av

    try:
        with av.open(str(path)) as container:
            if not container.streams.audio:
                raise InputError(path, "has no audio stream")
            stream = container.streams.audio[0]
            if container.duration:
                return container.duration / av.time_base
            if stream.duration and stream.time_base:
                return float(stream.duration * stream.time_base)
            samples = sum(frame.samples for frame in container.decode(stream))
            return samples / (stream.rate or 1)
    except InputError:
        raise
    except Exception as error:
        raise InputError(path, f"is not an audio file we can read ({type(error).__name__})") from None
