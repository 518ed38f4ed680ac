"""Finding notes and spoken sentences: the search use case over the library and its index.

SQLite is the truth; the index is derived. Every write to the library enqueues
what changed in the search outbox (same transaction); :meth:`SearchService.catch_up`
replays it into the index, and :meth:`SearchService.search` calls it first, so a
committed note is found by the next search. A missing, damaged or outdated
index is rebuilt from the library by itself.
"""

from __future__ import annotations

import functools
import os
import sqlite3
import threading
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from earmark.core.progress import CancelToken, Progress, no_progress
from earmark.search import (
    Allowed,
    Document,
    IndexBroken,
    IndexBusy,
    Matched,
    ParsedQuery,
    Restriction,
    RowMatcher,
    SearchIndex,
    Snippet,
    make_snippet,
    matching_rows,
    parse_query,
)
from earmark.search.query import Filters
from earmark.store import Database, outbox
from earmark.store import searchable as rows

KIND_FILTERS = {"note": ("note", "episode"), "highlight": ("highlight",), "transcript": ("transcript",)}


@dataclass(frozen=True, slots=True)
class Hit:
    """One result. ``kind`` is transcript, note or highlight; times are seconds."""

    episode: int
    title: str
    kind: str
    start: float | None
    end: float | None
    text: str
    snippet: Snippet
    speaker: str | None = None
    row: int | None = None  # the transcript line to light (segment position)
    score: float = 0.0
    doc_id: str = ""
    source: str = field(default="")  # "episode" for show notes and titles

    def as_json(self) -> dict:
        return {
            "episode": self.episode,
            "title": self.title,
            "kind": self.kind,
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "snippet": self.snippet.markup(),
            "speaker": self.speaker,
            "row": self.row,
            "score": round(self.score, 4),
        }


def find_rows(texts: Sequence[str], query: str) -> list[int]:
    """Find in the current episode: the rows of ``texts`` matching ``query``."""
    return matching_rows(texts, query)


def row_matcher(texts: Sequence[str]) -> RowMatcher:
    """Find in the current episode, repeatedly: analyse the rows once, then ``.match(query)``."""
    return RowMatcher(texts)


def _seconds(ms: int | None) -> float | None:
    return None if ms is None else ms / 1000.0


# -- documents from rows ------------------------------------------------------


def _highlight_documents(row: sqlite3.Row) -> list[Document]:
    tags = row["tags"] or ""
    documents = []
    if row["quote"].strip() or not row["note"].strip():
        note = f"{row['quote']} {'' if row['note'].strip() else tags}".strip()
        documents.append(Document(f"h{row['id']}", row["episode_id"], "highlight", note=note))
    if row["note"].strip():
        documents.append(Document(f"n{row['id']}", row["episode_id"], "note", note=f"{row['note']} {tags}"))
    return documents


def _episode_document(row: sqlite3.Row) -> Document:
    note = " \n".join(x for x in (row["title"], row["podcast"], row["tags"] or "", row["notes"]) if x)
    return Document(f"e{row['id']}", row["id"], "episode", note=note)


def _episode_documents(conn: sqlite3.Connection, episode_id: int) -> list[Document]:
    found = rows.episodes(conn, episode_id)
    if not found:
        return []
    documents = [_episode_document(found[0])]
    documents += [
        Document(f"s{r[0]}", r[1], "transcript", text=r[2]) for r in rows.segments(conn, episode_id)
    ]
    for highlight in rows.highlights(conn, episode_id=episode_id):
        documents += _highlight_documents(highlight)
    return documents


def _share(folder: str, low: int, high: int, extras: bool) -> Iterator[Document]:
    """One share of a full rebuild, read on its own connection (runs in an index worker process).

    Segments with ``low <= id < high``; with ``extras`` also every highlight and episode.
    """
    database = Database(Path(folder))
    try:
        conn = database.conn
        for r in rows.segments_in(conn, low, high):
            yield Document(f"s{r[0]}", r[1], "transcript", text=r[2])
        if extras:
            for highlight in rows.highlights(conn):
                yield from _highlight_documents(highlight)
            for episode in rows.episodes(conn):
                yield _episode_document(episode)
    finally:
        database.close()


def _shares(database: Database, parts: int) -> list[Callable[[], Iterator[Document]]]:
    bounds = rows.segment_splits(database.conn, parts, extra=rows.count_extras(database.conn))
    folder = str(database.path.parent)
    return [functools.partial(_share, folder, bounds[i], bounds[i + 1], i == parts - 1) for i in range(parts)]


# A rebuild below this many documents runs in this process: starting the workers
# (~0.5 s each, they import Whoosh) costs more than a second core saves.
PARALLEL_FROM = 20_000
WORKERS = max(1, min(4, os.cpu_count() or 1))


class SearchService:
    """The index in ``folder`` (the library's ``index`` folder), kept in step with the library.

    Safe to call from several threads: a rebuild runs beside searches, which meanwhile use
    the old index (if there is one) and say so through :attr:`rebuilding`.
    """

    def __init__(self, database: Database, folder: Path) -> None:
        self._database = database
        self.index = SearchIndex(folder)
        self._lock = threading.RLock()  # catch-up and searches, one at a time
        self._ready_lock = threading.Lock()  # one check (and rebuild) at a time
        self._checked = False
        self._rebuild_from: int | None = None  # outbox id a running rebuild started at
        self._replayed = 0  # outbox ids replayed into the old index during a rebuild
        self.workers = WORKERS
        self.parallel_from = PARALLEL_FROM

    @property
    def rebuilding(self) -> bool:
        """A rebuild is running: hits come from the old index, or there are none yet."""
        return self._rebuild_from is not None

    # -- keeping the index right --------------------------------------------

    def ensure_ready(self, progress: Progress = no_progress, cancel: CancelToken | None = None) -> bool:
        """Rebuild the index if it is missing, damaged or outdated; then catch up. True if rebuilt."""
        rebuilt = False
        with self._ready_lock:
            if not self._checked:
                if self.index.problem() is not None:
                    self._reindex(progress, cancel)
                    rebuilt = True
                self._checked = True
        self.catch_up()
        return rebuilt

    def reindex(self, progress: Progress = no_progress, cancel: CancelToken | None = None) -> int:
        """Build the whole index again from the library; return the number of documents.

        Cancel keeps the index there was (if any; a missing one is built on the next start).
        """
        with self._ready_lock:
            return self._reindex(progress, cancel)

    def _reindex(self, progress: Progress, cancel: CancelToken | None) -> int:
        with self._lock:
            conn = self._database.conn
            last = conn.execute("SELECT coalesce(max(id), 0) FROM search_outbox").fetchone()[0]
            total = rows.count_searchable(conn)
            parallel = self.workers > 1 and total >= self.parallel_from
            shares = _shares(self._database, self.workers if parallel else 1)
            self._rebuild_from, self._replayed = last, last
        try:
            count = self.index.rebuild(shares, total, progress, cancel, parallel=parallel)
            with self._lock:
                with self._database.transaction() as writing:
                    outbox.done(writing, last)
                self._checked = True
        finally:
            with self._lock:
                self._rebuild_from = None
        self.catch_up()  # what was written while it ran
        return count

    def catch_up(self) -> int:
        """Replay the outbox into the index; return how many changes were applied.

        During a rebuild changes go into the old index too (so a new note is found at
        once) but stay queued, and are replayed into the new index when it is in place.
        """
        with self._lock:
            conn = self._database.conn
            applied = 0
            while pending := outbox.pending(conn, 1000, after=self._replayed if self.rebuilding else 0):
                try:
                    self._apply(conn, pending)
                except IndexBusy:  # another Earmark is writing: leave the changes queued
                    return applied
                except IndexBroken:  # being rebuilt: the new index will hold them
                    return applied
                if self.rebuilding:
                    self._replayed = pending[-1][0]
                else:
                    with self._database.transaction() as writing:
                        outbox.done(writing, pending[-1][0])
                applied += len(pending)
            return applied

    def _apply(self, conn: sqlite3.Connection, pending: list[tuple[int, str, int]]) -> None:
        episodes = sorted({entity_id for _, entity, entity_id in pending if entity == "episode"})
        highlight_ids = sorted({entity_id for _, entity, entity_id in pending if entity == "highlight"})
        add: list[Document] = []
        for episode_id in episodes:
            add += _episode_documents(conn, episode_id)
        remove_ids = [f"{p}{h}" for h in highlight_ids for p in ("h", "n")]
        for highlight_id in highlight_ids:
            for row in rows.highlights(conn, highlight_id=highlight_id):
                if row["episode_id"] not in episodes:
                    add += _highlight_documents(row)
        try:
            self.index.update(remove_ids, episodes, add)
        except IndexBroken:
            if not self._rebuild_now():
                raise

    def _rebuild_now(self) -> bool:
        """Rebuild a broken index here, unless another thread is already checking or rebuilding it.

        Never waits for that thread (it may be waiting for this one's lock).
        """
        if not self._ready_lock.acquire(blocking=False):
            return False
        try:
            self._reindex(no_progress, None)
        finally:
            self._ready_lock.release()
        return True

    # -- searching -----------------------------------------------------------

    def search(self, text: str, limit: int = 20) -> list[Hit]:
        """Hits for what a person typed, best first. Never raises for a bad query."""
        parsed = parse_query(text)
        if parsed.empty or limit <= 0:
            return []
        self._ready_if_free()
        with self._lock:
            restriction = self._restriction(parsed.filters)
            deadline = self.index.deadline()  # one scoring budget for both searches below
            matched = self._search(parsed, limit, restriction, deadline)
            if not matched.hits and len(parsed.required) > 1:  # no hit has every word: any word will do
                words = [c for alts in parsed.required for c in alts]
                anyword = ParsedQuery([words], parsed.excluded, parsed.filters)
                matched = self._search(anyword, limit, restriction, deadline)
            return self._hits(matched)

    def _ready_if_free(self) -> None:
        """Check (and rebuild) the index first, unless another thread is at it: then search what there is."""
        if self._ready_lock.acquire(blocking=False):
            try:
                if not self._checked:
                    if self.index.problem() is not None:
                        self._reindex(no_progress, None)
                    self._checked = True
            finally:
                self._ready_lock.release()
        self.catch_up()

    def _search(self, parsed: ParsedQuery, limit: int, restriction: Restriction, deadline: float) -> Matched:
        try:
            return self.index.search(parsed, limit, restriction, deadline)
        except IndexBroken:
            if not self._rebuild_now():  # being rebuilt, and no usable old index meanwhile
                return Matched([], frozenset(), ())
            return self.index.search(parsed, limit, restriction)

    def _restriction(self, filters: Filters) -> Restriction:
        if not filters:
            return Restriction()
        conn = self._database.conn
        kinds = None
        if filters.kinds:
            kinds = frozenset(k for wanted in filters.kinds for k in KIND_FILTERS.get(wanted, ()))
        all_of: list[Allowed] = []
        for name in filters.podcasts:
            all_of.append(Allowed(episodes=frozenset(rows.episodes_in_podcasts(conn, name))))
        if filters.episodes:
            all_of.append(Allowed(episodes=frozenset(filters.episodes)))
        for tag in filters.tags:
            episode_ids, highlight_ids = rows.tagged(conn, tag)
            doc_ids = frozenset(f"{p}{h}" for h in highlight_ids for p in ("h", "n"))
            all_of.append(Allowed(episodes=frozenset(episode_ids), doc_ids=doc_ids))
        return Restriction(kinds=kinds, all_of=tuple(all_of))

    def _hits(self, matched: Matched) -> list[Hit]:
        conn = self._database.conn
        ids: dict[str, list[int]] = {"s": [], "h": [], "n": [], "e": []}
        for raw in matched.hits:
            ids[raw.doc_id[0]].append(int(raw.doc_id[1:]))
        segments = rows.segment_hits(conn, ids["s"])
        highlights = rows.highlight_hits(conn, ids["h"] + ids["n"])
        episodes = rows.episode_hits(conn, ids["e"])
        hits = []
        for raw in matched.hits:
            hit = self._hit(raw.doc_id, raw.score, matched, segments, highlights, episodes)
            if hit is not None:  # None: the row is gone and the index has not caught up yet
                hits.append(hit)
        return hits

    @staticmethod
    def _hit(doc_id, score, matched: Matched, segments, highlights, episodes) -> Hit | None:
        kind, key = doc_id[0], int(doc_id[1:])

        def snip(text: str) -> Snippet:
            return make_snippet(text, matched.terms, matched.prefixes)

        if kind == "s" and key in segments:
            r = segments[key]
            return Hit(
                r["episode_id"], r["title"], "transcript", _seconds(r["start_ms"]), _seconds(r["end_ms"]),
                r["text"], snip(r["text"]), r["speaker"], r["position"], score, doc_id,
            )  # fmt: skip
        if kind in "hn" and key in highlights:
            r = highlights[key]
            text = r["quote"] if kind == "h" else r["note"]
            return Hit(
                r["episode_id"], r["title"], "highlight" if kind == "h" else "note",
                _seconds(r["start_ms"]), _seconds(r["end_ms"]), text, snip(text), r["speaker"],
                r["position"], score, doc_id,
            )  # fmt: skip
        if kind == "e" and key in episodes:
            r = episodes[key]
            notes = snip(r["notes"] or "")
            snippet = notes if notes.marks else snip(r["title"])
            text = r["notes"] if notes.marks else r["title"]
            return Hit(
                key, r["title"], "note", 0.0, None, text, snippet, None, None, score, doc_id, "episode"
            )
        return None

    def close(self) -> None:
        self.index.close()
