"""Reading and managing the library: episodes, transcripts, play positions, rename, delete, played.

Deleting is two steps so the window can undo it: :meth:`LibraryService.delete` backs the
library up, takes the episode's rows out (kept in the returned :class:`Deleted`) and moves
audio that lives inside the library folder aside; :meth:`restore` puts both back;
:meth:`purge` removes the moved audio for good. Audio outside the library folder is never touched.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

from earmark.core.errors import InputError
from earmark.core.model import Episode, EpisodeListing, Transcript, TranscriptKind
from earmark.store import Database, backups, outbox, removal
from earmark.store import episodes as episode_rows
from earmark.store import transcripts as transcript_rows

TRASH_FOLDER = "trash"


@dataclass
class Deleted:
    """What :meth:`LibraryService.delete` took out: the rows, the backup made first, moved audio."""

    rows: removal.EpisodeRows
    title: str
    backup: Path
    audio: Path | None = None  # where the audio was (inside the library folder), if it was moved
    trashed: Path | None = None  # where it is now, until restore or purge


class LibraryService:
    """What the library holds, for listing, playing and managing."""

    def __init__(self, database: Database) -> None:
        self._database = database

    @property
    def folder(self) -> Path:
        return self._database.folder

    def episodes(self) -> list[Episode]:
        return episode_rows.list_episodes(self._database.conn)

    def listing(self) -> list[EpisodeListing]:
        """Every episode as the library list shows it (lighter than :meth:`episodes`), newest first."""
        return episode_rows.list_listing(self._database.conn)

    def episode(self, episode_id: int) -> Episode:
        episode = episode_rows.get_episode(self._database.conn, episode_id)
        if episode is None:
            raise InputError(f"episode {episode_id}", "no such episode in the library")
        return episode

    def resolve(self, reference: str) -> Episode:
        """An episode by id, or by a unique case-insensitive title fragment (for the command)."""
        if reference.isdigit():
            return self.episode(int(reference))
        wanted = reference.casefold()
        found = [e for e in self.episodes() if wanted in e.title.casefold()]
        if len(found) != 1:
            problem = "no episode has that title" if not found else f"{len(found)} episodes match; use the id"
            raise InputError(f"episode {reference!r}", problem)
        return found[0]

    def transcript(self, episode_id: int) -> Transcript | None:
        return transcript_rows.load_transcript(self._database.conn, episode_id)

    def save_position(self, episode_id: int, seconds: float) -> None:
        with self._database.transaction() as conn:
            episode_rows.set_last_position(conn, episode_id, seconds)

    def podcast_description(self, podcast_id: int | None) -> str:
        """The feed's description of an episode's podcast ("" when none)."""
        if podcast_id is None:
            return ""
        row = self._database.conn.execute("SELECT description FROM podcasts WHERE id = ?", (podcast_id,))
        found = row.fetchone()
        return str(found[0] or "") if found else ""

    def attach(self, episode_id: int, path: Path, importer) -> str:
        """Give an open episode a transcript or show notes file; return which it was.

        Show notes are added to the episode's notes (after what is there, never replacing it);
        a transcript replaces the transcript through ``importer`` (annotations re-anchor).
        """
        self.episode(episode_id)
        from earmark import formats  # the readers load only when a file is read

        read = formats.read_file(path)
        if read.kind is not TranscriptKind.NOTES:
            importer.replace_transcript(episode_id, path)
            return "transcript"
        text = read.notes.strip()
        if not text:
            raise InputError(path, "has no text to add as show notes")
        with self._database.transaction() as conn:
            (current,) = conn.execute("SELECT notes FROM episodes WHERE id = ?", (episode_id,)).fetchone()
            if text not in current:
                joined = f"{current.rstrip()}\n\n{text}" if current.strip() else text
                conn.execute("UPDATE episodes SET notes = ? WHERE id = ?", (joined, episode_id))
                outbox.enqueue(conn, "episode", episode_id)
        return "show notes"

    # --- managing ------------------------------------------------------------------------------------

    def rename(self, episode_id: int, title: str) -> str:
        """Give an episode a new title (trimmed, one line); return the old one."""
        title = " ".join(title.split())
        if not title:
            raise InputError(f"episode {episode_id}", "a title cannot be empty")
        with self._database.transaction() as conn:
            row = conn.execute("SELECT title FROM episodes WHERE id = ?", (episode_id,)).fetchone()
            if row is None:
                raise InputError(f"episode {episode_id}", "no such episode in the library")
            conn.execute("UPDATE episodes SET title = ? WHERE id = ?", (title, episode_id))
            outbox.enqueue(conn, "episode", episode_id)
        return row["title"]

    def played(self) -> set[int]:
        """Ids of the episodes marked played."""
        return {r[0] for r in self._database.conn.execute("SELECT id FROM episodes WHERE played = 1")}

    def set_played(self, episode_id: int, played: bool = True) -> None:
        """Mark played (position back to the start) or unplayed."""
        self.episode(episode_id)
        with self._database.transaction() as conn:
            conn.execute("UPDATE episodes SET played = ? WHERE id = ?", (int(played), episode_id))
            if played:
                episode_rows.set_last_position(conn, episode_id, 0.0)

    def delete(self, episode_id: int) -> Deleted:
        """Back up, then take the episode and everything on it out of the library (undo: :meth:`restore`)."""
        episode = self.episode(episode_id)
        backup = backups.backup_now(self._database.path)  # its notes and highlights are in this copy
        audio = Path(episode.audio_path)
        inside = _inside(audio, self.folder) and audio.is_file()
        with self._database.transaction() as conn:
            rows = removal.snapshot(conn, episode_id)
            removal.delete(conn, episode_id)
            outbox.enqueue(conn, "episode", episode_id)
        deleted = Deleted(rows, episode.title, backup)
        if inside:
            trash = self.folder / TRASH_FOLDER / f"{episode_id}-{audio.name}"
            trash.parent.mkdir(parents=True, exist_ok=True)
            shutil.move(audio, trash)
            deleted.audio, deleted.trashed = audio, trash
        return deleted

    def restore(self, deleted: Deleted) -> int:
        """Put a deleted episode back exactly (same id, notes, highlights, position) and its audio."""
        if deleted.trashed is not None and deleted.trashed.is_file() and deleted.audio is not None:
            deleted.audio.parent.mkdir(parents=True, exist_ok=True)
            shutil.move(deleted.trashed, deleted.audio)
            deleted.trashed = None
        with self._database.transaction() as conn:
            removal.restore(conn, deleted.rows)
            outbox.enqueue(conn, "episode", deleted.rows.episode_id)
            for _table, rows in deleted.rows.tables:
                for row in rows if _table == "highlights" else []:
                    outbox.enqueue(conn, "highlight", row["id"])
        return deleted.rows.episode_id

    def purge(self, deleted: Deleted) -> None:
        """Remove a deleted episode's moved audio for good (no undo after this)."""
        if deleted.trashed is not None:
            deleted.trashed.unlink(missing_ok=True)
            deleted.trashed = None

    def empty_trash(self) -> None:
        """Audio left in the trash by a window that was killed before it could purge."""
        shutil.rmtree(self.folder / TRASH_FOLDER, ignore_errors=True)


def _inside(path: Path, folder: Path) -> bool:
    try:
        return path.resolve().is_relative_to(folder.resolve())
    except OSError:
        return False
