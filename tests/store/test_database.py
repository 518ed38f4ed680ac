"""The library file: pragmas, migrations with a backup first, all-or-nothing transactions."""

from __future__ import annotations

import sqlite3

import pytest

from earmark.store import database as db_module
from earmark.store import open_database
from earmark.store.schema import SCHEMA_VERSION


def test_new_library_is_wal_with_foreign_keys_at_current_schema(library_dir):
    """A new library is in WAL mode, enforces foreign keys and records its schema version."""
    database = open_database(library_dir)
    conn = database.conn
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION


def test_migration_backs_up_the_file_first(library_dir, monkeypatch):
    """Upgrading an existing library copies it to backups/ before changing anything."""
    open_database(library_dir).close()
    extra = "CREATE TABLE later_feature (id INTEGER PRIMARY KEY);"
    monkeypatch.setattr(db_module, "MIGRATIONS", [*db_module.MIGRATIONS, extra])
    monkeypatch.setattr(db_module, "SCHEMA_VERSION", SCHEMA_VERSION + 1)
    assert db_module.migrate(library_dir / db_module.LIBRARY_FILE) == SCHEMA_VERSION
    backups = list((library_dir / "backups").glob("before-v*.sqlite3"))
    assert len(backups) == 1
    old = sqlite3.connect(backups[0])
    assert old.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    old.close()


def test_failed_migration_changes_nothing(library_dir, monkeypatch):
    """A migration that fails part-way rolls back: version and tables stay as they were."""
    open_database(library_dir).close()
    broken = "CREATE TABLE half_done (id INTEGER);\nCREATE TABLE oops (;"
    monkeypatch.setattr(db_module, "MIGRATIONS", [*db_module.MIGRATIONS, broken])
    monkeypatch.setattr(db_module, "SCHEMA_VERSION", SCHEMA_VERSION + 1)
    with pytest.raises(sqlite3.OperationalError):
        db_module.migrate(library_dir / db_module.LIBRARY_FILE)
    conn = sqlite3.connect(library_dir / db_module.LIBRARY_FILE)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert conn.execute("SELECT count(*) FROM sqlite_master WHERE name = 'half_done'").fetchone()[0] == 0


def test_transaction_rolls_back_on_error(library_dir):
    """An exception inside a transaction leaves no row behind."""
    database = open_database(library_dir)
    with pytest.raises(RuntimeError), database.transaction() as conn:
        conn.execute("INSERT INTO tags (name) VALUES ('kept?')")
        raise RuntimeError("boom")
    assert database.conn.execute("SELECT count(*) FROM tags").fetchone()[0] == 0
