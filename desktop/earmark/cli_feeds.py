"""The podcast subcommands: subscribe, refresh, podcasts, unsubscribe, download, opml import/export."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from earmark.app import Services
from earmark.cli_progress import text_progress
from earmark.core.errors import InputError

if TYPE_CHECKING:  # every command builds the parser: the feed rows load only for feed commands
    from earmark.store.podcasts import FeedItemRow, PodcastRow


def _podcast_json(p: PodcastRow) -> dict:
    return {
        "id": p.id,
        "title": p.title,
        "feed_url": p.feed_url,
        "link": p.link,
        "image_url": p.image_url,
        "artwork": p.artwork_path,
        "episodes": p.episodes,
        "new": p.new_episodes,
        "downloaded": p.downloaded,
        "auto_download": p.auto_download,
        "gone": p.gone,
        "error": p.last_error,
        "refreshed": p.refreshed_at,
    }


def _item_line(item: FeedItemRow, podcast: str) -> str:
    return f"{item.id:>6}  {item.published or '----------'}  {podcast}: {item.title}"


def cmd_subscribe(args: argparse.Namespace, services: Services) -> int:
    podcast_id = services.subscriptions.subscribe(args.feed_url, text_progress("subscribe"))
    podcast = services.subscriptions.podcast(podcast_id)
    print(f"Subscribed to {podcast.title!r} ({podcast.episodes} episodes); `earmark refresh` lists new ones.")
    print(podcast_id)
    return 0


def cmd_refresh(args: argparse.Namespace, services: Services) -> int:
    result = services.subscriptions.refresh(
        text_progress("refresh"), newest=args.newest, download=args.download
    )
    for line in result.failures:
        sys.stderr.write(f"earmark: {line}\n")
    titles = {p.id: p.title for p in services.subscriptions.podcasts()}
    downloaded = set(result.new_episodes)
    for item in result.new_items:
        episode_id = services.subscriptions.downloader.episode_of(item.id)
        mark = f"  -> episode {episode_id}" if episode_id in downloaded else ""
        print(_item_line(item, titles.get(item.podcast_id, "?")) + mark)
    listed = {services.subscriptions.downloader.episode_of(i.id) for i in result.new_items}
    for episode_id in result.new_episodes:
        if episode_id not in listed:  # auto-downloads of a podcast's newest N
            print(f"{'':>6}  downloaded  episode {episode_id}")
    print(
        f"{len(result.new_items)} new episode(s)" + (f", {len(downloaded)} downloaded" if downloaded else "")
    )
    return 2 if result.failures and not result.new_items and not result.new_episodes else 0


def cmd_podcasts(args: argparse.Namespace, services: Services) -> int:
    podcasts = services.subscriptions.podcasts()
    if args.json:
        print(json.dumps([_podcast_json(p) for p in podcasts], ensure_ascii=False, indent=2))
        return 0
    for p in podcasts:
        state = " (gone)" if p.gone else (" (error)" if p.last_error else "")
        print(
            f"{p.id:>5}  {p.episodes:>5} episodes  {p.new_episodes:>4} new  {p.downloaded:>4} downloaded  "
            f"{p.title}{state}"
        )
    return 0


def cmd_unsubscribe(args: argparse.Namespace, services: Services) -> int:
    podcast = services.subscriptions.resolve(args.podcast)
    result = services.subscriptions.unsubscribe(podcast.id)
    print(
        f"Unsubscribed from {result.title!r}: {result.removed} downloaded episode(s) removed, "
        f"{result.kept} annotated episode(s) kept"
    )
    return 0


def cmd_download(args: argparse.Namespace, services: Services) -> int:
    downloader = services.subscriptions.downloader
    item = downloader.resolve(args.episode)
    episode_id = downloader.download_item(item.id, text_progress("download"))
    done = services.database.conn.execute(
        "SELECT transcript_status, timing FROM feed_items WHERE id = ?", (item.id,)
    ).fetchone()
    note = f" ({done[0]}{'; ' + done[1] if done[1] else ''})" if done and done[0] else ""
    print(f"Downloaded {item.title!r}{note}")
    print(episode_id)
    return 0


def cmd_opml(args: argparse.Namespace, services: Services) -> int:
    if args.action == "import":
        if not args.file:
            raise InputError("opml import", "needs the OPML FILE to read")
        added, failures = services.subscriptions.import_opml(Path(args.file), text_progress("opml"))
        for line in failures:
            sys.stderr.write(f"earmark: {line}\n")
        print(f"{len(added)} podcast(s) subscribed")
        return 2 if failures and not added else 0
    text = services.subscriptions.export_opml()
    output = args.output or (args.file if args.file else None)
    if output:
        from earmark.services.export_files import write_text

        write_text(Path(output), text)
        print(f"Wrote {output}")
    else:
        sys.stdout.write(text)
    return 0


def add_feeds_commands(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("subscribe", help="add a podcast by its feed or its web page")
    p.add_argument("feed_url", metavar="FEED_OR_PAGE_URL")
    p.set_defaults(handler=cmd_subscribe)

    p = sub.add_parser("refresh", help="fetch every feed; list (and with --download fetch) new episodes")
    p.add_argument("--newest", type=int, default=3, metavar="N", help="new episodes per feed (3)")
    p.add_argument("--download", action="store_true", help="download the listed episodes")
    p.set_defaults(handler=cmd_refresh)

    p = sub.add_parser("podcasts", help="list subscribed podcasts")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_podcasts)

    p = sub.add_parser("unsubscribe", help="forget a podcast; annotated episodes stay")
    p.add_argument("podcast")
    p.set_defaults(handler=cmd_unsubscribe)

    p = sub.add_parser("download", help="download a feed episode (id from `earmark refresh`, or a title)")
    p.add_argument("episode")
    p.set_defaults(handler=cmd_download)

    p = sub.add_parser("opml", help="import or export subscriptions as OPML")
    p.add_argument("action", choices=("import", "export"))
    p.add_argument("file", nargs="?", metavar="FILE")
    p.add_argument("-o", dest="output", metavar="FILE")
    p.set_defaults(handler=cmd_opml)
