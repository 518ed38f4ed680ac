"""Highlights as CSV: Readwise's import columns, and Earmark's own fuller table.

Readwise (https://readwise.io/import_bulk): ``Highlight, Title, Author, URL, Note, Location, Date``.
For a podcast: Author is the podcast, URL the time link, Location the start in whole seconds.
Tags ride in the note as Readwise inline tags (``.tag``). The ``csv`` module quotes commas,
quotes and newlines, so a note may hold anything.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable
from dataclasses import dataclass

READWISE_COLUMNS = ("Highlight", "Title", "Author", "URL", "Note", "Location", "Date")
EARMARK_COLUMNS = (
    "episode_id", "episode", "podcast", "start", "end", "quote", "note", "tags", "colour", "link", "web_link",
)  # fmt: skip


@dataclass
class HighlightRow:
    """One highlight with the episode facts both CSV shapes need."""

    episode_id: int
    episode: str
    podcast: str
    start: float
    end: float
    quote: str
    note: str
    tags: list[str]
    colour: str
    link: str
    web_link: str
    created: str  # ISO 8601, UTC


def _readwise_tag(tag: str) -> str:
    return "." + re.sub(r"\s+", "_", tag.strip())


def _readwise_date(created: str) -> str:
    """``2026-12-01T09:03:45.123Z`` → ``2026-12-01 09:03:45`` (a form Readwise parses)."""
    return created[:19].replace("T", " ") if created else ""


def readwise_csv(rows: Iterable[HighlightRow]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(READWISE_COLUMNS)
    for r in rows:
        note = r.note.strip()
        if r.tags:
            note = (note + "\n" if note else "") + " ".join(_readwise_tag(t) for t in r.tags)
        writer.writerow(
            [r.quote or "…", r.episode, r.podcast, r.link, note, int(r.start), _readwise_date(r.created)]
        )
    return out.getvalue()


def highlights_csv(rows: Iterable[HighlightRow]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(EARMARK_COLUMNS)
    for r in rows:
        writer.writerow(
            [
                r.episode_id, r.episode, r.podcast, f"{r.start:.3f}", f"{r.end:.3f}", r.quote, r.note,
                ", ".join(r.tags), r.colour, r.link, r.web_link,
            ]
        )  # fmt: skip
    return out.getvalue()
