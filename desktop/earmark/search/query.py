"""Reading what a person typed into a search, forgivingly.

Never raises: unbalanced quotes, a lone ``AND``, ``*`` or a wall of punctuation
leave the plain words (or nothing). Supported: words (all must match, English
stemming), ``"phrases"``, ``prefix*``, ``OR``, ``NOT word`` / ``-word``, and the
filters ``tag:``, ``podcast:``, ``kind:`` and ``episode:``. The last word typed
also matches as a prefix and with a typo or two (search as you type).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from whoosh import query as wq
from whoosh.analysis import RegexTokenizer
from whoosh.reading import IndexReader

from earmark.search.documents import ANALYZER, NOTE_BOOST
from earmark.search.fuzzy import near_words, words_starting

FILTER_FIELDS = ("tag", "podcast", "kind", "episode")
_TOKEN = re.compile(r'(-?)(?:([A-Za-z]+):)?(?:"([^"]*)"|([^\s"]+))')
_WORDS = RegexTokenizer()
FUZZY_BOOST = 0.4
MIN_PREFIX = 3
MAX_EXPANSIONS = 32  # a prefix or typo matches at most this many indexed words
FUZZY_BELOW = 3  # the last word is also matched with typos when fewer documents hold it
MAX_CLAUSES = 24  # a pasted paragraph is not a query; keep the first words

# How far the last word typed may stretch, searched in this order so that each tier's
# hits rank above the next one's: the word itself (and its stems), then words it is the
# start of, then near misses. "ham" lists lines saying ham before hamster and hammer;
# "hamste" lists hamster before haste.
EXACT, PREFIX, FUZZY = 0, 1, 2
TIERS = (EXACT, PREFIX, FUZZY)


@dataclass(slots=True)
class Filters:
    tags: list[str] = field(default_factory=list)
    podcasts: list[str] = field(default_factory=list)
    kinds: list[str] = field(default_factory=list)
    episodes: list[int] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.tags or self.podcasts or self.kinds or self.episodes)


@dataclass(frozen=True, slots=True)
class Clause:
    """Something to match: one word, or a phrase when ``words`` has several."""

    words: tuple[str, ...]
    prefix: bool = False  # typed as ``word*``
    last: bool = False  # the last word typed: also a prefix, and typo tolerant


@dataclass(slots=True)
class ParsedQuery:
    required: list[list[Clause]] = field(default_factory=list)  # each: alternatives joined by OR
    excluded: list[Clause] = field(default_factory=list)
    filters: Filters = field(default_factory=Filters)

    @property
    def empty(self) -> bool:
        return not self.required and not self.filters


def _lower_words(text: str) -> tuple[str, ...]:
    return tuple(t.text.lower() for t in _WORDS(text))


def parse_query(text: str) -> ParsedQuery:
    """Split ``text`` into clauses and filters; anything unusable is dropped."""
    text = text or ""
    if text.count('"') % 2:  # an unclosed quote: forget the last one
        cut = text.rfind('"')
        text = text[:cut] + " " + text[cut + 1 :]
    parsed = ParsedQuery()
    pending_or = pending_not = False
    tokens = list(_TOKEN.finditer(text))
    ends_with_word = bool(text) and not text[-1].isspace()
    for index, match in enumerate(tokens):
        minus, name, quoted, plain = match.groups()
        name_l = (name or "").lower()
        if name_l in FILTER_FIELDS:
            _add_filter(parsed.filters, name_l, quoted if quoted is not None else plain)
            continue
        if name:  # "http:" and the like are plain text
            plain = f"{name} {plain}" if plain is not None else name
        if quoted is None and plain in ("AND", "OR", "NOT"):
            pending_or = pending_or or plain == "OR"
            pending_not = pending_not or plain == "NOT"
            continue
        clause = _clause(quoted, plain, is_last=index == len(tokens) - 1 and ends_with_word)
        if clause is None:
            continue
        if minus or pending_not:
            parsed.excluded.append(clause)
        elif pending_or and parsed.required:
            parsed.required[-1].append(clause)
        else:
            parsed.required.append([clause])
        pending_or = pending_not = False
    parsed.required = parsed.required[:MAX_CLAUSES]
    return parsed


def _clause(quoted: str | None, plain: str | None, is_last: bool) -> Clause | None:
    if quoted is not None:
        words = _lower_words(quoted)
        return Clause(words) if words else None
    assert plain is not None
    prefix = plain.endswith("*")
    words = _lower_words(plain.replace("*", " ").replace("?", " "))
    if not words:
        return None
    if prefix and len(words) == 1 and len(words[0]) >= 2:
        return Clause(words, prefix=True)
    return Clause(words, last=is_last and len(words) == 1)


def _add_filter(filters: Filters, name: str, value: str | None) -> None:
    value = " ".join((value or "").split())
    if not value:
        return
    if name == "tag":
        filters.tags.append(value)
    elif name == "podcast":
        filters.podcasts.append(value)
    elif name == "kind":
        filters.kinds.append(value.lower().rstrip("s"))
    elif value.isdigit():
        filters.episodes.append(int(value))


# -- building the Whoosh query ------------------------------------------------


def stems(words: tuple[str, ...] | str) -> list[str]:
    text = words if isinstance(words, str) else " ".join(words)
    return [t.text for t in ANALYZER(text)]


def _any(options: Iterable[wq.Query]) -> wq.Query:
    """Or of the options that can match (a NullQuery inside a union can hang Whoosh's skipping)."""
    kept = [q for q in options if q is not wq.NullQuery]
    if not kept:
        return wq.NullQuery
    return kept[0] if len(kept) == 1 else wq.Or(kept)


BOTH_FIELDS = (("text", 1.0), ("note", NOTE_BOOST))
NOTES_ONLY = (("note", NOTE_BOOST),)


def has_last_word(parsed: ParsedQuery) -> bool:
    """Whether a word is still being typed (so the query is searched tier by tier)."""
    return any(c.last for alternatives in parsed.required for c in alternatives)


def to_whoosh(
    parsed: ParsedQuery,
    reader: IndexReader,
    fields: tuple[tuple[str, float], ...] = BOTH_FIELDS,
    tier: int = FUZZY,
) -> wq.Query | None:
    """The Whoosh query for ``parsed``: None when nothing is left to match, NullQuery when nothing can.

    ``fields``: which text fields to search, each with its boost (notes only is quick:
    few documents have a ``note`` field). ``tier``: how far the last word typed
    stretches (``EXACT``, ``PREFIX`` or ``FUZZY``).
    """
    required = []
    for alternatives in parsed.required:
        built = [q for q in (_clause_query(c, reader, fields, tier) for c in alternatives) if q is not None]
        if built:
            required.append(_any(built))
    if not required:
        return None
    if any(q is wq.NullQuery for q in required):
        return wq.NullQuery  # some word is nowhere in the index: every word cannot match
    query: wq.Query = required[0] if len(required) == 1 else wq.And(required)
    excluded = _any(q for q in (_clause_query(c, reader, fields) for c in parsed.excluded) if q is not None)
    if excluded is not wq.NullQuery:
        query = wq.AndNot(query, excluded)
    return query


def _clause_query(clause: Clause, reader: IndexReader, fields, tier: int = FUZZY) -> wq.Query | None:
    def _both_fields(make) -> wq.Query:
        return _any([make(name, boost) for name, boost in fields])

    if clause.prefix:
        return _both_fields(lambda f, b: _prefix(reader, f, clause.words[0], b))
    found = stems(clause.words)
    if not found:
        return None
    if len(found) > 1:
        return _both_fields(lambda f, b: _phrase(reader, f, found, b))
    stem = found[0]
    if not clause.last:
        return _both_fields(lambda f, b: _term(reader, f, stem, b))

    def as_typed(f: str, b: float) -> wq.Query:
        options: list[wq.Query] = [_term(reader, f, stem, b)]
        if tier >= PREFIX and len(clause.words[0]) >= MIN_PREFIX:  # "m" would match half the index
            options.append(_prefix(reader, f, clause.words[0], b * 0.8, besides=stem))
        # Typo tolerance only when the word as typed is rare: "studnets", not "their".
        if tier >= FUZZY and len(stem) >= 4 and reader.doc_frequency(f, stem) < FUZZY_BELOW:
            maxdist = 1 if len(stem) < 7 else 2
            near = [t for t in near_words(reader, f, stem, maxdist) if t != stem]
            options.append(_terms(reader, f, near, b * FUZZY_BOOST))
        return _any(options)

    return _both_fields(as_typed)


def _term(reader: IndexReader, fieldname: str, text: str, boost: float) -> wq.Query:
    return wq.Term(fieldname, text, boost=boost) if reader.doc_frequency(fieldname, text) else wq.NullQuery


def _phrase(reader: IndexReader, fieldname: str, words: list[str], boost: float) -> wq.Query:
    if not all(reader.doc_frequency(fieldname, w) for w in words):
        return wq.NullQuery
    return wq.Phrase(fieldname, words, slop=1, boost=boost)


def _texts(terms: Iterable[str | bytes]) -> list[str]:
    return [t.decode("utf-8") if isinstance(t, bytes) else t for t in terms]


def _terms(
    reader: IndexReader, fieldname: str, texts: Iterable[str], boost: float, besides: str = ""
) -> wq.Query:
    """The most common of ``texts`` as scored terms (Whoosh's Prefix drops the boost for one term)."""
    found = sorted(set(texts) - {besides}, key=lambda t: -reader.doc_frequency(fieldname, t))[:MAX_EXPANSIONS]
    return _any(wq.Term(fieldname, t, boost=boost) for t in found)


def _prefix(reader: IndexReader, fieldname: str, word: str, boost: float, besides: str = "") -> wq.Query:
    """Words starting with ``word``, allowing for stems shorter than what was typed.

    The index holds stems ("distillation" is stored as "distil"), so "distillat*"
    also matches an indexed stem that the typed text starts with.
    """
    texts = words_starting(reader, fieldname, word, MAX_EXPANSIONS * 8)
    for length in range(max(3, len(word) - 3), len(word)):
        if _suffix_start(word[:length], word[length:]) and reader.doc_frequency(fieldname, word[:length]):
            texts.append(word[:length])
    return _terms(reader, fieldname, texts, boost, besides)


# What Porter stemming cuts off: a typed word may be a stem plus the start of one of these.
SUFFIXES = (
    "ing", "ed", "er", "es", "e", "s", "y", "ies", "ied", "ly", "ation", "ate", "ative", "ion",
    "ment", "ness", "ful", "ive", "ize", "ise", "ous", "al", "ence", "ance", "ity", "able", "ible",
    "ism", "ist", "ic", "ical",
)  # fmt: skip


def _suffix_start(stem: str, rest: str) -> bool:
    """Whether ``rest`` (after ``stem``) can begin a suffix: "distil"+"lat", "run"+"ni"; not "ham"+"mr"."""
    if rest[:1] == stem[-1:]:  # a doubled last letter: runn-ing, distill-ation
        rest = rest[1:]
    return any(suffix.startswith(rest) for suffix in SUFFIXES)
