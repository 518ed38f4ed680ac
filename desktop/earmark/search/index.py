"""The index on disk: open it, check it, rebuild it, update it, search it.

A small manifest beside Whoosh's files records the index version and every
file's size at the last commit; a missing, truncated or older index fails the
check and is rebuilt from the library by the search service.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from whoosh import index as windex
from whoosh import query as wq
from whoosh.collectors import TimeLimit
from whoosh.filedb.filestore import FileStorage
from whoosh.searching import Searcher

from earmark.core.progress import CancelToken, Progress, no_progress
from earmark.search.budget import BudgetCollector
from earmark.search.documents import INDEX_VERSION, KINDS, Document, schema
from earmark.search.query import (
    EXACT,
    FUZZY,
    MIN_PREFIX,
    NOTES_ONLY,
    PREFIX,
    TIERS,
    ParsedQuery,
    has_last_word,
    to_whoosh,
)
from earmark.search.scoring import BM25F

if TYPE_CHECKING:  # the builder (Whoosh's writer, multiprocessing) loads only to rebuild
    from earmark.search.build import Source

MANIFEST = "earmark-index.json"
WRITE_LOCK_WAIT = 2.0  # seconds to wait for another process's index writer
TIME_BUDGET = 0.012  # seconds of scoring per pass; a word in every other sentence stops early
SEARCH_BUDGET = 0.015  # seconds of scoring for a whole search, all its passes (at least one pass's)
LEAST_PASS = 0.002  # a pass started after the search's budget is spent still gets this
LEAST_NOTES_PASS = 0.003  # ... and the notes-only pass this, so a note is never skipped for time
LIMIT_MB = (
    256  # each writer's posting buffer before it spills a run to disk (measured: docs/README-search.md)
)


def _storage(folder: Path) -> FileStorage:
    """Plain file reads, no mmap: Whoosh copies each mmapped part into a BytesIO on open,
    which made reopening the searcher after every note cost ~80 ms on a 66 MB index."""
    return FileStorage(str(folder), supports_mmap=False)


class IndexBroken(Exception):
    """The files on disk cannot be used; rebuild."""


class IndexBusy(Exception):
    """Another process is writing the index; try again later (the outbox keeps the change)."""


@dataclass(frozen=True, slots=True)
class Allowed:
    """Documents of these episodes, or these documents."""

    episodes: frozenset[int] = frozenset()
    doc_ids: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class Restriction:
    """Which documents a search may return: every ``Allowed`` must let a document through."""

    kinds: frozenset[str] | None = None
    all_of: tuple[Allowed, ...] = ()


@dataclass(frozen=True, slots=True)
class RawHit:
    doc_id: str
    score: float


@dataclass(frozen=True, slots=True)
class Matched:
    hits: list[RawHit]
    terms: frozenset[str]  # index terms the query matched, for marking snippets
    prefixes: tuple[str, ...]  # prefixes typed, for marking words the terms miss


def _files(folder: Path) -> dict[str, int]:
    return {
        p.name: p.stat().st_size
        for p in folder.iterdir()
        if p.is_file() and p.name != MANIFEST and "LOCK" not in p.name
    }


def _write_manifest(folder: Path) -> None:
    temp = folder / (MANIFEST + ".tmp")
    temp.write_text(json.dumps({"version": INDEX_VERSION, "files": _files(folder)}))
    os.replace(temp, folder / MANIFEST)


def _kinds_filter(kinds: frozenset[str]) -> wq.Query:
    """Documents of these kinds (transcript lines carry no kind term: they are "none of the others")."""
    if not kinds:
        return wq.NullQuery
    if "transcript" not in kinds:
        return wq.Or([wq.Term("kind", k) for k in sorted(kinds)])
    others = [wq.Term("kind", k) for k in KINDS if k != "transcript" and k not in kinds]
    return wq.AndNot(wq.Every(), wq.Or(others)) if others else wq.Every()


class SearchIndex:
    """One Whoosh index in ``folder``. Thread-safe: every operation holds one lock."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._lock = threading.RLock()
        self._index: windex.Index | None = None
        self._searcher: Searcher | None = None
        self._deadline = 0.0  # of the search running (under the lock)
        self.lock_wait = WRITE_LOCK_WAIT
        self.time_budget = TIME_BUDGET
        self.search_budget = SEARCH_BUDGET
        self.limitmb = LIMIT_MB

    # -- state ----------------------------------------------------------------

    def problem(self) -> str | None:
        """Why the index cannot be used as it is (None when it can)."""
        manifest = self.folder / MANIFEST
        if not manifest.is_file():
            return "missing"
        try:
            recorded = json.loads(manifest.read_text())
            if recorded.get("version") != INDEX_VERSION:
                return "built by another version"
            if recorded.get("files") != _files(self.folder):
                return "damaged"
        except (OSError, ValueError, AttributeError):
            return "damaged"
        try:
            with self._lock:
                self._open()
        except IndexBroken:
            return "damaged"
        return None

    def _open(self) -> Searcher:
        if self._searcher is None:
            try:
                self._index = _storage(self.folder).open_index()
                self._searcher = self._index.searcher(weighting=BM25F())
            except Exception as error:  # Whoosh raises many kinds on damaged files
                self.close()
                raise IndexBroken(str(error)) from error
        return self._searcher

    def close(self) -> None:
        with self._lock:
            if self._searcher is not None:
                with contextlib.suppress(Exception):
                    self._searcher.close()
            self._searcher = None
            self._index = None

    def size_bytes(self) -> int:
        return sum(_files(self.folder).values()) if self.folder.is_dir() else 0

    # -- writing --------------------------------------------------------------

    def rebuild(
        self,
        sources: Sequence[Source],
        total: int,
        progress: Progress = no_progress,
        cancel: CancelToken | None = None,
        parallel: bool = True,
    ) -> int:
        """Build a fresh index beside the old one, then swap it in. Cancel keeps the old one.

        ``sources``: callables each giving a share of the documents. With ``parallel`` each
        share is indexed in its own process (one segment each); else all in this one.
        """
        from earmark.search.build import WorkersFailed, build_segments

        building = self.folder.with_name(self.folder.name + ".new")
        shutil.rmtree(building, ignore_errors=True)
        building.mkdir(parents=True)
        _storage(building).create_index(schema())
        try:
            try:
                if not (parallel and len(sources) > 1):
                    raise WorkersFailed("one process asked for")
                count = build_segments(building, sources, total, self.limitmb, progress, cancel)
            except WorkersFailed as why:
                if parallel and len(sources) > 1:
                    import logging  # only here: a search loads no logging (~10 ms of its start)

                    logging.getLogger(__name__).warning(
                        "index workers failed (%s); building in this process", why
                    )
                    shutil.rmtree(building, ignore_errors=True)
                    building.mkdir(parents=True)
                    _storage(building).create_index(schema())
                count = self._build_here(building, sources, total, progress, cancel)
        except BaseException:
            shutil.rmtree(building, ignore_errors=True)
            raise
        _write_manifest(building)
        with self._lock:
            self.close()
            old = self.folder.with_name(self.folder.name + ".old")
            shutil.rmtree(old, ignore_errors=True)
            if self.folder.exists():
                os.replace(self.folder, old)
            os.replace(building, self.folder)
            shutil.rmtree(old, ignore_errors=True)
        progress(1.0, f"indexed {count:,} documents")
        return count

    def _build_here(self, building: Path, sources, total: int, progress: Progress, cancel) -> int:
        from earmark.search.build import commit_segments, write_segments

        index = _storage(building).open_index()
        done = 0  # documents of the sources already indexed

        def counted(count: int) -> None:
            if cancel is not None:
                cancel.check()
            progress(0.9 * (done + count) / max(total, 1), f"indexed {done + count:,} of {total:,}")

        segments = []
        for source in sources:
            segments += write_segments(index, source(), self.limitmb, counted, _lk=False)
            done = sum(segment.doc_count_all() for segment in segments)
        progress(0.9, "writing the index")
        commit_segments(building, segments)
        return done

    def update(
        self,
        remove_ids: Iterable[str] = (),
        remove_episodes: Iterable[int] = (),
        add: Iterable[Document] = (),
        on_commit: Callable[[], None] | None = None,
    ) -> None:
        """Delete and add documents in one commit; then reopen the searcher."""
        with self._lock:
            self._open()
            assert self._index is not None
            try:
                writer = self._index.writer(timeout=self.lock_wait, compound=False)
            except windex.LockError as error:
                raise IndexBusy(str(error)) from error
            except Exception as error:
                raise IndexBroken(str(error)) from error
            try:
                for doc_id in remove_ids:
                    writer.delete_by_term("key", doc_id)
                for episode_id in remove_episodes:
                    writer.delete_by_term("episode", str(episode_id))
                for document in add:
                    writer.add_document(**document.fields())
                writer.commit()
            except BaseException:
                with contextlib.suppress(Exception):
                    writer.cancel()
                raise
            _write_manifest(self.folder)
            self.close()
            if on_commit is not None:
                on_commit()

    # -- reading --------------------------------------------------------------

    def deadline(self) -> float:
        """When a search starting now should stop scoring (``time.perf_counter()`` seconds)."""
        return time.perf_counter() + max(self.search_budget, self.time_budget)

    def search(
        self,
        parsed: ParsedQuery,
        limit: int,
        restriction: Restriction | None = None,
        deadline: float | None = None,
    ) -> Matched:
        """Best first. Raises :class:`IndexBroken` when the files fail while reading.

        ``deadline`` (from :meth:`deadline`) bounds the scoring time of every pass together,
        so a query searched again with any of its words shares one budget.
        """
        with self._lock:
            searcher = self._open()
            self._deadline = self.deadline() if deadline is None else deadline
            try:
                return self._search(searcher, parsed, limit, restriction or Restriction())
            except IndexBroken:
                raise
            except Exception as error:
                self.close()
                raise IndexBroken(str(error)) from error

    def _search(self, searcher: Searcher, parsed: ParsedQuery, limit: int, only: Restriction) -> Matched:
        reader = searcher.reader()
        limits: list[wq.Query] = []
        if only.kinds is not None:
            limits.append(_kinds_filter(only.kinds))
        for allowed_one in only.all_of:
            options = [wq.Term("episode", str(e)) for e in sorted(allowed_one.episodes)]
            options += [wq.Term("key", d) for d in sorted(allowed_one.doc_ids)]
            limits.append(wq.Or(options) if options else wq.NullQuery)
        if any(q is wq.NullQuery for q in limits):
            return Matched([], frozenset(), ())
        allowed = (limits[0] if len(limits) == 1 else wq.And(limits)) if limits else None
        tiers = TIERS if has_last_word(parsed) else (FUZZY,)
        ranked: dict[str, float] = {}  # insertion order is rank order: tier first, then score
        terms: set[str] = set()
        ran: list[wq.Query] = []
        widest = EXACT
        for tier in tiers:
            query = to_whoosh(parsed, reader, tier=tier)
            if query is None:  # filters alone: everything they allow
                if not limits:
                    return Matched([], frozenset(), ())
                query = wq.Every()
            if query is not wq.NullQuery and not any(query == earlier for earlier in ran):
                ran.append(query)
                widest = tier
                for doc_id, score in self._collect(searcher, parsed, query, allowed, limit, tier):
                    ranked.setdefault(doc_id, score)
                terms |= {
                    text.decode("utf-8") if isinstance(text, bytes) else str(text)
                    for field, text in query.existing_terms(reader, expand=True)
                    if field in ("text", "note")
                }
            if len(ranked) >= limit or (ranked and tier >= PREFIX):
                break  # near misses only when nothing was found as typed or as a start of a word
        hits = [RawHit(doc_id, score) for doc_id, score in list(ranked.items())[:limit]]
        prefixes = tuple(
            c.words[0]
            for alts in parsed.required
            for c in alts
            if c.prefix or (widest >= PREFIX and c.last and len(c.words[0]) >= MIN_PREFIX)
        )
        return Matched(hits, frozenset(terms), prefixes)

    def _budget(self, least: float) -> float:
        """Seconds for the next pass: what is left of the search's budget, within bounds."""
        return max(least, min(self.time_budget, self._deadline - time.perf_counter()))

    def _collect(
        self, searcher: Searcher, parsed: ParsedQuery, query: wq.Query, allowed, limit: int, tier: int
    ) -> list[tuple[str, float]]:
        """The best ``limit`` documents for ``query``, best first."""
        # Whoosh 2.7.4's block-quality skipping (optimize=True) can loop forever inside
        # UnionMatcher.skip_to_quality: seen on 22k and 221k documents. So every match is
        # scored, and a time budget bounds the work for words found in half the library.
        collector = BudgetCollector(limit, allowed, self._budget(LEAST_PASS))
        with contextlib.suppress(TimeLimit):
            searcher.search_with_collector(query, collector)
        scores = {hit["id"]: float(hit.score or 0.0) for hit in collector.results()}
        if collector.timedout:
            # A very common word: the budget ran out part-way through the transcripts. Notes
            # and highlights are few, so score all of them, so none is missed.
            # (A word in most notes too gets the same budget again.)
            notes = to_whoosh(parsed, searcher.reader(), NOTES_ONLY, tier)
            if notes is not None and notes is not wq.NullQuery:
                noted = BudgetCollector(limit, allowed, self._budget(LEAST_NOTES_PASS))
                with contextlib.suppress(TimeLimit):
                    searcher.search_with_collector(notes, noted)
                for hit in noted.results():
                    scores[hit["id"]] = max(scores.get(hit["id"], 0.0), float(hit.score or 0.0))
        return sorted(scores.items(), key=lambda item: -item[1])[:limit]
