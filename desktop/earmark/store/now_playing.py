"""Reads for what the desktop shows as playing (MPRIS): the podcast's artwork, the chapter starts."""

from __future__ import annotations

import sqlite3

from earmark.core.model import Chapter
from earmark.core.timecode import from_ms


def podcast_artwork(conn: sqlite3.Connection, podcast_id: int | None) -> str | None:
    if podcast_id is None:
        return None
    row = conn.execute("SELECT image_url FROM podcasts WHERE id = ?", (podcast_id,)).fetchone()
    return row[0] if row and row[0] else None


def chapters(conn: sqlite3.Connection, episode_id: int) -> list[Chapter]:
    """Chapters with a start, in time order (what next/previous chapter steps through)."""
    rows = conn.execute(
        "SELECT title, start_ms FROM chapters"
        " WHERE episode_id = ? AND start_ms IS NOT NULL ORDER BY start_ms",
        (episode_id,),
    )
    return [Chapter(title, from_ms(start)) for title, start in rows]
