"""Reads for what the desktop shows as playing (MPRIS): the podcast's artwork."""

from __future__ import annotations

import sqlite3


def podcast_artwork(conn: sqlite3.Connection, podcast_id: int | None) -> str | None:
    if podcast_id is None:
        return None
    row = conn.execute("SELECT image_url FROM podcasts WHERE id = ?", (podcast_id,)).fetchone()
    return row[0] if row and row[0] else None
