"""Overlapping cues survive the whole path: import into a real library, search, export."""

from __future__ import annotations

import json

VTT = """WEBVTT

00:00:00.000 --> 00:00:01.000
<v Ann>Both of us talk.

00:00:00.000 --> 00:00:01.000
<v Bo>At the same time.

00:00:00.500 --> 00:00:01.500
[laughter]
"""


def test_overlapping_cues_are_imported_searched_and_exported(run_cli, tone, tmp_path):
    """Three cues at the same and overlapping times: all stored, each found by search, all exported."""
    audio = tone(seconds=2.0)
    (tmp_path / "both.vtt").write_text(VTT)
    result = run_cli("import", str(audio), "--transcript", str(tmp_path / "both.vtt"))
    assert result.returncode == 0, result.stderr
    episode = result.stdout.split()[-1]
    data = json.loads(run_cli("transcript", episode, "--format", "json").stdout)
    assert [(s["startTime"], s["endTime"], s["speaker"], s["body"]) for s in data["segments"]] == [
        (0.0, 1.0, "Ann", "Both of us talk."),
        (0.0, 1.0, "Bo", "At the same time."),
        (0.5, 1.5, "", "[laughter]"),
    ]
    hits = json.loads(run_cli("search", "same time", "--json").stdout)
    assert [(h["kind"], h["start"], h["text"]) for h in hits] == [("transcript", 0.0, "At the same time.")]
    assert len(json.loads(run_cli("search", "talk", "--json").stdout)) == 1
    vtt = run_cli("transcript", episode, "--format", "vtt").stdout
    assert vtt.count("00:00:00.000 --> 00:00:01.000") == 2 and "[laughter]" in vtt
