"""A small real library for search tests: episodes, timed sentences and highlights written through the store.

Highlights go straight into the highlights/tags tables with an outbox entry in the
same transaction, exactly as the annotations service writes them.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from earmark.core.model import Segment, Transcript, TranscriptKind
from earmark.store import episodes as episode_rows
from earmark.store import outbox
from earmark.store import transcripts as transcript_rows

SENTENCES = [
    (0.0, 4.2, "Andrey", "Welcome back to the show, everyone."),
    (4.2, 9.75, "Jeremie", "Today we talk about knowledge distillation in small language models."),
    (12.34, 17.0, "Andrey", "A mixture of experts routes every token to a few specialists."),
    (17.0, 21.5, "Jeremie", "Teachers and students learn together in this setup."),
    (21.5, 25.0, "Andrey", "Thanks for listening, and see you next week."),
]


@dataclass
class Library:
    services: object

    @property
    def database(self):
        return self.services.database

    def add_episode(
        self, title: str, sentences=SENTENCES, podcast: str | None = None, notes: str = "", tags=()
    ) -> int:
        transcript = Transcript(
            segments=[Segment(text=t, start=s, end=e, speaker=sp) for s, e, sp, t in sentences],
            format="srt",
            kind=TranscriptKind.TIMED,
        )
        with self.database.transaction() as conn:
            podcast_id = None
            if podcast:
                podcast_id = conn.execute("INSERT INTO podcasts (title) VALUES (?)", (podcast,)).lastrowid
            episode_id = episode_rows.insert_episode(
                conn,
                title=title,
                audio_path="/nowhere.mp3",
                duration=25.0,
                notes=notes,
                podcast_id=podcast_id,
            )
            transcript_rows.replace_transcript(conn, episode_id, transcript, None)
            for tag in tags:
                conn.execute("INSERT OR IGNORE INTO tags (name) VALUES (?)", (tag,))
                conn.execute(
                    "INSERT INTO episode_tags SELECT ?, id FROM tags WHERE name = ?", (episode_id, tag)
                )
            outbox.enqueue(conn, "episode", episode_id)
        return episode_id

    def add_highlight(
        self, episode_id: int, start: float, end: float, quote: str, note: str = "", tags=()
    ) -> int:
        with self.database.transaction() as conn:
            highlight_id = conn.execute(
                "INSERT INTO highlights (episode_id, start_ms, end_ms, quote, note) VALUES (?, ?, ?, ?, ?)",
                (episode_id, round(start * 1000), round(end * 1000), quote, note),
            ).lastrowid
            self._tag(conn, highlight_id, tags)
            outbox.enqueue(conn, "highlight", highlight_id)
        return highlight_id

    def edit_note(self, highlight_id: int, note: str) -> None:
        with self.database.transaction() as conn:
            conn.execute("UPDATE highlights SET note = ? WHERE id = ?", (note, highlight_id))
            outbox.enqueue(conn, "highlight", highlight_id)

    def delete_highlight(self, highlight_id: int) -> None:
        with self.database.transaction() as conn:
            conn.execute("DELETE FROM highlights WHERE id = ?", (highlight_id,))
            outbox.enqueue(conn, "highlight", highlight_id)

    @staticmethod
    def _tag(conn, highlight_id: int, tags) -> None:
        for tag in tags:
            conn.execute("INSERT OR IGNORE INTO tags (name) VALUES (?)", (tag,))
            conn.execute(
                "INSERT INTO highlight_tags SELECT ?, id FROM tags WHERE name = ?", (highlight_id, tag)
            )


@pytest.fixture
def library(services) -> Library:
    return Library(services)


@pytest.fixture
def filled(library: Library) -> Library:
    """One episode about distillation with a noted highlight, and one unrelated episode."""
    episode = library.add_episode("Small models", podcast="Last Week in AI", tags=["ml"])
    library.add_highlight(
        episode, 4.2, 9.75, "knowledge distillation", "Distilling big teachers into small students", ["ideas"]
    )
    library.add_episode(
        "Gardening hour",
        [(0.0, 3.0, "Sam", "Tomatoes need sun."), (3.0, 6.5, "Sam", "Water the roots, not the leaves.")],
        podcast="Green Thumbs",
    )
    return library
