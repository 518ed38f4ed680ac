"""Markdown notes: front matter read by PyYAML, time links, templates, and vault re-export in place."""

from __future__ import annotations

import pytest
import yaml
from export_library import AUDIO_URL, TRICKY_NOTE

from earmark.core.errors import InputError
from earmark.core.links import parse_link
from earmark.formats.export_markdown import BEGIN, END
from earmark.services.exporting import ExportOptions, Selection


def _front_matter(text: str) -> dict:
    assert text.startswith("---\n")
    return yaml.safe_load(text.split("---\n", 2)[1])


def test_front_matter_is_yaml_with_every_field(library):
    """PyYAML reads title, podcast, duration, tags, audio URL and the episode link from the note."""
    text = library.services.exporter.render(library.first, "md")
    meta = _front_matter(text)
    assert meta["title"] == "Greeting: part one/two"
    assert meta["podcast"] == "Test Cast"
    assert meta["tags"] == ["favourite"]
    assert meta["audio"] == AUDIO_URL
    assert parse_link(meta["episode_link"]).episode_id == library.first
    assert meta["duration"].count(":") == 1 and meta["earmark_episode"] == library.first


def test_quote_carries_time_link_and_web_link(library):
    """Each quote has its earmark:// time link with the range, and the audio URL with a #t= fragment."""
    text = library.services.exporter.render(library.first, "md")
    assert "> This is a test." in text
    assert f"(earmark://episode/{library.first}?t=1.6&end=3)" in text
    assert f"{AUDIO_URL}#t=1.6,3" in text
    assert TRICKY_NOTE in text and "#deep-work #ideas" in text
    assert "My episode notes." in text


def test_episode_without_web_audio_has_no_web_link(library):
    """An imported episode (no feed URL) gets the time link only."""
    text = library.services.exporter.render(library.second, "md")
    assert f"earmark://episode/{library.second}?t=2.9&end=4" in text
    assert "#t=" not in text and "https://" not in text


def test_user_template_gets_snipd_variables(library):
    """A user's highlight template gets Snipd's variables: title, podcast, times, quote, link, context."""
    template = (
        "{{ title }}|{{ podcast }}|{{ start }}|{{ end }}|{{ duration }}|{{ quote }}|{{ tags }}|{{ link }}|"
        "{{ transcript_around }}|{{ date }}"
    )
    options = ExportOptions(highlight_template=template, episode_template="{{ highlights }}")
    note = library.services.exporter.note(
        library.services.library.episode(library.first), Selection(episode=library.first), options
    )
    line = note.split(BEGIN + "\n", 1)[1].split("\n")[0]
    fields = line.split("|")
    assert fields[:7] == [
        "Greeting: part one/two", "Test Cast", "0:01", "0:03", "0:01", "This is a test.", "#deep-work #ideas",
    ]  # fmt: skip
    assert fields[7] == f"earmark://episode/{library.first}?t=1.6&end=3"
    assert fields[8] == "Hello there. This is a test. Goodbye now."


def test_broken_template_is_one_line(library):
    """A template that does not parse is refused with one line naming it."""
    with pytest.raises(InputError) as error:
        ExportOptions(highlight_template="{% if note %}unclosed").check()
    assert "highlight template" in str(error.value) and "\n" not in str(error.value)


def test_vault_export_writes_one_stable_file_per_episode(library, tmp_path):
    """--all into a folder: one note per episode named after its title; a second run writes the same names."""
    vault = tmp_path / "vault"
    exporter = library.services.exporter
    first = sorted(p.name for p in exporter.export(Selection(), "md", vault))
    again = sorted(p.name for p in exporter.export(Selection(), "md", vault))
    assert first == again == ["Greeting part one two.md", "Second.md"]
    assert sorted(p.name for p in vault.iterdir()) == first


def test_vault_reexport_keeps_user_edits_outside_the_block(library, tmp_path):
    """Text the user wrote above and below the block, and their own front-matter key, survive a re-export."""
    vault = tmp_path / "vault"
    exporter = library.services.exporter
    exporter.export(Selection(), "md", vault)
    note = vault / "Greeting part one two.md"
    text = note.read_text()
    text = text.replace("---\n\n", "---\n\nMy thoughts before.\n\n", 1).replace(
        "earmark_episode:", "aliases: [greeting]\nearmark_episode:"
    )
    text = text.replace(END, END + "\n\n## My own section\nKeep me.")
    text = text.replace("> This is a test.", "> edited inside the block")
    note.write_text(text)
    library.services.annotations.update_note(library.highlight, "A newer note")
    exporter.export(Selection(), "md", vault)
    after = note.read_text()
    assert "My thoughts before." in after and "## My own section\nKeep me." in after
    assert _front_matter(after)["aliases"] == ["greeting"]
    assert "A newer note" in after and "> This is a test." in after
    assert "edited inside the block" not in after
    assert after.count(BEGIN) == 1 and len(list(vault.iterdir())) == 2


def test_renamed_note_file_is_found_again(library, tmp_path):
    """A note the user renamed is updated in place (found by its front matter), not duplicated."""
    vault = tmp_path / "vault"
    exporter = library.services.exporter
    exporter.export(Selection(), "md", vault)
    (vault / "Second.md").rename(vault / "Renamed by me.md")
    exporter.export(Selection(), "md", vault)
    assert sorted(p.name for p in vault.iterdir()) == ["Greeting part one two.md", "Renamed by me.md"]


def test_user_note_with_same_name_is_not_overwritten(library, tmp_path):
    """A note of the user's that happens to have an episode's name is left alone; Earmark adds the id."""
    vault = tmp_path / "vault"
    vault.mkdir()
    (vault / "Second.md").write_text("my own file\n")
    exporter = library.services.exporter
    exporter.export(Selection(), "md", vault)
    assert (vault / "Second.md").read_text() == "my own file\n"
    assert (vault / f"Second ({library.second}).md").is_file()


def test_tag_selection_exports_only_tagged_highlights(library, tmp_path):
    """--tag: only the episodes with that tag (or tagged highlights), and only those highlights."""
    written = library.services.exporter.export(Selection(tag="later"), "md", tmp_path / "v")
    assert [p.name for p in written] == ["Second.md"]
    assert "And it ends." in written[0].read_text()


def test_one_episode_into_a_new_folder(library, tmp_path):
    """One episode to a path without a suffix that does not exist yet: a folder with the note in it."""
    written = library.services.exporter.export(Selection(episode=library.second), "md", tmp_path / "Notes")
    assert written == [tmp_path / "Notes" / "Second.md"]
