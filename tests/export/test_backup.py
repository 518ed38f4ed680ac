"""The complete JSON record and `restore`: round trip, merging into a library that is not empty, bad files."""

from __future__ import annotations

import json

import pytest

from earmark.app import build_services
from earmark.core.errors import InputError
from earmark.services.exporting import Selection


def _without_ids(value):
    """The record with every id (and reference to one) left out."""
    if isinstance(value, dict):
        return {k: _without_ids(v) for k, v in value.items() if k != "id" and not k.endswith("_id")}
    if isinstance(value, list):
        return [_without_ids(v) for v in value]
    return value


def test_record_is_complete(library, tmp_path):
    """The record has feeds, audio paths and URLs, transcripts, highlights with notes and tags, positions."""
    path = library.services.exporter.export(Selection(), "json", tmp_path / "all.json")[0]
    data = json.loads(path.read_text())
    assert data["podcasts"][0]["feed_url"] == "https://example.org/feed.xml"
    first = next(e for e in data["episodes"] if e["id"] == library.first)
    assert first["audio_path"].endswith("one.wav") and first["audio_url"].endswith("ep1.mp3")
    assert first["last_position_ms"] == 2500 and first["notes"] == "My episode notes."
    assert first["tags"] == ["favourite"]
    assert [s["text"] for s in first["transcript"]["segments"]][1] == "This is a test."
    (h,) = first["highlights"]
    assert h["tags"] == ["deep work", "ideas"] and h["prefix"] and h["note"].startswith("Key point")
    second = next(e for e in data["episodes"] if e["id"] == library.second)
    assert second["transcript"]["segments"][1]["kind"] == "unspoken"


def test_round_trip_into_an_empty_library(library, tmp_path):
    """Export, restore into an empty library, export again: the same JSON (here even the ids)."""
    before = library.services.exporter.export(Selection(), "json", tmp_path / "a.json")[0]
    other = build_services(tmp_path / "other")
    try:
        other.exporter.restore(before)
        after = other.exporter.export(Selection(), "json", tmp_path / "b.json")[0]
    finally:
        other.close()
    assert json.loads(after.read_text()) == json.loads(before.read_text())


def test_restore_into_the_same_library_doubles_nothing(library, tmp_path):
    """Restoring a library's own record changes nothing: no new episodes, highlights or tags."""
    path = library.services.exporter.export(Selection(), "json", tmp_path / "a.json")[0]
    report = library.services.exporter.restore(path)
    again = library.services.exporter.export(Selection(), "json", tmp_path / "b.json")[0]
    assert (report.episodes_added, report.highlights_added) == (0, 0)
    assert json.loads(again.read_text()) == json.loads(path.read_text())


def test_restore_merges_without_losing_either_side(library, tmp_path, speech):
    """Into a library that has its own episode and a changed note: both kept, new ids where taken."""
    path = library.services.exporter.export(Selection(), "json", tmp_path / "a.json")[0]
    other = build_services(tmp_path / "other")
    try:
        mine = other.importer.import_episode(speech("Mine.", name="mine.wav"), None, None, "Mine")
        other.exporter.restore(path)
        data = json.loads(other.exporter.record(Selection()))
        titles = sorted(e["title"] for e in data["episodes"])
        assert titles == ["Greeting: part one/two", "Mine", "Second"]
        assert next(e for e in data["episodes"] if e["title"] == "Mine")["id"] == mine
        restored = next(e for e in data["episodes"] if e["title"] == "Second")
        assert restored["id"] != library.second or mine != library.second
        first = next(e for e in data["episodes"] if e["title"].startswith("Greeting"))
        other.annotations.update_note(first["highlights"][0]["id"], "Changed here")
        other.exporter.restore(path)
        data = json.loads(other.exporter.record(Selection()))
        first = next(e for e in data["episodes"] if e["title"].startswith("Greeting"))
        (h,) = first["highlights"]
        assert h["note"].startswith("Changed here") and "Key point" in h["note"]
        assert len(data["episodes"]) == 3
    finally:
        other.close()


def test_round_trip_apart_from_ids_when_ids_are_taken(library, tmp_path, speech):
    """Restored after other episodes took the ids: the record is the same apart from ids."""
    before = library.services.exporter.export(Selection(), "json", tmp_path / "a.json")[0]
    other = build_services(tmp_path / "other")
    try:
        for n in range(3):
            other.importer.import_episode(speech("Filler.", name=f"f{n}.wav"), None, None, f"Filler {n}")
        other.exporter.restore(before)
        data = json.loads(other.exporter.record(Selection()))
    finally:
        other.close()
    restored = [e for e in data["episodes"] if not e["title"].startswith("Filler")]
    expected = json.loads(before.read_text())
    assert _without_ids(restored) == _without_ids(expected["episodes"])
    assert _without_ids(data["podcasts"]) == _without_ids(expected["podcasts"])


def test_bad_record_is_one_line_and_changes_nothing(library, tmp_path):
    """A file that is not a record, or a damaged one, is refused with one line; the library is untouched."""
    before = library.services.exporter.record(Selection())
    bad = tmp_path / "bad.json"
    for text in ("not json", '{"segments": []}', '{"earmark_backup": 1, "episodes": [{"title": "x"}]}'):
        bad.write_text(text)
        with pytest.raises(InputError) as error:
            library.services.exporter.restore(bad)
        assert "bad.json" in str(error.value) and "\n" not in str(error.value)
    assert library.services.exporter.record(Selection()) == before


def test_empty_library_backs_up_and_says_why_nothing_else_exports(services, tmp_path):
    """An empty library still makes a (restorable) record; other formats say there is nothing to export."""
    path = services.exporter.export(Selection(), "json", tmp_path / "empty.json")[0]
    assert json.loads(path.read_text())["episodes"] == []
    assert services.exporter.restore(path).episodes_added == 0
    with pytest.raises(InputError) as error:
        services.exporter.preview(Selection(), "md")
    assert "no episodes" in str(error.value)


def test_two_episodes_of_one_audio_file_stay_two(services, tmp_path, speech):
    """The same audio imported twice is two episodes; restored into an empty library it is still two."""
    audio = speech("Twice.", name="twice.wav")
    for title in ("Take one", "Take two"):
        services.importer.import_episode(audio, None, None, title)
    path = services.exporter.export(Selection(), "json", tmp_path / "a.json")[0]
    other = build_services(tmp_path / "other")
    try:
        report = other.exporter.restore(path)
        again = other.exporter.restore(path)
        titles = sorted(e.title for e in other.library.episodes())
    finally:
        other.close()
    assert (report.episodes_added, again.episodes_added, again.episodes_merged) == (2, 0, 2)
    assert titles == ["Take one", "Take two"]
