"""Name a text's shape from its content, never its file name."""

from __future__ import annotations

import re

from earmark.formats.stamped import stamped_share

_SRT_TIMING = re.compile(
    r"^\s*(?:\d+[:：])?\d{1,2}[:：]\d{1,3}(?:[,.:，]\d+)?\s*-[ \t]*-?[ \t]*>", re.MULTILINE
)
_HTML = re.compile(
    r"<(?:!doctype\s+html|html|body|p|div|cite|time|span|h[1-6]|article|section)\b", re.IGNORECASE
)
_MARKDOWN = re.compile(
    r"^\s{0,3}#{1,6}\s+\S|^\s*\*\*[^*\n]+:\*\*|^\s*\*\*[^*\n]+\*\*\s*$|\[[^\]\n]+\]\(https?://", re.MULTILINE
)
_FILLER = re.compile(
    r"\b(?:yeah|um|uh|you know|i mean|kind of|sort of|okay|anyway|gonna|right\?)", re.IGNORECASE
)
_NOTES_WORDS = re.compile(r"\b(?:reading time|newsletter|subscribe|show notes|unsubscribe)\b", re.IGNORECASE)

TIMED_SHAPES = ("srt", "vtt", "podcast-json", "timestamped")


def detect_text_shape(text: str) -> str:
    """For text with no markup: ``timestamped``, ``markdown`` / ``notes`` (companion text) or ``text``."""
    head = text[:100_000]
    lines = head.split("\n")[:400]
    if stamped_share(lines) >= 0.3:
        return "timestamped"
    markdown_marks = len(_MARKDOWN.findall(head))
    words = max(1, len(head.split()))
    filler_per_1000 = 1000 * len(_FILLER.findall(head)) / words
    if markdown_marks >= 3 and filler_per_1000 < 10:
        return "markdown"
    if filler_per_1000 < 8 or (_NOTES_WORDS.search(head[:3000]) and filler_per_1000 < 12):
        return "notes"
    return "text"


def detect_format(text: str) -> str:
    """Name the shape of ``text``; ValueError when it is none Earmark knows."""
    head = text.lstrip("\ufeff \n\t\r")
    if not head:
        raise ValueError("empty")
    if head[:6].upper() == "WEBVTT":
        return "vtt"  # the reader refuses a bad signature (``WEBvtt``, ``WEBVTTX``)
    if head[0] in "{[" and re.match(r"[\[{]\s*[\[{\"'\]}]", head):
        return "podcast-json"
    if _SRT_TIMING.search(text[:20_000]):
        return "srt"
    if (head.startswith("<") and _HTML.search(head[:5000])) or len(_HTML.findall(head[:5000])) >= 3:
        return "html"
    return detect_text_shape(text)
