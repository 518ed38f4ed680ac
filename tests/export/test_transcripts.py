"""Aligned transcripts read back by independent readers: pysrt, webvtt-py, json; lines not in audio."""

from __future__ import annotations

import json

import pysrt
import webvtt

from earmark.services.exporting import Selection


def test_srt_read_by_pysrt(library, tmp_path):
    """SRT cues come back from pysrt with their times and speakers."""
    path = library.services.exporter.export(Selection(episode=library.first), "srt", tmp_path / "a.srt")[0]
    subs = pysrt.open(str(path))
    assert [s.text for s in subs] == ["Ann: Hello there.", "Bob: This is a test.", "Ann: Goodbye now."]
    assert subs[1].start.ordinal == 1600 and subs[1].end.ordinal == 3000


def test_vtt_read_by_webvtt_with_voices(library, tmp_path):
    """WebVTT has <v Speaker> voices that webvtt-py reads as the cue's voice."""
    path = library.services.exporter.export(Selection(episode=library.first), "vtt", tmp_path / "a.vtt")[0]
    captions = webvtt.read(str(path))
    assert [c.voice for c in captions] == ["Ann", "Bob", "Ann"]
    assert [c.text for c in captions] == ["Hello there.", "This is a test.", "Goodbye now."]
    assert captions[1].start == "00:00:01.600"


def test_lines_not_in_audio_left_out_of_timed_formats(library, tmp_path):
    """The unspoken line is in no SRT, VTT or JSON cue."""
    exporter = library.services.exporter
    srt = pysrt.from_string(exporter.render(library.second, "srt"))
    assert [s.text for s in srt] == ["Second episode starts.", "And it ends."]
    path = exporter.export(Selection(episode=library.second), "vtt", tmp_path / "b.vtt")[0]
    assert [c.text for c in webvtt.read(str(path))] == ["Second episode starts.", "And it ends."]
    data = json.loads(exporter.render(library.second, "json"))
    assert [s["body"] for s in data["segments"]] == ["Second episode starts.", "And it ends."]


def test_text_keeps_unspoken_lines_marked(library):
    """Text with timestamps keeps the unspoken line, unstamped and marked."""
    text = library.services.exporter.render(library.second, "txt")
    assert text.splitlines() == [
        "[0:00] Second episode starts.",
        "This line was never said. (not in audio)",
        "[0:02] And it ends.",
    ]


def test_podcast_json_for_one_episode(library):
    """One episode's json is its Podcasting 2.0 transcript."""
    data = json.loads(library.services.exporter.render(library.first, "json"))
    assert data["version"] == "1.0.0"
    assert data["segments"][1] == {
        "speaker": "Bob",
        "body": "This is a test.",
        "startTime": 1.6,
        "endTime": 3.0,
    }


def test_folder_export_of_transcripts(library, tmp_path):
    """--all --format vtt writes one file per episode, named after it."""
    written = library.services.exporter.export(Selection(), "vtt", tmp_path / "subs")
    assert sorted(p.name for p in written) == ["Greeting part one two.vtt", "Second.vtt"]
