"""The ``export`` and ``restore`` subcommands of the ``earmark`` command.

``earmark export (EPISODE | --all | --tag T | --podcast P) --format FORMAT [-o PATH]``
``earmark restore FILE``
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from earmark.app import Services
from earmark.cli_progress import text_progress
from earmark.core.errors import InputError

# Mirrored here so that building the parser imports no exporter (Jinja2, PyAV, the readers):
# every `earmark` command builds it. tests/desktop/test_lazy_imports.py checks they match.
FORMATS = ("md", "readwise", "csv", "clip", "srt", "vtt", "json", "txt")  # services.exporting.FORMATS
CLIP_FORMATS = ("m4a", "opus", "mp3")  # services.export_clips.CLIP_FORMATS


def _template(path: str | None, default: str) -> str:
    if path is None:
        return default
    try:
        return Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise InputError(path, f"cannot be read as a template ({error})") from None


def cmd_export(args: argparse.Namespace, services: Services) -> int:
    from earmark.services.exporting import ExportOptions, Selection

    exporter = services.exporter
    defaults = ExportOptions()
    options = ExportOptions(
        episode_template=_template(args.episode_template, defaults.episode_template),
        highlight_template=_template(args.highlight_template, defaults.highlight_template),
        clip_format=args.clip_format,
    )
    options.check()
    episode = services.library.resolve(args.episode).id if args.episode else None
    selection = Selection(episode=episode, tag=args.tag, podcast=args.podcast)
    if args.output is None:
        if not selection.single:
            raise InputError(f"export --format {args.format}", "needs -o PATH (a folder or a file)")
        sys.stdout.write(exporter.render(episode, args.format, options))  # type: ignore[arg-type]
        return 0
    written = exporter.export(selection, args.format, Path(args.output), options, text_progress("export"))
    if len(written) == 1:
        print(f"Wrote {written[0]}")
    else:
        print(f"Wrote {len(written)} file(s) to {args.output}")
    return 0


def cmd_restore(args: argparse.Namespace, services: Services) -> int:
    report = services.exporter.restore(Path(args.file), text_progress("restore"))
    print(f"Restored: {report.summary()}")
    return 0


def add_export_commands(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("export", help="export notes, highlights, clips, transcripts or the whole library")
    what = p.add_mutually_exclusive_group(required=True)
    what.add_argument("episode", nargs="?", help="an episode id or a unique part of its title")
    what.add_argument("--all", action="store_true", help="every episode")
    what.add_argument("--tag", metavar="T", help="episodes and highlights with this tag")
    what.add_argument("--podcast", metavar="P", help="a podcast's episodes (id or part of its title)")
    p.add_argument("--format", required=True, choices=FORMATS)
    p.add_argument("-o", dest="output", metavar="PATH", help="file or folder (a vault for md)")
    p.add_argument("--clip-format", choices=tuple(CLIP_FORMATS), default="m4a", help="audio of clips (m4a)")
    p.add_argument("--episode-template", metavar="FILE", help="Jinja2 template of an md note (see docs)")
    p.add_argument("--highlight-template", metavar="FILE", help="Jinja2 template of one highlight in md")
    p.set_defaults(handler=cmd_export)

    p = sub.add_parser("restore", help="load an `export --all --format json` record; nothing lost or doubled")
    p.add_argument("file")
    p.set_defaults(handler=cmd_restore)
