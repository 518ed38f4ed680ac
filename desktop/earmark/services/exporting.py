"""Exports to the tools people already use.

``md``: one Markdown file per episode (YAML front matter, notes, highlights as
quotes with time links and #tags: reads well in Obsidian, Logseq, Bear).
``csv``: every highlight one row (Readwise-style columns). ``srt``/``vtt``/``json``:
the (aligned) transcript. Writes go to a temporary name and are renamed, so a
failed export never leaves half a file.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Iterable
from pathlib import Path

from earmark.core.errors import InputError
from earmark.core.model import Episode, Highlight
from earmark.core.progress import CancelToken, Progress, no_progress
from earmark.core.timecode import format_clock
from earmark.formats import write_transcript
from earmark.services.library import LibraryService

FORMATS = ("md", "srt", "vtt", "json", "csv")
SUFFIX = {"md": ".md", "srt": ".srt", "vtt": ".vtt", "json": ".json", "csv": ".csv"}
HighlightsOf = Callable[[int], list[Highlight]]


def _yaml_text(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _hashtag(tag: str) -> str:
    return "#" + re.sub(r"\s+", "-", tag.strip())


def episode_markdown(episode: Episode, highlights: Iterable[Highlight]) -> str:
    lines = ["---", f"title: {_yaml_text(episode.title)}"]
    if episode.podcast_title:
        lines.append(f"podcast: {_yaml_text(episode.podcast_title)}")
    if episode.published:
        lines.append(f"date: {episode.published}")
    if episode.duration:
        lines.append(f"duration: {format_clock(episode.duration)}")
    if episode.tags:
        lines.append("tags: [" + ", ".join(_yaml_text(t) for t in episode.tags) + "]")
    lines += ["source: earmark", "---", "", f"# {episode.title}", ""]
    if episode.notes.strip():
        lines += ["## Notes", "", episode.notes.strip(), ""]
    marks = sorted(highlights, key=lambda h: h.start)
    if marks:
        lines += ["## Highlights", ""]
    for h in marks:
        lines.append(f"### {format_clock(h.start)}–{format_clock(h.end)}")
        lines += ["", *(f"> {line}" for line in (h.quote or "…").splitlines()), ""]
        if h.note.strip():
            lines += [h.note.strip(), ""]
        if h.tags:
            lines += [" ".join(_hashtag(t) for t in h.tags), ""]
    return "\n".join(lines).rstrip() + "\n"


def highlights_csv(rows: Iterable[tuple[Episode, Highlight]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["episode_id", "episode", "podcast", "start", "end", "quote", "note", "tags", "colour"])
    for episode, h in rows:
        writer.writerow(
            [
                episode.id,
                episode.title,
                episode.podcast_title or "",
                f"{h.start:.3f}",
                f"{h.end:.3f}",
                h.quote,
                h.note,
                ", ".join(h.tags),
                h.colour,
            ]
        )
    return out.getvalue()


def write_atomically(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".part")
    partial.write_text(text, encoding="utf-8")
    partial.replace(path)


def _file_name(episode: Episode, fmt: str) -> str:
    stem = re.sub(r"[^\w.-]+", "-", episode.title).strip("-.")[:80] or "episode"
    return f"{episode.id:04d}-{stem}{SUFFIX[fmt]}"


class ExportService:
    def __init__(self, library: LibraryService, highlights_of: HighlightsOf) -> None:
        self._library = library
        self._highlights_of = highlights_of

    def render(self, episode_id: int, fmt: str) -> str:
        """One episode as text in ``fmt``."""
        episode = self._library.episode(episode_id)
        if fmt == "md":
            return episode_markdown(episode, self._highlights_of(episode.id))
        if fmt == "csv":
            return highlights_csv((episode, h) for h in self._highlights_of(episode.id))
        transcript = self._library.transcript(episode.id)
        if transcript is None:
            raise InputError(f"episode {episode.id}", f"has no transcript to export as {fmt}")
        transcript.title = episode.title
        return write_transcript(transcript, fmt)

    def export_all(
        self, fmt: str, target: Path, progress: Progress = no_progress, cancel: CancelToken | None = None
    ) -> list[Path]:
        """Every episode: one file each in the folder ``target`` (one CSV file for ``csv``)."""
        cancel = cancel or CancelToken()
        episodes = self._library.episodes()
        if fmt == "csv":
            rows = [(e, h) for e in episodes for h in self._highlights_of(e.id)]
            write_atomically(target, highlights_csv(rows))
            return [target]
        written = []
        for index, episode in enumerate(episodes):
            cancel.check()
            progress(index / max(len(episodes), 1), episode.title)
            if fmt != "md" and not episode.has_transcript:
                continue
            path = target / _file_name(episode, fmt)
            write_atomically(path, self.render(episode.id, fmt))
            written.append(path)
        progress(1.0, f"{len(written)} file(s)")
        return written
