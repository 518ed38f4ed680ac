"""The ``highlight``, ``highlights`` and ``backup`` subcommands of the ``earmark`` command."""

from __future__ import annotations

import argparse
import json

from earmark.app import Services
from earmark.core.errors import InputError

# Kept here so parsing arguments imports no services (tests check it matches).
HIGHLIGHT_COLOURS = ("yellow", "green", "blue", "pink", "orange")  # earmark.services.annotating.COLOURS


def _seconds(text: str) -> float:
    """Seconds as a number (``12.5``) or a clock (``1:02:03.5``)."""
    from earmark.core.timecode import parse_clock

    try:
        return float(text)
    except ValueError:
        try:
            return parse_clock(text)
        except ValueError:
            raise InputError(f"time {text!r}", "use seconds (12.5) or a clock (1:02.5)") from None


def _highlight_json(h) -> dict:
    return {
        "id": h.id,
        "start": h.start,
        "end": h.end,
        "quote": h.quote,
        "note": h.note,
        "tags": h.tags,
        "colour": h.colour,
        "orphan": h.orphan,
    }


def cmd_highlight(args: argparse.Namespace, services: Services) -> int:
    episode = services.library.resolve(args.episode)
    highlight = services.annotations.create_highlight(
        episode.id,
        _seconds(args.start),
        _seconds(args.end),
        note=args.note,
        tags=args.tag,
        colour=args.colour,
    )
    print(highlight.id)
    return 0


def cmd_highlights(args: argparse.Namespace, services: Services) -> int:
    from earmark.core.timecode import format_clock

    episode = services.library.resolve(args.episode)
    found = services.annotations.all_highlights(episode.id)
    if args.json:
        print(json.dumps([_highlight_json(h) for h in found], ensure_ascii=False, indent=2))
        return 0
    for h in found:
        tags = " ".join(f"#{t}" for t in h.tags)
        flag = " (orphan)" if h.orphan else ""
        print(f"{h.id:>5}  {format_clock(h.start)}–{format_clock(h.end)}  [{h.colour}]{flag} {h.quote}")
        for line in ([h.note] if h.note else []) + ([tags] if tags else []):
            print(f"       {line}")
    return 0


def cmd_backup(args: argparse.Namespace, services: Services) -> int:
    print(services.annotations.backup_now())
    return 0


def add_annotation_commands(sub) -> None:
    p = sub.add_parser("highlight", help="highlight a time range of an episode; prints the new id")
    p.add_argument("episode")
    p.add_argument("--start", required=True, metavar="S")
    p.add_argument("--end", required=True, metavar="E")
    p.add_argument("--note", default="", metavar="TEXT")
    p.add_argument("--tag", action="append", default=[], metavar="T")
    p.add_argument("--colour", "--color", default="yellow", choices=HIGHLIGHT_COLOURS)
    p.set_defaults(handler=cmd_highlight)

    p = sub.add_parser("highlights", help="list an episode's highlights")
    p.add_argument("episode")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_highlights)

    p = sub.add_parser("backup", help="copy the library file now; prints the copy's path")
    p.set_defaults(handler=cmd_backup)
