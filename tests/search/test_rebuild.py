"""Whole-index rebuilds: in worker processes, cancelled, interrupted, and with notes written meanwhile.

A real library file and a real Whoosh index; the worker processes are real spawned processes.
"""

from __future__ import annotations

import pytest

from earmark.core.errors import Cancelled
from earmark.core.progress import CancelToken
from earmark.services.searching import SearchService

QUERIES = ("knowledge", "distil*", "tomatoes", "teachers", '"number 1234"', "1234 number")


def _results(service: SearchService):
    """Hits of a few queries, and how many lines say "number" (every one of the 3,000)."""
    hits = [sorted((h.doc_id, h.start, h.snippet.markup()) for h in service.search(q)) for q in QUERIES]
    return hits, len(service.search("number", limit=10_000))


@pytest.fixture
def big(filled):
    """The small library plus one episode of 3,000 lines (enough for several progress reports)."""
    filled.add_episode("Big one", [(i, i + 1.0, None, f"sentence number {i}") for i in range(3000)])
    filled.services.search.index.time_budget = 60.0  # score every match: counts must not hang on timing
    return filled


def _parallel(service: SearchService) -> SearchService:
    service.workers, service.parallel_from = 2, 0
    return service


def test_parallel_rebuild_finds_what_one_process_finds(big):
    """Two worker processes build an index that gives the same hits as one process does."""
    service = big.services.search
    service.workers = 1
    count = service.reindex()
    one = _results(service)
    assert _parallel(service).reindex() == count
    assert _results(service) == one
    assert len(list((service.index.folder).glob("*.trm"))) == 2  # one segment (one terms file) per worker


def test_parallel_rebuild_reports_progress(big):
    """A parallel rebuild reports rising progress and ends at 1.0."""
    seen = []
    _parallel(big.services.search).reindex(lambda f, m: seen.append(f))
    assert len(seen) >= 3 and seen == sorted(seen) and seen[-1] == 1.0


def test_cancelled_parallel_rebuild_keeps_old_index(big):
    """Cancel during a parallel rebuild: the old index stays, searchable, with nothing half-built left."""
    service = _parallel(big.services.search)
    before = _results(service)
    token = CancelToken()

    def progress(fraction, message):
        if fraction < 1.0:
            token.cancel()

    with pytest.raises(Cancelled):
        service.reindex(progress, token)
    assert not service.rebuilding
    assert _results(service) == before
    assert not service.index.folder.with_name("index.new").exists()


def test_cancelled_first_build_is_built_on_next_start(big, library_dir):
    """A first build cancelled part-way leaves no index; the next start builds it, and everything is found."""
    service = _parallel(big.services.search)
    expected = _results(service)
    service.close()
    for path in service.index.folder.iterdir():
        path.unlink()
    service.index.folder.rmdir()
    token = CancelToken()
    first = _parallel(SearchService(big.database, library_dir / "index"))
    first.index.time_budget = 60.0
    with pytest.raises(Cancelled):
        first.ensure_ready(lambda f, m: token.cancel(), token)
    assert first.search("tomatoes") != []  # the next search builds it in full
    assert _results(first) == expected
    later = SearchService(big.database, library_dir / "index")
    later.index.time_budget = 60.0
    assert later.ensure_ready() is False
    assert _results(later) == expected


def test_note_written_during_rebuild_is_found_during_and_after(big):
    """A note committed while the index is rebuilt is found at once (old index) and after the swap."""
    service = _parallel(big.services.search)
    service.search("knowledge")
    episode = big.services.library.episodes()[0].id
    found_during = []

    def progress(fraction, message):
        if fraction < 1.0 and not found_during:
            big.add_highlight(episode, 0.0, 4.2, "", "Zeppelins over the harbour")
            assert service.rebuilding
            found_during.append([h.text for h in service.search("zeppelins")])

    service.reindex(progress)
    assert found_during == [["Zeppelins over the harbour"]]
    assert not service.rebuilding
    assert [h.text for h in service.search("zeppelins")] == ["Zeppelins over the harbour"]
    assert big.database.conn.execute("SELECT count(*) FROM search_outbox").fetchone()[0] == 0


def test_search_while_first_build_runs_gives_nothing_and_says_rebuilding(big, library_dir):
    """With no index yet, a search during the first build returns no hits (it does not wait or fail)."""
    service = _parallel(big.services.search)
    assert not service.index.folder.exists()  # nothing has searched yet
    seen = []

    def progress(fraction, message):
        if fraction < 1.0 and not seen:
            seen.append((service.rebuilding, service.search("tomatoes")))

    service.ensure_ready(progress)
    assert seen == [(True, [])]
    assert service.search("tomatoes")
