"""Opening the library file: pragmas, migrations with a backup first.

One connection per thread (SQLite connections must not be shared across
threads); :class:`Database` hands each thread its own.
"""

from __future__ import annotations

import sqlite3
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from earmark.store.schema import MIGRATIONS, SCHEMA_VERSION

if TYPE_CHECKING:
    import sqlite_utils

LIBRARY_FILE = "library.sqlite3"


def _configure(conn: sqlite3.Connection) -> None:
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("PRAGMA journal_mode = WAL")
    # WAL + synchronous=FULL: a transaction is durable once COMMIT returns, even
    # across a power cut (NORMAL would already survive a process kill, since the
    # WAL is written before COMMIT returns, but could lose the last commits on
    # power loss). A note is worth the ~1 ms fsync.
    conn.execute("PRAGMA synchronous = FULL")
    conn.execute("PRAGMA busy_timeout = 5000")


def backup_file(db_path: Path, target: Path) -> Path:
    """Copy the live database to ``target`` with SQLite's online backup API."""
    target.parent.mkdir(parents=True, exist_ok=True)
    src = sqlite3.connect(db_path)
    try:
        dst = sqlite3.connect(target)
        try:
            src.backup(dst)
        finally:
            dst.close()
    finally:
        src.close()
    return target


def migrate(db_path: Path) -> int:
    """Bring the file at ``db_path`` to :data:`SCHEMA_VERSION`; return the version it had."""
    conn = sqlite3.connect(db_path, isolation_level=None)
    try:
        _configure(conn)
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            raise RuntimeError(f"{db_path} was made by a newer Earmark (schema {version})")
        if version < SCHEMA_VERSION and version > 0:
            stamp = time.strftime("%Y%m%d-%H%M%S")
            backup_file(db_path, db_path.parent / "backups" / f"before-v{SCHEMA_VERSION}-{stamp}.sqlite3")
        for number in range(version, SCHEMA_VERSION):
            conn.execute("BEGIN IMMEDIATE")
            try:
                for statement in _statements(MIGRATIONS[number]):
                    conn.execute(statement)
                conn.execute(f"PRAGMA user_version = {number + 1}")
                conn.execute("COMMIT")
            except BaseException:
                conn.execute("ROLLBACK")
                raise
        return version
    finally:
        conn.close()


def _statements(script: str) -> Iterator[str]:
    """Split a migration script into statements (executescript would commit early)."""
    buffer = ""
    for line in script.splitlines(keepends=True):
        if line.strip().startswith("--"):
            continue
        buffer += line
        if sqlite3.complete_statement(buffer):
            if buffer.strip():
                yield buffer.strip()
            buffer = ""
    if buffer.strip():
        yield buffer.strip()


class Database:
    """The library file, with one connection per thread."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.path = folder / LIBRARY_FILE
        self._local = threading.local()

    @property
    def conn(self) -> sqlite3.Connection:
        """This thread's connection."""
        conn = getattr(self._local, "conn", None)
        if conn is None:
            conn = sqlite3.connect(self.path, isolation_level=None, check_same_thread=True)
            conn.row_factory = sqlite3.Row
            _configure(conn)
            self._local.conn = conn
        return conn

    @property
    def db(self) -> sqlite_utils.Database:
        """This thread's connection wrapped by sqlite-utils (imported here: it loads numpy, ~0.4 s)."""
        import sqlite_utils

        return sqlite_utils.Database(self.conn)

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One write transaction: all of it commits, or none of it."""
        conn = self.conn
        conn.execute("BEGIN IMMEDIATE")
        try:
            yield conn
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")

    def close(self) -> None:
        conn = getattr(self._local, "conn", None)
        if conn is not None:
            conn.close()
            self._local.conn = None


def open_database(folder: Path) -> Database:
    """Create the folder and file if needed, migrate, and return the library."""
    folder.mkdir(parents=True, exist_ok=True)
    database = Database(folder)
    migrate(database.path)
    return database
