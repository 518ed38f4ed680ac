"""The command's one face for long work: a one-line text progress bar on stderr."""

from __future__ import annotations

import sys

from earmark.core.progress import Progress, throttled


def text_progress(label: str, *, always: bool = False) -> Progress:
    """A throttled progress bar; silent when stderr is a file or pipe unless ``always`` (a sync's log
    wants to see that it finished)."""
    if not (always or sys.stderr.isatty()):
        return lambda fraction, message: None

    def show(fraction: float, message: str) -> None:
        filled = int(fraction * 30)
        sys.stderr.write(
            f"\r{label} [{'#' * filled}{'.' * (30 - filled)}] {fraction:4.0%} {message[:50]:<50}"
        )
        if fraction >= 1.0:
            sys.stderr.write("\n")
        sys.stderr.flush()

    return throttled(show)
