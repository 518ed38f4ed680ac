"""Short excerpts with the matched words marked, and find-in-episode matching.

Words are compared as the index compares them (lower case, Porter stems), so a
hit for "distil" marks "distillation" in the excerpt.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from earmark.search.documents import ANALYZER
from earmark.search.query import parse_query, stems


@dataclass(frozen=True, slots=True)
class Snippet:
    """``text`` with ``marks``: (start, end) character spans of matched words."""

    text: str
    marks: tuple[tuple[int, int], ...]

    def markup(self, before: str = "<b>", after: str = "</b>", escape=html.escape) -> str:
        """The excerpt with each mark wrapped (HTML-escaped by default)."""
        out, at = [], 0
        for start, end in self.marks:
            out += [escape(self.text[at:start]), before, escape(self.text[start:end]), after]
            at = end
        out.append(escape(self.text[at:]))
        return "".join(out)


def _word_spans(text: str, terms: set[str], prefixes: Sequence[str]) -> list[tuple[int, int]]:
    spans = []
    for token in ANALYZER(text, chars=True):
        word = text[token.startchar : token.endchar].lower()
        if token.text in terms or any(word.startswith(p) or token.text.startswith(p) for p in prefixes):
            spans.append((token.startchar, token.endchar))
    return spans


def make_snippet(text: str, terms: Iterable[str], prefixes: Sequence[str] = (), width: int = 160) -> Snippet:
    """About ``width`` characters of ``text`` around its first matched words."""
    text = " ".join(text.split())
    spans = _word_spans(text, set(terms), prefixes)
    if len(text) <= width:
        return Snippet(text, tuple(spans))
    first = spans[0][0] if spans else 0
    start = max(0, first - width // 4)
    if start:  # begin on a word boundary
        space = text.find(" ", start)
        start = space + 1 if 0 <= space < first else start
    end = min(len(text), start + width)
    if end < len(text):
        space = text.rfind(" ", start, end)
        end = space if space > (spans[0][1] if spans else start) else end
    lead = "…" if start else ""
    tail = "…" if end < len(text) else ""
    shift = len(lead) - start
    marks = tuple((s + shift, e + shift) for s, e in spans if s >= start and e <= end)
    return Snippet(lead + text[start:end] + tail, marks)


class RowMatcher:
    """Find in one episode: which rows hold every word of a query.

    Words are stemmed like the index does; the last word typed also matches as
    a prefix. Each row is analysed once, so typing stays quick on 5,000 rows.
    """

    def __init__(self, texts: Sequence[str]) -> None:
        self._rows: list[tuple[frozenset[str], tuple[str, ...]]] = []
        for text in texts:
            tokens = [(t.text, text[t.startchar : t.endchar].lower()) for t in ANALYZER(text, chars=True)]
            self._rows.append((frozenset(s for s, _ in tokens), tuple(w for _, w in tokens)))

    def __len__(self) -> int:
        return len(self._rows)

    def match(self, query: str) -> list[int]:
        wanted: list[tuple[set[str], str | None]] = []
        for alternatives in parse_query(query).required:
            clause = alternatives[0]
            found = stems(clause.words)
            if clause.prefix or clause.last:
                wanted.append((set(found), clause.words[0]))
            else:
                wanted += [({stem}, None) for stem in found]
        if not wanted:
            return []
        return [
            row
            for row, (row_stems, row_words) in enumerate(self._rows)
            if all(
                not found.isdisjoint(row_stems) or (prefix and any(w.startswith(prefix) for w in row_words))
                for found, prefix in wanted
            )
        ]


def matching_rows(texts: Sequence[str], query: str) -> list[int]:
    """Rows of ``texts`` holding every word of ``query`` (see :class:`RowMatcher`)."""
    return RowMatcher(texts).match(query)
