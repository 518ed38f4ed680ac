"""The two exceptions every layer shares.

Bad input raises :class:`InputError` with a one-line message naming the file (or
URL) and the problem; the CLI prints it and exits 2, the GUI shows it in the
status bar. Nothing is written to the library before input is fully checked.
"""

from __future__ import annotations

from pathlib import Path


class InputError(Exception):
    """A file, URL or argument that Earmark cannot use, explained in one line."""

    def __init__(self, source: str | Path | None, problem: str) -> None:
        self.source = str(source) if source is not None else None
        self.problem = " ".join(problem.split())
        message = f"{Path(self.source).name if _is_path(self.source) else self.source}: {self.problem}"
        super().__init__(message if self.source else self.problem)


def _is_path(source: str | None) -> bool:
    return bool(source) and "://" not in source  # type: ignore[operator]


class Cancelled(Exception):
    """Raised by long work when its cancel token is set; nothing was changed."""
