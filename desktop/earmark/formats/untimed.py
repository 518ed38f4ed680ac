"""Untimed transcripts: plain text and scraped pages.

Site chrome (banners, navigation, "cover of …" captions, tab labels, a page's
date line) before the first real paragraph, and paragraphs in another script
(a translated summary), go to ``Transcript.notes`` — kept, never lost. Broken
lines are joined, paragraphs kept, sentences split by pysbd, ``♪`` lines and
``[laughter]``-style sounds marked as non-speech.
"""

from __future__ import annotations

import re

from earmark.core.errors import InputError
from earmark.core.model import Segment, SegmentKind, Transcript, TranscriptKind
from earmark.formats import textshape as ts
from earmark.formats.dates import find_date, is_date_line
from earmark.formats.speakers import split_speaker

_SOUND = re.compile(
    r"\[[^\[\]\n]{1,40}\]"
    r"|\((?:laughs?|laughter|laughing|applause|music|inaudible|crosstalk|silence|sighs?|coughs?|chuckles?"
    r"|cheering|pause|indistinct)[^()\n]{0,20}\)",
    re.IGNORECASE,
)
_HEADING = re.compile(r"^#{1,6}\s+(.+?)\s*#*$")


def _chunks(text: str) -> list[tuple[int, str, bool]]:
    """Non-empty lines as (line number, text, blank line before it)."""
    out, blank = [], False
    for number, line in enumerate(text.split("\n"), 1):
        stripped = " ".join(line.split())
        if stripped:
            out.append((number, stripped, blank))
            blank = False
        else:
            blank = True
    return out


def _split_header(chunks: list[tuple[int, str, bool]], dominant: str) -> int:
    """Index of the first chunk after the page chrome (0 when there is none)."""
    first_real = next((i for i, c in enumerate(chunks) if ts.is_real_paragraph(c[1], dominant)), len(chunks))
    last_chrome = -1
    for i in range(first_real):
        line = chunks[i][1]
        if (
            ts.CAPTION.match(line)
            or is_date_line(line)
            or ts.is_foreign(line, dominant)
            or _HEADING.match(line)
            or (ts.is_label(line) and not line.endswith(("?", "!")))
        ):
            last_chrome = i
    return last_chrome + 1


def _title_and_meta(header: list[str]) -> tuple[str | None, str | None, dict[str, str]]:
    title, date, meta = None, None, {}
    for i, line in enumerate(header):
        caption = ts.CAPTION.match(line)
        heading = _HEADING.match(line)
        if caption:
            what = caption.group("what").strip()
            if re.match(r"(?i)^(?:logo|icon)\b", line) or "podcast" in line.lower().split()[2:3]:
                meta.setdefault("Podcast", what)
            else:
                title = title or what
        elif heading:
            title = title or heading.group(1)
        elif date is None and is_date_line(line):
            date = find_date(line)
            if title is None and i > 0 and ts.is_label(header[i - 1]):
                title = header[i - 1]
    return title, date, meta


def _paragraphs(chunks: list[tuple[int, str, bool]]) -> list[tuple[str, bool]]:
    """Join broken lines into paragraphs; returns (text, is_music)."""
    block_mode = any(blank for _, _, blank in chunks[1:])
    paragraphs: list[list] = []
    for _, line, blank in chunks:
        music = "♪" in line
        previous = paragraphs[-1] if paragraphs else None
        joinable = previous is not None and not music and not previous[1]
        if joinable:
            ended = previous[0].endswith(ts.TERMINAL)
            # across a blank line only a sentence cut mid-way joins; within a block, lines always join
            joinable = ts.continues_sentence(previous[0], line) if blank else (block_mode or not ended)
        if joinable:
            previous[0] += " " + line
        else:
            paragraphs.append([line, music])
    # sung outro: short lines after the last ♪ line, to the end of the text, are lyrics too
    last_music = max((i for i, p in enumerate(paragraphs) if p[1]), default=None)
    if last_music is not None and len(paragraphs) - last_music <= 4:
        tail = paragraphs[last_music + 1 :]
        if all(len(p[0]) <= 600 for p in tail):
            for p in tail:
                p[1] = True
    return [(text, music) for text, music in paragraphs]


def _music_segments(text: str, paragraph: int) -> list[Segment]:
    lyrics = [m.strip() for m in re.findall(r"♪([^♪]*)♪", text) if m.strip()]
    if not lyrics:
        return [Segment(text=text, kind=SegmentKind.MUSIC, paragraph=paragraph)]
    return [Segment(text=f"♪ {lyric} ♪", kind=SegmentKind.MUSIC, paragraph=paragraph) for lyric in lyrics]


def paragraph_segments(text: str, paragraph: int) -> list[Segment]:
    """Sentences of one paragraph, with sounds split out and a ``NAME:`` speaker kept."""
    speaker, text = split_speaker(text)
    segments: list[Segment] = []
    position = 0
    for match in [*_SOUND.finditer(text), None]:
        piece = text[position : match.start() if match else len(text)]
        for sentence in ts.sentences(piece.strip()):
            segments.append(Segment(text=sentence, speaker=speaker, paragraph=paragraph))
        if match:
            segments.append(
                Segment(text=match.group(), kind=SegmentKind.SOUND, speaker=speaker, paragraph=paragraph)
            )
            position = match.end()
    return segments


def read_untimed(text: str, source: str) -> Transcript:
    chunks = _chunks(text)
    if not chunks:
        raise InputError(source, "has no readable text")
    dominant = ts.dominant_script(text[:200_000])
    body_from = _split_header(chunks, dominant)
    header = [line for _, line, _ in chunks[:body_from]]
    title, date, metadata = _title_and_meta(header)
    notes_parts = ["\n".join(header)] if header else []
    body = []
    for chunk in chunks[body_from:]:
        if ts.is_foreign(chunk[1], dominant):
            notes_parts.append(chunk[1])
        else:
            body.append(chunk)
    segments: list[Segment] = []
    for index, (paragraph, music) in enumerate(_paragraphs(body)):
        if music:
            segments.extend(_music_segments(paragraph, index))
        else:
            segments.extend(paragraph_segments(paragraph, index))
    if not segments:
        raise InputError(source, "has no transcript text, only page chrome")
    return Transcript(
        segments=segments,
        format="text",
        kind=TranscriptKind.UNTIMED,
        title=title,
        date=date,
        notes="\n\n".join(notes_parts),
        metadata=metadata,
    )
