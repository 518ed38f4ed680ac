"""Episode and podcast rows."""

from __future__ import annotations

import json
import sqlite3
from typing import Any

from earmark.core.model import Episode
from earmark.core.timecode import from_ms, to_ms

_EPISODE_SELECT = """
SELECT e.*, p.title AS podcast_title,
       t.kind AS transcript_kind,
       EXISTS (SELECT 1 FROM segments s WHERE s.transcript_id = t.id AND s.start_ms IS NOT NULL) AS timed,
       (SELECT group_concat(tg.name, char(31)) FROM episode_tags et JOIN tags tg ON tg.id = et.tag_id
         WHERE et.episode_id = e.id) AS tag_names
FROM episodes e
LEFT JOIN podcasts p ON p.id = e.podcast_id
LEFT JOIN transcripts t ON t.episode_id = e.id
"""


def _episode(row: sqlite3.Row) -> Episode:
    return Episode(
        id=row["id"],
        title=row["title"],
        audio_path=row["audio_path"],
        duration=from_ms(row["duration_ms"]),
        published=row["published"],
        notes=row["notes"],
        podcast_id=row["podcast_id"],
        podcast_title=row["podcast_title"],
        last_position=(row["last_position_ms"] or 0) / 1000.0,
        timed=bool(row["timed"]),
        has_transcript=row["transcript_kind"] is not None,
        tags=sorted(row["tag_names"].split("\x1f")) if row["tag_names"] else [],
    )


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
    row = conn.execute(_EPISODE_SELECT + " WHERE e.id = ?", (episode_id,)).fetchone()
    return _episode(row) if row else None


def list_episodes(conn: sqlite3.Connection) -> list[Episode]:
    rows = conn.execute(_EPISODE_SELECT + " ORDER BY e.added_at DESC, e.id DESC").fetchall()
    return [_episode(r) for r in rows]


def set_last_position(conn: sqlite3.Connection, episode_id: int, seconds: float) -> None:
    conn.execute("UPDATE episodes SET last_position_ms = ? WHERE id = ?", (to_ms(seconds), episode_id))
