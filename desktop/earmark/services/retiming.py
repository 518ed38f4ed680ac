"""Keeping a downloaded episode's timed transcript in step with the audio the listener actually has.

After a download or an import (or on demand) :meth:`RetimeService.check_and_retime`
asks ``align.fit`` whether the times fit (a few seconds of listening, whatever the
episode's length); only when they do not, the aligner re-times the text and
``align.fit.keep_shape`` keeps the transcript's own shape: each stretch between
ads moves as one, every cue stays timed, text and speakers untouched. Nothing is
written unless the whole re-timing succeeded.
"""

from __future__ import annotations

from pathlib import Path

from earmark.align.fit import Fit, check_fit
from earmark.core.errors import InputError
from earmark.core.progress import CancelToken, Progress, no_progress, scaled
from earmark.services.aligning import AlignService, from_file_times
from earmark.store import Database
from earmark.store import episodes as episode_rows
from earmark.store import transcripts as transcript_rows

RETIMED = "re-timed to your download"
RESYNCED = "re-synced to your download"  # the file's shape did not hold: the aligner's own times


class RetimeService:
    def __init__(self, database: Database, aligner: AlignService) -> None:
        self._database = database
        self._aligner = aligner  # its listeners (annotations re-anchoring) hear of every re-timing

    def _load(self, episode_id: int):
        conn = self._database.conn
        episode = episode_rows.get_episode(conn, episode_id)
        transcript = transcript_rows.load_transcript(conn, episode_id)
        if episode is None or transcript is None or not transcript.timed:
            raise InputError(f"episode {episode_id}", "has no timed transcript to check")
        return episode, transcript

    def check(self, episode_id: int, language: str = "en", cancel: CancelToken | None = None) -> Fit:
        episode, transcript = self._load(episode_id)
        return check_fit(Path(episode.audio_path), transcript.segments, language, cancel)

    def check_and_retime(
        self,
        episode_id: int,
        progress: Progress = no_progress,
        cancel: CancelToken | None = None,
        language: str = "en",
    ) -> str:
        """Return the timing status: "fits …", or :data:`RETIMED` after moving the times."""
        cancel = cancel or CancelToken()
        progress(0.0, "checking the transcript's times")
        fit = self.check(episode_id, language, cancel)
        if fit.fits:
            progress(1.0, "the transcript fits the audio")
            return "fits"
        return self.retime(episode_id, scaled(progress, 0.1, 0.9), cancel, language)

    def retime(
        self,
        episode_id: int,
        progress: Progress = no_progress,
        cancel: CancelToken | None = None,
        language: str = "en",
    ) -> str:
        """Re-time a timed transcript to this audio, keeping each stretch's shape (``AlignService``'s
        timed-transcript branch: it writes nothing unless the whole re-timing succeeded)."""
        _, transcript = self._load(episode_id)
        if not from_file_times(transcript.segments):  # the aligner's own times: no file's shape to keep
            raise InputError(f"episode {episode_id}", "its times are a sync's, not the transcript file's")
        result = self._aligner.align_episode(episode_id, progress, cancel or CancelToken(), language=language)
        status = RETIMED if result.retimed else RESYNCED
        progress(1.0, status)
        return status
