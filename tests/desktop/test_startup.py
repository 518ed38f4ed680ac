"""`earmark` start-up: the window is painted first; the library, the backup and the index follow."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

DESKTOP = Path(__file__).resolve().parents[2] / "desktop"


def _start(library: Path, *args: str) -> list[str]:
    env = {
        **os.environ,
        "XDG_CONFIG_HOME": str(library.parent / "config"),  # the window's settings stay in the test
        "PYTHONPATH": str(DESKTOP),
        "QT_QPA_PLATFORM": "offscreen",
        "EARMARK_QUIT_AFTER_LOAD": "1",
    }
    result = subprocess.run(
        [sys.executable, "-m", "earmark", "--library", str(library), *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    return [line for line in result.stdout.splitlines() if line.startswith("earmark:")]


def test_window_is_painted_before_the_library_is_loaded(library_dir):
    """The first paint is reported before the demo is imported and the library shown in the window."""
    assert _start(library_dir, "demo") == ["earmark: shown", "earmark: loaded 1"]


def test_start_up_makes_the_daily_backup_and_the_index(library_dir):
    """After a start, today's backup copy and the search index exist (made off the GUI thread)."""
    _start(library_dir, "demo")
    assert list((library_dir / "backups").glob("daily-*.sqlite3"))
    assert (library_dir / "index").is_dir() and any((library_dir / "index").iterdir())


def test_the_last_episode_is_reopened_after_the_load(library_dir):
    """Without a link or the demo, the episode open when the app last closed is opened again."""
    assert _start(library_dir, "demo")[-1] == "earmark: loaded 1"
    assert _start(library_dir)[-1] == "earmark: loaded 1"
