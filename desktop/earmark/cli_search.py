"""The ``search`` and ``reindex`` subcommands of the ``earmark`` command."""

from __future__ import annotations

import argparse
import json
import sys

from earmark.app import Services
from earmark.cli_progress import text_progress
from earmark.core.timecode import format_clock


def _human_snippet(snippet, tty: bool) -> str:
    if tty:
        return snippet.markup("\033[1m", "\033[0m", escape=str)
    return snippet.markup("*", "*", escape=str)


def cmd_search(args: argparse.Namespace, services: Services) -> int:
    services.search.ensure_ready(text_progress("search index"))
    hits = services.search.search(args.query, limit=args.limit)
    if args.json:
        print(json.dumps([h.as_json() for h in hits], ensure_ascii=False, indent=2))
        return 0
    tty = sys.stdout.isatty()
    for hit in hits:
        when = format_clock(hit.start) if hit.start is not None else "-:--"
        print(f"{hit.episode:>5}  {when:>8}  {hit.kind:<10} {_human_snippet(hit.snippet, tty)}")
    if not hits:
        print("no hits", file=sys.stderr)
    return 0


def cmd_reindex(args: argparse.Namespace, services: Services) -> int:
    count = services.search.reindex(text_progress("search index"))
    print(f"indexed {count:,} documents")
    return 0


def add_search_commands(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("search", help="find notes, highlights and spoken sentences")
    p.add_argument("query")
    p.add_argument("--json", action="store_true")
    p.add_argument("--limit", type=int, default=20, metavar="N")
    p.set_defaults(handler=cmd_search)

    p = sub.add_parser("reindex", help="rebuild the search index from the library")
    p.set_defaults(handler=cmd_reindex)
