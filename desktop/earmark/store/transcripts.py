"""Transcript and segment rows. Segments are stored in reading order (``position``)."""

from __future__ import annotations

import json
import sqlite3

from earmark.core.model import Chapter, Segment, SegmentKind, Transcript, TranscriptKind, Word
from earmark.core.timecode import from_ms, to_ms


def words_to_json(words: list[Word]) -> str:
    """Word times as compact JSON: ``[[start_ms, end_ms, text], ...]``."""
    return json.dumps([[to_ms(w.start), to_ms(w.end), w.text] for w in words], ensure_ascii=False)


def words_from_json(text: str | None) -> list[Word]:
    return [Word(word, start / 1000.0, end / 1000.0) for start, end, word in json.loads(text or "[]")]


def replace_transcript(
    conn: sqlite3.Connection, episode_id: int, transcript: Transcript, source: str | None
) -> int:
    """Store ``transcript`` as the episode's one transcript, replacing any older one."""
    conn.execute("DELETE FROM transcripts WHERE episode_id = ?", (episode_id,))
    cursor = conn.execute(
        "INSERT INTO transcripts (episode_id, format, kind, source_path) VALUES (?, ?, ?, ?)",
        (episode_id, transcript.format, str(transcript.kind), source),
    )
    transcript_id = int(cursor.lastrowid)  # type: ignore[arg-type]
    conn.executemany(
        """INSERT INTO segments (transcript_id, position, start_ms, end_ms, speaker, text, kind, paragraph,
                                 confidence, locked, words)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
        (
            (
                transcript_id,
                position,
                to_ms(s.start),
                to_ms(s.end),
                s.speaker,
                s.text,
                str(s.kind),
                s.paragraph,
                s.confidence,
                int(s.locked),
                words_to_json(s.words),
            )
            for position, s in enumerate(transcript.segments)
        ),
    )
    # the file's own chapters are replaced; the feed's <podcast:chapters> stay
    conn.execute("DELETE FROM chapters WHERE episode_id = ? AND source != 'feed'", (episode_id,))
    conn.executemany(
        "INSERT INTO chapters (episode_id, title, start_ms) VALUES (?, ?, ?)",
        ((episode_id, c.title, to_ms(c.start)) for c in transcript.chapters),
    )
    return transcript_id


def update_segment_times(conn: sqlite3.Connection, episode_id: int, segments: list[Segment]) -> None:
    """Write new times, kinds, confidences and word times for every segment, by position (after alignment)."""
    transcript_id = _transcript_id(conn, episode_id)
    if transcript_id is None:
        return
    conn.executemany(
        """UPDATE segments SET start_ms = ?, end_ms = ?, kind = ?, confidence = ?, locked = ?, words = ?
           WHERE transcript_id = ? AND position = ?""",
        (
            (
                to_ms(s.start),
                to_ms(s.end),
                str(s.kind),
                s.confidence,
                int(s.locked),
                words_to_json(s.words),
                transcript_id,
                position,
            )
            for position, s in enumerate(segments)
        ),
    )
    conn.execute(
        "UPDATE transcripts SET aligned_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now') WHERE id = ?",
        (transcript_id,),
    )


def _transcript_id(conn: sqlite3.Connection, episode_id: int) -> int | None:
    row = conn.execute("SELECT id FROM transcripts WHERE episode_id = ?", (episode_id,)).fetchone()
    return int(row[0]) if row else None


def load_transcript(conn: sqlite3.Connection, episode_id: int) -> Transcript | None:
    row = conn.execute(
        "SELECT id, format, kind FROM transcripts WHERE episode_id = ?", (episode_id,)
    ).fetchone()
    if row is None:
        return None
    segments = [
        Segment(
            text=r["text"],
            start=from_ms(r["start_ms"]),
            end=from_ms(r["end_ms"]),
            speaker=r["speaker"],
            kind=SegmentKind(r["kind"]),
            paragraph=r["paragraph"],
            confidence=r["confidence"],
            locked=bool(r["locked"]),
            words=words_from_json(r["words"]),
        )
        for r in conn.execute(
            "SELECT * FROM segments WHERE transcript_id = ? ORDER BY position", (row["id"],)
        )
    ]
    chapters = [
        Chapter(title=r["title"], start=from_ms(r["start_ms"]))
        for r in conn.execute(
            "SELECT title, start_ms FROM chapters WHERE episode_id = ? ORDER BY id", (episode_id,)
        )
    ]
    return Transcript(
        segments=segments, format=row["format"], kind=TranscriptKind(row["kind"]), chapters=chapters
    )
