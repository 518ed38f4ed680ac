"""`earmark export`: Markdown notes, CSV highlights and transcripts, through the real command."""

from __future__ import annotations

import csv
import io
import json

import pysrt
import pytest

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
    audio = speech("Hello there. This is a test.")
    episode = run_cli(
        "import", str(audio), "--transcript", str(tmp_path / "t.srt"), "--title", "Greeting"
    ).stdout
    episode_id = episode.split()[-1]
    made = run_cli(
        "highlight",
        episode_id,
        "--start",
        "1.6",
        "--end",
        "3.0",
        "--note",
        "Key point",
        "--tag",
        "ideas",
        "--tag",
        "deep work",
    )
    assert made.returncode == 0, made.stderr
    return episode_id


def test_markdown_export_has_front_matter_quote_note_and_tags(run_cli, annotated):
    """Markdown carries the title in front matter, the quote as a block quote, the note and #tags."""
    text = run_cli("export", annotated, "--format", "md").stdout
    assert text.startswith('---\ntitle: "Greeting"\n')
    assert "> This is a test." in text
    assert "Key point" in text and "#deep-work #ideas" in text
    assert "### 0:01–0:03" in text


def test_csv_export_lists_every_highlight_of_the_library(run_cli, annotated, tmp_path):
    """--all --format csv writes one row per highlight with quote, note and tags."""
    out = tmp_path / "highlights.csv"
    assert run_cli("export", "--all", "--format", "csv", "-o", str(out)).returncode == 0
    rows = list(csv.DictReader(io.StringIO(out.read_text())))
    assert [(r["episode"], r["quote"], r["note"], r["tags"]) for r in rows] == [
        ("Greeting", "This is a test.", "Key point", "deep work, ideas")
    ]


def test_srt_export_is_read_by_pysrt(run_cli, annotated, tmp_path):
    """An exported SRT is read back by an independent library with the same cues."""
    out = tmp_path / "out.srt"
    assert run_cli("export", annotated, "--format", "srt", "-o", str(out)).returncode == 0
    subs = pysrt.open(str(out))
    assert [s.text for s in subs] == ["Hello there.", "This is a test."]
    assert subs[1].start.ordinal == 1600


def test_export_all_writes_one_file_per_episode(run_cli, annotated, tmp_path):
    """--all writes one JSON transcript per episode into the folder."""
    folder = tmp_path / "exports"
    assert run_cli("export", "--all", "--format", "json", "-o", str(folder)).returncode == 0
    (only,) = folder.iterdir()
    assert json.loads(only.read_text())["segments"][0]["body"] == "Hello there."


def test_export_all_without_target_is_one_line(run_cli, annotated):
    """--all with no -o is refused with one line and exit 2."""
    result = run_cli("export", "--all", "--format", "md")
    assert result.returncode == 2 and result.stderr.count("\n") == 1
