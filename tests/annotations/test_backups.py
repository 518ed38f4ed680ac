"""Rolling backups of the library file: one a day, the last seven kept."""

from __future__ import annotations

from earmark.store import backups


def test_one_daily_copy_per_day(services):
    """A second daily backup on the same day makes nothing new."""
    path = services.database.path
    assert backups.daily_backup(path, today="20260101") is not None
    assert backups.daily_backup(path, today="20260101") is None
    assert [p.name for p in backups.list_backups(path)] == ["daily-20260101.sqlite3"]


def test_only_last_seven_days_kept(services):
    """After ten days of daily copies, the seven newest remain."""
    path = services.database.path
    for day in range(1, 11):
        backups.daily_backup(path, today=f"202601{day:02d}")
    names = [p.name for p in backups.list_backups(path)]
    assert names == [f"daily-202601{day:02d}.sqlite3" for day in range(4, 11)]


def test_manual_copies_do_not_displace_daily_ones(services):
    """Copies made on demand are named apart and never prune the daily ones."""
    path = services.database.path
    backups.daily_backup(path, today="20260101")
    first, second = services.annotations.backup_now(), services.annotations.backup_now()
    assert first != second and first.exists() and second.exists()
    assert (path.parent / "backups" / "daily-20260101.sqlite3").exists()
