"""AnnotationService over a real library: highlights, notes, tags, undo data, search outbox."""

from __future__ import annotations

from dataclasses import replace

import pytest

from earmark.core.errors import InputError
from earmark.store import outbox


def test_time_range_quote_is_text_of_covered_lines(services, episode):
    """A time range covering two lines quotes both, and keeps context before and after."""
    h = services.annotations.create_highlight(episode, 2.5, 6.0, note="key idea", tags=["sleep"])
    assert h.quote == "Today we talk about sleep and memory. Our guest studies how the brain stores facts."
    assert h.prefix.endswith("Welcome to the show.")
    assert h.suffix.startswith("She says naps")
    assert (h.note, h.tags, h.colour, h.start, h.end) == ("key idea", ["sleep"], "yellow", 2.5, 6.0)


def test_highlight_segment_and_range_take_line_times(services, episode):
    """Whole-line highlights take the times of their first and last line, in either order."""
    one = services.annotations.highlight_segment(episode, 3)
    many = services.annotations.highlight_range(episode, 4, 2)
    assert (one.start, one.end, one.quote) == (7.0, 9.0, "She says naps really help.")
    assert (many.start, many.end) == (4.5, 12.0)
    assert [h.id for h in services.annotations.highlights(episode)] == [many.id, one.id]


def test_part_of_a_line_interpolates_times(services, episode):
    """Selecting words inside a line quotes just them, with times inside the line's."""
    text = "Our guest studies how the brain stores facts."
    start = text.index("the brain")
    h = services.annotations.highlight_text(episode, 2, start, start + len("the brain"))
    assert h.quote == "the brain"
    assert 4.5 < h.start < h.end < 7.0


def test_b_key_highlights_line_being_spoken(services, episode):
    """highlight_at picks the line whose time contains the position."""
    assert services.annotations.highlight_at(episode, 10.2).quote == "Let us start with the basics."


def test_last_thirty_seconds_clamps_at_zero(services, episode):
    """highlight_last covers from max(0, now-30) to now and quotes every line in it."""
    h = services.annotations.highlight_last(episode, 8.0)
    assert (h.start, h.end) == (0.0, 8.0)
    assert h.quote.startswith("Welcome") and h.quote.endswith("naps really help.")


def test_delete_then_restore_keeps_id_note_tags(services, episode):
    """delete_highlight returns everything restore_highlight needs to bring it back with its id."""
    h = services.annotations.create_highlight(episode, 0, 2, note="first", tags=["a", "b"], colour="green")
    gone = services.annotations.delete_highlight(h.id)
    assert services.annotations.highlights(episode) == []
    back = services.annotations.restore_highlight(gone)
    assert replace(back, updated="") == replace(h, updated="")


def test_tags_are_case_insensitive_and_completed_by_use(services, episode):
    """A tag typed in another case is the same tag; all_tags lists the most used first."""
    a = services.annotations.create_highlight(episode, 0, 2, tags=["Sleep"])
    b = services.annotations.create_highlight(episode, 2, 4, tags=["sleep", "memory"])
    services.annotations.add_tag(a.id, "naps")
    assert services.annotations.highlight(b.id).tags == ["memory", "Sleep"]
    assert services.annotations.all_tags()[0] == "Sleep"
    assert set(services.annotations.all_tags()) == {"Sleep", "memory", "naps"}
    assert services.annotations.remove_tag(a.id, "SLEEP").tags == ["naps"]


def test_rename_onto_existing_tag_merges(services, episode):
    """Renaming a tag to an existing name merges them across highlights and episodes."""
    a = services.annotations.create_highlight(episode, 0, 2, tags=["neuro"])
    b = services.annotations.create_highlight(episode, 2, 4, tags=["brain", "neuro"])
    services.annotations.set_episode_tags(episode, ["brain"])
    changes = services.annotations.rename_tag("brain", "Neuro")
    assert changes.highlights == {b.id}
    assert services.annotations.highlight(a.id).tags == ["neuro"]
    assert services.annotations.highlight(b.id).tags == ["neuro"]
    assert services.annotations.episode_tags(episode) == ["neuro"]
    assert services.annotations.all_tags() == ["neuro"]


def test_rename_changes_spelling_everywhere(services, episode):
    """A plain rename changes the tag's name on every highlight."""
    h = services.annotations.create_highlight(episode, 0, 2, tags=["sleeep"])
    services.annotations.rename_tag("sleeep", "sleep")
    assert services.annotations.highlight(h.id).tags == ["sleep"]


def test_every_searchable_write_is_queued_for_search(services, episode):
    """Create, note, tags, delete and episode notes each enqueue their entity in the search outbox."""
    conn = services.database.conn
    outbox.done(conn, 10**9)
    h = services.annotations.create_highlight(episode, 0, 2)
    services.annotations.update_note(h.id, "n")
    services.annotations.set_tags(h.id, ["t"])
    services.annotations.delete_highlight(h.id)
    services.annotations.save_episode_notes(episode, "episode thoughts")
    queued = [(entity, entity_id) for _, entity, entity_id in outbox.pending(conn)]
    assert queued == [("highlight", h.id)] * 4 + [("episode", episode)]


def test_listeners_hear_what_changed(services, episode):
    """on_changed listeners get the episode and the highlight ids an operation touched."""
    heard = []
    services.annotations.on_changed.append(heard.append)
    h = services.annotations.create_highlight(episode, 0, 2)
    services.annotations.set_colour(h.id, "blue")
    services.annotations.delete_highlight(h.id)
    assert [(c.episode_id, c.highlights, c.removed) for c in heard] == [
        (episode, {h.id}, frozenset()),
        (episode, {h.id}, frozenset()),
        (episode, frozenset(), {h.id}),
    ]


def test_row_colours_mark_covered_lines(services, episode):
    """row_colours maps every transcript line a highlight covers to its colour."""
    services.annotations.highlight_range(episode, 1, 2, colour="green")
    services.annotations.highlight_segment(episode, 5, colour="pink")
    services.annotations.highlight_segment(episode, 2, colour="blue")
    assert services.annotations.row_colours(episode) == {1: ["green"], 2: ["green", "blue"], 5: ["pink"]}


def test_bad_input_is_one_line_error(services, episode):
    """Unknown colours, reversed ranges, commas in tags and missing ids raise InputError."""
    with pytest.raises(InputError):
        services.annotations.create_highlight(episode, 0, 2, colour="mauve")
    with pytest.raises(InputError):
        services.annotations.create_highlight(episode, 5, 2)
    with pytest.raises(InputError):
        services.annotations.create_highlight(episode, 0, 2, tags=["a,b"])
    with pytest.raises(InputError):
        services.annotations.update_note(999, "x")


def test_episode_notes_and_tags_round_trip(services, episode):
    """Episode notes and tags saved through the service read back."""
    services.annotations.save_episode_notes(episode, "# Thoughts\nGood one.")
    services.annotations.set_episode_tags(episode, ["science", "Sleep"])
    assert services.annotations.episode_notes(episode) == "# Thoughts\nGood one."
    assert services.annotations.episode_tags(episode) == ["science", "Sleep"]
    assert set(services.library.episode(episode).tags) == {"science", "Sleep"}


def test_untimed_transcript_lines_are_highlighted_by_quote(services, tone):
    """On an untimed transcript a line highlight has no times; its lines are still found by quote."""
    from earmark.core.model import Segment, Transcript, TranscriptKind
    from earmark.store import episodes as episode_rows
    from earmark.store import transcripts as transcript_rows

    text = Transcript(
        [Segment("One line."), Segment("Two lines."), Segment("Three.")], "text", TranscriptKind.UNTIMED
    )
    with services.database.transaction() as conn:
        episode = episode_rows.insert_episode(conn, title="Untimed", audio_path=str(tone(1.0)), duration=1.0)
        transcript_rows.replace_transcript(conn, episode, text, None)
    h = services.annotations.highlight_segment(episode, 1, colour="green")
    assert (h.quote, h.start, h.end) == ("Two lines.", 0.0, 0.0)
    assert services.annotations.row_colours(episode) == {1: ["green"]}
