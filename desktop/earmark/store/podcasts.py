"""Podcast (feed) rows and their feed items: the back catalogue, downloaded or not."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from earmark.core.timecode import from_ms, to_ms


@dataclass(slots=True)
class PodcastRow:
    id: int
    title: str
    feed_url: str | None
    link: str | None
    description: str
    image_url: str | None
    artwork_path: str | None
    language: str
    etag: str | None
    last_modified: str | None
    gone: bool
    auto_download: int
    last_error: str | None
    refreshed_at: str | None
    episodes: int = 0
    new_episodes: int = 0
    downloaded: int = 0


@dataclass(slots=True)
class FeedItemRow:
    id: int
    podcast_id: int
    guid: str
    title: str
    published: str | None
    published_at: float
    duration: float | None
    audio_url: str | None
    audio_size: int | None
    notes_html: str
    description: str
    link: str
    transcripts: list[dict[str, str]]
    chapters_url: str | None
    episode_id: int | None
    transcript_status: str
    timing: str
    is_new: bool
    reported: bool = False
    played: bool = False
    number: int | None = None
    season: int | None = None
    image_url: str | None = None


_PODCAST_SELECT = """
SELECT p.*,
  (SELECT count(*) FROM feed_items f WHERE f.podcast_id = p.id) AS n_items,
  (SELECT count(*) FROM feed_items f WHERE f.podcast_id = p.id AND f.is_new
     AND f.episode_id IS NULL) AS n_new,
  (SELECT count(*) FROM feed_items f WHERE f.podcast_id = p.id AND f.episode_id IS NOT NULL) AS n_down
FROM podcasts p
"""


def _podcast(row: sqlite3.Row) -> PodcastRow:
    return PodcastRow(
        id=row["id"],
        title=row["title"],
        feed_url=row["feed_url"],
        link=row["link"],
        description=row["description"],
        image_url=row["image_url"],
        artwork_path=row["artwork_path"],
        language=row["language"],
        etag=row["etag"],
        last_modified=row["last_modified"],
        gone=bool(row["gone"]),
        auto_download=row["auto_download"],
        last_error=row["last_error"],
        refreshed_at=row["refreshed_at"],
        episodes=row["n_items"],
        new_episodes=row["n_new"],
        downloaded=row["n_down"],
    )


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
    language: str = "",
) -> int:
    cursor = conn.execute(
        "INSERT INTO podcasts (title, feed_url, link, description, image_url, language)"
        " VALUES (?, ?, ?, ?, ?, ?)",
        (title, feed_url, link, description, image_url, language),
    )
    return int(cursor.lastrowid)  # type: ignore[arg-type]


def update_podcast(conn: sqlite3.Connection, podcast_id: int, **fields: Any) -> None:
    """Set named columns (refresh state, settings, the feed's own fields)."""
    if fields:
        names = ", ".join(f"{name} = ?" for name in fields)
        conn.execute(f"UPDATE podcasts SET {names} WHERE id = ?", (*fields.values(), podcast_id))


def podcasts(conn: sqlite3.Connection, subscribed_only: bool = True) -> list[PodcastRow]:
    where = " WHERE p.feed_url IS NOT NULL" if subscribed_only else ""
    rows = conn.execute(_PODCAST_SELECT + where + " ORDER BY p.title COLLATE NOCASE").fetchall()
    return [_podcast(r) for r in rows]


def podcast(conn: sqlite3.Connection, podcast_id: int) -> PodcastRow | None:
    row = conn.execute(_PODCAST_SELECT + " WHERE p.id = ?", (podcast_id,)).fetchone()
    return _podcast(row) if row else None


def list_feeds(conn: sqlite3.Connection) -> list[tuple[int, str, str]]:
    """(id, title, feed_url) of every subscribed podcast."""
    return [
        tuple(r) for r in conn.execute("SELECT id, title, feed_url FROM podcasts WHERE feed_url IS NOT NULL")
    ]


def known_guids(conn: sqlite3.Connection, podcast_id: int) -> set[str]:
    return {r[0] for r in conn.execute("SELECT guid FROM feed_items WHERE podcast_id = ?", (podcast_id,))}


def mark_refreshed(conn: sqlite3.Connection, podcast_id: int) -> None:
    conn.execute(
        "UPDATE podcasts SET refreshed_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now') WHERE id = ?", (podcast_id,)
    )


_ITEM_COLUMNS = (
    "guid, title, published, published_at, duration_ms, number, season, audio_url, audio_type, audio_size,"
    " description, notes_html, link, image_url, transcripts, chapters_url"
)


def upsert_items(
    conn: sqlite3.Connection, podcast_id: int, episodes: Iterable[Any], is_new: bool
) -> list[int]:
    """Insert feed items not seen before (by GUID), refresh known ones; return the new rows' ids."""
    new: list[int] = []
    for e in episodes:
        values = (
            e.guid,
            e.title,
            e.published,
            e.published_at,
            to_ms(e.duration),
            e.number,
            e.season,
            e.audio_url,
            e.audio_type,
            e.audio_size,
            e.description,
            e.notes_html,
            e.link,
            e.image_url,
            json.dumps([_link(t) for t in e.transcripts]),
            e.chapters_url,
        )
        cursor = conn.execute(
            f"INSERT OR IGNORE INTO feed_items (podcast_id, {_ITEM_COLUMNS}, is_new)"
            f" VALUES (?, {', '.join('?' * 16)}, ?)",
            (podcast_id, *values, int(is_new)),
        )
        if cursor.rowcount:
            new.append(int(cursor.lastrowid))  # type: ignore[arg-type]
        else:
            conn.execute(
                "UPDATE feed_items SET title = ?, published = ?, published_at = ?,"
                " duration_ms = coalesce(?, duration_ms), number = ?, season = ?, audio_url = ?,"
                " audio_type = ?, audio_size = ?, description = ?, notes_html = ?, link = ?, image_url = ?,"
                " transcripts = ?, chapters_url = ? WHERE podcast_id = ? AND guid = ?",
                (*values[1:], podcast_id, e.guid),
            )
    return new


def _link(t: Any) -> dict[str, str]:
    return {"url": t.url, "type": t.type, "language": t.language, "rel": t.rel}


def _item(row: sqlite3.Row) -> FeedItemRow:
    return FeedItemRow(
        id=row["id"],
        podcast_id=row["podcast_id"],
        guid=row["guid"],
        title=row["title"],
        published=row["published"],
        published_at=row["published_at"],
        duration=from_ms(row["duration_ms"]),
        audio_url=row["audio_url"],
        audio_size=row["audio_size"],
        notes_html=row["notes_html"],
        description=row["description"],
        link=row["link"],
        transcripts=json.loads(row["transcripts"]),
        chapters_url=row["chapters_url"],
        episode_id=row["episode_id"],
        transcript_status=row["transcript_status"],
        timing=row["timing"],
        is_new=bool(row["is_new"]),
        reported=bool(row["reported"]),
        played=bool(row["played"]),
        number=row["number"],
        season=row["season"],
        image_url=row["image_url"],
    )


_ITEM_SELECT = """
SELECT f.*, (e.played OR (e.duration_ms IS NOT NULL AND e.last_position_ms >= e.duration_ms * 0.95)) AS played
FROM feed_items f LEFT JOIN episodes e ON e.id = f.episode_id
"""


def items(conn: sqlite3.Connection, podcast_id: int) -> list[FeedItemRow]:
    """A podcast's back catalogue, newest first."""
    rows = conn.execute(
        _ITEM_SELECT + " WHERE f.podcast_id = ? ORDER BY f.published_at DESC, f.id", (podcast_id,)
    ).fetchall()
    return [_item(r) for r in rows]


def item(conn: sqlite3.Connection, item_id: int) -> FeedItemRow | None:
    row = conn.execute(_ITEM_SELECT + " WHERE f.id = ?", (item_id,)).fetchone()
    return _item(row) if row else None


def item_for_episode(conn: sqlite3.Connection, episode_id: int) -> FeedItemRow | None:
    row = conn.execute(_ITEM_SELECT + " WHERE f.episode_id = ?", (episode_id,)).fetchone()
    return _item(row) if row else None


def update_item(conn: sqlite3.Connection, item_id: int, **fields: Any) -> None:
    if fields:
        names = ", ".join(f"{name} = ?" for name in fields)
        conn.execute(f"UPDATE feed_items SET {names} WHERE id = ?", (*fields.values(), item_id))


def replace_feed_chapters(
    conn: sqlite3.Connection, episode_id: int, chapters: list[tuple[str, float]]
) -> None:
    """The feed's ``<podcast:chapters>`` for an episode (source ``feed``); other chapters stay."""
    conn.execute("DELETE FROM chapters WHERE episode_id = ? AND source = 'feed'", (episode_id,))
    conn.executemany(
        "INSERT INTO chapters (episode_id, title, start_ms, source) VALUES (?, ?, ?, 'feed')",
        ((episode_id, title, to_ms(start)) for title, start in chapters),
    )


def annotated(conn: sqlite3.Connection, episode_id: int, show_notes: str) -> bool:
    """Whether the user made anything on this episode: highlights, tags, or notes beyond the show notes."""
    row = conn.execute(
        "SELECT EXISTS (SELECT 1 FROM highlights WHERE episode_id = :e)"
        " OR EXISTS (SELECT 1 FROM episode_tags WHERE episode_id = :e)"
        " OR EXISTS (SELECT 1 FROM episodes WHERE id = :e AND notes != :n)",
        {"e": episode_id, "n": show_notes},
    ).fetchone()
    return bool(row[0])


def delete_episode(conn: sqlite3.Connection, episode_id: int) -> None:
    """An episode row and everything hanging off it (transcript, chapters: ON DELETE CASCADE)."""
    conn.execute("DELETE FROM episodes WHERE id = ?", (episode_id,))


def delete_podcast(conn: sqlite3.Connection, podcast_id: int) -> None:
    conn.execute("DELETE FROM podcasts WHERE id = ?", (podcast_id,))
