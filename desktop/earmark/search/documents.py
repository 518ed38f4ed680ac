"""What goes into the index: one small value per searchable thing, and its Whoosh schema.

Only the document id is stored; everything shown in a hit (times, text,
speaker, title) is read back from SQLite, which keeps the index small and
means it can never show stale text for long.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from whoosh import analysis, fields
from whoosh.analysis.filters import STOP_WORDS
from whoosh.lang.porter import stem

# Bump when the schema, the analyzer or what a document holds changes: an index
# built by an older version is rebuilt on open.
# 2: one fused analyzer; ids stored, not indexed (only highlights and notes get a ``key``
#    term, the only ones deleted one by one); transcript lines carry no ``kind`` term.
# 3: segments written as separate files, not one compound file (whose parts were read a
#    few bytes at a time without mmap).
INDEX_VERSION = 3

# Transcript words in ``text``; everything a person wrote or chose (highlight
# quotes, notes, tags, titles, show notes) in ``note``, which queries boost so
# it ranks above plain transcript hits for the same words.
NOTE_BOOST = 2.5

_WORD = re.compile(r"\w+(?:\.?\w+)*")
_stem = lru_cache(maxsize=100_000)(stem)


class FusedStemmingAnalyzer(analysis.Analyzer):
    """Whoosh's ``StemmingAnalyzer()`` (same words, same stems, same positions) in one loop.

    The stock one chains four generators per word (tokenizer, lower case, stop words,
    stems); this does the same in one, which takes about a third off the analysis time
    of a rebuild (docs/README-search.md).
    """

    def __init__(self, stoplist=STOP_WORDS, minsize: int = 2) -> None:
        self.stops = frozenset(stoplist)
        self.minsize = minsize

    def __eq__(self, other) -> bool:
        return isinstance(other, FusedStemmingAnalyzer) and (self.stops, self.minsize) == (
            other.stops,
            other.minsize,
        )

    def __call__(
        self,
        value: str,
        positions: bool = False,
        chars: bool = False,
        keeporiginal: bool = False,
        removestops: bool = True,
        start_pos: int = 0,
        start_char: int = 0,
        mode: str = "",
        **kwargs,
    ):
        token = analysis.Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        stops, minsize = self.stops, self.minsize
        pos = None  # as Whoosh's StopFilter renumbers: the first word kept keeps its place
        for raw, match in enumerate(_WORD.finditer(value), start_pos):
            word = match.group().lower()
            stopped = len(word) < minsize or word in stops
            if stopped and removestops:
                continue
            token.stopped = stopped
            token.text = word if stopped else _stem(word)
            token.boost = 1.0
            if keeporiginal:
                token.original = match.group()
            if positions:
                pos = raw if pos is None else pos + 1
                token.pos = pos
            if chars:
                token.startchar = start_char + match.start()
                token.endchar = start_char + match.end()
            yield token


ANALYZER = FusedStemmingAnalyzer()  # lower case, English stop words, Porter stems

KINDS = ("transcript", "highlight", "note", "episode")
KEYED = ("highlight", "note")  # the kinds deleted one by one, so their ids are indexed as ``key``


def schema() -> fields.Schema:
    return fields.Schema(
        id=fields.STORED(),
        key=fields.ID(unique=True),
        episode=fields.ID(),
        kind=fields.ID(),
        text=fields.TEXT(analyzer=ANALYZER, phrase=True),
        note=fields.TEXT(analyzer=ANALYZER, phrase=True),
    )


@dataclass(frozen=True, slots=True)
class Document:
    """One searchable thing.

    ``doc_id`` is ``s<segment id>``, ``h<highlight id>`` (its quote),
    ``n<highlight id>`` (its note) or ``e<episode id>`` (title, show notes, tags).
    """

    doc_id: str
    episode_id: int
    kind: str
    text: str = ""
    note: str = ""

    def fields(self) -> dict[str, str]:
        values = {"id": self.doc_id, "episode": str(self.episode_id)}
        if self.kind != "transcript":  # most documents: the kind filter finds them as "none of the others"
            values["kind"] = self.kind
        if self.kind in KEYED:
            values["key"] = self.doc_id
        if self.text:
            values["text"] = self.text
        if self.note:
            values["note"] = self.note
        return values
