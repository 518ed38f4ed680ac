"""Reads for the search index: the searchable text of the library, and the rows hits point at.

Read-only; the search service turns these rows into index documents and hits.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Sequence

_SEGMENTS = """
SELECT s.id, t.episode_id, s.text FROM segments s JOIN transcripts t ON t.id = s.transcript_id
"""
_HIGHLIGHTS = """
SELECT h.id, h.episode_id, h.quote, h.note,
       (SELECT group_concat(tg.name, ' ') FROM highlight_tags ht JOIN tags tg ON tg.id = ht.tag_id
         WHERE ht.highlight_id = h.id) AS tags
FROM highlights h
"""
_EPISODES = """
SELECT e.id, e.title, e.notes, coalesce(p.title, '') AS podcast,
       (SELECT group_concat(tg.name, ' ') FROM episode_tags et JOIN tags tg ON tg.id = et.tag_id
         WHERE et.episode_id = e.id) AS tags
FROM episodes e LEFT JOIN podcasts p ON p.id = e.podcast_id
"""


def count_searchable(conn: sqlite3.Connection) -> int:
    """Roughly how many documents a full index holds (for progress)."""
    return sum(
        conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
        for table in ("segments", "highlights", "episodes")
    )


def count_extras(conn: sqlite3.Connection) -> int:
    """About how much indexing the documents other than transcript lines take, in lines.

    A highlight makes up to two documents (quote, note); an episode one, longer.
    """
    return sum(
        weight * conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
        for table, weight in (("highlights", 2), ("episodes", 2))
    )


def segments(conn: sqlite3.Connection, episode_id: int | None = None) -> Iterator[sqlite3.Row]:
    """(id, episode_id, text) of every segment, or one episode's."""
    if episode_id is None:
        return conn.execute(_SEGMENTS + " ORDER BY t.episode_id, s.position")
    return conn.execute(_SEGMENTS + " WHERE t.episode_id = ? ORDER BY s.position", (episode_id,))


def segment_splits(conn: sqlite3.Connection, parts: int, extra: int = 0) -> list[int]:
    """Segment ids cutting every segment into ``parts`` runs of about the same work (for parallel builds).

    The last run also indexes ``extra`` other documents (highlights, episodes), so it gets
    that many fewer segments. Returns ``parts + 1`` bounds: run ``i`` is
    ``bounds[i] <= id < bounds[i + 1]``.
    """
    count, last = conn.execute("SELECT count(*), coalesce(max(id), 0) FROM segments").fetchone()
    bounds = [0]
    for i in range(1, parts):
        offset = min(count, (count + extra) * i // parts)
        row = conn.execute("SELECT id FROM segments ORDER BY id LIMIT 1 OFFSET ?", (offset,))
        bounds.append(max(bounds[-1], (row.fetchone() or (last + 1,))[0]))
    return [*bounds, last + 1]


def segments_in(conn: sqlite3.Connection, low: int, high: int) -> Iterator[sqlite3.Row]:
    """(id, episode_id, text) of the segments with ``low <= id < high``, in id order."""
    return conn.execute(_SEGMENTS + " WHERE s.id >= ? AND s.id < ? ORDER BY s.id", (low, high))


def highlights(
    conn: sqlite3.Connection, *, episode_id: int | None = None, highlight_id: int | None = None
) -> list[sqlite3.Row]:
    """(id, episode_id, quote, note, tags) of all highlights, one episode's, or one."""
    if highlight_id is not None:
        return conn.execute(_HIGHLIGHTS + " WHERE h.id = ?", (highlight_id,)).fetchall()
    if episode_id is not None:
        return conn.execute(_HIGHLIGHTS + " WHERE h.episode_id = ?", (episode_id,)).fetchall()
    return conn.execute(_HIGHLIGHTS + " ORDER BY h.id").fetchall()


def episodes(conn: sqlite3.Connection, episode_id: int | None = None) -> list[sqlite3.Row]:
    """(id, title, notes, podcast, tags) of all episodes, or one."""
    if episode_id is not None:
        return conn.execute(_EPISODES + " WHERE e.id = ?", (episode_id,)).fetchall()
    return conn.execute(_EPISODES + " ORDER BY e.id").fetchall()


def _in(ids: Sequence[int]) -> str:
    return ",".join("?" * len(ids))


def segment_hits(conn: sqlite3.Connection, ids: Sequence[int]) -> dict[int, sqlite3.Row]:
    if not ids:
        return {}
    rows = conn.execute(
        f"""SELECT s.id, t.episode_id, e.title, s.start_ms, s.end_ms, s.speaker, s.text, s.position
            FROM segments s JOIN transcripts t ON t.id = s.transcript_id
            JOIN episodes e ON e.id = t.episode_id
            WHERE s.id IN ({_in(ids)})""",
        tuple(ids),
    )
    return {r["id"]: r for r in rows}


def highlight_hits(conn: sqlite3.Connection, ids: Sequence[int]) -> dict[int, sqlite3.Row]:
    if not ids:
        return {}
    rows = conn.execute(
        f"""SELECT h.id, h.episode_id, e.title, h.start_ms, h.end_ms, h.quote, h.note,
                   (SELECT s.position FROM segments s JOIN transcripts t ON t.id = s.transcript_id
                     WHERE t.episode_id = h.episode_id AND s.start_ms <= h.start_ms
                     ORDER BY s.start_ms DESC LIMIT 1) AS position,
                   (SELECT s.speaker FROM segments s JOIN transcripts t ON t.id = s.transcript_id
                     WHERE t.episode_id = h.episode_id AND s.start_ms <= h.start_ms
                     ORDER BY s.start_ms DESC LIMIT 1) AS speaker
            FROM highlights h JOIN episodes e ON e.id = h.episode_id WHERE h.id IN ({_in(ids)})""",
        tuple(ids),
    )
    return {r["id"]: r for r in rows}


def episode_hits(conn: sqlite3.Connection, ids: Sequence[int]) -> dict[int, sqlite3.Row]:
    if not ids:
        return {}
    rows = conn.execute(_EPISODES + f" WHERE e.id IN ({_in(ids)})", tuple(ids))
    return {r["id"]: r for r in rows}


def episodes_in_podcasts(conn: sqlite3.Connection, name: str) -> set[int]:
    """Episodes whose podcast title contains ``name`` (any case), or whose podcast id it is."""
    rows = conn.execute(
        """SELECT e.id FROM episodes e JOIN podcasts p ON p.id = e.podcast_id
           WHERE instr(lower(p.title), lower(?)) > 0 OR CAST(p.id AS TEXT) = ?""",
        (name, name),
    )
    return {r[0] for r in rows}


def tagged(conn: sqlite3.Connection, tag: str) -> tuple[set[int], set[int]]:
    """(episode ids, highlight ids) carrying ``tag`` (any case)."""
    episode_ids = {
        r[0]
        for r in conn.execute(
            "SELECT et.episode_id FROM episode_tags et JOIN tags t ON t.id = et.tag_id WHERE t.name = ?",
            (tag,),
        )
    }
    highlight_ids = {
        r[0]
        for r in conn.execute(
            "SELECT ht.highlight_id FROM highlight_tags ht JOIN tags t ON t.id = ht.tag_id WHERE t.name = ?",
            (tag,),
        )
    }
    return episode_ids, highlight_ids
