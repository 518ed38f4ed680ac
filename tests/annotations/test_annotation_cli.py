"""The `highlight`, `highlights` and `backup` commands through the real `earmark` command."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path


def _import(run_cli, episode_files) -> str:
    audio, transcript = episode_files
    result = run_cli("import", str(audio), "--transcript", str(transcript), "--title", "Sleep and memory")
    assert result.returncode == 0, result.stderr
    return result.stdout.split()[-1]


def test_highlight_prints_id_and_highlights_json_lists_it(run_cli, episode_files):
    """`highlight` prints the new id on its last line; `highlights --json` shows quote, note, tags."""
    episode = _import(run_cli, episode_files)
    made = run_cli(
        "highlight",
        episode,
        "--start",
        "2.5",
        "--end",
        "0:04.4",
        "--note",
        "why?",
        "--tag",
        "sleep",
        "--tag",
        "memory",
    )
    assert made.returncode == 0, made.stderr
    highlight_id = int(made.stdout.strip().splitlines()[-1])
    listed = json.loads(run_cli("highlights", "memory", "--json").stdout)
    assert listed == [
        {
            "id": highlight_id,
            "start": 2.5,
            "end": 4.4,
            "quote": "Today we talk about sleep and memory.",
            "note": "why?",
            "tags": ["memory", "sleep"],
            "colour": "yellow",
            "orphan": False,
        }
    ]


def test_highlight_bad_range_exits_2_with_one_line(run_cli, episode_files):
    """A reversed range is bad input: exit 2, one line on stderr, nothing written."""
    episode = _import(run_cli, episode_files)
    result = run_cli("highlight", episode, "--start", "9", "--end", "3")
    assert result.returncode == 2
    assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.stderr
    assert json.loads(run_cli("highlights", episode, "--json").stdout) == []


def test_backup_prints_path_of_a_consistent_copy(run_cli, episode_files):
    """`backup` prints the path of a copy that opens and holds the highlight."""
    episode = _import(run_cli, episode_files)
    run_cli("highlight", episode, "--start", "0", "--end", "2", "--note", "kept in the copy")
    result = run_cli("backup")
    assert result.returncode == 0, result.stderr
    copy = Path(result.stdout.strip().splitlines()[-1])
    conn = sqlite3.connect(copy)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("SELECT note FROM highlights").fetchall() == [("kept in the copy",)]
    finally:
        conn.close()
