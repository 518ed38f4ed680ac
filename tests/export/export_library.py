"""A small real library for export tests: two spoken episodes (one from a feed), awkward notes; tones."""

from __future__ import annotations

import math
import struct
import wave
from dataclasses import dataclass
from pathlib import Path

import pytest

from earmark.core.model import SegmentKind
from earmark.store import podcasts as podcast_rows
from earmark.store import transcripts as transcript_rows

SRT_ONE = """1
00:00:00,000 --> 00:00:01,500
Ann: Hello there.

2
00:00:01,600 --> 00:00:03,000
Bob: This is a test.

3
00:00:03,100 --> 00:00:04,400
Ann: Goodbye now.
"""

SRT_TWO = """1
00:00:00,000 --> 00:00:01,400
Second episode starts.

2
00:00:01,500 --> 00:00:02,800
This line was never said.

3
00:00:02,900 --> 00:00:04,000
And it ends.
"""

TRICKY_NOTE = 'Key point, with "quotes",\ncommas and a second line'
AUDIO_URL = "https://example.org/media/ep1.mp3"
FEED_URL = "https://example.org/feed.xml"


@dataclass
class Library:
    services: object
    first: int
    second: int
    highlight: int
    second_highlight: int
    tmp: Path


@pytest.fixture
def library(services, speech, tmp_path) -> Library:
    """Episode 1 (from a feed, with a web audio URL) and episode 2 (a line marked not in audio)."""
    (tmp_path / "one.srt").write_text(SRT_ONE)
    (tmp_path / "two.srt").write_text(SRT_TWO)
    one = speech("Hello there. This is a test. Goodbye now.", name="one.wav", words_per_minute=90)
    two = speech("Second episode starts. And it ends.", name="two.wav", words_per_minute=90)
    first = services.importer.import_episode(one, tmp_path / "one.srt", None, "Greeting: part one/two")
    second = services.importer.import_episode(two, tmp_path / "two.srt", None, "Second")
    with services.database.transaction() as conn:
        podcast = podcast_rows.insert_podcast(
            conn, title="Test Cast", feed_url=FEED_URL, link=None, description="", image_url=None
        )
        conn.execute(
            "UPDATE episodes SET podcast_id = ?, audio_url = ?, guid = 'g-1' WHERE id = ?",
            (podcast, AUDIO_URL, first),
        )
        transcript = transcript_rows.load_transcript(conn, second)
        transcript.segments[1].kind = SegmentKind.UNSPOKEN
        transcript.segments[1].start = transcript.segments[1].end = None
        transcript_rows.update_segment_times(conn, second, transcript.segments)
    notes = services.annotations
    h = notes.create_highlight(first, 1.6, 3.0, note=TRICKY_NOTE, tags=["ideas", "deep work"])
    h2 = notes.create_highlight(second, 2.9, 4.0, note="", tags=["later"])
    notes.save_episode_notes(first, "My episode notes.")
    notes.set_episode_tags(first, ["favourite"])
    services.library.save_position(first, 2.5)
    return Library(services, first, second, h.id, h2.id, tmp_path)


def two_tones(path: Path, rate: int = 16000, switch: float = 2.0, length: float = 4.0) -> Path:
    """440 Hz until ``switch`` seconds, then 880 Hz, 16-bit mono."""
    frames = bytearray()
    for i in range(int(length * rate)):
        frequency = 440.0 if i < switch * rate else 880.0
        frames += struct.pack("<h", int(8000 * math.sin(2 * math.pi * frequency * i / rate)))
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(rate)
        out.writeframes(bytes(frames))
    return path
