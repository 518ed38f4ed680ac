"""Reading the library: episodes, transcripts, play positions."""

from __future__ import annotations

from earmark.core.errors import InputError
from earmark.core.model import Episode, Transcript
from earmark.store import Database
from earmark.store import episodes as episode_rows
from earmark.store import transcripts as transcript_rows


class LibraryService:
    """What the library holds, for listing and playing."""

    def __init__(self, database: Database) -> None:
        self._database = database

    def episodes(self) -> list[Episode]:
        return episode_rows.list_episodes(self._database.conn)

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
