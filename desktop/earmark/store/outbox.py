"""Changes the search index has not seen yet.

Every write that changes searchable text enqueues ``(entity, id)`` in the same
transaction, so the note is safe in SQLite first; the search service drains the
queue afterwards (and on the next start, if it never got to it).
Entities: ``episode`` (title, notes, tags, transcript) and ``highlight`` (quote, note, tags).
"""

from __future__ import annotations

import sqlite3

ENTITIES = ("episode", "highlight")


def enqueue(conn: sqlite3.Connection, entity: str, entity_id: int) -> None:
    if entity not in ENTITIES:
        raise ValueError(f"unknown search entity {entity!r}")
    conn.execute("INSERT INTO search_outbox (entity, entity_id) VALUES (?, ?)", (entity, entity_id))


def pending(conn: sqlite3.Connection, limit: int = 1000, after: int = 0) -> list[tuple[int, str, int]]:
    """Oldest first (row id above ``after``): (outbox row id, entity, entity id)."""
    return [
        tuple(r)
        for r in conn.execute(
            "SELECT id, entity, entity_id FROM search_outbox WHERE id > ? ORDER BY id LIMIT ?", (after, limit)
        )
    ]


def done(conn: sqlite3.Connection, up_to_id: int) -> None:
    conn.execute("DELETE FROM search_outbox WHERE id <= ?", (up_to_id,))
