"""Highlights, notes and tags: the one API the GUI and the command use to annotate.

Every operation is one committed transaction (WAL, ``synchronous=FULL``: once a
method returns, the change survives a kill) that also queues the search index
update (``store.outbox``). After the commit, listeners in :attr:`on_changed`
receive an :class:`AnnotationChanges` saying exactly what changed, so each pane
redraws only what it must (Anki's ``OpChanges``).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from earmark.core.anchoring import Span, TextMap, context_of, locate, quote_of
from earmark.core.errors import InputError
from earmark.core.model import Highlight, Segment
from earmark.core.timecode import to_ms
from earmark.services.anchoring import (
    ReanchorReport,
    covered_span,
    reanchor_episode,
    segment_at,
    segments_of,
    span_times,
)
from earmark.store import Database, backups, outbox
from earmark.store import annotations as rows

COLOURS = ("yellow", "green", "blue", "pink", "orange")
"""The palette, in keyboard order (1–5)."""


@dataclass(frozen=True)
class AnnotationChanges:
    """What one operation changed."""

    episode_id: int | None = None
    highlights: frozenset[int] = frozenset()  # created or changed
    removed: frozenset[int] = frozenset()
    tags: bool = False  # the library's set of tag names changed (completion lists)
    episode: bool = False  # the episode's own notes or tags changed


Listener = Callable[[AnnotationChanges], None]


class AnnotationService:
    def __init__(self, database: Database) -> None:
        self._database = database
        self.on_changed: list[Listener] = []

    # --- reading -------------------------------------------------------------------------------------

    def highlight(self, highlight_id: int) -> Highlight:
        found = rows.get_highlight(self._database.conn, highlight_id)
        if found is None:
            raise InputError(f"highlight {highlight_id}", "no such highlight in the library")
        return found

    def highlights(self, episode_id: int) -> list[Highlight]:
        """The episode's attached highlights, in time order."""
        return rows.list_highlights(self._database.conn, episode_id, orphan=False)

    def orphans(self, episode_id: int) -> list[Highlight]:
        """Highlights that could not re-attach to the current transcript (kept, never dropped)."""
        return rows.list_highlights(self._database.conn, episode_id, orphan=True)

    def all_highlights(self, episode_id: int) -> list[Highlight]:
        return rows.list_highlights(self._database.conn, episode_id)

    def all_tags(self) -> list[str]:
        return rows.all_tags(self._database.conn)

    def episode_tags(self, episode_id: int) -> list[str]:
        return rows.episode_tags(self._database.conn, episode_id)

    def episode_notes(self, episode_id: int) -> str:
        notes = rows.episode_notes(self._database.conn, episode_id)
        if notes is None:
            raise InputError(f"episode {episode_id}", "no such episode in the library")
        return notes

    def row_colours(self, episode_id: int) -> dict[int, list[str]]:
        """Transcript line index -> colours of the highlights covering it, in time order."""
        conn = self._database.conn
        segments = segments_of(conn, episode_id)
        colours: dict[int, list[str]] = {}
        text_map: TextMap | None = None
        for highlight in rows.list_highlights(conn, episode_id, orphan=False):
            span = covered_span(segments, highlight.start, highlight.end)
            if span is None and highlight.quote and segments:  # untimed text: find the lines by quote
                text_map = text_map or TextMap([s.text for s in segments])
                span = locate(
                    text_map.lines, highlight.quote, highlight.prefix, highlight.suffix, text_map=text_map
                )
            if span is None:
                continue
            for index in range(span.first, span.last + 1):
                colours.setdefault(index, []).append(highlight.colour)
        return colours

    def row_spans(self, episode_id: int) -> dict[int, list[tuple[str, int, int]]]:
        """Transcript line index -> (colour, first char, end char) of each highlight on it, oldest first.

        A highlight of a few words covers only those characters (found by its quote and context
        near its time); a highlight of whole lines covers each line whole.
        """
        conn = self._database.conn
        segments = segments_of(conn, episode_id)
        if not segments:
            return {}
        text_map = TextMap([s.text for s in segments])
        starts = [s.start for s in segments]
        spans: dict[int, list[tuple[str, int, int]]] = {}
        for highlight in rows.list_highlights(conn, episode_id, orphan=False):
            by_time = covered_span(segments, highlight.start, highlight.end)
            span = None
            if highlight.quote:
                span = locate(
                    text_map.lines, highlight.quote, highlight.prefix, highlight.suffix,
                    near=highlight.start, starts=starts, text_map=text_map,
                )  # fmt: skip
                if (
                    span is not None
                    and by_time is not None
                    and not (by_time.first <= span.first and span.last <= by_time.last)
                ):
                    span = None  # the quote was found elsewhere: trust the times
            span = span or by_time
            if span is None:
                continue
            for index in range(span.first, span.last + 1):
                first = span.char_start if index == span.first else 0
                end = span.char_end if index == span.last else len(segments[index].text)
                spans.setdefault(index, []).append((highlight.colour, first, end))
        return spans

    # --- creating ------------------------------------------------------------------------------------

    def create_highlight(
        self,
        episode_id: int,
        start: float,
        end: float,
        note: str = "",
        tags: Iterable[str] = (),
        colour: str = "yellow",
        quote: str | None = None,
    ) -> Highlight:
        """Highlight a time range; the quote is the text of the lines it covers unless given."""
        if start < 0 or end < start:
            raise InputError("highlight", f"bad time range {start:g}–{end:g} s")
        segments = self._segments(episode_id)
        span = covered_span(segments, start, end)
        return self._create(episode_id, segments, span, (start, end), note, tags, colour, quote)

    def highlight_segment(self, episode_id: int, position: int, colour: str = "yellow") -> Highlight:
        """Highlight one whole transcript line."""
        return self.highlight_range(episode_id, position, position, colour)

    def highlight_range(
        self, episode_id: int, first_pos: int, last_pos: int, colour: str = "yellow"
    ) -> Highlight:
        """Highlight whole lines ``first_pos``..``last_pos`` (either order)."""
        segments = self._segments(episode_id)
        first, last = sorted((first_pos, last_pos))
        if first < 0 or last >= len(segments):
            raise InputError(f"episode {episode_id}", f"no transcript line {last_pos}")
        span = Span(first, last, 0, len(segments[last].text))
        return self._create(episode_id, segments, span, None, "", (), colour, None)

    def highlight_text(
        self, episode_id: int, position: int, char_start: int, char_end: int, colour: str = "yellow"
    ) -> Highlight:
        """Highlight part of one line (selected text); times are interpolated within the line."""
        segments = self._segments(episode_id)
        if not 0 <= position < len(segments):
            raise InputError(f"episode {episode_id}", f"no transcript line {position}")
        text = segments[position].text
        char_start, char_end = sorted((max(0, char_start), min(len(text), char_end)))
        if not text[char_start:char_end].strip():
            raise InputError(f"episode {episode_id}", "the selected text is empty")
        span = Span(position, position, char_start, char_end)
        return self._create(episode_id, segments, span, None, "", (), colour, None)

    def highlight_at(self, episode_id: int, seconds: float, colour: str = "yellow") -> Highlight:
        """Highlight the line being spoken at ``seconds`` (the ``B`` key)."""
        segments = self._segments(episode_id)
        index = segment_at(segments, seconds)
        if index is None:
            return self.create_highlight(episode_id, max(0.0, seconds - 5), seconds, colour=colour)
        return self.highlight_segment(episode_id, index, colour)

    def highlight_last(
        self, episode_id: int, now: float, seconds: float = 30.0, colour: str = "yellow"
    ) -> Highlight:
        """Highlight the last ``seconds`` before ``now`` (``Shift+B``)."""
        return self.create_highlight(episode_id, max(0.0, now - seconds), now, colour=colour)

    def _create(
        self,
        episode_id: int,
        segments: list[Segment],
        span: Span | None,
        times: tuple[float, float] | None,
        note: str,
        tags: Iterable[str],
        colour: str,
        quote: str | None,
    ) -> Highlight:
        colour = _check_colour(colour)
        names = clean_tags(tags)
        lines = [s.text for s in segments]
        prefix = suffix = ""
        if span is not None:
            prefix, suffix = context_of(lines, span)
            if quote is None:
                quote = quote_of(lines, span)
            if times is None:
                times = span_times(segments, span) or (0.0, 0.0)
        times = times or (0.0, 0.0)
        with self._database.transaction() as conn:
            _require_episode(conn, episode_id)
            new_id = rows.insert_highlight(
                conn,
                episode_id,
                start_ms=to_ms(times[0]) or 0,
                end_ms=to_ms(times[1]) or 0,
                quote=quote or "",
                prefix=prefix,
                suffix=suffix,
                note=note,
                colour=colour,
            )
            if names:
                rows.set_highlight_tags(conn, new_id, names)
            outbox.enqueue(conn, "highlight", new_id)
        self._notify(AnnotationChanges(episode_id, highlights=frozenset({new_id}), tags=bool(names)))
        return self.highlight(new_id)

    # --- changing ------------------------------------------------------------------------------------

    def update_note(self, highlight_id: int, note: str) -> Highlight:
        return self._update(highlight_id, note=note)

    def set_colour(self, highlight_id: int, colour: str) -> Highlight:
        return self._update(highlight_id, colour=_check_colour(colour))

    def set_tags(self, highlight_id: int, tags: Iterable[str]) -> Highlight:
        names = clean_tags(tags)
        with self._database.transaction() as conn:
            highlight = _require_highlight(conn, highlight_id)
            rows.set_highlight_tags(conn, highlight_id, names)
            outbox.enqueue(conn, "highlight", highlight_id)
        self._notify(AnnotationChanges(highlight.episode_id, highlights=frozenset({highlight_id}), tags=True))
        return self.highlight(highlight_id)

    def add_tag(self, highlight_id: int, tag: str) -> Highlight:
        return self.set_tags(highlight_id, [*self.highlight(highlight_id).tags, tag])

    def remove_tag(self, highlight_id: int, tag: str) -> Highlight:
        kept = [t for t in self.highlight(highlight_id).tags if t.casefold() != tag.strip().casefold()]
        return self.set_tags(highlight_id, kept)

    def _update(self, highlight_id: int, **fields: object) -> Highlight:
        with self._database.transaction() as conn:
            highlight = _require_highlight(conn, highlight_id)
            rows.update_highlight(conn, highlight_id, **fields)
            outbox.enqueue(conn, "highlight", highlight_id)
        self._notify(AnnotationChanges(highlight.episode_id, highlights=frozenset({highlight_id})))
        return self.highlight(highlight_id)

    def delete_highlight(self, highlight_id: int) -> Highlight:
        """Delete; the returned highlight (id, note, tags, times) is what :meth:`restore_highlight` needs."""
        with self._database.transaction() as conn:
            highlight = _require_highlight(conn, highlight_id)
            rows.delete_highlight(conn, highlight_id)
            outbox.enqueue(conn, "highlight", highlight_id)
        self._notify(
            AnnotationChanges(
                highlight.episode_id, removed=frozenset({highlight_id}), tags=bool(highlight.tags)
            )
        )
        return highlight

    def restore_highlight(self, highlight: Highlight) -> Highlight:
        """Put a deleted highlight back exactly as it was, with the same id (undo of delete)."""
        with self._database.transaction() as conn:
            _require_episode(conn, highlight.episode_id)
            rows.insert_highlight(
                conn,
                highlight.episode_id,
                start_ms=to_ms(highlight.start) or 0,
                end_ms=to_ms(highlight.end) or 0,
                quote=highlight.quote,
                prefix=highlight.prefix,
                suffix=highlight.suffix,
                note=highlight.note,
                colour=highlight.colour,
                orphan=highlight.orphan,
                highlight_id=highlight.id,
                created=highlight.created or None,
            )
            rows.set_highlight_tags(conn, highlight.id, highlight.tags)
            outbox.enqueue(conn, "highlight", highlight.id)
        self._notify(
            AnnotationChanges(
                highlight.episode_id, highlights=frozenset({highlight.id}), tags=bool(highlight.tags)
            )
        )
        return self.highlight(highlight.id)

    # --- episodes ------------------------------------------------------------------------------------

    def save_episode_notes(self, episode_id: int, notes: str) -> None:
        with self._database.transaction() as conn:
            _require_episode(conn, episode_id)
            rows.set_episode_notes(conn, episode_id, notes)
            outbox.enqueue(conn, "episode", episode_id)
        self._notify(AnnotationChanges(episode_id, episode=True))

    def set_episode_tags(self, episode_id: int, tags: Iterable[str]) -> list[str]:
        names = clean_tags(tags)
        with self._database.transaction() as conn:
            _require_episode(conn, episode_id)
            rows.set_episode_tags(conn, episode_id, names)
            outbox.enqueue(conn, "episode", episode_id)
        self._notify(AnnotationChanges(episode_id, episode=True, tags=True))
        return self.episode_tags(episode_id)

    # --- tags across the library ----------------------------------------------------------------------

    def rename_tag(self, old: str, new: str) -> AnnotationChanges:
        """Rename a tag everywhere; renaming onto an existing tag merges the two."""
        names = clean_tags([new])
        if not names:
            raise InputError(f"tag {new!r}", "a tag needs a name")
        new = names[0]
        with self._database.transaction() as conn:
            source = rows.find_tag(conn, old.strip())
            if source is None:
                raise InputError(f"tag {old!r}", "no such tag")
            target = rows.find_tag(conn, new)
            highlights, episodes = rows.tag_users(conn, source[0])
            if target is None or target[0] == source[0]:
                rows.rename_tag(conn, source[0], new)
            else:
                rows.merge_tag(conn, source[0], target[0])
            for highlight_id in highlights:
                outbox.enqueue(conn, "highlight", highlight_id)
            for episode_id in episodes:
                outbox.enqueue(conn, "episode", episode_id)
        changes = AnnotationChanges(None, highlights=frozenset(highlights), tags=True, episode=bool(episodes))
        self._notify(changes)
        return changes

    def merge_tag(self, source: str, target: str) -> AnnotationChanges:
        """Fold tag ``source`` into the existing tag ``target`` across the library."""
        if rows.find_tag(self._database.conn, target.strip()) is None:
            raise InputError(f"tag {target!r}", "no such tag")
        return self.rename_tag(source, target)

    # --- transcript changes and safety ------------------------------------------------------------------

    def reanchor(self, episode_id: int) -> ReanchorReport:
        """Re-attach the episode's highlights to its current transcript (an ``on_episode_changed`` hook)."""
        with self._database.transaction() as conn:
            report = reanchor_episode(conn, episode_id)
        if report.changed:
            self._notify(AnnotationChanges(episode_id, highlights=frozenset(report.changed)))
        return report

    def backup_now(self) -> Path:
        """A consistent copy of the library file, now (``earmark backup``)."""
        return backups.backup_now(self._database.path)

    def daily_backup(self) -> Path | None:
        """Today's rolling copy, if not made yet; the last 7 days are kept."""
        return backups.daily_backup(self._database.path)

    # --- helpers -------------------------------------------------------------------------------------

    def _segments(self, episode_id: int) -> list[Segment]:
        conn = self._database.conn
        _require_episode(conn, episode_id)
        return segments_of(conn, episode_id)

    def _notify(self, changes: AnnotationChanges) -> None:
        for listener in list(self.on_changed):
            listener(changes)


def clean_tags(names: Iterable[str]) -> list[str]:
    """Trimmed, de-duplicated (ignoring case) tag names; commas are not allowed in a tag."""
    seen: dict[str, str] = {}
    for name in names:
        cleaned = " ".join(name.split()).lstrip("#")
        if not cleaned:
            continue
        if "," in cleaned:
            raise InputError(f"tag {cleaned!r}", "a tag cannot contain a comma")
        seen.setdefault(cleaned.casefold(), cleaned)
    return list(seen.values())


def _check_colour(colour: str) -> str:
    if colour not in COLOURS:
        raise InputError(f"colour {colour!r}", f"use one of {', '.join(COLOURS)}")
    return colour


def _require_episode(conn: sqlite3.Connection, episode_id: int) -> None:
    if rows.episode_notes(conn, episode_id) is None:
        raise InputError(f"episode {episode_id}", "no such episode in the library")


def _require_highlight(conn: sqlite3.Connection, highlight_id: int) -> Highlight:
    found = rows.get_highlight(conn, highlight_id)
    if found is None:
        raise InputError(f"highlight {highlight_id}", "no such highlight in the library")
    return found
