"""The search service over a real library file and a real Whoosh index on disk."""

from __future__ import annotations

import pytest

from earmark.search import parse_query
from earmark.services.searching import SearchService
from earmark.store import outbox


def kinds_and_texts(hits):
    return [(h.kind, h.text) for h in hits]


def test_note_found_by_stemmed_word(filled):
    """A note saying "Distilling" is found by "distilled"."""
    hits = filled.services.search.search("distilled")
    assert ("note", "Distilling big teachers into small students") in kinds_and_texts(hits)


def test_note_found_by_phrase(filled):
    """A quoted phrase finds the note holding those words in that order, and not in another order."""
    hits = filled.services.search.search('"big teachers"')
    assert kinds_and_texts(hits) == [("note", "Distilling big teachers into small students")]
    assert filled.services.search.search('"teachers big"') == []


def test_note_found_by_misspelling(filled):
    """A typo in the last word typed ("studnets") still finds the note about students."""
    hits = filled.services.search.search("small studnets")
    assert ("note", "Distilling big teachers into small students") in kinds_and_texts(hits)


def test_prefix_query(filled):
    """`distil*` finds distillation and distilling."""
    texts = [h.text for h in filled.services.search.search("distil*")]
    assert "knowledge distillation" in texts
    assert "Distilling big teachers into small students" in texts


def test_last_word_matches_as_prefix_while_typing(filled):
    """A half-typed last word ("mixtu") already finds the sentence."""
    hits = filled.services.search.search("mixtu")
    assert hits and hits[0].text.startswith("A mixture of experts")


def test_transcript_hit_starts_at_sentence_start(filled):
    """A transcript hit carries its sentence's start and end in seconds, speaker and row."""
    (hit,) = filled.services.search.search("specialists")
    assert (hit.kind, hit.start, hit.end, hit.speaker, hit.row) == ("transcript", 12.34, 17.0, "Andrey", 2)
    assert hit.title == "Small models"


def test_notes_rank_above_transcript_for_same_words(filled):
    """For the same words, the note and the highlight come before the spoken sentence."""
    hits = filled.services.search.search("distillation")
    assert [h.kind for h in hits] == ["highlight", "note", "transcript"]


def test_deleting_note_removes_it_from_results(filled):
    """Once the highlight is deleted in SQLite, the next search no longer shows its note or quote."""
    (note,) = [h for h in filled.services.search.search("teachers") if h.kind == "note"]
    filled.delete_highlight(int(note.doc_id[1:]))
    assert [h.kind for h in filled.services.search.search("teachers")] == ["transcript"]
    raw = filled.services.search.index.search(parse_query("teachers"), 20).hits
    assert [h.doc_id[0] for h in raw] == ["s"]  # removed from the index, not just hidden


def test_edited_note_is_found_by_its_new_words(filled):
    """Changing a note's text makes the new words findable and the old ones not."""
    (note,) = [h for h in filled.services.search.search("teachers") if h.kind == "note"]
    filled.edit_note(int(note.doc_id[1:]), "Quantization tricks")
    assert kinds_and_texts(filled.services.search.search("quantization")) == [("note", "Quantization tricks")]
    assert "note" not in [h.kind for h in filled.services.search.search("teachers")]


def test_snippet_marks_matched_words(filled):
    """The snippet marks each matched word, stems included."""
    (hit,) = filled.services.search.search("routes specialist")
    assert (
        hit.snippet.markup() == "A mixture of experts <b>routes</b> every token to a few <b>specialists</b>."
    )


@pytest.mark.parametrize(
    ("query", "kinds"),
    [
        ("tag:ideas", {"highlight", "note"}),
        ("kind:note distilling", {"note"}),
        ("kind:transcript knowledge", {"transcript"}),
        ("podcast:thumbs water", {"transcript"}),
        ("podcast:thumbs knowledge", set()),
        ("tag:ml welcome", {"transcript"}),
        ("tag:nosuchtag knowledge", set()),
    ],
)
def test_field_filters(filled, query, kinds):
    """tag:, podcast: and kind: narrow the hits to what they name."""
    assert {h.kind for h in filled.services.search.search(query)} == kinds


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("AND", []),
        ("*", []),
        ("NOT", []),
        ("", []),
        ("   ", []),
        ('""', []),
        ("!?.,;:-()[]{}" * 160, []),
        ("OR tomatoes", ["Tomatoes need sun."]),
        ("tomatoes AND", ["Tomatoes need sun."]),
        ("tomatoes OR", ["Tomatoes need sun."]),
        ("tomatoes*)", ["Tomatoes need sun."]),
        ("tag: kind: tomatoes", ["Tomatoes need sun."]),
    ],
)
def test_bad_queries_never_fail(filled, query, expected):
    """Lone operators, stars, empty filters or 2,000 characters of punctuation: plain words or nothing."""
    assert [h.text for h in filled.services.search.search(query)] == expected


def test_unbalanced_quote_searches_the_plain_words(filled):
    """An unclosed quote searches its words as if the quote were not there."""
    hits = filled.services.search.search('"knowledge distillation')
    assert "knowledge distillation" in [h.text for h in hits]


def test_index_is_built_when_missing(filled, library_dir):
    """With no index folder, the first search builds it and finds everything already in the library."""
    assert not (library_dir / "index").exists()
    assert filled.services.search.search("tomatoes")
    assert (library_dir / "index" / "earmark-index.json").is_file()


def _results(service: SearchService, queries=("knowledge", "distil*", "tomatoes", "teachers")):
    return [[(h.doc_id, h.start, h.snippet.markup()) for h in service.search(q)] for q in queries]


def test_truncated_index_is_rebuilt_with_same_results(filled, library_dir):
    """Truncating every index file leads to an automatic rebuild on next start, with the same results."""
    before = _results(filled.services.search)
    filled.services.search.close()
    for path in (library_dir / "index").iterdir():
        if path.is_file() and path.stat().st_size:
            with path.open("r+b") as f:
                f.truncate(path.stat().st_size // 2)
    reopened = SearchService(filled.database, library_dir / "index")
    assert reopened.ensure_ready() is True
    assert _results(reopened) == before


def test_index_truncated_without_manifest_change_is_rebuilt(filled, library_dir):
    """Whoosh files damaged behind the manifest's back (sizes recorded anew) still lead to a rebuild."""
    before = _results(filled.services.search)
    filled.services.search.close()
    index = library_dir / "index"
    for path in index.iterdir():
        if path.suffix in (".seg", ".toc", ".trm", ".pst"):  # compound and separate segment files
            path.write_bytes(b"")
    from earmark.search.index import _write_manifest

    _write_manifest(index)
    reopened = SearchService(filled.database, index)
    assert _results(reopened) == before


def test_older_index_version_is_rebuilt(filled, library_dir):
    """An index recorded as built by an older index version is rebuilt on open."""
    filled.services.search.search("knowledge")
    filled.services.search.close()
    manifest = library_dir / "index" / "earmark-index.json"
    manifest.write_text(manifest.read_text().replace('"version": ', '"version": -1, "was": '))
    reopened = SearchService(filled.database, library_dir / "index")
    assert reopened.ensure_ready() is True
    assert reopened.search("knowledge")


def test_pending_changes_are_replayed_on_next_start(filled, library_dir):
    """A note committed while the index was not running is found after the next start."""
    filled.services.search.search("knowledge")
    filled.services.search.close()
    episode = filled.services.library.episodes()[0].id
    filled.add_highlight(episode, 0.0, 4.2, "Welcome back", "Zeppelins are back in fashion")
    reopened = SearchService(filled.database, library_dir / "index")
    assert reopened.ensure_ready() is False
    assert [h.text for h in reopened.search("zeppelins")] == ["Zeppelins are back in fashion"]
    assert filled.database.conn.execute("SELECT count(*) FROM search_outbox").fetchone()[0] == 0


def test_reindex_reports_progress_and_counts_documents(filled):
    """reindex rebuilds from SQLite, reports progress up to 1.0 and returns the document count."""
    seen = []
    count = filled.services.search.reindex(lambda f, m: seen.append(f))
    # 7 sentences, 1 highlight quote + 1 note, 2 episode documents
    assert count == 11
    assert seen[-1] == 1.0
    assert filled.services.search.search("tomatoes")


def test_cancelled_reindex_keeps_old_index(filled):
    """Cancelling a rebuild leaves the previous index in place and searchable."""
    from earmark.core.errors import Cancelled
    from earmark.core.progress import CancelToken

    filled.services.search.search("knowledge")
    token = CancelToken()
    token.cancel()
    filled.add_episode("Big one", [(i, i + 1.0, None, f"sentence number {i}") for i in range(600)])
    with pytest.raises(Cancelled):
        filled.services.search.reindex(cancel=token)
    assert filled.services.search.search("tomatoes")


def test_busy_index_keeps_changes_queued(filled, library_dir):
    """While another writer holds the index lock, a new note stays queued (old results still served)."""
    from whoosh import index as windex

    filled.services.search.search("knowledge")
    filled.services.search.index.lock_wait = 0.05
    episode = filled.services.library.episodes()[0].id
    other = windex.open_dir(str(library_dir / "index")).writer()
    try:
        filled.add_highlight(episode, 0.0, 4.2, "Welcome back", "Zeppelins ahoy")
        assert filled.services.search.search("zeppelins") == []
        assert filled.services.search.search("tomatoes")
        assert filled.database.conn.execute("SELECT count(*) FROM search_outbox").fetchone()[0] == 1
    finally:
        other.cancel()
    assert [h.text for h in filled.services.search.search("zeppelins")] == ["Zeppelins ahoy"]


def test_untimed_line_has_no_start_but_a_row(library):
    """A sentence of untimed text is found with start None and its row, to light it once synced."""
    untimed = [(None, None, None, "First line."), (None, None, None, "Bananas are yellow.")]
    library.add_episode("Untimed", untimed)
    (hit,) = library.services.search.search("bananas")
    assert (hit.kind, hit.start, hit.row) == ("transcript", None, 1)
    assert hit.as_json()["start"] is None


def test_show_notes_and_title_are_found_as_notes(library):
    """Words from an episode's show notes or title find the episode, as a note at 0 s."""
    library.add_episode("Llamas at dawn", notes="Links: the alpaca farm we visited.")
    hits = library.services.search.search("alpaca")
    assert [(h.kind, h.start, h.title) for h in hits] == [("note", 0.0, "Llamas at dawn")]
    assert [h.kind for h in library.services.search.search("llamas")] == ["note"]


def test_deleted_episode_leaves_no_hits(filled):
    """Deleting an episode (and its lines and notes) removes all its hits."""
    episode = next(e.id for e in filled.services.library.episodes() if e.title == "Small models")
    assert filled.services.search.search("distillation")
    with filled.database.transaction() as conn:
        conn.execute("DELETE FROM episodes WHERE id = ?", (episode,))
        outbox.enqueue(conn, "episode", episode)
    assert filled.services.search.search("distillation") == []
    assert filled.services.search.index.search(parse_query("distillation"), 20).hits == []


def test_each_pass_gets_its_share_of_one_search_budget(filled):
    """A pass gets what is left of the search's budget, at most a pass's, and never less than its least."""
    import time

    from earmark.search.index import LEAST_NOTES_PASS, LEAST_PASS

    index = filled.services.search.index
    index.time_budget, index.search_budget = 0.012, 0.015
    index._deadline = time.perf_counter() - 1.0  # spent
    assert index._budget(LEAST_PASS) == LEAST_PASS
    assert index._budget(LEAST_NOTES_PASS) == LEAST_NOTES_PASS
    index._deadline = time.perf_counter() + 10.0  # plenty left
    assert index._budget(LEAST_PASS) == 0.012
    assert index.deadline() - time.perf_counter() <= 0.015
