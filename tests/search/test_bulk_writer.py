"""The fast whole-build writer makes the same index as Whoosh's own writer.

Real Whoosh indexes on disk, built from the same documents two ways, compared file by file
and term by term. (The postings files differ only where this writer shares one encoded
positions value between postings: pickle then writes a back-reference, which reads back the
same; stored ids are zlib streams at level 0, not 3.)
"""

from __future__ import annotations

import pickle
import random
import zlib
from pathlib import Path

from whoosh.codec.whoosh3 import W3Codec
from whoosh.filedb.filestore import FileStorage
from whoosh.reading import SegmentReader
from whoosh.writing import SegmentWriter

from earmark.search.build import commit_segments, write_segments
from earmark.search.bulk import BULK_CODEC_COMPRESSION, BulkWriter, zlib_stored
from earmark.search.documents import Document, schema

WORDS = [
    "the",
    "knowledge",
    "distillation",
    "distilled",
    "distilling",
    "teacher",
    "teachers",
    "student",
    "a",
    "of",
    "to",
    "and",
    "is",
    "it",
    "mixture",
    "experts",
    "routes",
    "token",
    "tokens",
    "3.5",
    "v2.0",
    "naïve",
    "café",
    "Straße",
    "über",
    "x",
    "y",
    "I'm",
    "don't",
    "e.g.",
    "running",
    "runs",
    "ran",
    "model",
    "models",
    "MODEL",
    "learn",
    "learning",
    "learned",
]


def _documents(count: int = 900) -> list[Document]:
    """Transcript lines, highlights, notes and episodes; common words span several posting blocks."""
    rng = random.Random(3)
    documents = []
    for i in range(count):
        text = " ".join(rng.choice(WORDS) for _ in range(rng.randint(0, 30)))
        kind = ("transcript", "transcript", "transcript", "highlight", "note", "episode")[i % 6]
        prefix = {"transcript": "s", "highlight": "h", "note": "n", "episode": "e"}[kind]
        if kind == "transcript":
            documents.append(Document(f"{prefix}{i}", i % 7, kind, text=text))
        else:
            documents.append(Document(f"{prefix}{i}", i % 7, kind, note=text or "naïve"))
    documents.append(Document("s99999", 1, "transcript", text="the of a"))  # only stop words
    return documents


def _files(folder: Path, segment_id: str) -> dict[str, bytes]:
    """The segment's files by name with its (random) segment id taken out."""
    return {
        p.name.replace(segment_id, "SEG"): p.read_bytes() for p in folder.iterdir() if segment_id in p.name
    }


def test_bulk_writer_files_equal_whooshs_own(tmp_path):
    """Postings, terms, field lengths and stored ids are byte for byte what Whoosh writes itself."""
    documents = _documents()
    stock_folder, bulk_folder = tmp_path / "stock", tmp_path / "bulk"
    stock_folder.mkdir()
    bulk_folder.mkdir()
    stock_index = FileStorage(str(stock_folder)).create_index(schema())
    bulk_index = FileStorage(str(bulk_folder)).create_index(schema())

    stock = SegmentWriter(stock_index, codec=W3Codec(compression=BULK_CODEC_COMPRESSION), compound=False)
    for document in documents:
        stock.add_document(**document.fields())
    stock_segment = stock._finalize_segment()
    bulk = BulkWriter(bulk_index, compound=False)
    for document in documents:
        bulk.add(document)
    bulk_segment = bulk._finalize_segment()

    stock_files = _files(stock_folder, stock_segment.segment_id())
    bulk_files = _files(bulk_folder, bulk_segment.segment_id())
    assert sorted(stock_files) == sorted(bulk_files)
    for name in ("SEG._text_len.col", "SEG._note_len.col"):
        assert bulk_files[name] == stock_files[name], name
    assert len(bulk_files["SEG.pst"]) <= len(stock_files["SEG.pst"])
    assert bulk_segment.doc_count_all() == stock_segment.doc_count_all() == len(documents)
    assert bulk_segment._fieldlengths == stock_segment._fieldlengths
    assert _postings(stock_index, stock_segment) == _postings(bulk_index, bulk_segment)
    assert _stored(stock_index, stock_segment) == _stored(bulk_index, bulk_segment)


def test_stored_values_are_zlib_streams():
    """The stored ids' hand-built zlib streams are what zlib itself writes at level 0."""
    for data in (b"", b"s1", pickle.dumps({"id": "n12345"}, 2), bytes(range(256)) * 250):
        assert zlib_stored(data) == zlib.compress(data, 0)
        assert zlib.decompress(zlib_stored(data)) == data


def _stored(index, segment) -> list[dict]:
    reader = SegmentReader(index.storage, index.schema, segment)
    stored = [reader.stored_fields(docnum) for docnum in range(reader.doc_count_all())]
    reader.close()
    return stored


def _postings(index, segment) -> dict:
    """Every term's statistics and postings (document, weight, positions value), as a reader sees them."""
    reader = SegmentReader(index.storage, index.schema, segment)
    found = {}
    for term in reader.all_terms():
        info = reader.term_info(*term)
        stats = (info.weight(), info.doc_frequency(), info.min_length(), info.max_length(), info.max_weight())
        matcher = reader.postings(*term)
        postings = []
        while matcher.is_active():
            postings.append((matcher.id(), matcher.weight(), matcher.value(), matcher.block_max_length()))
            matcher.next()
        found[term] = (stats, postings)
    reader.close()
    assert len(found) > 300
    return found


def test_segments_roll_over_at_the_memory_limit(tmp_path):
    """With a tiny posting budget a build writes several segments, and the index holds every document."""
    documents = _documents(3000)
    folder = tmp_path / "index"
    folder.mkdir()
    index = FileStorage(str(folder)).create_index(schema())
    segments = write_segments(index, documents, 0.02, lambda count: None, _lk=False)
    assert len(segments) > 1
    commit_segments(folder, segments)
    reopened = FileStorage(str(folder)).open_index()
    with reopened.searcher() as searcher:
        assert searcher.doc_count() == len(documents)
        ids = {stored["id"] for stored in searcher.all_stored_fields()}
    assert ids == {d.doc_id for d in documents}
