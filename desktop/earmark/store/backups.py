"""Rolling copies of the library file, made with SQLite's online backup API.

One daily copy (the last :data:`KEEP_DAILY` days kept), copies made on demand
(``earmark backup``), and the copy :func:`earmark.store.database.migrate` makes
before every migration — all through :func:`~earmark.store.database.backup_file`,
so a copy is always a consistent snapshot even while the app writes.
"""

from __future__ import annotations

import time
from pathlib import Path

from earmark.store.database import backup_file

BACKUP_FOLDER = "backups"
KEEP_DAILY = 7
KEEP_MANUAL = 20


def backup_folder(db_path: Path) -> Path:
    return db_path.parent / BACKUP_FOLDER


def daily_backup(db_path: Path, today: str | None = None, keep: int = KEEP_DAILY) -> Path | None:
    """Make today's copy unless it exists; drop all but the newest ``keep``. Return the new copy, if any.

    ``today`` is ``YYYYMMDD`` (tests pass it to simulate several days).
    """
    today = today or time.strftime("%Y%m%d")
    target = backup_folder(db_path) / f"daily-{today}.sqlite3"
    made = None
    if not target.exists():
        made = _atomic_backup(db_path, target)
    _prune(backup_folder(db_path), "daily-", keep)
    return made


def backup_now(db_path: Path, keep: int = KEEP_MANUAL) -> Path:
    """A copy made now, on demand; the newest ``keep`` such copies are kept."""
    stamp = time.strftime("%Y%m%d-%H%M%S")
    folder = backup_folder(db_path)
    target = folder / f"manual-{stamp}.sqlite3"
    counter = 1
    while target.exists():
        counter += 1
        target = folder / f"manual-{stamp}-{counter}.sqlite3"
    made = _atomic_backup(db_path, target)
    _prune(folder, "manual-", keep)
    return made


def _atomic_backup(db_path: Path, target: Path) -> Path:
    """Back up under a temporary name, then rename: a killed backup leaves no half copy."""
    partial = target.with_suffix(".partial")
    partial.unlink(missing_ok=True)
    backup_file(db_path, partial)
    partial.replace(target)
    return target


def list_backups(db_path: Path) -> list[Path]:
    """Every copy, oldest first by name within each kind."""
    folder = backup_folder(db_path)
    return sorted(folder.glob("*.sqlite3")) if folder.is_dir() else []


def _prune(folder: Path, kind: str, keep: int) -> None:
    copies = sorted(folder.glob(f"{kind}*.sqlite3"))
    for old in copies[: max(0, len(copies) - keep)]:
        old.unlink(missing_ok=True)
