"""The Whoosh index: derived from the store, rebuildable at any time.

Knows nothing of SQLite: the search service feeds it :class:`Document` values
and turns its raw hits into rows the GUI and the command show.
"""

from earmark.search import _lean_whoosh  # noqa: F401  (first: Whoosh without urllib.request)
from earmark.search.documents import Document
from earmark.search.index import Allowed, IndexBroken, IndexBusy, Matched, RawHit, Restriction, SearchIndex
from earmark.search.query import Filters, ParsedQuery, parse_query
from earmark.search.snippets import RowMatcher, Snippet, make_snippet, matching_rows

__all__ = [
    "Allowed",
    "Document",
    "Filters",
    "IndexBroken",
    "IndexBusy",
    "Matched",
    "ParsedQuery",
    "RawHit",
    "Restriction",
    "RowMatcher",
    "SearchIndex",
    "Snippet",
    "make_snippet",
    "matching_rows",
    "parse_query",
]
