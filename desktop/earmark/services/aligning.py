"""Syncing an episode's untimed text to its audio, and fixing single sentence starts.

Alignment runs first, writing nothing; only when it succeeded are all times
written in one transaction (with the search outbox entry). Cancelling leaves the
episode exactly as it was.

A transcript whose times came from its file (a feed's VTT, an SRT) is re-timed,
not re-synced: the aligner's times only tell where each stretch between ads or
edits moved, and ``align.fit.keep_shape`` moves the file's own cues by that, so
text, speakers and word times stay and every cue stays timed. When the moved shape
disagrees with the aligner on most cues (a file for another cut, or another
speed), the aligner's own times are written instead.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from earmark.core.errors import InputError
from earmark.core.model import Segment, SegmentKind
from earmark.core.progress import CancelToken, Progress, no_progress
from earmark.store import Database, outbox
from earmark.store import episodes as episode_rows
from earmark.store import transcripts as transcript_rows


@dataclass(frozen=True, slots=True)
class AlignResult:
    """What a sync changed: sentences timed, marked not in audio, and timed but doubtful."""

    aligned: int
    unspoken: int
    low_confidence: int
    retimed: bool = False  # a file's timed transcript moved as a whole (see the module docstring)
    moved: int = 0  # cues whose times changed, when retimed


def from_file_times(segments: list[Segment]) -> bool:
    """Whether the times came with the file: timed, and none set by the aligner (it gives a confidence).

    A re-timed transcript keeps this (its cues carry no confidence), so aligning it again re-times
    it again; sentences the user fixed (locked) do not count.
    """
    timed = [s for s in segments if s.start is not None and not s.locked]
    return bool(timed) and all(s.confidence is None for s in timed)


class AlignService:
    def __init__(self, database: Database, language: str = "en") -> None:
        self._database = database
        self.language = language
        self.on_episode_changed: list[Callable[[int], None]] = []

    def _load(self, episode_id: int) -> tuple[Path, list[Segment]]:
        conn = self._database.conn
        episode = episode_rows.get_episode(conn, episode_id)
        if episode is None:
            raise InputError(f"episode {episode_id}", "no such episode in the library")
        transcript = transcript_rows.load_transcript(conn, episode_id)
        if transcript is None or not transcript.segments:
            raise InputError(f"episode {episode_id}", "has no transcript to sync")
        return Path(episode.audio_path), transcript.segments

    def align_episode(
        self,
        episode_id: int,
        progress: Progress = no_progress,
        cancel: CancelToken | None = None,
        language: str | None = None,
    ) -> AlignResult:
        """Give every sentence a time (locked ones stay put and anchor the rest)."""
        from earmark.align import align_segments, low_confidence  # numba: loaded when a sync runs

        audio_path, segments = self._load(episode_id)
        retime = from_file_times(segments)
        aligned = align_segments(
            audio_path, segments, language=language or self.language, progress=progress, cancel=cancel
        )
        if cancel is not None:
            cancel.check()
        if retime:
            from earmark.align.fit import keep_shape, shape_holds

            moved = keep_shape(segments, aligned)
            retime = shape_holds(moved, aligned)  # else the file's times are no shape worth keeping
        if retime:
            self._write(episode_id, moved)
            return AlignResult(
                aligned=sum(1 for s in moved if s.start is not None),
                unspoken=0,
                low_confidence=0,
                retimed=True,
                moved=sum(1 for a, b in zip(segments, moved, strict=True) if a.start != b.start),
            )
        self._write(episode_id, aligned)
        return AlignResult(
            aligned=sum(1 for s in aligned if s.kind is SegmentKind.SPEECH and s.start is not None),
            unspoken=sum(1 for s in aligned if s.kind is SegmentKind.UNSPOKEN),
            low_confidence=sum(1 for s in aligned if low_confidence(s) and not s.locked),
        )

    def set_sentence_start(self, episode_id: int, position: int, seconds: float) -> Segment:
        """Fix one sentence's start (from the player) and lock it; neighbours are clamped to keep order."""
        _, segments = self._load(episode_id)
        if not 0 <= position < len(segments):
            raise InputError(f"episode {episode_id}", f"has no sentence at position {position}")
        seconds = max(0.0, float(seconds))
        segment = segments[position]
        segment.start, segment.locked, segment.confidence = seconds, True, 1.0
        segment.kind = SegmentKind.SPEECH
        for earlier in segments[:position]:
            if earlier.start is not None and earlier.start > seconds:
                earlier.start = seconds
            if earlier.end is not None and earlier.end > seconds:
                earlier.end = seconds
        for later in segments[position + 1 :]:
            if later.start is not None and later.start < seconds:
                later.start = seconds
            if later.end is not None and later.end < seconds:
                later.end = seconds
        if segment.end is None or segment.end < seconds:
            nxt = next((s.start for s in segments[position + 1 :] if s.start is not None), None)
            segment.end = nxt if nxt is not None and nxt > seconds else seconds + 1.0
        self._write(episode_id, segments)
        return segment

    def _write(self, episode_id: int, segments: list[Segment]) -> None:
        with self._database.transaction() as conn:
            transcript_rows.update_segment_times(conn, episode_id, segments)
            outbox.enqueue(conn, "episode", episode_id)
        for listener in self.on_episode_changed:
            listener(episode_id)
