"""What goes into the index: one small value per searchable thing, and its Whoosh schema.

Only the document id is stored; everything shown in a hit (times, text,
speaker, title) is read back from SQLite, which keeps the index small and
means it can never show stale text for long.
"""

from __future__ import annotations

from dataclasses import dataclass

from whoosh import analysis, fields

# Bump when the schema, the analyzer or what a document holds changes: an index
# built by an older version is rebuilt on open.
INDEX_VERSION = 1

# Transcript words in ``text``; everything a person wrote or chose (highlight
# quotes, notes, tags, titles, show notes) in ``note``, which queries boost so
# it ranks above plain transcript hits for the same words.
NOTE_BOOST = 2.5

ANALYZER = analysis.StemmingAnalyzer()  # lower case, English stop words, Porter stems

KINDS = ("transcript", "highlight", "note", "episode")


def schema() -> fields.Schema:
    return fields.Schema(
        id=fields.ID(unique=True, stored=True),
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
        values = {"id": self.doc_id, "episode": str(self.episode_id), "kind": self.kind}
        if self.text:
            values["text"] = self.text
        if self.note:
            values["note"] = self.note
        return values
