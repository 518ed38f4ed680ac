"""Highlights survive a replaced or re-synced transcript: re-attached by quote, or kept as orphans."""

from __future__ import annotations

from earmark.core.anchoring import locate, quote_of

from .conftest import LINES, srt


def _replace(services, episode, tmp_path, lines, name="new.srt"):
    path = tmp_path / name
    path.write_text(srt(lines), encoding="utf-8")
    services.importer.replace_transcript(episode, path)


def test_fixed_words_keep_highlight_and_note(services, episode, tmp_path):
    """A typo fixed in the highlighted line: same line, new quote, note kept."""
    h = services.annotations.highlight_segment(episode, 2)
    services.annotations.update_note(h.id, "remember this")
    fixed = list(LINES)
    fixed[2] = (4.5, 7.0, "Our guest studies how the brain stores memories.")
    _replace(services, episode, tmp_path, fixed)
    again = services.annotations.highlight(h.id)
    assert (again.quote, again.note, again.orphan) == (fixed[2][2], "remember this", False)
    assert (again.start, again.end) == (4.5, 7.0)


def test_split_line_covers_both_halves(services, episode, tmp_path):
    """A line split in two: the highlight spans both new lines with their times."""
    h = services.annotations.highlight_segment(episode, 1)
    split = [*LINES[:1], (2.0, 3.2, "Today we talk about"), (3.2, 4.5, "sleep and memory."), *LINES[2:]]
    _replace(services, episode, tmp_path, split)
    again = services.annotations.highlight(h.id)
    assert (again.start, again.end, again.orphan) == (2.0, 4.5, False)
    assert again.quote == "Today we talk about sleep and memory."


def test_merged_lines_attach_inside_the_merged_line(services, episode, tmp_path):
    """Two lines merged into one: each highlight stays on its own sentence, within the merged times."""
    first = services.annotations.highlight_segment(episode, 3)
    second = services.annotations.highlight_segment(episode, 4)
    merged = [*LINES[:3], (7.0, 12.0, "She says naps really help. Let us start with the basics."), *LINES[5:]]
    _replace(services, episode, tmp_path, merged)
    a, b = services.annotations.highlight(first.id), services.annotations.highlight(second.id)
    assert a.quote == "She says naps really help." and b.quote == "Let us start with the basics."
    assert 7.0 <= a.start < a.end <= b.start < b.end <= 12.0


def test_resync_moves_times_keeps_quote(services, episode, tmp_path):
    """Same text with new times (re-sync): the highlight takes the new times."""
    h = services.annotations.highlight_segment(episode, 5)
    shifted = [(a + 1.0, b + 1.0, text) for a, b, text in LINES]
    _replace(services, episode, tmp_path, shifted)
    again = services.annotations.highlight(h.id)
    assert (again.start, again.end, again.quote) == (13.0, 16.0, LINES[5][2])


def test_vanished_text_becomes_orphan_with_note(services, episode, tmp_path):
    """A highlight whose text is gone is kept, flagged orphan, with its note, and listed."""
    h = services.annotations.highlight_segment(episode, 3)
    services.annotations.update_note(h.id, "naps!")
    _replace(
        services, episode, tmp_path, [*LINES[:3], (7.0, 9.0, "Completely unrelated words now."), *LINES[4:]]
    )
    orphans = services.annotations.orphans(episode)
    assert [(o.id, o.note, o.quote) for o in orphans] == [(h.id, "naps!", "She says naps really help.")]
    assert services.annotations.highlights(episode) == []


def test_orphan_reattaches_when_text_returns(services, episode, tmp_path):
    """An orphan re-attaches when a later transcript has its text again."""
    h = services.annotations.highlight_segment(episode, 3)
    _replace(services, episode, tmp_path, [*LINES[:3], *LINES[4:]], "gone.srt")
    assert services.annotations.highlight(h.id).orphan
    _replace(services, episode, tmp_path, LINES, "back.srt")
    assert not services.annotations.highlight(h.id).orphan


def test_repeated_phrase_chooses_by_context():
    """When the quote occurs twice, the remembered context picks the right one."""
    lines = ["Yes.", "Alpha beta.", "Yes.", "Gamma delta."]
    span = locate(lines, "Yes.", prefix="Alpha beta.", suffix="Gamma delta.")
    assert (span.first, span.last) == (2, 2)


def test_approximate_match_ignores_case_and_small_edits():
    """Small edits and case changes still find the passage; its quote is the new text."""
    lines = ["Intro music.", "the quick brown fox jumps over the lazy dog", "Outro."]
    span = locate(lines, "The quick brown fox jumped over the lazy dog.")
    assert span is not None and not span.exact
    assert quote_of(lines, span) == "the quick brown fox jumps over the lazy dog"


def test_unrelated_text_is_not_matched():
    """A quote with nothing similar in the text is not located."""
    assert locate(["One two three.", "Four five six."], "Entirely different sentence here") is None


SENTENCES = [
    "The river rose after three days of rain.",
    "Farmers moved their cattle to higher ground.",
    "Schools in the valley closed on Tuesday.",
    "Volunteers filled sandbags through the night.",
    "The old bridge held, to everyone's surprise.",
    "By Friday the water had started to fall.",
    "Insurance claims are expected to be large.",
    "The mayor thanked the emergency crews.",
    "Rebuilding the mill will take a year.",
    "Next week we look at the drought in the south.",
]


def test_every_highlight_follows_its_sentence_through_many_edits(services, tmp_path, tone):
    """Fixed words, split lines and merged lines at once: each highlight lands on its own sentence."""
    path = tmp_path / "v1.srt"
    path.write_text(srt([(i * 3.0, i * 3.0 + 3.0, s) for i, s in enumerate(SENTENCES)]), encoding="utf-8")
    episode = services.importer.import_episode(tone(31.0), path, title="Flood")
    ids = [services.annotations.highlight_segment(episode, i).id for i in range(len(SENTENCES))]
    expected = list(SENTENCES)
    expected[0] = "The river rose after four days of rain."  # a word fixed
    expected[6] = "Insurance claims are expected to be huge."  # a word fixed
    new_lines = [
        (0.0, 3.0, expected[0]),
        (3.0, 4.4, "Farmers moved their cattle"),  # split
        (4.4, 6.0, "to higher ground."),
        (6.0, 12.0, f"{SENTENCES[2]} {SENTENCES[3]}"),  # merged
        (12.0, 15.0, SENTENCES[4]),
        (15.0, 18.0, SENTENCES[5]),
        (18.0, 21.0, expected[6]),
        (21.0, 27.0, f"{SENTENCES[7]} {SENTENCES[8]}"),  # merged
        (27.0, 30.0, SENTENCES[9]),
    ]
    _replace(services, episode, tmp_path, new_lines, "v2.srt")
    quotes = [services.annotations.highlight(i).quote for i in ids]
    assert quotes == expected
    assert services.annotations.orphans(episode) == []
