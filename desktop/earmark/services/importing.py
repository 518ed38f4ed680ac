"""Bringing an episode into the library: audio, optional transcript, optional notes.

Everything is read and checked first; then one transaction writes it all. Bad
input raises :class:`InputError` and leaves the library exactly as it was.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from earmark.audio.probe import AUDIO_SUFFIXES  # noqa: F401 - re-exported for the GUI's drop handling
from earmark.core.errors import InputError
from earmark.core.model import Transcript, TranscriptKind
from earmark.store import Database, outbox
from earmark.store import episodes as episode_rows
from earmark.store import transcripts as transcript_rows


@dataclass(frozen=True, slots=True)
class FeedOrigin:
    """Where a downloaded episode came from: its podcast and the feed item's fields."""

    podcast_id: int
    guid: str
    title: str
    audio_url: str
    published: str | None = None
    description: str = ""


def _read_as_transcript(path: Path) -> Transcript:
    """Read a file the user called a transcript: plain prose that reads like notes is taken as spoken text.

    Detection alone calls unconversational prose (a lecture, an essay read aloud) notes; the user's
    word that it is a transcript wins. Markdown and HTML show notes stay notes.
    """
    from earmark import formats  # imported on use: the window starts without the readers

    transcript = formats.read_file(path)
    if transcript.kind is TranscriptKind.NOTES and transcript.format == "notes":
        as_notes, transcript = transcript, formats.read_file(path, fmt="text")
        # what the notes reading found about the text (a newsletter's title, its date) still holds
        transcript.title = transcript.title or as_notes.title
        transcript.date = transcript.date or as_notes.date
        transcript.metadata = {**as_notes.metadata, **transcript.metadata}
    return transcript


def check_file(path: Path) -> Transcript:
    """Parse a transcript or notes file without touching any library."""
    from earmark import formats

    return formats.read_file(path)


class ImportService:
    def __init__(self, database: Database, on_changed: list | None = None) -> None:
        self._database = database
        self.on_episode_changed: list = on_changed if on_changed is not None else []

    def import_episode(
        self,
        audio_path: Path,
        transcript_path: Path | None = None,
        notes_path: Path | None = None,
        title: str | None = None,
        *,
        feed: FeedOrigin | None = None,
    ) -> int:
        """Import one episode; return its id. ``feed`` says where a downloaded episode came from."""
        audio_path = audio_path.expanduser().resolve()
        from earmark import audio, formats

        info = audio.probe(audio_path)
        transcript = _read_as_transcript(transcript_path) if transcript_path else None
        companion = formats.read_file(notes_path) if notes_path else None
        if transcript is not None and transcript.kind is TranscriptKind.NOTES and companion is None:
            companion, transcript = transcript, None
        if transcript is not None and transcript.kind is TranscriptKind.NOTES:
            raise InputError(transcript_path, "is show notes, not a transcript; pass it with --notes")

        # Companion text (show notes) first, then whatever the transcript reader kept out of the spoken lines.
        notes = "\n\n".join(t.notes for t in (companion, transcript) if t is not None and t.notes)
        metadata = {
            **(companion.metadata if companion else {}),
            **(transcript.metadata if transcript else {}),
        }
        name = (
            title
            or (feed.title if feed else None)
            or info.title
            or (transcript.title if transcript else None)
            or (companion.title if companion else None)
            or audio_path.stem.replace("_", " ")
        )
        published = (
            info.date or (transcript.date if transcript else None) or (companion.date if companion else None)
        )

        with self._database.transaction() as conn:
            episode_id = episode_rows.insert_episode(
                conn,
                title=name,
                audio_path=str(audio_path),
                duration=info.duration,
                published=published,
                notes=notes,
                metadata=metadata,
                podcast_id=feed.podcast_id if feed else None,
                guid=feed.guid if feed else None,
                audio_url=feed.audio_url if feed else None,
            )
            if transcript is not None:
                transcript_rows.replace_transcript(
                    conn, episode_id, transcript, str(transcript_path.resolve()) if transcript_path else None
                )
            outbox.enqueue(conn, "episode", episode_id)
        for listener in self.on_episode_changed:
            listener(episode_id)
        return episode_id

    def replace_transcript(self, episode_id: int, transcript_path: Path) -> None:
        """Give an existing episode a new transcript (annotations re-anchor via listeners)."""
        transcript = _read_as_transcript(transcript_path)
        if transcript.kind is TranscriptKind.NOTES:
            raise InputError(transcript_path, "is show notes, not a transcript")
        with self._database.transaction() as conn:
            if episode_rows.get_episode(conn, episode_id) is None:
                raise InputError(f"episode {episode_id}", "no such episode in the library")
            transcript_rows.replace_transcript(conn, episode_id, transcript, str(transcript_path.resolve()))
            outbox.enqueue(conn, "episode", episode_id)
        for listener in self.on_episode_changed:
            listener(episode_id)
