"""Podcast (feed) rows."""

from __future__ import annotations

import sqlite3


def find_by_feed(conn: sqlite3.Connection, feed_url: str) -> int | None:
    row = conn.execute("SELECT id FROM podcasts WHERE feed_url = ?", (feed_url,)).fetchone()
    return int(row[0]) if row else None


def insert_podcast(
    conn: sqlite3.Connection,
    *,
    title: str,
    feed_url: str,
    link: str | None,
    description: str,
    image_url: str | None,
) -> int:
    cursor = conn.execute(
        "INSERT INTO podcasts (title, feed_url, link, description, image_url) VALUES (?, ?, ?, ?, ?)",
        (title, feed_url, link, description, image_url),
    )
    return int(cursor.lastrowid)  # type: ignore[arg-type]


def list_feeds(conn: sqlite3.Connection) -> list[tuple[int, str, str]]:
    """(id, title, feed_url) of every subscribed podcast."""
    return [
        tuple(r) for r in conn.execute("SELECT id, title, feed_url FROM podcasts WHERE feed_url IS NOT NULL")
    ]


def known_guids(conn: sqlite3.Connection, podcast_id: int) -> set[str]:
    return {
        r[0] for r in conn.execute("SELECT guid FROM episodes WHERE podcast_id = ?", (podcast_id,)) if r[0]
    }


def mark_refreshed(conn: sqlite3.Connection, podcast_id: int) -> None:
    conn.execute(
        "UPDATE podcasts SET refreshed_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now') WHERE id = ?", (podcast_id,)
    )
