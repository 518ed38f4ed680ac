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


_ASCII_LETTERS = re.compile(r"[A-Za-z]+")
_NON_ASCII = re.compile(r"[^\x00-\x7f]")


def script_counts(text: str) -> dict[str, int]:
    """Letters per script; ASCII letters are counted by a regex, only the rest one by one."""
    latin = sum(map(len, _ASCII_LETTERS.findall(text)))
    counts: dict[str, int] = {"latin": latin} if latin else {}
    for char in _NON_ASCII.findall(text):
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
_CERTAIN = re.compile(r"(?<=[a-z][.?!]) +(?=[A-Z][a-z' ])")


@lru_cache(maxsize=1)
def _abbreviations() -> frozenset[str]:
    from pysbd.lang.english import English

    known = English.Abbreviation
    return (
        frozenset(known.ABBREVIATIONS)
        | frozenset(known.PREPOSITIVE_ABBREVIATIONS)
        | frozenset(known.NUMBER_ABBREVIATIONS)
    )


def _certain_pieces(text: str) -> list[str]:
    """Cut ``text`` where any splitter would: ``word. Capital`` with a plain word before.

    Not cut after an abbreviation pysbd knows (``approx.``, ``Mr.``, ``vs.``), a dotted or
    numbered token (``U.S.``, ``4.5.``), one letter, or two capitals (``AI.``); pysbd then splits
    each piece, so the result is pysbd's at a fraction of the cost (it compiles regexes per
    abbreviation and call, ~0.5 s on a 1.5-hour transcript).
    """
    pieces, begin = [], 0
    abbreviations = _abbreviations()
    for match in _CERTAIN.finditer(text):
        stop = match.start() - 1
        word_start = text.rfind(" ", begin, stop) + 1
        word = text[word_start:stop]
        if text[stop] == "." and (
            not word.isalpha() or len(word) < (2 if word.islower() else 3) or word.lower() in abbreviations
        ):
            continue
        pieces.append(text[begin : match.start()])
        begin = match.end()
    pieces.append(text[begin:])
    return pieces


def sentences(text: str) -> list[str]:
    """Split a paragraph into sentences (pysbd, after cutting where the split is certain).

    A paragraph or piece with no stops inside is one sentence.
    """
    out: list[str] = []
    for piece in _certain_pieces(text):
        if not _EASY.search(piece[:-1]):
            if piece.strip():
                out.append(piece.strip())
            continue
        out.extend(s.strip() for s in _segmenter().segment(piece) if s.strip())
    return out


# Words an English sentence does not end on: a paragraph ending on one (or on a comma) is a sentence
# cut mid-way, as scraped pages cut their paragraphs ("…a startup now, which is" / "Let's say…").
_DANGLING = frozenset(
    {"a", "an", "the", "and", "or", "but", "nor", "of", "to", "in", "on", "at", "for", "with", "from", "by",
     "as", "into", "onto", "than", "that", "which", "who", "whose", "is", "are", "was", "were", "be", "been",
     "being", "am", "has", "have", "had", "do", "does", "did", "will", "would", "can", "could", "should",
     "must", "because", "if", "when", "while", "where", "whether", "my", "your", "his", "her", "its", "our",
     "their", "this", "these", "those", "very"}
)  # fmt: skip


def continues_sentence(paragraph: str, following: str) -> bool:
    """True when ``following`` carries on the sentence ``paragraph`` leaves unfinished."""
    if paragraph.endswith(TERMINAL):
        return False
    if following[:1].islower():
        return True
    last = paragraph.rsplit(None, 1)[-1] if paragraph.strip() else ""
    return paragraph.endswith(",") or last.lower() in _DANGLING
