"""Taking an episode out of the library whole, and putting it back exactly (for undo).

Which rows belong to an episode is read from the schema's foreign keys, so tables other
areas add later (referencing ``episodes`` or a table that does) come along without edits here.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field


@dataclass
class EpisodeRows:
    """Every row of one episode, parents before children: (table, list of column dicts)."""

    episode_id: int
    tables: list[tuple[str, list[dict]]] = field(default_factory=list)


def _children(conn: sqlite3.Connection) -> dict[str, list[tuple[str, str, str]]]:
    """parent table -> [(child table, child column, parent column)] from every foreign key."""
    found: dict[str, list[tuple[str, str, str]]] = {}
    names = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
    for table in names:
        for key in conn.execute(f"PRAGMA foreign_key_list({table})"):
            found.setdefault(key["table"], []).append((table, key["from"], key["to"] or "id"))
    return found


def snapshot(conn: sqlite3.Connection, episode_id: int) -> EpisodeRows:
    """Read the episode's rows and everything hanging from them (breadth first, parents first)."""
    children = _children(conn)
    rows = EpisodeRows(episode_id)
    first = [dict(r) for r in conn.execute("SELECT * FROM episodes WHERE id = ?", (episode_id,))]
    rows.tables.append(("episodes", first))
    queue = [("episodes", first)]
    while queue:
        parent, parent_rows = queue.pop(0)
        for child, column, parent_column in children.get(parent, []):
            keys = [r[parent_column] for r in parent_rows]
            if not keys:
                continue
            marks = ",".join("?" * len(keys))
            found = [
                dict(r) for r in conn.execute(f"SELECT * FROM {child} WHERE {column} IN ({marks})", keys)
            ]
            if found and child != "episodes":
                rows.tables.append((child, found))
                queue.append((child, found))
    tag_ids = sorted({r["tag_id"] for _, found in rows.tables for r in found if "tag_id" in r})
    if tag_ids:  # tags outlive the episode, but a later clean-up may drop unused ones: keep them too
        marks = ",".join("?" * len(tag_ids))
        tags = [dict(r) for r in conn.execute(f"SELECT * FROM tags WHERE id IN ({marks})", tag_ids)]
        rows.tables.insert(0, ("tags", tags))
    return rows


def delete(conn: sqlite3.Connection, episode_id: int) -> None:
    """Delete the episode row; its rows go with it through ``ON DELETE CASCADE``."""
    conn.execute("DELETE FROM episodes WHERE id = ?", (episode_id,))


def restore(conn: sqlite3.Connection, rows: EpisodeRows) -> None:
    """Insert every row back with its old id (parents first), skipping rows already there."""
    for table, table_rows in rows.tables:
        for row in table_rows:
            columns = ",".join(row)
            marks = ",".join("?" * len(row))
            conn.execute(f"INSERT OR IGNORE INTO {table} ({columns}) VALUES ({marks})", list(row.values()))
