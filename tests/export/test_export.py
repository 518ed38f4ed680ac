"""`earmark export` and `earmark restore` through the real command."""

from __future__ import annotations

import csv
import io
import json

import pysrt
import pytest
import yaml

SRT = """1
00:00:00,000 --> 00:00:01,500
Hello there.

2
00:00:01,600 --> 00:00:03,000
This is a test.
"""


@pytest.fixture
def annotated(run_cli, speech, tmp_path):
    """An imported episode with one highlight that has a note and two tags."""
    (tmp_path / "t.srt").write_text(SRT)
    audio = speech("Hello there. This is a test.", words_per_minute=120)
    episode = run_cli(
        "import", str(audio), "--transcript", str(tmp_path / "t.srt"), "--title", "Greeting"
    ).stdout
    episode_id = episode.split()[-1]
    made = run_cli(
        "highlight", episode_id, "--start", "1.6", "--end", "3.0", "--note", "Key, point\nline two",
        "--tag", "ideas", "--tag", "deep work",
    )  # fmt: skip
    assert made.returncode == 0, made.stderr
    return episode_id


def test_markdown_export_has_front_matter_quote_note_and_tags(run_cli, annotated):
    """Markdown: YAML front matter, the quote as a block quote with its time link, the note and #tags."""
    text = run_cli("export", annotated, "--format", "md").stdout
    assert yaml.safe_load(text.split("---\n")[1])["title"] == "Greeting"
    assert "> This is a test." in text
    assert f"earmark://episode/{annotated}?t=1.6&end=3" in text
    assert "Key, point\nline two" in text and "#deep-work #ideas" in text


def test_readwise_export_through_the_command(run_cli, annotated, tmp_path):
    """--all --format readwise -o FILE writes Readwise's columns, the note whole."""
    out = tmp_path / "rw.csv"
    assert run_cli("export", "--all", "--format", "readwise", "-o", str(out)).returncode == 0
    (row,) = csv.DictReader(io.StringIO(out.read_text(), newline=""))
    assert (row["Highlight"], row["Title"], row["Location"]) == ("This is a test.", "Greeting", "1")
    assert row["Note"] == "Key, point\nline two\n.deep_work .ideas"


def test_srt_export_is_read_by_pysrt(run_cli, annotated, tmp_path):
    """An exported SRT is read back by an independent library with the same cues."""
    out = tmp_path / "out.srt"
    assert run_cli("export", annotated, "--format", "srt", "-o", str(out)).returncode == 0
    subs = pysrt.open(str(out))
    assert [s.text for s in subs] == ["Hello there.", "This is a test."]
    assert subs[1].start.ordinal == 1600


def test_tag_selection_through_the_command(run_cli, annotated, tmp_path):
    """--tag T exports the episodes with highlights tagged T; an unknown tag is one line."""
    assert run_cli("export", "--tag", "ideas", "--format", "md", "-o", str(tmp_path / "v")).returncode == 0
    assert [p.name for p in (tmp_path / "v").iterdir()] == ["Greeting.md"]
    result = run_cli("export", "--tag", "nope", "--format", "md", "-o", str(tmp_path / "w"))
    assert result.returncode == 2 and result.stderr.count("\n") == 1 and "nope" in result.stderr


def test_backup_and_restore_through_the_command(run_cli, annotated, tmp_path):
    """export --all --format json, then restore into an empty library: its record is the same."""
    first = tmp_path / "a.json"
    assert run_cli("export", "--all", "--format", "json", "-o", str(first)).returncode == 0
    other = tmp_path / "other"
    result = run_cli("--library", str(other), "restore", str(first), library=None)
    assert result.returncode == 0, result.stderr
    assert "1 episode(s) added" in result.stdout
    second = tmp_path / "b.json"
    run_cli("--library", str(other), "export", "--all", "--format", "json", "-o", str(second), library=None)
    assert json.loads(second.read_text()) == json.loads(first.read_text())


def test_export_all_without_target_is_one_line(run_cli, annotated):
    """--all with no -o is refused with one line and exit 2."""
    result = run_cli("export", "--all", "--format", "md")
    assert result.returncode == 2 and result.stderr.count("\n") == 1


def test_clip_to_stdout_is_one_line(run_cli, annotated):
    """A clip cannot go to stdout: one line, exit 2."""
    result = run_cli("export", annotated, "--format", "clip")
    assert result.returncode == 2 and result.stderr.count("\n") == 1 and "-o DIR" in result.stderr
