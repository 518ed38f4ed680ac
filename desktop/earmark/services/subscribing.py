"""Podcasts: subscribe, refresh the back catalogue, download episodes, unsubscribe, OPML.

A refresh records every feed item (the back catalogue) and lists what is new;
audio is downloaded only on demand, with ``download=True`` or a podcast's
auto-download of its newest N. Each feed is fetched on its own: a failure is one
line naming the feed and the problem, and the others go on. Downloads live in
``downloading.py``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse

from earmark.core.errors import Cancelled, InputError
from earmark.core.progress import CancelToken, Progress, no_progress, scaled
from earmark.feeds import fetch_bytes, fetch_feed
from earmark.feeds.fetch import FeedFetch, check_feed_url
from earmark.feeds.opml import Outline, read_opml, write_opml
from earmark.feeds.parse import ParsedFeed
from earmark.services.downloading import Downloader
from earmark.store import Database
from earmark.store import podcasts as rows
from earmark.store.podcasts import FeedItemRow, PodcastRow


@dataclass
class RefreshResult:
    new_items: list[FeedItemRow] = field(default_factory=list)  # listed as new (newest first per feed)
    new_episodes: list[int] = field(default_factory=list)  # episode ids downloaded
    failures: list[str] = field(default_factory=list)  # one line each: the URL and the problem


@dataclass
class UnsubscribeResult:
    title: str
    kept: int  # annotated episodes, still in the library
    removed: int  # downloaded episodes with nothing of the user's, removed with their files


class SubscriptionService:
    def __init__(self, database: Database, downloader: Downloader, folder: Path) -> None:
        self._database = database
        self.downloader = downloader
        self._artwork = folder / "artwork"

    # -- subscribing -----------------------------------------------------------

    def subscribe(self, url: str, progress: Progress = no_progress, cancel: CancelToken | None = None) -> int:
        """Add a feed (or the feed a podcast's web page links) once; return its podcast id."""
        url = url.strip()
        check_feed_url(url)
        existing = rows.find_by_feed(self._database.conn, url)
        if existing is not None:
            return existing
        progress(0.1, f"fetching {url}")
        fetched = fetch_feed(url, cancel=cancel)
        if fetched.pages_feeds is not None:
            if not fetched.pages_feeds:
                raise InputError(url, "is a web page that links no podcast feed")
            url = fetched.pages_feeds[0]
            existing = rows.find_by_feed(self._database.conn, url)
            if existing is not None:
                return existing
            fetched = fetch_feed(url, cancel=cancel)
        if fetched.gone:
            raise InputError(url, "is gone (HTTP 410): the publisher ended this feed")
        feed = _feed_of(fetched, url)
        if not feed.episodes and not feed.link and feed.title == url:
            raise InputError(url, "is not a podcast feed (no title and no episodes)")
        progress(0.6, f"{len(feed.episodes)} episodes")
        with self._database.transaction() as conn:
            podcast_id = rows.insert_podcast(
                conn,
                title=feed.title,
                feed_url=fetched.url,
                link=feed.link,
                description=feed.description,
                image_url=feed.image_url,
                language=feed.language,
            )
            rows.upsert_items(conn, podcast_id, feed.episodes, is_new=True)
            rows.update_podcast(conn, podcast_id, etag=fetched.etag, last_modified=fetched.last_modified)
            rows.mark_refreshed(conn, podcast_id)
        self._cache_artwork(podcast_id, feed.image_url)
        progress(1.0, f"subscribed to {feed.title}")
        return podcast_id

    def _cache_artwork(self, podcast_id: int, image_url: str | None) -> None:
        """Artwork on disk beside the library, so the pane never fetches while painting."""
        if not image_url:
            return
        suffix = Path(urlparse(image_url).path).suffix.lower()
        target = (
            self._artwork / f"{podcast_id}{suffix if suffix in {'.jpg', '.jpeg', '.png', '.webp'} else ''}"
        )
        try:
            data = fetch_bytes(image_url, limit=5 * 1024 * 1024, timeout=15)
        except InputError:
            return  # no artwork is not a failure of the feed
        self._artwork.mkdir(parents=True, exist_ok=True)
        partial = target.with_name(target.name + ".part")
        partial.write_bytes(data)
        partial.replace(target)
        with self._database.transaction() as conn:
            rows.update_podcast(conn, podcast_id, artwork_path=str(target))

    # -- refreshing ------------------------------------------------------------

    def refresh(
        self,
        progress: Progress = no_progress,
        cancel: CancelToken | None = None,
        newest: int = 3,
        download: bool = False,
        podcast_id: int | None = None,
    ) -> RefreshResult:
        """Fetch every feed (or one); list up to ``newest`` new items each; download if asked or auto."""
        cancel = cancel or CancelToken()
        result = RefreshResult()
        feeds = [p for p in rows.podcasts(self._database.conn) if not p.gone]
        if podcast_id is not None:
            feeds = [p for p in feeds if p.id == podcast_id]
        for index, podcast in enumerate(feeds):
            cancel.check()
            share = 1.0 / max(len(feeds), 1)
            step = scaled(progress, index * share, share, f"{podcast.title}: ")
            try:
                fresh = self._refresh_one(podcast, cancel)
            except Cancelled:
                raise
            except InputError as error:
                self._fail(podcast, str(error), result)
                continue
            except Exception as error:  # a bug in one feed's handling must not stop the others
                self._fail(podcast, f"{podcast.feed_url}: could not be refreshed ({error!r})", result)
                continue
            listed = fresh[: max(newest, 0)]
            result.new_items += listed
            wanted = listed if download else fresh[: podcast.auto_download]
            for number, item in enumerate(wanted):
                item_step = scaled(step, number / len(wanted), 1 / len(wanted), f"{item.title}: ")
                try:
                    result.new_episodes.append(self.downloader.download_item(item.id, item_step, cancel))
                except InputError as error:
                    result.failures.append(str(error))
        progress(1.0, f"{len(result.new_items)} new episode(s)")
        return result

    def _fail(self, podcast: PodcastRow, line: str, result: RefreshResult) -> None:
        result.failures.append(line)
        with self._database.transaction() as conn:
            rows.update_podcast(conn, podcast.id, last_error=line)

    def _refresh_one(self, podcast: PodcastRow, cancel: CancelToken) -> list[FeedItemRow]:
        """One feed: fetch (conditionally), store its items; return the unreported ones, newest first."""
        url = str(podcast.feed_url)
        fetched = fetch_feed(url, podcast.etag, podcast.last_modified, cancel=cancel)
        if fetched.gone:
            with self._database.transaction() as conn:
                rows.update_podcast(conn, podcast.id, gone=1, last_error=f"{url}: gone (HTTP 410)")
            raise _Gone(url)
        with self._database.transaction() as conn:
            changes: dict[str, object] = {"last_error": None}
            if fetched.moved and rows.find_by_feed(conn, fetched.url) is None:
                changes["feed_url"] = fetched.url
            if not fetched.not_modified:
                feed = _feed_of(fetched, url)
                rows.upsert_items(conn, podcast.id, feed.episodes, is_new=True)
                changes.update(etag=fetched.etag, last_modified=fetched.last_modified)
                if feed.language:
                    changes["language"] = feed.language
            rows.update_podcast(conn, podcast.id, **changes)
            rows.mark_refreshed(conn, podcast.id)
            fresh = [i for i in rows.items(conn, podcast.id) if not i.reported and i.episode_id is None]
            conn.execute("UPDATE feed_items SET reported = 1 WHERE podcast_id = ?", (podcast.id,))
        return fresh

    # -- the library's podcasts ------------------------------------------------

    def podcasts(self) -> list[PodcastRow]:
        return rows.podcasts(self._database.conn)

    def podcast(self, podcast_id: int) -> PodcastRow:
        found = rows.podcast(self._database.conn, podcast_id)
        if found is None:
            raise InputError(f"podcast {podcast_id}", "no such podcast in the library")
        return found

    def resolve(self, reference: str) -> PodcastRow:
        """A podcast by id, feed URL or unique title fragment (for the command)."""
        every = self.podcasts()
        if reference.isdigit():
            return self.podcast(int(reference))
        found = [p for p in every if p.feed_url == reference] or [
            p for p in every if reference.casefold() in p.title.casefold()
        ]
        if len(found) != 1:
            problem = "no podcast has that title" if not found else f"{len(found)} podcasts match; use the id"
            raise InputError(f"podcast {reference!r}", problem)
        return found[0]

    def catalogue(self, podcast_id: int) -> list[FeedItemRow]:
        """Every item the feed listed, newest first, downloaded or not."""
        return rows.items(self._database.conn, podcast_id)

    def set_auto_download(self, podcast_id: int, newest: int) -> None:
        with self._database.transaction() as conn:
            rows.update_podcast(conn, podcast_id, auto_download=max(0, int(newest)))

    def mark_seen(self, podcast_id: int) -> None:
        """The user looked at the podcast: its items are no longer new."""
        with self._database.transaction() as conn:
            conn.execute("UPDATE feed_items SET is_new = 0 WHERE podcast_id = ?", (podcast_id,))

    def unsubscribe(self, podcast_id: int) -> UnsubscribeResult:
        """Forget the feed; annotated episodes stay (with the podcast title), the rest go with their files."""
        podcast = self.podcast(podcast_id)
        files: list[Path] = []
        kept = removed = 0
        with self._database.transaction() as conn:
            for item in rows.items(conn, podcast_id):
                if item.episode_id is None:
                    continue
                if rows.annotated(conn, item.episode_id, self.downloader.show_notes(item)):
                    kept += 1
                    continue
                path = conn.execute(
                    "SELECT audio_path FROM episodes WHERE id = ?", (item.episode_id,)
                ).fetchone()
                if path and path[0].startswith(str(self.downloader.audio_folder)):
                    files.append(Path(path[0]))
                rows.delete_episode(conn, item.episode_id)
                conn.execute(
                    "INSERT INTO search_outbox (entity, entity_id) VALUES ('episode', ?)", (item.episode_id,)
                )
                removed += 1
            conn.execute("DELETE FROM feed_items WHERE podcast_id = ?", (podcast_id,))
            if kept:
                rows.update_podcast(conn, podcast_id, feed_url=None, etag=None, last_modified=None)
            else:
                rows.delete_podcast(conn, podcast_id)
        for path in files:
            path.unlink(missing_ok=True)
            path.with_name(path.name + ".part").unlink(missing_ok=True)
        if podcast.artwork_path and not kept:
            Path(podcast.artwork_path).unlink(missing_ok=True)
        return UnsubscribeResult(podcast.title, kept, removed)

    # -- OPML --------------------------------------------------------------------

    def import_opml(
        self, path: Path, progress: Progress = no_progress, cancel: CancelToken | None = None
    ) -> tuple[list[int], list[str]]:
        """Subscribe to every feed of an OPML file; (podcast ids, one failure line per feed)."""
        outlines = read_opml(path)
        added: list[int] = []
        failures: list[str] = []
        for index, outline in enumerate(outlines):
            (cancel or CancelToken()).check()
            progress(index / max(len(outlines), 1), outline.title)
            try:
                added.append(self.subscribe(outline.feed_url, cancel=cancel))
            except InputError as error:
                failures.append(str(error))
        progress(1.0, f"{len(added)} podcast(s)")
        return added, failures

    def export_opml(self) -> str:
        return write_opml([Outline(p.title, str(p.feed_url)) for p in self.podcasts() if p.feed_url])


class _Gone(InputError):
    def __init__(self, url: str) -> None:
        super().__init__(url, "is gone (HTTP 410): the publisher ended this feed; it is no longer refreshed")


def _feed_of(fetched: FeedFetch, url: str) -> ParsedFeed:
    if fetched.pages_feeds is not None:
        raise InputError(url, "is a web page, not a feed; subscribe to it to find its feed")
    assert fetched.feed is not None
    return fetched.feed
