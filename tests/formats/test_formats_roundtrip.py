"""Writers: what Earmark writes, Earmark reads back the same, and independent libraries read too."""

from __future__ import annotations

import html
import json

import pysrt
import webvtt
from hypothesis import assume, given
from hypothesis import strategies as st

from earmark.core.model import Segment, Transcript, TranscriptKind
from earmark.formats import read_text, write_transcript
from earmark.formats.speakers import looks_like_speaker_prefix

_word = st.text(alphabet="abcdefghijklmnopqrstuvwxyzéüßABCXYZ0123456789'’&<>?!.,-", min_size=1, max_size=10)
_text = st.lists(_word, min_size=2, max_size=8).map(" ".join)
_speaker = st.none() | st.sampled_from(["Ann", "Bob Smith", "Dr. Chen", "MARY"])


@st.composite
def timed_transcripts(draw) -> Transcript:
    count = draw(st.integers(1, 12))
    at, segments = 0, []
    for _ in range(count):
        at += draw(st.integers(0, 5000))
        length = draw(st.integers(1, 9000))
        text = draw(_text)
        assume(not looks_like_speaker_prefix(text) and not text.startswith(("-", "#")))
        segments.append(Segment(text=text, start=at / 1000, end=(at + length) / 1000, speaker=draw(_speaker)))
        at += length
    return Transcript(segments=segments, format="test", kind=TranscriptKind.TIMED)


def _shape(transcript: Transcript, ends: bool = True) -> list[tuple]:
    return [(s.start, s.end if ends else None, s.speaker, s.text) for s in transcript.segments]


@given(timed_transcripts())
def test_srt_round_trip(transcript):
    """SRT written then read gives the same times, speakers and text."""
    assume(all("<" not in s.text for s in transcript.segments))  # SRT has no escape for tag-like text
    assert _shape(read_text(write_transcript(transcript, "srt"), "t.srt")) == _shape(transcript)


@given(timed_transcripts())
def test_vtt_round_trip(transcript):
    """WebVTT (with <v> voices and escaped & < >) written then read gives the same segments."""
    assert _shape(read_text(write_transcript(transcript, "vtt"), "t.vtt")) == _shape(transcript)


@given(timed_transcripts())
def test_podcast_json_round_trip(transcript):
    """Podcasting 2.0 JSON written then read gives the same segments."""
    assert _shape(read_text(write_transcript(transcript, "json"), "t.json")) == _shape(transcript)


@given(timed_transcripts())
def test_markdown_round_trip_keeps_starts(transcript):
    """Markdown written then read gives the same starts, speakers and text (ends are the next start)."""
    back = read_text(write_transcript(transcript, "md"), "t.md")
    assert [(s.start, s.speaker, s.text) for s in back.segments] == [
        (s.start, s.speaker, s.text) for s in transcript.segments
    ]


SAMPLE = Transcript(
    segments=[
        Segment(text="Hello & welcome <everyone>.", start=0.0, end=1.5, speaker="Ann"),
        Segment(text="Second line here.", start=1.5, end=3.25),
    ],
    format="test",
    kind=TranscriptKind.TIMED,
)


def test_pysrt_reads_our_srt(tmp_path):
    """pysrt reads the SRT Earmark writes: same times and text (an unnamed line after a named says ``>>``)."""
    path = tmp_path / "out.srt"
    path.write_text(write_transcript(SAMPLE, "srt"), encoding="utf-8")
    subs = pysrt.open(str(path), encoding="utf-8")
    assert [(s.start.ordinal, s.end.ordinal, s.text) for s in subs] == [
        (0, 1500, "Ann: Hello & welcome <everyone>."),
        (1500, 3250, ">> Second line here."),
    ]


def test_srt_unnamed_line_after_named_is_marked_and_read_back_unnamed():
    """An unnamed line after a named one is written ``>> text``, so reading it back carries no name to it."""
    srt = write_transcript(SAMPLE, "srt")
    assert srt.splitlines()[6] == ">> Second line here."
    back = read_text(srt, "t.srt").segments
    assert [s.speaker for s in back] == ["Ann", None]
    assert back[1].text == "Second line here."


def test_webvtt_py_reads_our_vtt(tmp_path):
    """webvtt-py reads the WebVTT Earmark writes: times, <v> voice, and text once its entities are decoded."""
    path = tmp_path / "out.vtt"
    path.write_text(write_transcript(SAMPLE, "vtt"), encoding="utf-8")
    captions = webvtt.read(str(path))
    assert [(c.start, c.end, html.unescape(c.text)) for c in captions] == [
        ("00:00:00.000", "00:00:01.500", "Hello & welcome <everyone>."),
        ("00:00:01.500", "00:00:03.250", "Second line here."),
    ]
    assert captions[0].voice == "Ann"


def test_json_export_is_podcasting_2_0():
    """The JSON export is the Podcasting 2.0 shape that the standard json module reads."""
    data = json.loads(write_transcript(SAMPLE, "json"))
    assert data["version"] == "1.0.0"
    assert data["segments"][0] == {
        "speaker": "Ann",
        "body": "Hello & welcome <everyone>.",
        "startTime": 0.0,
        "endTime": 1.5,
    }
