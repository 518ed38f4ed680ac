"""Shape detection and the one entry point every importer calls."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from earmark.core.errors import InputError
from earmark.core.model import Transcript
from earmark.formats import cues
from earmark.formats.textio import decode, read_bytes

Reader = Callable[[str, str], Transcript]

READERS: dict[str, Reader] = {
    "srt": cues.read_srt,
    "vtt": cues.read_vtt,
}

_SRT_TIMING = re.compile(r"^\s*\d+:\d{1,2}:\d{1,2}[,.]\d+\s*-->", re.MULTILINE)


def detect_format(text: str) -> str:
    """Name the shape of ``text`` from its content."""
    head = text.lstrip("\ufeff \n\t")
    if head.startswith("WEBVTT"):
        return "vtt"
    if _SRT_TIMING.search(text[:5000]):
        return "srt"
    raise ValueError("unrecognised")


def read_text(text: str, source: str, fmt: str | None = None) -> Transcript:
    """Parse already-decoded ``text``; ``source`` names it in errors."""
    try:
        shape = fmt or detect_format(text)
    except ValueError:
        raise InputError(source, "is not a transcript or notes shape Earmark knows") from None
    transcript = READERS[shape](text, source)
    if not transcript.segments and not transcript.notes:
        raise InputError(source, "has no readable text")
    return transcript


def read_file(path: Path) -> Transcript:
    """Read and parse the file at ``path`` (shape detected from content)."""
    return read_text(decode(read_bytes(path), path.name), path.name)
