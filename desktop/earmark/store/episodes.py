"""Episode and podcast rows."""

from __future__ import annotations

import json
import sqlite3
from typing import Any

from earmark.core.model import Episode, EpisodeListing
from earmark.core.timecode import from_ms, to_ms

# Only the columns an Episode holds, read by position (a library list reads 10,000 of them:
# ``e.*`` and name lookups on each row were most of the list's time).
_EPISODE_SELECT = """
SELECT e.id, e.title, e.audio_path, e.duration_ms, e.published, e.notes, e.podcast_id,
       p.title, e.last_position_ms,
       EXISTS (SELECT 1 FROM segments s WHERE s.transcript_id = t.id AND s.start_ms IS NOT NULL),
       t.kind IS NOT NULL,
       (SELECT group_concat(tg.name, char(31)) FROM episode_tags et JOIN tags tg ON tg.id = et.tag_id
         WHERE et.episode_id = e.id)
FROM episodes e
LEFT JOIN podcasts p ON p.id = e.podcast_id
LEFT JOIN transcripts t ON t.episode_id = e.id
"""


def _episode(row: tuple) -> Episode:
    (id_, title, audio_path, duration_ms, published, notes, podcast_id, podcast_title, last_ms) = row[:9]
    timed, has_transcript, tag_names = row[9:]
    return Episode(
        id_,
        title,
        audio_path,
        from_ms(duration_ms),
        published,
        notes,
        podcast_id,
        podcast_title,
        (last_ms or 0) / 1000.0,
        bool(timed),
        bool(has_transcript),
        sorted(tag_names.split("\x1f")) if tag_names else [],
    )


def _rows(conn: sqlite3.Connection, sql: str, parameters: tuple = ()) -> list[tuple]:
    """Plain tuples, whatever the connection's row factory."""
    cursor = conn.cursor()
    cursor.row_factory = None
    return cursor.execute(sql, parameters).fetchall()


def insert_episode(
    conn: sqlite3.Connection,
    *,
    title: str,
    audio_path: str,
    duration: float | None,
    published: str | None = None,
    notes: str = "",
    metadata: dict[str, Any] | None = None,
    podcast_id: int | None = None,
    guid: str | None = None,
    audio_url: str | None = None,
) -> int:
    cursor = conn.execute(
        """INSERT INTO episodes (podcast_id, guid, title, audio_path, audio_url, duration_ms, published,
                                 notes, metadata)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""",
        (
            podcast_id,
            guid,
            title,
            audio_path,
            audio_url,
            to_ms(duration),
            published,
            notes,
            json.dumps(metadata or {}, ensure_ascii=False),
        ),
    )
    return int(cursor.lastrowid)  # type: ignore[arg-type]


def get_episode(conn: sqlite3.Connection, episode_id: int) -> Episode | None:
    rows = _rows(conn, _EPISODE_SELECT + " WHERE e.id = ?", (episode_id,))
    return _episode(rows[0]) if rows else None


def list_episodes(conn: sqlite3.Connection) -> list[Episode]:
    """Newest first (the ``episodes_by_added`` index gives that order without sorting)."""
    return [_episode(r) for r in _rows(conn, _EPISODE_SELECT + " ORDER BY e.added_at DESC, e.id DESC")]


# The library list: six small columns, no Episode objects; the transcript's state (none,
# untimed, timed) from one lookup in the transcripts index and one in the segments index.
_LISTING = """
SELECT e.id, e.title, p.title, e.duration_ms / 1000.0,
       coalesce((SELECT 1 + EXISTS (SELECT 1 FROM segments s
                                     WHERE s.transcript_id = t.id AND s.start_ms IS NOT NULL)
                 FROM transcripts t WHERE t.episode_id = e.id), 0),
       e.played
FROM episodes e LEFT JOIN podcasts p ON p.id = e.podcast_id
ORDER BY e.added_at DESC, e.id DESC
"""


def list_listing(conn: sqlite3.Connection) -> list[EpisodeListing]:
    """Every episode as the library list shows it, newest first (the order of :func:`list_episodes`)."""
    return list(map(EpisodeListing._make, _rows(conn, _LISTING)))


def set_last_position(conn: sqlite3.Connection, episode_id: int, seconds: float) -> None:
    conn.execute("UPDATE episodes SET last_position_ms = ? WHERE id = ?", (to_ms(seconds), episode_id))
