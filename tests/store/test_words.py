"""Word times are stored with their line and come back from the library unchanged."""

from __future__ import annotations

import json

from earmark.core.model import Segment, Transcript, TranscriptKind, Word
from earmark.formats.writers import write_transcript
from earmark.store import open_database
from earmark.store import transcripts as rows


def _transcript() -> Transcript:
    words = [Word("Ask", 1.0, 1.2), Word("not,", 1.25, 1.6), Word("<what>", 1.7, 2.0)]
    return Transcript([Segment("Ask not, <what>", 1.0, 2.0, words=words)], "vtt", TranscriptKind.TIMED)


def test_words_survive_the_library(library_dir):
    """Words written with a transcript, and again after alignment, load back with their times."""
    database = open_database(library_dir)
    conn = database.conn
    conn.execute("INSERT INTO episodes (id, title, audio_path) VALUES (1, 'e', '/a.wav')")
    transcript = _transcript()
    rows.replace_transcript(conn, 1, transcript, None)
    assert rows.load_transcript(conn, 1).segments[0].words == transcript.segments[0].words
    moved = [Segment("Ask not, <what>", 2.0, 3.0, words=[Word("Ask", 2.0, 3.0)])]
    rows.update_segment_times(conn, 1, moved)
    assert rows.load_transcript(conn, 1).segments[0].words == [Word("Ask", 2.0, 3.0)]
    database.close()


def test_json_and_vtt_exports_carry_word_times():
    """Podcasting 2.0 JSON gains a words list; WebVTT a timestamp tag before each later word."""
    transcript = _transcript()
    segment = json.loads(write_transcript(transcript, "json"))["segments"][0]
    assert segment["words"][1] == {"startTime": 1.25, "endTime": 1.6, "body": "not,"}
    vtt = write_transcript(transcript, "vtt")
    assert "Ask <00:00:01.250>not, <00:00:01.700>&lt;what&gt;" in vtt


def test_a_new_transcript_keeps_the_feeds_chapters(library_dir):
    """Replacing a transcript replaces the file's chapters but keeps those the feed gave."""
    database = open_database(library_dir)
    conn = database.conn
    conn.execute("INSERT INTO episodes (id, title, audio_path) VALUES (1, 'e', '/a.wav')")
    conn.execute("INSERT INTO chapters (episode_id, title, start_ms, source) VALUES (1, 'Intro', 0, 'feed')")
    rows.replace_transcript(conn, 1, _transcript(), None)
    assert [r[0] for r in conn.execute("SELECT title FROM chapters WHERE episode_id = 1")] == ["Intro"]
    database.close()
