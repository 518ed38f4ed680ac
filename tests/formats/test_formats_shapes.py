"""Podcasting 2.0 JSON, HTML and timestamped-text transcripts, and companion notes."""

from __future__ import annotations

import json

from earmark.core.model import TranscriptKind
from earmark.formats import read_text

PODCAST_HTML = """<!DOCTYPE html><html><head><title>Episode 1</title>
<script>alert('never run')</script><style>p {color: red}</style></head><body>
<cite>Kevin:</cite>
<time>0:00</time>
<p>Welcome to the show &amp; thanks.</p>
<cite>Alban:</cite>
<time>0:05</time>
<p>Glad to <b>be</b> here.</p>
<img src="http://127.0.0.1:9/never-fetched.png">
</body></html>"""


def test_podcast_json_segments_and_speakers():
    """Podcasting 2.0 JSON gives timed segments with speakers; a broken segment is skipped and counted."""
    data = {
        "version": "1.0.0",
        "segments": [
            {"speaker": "Alice", "startTime": 0.5, "endTime": 2.0, "body": "Hello there."},
            {"startTime": 3, "endTime": 1, "body": "Backwards."},
            {"startTime": 2.5, "endTime": 4.25, "body": "No speaker here."},
        ],
    }
    transcript = read_text(json.dumps(data), "t.json")
    assert transcript.format == "podcast-json"
    assert [(s.start, s.end, s.speaker, s.text) for s in transcript.segments] == [
        (0.5, 2.0, "Alice", "Hello there."),
        (2.5, 4.25, None, "No speaker here."),
    ]
    assert (transcript.skipped, transcript.first_bad_line) == (1, 2)


def test_podcast_json_word_level_is_merged_into_phrases():
    """A file with one word per segment becomes phrases ending at sentence stops."""
    words = [
        "This",
        "is",
        "one",
        "sentence.",
        "And",
        "here",
        "is",
        "another",
        "longer",
        "one,",
        "with",
        "more",
        "words.",
    ]
    data = {
        "segments": [
            {"startTime": i * 0.3, "endTime": i * 0.3 + 0.25, "body": w} for i, w in enumerate(words)
        ]
    }
    transcript = read_text(json.dumps(data), "words.json")
    assert [s.text for s in transcript.segments] == [
        "This is one sentence.",
        "And here is another longer one, with more words.",
    ]
    assert transcript.segments[1].start == 1.2


def test_html_cite_time_p_shape():
    """The spec's <cite>/<time>/<p> shape: speakers, times, entities decoded, scripts dropped."""
    transcript = read_text(PODCAST_HTML, "t.html")
    assert (transcript.format, transcript.kind, transcript.title) == (
        "html",
        TranscriptKind.TIMED,
        "Episode 1",
    )
    assert [(s.start, s.end, s.speaker, s.text) for s in transcript.segments] == [
        (0.0, 5.0, "Kevin", "Welcome to the show & thanks."),
        (5.0, None, "Alban", "Glad to be here."),
    ]
    assert "alert" not in transcript.text and "color" not in transcript.text


def test_html_generic_timestamped_paragraphs():
    """A generic page with `[mm:ss] Speaker: text` paragraphs reads as timed text."""
    page = (
        "<html><body><h1>Show</h1><p>[00:01] Ann: First line.</p><p>[00:04] Bo: Second line.</p>"
        "<p>[01:00:02] Ann: Much later.</p></body></html>"
    )
    transcript = read_text(page, "page.html")
    assert [(s.start, s.speaker, s.text) for s in transcript.segments] == [
        (1.0, "Ann", "First line."),
        (4.0, "Bo", "Second line."),
        (3602.0, "Ann", "Much later."),
    ]


def test_meeting_recorder_speaker_time_headers():
    """The `Speaker  0:14` header shape: the header names the speaker and start; text follows."""
    text = (
        "Meeting notes\n\nAlice Smith  0:00\nHello everyone,\nthanks for coming.\n\n"
        "Bob  0:14\nThanks Alice.\n"
    )
    transcript = read_text(text, "otter.txt")
    assert transcript.format == "timestamped"
    assert [(s.start, s.end, s.speaker, s.text) for s in transcript.segments] == [
        (0.0, 14.0, "Alice Smith", "Hello everyone, thanks for coming."),
        (14.0, None, "Bob", "Thanks Alice."),
    ]


def test_parenthesised_prefix_and_backwards_stamp():
    """`(01:02) text` lines read; a stamp going back in time is skipped with its line number."""
    text = "(00:05) First.\n(01:02) Second.\n(00:30) Went back.\n(01:10) Third.\n"
    transcript = read_text(text, "p.txt")
    assert [(s.start, s.text) for s in transcript.segments] == [
        (5.0, "First."),
        (62.0, "Second."),
        (70.0, "Third."),
    ]
    assert (transcript.skipped, transcript.first_bad_line) == (1, 3)


def test_a_stamp_after_a_skipped_backwards_one_is_measured_against_the_last_good_one():
    """Two stamps in a row earlier than the last good one are both skipped; no line ends before it starts."""
    text = "(00:05) First line here.\n(00:01) Went back.\n(00:01) Still back.\n(00:09) Forward again.\n"
    transcript = read_text(text, "p.txt")
    assert [(s.start, s.end, s.text) for s in transcript.segments] == [
        (5.0, 9.0, "First line here."),
        (9.0, None, "Forward again."),
    ]
    assert (transcript.skipped, transcript.first_bad_line) == (2, 2)


def test_untimed_sounds_and_speakers():
    """`[laughter]` is a sound of its own; `NAME:` paragraphs keep their speaker on each sentence."""
    text = (
        "Ann: Welcome back to the show everyone, it is good to have you all here today. [laughter] "
        "We have a lot to cover.\n\nBo: Thanks Ann, this is going to be a long conversation, so yeah, "
        "you know, let us get going right now, um, okay.\n"
    )
    transcript = read_text(text, "t.txt", fmt="text")
    kinds = [(s.speaker, str(s.kind), s.text) for s in transcript.segments]
    assert ("Ann", "sound", "[laughter]") in kinds
    assert kinds[0] == (
        "Ann",
        "speech",
        "Welcome back to the show everyone, it is good to have you all here today.",
    )
    assert kinds[2] == ("Ann", "speech", "We have a lot to cover.")
    assert {s.paragraph for s in transcript.segments if s.speaker == "Bo"} == {1}


def test_html_show_notes_keep_links():
    """HTML show notes are notes; links survive as Markdown links; headings become chapters."""
    page = (
        "<html><body><h1>Episode 12</h1><p><strong>Date:</strong> March 3, 2024</p>"
        "<h2>Links</h2><h2>Guests</h2><p>Read <a href='https://example.org/a'>the paper</a> here.</p>"
        "<h2>Tools we used</h2><p>We wrote about it in the newsletter. Subscribe.</p></body></html>"
    )
    notes = read_text(page, "notes.html")
    assert notes.kind is TranscriptKind.NOTES
    assert "[the paper](https://example.org/a)" in notes.notes
    assert notes.date == "2024-03-03" and notes.title == "Episode 12"
    assert [c.title for c in notes.chapters] == ["Guests", "Tools we used"]


BUZZSPROUT_HTML = """<p><cite>Host:</cite> <time>00:00:00</time> Welcome to the show about forced
<em>alignment</em>.</p>
<p><cite>Guest:</cite> <time>00:00:07</time> Thanks, glad to be <b>here</b>!<br>Really.</p>
<p><cite>Host:</cite> <time>00:01:02</time> Let's start.</p>"""


def test_buzzsprout_html_cite_and_time_inside_the_paragraph():
    """Buzzsprout: `<p><cite>Host:</cite> <time>…</time> text</p>`, each paragraph its speaker and time."""
    transcript = read_text(BUZZSPROUT_HTML, "buzz.html")
    assert (transcript.format, transcript.kind) == ("html", TranscriptKind.TIMED)
    assert [(s.start, s.end, s.speaker, s.text) for s in transcript.segments] == [
        (0.0, 7.0, "Host", "Welcome to the show about forced alignment."),
        (7.0, 62.0, "Guest", "Thanks, glad to be here! Really."),
        (62.0, None, "Host", "Let's start."),
    ]


def test_buzzsprout_paragraph_without_a_time_never_takes_another_paragraphs_time():
    """A new speaker's paragraph with no <time> is its own untimed line; the same speaker's continues."""
    page = (
        "<p><cite>Host:</cite> <time>00:00:00</time> Hi there.</p>"
        "<p><cite>Guest:</cite> Hello, no time here.</p><p>Still the guest.</p>"
        "<p><cite>Host:</cite> <time>00:00:09</time> Next.</p>"
    )
    assert [(s.start, s.end, s.speaker, s.text) for s in read_text(page, "b.html").segments] == [
        (0.0, 9.0, "Host", "Hi there."),
        (None, None, "Guest", "Hello, no time here. Still the guest."),
        (9.0, None, "Host", "Next."),
    ]


def test_html_time_going_backwards_is_skipped_and_the_line_before_ends_at_the_next_kept_one():
    """A stamp earlier than the one before it is counted as skipped; no line ends before it starts."""
    page = "".join(
        f"<p><cite>{who}:</cite> <time>{at}</time> {said}</p>"
        for who, at, said in (
            ("A", "0:00", "One."),
            ("B", "0:10", "Two."),
            ("A", "0:05", "Back."),
            ("B", "0:20", "Three."),
        )
    )
    transcript = read_text(page, "t.html")
    assert transcript.skipped == 1
    assert [(s.start, s.end, s.text) for s in transcript.segments] == [
        (0.0, 10.0, "One."),
        (10.0, 20.0, "Two."),
        (20.0, None, "Three."),
    ]


def test_html_paragraph_snippet_is_an_untimed_transcript():
    """A bare run of `<p>` paragraphs is transcript text, `Name:` a speaker, comments and tags gone."""
    page = "<p>\n  Hello\n</p>\n<p>Peter: I said <b>this</b>.</p>\n<p><!-- note -->And &amp; that.</p>"
    transcript = read_text(page, "snip.html")
    assert transcript.kind is TranscriptKind.UNTIMED
    assert [(s.speaker, s.text) for s in transcript.segments] == [
        (None, "Hello"),
        ("Peter", "I said this."),
        (None, "And & that."),
    ]


def test_script_style_and_template_text_is_never_transcript_text():
    """Text inside <script>, <style> and <template> never reaches the transcript or its notes."""
    page = (
        "<script>var spoken = 'no';</script><style>p { x: 1 }</style>"
        "<template><p>Hidden words.</p></template>"
        "<cite>Ann:</cite><time>0:01</time><p>Real words here.</p>"
    )
    transcript = read_text(page, "s.html")
    assert [s.text for s in transcript.segments] == ["Real words here."]
    assert "spoken" not in transcript.notes and "Hidden" not in transcript.notes


def test_paragraph_cut_mid_sentence_joins_the_next():
    """A paragraph ending on a comma or a word no sentence ends on joins the next; a finished one does not."""
    text = (
        "We talked about this for a while and then we moved on to the news, which is\n\n"
        "Something we do every single week on this show without fail.\n\n"
        "That was the end of that part and we all agreed it was good.\n\n"
        "Then another paragraph begins here with a few more words in it."
    )
    lines = [s.text for s in read_text(text, "cut.txt", fmt="text").segments]
    assert lines == [
        "We talked about this for a while and then we moved on to the news, which is "
        "Something we do every single week on this show without fail.",
        "That was the end of that part and we all agreed it was good.",
        "Then another paragraph begins here with a few more words in it.",
    ]
