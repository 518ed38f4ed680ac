"""The four shared samples read as their README says (shared/samples/README.md)."""

from __future__ import annotations

import re

from earmark.core.model import SegmentKind, TranscriptKind
from earmark.formats import read_file


def _rough_sentence_count(text: str) -> int:
    """An independent estimate: sentence stops followed by a space and a capital."""
    return len(re.findall(r"[.?!](?=\s+[A-Z\"“])", text)) + 1


def test_plain_transcript_is_untimed_sentences(samples):
    """The plain transcript becomes untimed speech split into sentences, close to a naive stop count."""
    transcript = read_file(samples / "lastweekinai_plain_transcript.txt")
    assert (transcript.format, transcript.kind) == ("text", TranscriptKind.UNTIMED)
    speech = [s for s in transcript.segments if s.kind is SegmentKind.SPEECH]
    expected = _rough_sentence_count((samples / "lastweekinai_plain_transcript.txt").read_text())
    assert 0.85 * expected < len(speech) < 1.15 * expected
    assert speech[0].text.startswith("Hello and welcome to the Last Week in AI podcast")
    assert speech[0].text.endswith("what's going on with AI.")


def test_plain_transcript_joins_lines_broken_mid_sentence(samples):
    """A line stopping mid-sentence ("I've just been" / "Running my fingers") joins into one sentence."""
    transcript = read_file(samples / "lastweekinai_plain_transcript.txt")
    joined = [s for s in transcript.segments if "I've just been Running my fingers" in s.text]
    assert len(joined) == 1
    assert not any(s.text.endswith("I've just been") for s in transcript.segments)


def test_plain_transcript_keeps_paragraphs(samples):
    """Lines ending a sentence start new paragraphs; sentences keep their paragraph index in order."""
    transcript = read_file(samples / "lastweekinai_plain_transcript.txt")
    paragraphs = [s.paragraph for s in transcript.segments]
    assert paragraphs == sorted(paragraphs)
    assert 100 < len(set(paragraphs)) < 288  # fewer paragraphs than lines: broken lines were joined


def test_plain_transcript_outro_is_music(samples):
    """The sung outro (♪ lines and the lyrics after them) is music; the speech before it is not."""
    transcript = read_file(samples / "lastweekinai_plain_transcript.txt")
    music = [s for s in transcript.segments if s.kind is SegmentKind.MUSIC]
    assert any("New tech emerging" in s.text for s in music)
    assert any("From neural nets to robots" in s.text for s in music)
    assert all(transcript.segments.index(s) > len(transcript.segments) - 15 for s in music)
    assert transcript.segments[-len(music) - 1].text == "Break it down."
    assert transcript.segments[-len(music) - 1].kind is SegmentKind.SPEECH


def test_scraped_page_title_and_date(samples):
    """The scraped page's title and its `2025/4/9` date are picked up."""
    transcript = read_file(samples / "podquest_scraped_transcript_page.txt")
    assert transcript.kind is TranscriptKind.UNTIMED
    assert transcript.title == "#206 - Llama 4, Nova Act, xAI buys X, PaperBench"
    assert transcript.date == "2025-04-09"


def test_scraped_page_chrome_and_chinese_summary_are_notes_not_speech(samples):
    """Site chrome and the Chinese summary are kept as notes and are not in the spoken lines."""
    transcript = read_file(samples / "podquest_scraped_transcript_page.txt")
    for chrome in (
        "We're sunsetting PodQuest",
        "Export Podcast Subscriptions",
        "cover of episode",
        "logo of podcast",
        "Shownotes Transcript",
        "Translations:",
        "Meta发布的Llama 4大型语言模型系列",
    ):
        assert chrome in transcript.notes
        assert not any(chrome in s.text for s in transcript.segments)
    assert transcript.segments[0].text.startswith("Hello, and welcome to the Last Week in AI podcast")
    assert not re.search(r"[\u4e00-\u9fff]", transcript.text)


def test_scraped_page_loses_no_text(samples):
    """Every word of the page is either in the spoken lines or in the notes."""
    transcript = read_file(samples / "podquest_scraped_transcript_page.txt")
    original = (samples / "podquest_scraped_transcript_page.txt").read_text().split()
    kept = " ".join([transcript.text, transcript.notes]).split()
    assert sorted(original) == sorted(kept)


def test_scraped_page_sentences_and_music(samples):
    """The page's English paragraphs split into sentences; the closing ♪ line and lyrics are music."""
    transcript = read_file(samples / "podquest_scraped_transcript_page.txt")
    text = (samples / "podquest_scraped_transcript_page.txt").read_text()
    body = text[text.index("Hello, and welcome") :]
    speech = [s for s in transcript.segments if s.kind is SegmentKind.SPEECH]
    expected = _rough_sentence_count(body)
    assert 0.85 * expected < len(speech) < 1.15 * expected
    assert [s.kind for s in transcript.segments[-2:]] == [SegmentKind.MUSIC, SegmentKind.MUSIC]


def test_shownotes_are_companion_notes_with_metadata(samples):
    """The Markdown show notes are notes, with Date, Duration and Link read into metadata."""
    notes = read_file(samples / "thursdai_shownotes_mojibake.md")
    assert notes.kind is TranscriptKind.NOTES
    assert notes.date == "2025-05-16"
    assert notes.metadata["Duration"] == "1:28:56"
    assert notes.metadata["Link"] == "https://sub.thursdai.news/p/thursdai-may-15-genocidal-grok-chatgpt"
    assert notes.title.startswith("📆 ThursdAI - May 15 - Genocidal Grok")
    assert len(notes.segments) > 50


def test_shownotes_mojibake_repaired_and_links_kept(samples):
    """Mac Roman mojibake is repaired (Let’s, 📆, 👋, 😅) and Markdown links stay whole."""
    notes = read_file(samples / "thursdai_shownotes_mojibake.md")
    for fixed in ("Let’s dig in—because", "📆", "this is Alex 👋", "silly thing 😅", "“out of nowhere”"):
        assert fixed in notes.notes
    for broken in ("‚Äô", "üìÜ", "\uf8ff", "Äî"):
        assert broken not in notes.notes
    assert "[AlphaEvolve](https://deepmind.google/discover/blog/alphaevolve-" in notes.notes


def test_shownotes_headings_become_chapters(samples):
    """Section headings (Markdown, bold and standalone lines) become candidate chapters without times."""
    notes = read_file(samples / "thursdai_shownotes_mojibake.md")
    titles = [c.title for c in notes.chapters]
    for heading in (
        "Big Companies & APIs",
        "Open Source LLMs: The Decentralization Tsunami",
        "AlphaEvolve: DeepMind’s Gemini-Powered Algorithmic Discovery",
        "This Week's Buzz - Everything W&B!",
        "Vision & Video: Open Source Shines Through the Noise",
    ):
        assert heading in titles
    assert all(c.start is None for c in notes.chapters)
    assert "Description" not in titles


def test_newsletter_is_companion_text(samples):
    """The newsletter is notes (not a transcript), keeps its emoji, and its questions are sections."""
    notes = read_file(samples / "lastweekinai_newsletter.txt")
    assert notes.kind is TranscriptKind.NOTES
    assert notes.title == "Last week in AI #1"
    assert "(hopefully 🤞)" in notes.notes
    assert "So, any exciting models released this week?" in [c.title for c in notes.chapters]
    assert len(notes.segments) == 20  # one per line but the "Estimated reading time" field


def test_scraped_page_sentence_cut_across_paragraphs_is_one_line(samples):
    """The scraped page's "…startup now, which is" / "Let's say…" paragraphs give one line (issue #16)."""
    texts = [s.text for s in read_file(samples / "podquest_scraped_transcript_page.txt").segments]
    assert (
        "generative AI startup now, which is Let's say about to do something exciting, hopefully." in texts[3]
    )
    assert not any(t.endswith("which is") for t in texts)
