"""Subscribing to podcast feeds and fetching their new episodes.

``refresh`` downloads the newest episodes a feed has that the library lacks
(audio, plus the ``<podcast:transcript>`` when the feed links one) and imports
each in its own transaction, so a failure part-way keeps what came before.
"""

from __future__ import annotations

import re
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse

from earmark.core.errors import InputError
from earmark.core.progress import CancelToken, Progress, no_progress, scaled
from earmark.feeds import FeedEpisode, download, parse_feed
from earmark.feeds.download import fetch_bytes
from earmark.services.importing import FeedOrigin, ImportService
from earmark.store import Database
from earmark.store import podcasts as podcast_rows


@dataclass
class RefreshResult:
    new_episodes: list[int] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)  # one line each: the URL and the problem


def _safe_name(text: str, fallback: str) -> str:
    name = re.sub(r"[^\w.-]+", "-", text).strip("-.")[:80]
    return name or fallback


class SubscriptionService:
    def __init__(self, database: Database, importer: ImportService, folder: Path) -> None:
        self._database = database
        self._importer = importer
        self._audio_folder = folder / "audio"

    def subscribe(
        self, feed_url: str, progress: Progress = no_progress, cancel: CancelToken | None = None
    ) -> int:
        """Add a feed (once) and return its podcast id. Episodes arrive with :meth:`refresh`."""
        if urlparse(feed_url).scheme not in {"http", "https", "file"}:
            raise InputError(feed_url, "is not an http(s) feed address")
        existing = podcast_rows.find_by_feed(self._database.conn, feed_url)
        if existing is not None:
            return existing
        feed = parse_feed(fetch_bytes(feed_url), feed_url)
        with self._database.transaction() as conn:
            return podcast_rows.insert_podcast(
                conn,
                title=feed.title,
                feed_url=feed_url,
                link=feed.link,
                description=feed.description,
                image_url=feed.image_url,
            )

    def refresh(
        self, progress: Progress = no_progress, cancel: CancelToken | None = None, newest: int = 3
    ) -> RefreshResult:
        """Fetch every feed and import up to ``newest`` new episodes from each."""
        cancel = cancel or CancelToken()
        result = RefreshResult()
        feeds = podcast_rows.list_feeds(self._database.conn)
        for index, (podcast_id, title, url) in enumerate(feeds):
            cancel.check()
            try:
                feed = parse_feed(fetch_bytes(url), url)
            except InputError as error:
                result.failures.append(str(error))
                continue
            known = podcast_rows.known_guids(self._database.conn, podcast_id)
            fresh = [e for e in feed.episodes if e.guid not in known][:newest]
            for number, item in enumerate(fresh):
                span = 1.0 / (len(feeds) * len(fresh))
                step = scaled(progress, (index + number / len(fresh)) / len(feeds), span, f"{title}: ")
                try:
                    result.new_episodes.append(self._fetch_episode(podcast_id, item, step, cancel))
                except InputError as error:
                    result.failures.append(str(error))
            with self._database.transaction() as conn:
                podcast_rows.mark_refreshed(conn, podcast_id)
        progress(1.0, f"{len(result.new_episodes)} new episode(s)")
        return result

    def _fetch_episode(
        self, podcast_id: int, item: FeedEpisode, progress: Progress, cancel: CancelToken
    ) -> int:
        suffix = Path(urlparse(item.audio_url).path).suffix or ".mp3"
        target = self._audio_folder / str(podcast_id) / (_safe_name(item.title, "episode") + suffix)
        audio = download(item.audio_url, target, progress, cancel)
        with tempfile.TemporaryDirectory() as scratch:
            transcript = None
            if item.transcript_url:
                transcript = Path(scratch) / _safe_name(
                    Path(urlparse(item.transcript_url).path).name, "transcript"
                )
                transcript.write_bytes(fetch_bytes(item.transcript_url))
            origin = FeedOrigin(
                podcast_id=podcast_id,
                guid=item.guid,
                title=item.title,
                audio_url=item.audio_url,
                published=item.published,
                description=item.description,
            )
            return self._importer.import_episode(audio, transcript, feed=origin)
