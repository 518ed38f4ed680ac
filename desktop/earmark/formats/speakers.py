"""``NAME:`` speaker prefixes, shared by every reader that meets them."""

from __future__ import annotations

import re

_PREFIX = re.compile(r"^((?:[A-Z][\w.'’-]*|Dr\.|Mr\.|Ms\.|Mrs\.)(?:[ ][A-Z0-9][\w.'’-]*){0,3}):[ \t]+(?=\S)")
_NOT_NAMES = frozenset(
    {"Note", "Notes", "Warning", "Update", "Edit", "PS", "P.S", "Q", "A", "Answer", "Question", "Example",
     "Source", "Link", "Date", "Duration", "Tip", "ProTip", "Bonus", "TL;DR", "Http", "Https"}
)  # fmt: skip


def split_speaker(text: str) -> tuple[str | None, str]:
    """``"Alice Smith: hello"`` -> ``("Alice Smith", "hello")``; otherwise ``(None, text)``."""
    match = _PREFIX.match(text)
    if not match or len(match.group(1)) > 40 or match.group(1) in _NOT_NAMES:
        return None, text
    return match.group(1), text[match.end() :]


def looks_like_speaker_prefix(text: str) -> bool:
    """True when a line of plain text would be read back as ``NAME: text``."""
    return split_speaker(text)[0] is not None
