"""Bringing an episode into the library: audio, optional transcript, optional notes.

Everything is read and checked first; then one transaction writes it all. Bad
input raises :class:`InputError` and leaves the library exactly as it was.

After a single import with a timed transcript, :attr:`ImportService.timing_check`
(set by the composition root: ``align.fit``'s cheap check, and a re-time only
when the times do not fit this audio) runs on the new episode; bulk imports skip
it, as do clips under a minute (``earmark align`` re-times on demand).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from earmark.audio.probe import AUDIO_SUFFIXES  # also re-exported for the GUI's drop handling
from earmark.core.errors import Cancelled, InputError
from earmark.core.model import Transcript, TranscriptKind
from earmark.core.progress import CancelToken, Progress, no_progress
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


@dataclass(frozen=True, slots=True)
class ImportItem:
    """One episode to import: its audio and, if given, a transcript, show notes and a title."""

    audio: Path
    transcript: Path | None = None
    notes: Path | None = None
    title: str | None = None


@dataclass(frozen=True, slots=True)
class _Prepared:
    """An episode read and checked, ready for its one transaction."""

    audio_path: Path
    title: str
    duration: float | None
    published: str | None
    notes: str
    metadata: dict
    transcript: Transcript | None
    transcript_source: str | None
    feed: FeedOrigin | None


def _prepare(item: ImportItem, feed: FeedOrigin | None = None) -> _Prepared:
    """Read and check everything about one episode (raises :class:`InputError`); write nothing."""
    from earmark import audio, formats

    audio_path = item.audio.expanduser().resolve()
    info = audio.probe(audio_path)
    transcript_path, notes_path = item.transcript, item.notes
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
        item.title
        or (feed.title if feed else None)
        or info.title
        or (transcript.title if transcript else None)
        or (companion.title if companion else None)
        or audio_path.stem.replace("_", " ")
    )
    published = (
        info.date or (transcript.date if transcript else None) or (companion.date if companion else None)
    )
    source = str(transcript_path.resolve()) if transcript is not None and transcript_path else None
    return _Prepared(audio_path, name, info.duration, published, notes, metadata, transcript, source, feed)


TRANSCRIPT_SUFFIXES = (".srt", ".vtt", ".json", ".txt", ".md", ".html")  # looked for beside each audio file


def expand_sources(paths: Sequence[Path]) -> list[ImportItem]:
    """Audio files and folders as import items; a folder gives its audio files (sorted, not recursing).

    Each audio file's transcript is the file beside it with the same name and a transcript
    suffix (``talk.mp3`` and ``talk.srt``), if there is one. A path that is neither
    raises :class:`InputError`.
    """
    items = []
    for path in paths:
        path = path.expanduser()
        if path.is_dir():
            found = sorted(p for p in path.iterdir() if p.suffix.lower() in AUDIO_SUFFIXES and p.is_file())
            if not found:
                raise InputError(path, "holds no audio files")
        elif path.is_file() or path.suffix.lower() in AUDIO_SUFFIXES:
            found = [path]
        else:
            raise InputError(path, "no such audio file or folder")
        for audio_path in found:
            beside = next(
                (t for t in (audio_path.with_suffix(s) for s in TRANSCRIPT_SUFFIXES) if t.is_file()), None
            )
            items.append(ImportItem(audio_path, beside))
    return items


SHORTEST_CHECKED = 60.0  # seconds: a clip shorter than this carries no inserted ads; not checked
# (episode id, progress, cancel) -> the timing status ("fits", "re-timed to your download", …)
TimingCheck = Callable[[int, Progress, CancelToken], str]


class ImportService:
    def __init__(self, database: Database, on_changed: list | None = None) -> None:
        self._database = database
        self.on_episode_changed: list = on_changed if on_changed is not None else []
        self.timing_check: TimingCheck | None = None
        self.timing: dict[int, str] = {}  # what the check said, per episode this process imported

    def _check_timing(
        self, episode_id: int, episode: _Prepared, progress: Progress, cancel: CancelToken | None
    ) -> None:
        """The fit check (and re-time) after a plain import of audio with a timed transcript.

        The episode is already in the library: a failure or a cancel here leaves it with the file's times.
        """
        if self.timing_check is None or episode.feed is not None:
            return
        if episode.transcript is None or not episode.transcript.timed:
            return
        if (episode.duration or 0.0) < SHORTEST_CHECKED:
            return
        try:
            self.timing[episode_id] = self.timing_check(episode_id, progress, cancel or CancelToken())
        except InputError as error:
            self.timing[episode_id] = f"not checked ({error})"
        except Cancelled:
            self.timing[episode_id] = "not checked (cancelled)"

    def import_episode(
        self,
        audio_path: Path,
        transcript_path: Path | None = None,
        notes_path: Path | None = None,
        title: str | None = None,
        *,
        feed: FeedOrigin | None = None,
        progress: Progress = no_progress,
        cancel: CancelToken | None = None,
    ) -> int:
        """Import one episode; return its id. ``feed`` says where a downloaded episode came from (its
        downloader checks the timing itself); otherwise a timed transcript's fit is checked."""
        prepared = _prepare(ImportItem(audio_path, transcript_path, notes_path, title), feed)
        episode_id = self._write(prepared)
        self._check_timing(episode_id, prepared, progress, cancel)
        return episode_id

    def import_many(
        self, items: Sequence[ImportItem], progress: Progress = no_progress, cancel: CancelToken | None = None
    ) -> list[int]:
        """Import many episodes in this one process; return their ids in order.

        Every file is read and checked first (bad input: nothing written); then one
        transaction per episode, so a cancel keeps the episodes already written. One
        episode alone has its timed transcript's fit checked (see the module docstring).
        """
        prepared = []
        for number, item in enumerate(items, 1):
            if cancel is not None:
                cancel.check()
            prepared.append(_prepare(item))
            progress(0.5 * number / len(items), f"read {number:,} of {len(items):,}")
        ids = []
        for number, episode in enumerate(prepared, 1):
            if cancel is not None:
                cancel.check()
            ids.append(self._write(episode))
            progress(0.5 + 0.5 * number / len(prepared), f"imported {number:,} of {len(prepared):,}")
        if len(prepared) == 1:  # one audio file and its transcript: a plain import, checked
            self._check_timing(ids[0], prepared[0], progress, cancel)
        return ids

    def _write(self, episode: _Prepared) -> int:
        feed = episode.feed
        with self._database.transaction() as conn:
            episode_id = episode_rows.insert_episode(
                conn,
                title=episode.title,
                audio_path=str(episode.audio_path),
                duration=episode.duration,
                published=episode.published,
                notes=episode.notes,
                metadata=episode.metadata,
                podcast_id=feed.podcast_id if feed else None,
                guid=feed.guid if feed else None,
                audio_url=feed.audio_url if feed else None,
            )
            if episode.transcript is not None:
                transcript_rows.replace_transcript(
                    conn, episode_id, episode.transcript, episode.transcript_source
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
