"""Highlight, tag and episode-annotation rows. Every function runs inside the caller's transaction.

Tag names are unique without regard to case (the schema's ``COLLATE NOCASE``);
the first spelling used is kept until the tag is renamed.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable

from earmark.core.model import Highlight
from earmark.core.timecode import from_ms

_NOW = "strftime('%Y-%m-%dT%H:%M:%fZ', 'now')"
_TAGS_OF = """(SELECT group_concat(t.name, char(31)) FROM highlight_tags ht JOIN tags t ON t.id = ht.tag_id
                WHERE ht.highlight_id = h.id)"""
_SELECT = f"SELECT h.*, {_TAGS_OF} AS tag_names FROM highlights h"

UPDATABLE = {"start_ms", "end_ms", "quote", "prefix", "suffix", "note", "colour", "orphan"}


def _highlight(row: sqlite3.Row) -> Highlight:
    return Highlight(
        id=row["id"],
        episode_id=row["episode_id"],
        start=from_ms(row["start_ms"]) or 0.0,
        end=from_ms(row["end_ms"]) or 0.0,
        quote=row["quote"],
        note=row["note"],
        colour=row["colour"],
        tags=sorted(row["tag_names"].split("\x1f"), key=str.casefold) if row["tag_names"] else [],
        prefix=row["prefix"],
        suffix=row["suffix"],
        orphan=bool(row["orphan"]),
        created=row["created_at"],
        updated=row["updated_at"],
    )


def insert_highlight(
    conn: sqlite3.Connection,
    episode_id: int,
    *,
    start_ms: int,
    end_ms: int,
    quote: str,
    prefix: str = "",
    suffix: str = "",
    note: str = "",
    colour: str = "yellow",
    orphan: bool = False,
    highlight_id: int | None = None,
    created: str | None = None,
) -> int:
    """Insert a highlight; ``highlight_id``/``created`` restore a deleted one exactly (undo)."""
    cursor = conn.execute(
        f"""INSERT INTO highlights (id, episode_id, start_ms, end_ms, quote, prefix, suffix, note, colour,
                                     orphan, created_at, updated_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, coalesce(?, {_NOW}), {_NOW})""",
        (
            highlight_id,
            episode_id,
            start_ms,
            end_ms,
            quote,
            prefix,
            suffix,
            note,
            colour,
            int(orphan),
            created,
        ),
    )
    return int(cursor.lastrowid)  # type: ignore[arg-type]


def get_highlight(conn: sqlite3.Connection, highlight_id: int) -> Highlight | None:
    row = conn.execute(_SELECT + " WHERE h.id = ?", (highlight_id,)).fetchone()
    return _highlight(row) if row else None


def list_highlights(conn: sqlite3.Connection, episode_id: int, orphan: bool | None = None) -> list[Highlight]:
    """An episode's highlights in time order; ``orphan`` filters on the orphan flag when given."""
    where = " WHERE h.episode_id = ?" + ("" if orphan is None else " AND h.orphan = ?")
    params: tuple = (episode_id,) if orphan is None else (episode_id, int(orphan))
    rows = conn.execute(_SELECT + where + " ORDER BY h.start_ms, h.end_ms, h.id", params).fetchall()
    return [_highlight(r) for r in rows]


def update_highlight(conn: sqlite3.Connection, highlight_id: int, **fields: object) -> None:
    unknown = set(fields) - UPDATABLE
    if unknown:
        raise ValueError(f"cannot update {sorted(unknown)}")
    if not fields:
        return
    assignments = ", ".join(f"{name} = ?" for name in fields)
    conn.execute(
        f"UPDATE highlights SET {assignments}, updated_at = {_NOW} WHERE id = ?",
        (*fields.values(), highlight_id),
    )


def delete_highlight(conn: sqlite3.Connection, highlight_id: int) -> None:
    conn.execute("DELETE FROM highlights WHERE id = ?", (highlight_id,))


def tag_id(conn: sqlite3.Connection, name: str) -> int:
    """The id of tag ``name`` (any case), creating it if new."""
    row = conn.execute("SELECT id FROM tags WHERE name = ?", (name,)).fetchone()
    if row:
        return int(row[0])
    return int(conn.execute("INSERT INTO tags (name) VALUES (?)", (name,)).lastrowid)  # type: ignore[arg-type]


def find_tag(conn: sqlite3.Connection, name: str) -> tuple[int, str] | None:
    row = conn.execute("SELECT id, name FROM tags WHERE name = ?", (name,)).fetchone()
    return (int(row[0]), str(row[1])) if row else None


def set_highlight_tags(conn: sqlite3.Connection, highlight_id: int, names: Iterable[str]) -> None:
    conn.execute("DELETE FROM highlight_tags WHERE highlight_id = ?", (highlight_id,))
    conn.executemany(
        "INSERT OR IGNORE INTO highlight_tags (highlight_id, tag_id) VALUES (?, ?)",
        [(highlight_id, tag_id(conn, n)) for n in names],
    )


def episode_tags(conn: sqlite3.Connection, episode_id: int) -> list[str]:
    rows = conn.execute(
        "SELECT t.name FROM episode_tags et JOIN tags t ON t.id = et.tag_id WHERE et.episode_id = ?",
        (episode_id,),
    ).fetchall()
    return sorted((r[0] for r in rows), key=str.casefold)


def set_episode_tags(conn: sqlite3.Connection, episode_id: int, names: Iterable[str]) -> None:
    conn.execute("DELETE FROM episode_tags WHERE episode_id = ?", (episode_id,))
    conn.executemany(
        "INSERT OR IGNORE INTO episode_tags (episode_id, tag_id) VALUES (?, ?)",
        [(episode_id, tag_id(conn, n)) for n in names],
    )


def all_tags(conn: sqlite3.Connection) -> list[str]:
    """Every tag in use, most used first (what completion offers)."""
    rows = conn.execute(
        """SELECT t.name,
                  (SELECT count(*) FROM highlight_tags WHERE tag_id = t.id)
                + (SELECT count(*) FROM episode_tags WHERE tag_id = t.id) AS uses
           FROM tags t ORDER BY uses DESC, t.name COLLATE NOCASE"""
    ).fetchall()
    return [r[0] for r in rows if r[1] > 0]


def tag_users(conn: sqlite3.Connection, tag: int) -> tuple[list[int], list[int]]:
    """(highlight ids, episode ids) carrying a tag."""
    highlights = [
        r[0] for r in conn.execute("SELECT highlight_id FROM highlight_tags WHERE tag_id = ?", (tag,))
    ]
    episodes = [r[0] for r in conn.execute("SELECT episode_id FROM episode_tags WHERE tag_id = ?", (tag,))]
    return highlights, episodes


def rename_tag(conn: sqlite3.Connection, tag: int, name: str) -> None:
    conn.execute("UPDATE tags SET name = ? WHERE id = ?", (name, tag))


def merge_tag(conn: sqlite3.Connection, source: int, target: int) -> None:
    """Move every use of tag ``source`` to ``target``, then drop ``source``."""
    conn.execute(
        "INSERT OR IGNORE INTO highlight_tags (highlight_id, tag_id) "
        "SELECT highlight_id, ? FROM highlight_tags WHERE tag_id = ?",
        (target, source),
    )
    conn.execute(
        "INSERT OR IGNORE INTO episode_tags (episode_id, tag_id) "
        "SELECT episode_id, ? FROM episode_tags WHERE tag_id = ?",
        (target, source),
    )
    conn.execute("DELETE FROM tags WHERE id = ?", (source,))


def episode_notes(conn: sqlite3.Connection, episode_id: int) -> str | None:
    row = conn.execute("SELECT notes FROM episodes WHERE id = ?", (episode_id,)).fetchone()
    return str(row[0]) if row else None


def set_episode_notes(conn: sqlite3.Connection, episode_id: int, notes: str) -> None:
    conn.execute("UPDATE episodes SET notes = ? WHERE id = ?", (notes, episode_id))
