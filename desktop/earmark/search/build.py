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

from whoosh.filedb.filestore import FileStorage

from earmark.core.errors import Cancelled
from earmark.core.progress import CancelToken, Progress, no_progress
from earmark.search.bulk import BulkWriter
from earmark.search.documents import Document

Source = Callable[[], Iterable[Document]]


class WorkersFailed(RuntimeError):
    """A worker process could not run (e.g. the main script re-runs itself when imported): build here."""


REPORT_EVERY = 500  # documents between a worker's progress messages
POLL_SECONDS = 0.1  # how often the parent checks for Cancel while it waits


def _storage(folder: str) -> FileStorage:
    return FileStorage(folder, supports_mmap=False)


def write_segments(index, documents: Iterable[Document], limitmb: float, counted, **kwargs) -> list:
    """Index ``documents`` into new segments of ``index`` (a new one each ``limitmb`` of postings).

    ``counted(n)`` is called every :data:`REPORT_EVERY` documents; it may raise to stop
    (the segments not yet finished are then cancelled). Returns the finished segments.
    """
    segments = []
    writer = BulkWriter(index, limitmb=limitmb, **kwargs)
    count = 0
    try:
        for document in documents:
            writer.add(document)
            count += 1
            if count % REPORT_EVERY == 0:
                counted(count)
                if writer.full:
                    segments.append(writer._finalize_segment())
                    writer = BulkWriter(index, limitmb=limitmb, **kwargs)
        if writer.docnum:
            segments.append(writer._finalize_segment())
        else:
            writer.cancel()
    except BaseException:
        with contextlib.suppress(Exception):
            writer.cancel()
        raise
    return segments


class _Stopped(Exception):
    """The parent asked this worker to stop."""


def _worker(folder: str, source: Source, limitmb: int, part: int, messages, stop) -> None:
    """In a worker process: index ``source()`` into new segments of the index in ``folder``."""

    def counted(count: int) -> None:
        if stop.is_set():
            raise _Stopped()
        messages.put(("progress", part, count))

    try:
        index = _storage(folder).open_index()
        try:
            segments = write_segments(index, source(), limitmb, counted, _lk=False)
        except _Stopped:
            messages.put(("cancelled", part, None))
            return
        messages.put(("done", part, segments))
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
    results: dict[int, list] = {}
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
    segments = [segment for _, found in sorted(results.items()) for segment in found]
    commit_segments(folder, segments)
    return sum(segment.doc_count_all() for segment in segments)


def commit_segments(folder: Path, segments: list) -> None:
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
