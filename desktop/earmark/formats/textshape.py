"""General rules about plain text shared by the untimed and notes readers: scripts, chrome, sentences."""

from __future__ import annotations

import re
from functools import lru_cache

TERMINAL = (".", "?", "!", "…", '."', '?"', '!"', ".”", "?”", "!”", "♪", ")", "]")
CAPTION = re.compile(
    r"^(?:cover|logo|image|photo|picture|thumbnail|artwork|icon|banner|poster)\s+(?:of|for)\s+"
    r"(?:(?:the\s+)?(?:episode|podcast|show|channel)\s+)?(?P<what>.+)$",
    re.IGNORECASE,
)
_WORD = re.compile(r"[^\W\d_]+")


def script_of(char: str) -> str:
    code = ord(char)
    if code < 0x250:
        return "latin"
    if 0x400 <= code < 0x530:
        return "cyrillic"
    if 0x3040 <= code < 0xA000 or 0xAC00 <= code < 0xD7B0 or 0xF900 <= code < 0xFB00:
        return "cjk"
    if 0x590 <= code < 0x700:
        return "rtl"
    return "other"


def script_counts(text: str) -> dict[str, int]:
    counts: dict[str, int] = {}
    for char in text:
        if char.isalpha():
            name = script_of(char)
            counts[name] = counts.get(name, 0) + 1
    return counts


def dominant_script(text: str) -> str:
    counts = script_counts(text)
    return max(counts, key=counts.__getitem__) if counts else "latin"


def is_foreign(text: str, dominant: str) -> bool:
    """Mostly letters of another script than the document's (a translated summary, a language tab)."""
    counts = script_counts(text)
    total = sum(counts.values())
    return total > 0 and counts.get(dominant, 0) < 0.5 * total


def word_count(text: str) -> int:
    return len(_WORD.findall(text))


def is_real_paragraph(text: str, dominant: str) -> bool:
    """Body text, not a label: long enough and in the document's own script."""
    return len(text) >= 60 and word_count(text) >= 12 and not is_foreign(text, dominant)


def is_label(line: str) -> bool:
    """A short line with no sentence ending: navigation, tab label, heading, banner fragment."""
    stripped = line.strip()
    return 0 < len(stripped) < 70 and not stripped.endswith((".", ",", ";", "…", '"', "”"))


@lru_cache(maxsize=1)
def _segmenter():
    import pysbd  # imported on first use: it takes ~0.1 s

    return pysbd.Segmenter(language="en", clean=False)


_EASY = re.compile(r"[.?!…]")


def sentences(text: str) -> list[str]:
    """Split a paragraph into sentences with pysbd; a paragraph with no stops is one sentence."""
    if not _EASY.search(text[:-1]):
        return [text] if text.strip() else []
    return [s.strip() for s in _segmenter().segment(text) if s.strip()]
