"""Words of the index near a typed word (typo tolerance) or starting with it, from cached word lists.

Whoosh's ``terms_within`` walks the merged term dictionary of every segment and
computes an edit distance for every word with the same first letter, on each search.
Segments never change once written, so each segment's words are listed once, and
only words of about the typed length are compared.
"""

from __future__ import annotations

from bisect import bisect_left
from collections import OrderedDict

from whoosh.support.levenshtein import distance

_KEEP = 32  # (segment, field) word lists kept
_words: OrderedDict[tuple[str, str], list[str]] = OrderedDict()


def _segment_words(reader, fieldname: str) -> list[str]:
    segment = getattr(reader, "_segment", None)
    key = (segment.segment_id() if segment is not None else str(id(reader)), fieldname)
    words = _words.get(key)
    if words is None:
        words = sorted(t.decode("utf-8") if isinstance(t, bytes) else t for t in reader.lexicon(fieldname))
        if segment is not None:
            _words[key] = words
            while len(_words) > _KEEP:
                _words.popitem(last=False)
    else:
        _words.move_to_end(key)
    return words


def near_words(reader, fieldname: str, word: str, maxdist: int) -> list[str]:
    """Indexed words within ``maxdist`` edits of ``word`` sharing its first letter (``word`` itself too)."""
    if not word or fieldname not in reader.schema:
        return []
    found: set[str] = set()
    after = word[0] + "\uffff"
    size = len(word)
    letters = frozenset(word)
    changes = 2 * maxdist  # an edit adds or drops at most two letters from the set of letters
    for leaf, _offset in reader.leaf_readers():
        if fieldname not in leaf.indexed_field_names():
            continue
        words = _segment_words(leaf, fieldname)
        for candidate in words[bisect_left(words, word[0]) : bisect_left(words, after)]:
            if (
                abs(len(candidate) - size) <= maxdist
                and len(letters.symmetric_difference(candidate)) <= changes
                and candidate not in found
                and distance(candidate, word, limit=maxdist) <= maxdist
            ):
                found.add(candidate)
    return sorted(found)


def words_starting(reader, fieldname: str, prefix: str, limit: int) -> list[str]:
    """The first ``limit`` indexed words starting with ``prefix``, in order (Whoosh's
    ``expand_prefix``, from the cached word lists instead of merging every segment's terms)."""
    if fieldname not in reader.schema:
        return []
    found: set[str] = set()
    after = prefix + "\uffff"
    for leaf, _offset in reader.leaf_readers():
        if fieldname in leaf.indexed_field_names():
            words = _segment_words(leaf, fieldname)
            found.update(words[bisect_left(words, prefix) : bisect_left(words, after)][:limit])
    return sorted(found)[:limit]
