"""Exports to the tools people already use, and the complete record for backup.

What: one episode, the episodes and highlights of a tag, a podcast's episodes, or everything
(:class:`Selection`). Formats (:data:`FORMATS`):

- ``md``: one note per episode (front matter, Earmark's marked block); into a folder it is a
  vault export with stable file names, updated in place (:mod:`earmark.formats.export_markdown`);
- ``readwise`` / ``csv``: one CSV of the highlights (:mod:`earmark.formats.export_csv`);
- ``clip``: one audio clip per highlight into a folder (:mod:`earmark.services.export_clips`);
- ``srt`` / ``vtt`` / ``txt``: the aligned transcript, one file per episode;
- ``json``: for one episode its Podcasting 2.0 transcript; for more, the complete record
  (:mod:`earmark.services.backup_restore`), which ``earmark restore`` loads back.

Long exports take ``progress`` and a cancel token (the dialog's worker, the command's bar).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from earmark.core.errors import InputError
from earmark.core.links import episode_link
from earmark.core.model import Episode, Highlight
from earmark.core.progress import CancelToken, Progress, no_progress
from earmark.core.timecode import format_clock
from earmark.formats.export_csv import highlights_csv, readwise_csv
from earmark.formats.export_markdown import (
    EPISODE_TEMPLATE,
    HIGHLIGHT_TEMPLATE,
    check_template,
    episode_id_of,
    episode_note,
    quote_snippet,
    uses,
)
from earmark.formats.writers import to_podcast_json, write_srt, write_stamped_txt, write_vtt
from earmark.services import backup_restore
from earmark.services.export_clips import CLIP_FORMATS, clip_name, cut
from earmark.services.export_fields import (
    CONTEXT_SECONDS,
    episode_fields,
    highlight_row,
    text_between,
    web_link,
)
from earmark.services.export_files import ensure_folder, file_names, write_text
from earmark.services.library import LibraryService
from earmark.store import Database, records
from earmark.store import annotations as annotation_rows

FORMATS = ("md", "readwise", "csv", "clip", "srt", "vtt", "json", "txt")
SUFFIX = {"md": ".md", "readwise": ".csv", "csv": ".csv", "srt": ".srt", "vtt": ".vtt", "json": ".json",
          "txt": ".txt"}  # fmt: skip
ONE_FILE_NAME = {
    "readwise": "earmark-readwise.csv",
    "csv": "earmark-highlights.csv",
    "json": "earmark-library.json",
}
HighlightsOf = Callable[[int], list[Highlight]]


@dataclass(frozen=True)
class Selection:
    """What to export: one episode, a tag, a podcast (id or title), or everything (all None)."""

    episode: int | None = None
    tag: str | None = None
    podcast: str | None = None

    @property
    def single(self) -> bool:
        return self.episode is not None


@dataclass
class ExportOptions:
    episode_template: str = EPISODE_TEMPLATE
    highlight_template: str = HIGHLIGHT_TEMPLATE
    clip_format: str = "m4a"
    context_seconds: float = CONTEXT_SECONDS

    def check(self) -> None:
        check_template(self.episode_template, "episode template")
        check_template(self.highlight_template, "highlight template")
        if self.clip_format not in CLIP_FORMATS:
            raise InputError(f"clip format {self.clip_format}", f"use one of {', '.join(CLIP_FORMATS)}")


@dataclass
class Preview:
    name: str
    text: str
    files: int  # how many files the export will write
    notes: list[str] = field(default_factory=list)


class ExportService:
    def __init__(self, database: Database, library: LibraryService, highlights_of: HighlightsOf) -> None:
        self._database = database
        self._library = library
        self._highlights_of = highlights_of

    # --- what ------------------------------------------------------------------------------------

    def podcasts(self) -> list[tuple[int, str]]:
        """(id, title) of every podcast that has episodes (for the dialog's list)."""
        seen = {e.podcast_id: e.podcast_title or "" for e in self._library.episodes() if e.podcast_id}
        return sorted(seen.items(), key=lambda item: item[1].casefold())

    def episodes_for(self, selection: Selection) -> list[Episode]:
        """The selection's episodes, oldest first; an empty selection is one clear error."""
        if selection.episode is not None:
            return [self._library.episode(selection.episode)]
        episodes = sorted(self._library.episodes(), key=lambda e: e.id)
        if selection.podcast is not None:
            episodes = self._podcast_episodes(episodes, selection.podcast)
        if selection.tag is not None:
            wanted = selection.tag.casefold()
            episodes = [
                e for e in episodes
                if wanted in (t.casefold() for t in e.tags) or self._tagged_highlights(e, wanted)
            ]  # fmt: skip
            if not episodes:
                raise InputError(f"tag {selection.tag!r}", "no episode or highlight has this tag")
        if not episodes:
            raise InputError("export", "nothing to export: the library has no episodes yet")
        return episodes

    def _podcast_episodes(self, episodes: list[Episode], podcast: str) -> list[Episode]:
        titles = {e.podcast_id: e.podcast_title or "" for e in episodes if e.podcast_id is not None}
        if podcast.isdigit() and int(podcast) in titles:
            chosen = {int(podcast)}
        else:
            chosen = {pid for pid, title in titles.items() if podcast.casefold() in title.casefold()}
        if len(chosen) != 1:
            problem = (
                "no podcast has that title" if not chosen else f"{len(chosen)} podcasts match; use the id"
            )
            raise InputError(f"podcast {podcast!r}", problem)
        return [e for e in episodes if e.podcast_id in chosen]

    def _tagged_highlights(self, episode: Episode, wanted: str) -> list[Highlight]:
        return [h for h in self._highlights_of(episode.id) if wanted in (t.casefold() for t in h.tags)]

    def highlights_for(self, selection: Selection, episode: Episode) -> list[Highlight]:
        """An episode's highlights in the selection: for a tag, those tagged (all, if the episode is)."""
        if selection.tag is not None and selection.tag.casefold() not in (t.casefold() for t in episode.tags):
            return self._tagged_highlights(episode, selection.tag.casefold())
        return self._highlights_of(episode.id)

    # --- one text ---------------------------------------------------------------------------------

    def _audio_url(self, episode_id: int) -> str | None:
        return records.audio_url(self._database.conn, episode_id)

    def _transcript(self, episode: Episode, fmt: str):
        transcript = self._library.transcript(episode.id)
        if transcript is None:
            raise InputError(f"episode {episode.id}", f"has no transcript to export as {fmt}")
        transcript.title = episode.title
        return transcript

    def _rows(self, selection: Selection, episodes: list[Episode]):
        return [
            highlight_row(e, h, self._audio_url(e.id))
            for e in episodes
            for h in self.highlights_for(selection, e)
        ]

    def note(
        self, episode: Episode, selection: Selection, options: ExportOptions, existing: str | None = None
    ):
        around = uses(options.highlight_template, "transcript_around")
        fields = episode_fields(
            episode,
            self.highlights_for(selection, episode),
            self._audio_url(episode.id),
            self._library.transcript(episode.id) if around else None,
            options.context_seconds,
        )
        return episode_note(fields, options.episode_template, options.highlight_template, existing)

    def render(self, episode_id: int, fmt: str, options: ExportOptions | None = None) -> str:
        """One episode as text in ``fmt`` (every format but ``clip``)."""
        options = options or ExportOptions()
        episode = self._library.episode(episode_id)
        selection = Selection(episode=episode_id)
        if fmt == "md":
            return self.note(episode, selection, options)
        if fmt == "readwise":
            return readwise_csv(self._rows(selection, [episode]))
        if fmt == "csv":
            return highlights_csv(self._rows(selection, [episode]))
        if fmt == "clip":
            raise InputError("export --format clip", "clips are audio: give a folder with -o DIR")
        transcript = self._transcript(episode, fmt)
        if fmt == "json":
            return json.dumps(to_podcast_json(transcript), ensure_ascii=False, indent=2) + "\n"
        writer = {"srt": write_srt, "vtt": write_vtt, "txt": write_stamped_txt}.get(fmt)
        if writer is None:
            raise InputError(f"format {fmt}", f"use one of {', '.join(FORMATS)}")
        return writer(transcript)

    def record(
        self, selection: Selection, progress: Progress = no_progress, cancel: CancelToken | None = None
    ):
        """The complete record (every episode for an empty selection) as JSON text."""
        ids = None if selection == Selection() else [e.id for e in self.episodes_for(selection)]
        return backup_restore.record_text(backup_restore.build_record(self._database, ids, progress, cancel))

    def quote_markdown(self, episode_id: int, start: float, end: float, text: str | None = None) -> str:
        """A quote with its time link, ready to paste (Ctrl+Shift+C): the lines said, or ``text``."""
        episode = self._library.episode(episode_id)
        quote = text if text is not None else text_between(self._library.transcript(episode_id), start, end)
        url = self._audio_url(episode_id)
        return quote_snippet(
            quote.strip() or "…", episode.title, format_clock(start), episode_link(episode_id, start, end),
            web_link(url, start, end),
        )  # fmt: skip

    # --- files ------------------------------------------------------------------------------------

    def is_one_file(self, selection: Selection, fmt: str) -> bool:
        """Whether ``fmt`` for ``selection`` writes one file (else a folder of files)."""
        return fmt in ("readwise", "csv") or (fmt == "json" and not selection.single)

    def one_file_target(self, selection: Selection, fmt: str, target: Path) -> Path:
        if target.is_dir():
            return target / ONE_FILE_NAME[fmt]
        return target

    def preview(
        self, selection: Selection, fmt: str, options: ExportOptions | None = None, quick: bool = False
    ) -> Preview:
        """The first file the export would write (its name and text), and how many files in all.

        ``quick``: a backup record shows its first episode only (the dialog redraws it on each change).
        """
        options = options or ExportOptions()
        episodes = self.episodes_for(selection)
        if fmt == "clip":
            marks = [(e, h) for e in episodes for h in self.highlights_for(selection, e)]
            lines = [
                f"{clip_name(e.title, h.start, h.id, options.clip_format)}  “{h.quote[:60]}”"
                for e, h in marks[:20]
            ]
            return Preview("clips", "\n".join(lines) or "(no highlights)", len(marks))
        if self.is_one_file(selection, fmt):
            if fmt == "json":
                text = self.record(Selection(episode=episodes[0].id) if quick else selection)
            else:
                rows = self._rows(selection, episodes)
                text = (readwise_csv if fmt == "readwise" else highlights_csv)(rows)
            return Preview(ONE_FILE_NAME[fmt], text[:20000], 1)
        first = episodes[0] if fmt == "md" else next((e for e in episodes if e.has_transcript), episodes[0])
        text = self.note(first, selection, options) if fmt == "md" else self.render(first.id, fmt, options)
        return Preview(
            file_names({e.id: e.title for e in episodes}, SUFFIX[fmt])[first.id], text, len(episodes)
        )

    def export(
        self,
        selection: Selection,
        fmt: str,
        target: Path,
        options: ExportOptions | None = None,
        progress: Progress = no_progress,
        cancel: CancelToken | None = None,
    ) -> list[Path]:
        """Write the export to ``target`` (a file or a folder, as the format wants); the paths written."""
        options = options or ExportOptions()
        options.check()
        cancel = cancel or CancelToken()
        if fmt not in FORMATS:
            raise InputError(f"format {fmt}", f"use one of {', '.join(FORMATS)}")
        if fmt == "json" and selection == Selection():  # the backup record: an empty library is fine too
            path = self.one_file_target(selection, fmt, target)
            return [write_text(path, self.record(selection, progress, cancel))]
        episodes = self.episodes_for(selection)
        if fmt == "clip":
            return self._export_clips(selection, episodes, ensure_folder(target), options, progress, cancel)
        if self.is_one_file(selection, fmt):
            path = self.one_file_target(selection, fmt, target)
            if fmt == "json":
                text = self.record(selection, progress, cancel)
            else:
                text = self.render_rows(selection, episodes, fmt)
            cancel.check()
            progress(1.0, path.name)
            return [write_text(path, text)]
        if selection.single and not target.is_dir() and (target.suffix or target.exists()):  # else a folder
            existing = target.read_text(encoding="utf-8") if fmt == "md" and target.is_file() else None
            episode = episodes[0]
            text = (
                self.note(episode, selection, options, existing)
                if fmt == "md"
                else self.render(episode.id, fmt)
            )
            return [write_text(target, text)]
        return self._export_folder(selection, episodes, fmt, ensure_folder(target), options, progress, cancel)

    def render_rows(self, selection: Selection, episodes: list[Episode], fmt: str) -> str:
        rows = self._rows(selection, episodes)
        return (readwise_csv if fmt == "readwise" else highlights_csv)(rows)

    def _existing_notes(self, folder: Path) -> dict[int, Path]:
        """Note files already in the vault folder, by the episode their front matter names."""
        found: dict[int, Path] = {}
        for path in sorted(folder.glob("*.md")):
            try:
                with path.open(encoding="utf-8", errors="replace") as f:
                    head = f.read(4096)
            except OSError:
                continue
            episode_id = episode_id_of(head)
            if episode_id is not None:
                found.setdefault(episode_id, path)
        return found

    def _export_folder(self, selection, episodes, fmt, folder: Path, options, progress, cancel) -> list[Path]:
        names = file_names({e.id: e.title for e in episodes}, SUFFIX[fmt])
        existing = self._existing_notes(folder) if fmt == "md" else {}
        taken = {p.name.casefold() for p in existing.values()}
        written = []
        for index, episode in enumerate(episodes):
            cancel.check()
            progress(index / len(episodes), episode.title)
            if fmt == "md":
                path = existing.get(episode.id)
                if path is None:
                    path = folder / names[episode.id]
                    if path.exists() or path.name.casefold() in taken:  # a user's own note of that name
                        path = folder / f"{Path(names[episode.id]).stem} ({episode.id}).md"
                old = path.read_text(encoding="utf-8") if path.is_file() else None
                text = self.note(episode, selection, options, old)
            else:
                if not self._library.transcript(episode.id):
                    continue
                path = folder / names[episode.id]
                text = self.render(episode.id, fmt, options)
            written.append(write_text(path, text))
        progress(1.0, f"{len(written)} file(s)")
        return written

    def _export_clips(self, selection, episodes, folder: Path, options, progress, cancel) -> list[Path]:
        marks = [(e, h) for e in episodes for h in self.highlights_for(selection, e)]
        if not marks:
            raise InputError("export --format clip", "the selection has no highlights to cut")
        written = []
        for index, (episode, h) in enumerate(marks):
            cancel.check()
            progress(index / len(marks), f"{episode.title} {format_clock(h.start)}")
            written.append(cut(episode, h, folder, options.clip_format, cancel))
        progress(1.0, f"{len(written)} clip(s)")
        return written

    def export_clip(
        self, highlight_id: int, folder: Path, clip_format: str = "m4a", cancel: CancelToken | None = None
    ) -> Path:
        """One highlight's clip into ``folder`` ("Export clip…" on a highlight in the window)."""
        ExportOptions(clip_format=clip_format).check()
        h = annotation_rows.get_highlight(self._database.conn, highlight_id)
        if h is None:
            raise InputError(f"highlight {highlight_id}", "no such highlight in the library")
        episode = self._library.episode(h.episode_id)
        return cut(episode, h, ensure_folder(folder), clip_format, cancel or CancelToken())

    # --- restore ----------------------------------------------------------------------------------

    def restore(
        self, path: Path, progress: Progress = no_progress, cancel: CancelToken | None = None
    ) -> backup_restore.RestoreReport:
        """Load a record made by ``export --all --format json`` (nothing lost, nothing doubled)."""
        return backup_restore.restore(self._database, path, progress, cancel)
