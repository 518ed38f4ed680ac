"""Words a typed prefix begins, from the cached per-segment word lists, are Whoosh's own expansion.

A real two-segment Whoosh index on disk, written by the bulk writer.
"""

from __future__ import annotations

import itertools

from whoosh.filedb.filestore import FileStorage

from earmark.search.build import commit_segments, write_segments
from earmark.search.documents import Document, schema
from earmark.search.fuzzy import words_starting


def test_words_starting_equals_whooshs_expand_prefix(tmp_path):
    """For every prefix and limit tried, the same words in the same order, across two segments."""
    words = [
        "model",
        "models",
        "modelling",
        "moderate",
        "modern",
        "mod",
        "modem",
        "mode",
        "distil",
        "distilled",
        "dist",
        "a",
        "the",
    ]
    first = [Document(f"s{i}", 1, "transcript", text=" ".join(words[i % 7 :])) for i in range(40)]
    second = [Document(f"n{i}", 2, "note", note=" ".join(words[: i % 9 + 1])) for i in range(40)]
    folder = tmp_path / "index"
    folder.mkdir()
    index = FileStorage(str(folder)).create_index(schema())
    segments = write_segments(index, first, 256, lambda n: None, _lk=False)
    segments += write_segments(index, second, 256, lambda n: None, _lk=False)
    commit_segments(folder, segments)
    with FileStorage(str(folder)).open_index().searcher() as searcher:
        reader = searcher.reader()
        assert len(list(reader.leaf_readers())) == 2
        for field, prefix, limit in itertools.product(("text", "note"), ("mod", "mode", "dis", "x"), (2, 50)):
            whoosh = [t.decode() for t in itertools.islice(reader.expand_prefix(field, prefix), limit)]
            assert words_starting(reader, field, prefix, limit) == whoosh, (field, prefix, limit)
