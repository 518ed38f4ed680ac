"""An episode's chapters, each with where it came from.

Three sources, merged in time order:

- ``feed``: chapters stored with a start (Podcasting 2.0 chapters, or a transcript file that had them);
- ``show notes``: timestamped lines in the episode's notes (``12:34 Topic``, ``(1:02:03) Topic``,
  ``[12:34] - Topic``);
- ``heading``: show-notes headings with no time, placed on the timeline by finding where the synced
  transcript says their words (in the notes' order, so a later heading is never placed before an
  earlier one).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from earmark.core.model import Segment, SegmentKind
from earmark.core.timecode import parse_clock
from earmark.services.library import LibraryService

_STAMP = re.compile(
    r"^\s*(?:[-*+•]\s*)?[(\[]?(?P<clock>(?:\d{1,2}:)?\d{1,2}:\d{2})[)\]]?\s*(?:[-–—:|]\s*)?(?P<title>\S.{1,150}?)\s*$"
)
_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)?", re.UNICODE)
_STOP = frozenset(
    [
        "a",
        "an",
        "and",
        "are",
        "as",
        "at",
        "be",
        "by",
        "for",
        "from",
        "has",
        "have",
        "how",
        "in",
        "is",
        "it",
        "its",
        "of",
        "on",
        "or",
        "our",
        "the",
        "their",
        "this",
        "to",
        "was",
        "we",
        "what",
        "when",
        "who",
        "why",
        "will",
        "with",
        "you",
        "your",
        "vs",
        "new",
        "more",
    ]
)
WINDOW = 3  # lines read together when looking for a heading's words
MIN_SHARE = 0.6  # of a heading's words that must be said there


@dataclass(frozen=True, slots=True)
class TimedChapter:
    title: str
    start: float | None
    source: str  # "feed" | "show notes" | "heading"

    def as_json(self) -> dict:
        return {"title": self.title, "start": self.start, "source": self.source}


def stamped_lines(notes: str) -> list[TimedChapter]:
    """``12:34 Topic`` lines of show notes, as chapters."""
    found = []
    for line in notes.splitlines():
        match = _STAMP.match(line.replace("**", ""))
        if match:
            title = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", match.group("title")).strip(" -–—*_")
            try:
                start = parse_clock(match.group("clock"))
            except ValueError:  # 1:75 is not a time
                continue
            if title:
                found.append(TimedChapter(title, start, "show notes"))
    return found


def _words(text: str) -> list[str]:
    return [w.casefold().replace("’", "'") for w in _WORD.findall(text)]


def _content(text: str) -> set[str]:
    return {w for w in _words(text) if w not in _STOP and (len(w) > 2 or w.isdigit())}


def place_headings(headings: list[str], segments: list[Segment]) -> list[TimedChapter]:
    """Put each heading where the timed transcript first says most of its words, in order."""
    lines = [
        (s.start, set(_words(s.text)))
        for s in segments
        if s.start is not None and s.kind is not SegmentKind.UNSPOKEN
    ]
    placed: list[TimedChapter] = []
    after = 0
    for heading in headings:
        wanted = _content(heading)
        if not wanted:
            continue
        best, best_share = None, 0.0
        for i in range(after, len(lines)):
            said = set().union(*(words for _, words in lines[i : i + WINDOW]))
            share = len(wanted & said) / len(wanted)
            if share > best_share + 1e-9:
                # the window's line that says most of the words is where the topic starts
                window = range(i, min(i + WINDOW, len(lines)))
                best = max(window, key=lambda j: (len(wanted & lines[j][1]), -j))
                best_share = share
            if share == 1.0:
                break
        if best is not None and best_share >= MIN_SHARE and (len(wanted) > 1 or best_share == 1.0):
            placed.append(TimedChapter(heading, lines[best][0], "heading"))
            after = best + 1
    return placed


class ChapterService:
    """Chapters for the window's list, the seek slider's marks and ``earmark chapters``."""

    def __init__(self, library: LibraryService) -> None:
        self.library = library

    def chapters(self, episode_id: int) -> list[TimedChapter]:
        episode = self.library.episode(episode_id)
        transcript = self.library.transcript(episode_id)
        stored = transcript.chapters if transcript else []
        found = [TimedChapter(c.title, c.start, "feed") for c in stored if c.start is not None]
        found += stamped_lines(episode.notes)
        if not found and transcript is not None and transcript.timed:
            headings = [c.title for c in stored if c.start is None]
            if episode.notes.strip():
                from earmark.formats.notes import read_notes  # the readers (ftfy) load when needed

                headings += [c.title for c in read_notes(episode.notes, "notes").chapters]
            seen: set[str] = set()
            unique = [h for h in headings if not (h.casefold() in seen or seen.add(h.casefold()))]
            found = place_headings(unique, transcript.segments)
        return sorted(found, key=lambda c: c.start or 0.0)
