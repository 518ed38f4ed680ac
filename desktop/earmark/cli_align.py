"""The ``align`` subcommand: sync untimed text to the audio, or re-time a timed transcript to it."""

from __future__ import annotations

import argparse
import sys

from earmark.app import Services
from earmark.core.errors import Cancelled


def cmd_align(args: argparse.Namespace, services: Services) -> int:
    """Text progress on stderr; Ctrl+C cancels and leaves the episode as it was."""
    import threading

    from earmark.cli_progress import text_progress
    from earmark.core.progress import CancelToken

    episode = services.library.resolve(args.episode)
    cancel = CancelToken()
    outcome: dict[str, object] = {}
    progress = text_progress("sync", always=True)

    def work() -> None:
        try:
            outcome["result"] = services.aligner.align_episode(
                episode.id, progress, cancel, language=args.language
            )
        except BaseException as error:  # handed to the main thread
            outcome["error"] = error

    worker = threading.Thread(target=work, daemon=True)
    worker.start()
    try:
        while worker.is_alive():
            worker.join(0.1)
    except KeyboardInterrupt:
        cancel.cancel()
        worker.join()
        sys.stderr.write("\n")
        raise Cancelled() from None
    sys.stderr.write("\n")
    if "error" in outcome:
        raise outcome["error"]  # type: ignore[misc]
    result = outcome["result"]
    if result.retimed:  # type: ignore[attr-defined]
        print(
            f"Re-timed {result.aligned} cues to the audio, the transcript's shape kept; "  # type: ignore[attr-defined]
            f"{result.moved} moved"  # type: ignore[attr-defined]
        )
        return 0
    print(
        f"Synced {result.aligned} sentences; {result.unspoken} not in audio; "  # type: ignore[attr-defined]
        f"{result.low_confidence} low confidence"  # type: ignore[attr-defined]
    )
    return 0


def add_align_commands(sub) -> None:
    p = sub.add_parser("align", help="sync untimed text to the audio; re-time a timed transcript to it")
    p.add_argument("episode")
    p.add_argument("--language", default="en", help="espeak-ng language of the text (default en)")
    p.set_defaults(handler=cmd_align)
