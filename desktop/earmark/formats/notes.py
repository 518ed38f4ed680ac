"""Companion text: Markdown or plain show notes and newsletters.

The whole repaired text (links intact) becomes ``Transcript.notes``; header
fields (``**Date:**``, ``**Duration:** 1:28:56``, ``**Link:**`` …) go to
``metadata``; section headings become candidate chapters; paragraphs become
untimed segments so ``earmark check`` can count them.
"""

from __future__ import annotations

import re

from earmark.core.model import Chapter, Segment, Transcript, TranscriptKind
from earmark.formats import textshape as ts
from earmark.formats.dates import find_date

_FIELD = re.compile(
    r"^\s*(?:[*_]{2})?(?P<key>[A-Z][\w /-]{1,30}?)(?::[*_]{2}|[*_]{2}:|:)\s*(?P<value>\S.*?)\s*$"
)
_KNOWN_FIELDS = {
    "date", "published", "duration", "length", "link", "url", "episode", "guest", "guests", "host", "hosts",
    "season", "estimated reading time", "reading time", "author", "by",
}  # fmt: skip
_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+(?P<title>.+?)\s*#*\s*$")
_BOLD_LINE = re.compile(r"^\s*(?:\*\*|__)(?P<title>[^*_].*?)(?:\*\*|__)\s*$")
_LINK = re.compile(r"\[([^\]]*)\]\(([^)\s]+)[^)]*\)")
_MARKUP = re.compile(r"[*_`]{1,3}|^\s*(?:[-*+]|\d+\.)\s+|^\s*>\s?|^\s*#{1,6}\s+", re.MULTILINE)
_GENERIC = {"description", "show notes", "links", "transcript", "tl;dr", "tl;dr and show notes"}


def _plain(markdown: str) -> str:
    text = _LINK.sub(lambda m: m.group(1) or m.group(2), markdown)
    return " ".join(_MARKUP.sub("", text).split())


def _field(line: str) -> tuple[str, str] | None:
    match = _FIELD.match(line)
    if not match or match.group("key").strip().lower() not in _KNOWN_FIELDS:
        return None
    value = match.group("value").strip().strip("*_").strip()
    link = _LINK.search(value)
    return match.group("key").strip().title(), link.group(2) if link else value


def _heading(line: str, alone: bool) -> str | None:
    for pattern in (_HEADING, _BOLD_LINE):
        match = pattern.match(line)
        if match:
            return _plain(match.group("title")).rstrip(":") or None
    if (
        alone
        and ts.is_label(line)
        and "," not in line
        and not line.lstrip().startswith(("*", "-", "[", "!", "|"))
    ):
        return _plain(line)
    return None


def read_notes(text: str, source: str, fmt: str = "markdown") -> Transcript:
    lines = text.split("\n")
    metadata: dict[str, str] = {}
    title: str | None = None
    chapters: list[Chapter] = []
    segments: list[Segment] = []
    paragraph: list[str] = []

    def flush() -> None:
        if paragraph:
            plain = _plain(" ".join(paragraph))
            if plain:
                segments.append(Segment(text=plain, paragraph=len(segments)))
            paragraph.clear()

    for index, line in enumerate(lines):
        stripped = line.strip()
        if not stripped or set(stripped) <= set("-*_=|: "):
            flush()
            continue
        field = _field(stripped) if index < 40 or len(metadata) else None
        if field and field[0] not in metadata:
            metadata[field[0]] = field[1]
            flush()
            continue
        alone = (index == 0 or not lines[index - 1].strip()) and (
            index + 1 >= len(lines) or not lines[index + 1].strip()
        )
        heading = _heading(stripped, alone and fmt == "markdown")
        if (
            heading is None
            and fmt != "markdown"
            and index > 0
            and stripped.endswith("?")
            and len(stripped) < 100
        ):
            heading = stripped  # a newsletter's question-and-answer sections
        if heading and title is None and not segments and not chapters:
            title = heading
        elif heading and heading.lower() not in _GENERIC:
            chapters.append(Chapter(title=heading))
        if fmt != "markdown" and title is None and index == 0 and ts.is_label(stripped):
            title = stripped
        paragraph.append(stripped)
        if fmt != "markdown" or heading:
            flush()  # plain notes: one paragraph per line; a heading is its own paragraph
    flush()
    date = find_date(metadata.get("Date", metadata.get("Published", ""))) if metadata else None
    return Transcript(
        segments=segments,
        format=fmt,
        kind=TranscriptKind.NOTES,
        title=title,
        date=date,
        notes=text.strip(),
        metadata=metadata,
        chapters=chapters,
    )
