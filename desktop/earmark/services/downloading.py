"""Downloading one feed item into the library: audio, its best transcript, chapters, show notes.

The audio goes to ``audio/<podcast>/<item id>-<title>.<ext>`` (one file per item,
whatever the titles) through a ``.part`` name. A transcript that cannot be
fetched or read keeps the episode, marked "no transcript (…)". If the import
fails, the downloaded file is removed: nothing is left orphaned. A timed
transcript is then checked against the audio (``align.fit``) and re-timed when
an ad or an edit moved the speech.
"""

from __future__ import annotations

import re
import tempfile
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlparse

from earmark.core.errors import Cancelled, InputError
from earmark.core.progress import CancelToken, Progress, no_progress, scaled
from earmark.feeds import TranscriptLink, choose_transcript, download, fetch_bytes
from earmark.feeds.chapters import read_chapters
from earmark.feeds.notes import notes_text
from earmark.services.importing import FeedOrigin, ImportService
from earmark.store import Database, outbox
from earmark.store import podcasts as rows
from earmark.store.podcasts import FeedItemRow

_SUFFIXES = {"application/json": ".json", "text/vtt": ".vtt", "text/html": ".html", "text/plain": ".txt"}
_AUDIO_TYPES = {
    "audio/mpeg": ".mp3", "audio/mp4": ".m4a", "audio/x-m4a": ".m4a", "audio/ogg": ".ogg",
    "audio/opus": ".opus", "audio/wav": ".wav", "audio/x-wav": ".wav", "audio/flac": ".flac",
}  # fmt: skip

# (episode id, progress, cancel, language) -> timing status
Retimer = Callable[[int, Progress, CancelToken, str], str]


def _safe_name(text: str, fallback: str) -> str:
    name = re.sub(r"[^\w.-]+", "-", text).strip("-.")[:60]
    return name or fallback


class Downloader:
    def __init__(self, database: Database, importer: ImportService, folder: Path) -> None:
        self._database = database
        self._importer = importer
        self.audio_folder = folder / "audio"
        self.retimer: Retimer | None = None  # set by the composition root (timing check + re-time)

    def show_notes(self, item: FeedItemRow) -> str:
        return notes_text(item.notes_html, item.description)

    def target_for(self, item: FeedItemRow) -> Path:
        path_suffix = Path(urlparse(item.audio_url or "").path).suffix.lower()
        suffix = path_suffix if 1 < len(path_suffix) <= 5 else _AUDIO_TYPES.get(item.audio_type or "", ".mp3")
        return (
            self.audio_folder
            / str(item.podcast_id)
            / f"{item.id}-{_safe_name(item.title, 'episode')}{suffix}"
        )

    def episode_of(self, item_id: int) -> int | None:
        found = rows.item(self._database.conn, item_id)
        return found.episode_id if found else None

    def resolve(self, reference: str) -> FeedItemRow:
        """A feed item by id or a unique title fragment (for ``earmark download``)."""
        conn = self._database.conn
        if reference.isdigit():
            found = rows.item(conn, int(reference))
            if found is None:
                raise InputError(f"episode {reference}", "no such feed episode (see `earmark refresh`)")
            return found
        wanted = reference.casefold()
        ids = [r[0] for r in conn.execute("SELECT id, title FROM feed_items") if wanted in r[1].casefold()]
        if len(ids) != 1:
            problem = (
                "no feed episode has that title" if not ids else f"{len(ids)} feed episodes match; use the id"
            )
            raise InputError(f"episode {reference!r}", problem)
        return rows.item(conn, ids[0])  # type: ignore[return-value]

    def download_item(
        self, item_id: int, progress: Progress = no_progress, cancel: CancelToken | None = None
    ) -> int:
        """Download a feed item into the library (once); return its episode id."""
        cancel = cancel or CancelToken()
        item = rows.item(self._database.conn, item_id)
        if item is None:
            raise InputError(f"episode {item_id}", "no such feed episode")
        if item.episode_id is not None:
            return item.episode_id
        if not item.audio_url:
            raise InputError(item.title, "has no audio in the feed")
        podcast = rows.podcast(self._database.conn, item.podcast_id)
        language = podcast.language if podcast else ""
        target = self.target_for(item)
        audio = download(
            item.audio_url, target, scaled(progress, 0.0, 0.8), cancel, size_hint=item.audio_size
        )
        try:
            with tempfile.TemporaryDirectory() as scratch:
                transcript, status = self._transcript(item, language, Path(scratch))
                cancel.check()
                progress(0.85, "importing")
                episode_id, status = self._import(item, audio, transcript, status)
            chapters = self._chapters(item)
        except BaseException:
            target.unlink(missing_ok=True)
            raise
        with self._database.transaction() as conn:
            rows.update_item(conn, item.id, episode_id=episode_id, transcript_status=status)
            conn.execute(  # the audio's own length, where the feed gave none
                "UPDATE feed_items SET duration_ms = coalesce(duration_ms,"
                " (SELECT duration_ms FROM episodes WHERE id = ?)) WHERE id = ?",
                (episode_id, item.id),
            )
            conn.execute(
                "UPDATE episodes SET published = coalesce(?, published),"
                " notes = CASE WHEN notes = '' THEN ? ELSE notes END WHERE id = ?",
                (item.published, self.show_notes(item), episode_id),
            )
            if chapters:
                rows.replace_feed_chapters(conn, episode_id, chapters)
            outbox.enqueue(conn, "episode", episode_id)
        if self.retimer is not None and status == "timed":
            try:
                spoken = (language or "en").split("-")[0].lower()
                timing = self.retimer(episode_id, scaled(progress, 0.9, 0.1, "timing: "), cancel, spoken)
            except InputError as error:
                timing = f"not checked ({error})"
            except Cancelled:
                timing = "not checked (cancelled)"
            with self._database.transaction() as conn:
                rows.update_item(conn, item.id, timing=timing)
        progress(1.0, f"downloaded {item.title}")
        return episode_id

    def _transcript(self, item: FeedItemRow, language: str, scratch: Path) -> tuple[Path | None, str]:
        links = [TranscriptLink(**t) for t in item.transcripts]
        best = choose_transcript(links, language)
        if best is None:
            return None, "no transcript"
        kind = best.type.split(";")[0].strip().lower()
        suffix = _SUFFIXES.get(kind) or (".srt" if "srt" in kind or "subrip" in kind else ".txt")
        try:
            data = fetch_bytes(best.url)
        except InputError as error:
            return None, f"no transcript ({error})"
        path = scratch / f"transcript{suffix}"
        path.write_bytes(data)
        return path, "transcript"

    def _import(
        self, item: FeedItemRow, audio: Path, transcript: Path | None, status: str
    ) -> tuple[int, str]:
        origin = FeedOrigin(
            podcast_id=item.podcast_id,
            guid=item.guid,
            title=item.title,
            audio_url=str(item.audio_url),
            published=item.published,
        )
        if transcript is not None:
            try:
                episode_id = self._importer.import_episode(audio, transcript, feed=origin)
            except InputError as error:
                if error.source and Path(error.source).name == transcript.name:
                    status = f"no transcript ({item.transcripts[0]['url'] if item.transcripts else ''}:"
                    status += f" {error.problem})"
                    transcript = None
                else:
                    raise InputError(item.audio_url, error.problem) from None
            else:
                timed = self._database.conn.execute(
                    "SELECT EXISTS (SELECT 1 FROM segments s JOIN transcripts t ON t.id = s.transcript_id"
                    " WHERE t.episode_id = ? AND s.start_ms IS NOT NULL)",
                    (episode_id,),
                ).fetchone()[0]
                return episode_id, "timed" if timed else "untimed"
        try:
            return self._importer.import_episode(audio, None, feed=origin), status
        except InputError as error:
            raise InputError(item.audio_url, error.problem) from None

    def _chapters(self, item: FeedItemRow) -> list[tuple[str, float]]:
        if not item.chapters_url:
            return []
        try:
            return read_chapters(fetch_bytes(item.chapters_url), item.chapters_url)
        except InputError:
            return []  # chapters are a nicety: the episode stands without them
