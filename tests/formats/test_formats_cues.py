"""SRT and WebVTT as found in the wild, and broken cues reported, not fatal."""

from __future__ import annotations

import pytest

from earmark.core.errors import InputError
from earmark.formats import detect_format, read_text

WILD_SRT = """\ufeff1
00:00:01,000 --> 00:00:02,500
<i>Hello</i> <b>there</b>,
<font color="#ffff00">general</font>.

two
00:00:03.000 --> 00:00:04,000
ANNA: Second cue.

00:00:04,500 --> 00:00:05,000
No number at all.
"""

WILD_VTT = """WEBVTT - Some header text
Kind: captions

STYLE
::cue { color: yellow }

NOTE this is a comment
spanning lines

REGION
id:left width:40%

intro
00:01.000 --> 00:02.000 align:start position:10%
<v.loud Mary Jane>Hi <c.yellow>there</c> &amp; welcome
to <i>the</i> show.

00:02.500 --> 00:03.000
<v Bob>Thanks</v>

00:00:03.500 --> 00:00:05.000
Words <00:00:04.000>with <00:00:04.500>karaoke.
"""


def test_srt_wild_variants():
    """BOM, non-numeric or missing cue numbers, `.` or `,` milliseconds, tags and multi-line cues."""
    transcript = read_text(WILD_SRT, "wild.srt")
    assert transcript.format == "srt"
    assert [(s.start, s.end, s.text) for s in transcript.segments] == [
        (1.0, 2.5, "Hello there, general."),
        (3.0, 4.0, "Second cue."),
        (4.5, 5.0, "No number at all."),
    ]
    assert transcript.skipped == 0


def test_srt_name_prefix_becomes_speaker():
    """`ANNA: text` gives speaker ANNA and the text without the prefix."""
    segment = read_text(WILD_SRT, "wild.srt").segments[1]
    assert (segment.speaker, segment.text) == ("ANNA", "Second cue.")


def test_vtt_wild_variants():
    """Header text, STYLE/NOTE/REGION blocks, ids, settings, mm:ss.ttt, classed voices, inner stamps."""
    transcript = read_text(WILD_VTT, "wild.vtt")
    assert transcript.format == "vtt"
    assert [(s.start, s.end, s.speaker, s.text) for s in transcript.segments] == [
        (1.0, 2.0, "Mary Jane", "Hi there & welcome to the show."),
        (2.5, 3.0, "Bob", "Thanks"),
        (3.5, 5.0, None, "Words with karaoke."),
    ]


def test_broken_cues_are_skipped_and_counted():
    """Impossible clocks are skipped and the first bad line reported; overlaps stay."""
    text = (
        "1\n00:00:01,000 --> 00:00:02,000\nGood one.\n\n"
        "3\n99:99:99,999 --> 99:99:99,999\nImpossible clock.\n\n"
        "4\n00:00:01,500 --> 00:00:02,500\nOverlaps the first.\n\n"
        "5\n00:00:06,000 --> 00:00:07,000\nGood two.\n"
    )
    transcript = read_text(text, "broken.srt")
    assert [s.text for s in transcript.segments] == ["Good one.", "Overlaps the first.", "Good two."]
    assert (transcript.skipped, transcript.first_bad_line) == (1, 6)


def test_cue_ending_before_it_starts_is_kept_at_its_start():
    """A cue whose end is before its start is kept (WebVTT drops none), as a zero-length cue at its start."""
    for text, name in (
        ("1\n00:00:05,000 --> 00:00:03,000\nEnds before it starts.\n", "back.srt"),
        ("WEBVTT\n\n00:00:05.000 --> 00:00:03.000\nEnds before it starts.\n", "back.vtt"),
    ):
        transcript = read_text(text, name)
        assert [(s.start, s.end, s.text) for s in transcript.segments] == [
            (5.0, 5.0, "Ends before it starts.")
        ]
        assert transcript.skipped == 0


def test_vtt_without_header_text_after_arrow_is_srt_like():
    """Cue text with a wrong extension or no WEBVTT header still reads by content."""
    assert detect_format("00:00:01.000 --> 00:00:02.000\nHi.\n") == "srt"
    assert read_text("00:00:01.000 --> 00:00:02.000\nHi.\n", "t.txt").segments[0].text == "Hi."


def test_overlapping_vtt_cues_are_all_kept():
    """Two people at once: cues at the same and overlapping times are all kept, sorted by start."""
    text = (
        "WEBVTT\n\n00:00.000 --> 00:01.000\n<v Ann>One\n\n00:00.000 --> 00:01.000\n<v Bo>Two\n\n"
        "00:00.500 --> 00:02.000\n[laughter]\n"
    )
    transcript = read_text(text, "both.vtt")
    assert [(s.start, s.end, s.speaker, s.text) for s in transcript.segments] == [
        (0.0, 1.0, "Ann", "One"),
        (0.0, 1.0, "Bo", "Two"),
        (0.5, 2.0, None, "[laughter]"),
    ]


def test_vtt_timing_line_without_blank_line_starts_a_cue():
    """A timing line right after cue text (YouTube auto-captions) opens a new cue, not more text."""
    text = "WEBVTT\n\n00:00.000 --> 00:01.000\nfirst\n00:01.000 --> 00:02.000\nsecond\n"
    assert [s.text for s in read_text(text, "yt.vtt").segments] == ["first", "second"]


def test_vtt_cue_text_follows_the_spec_tag_rules():
    """Malformed and unknown tags go; an end tag closes only what it names; legacy `&lt` decodes."""
    text = "WEBVTT\n\n00:00.000 --> 00:01.000\n<c.yellow>a</ c>b<sub>c</sub> &lt d &amp e <00:00.500\n"
    assert read_text(text, "t.vtt").segments[0].text == "abc < d & e"


def test_vtt_timestamp_tags_give_word_times():
    """`<00:01.500>` inside cue text gives each word its own start; words joined give the line."""
    text = "WEBVTT\n\n00:01.000 --> 00:03.000\n<v Ann>Hello <00:01.500>big <00:02.000>world.\n"
    segment = read_text(text, "w.vtt").segments[0]
    assert [(w.text, w.start, w.end) for w in segment.words] == [
        ("Hello", 1.0, 1.5),
        ("big", 1.5, 2.0),
        ("world.", 2.0, 3.0),
    ]
    assert " ".join(w.text for w in segment.words) == segment.text


def test_srt_arrow_variants_and_fullwidth_clock():
    """`- >`, `-- >`, `->` arrows and fullwidth `：`/`，` read with the right times."""
    for arrow in ("- >", "-- >", "->"):
        text = f"1\n00:00:01,500 {arrow} 00:00:04,000\nHi.\n"
        assert [(s.start, s.end) for s in read_text(text, "a.srt").segments] == [(1.5, 4.0)]
    text = "1\n00：00：01，500 --> 00:00:04,000\nHi.\n"
    assert [(s.start, s.end) for s in read_text(text, "f.srt").segments] == [(1.5, 4.0)]


def test_srt_timing_line_without_blank_line_starts_a_cue():
    """A timing line right after cue text opens a new cue in SRT too."""
    text = "00:00:00,000 --> 00:00:01,000\nAn example.\n  0:00:01,00 --> 0:00:02,00\n  Second\ncue.\n"
    assert [(s.start, s.text) for s in read_text(text, "m.srt").segments] == [
        (0.0, "An example."),
        (1.0, "Second cue."),
    ]


def test_srt_speaker_carries_to_unnamed_cards_until_a_change_mark():
    """A card with no `Name:` keeps the last speaker (Podcasting 2.0 SRT); labels and `>>` cards do not."""
    text = (
        "1\n00:00:00,000 --> 00:00:01,000\nTravis: When you first get\n\n"
        "2\n00:00:01,000 --> 00:00:02,000\nstarted in podcasting.\n\n"
        "3\n00:00:02,000 --> 00:00:03,000\n[music]\n\n"
        "4\n00:00:03,000 --> 00:00:04,000\n>> Someone unnamed.\n\n"
        "5\n00:00:04,000 --> 00:00:05,000\nStill unnamed.\n\n"
        "6\n00:00:05,000 --> 00:00:06,000\n>> Alban: A new name.\n"
    )
    assert [(s.speaker, s.text) for s in read_text(text, "carry.srt").segments] == [
        ("Travis", "When you first get"),
        ("Travis", "started in podcasting."),
        (None, "[music]"),
        (None, "Someone unnamed."),
        (None, "Still unnamed."),
        ("Alban", "A new name."),
    ]


def test_vtt_first_field_over_59_with_no_third_is_hours_and_minutes():
    """`120:10.000` is 120 h 10 min (vtt.js's rule); `000:00.000` and `00:000.000` stay no time (WPT)."""
    text = (
        "WEBVTT\n\n120:00.000 --> 120:10.000\nFive days in.\n\n"
        "000:00.000 --> 00:01.000\ninvalid\n\n00:000.000 --> 00:01.000\ninvalid\n\n"
        "00:01.000 --> 61:00.000\nTo hour 61 <61:00.000>then.\n"
    )
    transcript = read_text(text, "long.vtt")
    assert [(s.start, s.end, s.text) for s in transcript.segments] == [
        (1.0, 219_600.0, "To hour 61 then."),
        (432_000.0, 432_600.0, "Five days in."),
    ]
    assert [w.start for w in transcript.segments[0].words] == [1.0, 1.0, 1.0, 219_600.0]
    assert transcript.skipped == 2


def test_srt_card_with_no_timing_line_between_cards_refuses_the_file():
    """A card number followed by text or garbage, not its timing, mid-file: broken cards, one line."""
    good = "1\n00:00:01,000 --> 00:00:02,000\nGood.\n\n"
    later = "\n\n3\n00:00:05,000 --> 00:00:06,000\nLater.\n"
    for card in ("2\nNo timing here.", "2\n00:00:03,000 garbage\n00:00:03,500 --> 00:00:04,000\nText."):
        with pytest.raises(
            InputError, match=r"^b\.srt: is broken SRT: the card at line 5 has no timing line$"
        ):
            read_text(good + card + later, "b.srt")


def test_srt_last_card_cut_short_is_skipped_and_counted():
    """A file that stops after a card's number (a download cut short) keeps every cue before it."""
    transcript = read_text("1\n00:00:01,000 --> 00:00:02,000\nGood.\n\n2\n00:00:0", "cut.srt")
    assert [s.text for s in transcript.segments] == ["Good."]
    assert (transcript.skipped, transcript.first_bad_line) == (1, 5)
