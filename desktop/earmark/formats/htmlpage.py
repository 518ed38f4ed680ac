"""HTML transcripts and notes, parsed with BeautifulSoup's pure-Python ``html.parser``.

Nothing is run or fetched: scripts, styles, frames and objects are dropped
before any text is read, and no URL in the page is ever opened. The
Podcasting 2.0 shape (``<cite>`` speaker, ``<time>``, ``<p>``) gives timed
segments; any other page becomes text (links kept as Markdown links, headings
as ``#`` lines) and goes to the timestamped, notes or untimed reader by content.
"""

from __future__ import annotations

import warnings

from bs4 import BeautifulSoup, MarkupResemblesLocatorWarning, NavigableString, Tag

from earmark.core.errors import InputError
from earmark.core.model import Segment, Transcript, TranscriptKind
from earmark.formats.cues import parse_time
from earmark.formats.detect import detect_text_shape
from earmark.formats.notes import read_notes
from earmark.formats.stamped import read_stamped
from earmark.formats.untimed import paragraph_segments, read_untimed

_DROP = ("script", "style", "noscript", "template", "iframe", "object", "embed", "svg", "head", "nav", "form")
_BLOCKS = ("p", "div", "li", "tr", "section", "article", "blockquote", "header", "footer", "dd", "dt", "pre")


def _words(tag: Tag) -> str:
    """A tag's text as a reader sees it: inline tags add no spaces (``<em>alignment</em>.``)."""
    for br in tag.find_all("br"):
        br.replace_with(NavigableString(" "))
    return " ".join(tag.get_text().split())


def _stamp(tag: Tag | None) -> float | None:
    if tag is None:
        return None
    try:
        return parse_time(_words(tag) or str(tag.get("datetime", "")).strip())
    except ValueError:
        return None


def _podcast_shape(soup: BeautifulSoup, source: str) -> Transcript | None:
    """``<cite>``/``<time>`` then ``<p>`` (Podcasting 2.0), or both inside the ``<p>`` (Buzzsprout).

    A paragraph with no time of its own continues the line before it when the speaker is the
    same; a new speaker's paragraph with no time (or text before the first time) is kept as an
    untimed line, as the JSON reader keeps a segment with no times, never given another's time.
    """
    if soup.find("time") is None:
        return None
    segments: list[Segment] = []
    speaker: str | None = None
    start: float | None = None
    read_with_paragraph: set[int] = set()
    for tag in soup.find_all(("cite", "time", "p")):
        if id(tag) in read_with_paragraph:
            continue
        if tag.name != "p":
            if tag.find_parent("p") is not None:
                continue  # read with its paragraph
            if tag.name == "cite":
                speaker = _words(tag).rstrip(":").strip() or None
            else:
                start = _stamp(tag)
            continue
        cite, time = tag.find("cite"), tag.find("time")
        if cite is not None:
            read_with_paragraph.add(id(cite))
            speaker = _words(cite.extract()).rstrip(":").strip() or None
        if time is not None:
            read_with_paragraph.add(id(time))
            start = _stamp(time.extract())
        text = _words(tag)
        if not text:
            continue
        if start is None and segments and segments[-1].speaker == speaker:
            segments[-1].text += " " + text
            continue
        segments.append(Segment(text=text, start=start, speaker=speaker))
        start = None
    if all(s.start is None for s in segments):
        return None
    kept: list[Segment] = []
    last: Segment | None = None  # the last timed line kept
    skipped = 0
    for s in segments:
        if s.start is not None:
            if last is not None and s.start < last.start:
                skipped += 1  # a time going backwards: a broken stamp
                continue
            if last is not None:
                last.end = s.start
            last = s
        kept.append(s)
    title = soup.title.get_text(strip=True) if soup.title else None
    return Transcript(
        segments=kept, format="html", kind=TranscriptKind.TIMED, title=title or None, skipped=skipped
    )


def _paragraph_fragment(soup: BeautifulSoup) -> list[str] | None:
    """A bare run of ``<p>`` paragraphs (a transcript snippet, no page around it), else None."""
    if soup.find(("html", "body", "title", "h1", "h2", "h3", "nav", "a", "ul", "ol", "table", "div")):
        return None
    blocks = [child for child in soup.children if isinstance(child, Tag)]
    if not blocks or any(block.name != "p" for block in blocks):
        return None
    return [text for block in blocks if (text := _words(block))]


def _to_text(soup: BeautifulSoup) -> str:
    for link in soup.find_all("a"):
        href = str(link.get("href", ""))
        label = link.get_text(" ", strip=True)
        if href.startswith(("http://", "https://")) and label:
            link.replace_with(NavigableString(f"[{label}]({href})"))
    for level in range(1, 7):
        for heading in soup.find_all(f"h{level}"):
            heading.insert_before(NavigableString("\n\n" + "#" * level + " "))
            heading.insert_after(NavigableString("\n\n"))
    for br in soup.find_all("br"):
        br.replace_with(NavigableString("\n"))
    for block in soup.find_all(_BLOCKS):
        block.insert_before(NavigableString("\n\n"))
        block.insert_after(NavigableString("\n\n"))
    lines = [" ".join(line.split()) for line in soup.get_text().split("\n")]
    text, blank = [], False
    for line in lines:
        if line:
            if blank and text:
                text.append("")
            text.append(line)
            blank = False
        else:
            blank = True
    return "\n".join(text)


def read_html(text: str, source: str) -> Transcript:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", MarkupResemblesLocatorWarning)
        soup = BeautifulSoup(text, "html.parser")
    title = soup.title.get_text(" ", strip=True) if soup.title else None
    for tag in soup.find_all(_DROP):
        if isinstance(tag, Tag):
            tag.decompose()
    timed = _podcast_shape(soup, source)
    if timed is not None:
        timed.title = timed.title or title
        return timed
    paragraphs = _paragraph_fragment(soup)
    if paragraphs:  # a snippet, not a page: no chrome to find, every paragraph is spoken
        segments = [s for index, text in enumerate(paragraphs) for s in paragraph_segments(text, index)]
        return Transcript(segments=segments, format="html", kind=TranscriptKind.UNTIMED, title=title)
    plain = _to_text(soup)
    if not plain.strip():
        raise InputError(source, "is an HTML page with no text")
    shape = detect_text_shape(plain)
    if shape == "timestamped":
        result = read_stamped(plain, source)
    elif shape in ("markdown", "notes"):
        result = read_notes(plain, source, "markdown")
    else:
        result = read_untimed(plain, source)
    result.format = "html"
    result.title = result.title or title
    return result
