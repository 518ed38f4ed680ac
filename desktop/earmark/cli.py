"""The ``earmark`` command. Its shape is a contract (shared/ARCHITECTURE.md): keep it exact.

Exit 0 on success; 2 on bad input with one line on stderr, never a traceback.

Start-up is part of the contract too: this module and the ``cli_AREA`` modules import only
the standard library and ``earmark.core`` at the top. A handler imports what it needs inside,
and ``Services`` builds a service on first use, so ``earmark episodes`` never loads numba,
Qt, Whoosh or pocketsphinx (tests/desktop/test_lazy_imports.py holds this).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

from earmark.app import Services, build_services, library_dir
from earmark.core.errors import Cancelled, InputError

if TYPE_CHECKING:
    from earmark.core.model import Transcript

# Kept here so parsing arguments imports no formats/services (tests check they match).
TRANSCRIPT_FORMATS = ("json", "srt", "vtt", "txt", "md")  # earmark.formats.EXPORT_FORMATS

Handler = Callable[[argparse.Namespace, Services], int]


class _Parser(argparse.ArgumentParser):
    """argparse, but bad arguments give one line and exit 2."""

    def error(self, message: str) -> NoReturn:
        sys.stderr.write(f"earmark: {message}\n")
        raise SystemExit(2)


def _episode_json(episode) -> dict:
    return {
        "id": episode.id,
        "title": episode.title,
        "duration": episode.duration,
        "timed": episode.timed,
        "has_transcript": episode.has_transcript,
        "published": episode.published,
        "downloaded": Path(episode.audio_path).is_file(),
        "audio": episode.audio_path,
        "podcast": episode.podcast_title,
        "tags": episode.tags,
    }


def cmd_import(args: argparse.Namespace, services: Services) -> int:
    from earmark.cli_progress import text_progress
    from earmark.services.importing import ImportItem, expand_sources

    paths = [Path(a) for a in args.audio]
    one_file = len(paths) == 1 and not paths[0].is_dir()
    if not one_file and (args.transcript or args.notes or args.title):
        raise InputError("--transcript/--notes/--title", "go with one audio file, not several or a folder")
    if one_file:
        items = [ImportItem(paths[0], _path(args.transcript), _path(args.notes), args.title)]
    else:
        items = expand_sources(paths)
    ids = services.importer.import_many(items, text_progress("import"))
    for episode_id in ids:
        episode = services.library.episode(episode_id)
        kind = (
            "timed transcript"
            if episode.timed
            else ("untimed transcript" if episode.has_transcript else "no transcript")
        )
        print(f"Imported {episode.title!r} ({kind}{_timing_words(services, episode_id)})")
        print(episode_id)
    return 0


def _path(value: str | None) -> Path | None:
    return Path(value) if value else None


def _timing_words(services: Services, episode_id: int) -> str:
    """What the fit check said of a plain import's timed transcript ("" when it did not run)."""
    timing = services.importer.timing.get(episode_id, "")
    if not timing:
        return ""
    if timing == "fits":
        return "; its times fit the audio"
    if timing.startswith("re-timed"):
        return "; re-timed to this audio (its times did not fit)"
    if timing.startswith("re-synced"):
        return "; re-synced to this audio (its times did not fit, nor did their shape)"
    return f"; times {timing}"


def cmd_episodes(args: argparse.Namespace, services: Services) -> int:
    episodes = services.library.episodes()
    if args.json:
        print(json.dumps([_episode_json(e) for e in episodes], ensure_ascii=False, indent=2))
        return 0
    from earmark.core.timecode import format_clock

    for e in episodes:
        length = format_clock(e.duration) if e.duration else "?"
        state = "timed" if e.timed else ("untimed" if e.has_transcript else "-")
        print(f"{e.id:>5}  {length:>8}  {state:<8} {e.title}")
    return 0


def cmd_transcript(args: argparse.Namespace, services: Services) -> int:
    from earmark.formats import write_transcript

    episode = services.library.resolve(args.episode)
    transcript = services.library.transcript(episode.id)
    if transcript is None:
        raise InputError(f"episode {episode.id}", "has no transcript")
    transcript.title = transcript.title or episode.title
    sys.stdout.write(write_transcript(transcript, args.format))
    return 0


def _check_json(transcript: Transcript) -> dict:
    from earmark.formats.writers import to_podcast_json

    return {
        "format": transcript.format,
        "kind": str(transcript.kind),
        "segments": to_podcast_json(transcript)["segments"],
        "title": transcript.title,
        "date": transcript.date,
        "skipped": transcript.skipped,
        "first_bad_line": transcript.first_bad_line,
        "notes": transcript.notes,
        "metadata": transcript.metadata,
        "chapters": [{"title": c.title, "start": c.start} for c in transcript.chapters],
    }


def cmd_check(args: argparse.Namespace, services: Services) -> int:
    from earmark.services.importing import check_file

    transcript = check_file(Path(args.file))
    if args.json:
        print(json.dumps(_check_json(transcript), ensure_ascii=False, indent=2))
        return 0
    print(f"format: {transcript.format}")
    print(f"kind: {transcript.kind}")
    print(f"segments: {len(transcript.segments)}")
    if transcript.title:
        print(f"title: {transcript.title}")
    if transcript.date:
        print(f"date: {transcript.date}")
    if transcript.skipped:
        print(f"skipped: {transcript.skipped} broken cue(s), first at line {transcript.first_bad_line}")
    return 0


def cmd_gui(args: argparse.Namespace, services: Services) -> int:
    """``earmark [URL|FILE]`` and ``earmark demo``: the window (or the running one, told)."""
    from earmark.gui.main import run_gui  # Qt is only imported when a window is wanted

    return run_gui(services.folder, demo=args.command == "demo", target=getattr(args, "target", None))


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="earmark", description="Listen, read, highlight and find again.")
    parser.add_argument(
        "--library", metavar="DIR", help="library folder (default: EARMARK_LIBRARY or user data dir)"
    )
    sub = parser.add_subparsers(dest="command", parser_class=_Parser)

    p = sub.add_parser("demo", help="open the app on the bundled demo episode")
    p.set_defaults(handler=cmd_gui)

    p = sub.add_parser(
        "import", help="import audio files (or folders of them) with their transcripts and notes"
    )
    p.add_argument("audio", nargs="+", help="audio files or folders; a folder's foo.srt goes with foo.mp3")
    p.add_argument("--transcript", metavar="F")
    p.add_argument("--notes", metavar="F")
    p.add_argument("--title", metavar="T")
    p.set_defaults(handler=cmd_import)

    p = sub.add_parser("episodes", help="list the library's episodes")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_episodes)

    p = sub.add_parser("check", help="parse a transcript or notes file; touch nothing")
    p.add_argument("file")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_check)

    p = sub.add_parser("transcript", help="print an episode's transcript")
    p.add_argument("episode")
    p.add_argument("--format", choices=TRANSCRIPT_FORMATS, default="txt")
    p.set_defaults(handler=cmd_transcript)

    from earmark.cli_export import add_export_commands  # export, restore

    add_export_commands(sub)
    from earmark.cli_align import add_align_commands  # align
    from earmark.cli_annotations import add_annotation_commands  # highlight, highlights, backup

    add_align_commands(sub)
    add_annotation_commands(sub)
    from earmark.cli_feeds import add_feeds_commands  # subscribe, refresh, podcasts, download, opml …
    from earmark.cli_search import add_search_commands  # search, reindex

    add_feeds_commands(sub)

    add_search_commands(sub)
    from earmark.cli_desktop import add_desktop_commands  # open, install-desktop

    add_desktop_commands(sub)
    from earmark.cli_library import add_library_commands  # rename, delete, chapters

    add_library_commands(sub)
    return parser


def _split_target(argv: list[str], commands: Sequence[str]) -> tuple[list[str], str | None]:
    """``earmark [--library DIR] [URL|FILE]``: take out a first positional that is no subcommand
    (argparse would read it as one), so a launcher's ``earmark %u`` opens the link."""
    i = 0
    while i < len(argv):
        arg = argv[i]
        if arg == "--library":
            i += 2
            continue
        if arg.startswith("-"):
            i += 1
            continue
        if arg in commands:
            return argv, None
        return argv[:i] + argv[i + 1 :], arg
    return argv, None


def _frozen_entry(argv: list[str]) -> int | None:
    """In a frozen build (PyInstaller and the like) ``sys.executable`` is this program: the
    aligner's recogniser and forced-alignment workers (``sys.executable -m earmark.align.listener ...``,
    ``... -m earmark.align.forcer DICT``) and
    multiprocessing children must run their job, not open another window each."""
    if not getattr(sys, "frozen", False):
        return None
    import multiprocessing

    multiprocessing.freeze_support()  # exits here when this process is a multiprocessing child
    if argv[:2] in (["-m", "earmark.align.listener"], ["-m", "earmark.align.forcer"]):
        from earmark.align import forcer, listener

        sys.argv = [argv[1], *argv[2:]]
        (listener if argv[1] == "earmark.align.listener" else forcer).main()
        return 0
    return None


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    frozen = _frozen_entry(argv)
    if frozen is not None:
        return frozen
    parser = build_parser()
    commands = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction)).choices
    argv, target = _split_target(argv, list(commands))
    args = parser.parse_args(argv)
    args.target = target
    if target is not None and args.command is not None:
        parser.error(f"unrecognized arguments: {target}")
    try:
        services = build_services(library_dir(args.library))  # nothing opened until a handler asks
        try:
            handler = cmd_gui if args.command is None else args.handler
            return handler(args, services)
        finally:
            services.close()
    except InputError as error:
        sys.stderr.write(f"earmark: {error}\n")
        return 2
    except Cancelled:
        sys.stderr.write("earmark: cancelled\n")
        return 130
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0
