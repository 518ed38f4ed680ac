"""JSON transcripts beyond plain Podcasting 2.0: untimed and half-timed segments, other hosts' shapes."""

from __future__ import annotations

import json

import pytest

from earmark.core.errors import InputError
from earmark.core.model import TranscriptKind
from earmark.formats import read_text


def test_untimed_podcast_segments_are_read_untimed():
    """Podcasting 2.0 segments with no times are an untimed transcript, speakers kept."""
    data = {"segments": [{"body": "Hello there."}, {"body": "Hi.", "speaker": "Bo"}]}
    transcript = read_text(json.dumps(data), "u.json")
    assert transcript.kind is TranscriptKind.UNTIMED
    assert [(s.start, s.speaker, s.text) for s in transcript.segments] == [
        (None, None, "Hello there."),
        (None, "Bo", "Hi."),
    ]


def test_segment_without_times_is_kept_and_a_start_only_one_ends_at_the_next_start():
    """A segment with no times stays (untimed); one with only startTime ends where the next begins."""
    data = {
        "segments": [
            {"body": "Start only.", "startTime": 1.0},
            {"body": "No timing."},
            {"body": "Timed.", "startTime": 4.0, "endTime": 5.0},
            {"body": "Last, start only.", "startTime": 6.0},
        ]
    }
    transcript = read_text(json.dumps(data), "h.json")
    assert [(s.start, s.end, s.text) for s in transcript.segments] == [
        (1.0, 4.0, "Start only."),
        (None, None, "No timing."),
        (4.0, 5.0, "Timed."),
        (6.0, None, "Last, start only."),
    ]


def test_start_end_text_json_is_read():
    """The `start`/`end`/`text` shape (Flightcast and other hosts) gives timed segments."""
    data = {"segments": [{"start": 0.0, "end": 1.0, "text": "Only segment text here"}]}
    transcript = read_text(json.dumps(data), "f.json")
    assert [(s.start, s.end, s.text) for s in transcript.segments] == [(0.0, 1.0, "Only segment text here")]


def test_embedded_vtt_wins_when_valid_and_segments_are_the_fallback():
    """Flightcast JSON: a valid embedded `vtt` gives the exact times; a broken one falls back to segments."""
    segments = [{"start": 0.03, "end": 2.35, "text": "Hello world"}]
    good = {"segments": segments, "vtt": "WEBVTT\n\n00:00:00.031 --> 00:00:02.356\nHello world\n"}
    bad = {"segments": segments, "vtt": "WEBVTT\n\nnot a cue"}
    assert [(s.start, s.end) for s in read_text(json.dumps(good), "g.json").segments] == [(0.031, 2.356)]
    assert [(s.start, s.end) for s in read_text(json.dumps(bad), "b.json").segments] == [(0.03, 2.35)]


def test_python_literal_style_json_is_read_and_broken_ones_refused():
    """Single-quoted JSON (AntennaPod reads it) reads; one with no segments or bare words is refused."""
    good = "{'segments': [{'speaker': 'Ann', 'startTime': 0.8, 'endTime': 1.9, 'body': 'And'}]}"
    assert [(s.speaker, s.text) for s in read_text(good, "q.json").segments] == [("Ann", "And")]
    for bad in ("{'segmentsX': [{'startTime': 1, 'body': 'x'}]}", "{'segments': [{'startTime': nope}]}"):
        with pytest.raises(InputError):
            read_text(bad, "bad.json")


def test_one_word_segments_keep_their_word_times():
    """Word-level JSON grouped into lines keeps each word's time; the words joined give the line."""
    words = ["So", "this", "works.", "And", "then", "a", "pause", "after,", "Bo", "speaks."]
    data = {
        "segments": [
            {"startTime": i * 0.5 + (2 if i >= 7 else 0), "endTime": i * 0.5 + 0.4 + (2 if i >= 7 else 0),
             "body": w, "speaker": "Bo" if i >= 8 else "Ann"}
            for i, w in enumerate(words)
        ]
    }  # fmt: skip
    transcript = read_text(json.dumps(data), "w.json")
    assert [(s.speaker, s.text) for s in transcript.segments] == [
        ("Ann", "So this works."),
        ("Ann", "And then a pause"),
        ("Ann", "after,"),
        ("Bo", "Bo speaks."),
    ]
    for segment in transcript.segments:
        assert " ".join(w.text for w in segment.words) == segment.text
        assert (segment.words[0].start, segment.words[-1].end) == (segment.start, segment.end)
    assert transcript.segments[1].words[1].start == 2.0


def test_segment_words_from_our_own_export_are_read_back():
    """A segment's `words` list (as Earmark exports it) gives Segment.words; a mismatched one is ignored."""
    words = [
        {"startTime": 1.0, "endTime": 1.4, "body": "Hello"},
        {"startTime": 1.5, "endTime": 2.0, "body": "there."},
    ]
    data = {
        "segments": [
            {"startTime": 1.0, "endTime": 2.0, "body": "Hello there.", "words": words},
            {"startTime": 2.0, "endTime": 3.0, "body": "Other text.", "words": words},
        ]
    }
    first, second = read_text(json.dumps(data), "w.json").segments
    assert [(w.text, w.start, w.end) for w in first.words] == [("Hello", 1.0, 1.4), ("there.", 1.5, 2.0)]
    assert second.words == []
