"""Readwise and Earmark CSV, read back by the standard ``csv`` module (quotes, commas, newlines in notes)."""

from __future__ import annotations

import csv
import io

from export_library import TRICKY_NOTE

from earmark.core.links import parse_link
from earmark.services.exporting import Selection


def _rows(text: str) -> list[dict]:
    return list(csv.DictReader(io.StringIO(text, newline="")))


def test_readwise_has_its_import_columns(library, tmp_path):
    """The header is exactly Readwise's: Highlight, Title, Author, URL, Note, Location, Date."""
    path = library.services.exporter.export(Selection(), "readwise", tmp_path / "rw.csv")[0]
    with path.open(newline="") as f:
        assert next(csv.reader(f)) == ["Highlight", "Title", "Author", "URL", "Note", "Location", "Date"]


def test_readwise_row_is_podcast_time_link_and_start(library, tmp_path):
    """Author is the podcast, URL the time link, Location the start in seconds; the tricky note survives."""
    path = library.services.exporter.export(Selection(), "readwise", tmp_path / "rw.csv")[0]
    rows = {r["Title"]: r for r in _rows(path.read_text())}
    row = rows["Greeting: part one/two"]
    assert row["Highlight"] == "This is a test."
    assert row["Author"] == "Test Cast"
    link = parse_link(row["URL"])
    assert (link.episode_id, link.start, link.end) == (library.first, 1.6, 3.0)
    assert row["Location"] == "1"
    assert row["Note"].startswith(TRICKY_NOTE) and row["Note"].endswith(".deep_work .ideas")
    assert row["Date"][:4].isdigit() and len(rows) == 2


def test_readwise_into_a_folder_names_the_file(library, tmp_path):
    """-o an existing folder: the CSV gets a fixed name inside it."""
    written = library.services.exporter.export(Selection(), "readwise", tmp_path)
    assert written == [tmp_path / "earmark-readwise.csv"]


def test_earmark_csv_keeps_note_tags_and_links(library, tmp_path):
    """The fuller CSV has times, quote, the whole note, tags, the time link and the web link."""
    path = library.services.exporter.export(Selection(podcast="Test"), "csv", tmp_path / "h.csv")[0]
    (row,) = _rows(path.read_text())
    assert (row["start"], row["end"], row["quote"]) == ("1.600", "3.000", "This is a test.")
    assert row["note"] == TRICKY_NOTE and row["tags"] == "deep work, ideas"
    assert row["web_link"] == "https://example.org/media/ep1.mp3#t=1.6,3"
