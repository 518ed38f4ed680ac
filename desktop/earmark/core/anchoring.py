"""Where a quoted passage lies in a list of transcript lines: exact, then approximate.

A highlight remembers its quote and a little text before and after it. When the
transcript is replaced (words fixed, lines split or merged) or re-synced, this
finds the passage again so the highlight keeps its note. Pure stdlib (difflib),
no Qt, no SQL: :func:`locate` is all the service needs.
"""

from __future__ import annotations

import difflib
import re
from collections import Counter
from dataclasses import dataclass

CONTEXT_CHARS = 40
"""How much text before and after a quote a highlight keeps for re-anchoring."""

MIN_APPROXIMATE = 0.6
"""Below this word-level similarity a passage is not the same passage: the highlight becomes an orphan."""

_WORD = re.compile(r"\w+")


@dataclass(frozen=True, slots=True)
class Span:
    """A passage: from ``char_start`` in line ``first`` to ``char_end`` (exclusive) in line ``last``."""

    first: int
    last: int
    char_start: int
    char_end: int
    score: float = 1.0  # 1.0 for an exact match

    @property
    def exact(self) -> bool:
        return self.score >= 1.0


class TextMap:
    """The lines joined into one lower-cased, whitespace-collapsed string, mapped back to (line, char)."""

    def __init__(self, lines: list[str]) -> None:
        self.lines = lines
        chars: list[str] = []
        where: list[tuple[int, int]] = []
        for index, line in enumerate(lines):
            if chars and chars[-1] != " ":
                chars.append(" ")
                where.append((index - 1, len(lines[index - 1])))
            for offset, char in enumerate(line):
                if char.isspace():
                    if chars and chars[-1] != " ":
                        chars.append(" ")
                        where.append((index, offset))
                    continue
                lowered = char.lower()
                chars.append(lowered if len(lowered) == 1 else char)
                where.append((index, offset))
        self.text = "".join(chars)
        self.where = where
        self.words = [(m.group(), m.start(), m.end()) for m in _WORD.finditer(self.text)]

    def span(self, start: int, end: int, score: float) -> Span:
        """The lines and offsets covering ``text[start:end]``, snapped to whole lines when only
        punctuation or spaces would be left out."""
        while start < end and self.text[start] == " ":
            start += 1
        while end > start and self.text[end - 1] == " ":
            end -= 1
        first, char_start = self.where[start]
        last, last_char = self.where[end - 1]
        char_end = last_char + 1
        if not _has_word(self.lines[first][:char_start]):
            char_start = 0
        if not _has_word(self.lines[last][char_end:]):
            char_end = len(self.lines[last])
        return Span(first, last, char_start, char_end, score)


def normalise(text: str) -> str:
    """Lower case with whitespace collapsed: the form passages are compared in."""
    return " ".join("".join(c.lower() if len(c.lower()) == 1 else c for c in text).split())


def _has_word(text: str) -> bool:
    return _WORD.search(text) is not None


def quote_of(lines: list[str], span: Span) -> str:
    """The transcript text a span covers, lines joined by a space."""
    if span.first == span.last:
        return lines[span.first][span.char_start : span.char_end].strip()
    parts = [lines[span.first][span.char_start :]]
    parts += lines[span.first + 1 : span.last]
    parts.append(lines[span.last][: span.char_end])
    return " ".join(p.strip() for p in parts if p.strip())


def context_of(lines: list[str], span: Span, size: int = CONTEXT_CHARS) -> tuple[str, str]:
    """Up to ``size`` characters of text before and after a span (whitespace collapsed)."""
    before = " ".join([*lines[max(0, span.first - 3) : span.first], lines[span.first][: span.char_start]])
    after = " ".join([lines[span.last][span.char_end :], *lines[span.last + 1 : span.last + 4]])
    before, after = " ".join(before.split()), " ".join(after.split())
    return before[-size:].strip(), after[:size].strip()


def _similarity(a: str, b: str) -> float:
    if not a and not b:
        return 1.0
    if not a or not b:
        return 0.0
    return difflib.SequenceMatcher(None, a, b, autojunk=False).ratio()


def _context_score(text: str, start: int, end: int, prefix: str, suffix: str) -> float:
    """How well the text around ``text[start:end]`` matches the remembered context (0..1)."""
    prefix, suffix = normalise(prefix), normalise(suffix)
    before = text[max(0, start - len(prefix) - 1) : start].strip()[-len(prefix) :] if prefix else ""
    after = text[end : end + len(suffix) + 1].strip()[: len(suffix)] if suffix else ""
    return (_similarity(before, prefix) + _similarity(after, suffix)) / 2


def _time_penalty(starts: list[float | None], line: int, near: float | None) -> float:
    """A small nudge towards the old time, to choose between equally good places."""
    if near is None or starts[line] is None:
        return 0.0
    return min(abs(starts[line] - near), 600.0) / 6000.0  # type: ignore[operator]


def locate(
    lines: list[str],
    quote: str,
    prefix: str = "",
    suffix: str = "",
    near: float | None = None,
    starts: list[float | None] | None = None,
    text_map: TextMap | None = None,
) -> Span | None:
    """Find ``quote`` in ``lines``; ``None`` when nothing is similar enough.

    Exact occurrences win (the remembered context, then closeness to ``near``
    seconds, choose between several); otherwise the most similar run of words.
    Pass ``text_map`` to reuse one map for many quotes over the same lines.
    """
    mapped = text_map or TextMap(lines)
    times = starts if starts is not None else [None] * len(lines)
    needle = normalise(quote)
    if not needle or not mapped.text:
        return None
    best: tuple[float, int, int] | None = None
    found = mapped.text.find(needle)
    while found != -1:
        end = found + len(needle)
        score = _context_score(mapped.text, found, end, prefix, suffix)
        score -= _time_penalty(times, mapped.where[found][0], near)
        if best is None or score > best[0]:
            best = (score, found, end)
        found = mapped.text.find(needle, found + 1)
    if best is not None:
        return mapped.span(best[1], best[2], 1.0)
    return _approximate(mapped, needle, prefix, suffix, near, times)


def _approximate(
    mapped: TextMap, needle: str, prefix: str, suffix: str, near: float | None, times: list[float | None]
) -> Span | None:
    """The run of words most like the quote's words, if similar enough.

    Candidates come from word overlap; each is scored by character similarity
    of the words (so "sistem" still counts as "system").
    """
    wanted = [m.group() for m in _WORD.finditer(needle)]
    words = [w for w, _, _ in mapped.words]
    joined = " ".join(wanted)
    size = len(wanted)
    if not size or not words:
        return None
    candidates = _candidate_starts(words, wanted)
    best: tuple[float, float, int, int] | None = None  # (score, similarity, first word, last word)
    for start in candidates:
        for first in range(max(0, start - 2), min(len(words), start + 3)):
            for length in range(max(1, size - 3), size + 4):
                last = min(len(words), first + length) - 1
                similarity = _similarity(joined, " ".join(words[first : last + 1]))
                if similarity < MIN_APPROXIMATE:
                    continue
                begin, end = mapped.words[first][1], mapped.words[last][2]
                # Context weighs half: where a replaced word ends the quote, the remembered
                # suffix is what says the new word belongs inside it.
                score = similarity + 0.5 * _context_score(mapped.text, begin, end, prefix, suffix)
                score -= _time_penalty(times, mapped.where[begin][0], near)
                if best is None or score > best[0]:
                    best = (score, similarity, first, last)
    if best is None:
        return None
    _, similarity, first, last = best
    return mapped.span(mapped.words[first][1], mapped.words[last][2], min(similarity, 0.999))


def _candidate_starts(words: list[str], wanted: list[str], keep: int = 8) -> list[int]:
    """Window starts whose bag of words overlaps the quote's most (a cheap first pass)."""
    need = Counter(wanted)
    size = len(wanted)
    have: Counter[str] = Counter()
    overlap = 0
    scored: list[tuple[int, int]] = []
    for index, word in enumerate(words):
        have[word] += 1
        if have[word] <= need[word]:
            overlap += 1
        if index >= size:
            old = words[index - size]
            if have[old] <= need[old]:
                overlap -= 1
            have[old] -= 1
        start = max(0, index - size + 1)
        if overlap * 2 >= size:
            scored.append((overlap, start))
    scored.sort(key=lambda item: -item[0])
    seen: list[int] = []
    for _, start in scored:
        if all(abs(start - s) > 2 for s in seen):
            seen.append(start)
        if len(seen) >= keep:
            break
    return seen
