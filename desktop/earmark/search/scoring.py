"""BM25F as Whoosh scores it, with each segment's field lengths read once into memory.

Whoosh's scorer asks the segment for a document's field length at every match: one
small file read each (the index is opened without mmap). Scoring is most of a search's
time, so the lengths of a segment's field are read in one go and kept (segments never
change once written; a new note makes a new small segment).
"""

from __future__ import annotations

from collections import OrderedDict

from whoosh import scoring
from whoosh.codec.whoosh3 import LENGTHS_COLUMN, _lenfield
from whoosh.util.numeric import byte_to_length

_LENGTH_OF = [byte_to_length(b) for b in range(256)]
_KEEP = 32  # (segment, field) length tables kept; two fields of a few segments in use
_tables: OrderedDict[tuple[str, str], list[int]] = OrderedDict()


def _lengths(reader, fieldname: str) -> list[int] | None:
    """Every document's length in ``fieldname`` for one segment's reader (None: not a segment)."""
    perdoc = getattr(reader, "_perdoc", None)
    segment = getattr(reader, "_segment", None)
    if perdoc is None or segment is None:
        return None
    key = (segment.segment_id(), fieldname)  # random per segment, never reused
    table = _tables.get(key)
    if table is None:
        column = perdoc._cached_reader(_lenfield(fieldname), LENGTHS_COLUMN)
        if column is None:
            return None
        raw = column._dbfile.get(column._basepos, column._count) if column._count else b""
        table = [_LENGTH_OF[b] for b in raw]
        table += [_LENGTH_OF[0]] * (column._doccount + 1 - len(table))
        _tables[key] = table
        while len(_tables) > _KEEP:
            _tables.popitem(last=False)
    else:
        _tables.move_to_end(key)
    return table


class BM25F(scoring.BM25F):
    """Whoosh's BM25F, scoring from in-memory field lengths."""

    def scorer(self, searcher, fieldname, text, qf=1):
        scorer = super().scorer(searcher, fieldname, text, qf=qf)
        if isinstance(scorer, scoring.BM25FScorer) and searcher.is_atomic():
            table = _lengths(searcher.reader(), fieldname)
            if table is not None:
                scorer.dfl = table.__getitem__
        return scorer
