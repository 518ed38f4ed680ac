"""The ``rename``, ``delete`` and ``chapters`` subcommands of the ``earmark`` command."""

from __future__ import annotations

import argparse
import json

from earmark.app import Services
from earmark.core.errors import InputError
from earmark.core.timecode import format_clock


def cmd_rename(args: argparse.Namespace, services: Services) -> int:
    episode = services.library.resolve(args.episode)
    services.library.rename(episode.id, args.title)
    print(f"{episode.id}  {services.library.episode(episode.id).title}")
    return 0


def cmd_delete(args: argparse.Namespace, services: Services) -> int:
    episode = services.library.resolve(args.episode)
    if not args.yes:
        raise InputError(
            f"episode {episode.id}", f"deleting {episode.title!r} needs --yes (its notes go too)"
        )
    deleted = services.library.delete(episode.id)
    services.library.purge(deleted)
    print(f"deleted {episode.id}  {episode.title}  (annotations backed up in {deleted.backup})")
    return 0


def cmd_chapters(args: argparse.Namespace, services: Services) -> int:
    from earmark.services.chapters import ChapterService

    episode = services.library.resolve(args.episode)
    chapters = ChapterService(services.library).chapters(episode.id)
    if args.json:
        print(json.dumps([c.as_json() for c in chapters], ensure_ascii=False, indent=2))
        return 0
    for chapter in chapters:
        when = format_clock(chapter.start) if chapter.start is not None else "-:--"
        print(f"{when:>8}  {chapter.title}  ({chapter.source})")
    return 0


def add_library_commands(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("rename", help="give an episode a new title")
    p.add_argument("episode")
    p.add_argument("title")
    p.set_defaults(handler=cmd_rename)

    p = sub.add_parser("delete", help="delete an episode (its annotations are backed up first)")
    p.add_argument("episode")
    p.add_argument("--yes", action="store_true", help="really delete")
    p.set_defaults(handler=cmd_delete)

    p = sub.add_parser("chapters", help="list an episode's chapters and where each came from")
    p.add_argument("episode")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_chapters)
