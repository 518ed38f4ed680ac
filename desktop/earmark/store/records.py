"""Whole rows, every column, for backup and restore (export area).

Generic on purpose: a column another migration adds is carried by a backup and restored
without this module changing. Only columns both the record and the table have are written.
"""

from __future__ import annotations

import sqlite3
from typing import Any


def columns(conn: sqlite3.Connection, table: str) -> list[str]:
    return [r[1] for r in conn.execute(f"PRAGMA table_info({table})")]


def select(conn: sqlite3.Connection, table: str, where: str = "1", params: tuple = (), order: str = "id"):
    """Every column of the matching rows, as dicts, in ``order``."""
    cursor = conn.execute(f"SELECT * FROM {table} WHERE {where} ORDER BY {order}", params)
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def id_taken(conn: sqlite3.Connection, table: str, row_id: Any) -> bool:
    return conn.execute(f"SELECT 1 FROM {table} WHERE id = ?", (row_id,)).fetchone() is not None


def insert(conn: sqlite3.Connection, table: str, values: dict[str, Any]) -> int:
    """Insert the columns of ``values`` the table has; an ``id`` already taken is left to SQLite."""
    known = set(columns(conn, table))
    row = {k: v for k, v in values.items() if k in known}
    if "id" in row and (row["id"] is None or id_taken(conn, table, row["id"])):
        del row["id"]
    names = ", ".join(row)
    marks = ", ".join("?" for _ in row)
    cursor = conn.execute(f"INSERT INTO {table} ({names}) VALUES ({marks})", tuple(row.values()))
    return int(cursor.lastrowid)  # type: ignore[arg-type]


def insert_many(conn: sqlite3.Connection, table: str, rows: list[dict[str, Any]]) -> None:
    """Insert rows without ids (a transcript's lines) in one statement; columns as :func:`insert`."""
    if not rows:
        return
    known = set(columns(conn, table)) - {"id"}
    names = [k for k in rows[0] if k in known]
    marks = ", ".join("?" for _ in names)
    conn.executemany(
        f"INSERT INTO {table} ({', '.join(names)}) VALUES ({marks})",
        (tuple(row.get(k) for k in names) for row in rows),
    )


def update(conn: sqlite3.Connection, table: str, row_id: int, values: dict[str, Any]) -> None:
    if values:
        sets = ", ".join(f"{k} = ?" for k in values)
        conn.execute(f"UPDATE {table} SET {sets} WHERE id = ?", (*values.values(), row_id))


def tag_names(conn: sqlite3.Connection, link_table: str, owner_column: str, owner_id: int) -> list[str]:
    """Tag names on one highlight or episode (``highlight_tags``/``episode_tags``), sorted."""
    rows = conn.execute(
        f"SELECT t.name FROM {link_table} l JOIN tags t ON t.id = l.tag_id WHERE l.{owner_column} = ?",
        (owner_id,),
    )
    return sorted((r[0] for r in rows), key=str.casefold)


def all_tag_names(conn: sqlite3.Connection) -> list[str]:
    return [r[0] for r in conn.execute("SELECT name FROM tags ORDER BY id")]


def audio_url(conn: sqlite3.Connection, episode_id: int) -> str | None:
    """The episode's web address, when it came from a feed."""
    row = conn.execute("SELECT audio_url FROM episodes WHERE id = ?", (episode_id,)).fetchone()
    return row[0] if row and row[0] else None
