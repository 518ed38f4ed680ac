"""Whoosh's segment writer, made fast for whole builds of Earmark's one schema.

Whoosh's ``add_document`` runs each word through a chain of generators, pickles every
posting's positions, puts each posting in a pool as a tuple and sorts them all at the
end. For a rebuild that was most of the time (docs/README-search.md). This writer keeps
one posting list per term as it goes (documents arrive in order, so each list is already
sorted), analyses each distinct raw word once per build, encodes a positions list once
per distinct list, and hands whole blocks to Whoosh's own postings writer. The files are
Whoosh's, byte for byte the same as its own writer makes with the same codec
(``tests/search/test_bulk_writer.py``), so readers, merges and incremental writes see no
difference.
"""

from __future__ import annotations

import zlib
from array import array
from pickle import dumps

from whoosh.codec.whoosh3 import LENGTHS_COLUMN, W3Codec, _lenfield
from whoosh.columns import VarBytesColumn
from whoosh.system import pack_uint
from whoosh.util.numeric import byte_to_length, length_to_byte
from whoosh.writing import SegmentWriter

from earmark.search.documents import _WORD, ANALYZER, KEYED, Document, _stem

# Posting blocks compressed at zlib level 1, not Whoosh's 3: the same size here (within
# 3% at 221k documents), a fifth less time writing them.
BULK_CODEC_COMPRESSION = 1

_LENGTH_OF = [byte_to_length(b) for b in range(256)]  # a length byte's length, as readers see it
_add_bytes = VarBytesColumn.Writer.add  # below the compressing writer's own add
_FINDALL = _WORD.findall  # no capturing group: findall returns the whole words
assert _WORD.groups == 0, "the word pattern must not capture"
_POSTING_BYTES = 20  # about what one posting costs here (docnum, weight, a shared value)
_CACHE_LIMIT = 200_000  # distinct words / position lists remembered before starting again


def _term(word: str) -> bytes:
    """The index term of one raw word, as the analyzer makes it; b"" for a stop word."""
    lowered = word.lower()
    if len(lowered) < ANALYZER.minsize or lowered in ANALYZER.stops:
        return b""
    return _stem(lowered).encode("utf-8")


def zlib_stored(data: bytes) -> bytes:
    """``zlib.compress(data, 0)`` (one deflate block stored as it is), built without zlib's
    per-call set-up of its buffers, which cost more than the rest of adding a document.
    For ``data`` under 64 KiB. Readers decompress it as any zlib stream."""
    size = len(data)
    header = bytes((0x78, 0x01, 0x01, size & 0xFF, size >> 8, ~size & 0xFF, (~size >> 8) & 0xFF))
    return header + data + zlib.adler32(data).to_bytes(4, "big")


def _positions_value(positions: tuple[int, ...]) -> bytes:
    """Whoosh's ``Positions.encode``: the count, then the pickled deltas."""
    deltas, base = [], 0
    for pos in positions:
        deltas.append(pos - base)
        base = pos
    return pack_uint(len(deltas)) + dumps(deltas, 2)


class BulkWriter(SegmentWriter):
    """A segment writer for :class:`Document` values (``add``), with lighter compression."""

    TEXT_FIELDS = ("note", "text")  # sorted, as Whoosh visits fields

    def __init__(self, index, **kwargs) -> None:
        kwargs.setdefault("compound", False)  # separate files, which readers buffer (index.py: COMPOUND)
        super().__init__(index, codec=W3Codec(compression=BULK_CODEC_COMPRESSION), **kwargs)
        # field -> term -> (document numbers, positions values); text fields' weights are the
        # word counts the values begin with, ID fields' are all 1 (so neither is kept per posting).
        self._terms: dict[str, dict[bytes, tuple[array, list[bytes]]]] = {
            name: {} for name in ("episode", "key", "kind", *self.TEXT_FIELDS)
        }
        # Every document's length in each text field, as Whoosh reads it back (one byte).
        self._doc_lengths: dict[str, array] = {name: array("I") for name in self.TEXT_FIELDS}
        self._words: dict[str, bytes] = {}
        self._one: list[bytes] = []  # positions value of a word found once, by position
        self._many: dict[tuple[int, ...], bytes] = {}
        self._counts: dict[bytes, float] = {}  # a positions value's word count (the weight)
        self._ids: dict[str, bytes] = {}  # episode ids and kinds as terms
        self._length_columns: dict[str, object] = {}
        self._stored = self.perdocwriter._get_column("_stored")._child  # the compressed-bytes column
        self.postings = 0
        self._limit = self.pool.limit  # limitmb, in bytes

    @property
    def full(self) -> bool:
        """The postings held have reached the memory limit (``limitmb``): time for a segment."""
        return self.postings * _POSTING_BYTES >= self._limit

    def _id_term(self, field: str, value: str, docnum: int) -> None:
        try:
            term = self._ids[value]
        except KeyError:
            term = self._ids[value] = value.encode("utf-8")
        try:
            self._terms[field][term][0].append(docnum)
        except KeyError:
            self._terms[field][term] = (array("I", [docnum]), [])

    def _analysed(self, value: str) -> list[bytes]:
        """Each raw word's term (b"" for stop words), learning the words not seen yet."""
        words = self._words
        if len(words) >= _CACHE_LIMIT:
            words.clear()
        terms = []
        for word in _FINDALL(value):
            term = words.get(word)
            if term is None:
                term = words[word] = _term(word)
            terms.append(term)
        return terms

    def _value(self, positions: tuple[int, ...]) -> bytes:
        many = self._many
        try:
            return many[positions]
        except KeyError:
            if len(many) >= _CACHE_LIMIT:
                many.clear()
            encoded = many[positions] = _positions_value(positions)
            self._counts[encoded] = float(len(positions))
            return encoded

    def _text(self, field: str, value: str, docnum: int) -> int:
        """Index one text field of a document; return its length (words kept)."""
        words = self._words
        try:
            terms = [words[word] for word in _FINDALL(value)]
        except KeyError:
            terms = self._analysed(value)
        kept = [term for term in terms if term]
        if not kept:
            return 0
        # As Whoosh's StopFilter numbers them: the first word kept keeps its place, the rest follow.
        first = 0
        while not terms[first]:
            first += 1
        one, postings_of = self._one, self._terms[field]
        while len(one) < first + len(kept):
            one.append(self._value((len(one),)))
        if len(set(kept)) == len(kept):  # most lines: every word once
            for pos, term in enumerate(kept, first):
                try:
                    ids, values = postings_of[term]
                except KeyError:
                    ids, values = postings_of[term] = (array("I"), [])
                ids.append(docnum)
                values.append(one[pos])
            self.postings += len(kept)
            return len(kept)
        found: dict[bytes, list[int]] = {}
        for pos, term in enumerate(kept, first):
            if term in found:
                found[term].append(pos)
            else:
                found[term] = [pos]
        for term, positions in found.items():
            encoded = one[positions[0]] if len(positions) == 1 else self._value(tuple(positions))
            try:
                ids, values = postings_of[term]
            except KeyError:
                ids, values = postings_of[term] = (array("I"), [])
            ids.append(docnum)
            values.append(encoded)
        self.postings += len(found)
        return len(kept)

    def add(self, document: Document) -> None:
        """Add one document (what ``add_document(**document.fields())`` would add).

        Writes the per-document columns itself (what the per-document writer's start_doc,
        add_field and finish_doc do, less their checks and a zlib set-up per document).
        """
        docnum = self.docnum
        self._id_term("episode", str(document.episode_id), docnum)
        if document.kind in KEYED:
            self._id_term("key", document.doc_id, docnum)
        if document.kind != "transcript":
            self._id_term("kind", document.kind, docnum)
        self.postings += 3
        perdoc = self.perdocwriter
        for field, value in (("note", document.note), ("text", document.text)):
            length = self._text(field, value, docnum) if value else 0
            if length:
                byte = length_to_byte(length)
                column = self._length_columns.get(field)
                if column is None:
                    perdoc._create_column(_lenfield(field), LENGTHS_COLUMN)
                    column = self._length_columns[field] = perdoc._get_column(_lenfield(field))
                column.add(docnum, byte)
                perdoc._fieldlengths[field] += length
                self._doc_lengths[field].append(_LENGTH_OF[byte])
            else:
                self._doc_lengths[field].append(0)
        stored = dumps({"id": document.doc_id}, 2)
        _add_bytes(
            self._stored, docnum, zlib_stored(stored) if len(stored) < 65_536 else zlib.compress(stored)
        )
        perdoc._doccount = self.docnum = docnum + 1
        self._added = True

    def add_document(self, **fields) -> None:
        raise TypeError("BulkWriter takes Document values: use add()")

    def _flush_segment(self) -> None:
        """Write every field's posting lists, terms in order, in whole blocks."""
        self.perdocwriter.close()
        writer = self.fieldwriter
        for field in sorted(self._terms):
            terms = self._terms[field]
            if not terms:
                continue
            writer.start_field(field, self.schema[field])
            lengths = self._doc_lengths.get(field)
            for term in sorted(terms):
                writer.start_term(term)
                _fill_blocks(writer._postwriter, terms[term], lengths, self._counts)
                writer.finish_term()
            writer.finish_field()
            terms.clear()
        writer.close()


def _fill_blocks(postwriter, postings: tuple[array, list[bytes]], lengths: array | None, counts) -> None:
    """Give Whoosh's postings writer one term's list a block at a time (the last one it writes itself)."""
    ids, values = postings
    size, count = postwriter._blocklimit, len(ids)
    for start in range(0, count, size):
        block = ids[start : start + size]
        postwriter._ids = block
        if values:
            postwriter._values = values[start : start + size]
            postwriter._weights = array("f", map(counts.__getitem__, postwriter._values))
        else:
            postwriter._values = []
            postwriter._weights = array("f", [1.0]) * len(block)
        postwriter._maxweight = max(postwriter._weights)
        if lengths is not None:
            found = [lengths[d] for d in block]
            postwriter._minlength = min(found) or None
            postwriter._maxlength = max(found)
        if start + size < count:
            postwriter._write_block()
