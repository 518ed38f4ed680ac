"""The import path end to end through the real command: audio + timed transcript into a real library."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

SRT = """1
00:00:00,000 --> 00:00:01,500
Hello there.

2
00:00:01,600 --> 00:00:03,000
This is a test.
"""


def _library_bytes(library: Path) -> dict[str, int]:
    conn = sqlite3.connect(library / "library.sqlite3")
    try:
        return {
            table: conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
            for table in ("episodes", "transcripts", "segments")
        }
    finally:
        conn.close()


def test_import_prints_id_on_last_line_and_lists_episode(run_cli, speech, tmp_path):
    """`import` prints the new id alone on its last line; `episodes --json` shows it timed."""
    audio = speech("Hello there. This is a test.")
    (tmp_path / "t.srt").write_text(SRT)
    result = run_cli("import", str(audio), "--transcript", str(tmp_path / "t.srt"), "--title", "Greeting")
    assert result.returncode == 0, result.stderr
    episode_id = int(result.stdout.strip().splitlines()[-1])
    listed = json.loads(run_cli("episodes", "--json").stdout)
    assert [(e["id"], e["title"], e["timed"]) for e in listed] == [(episode_id, "Greeting", True)]
    assert 2.0 < listed[0]["duration"] < 4.0


def test_transcript_json_is_podcasting_2_0(run_cli, speech, tmp_path):
    """`transcript --format json` gives Podcasting 2.0 segments with times in seconds."""
    audio = speech("Hello there. This is a test.")
    (tmp_path / "t.srt").write_text(SRT)
    episode_id = run_cli("import", str(audio), "--transcript", str(tmp_path / "t.srt")).stdout.split()[-1]
    data = json.loads(run_cli("transcript", episode_id, "--format", "json").stdout)
    assert data["version"] == "1.0.0"
    assert data["segments"][1] == {"speaker": "", "body": "This is a test.", "startTime": 1.6, "endTime": 3.0}


def test_bad_transcript_leaves_library_unchanged(run_cli, speech, tmp_path, library_dir):
    """A transcript that cannot be read gives one line naming it, exit 2, and writes nothing."""
    audio = speech("Hello.")
    run_cli("import", str(audio))
    before = _library_bytes(library_dir)
    broken = tmp_path / "broken.srt"
    broken.write_bytes(b"\x00\x01\x02garbage")
    result = run_cli("import", str(audio), "--transcript", str(broken))
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and "broken.srt" in result.stderr
    assert "Traceback" not in result.stderr
    assert _library_bytes(library_dir) == before


def test_missing_audio_is_one_line(run_cli, tmp_path):
    """A missing audio file is refused with one line naming it."""
    result = run_cli("import", str(tmp_path / "nope.mp3"))
    assert result.returncode == 2
    assert result.stderr.strip() == "earmark: nope.mp3: no such audio file"


def test_check_touches_no_library(run_cli, tmp_path):
    """`check` parses and reports without creating any library."""
    (tmp_path / "t.srt").write_text(SRT)
    library = tmp_path / "never"
    result = run_cli("check", str(tmp_path / "t.srt"), "--json", library=library)
    assert result.returncode == 0
    data = json.loads(result.stdout)
    assert (data["format"], data["kind"], len(data["segments"])) == ("srt", "timed", 2)
    assert not library.exists()


def test_library_env_override(run_cli, speech, tmp_path, monkeypatch):
    """EARMARK_LIBRARY picks the library when --library is not given."""
    folder = tmp_path / "envlib"
    monkeypatch.setenv("EARMARK_LIBRARY", str(folder))
    run_cli("import", str(speech("Hi.")), library=None)
    assert (folder / "library.sqlite3").is_file()


def test_plain_prose_given_as_transcript_is_an_untimed_transcript(run_cli, speech, samples):
    """Text the user calls a transcript is spoken text even when it reads like a newsletter."""
    audio = speech("Hello.")
    newsletter = samples / "lastweekinai_newsletter.txt"
    assert json.loads(run_cli("check", str(newsletter), "--json").stdout)["kind"] == "notes"
    result = run_cli("import", str(audio), "--transcript", str(newsletter))
    assert result.returncode == 0, result.stderr
    (episode,) = json.loads(run_cli("episodes", "--json").stdout)
    assert episode["has_transcript"] and not episode["timed"]
