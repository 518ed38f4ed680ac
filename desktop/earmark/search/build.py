"""Building a whole index with every core: one segment per worker process, then one commit.

Each worker is a *spawned* process (never forked: the app calls this from a worker
thread, and forking a threaded Qt process is unsafe). A worker reads its own share of
the documents (``source()``, a picklable callable, so nothing big crosses a pipe), writes
one Whoosh segment into the new index's folder and sends back the segment's description;
the parent then commits a table of contents listing every worker's segment. That is
Whoosh's own ``MpWriter(multisegment=True)`` plan without its fork and its pickled batches.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import queue
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

from whoosh.codec.whoosh3 import LENGTHS_COLUMN, W3Codec, _lenfield
from whoosh.filedb.filestore import FileStorage
from whoosh.writing import SegmentWriter

from earmark.core.errors import Cancelled
from earmark.core.progress import CancelToken, Progress, no_progress
from earmark.search.documents import Document
from earmark.search.scoring import _LENGTH_OF

Source = Callable[[], Iterable[Document]]


class WorkersFailed(RuntimeError):
    """A worker process could not run (e.g. the main script re-runs itself when imported): build here."""


REPORT_EVERY = 500  # documents between a worker's progress messages
POLL_SECONDS = 0.1  # how often the parent checks for Cancel while it waits


# Posting blocks compressed at zlib level 1, not Whoosh's 3: the same size here (66 MB at
# 221k documents either way, within 3%), a fifth less time writing them.
BULK_CODEC_COMPRESSION = 1


class _Lengths:
    """A segment's per-document reader whose field lengths are read once, in one go.

    Writing the postings asks for a document's length at every posting (for the
    block's length bounds): one small file read each, without this.
    """

    def __init__(self, reader) -> None:
        self._reader = reader
        self._tables: dict[str, list[int]] = {}

    def doc_field_length(self, docnum: int, fieldname: str, default: int = 0) -> int:
        table = self._tables.get(fieldname)
        if table is None:
            column = self._reader._cached_reader(_lenfield(fieldname), LENGTHS_COLUMN)
            raw = column._dbfile.get(column._basepos, column._count) if column and column._count else b""
            table = self._tables[fieldname] = [_LENGTH_OF[b] for b in raw]
        return table[docnum] if docnum < len(table) else default

    def __getattr__(self, name: str):
        return getattr(self._reader, name)


class BulkWriter(SegmentWriter):
    """Whoosh's segment writer for whole builds: cached lengths, lighter compression."""

    def __init__(self, index, **kwargs) -> None:
        super().__init__(index, codec=W3Codec(compression=BULK_CODEC_COMPRESSION), **kwargs)

    def _flush_segment(self) -> None:
        self.perdocwriter.close()
        reader = self.per_document_reader()
        self.fieldwriter.add_postings(self.schema, _Lengths(reader), self.pool.iter_postings())
        self.fieldwriter.close()
        reader.close()


def _storage(folder: str) -> FileStorage:
    return FileStorage(folder, supports_mmap=False)


def _worker(folder: str, source: Source, limitmb: int, part: int, messages, stop) -> None:
    """In a worker process: index ``source()`` into one new segment of the index in ``folder``."""
    try:
        index = _storage(folder).open_index()
        writer = BulkWriter(index, _lk=False, limitmb=limitmb)
        count = 0
        try:
            for document in source():
                writer.add_document(**document.fields())
                count += 1
                if count % REPORT_EVERY == 0:
                    if stop.is_set():
                        writer.cancel()
                        messages.put(("cancelled", part, None))
                        return
                    messages.put(("progress", part, count))
            segment = writer._finalize_segment() if count else None
            if segment is None:
                writer.cancel()
        except BaseException:
            with contextlib.suppress(Exception):
                writer.cancel()
            raise
        messages.put(("done", part, (count, segment)))
    except BaseException as error:  # reported to the parent, which raises it there
        messages.put(("error", part, f"{type(error).__name__}: {error}"))


def build_segments(
    folder: Path,
    sources: Sequence[Source],
    total: int,
    limitmb: int,
    progress: Progress = no_progress,
    cancel: CancelToken | None = None,
    start_fraction: float = 0.0,
    span: float = 0.9,
) -> int:
    """Index each source in its own process into the (new, empty) index in ``folder``; commit once.

    Returns the number of documents. Raises :class:`Cancelled` when ``cancel`` is set (the
    folder is then left half-written: the caller deletes it).
    """
    context = multiprocessing.get_context("spawn")
    messages = context.Queue()
    stop = context.Event()
    workers = [
        context.Process(
            target=_worker, args=(str(folder), source, limitmb, part, messages, stop), daemon=True
        )
        for part, source in enumerate(sources)
    ]
    for worker in workers:
        worker.start()
    counts = [0] * len(workers)
    results: dict[int, tuple[int, object]] = {}
    try:
        while len(results) < len(workers):
            if cancel is not None and cancel.cancelled:
                stop.set()
                raise Cancelled()
            try:
                kind, part, value = messages.get(timeout=POLL_SECONDS)
            except queue.Empty:
                if any(not w.is_alive() and w.exitcode not in (0, None) for w in workers):
                    raise WorkersFailed("an index worker process died") from None
                continue
            if kind == "progress":
                counts[part] = value
                done = sum(counts)
                progress(start_fraction + span * done / max(total, 1), f"indexed {done:,} of {total:,}")
            elif kind == "done":
                results[part] = value
                counts[part] = value[0]
            elif kind == "error":
                stop.set()
                raise WorkersFailed(f"index worker {part}: {value}")
            else:  # "cancelled"
                raise Cancelled()
        for worker in workers:
            worker.join()
    finally:
        stop.set()
        for worker in workers:
            worker.join(timeout=5)
            if worker.is_alive():
                worker.terminate()
                worker.join()
        messages.close()
    segments = [segment for _, (_, segment) in sorted(results.items()) if segment is not None]
    _commit_segments(folder, segments)
    return sum(count for count, _ in results.values())


def _commit_segments(folder: Path, segments: list) -> None:
    """Write the table of contents that makes the workers' segments the index."""
    index = _storage(str(folder)).open_index()
    writer = index.writer()
    try:
        writer._close_segment()  # the parent's own (empty) segment is dropped
        writer._commit_toc(list(segments))
        writer._finish()
    except BaseException:
        with contextlib.suppress(Exception):
            writer.cancel()
        raise
