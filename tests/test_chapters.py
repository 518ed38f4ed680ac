"""Chapters from show notes: timestamped lines, and headings placed by the synced transcript's words."""

from __future__ import annotations

import json

from earmark.core.model import Segment
from earmark.services.chapters import ChapterService, place_headings, stamped_lines

CUES = [
    (0.0, "Welcome back to the show, everyone."),
    (5.0, "First up, the open source models this week."),
    (10.0, "AM Thinking is a dense reasoning model with strong math."),
    (15.0, "Now for something different: healthcare."),
    (20.0, "OpenAI released HealthBench to judge medical safety."),
    (25.0, "Thanks for listening, see you next week."),
]
NOTES = """# The weekly show

**Date:** May 16, 2025

Some intro text about nothing in particular.

**AM-Thinking v1: Dense Reasoning and Math**

It is good.

**OpenAI's HealthBench: Medical Safety**

It judges.

**A section never talked about: quantum gardening**
"""


def _vtt(path):
    body = "WEBVTT\n\n" + "\n".join(
        f"00:00:{start:06.3f} --> 00:00:{start + 4.5:06.3f}\n{text}\n" for start, text in CUES
    )
    path.write_text(body, encoding="utf-8")
    return path


def test_timestamped_lines_become_chapters():
    """`12:34 Topic`, `(1:02:03) Topic` and `[0:45] - Topic` lines are chapters at those times."""
    notes = (
        "Intro\n12:34 First topic\n- (1:02:03) Second, later\n[0:45] - [Linked](http://x) topic\nno 1:75 x"
    )
    assert [(c.title, c.start) for c in stamped_lines(notes)] == [
        ("First topic", 754.0),
        ("Second, later", 3723.0),
        ("Linked topic", 45.0),
    ]


def test_headings_are_placed_where_the_transcript_says_their_words():
    """A heading lands on the line that says its words; one never said is left out."""
    segments = [Segment(text, start, start + 4.5) for start, text in CUES]
    placed = place_headings(
        [
            "AM-Thinking v1: Dense Reasoning and Math",
            "OpenAI's HealthBench: Medical Safety",
            "quantum gardening",
        ],
        segments,
    )
    assert [(c.title, c.start, c.source) for c in placed] == [
        ("AM-Thinking v1: Dense Reasoning and Math", 10.0, "heading"),
        ("OpenAI's HealthBench: Medical Safety", 20.0, "heading"),
    ]


def test_chapters_command_prints_json_with_sources(run_cli, tone, tmp_path):
    """`earmark chapters 1 --json`: a list of {title, start, source} from the notes' headings."""
    notes = tmp_path / "notes.md"
    notes.write_text(NOTES, encoding="utf-8")
    episode = run_cli(
        "import", str(tone(30.0)), "--transcript", str(_vtt(tmp_path / "t.vtt")), "--notes", str(notes)
    ).stdout.split()[-1]
    done = run_cli("chapters", episode, "--json")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == [
        {"title": "AM-Thinking v1: Dense Reasoning and Math", "start": 10.0, "source": "heading"},
        {"title": "OpenAI's HealthBench: Medical Safety", "start": 20.0, "source": "heading"},
    ]


def test_the_thursdai_sample_headings_find_their_place(services, samples, tmp_path, tone):
    """The seed show notes: a heading whose words a synced line says is placed at that line."""
    vtt = tmp_path / "t.vtt"
    vtt.write_text(
        "WEBVTT\n\n00:00:01.000 --> 00:00:04.000\nHello and welcome to ThursdAI.\n\n"
        "00:00:40.000 --> 00:00:45.000\nNous Research launches Psyche, a decentralized training network.\n",
        encoding="utf-8",
    )
    episode_id = services.importer.import_episode(
        tone(50.0), vtt, notes_path=samples / "thursdai_shownotes_mojibake.md"
    )
    chapters = ChapterService(services.library).chapters(episode_id)
    assert ("Nous Research launches Psyche", 40.0) in [(c.title, c.start) for c in chapters]
