"""``NAME:`` speaker prefixes, shared by every reader that meets them."""

from __future__ import annotations

import re

_PREFIX = re.compile(r"^((?:[A-Z][\w.'’-]*|Dr\.|Mr\.|Ms\.|Mrs\.)(?:[ ][A-Z0-9][\w.'’-]*){0,3}):[ \t]+(?=\S)")
_NOT_NAMES = frozenset(
    {"Note", "Notes", "Warning", "Update", "Edit", "PS", "P.S", "Q", "A", "Answer", "Question", "Example",
     "Source", "Link", "Date", "Duration", "Tip", "ProTip", "Bonus", "TL;DR", "Http", "Https"}
)  # fmt: skip


def speaker_prefix(text: str) -> re.Match[str] | None:
    """The match of a ``NAME:`` prefix (group 1 the name, ``end()`` where the words start), or None."""
    match = _PREFIX.match(text)
    if not match or len(match.group(1)) > 40 or match.group(1) in _NOT_NAMES:
        return None
    return match


def split_speaker(text: str) -> tuple[str | None, str]:
    """``"Alice Smith: hello"`` -> ``("Alice Smith", "hello")``; otherwise ``(None, text)``."""
    match = speaker_prefix(text)
    return (None, text) if match is None else (match.group(1), text[match.end() :])


class SpeakerNames:
    """``split_speaker`` that remembers the names it has judged: a transcript has a few speakers
    over thousands of lines, so the ``NAME:`` rule runs once a name, not once a line.

    Only the usual ``Name: text`` (one space, then words) takes the remembered answer; anything
    else goes to ``split_speaker`` itself, so the result is always what it gives.
    """

    __slots__ = ("_names",)

    def __init__(self) -> None:
        self._names: dict[str, bool] = {}

    def split(self, text: str) -> tuple[str | None, str]:
        colon = text.find(":")
        after = text[colon + 1 : colon + 3]
        if colon > 0 and len(after) == 2 and after[0] == " " and not after[1].isspace():
            head = text[:colon]
            known = self._names.get(head)
            if known is None:  # the prefix rule stops at the first ":", so the name decides alone
                known = self._names[head] = split_speaker(head + ": x")[0] == head
            return (head, text[colon + 2 :]) if known else (None, text)
        return split_speaker(text)


def looks_like_speaker_prefix(text: str) -> bool:
    """True when a line of plain text would be read back as ``NAME: text``."""
    return split_speaker(text)[0] is not None


_LABEL = re.compile(r"^(?:\[[^\]]*\]|\([^)]*\)|♪.*|-\s.*)$")


def carry_speakers(segments: list, closed: set[int] | frozenset[int] = frozenset()) -> None:
    """Give a line with no speaker the last one named, in place.

    Podcasting 2.0 transcripts name a speaker "when they change" (SRT ``Name:``
    cards, WebVTT ``<v>``), so the lines after keep that speaker. Sound labels
    (``[music]``, ``(laughs)``, ``♪``) and ``- `` dialogue dashes do not take one;
    a segment whose ``id()`` is in ``closed`` (a WebVTT voice ended by ``</v>``)
    passes nobody on, and an unnamed one in ``closed`` takes nobody and ends the carry.
    """
    last = None
    for segment in segments:
        if segment.speaker:
            last = None if id(segment) in closed else segment.speaker
        elif id(segment) in closed:
            last = None  # an explicit change to nobody named (SRT ``>>``)
        elif last is not None and not _LABEL.match(segment.text):
            segment.speaker = last


SPEAKER_CHANGE = ">>"  # broadcast captions' "another speaker starts here" (CEA-608 convention)


def needs_change_mark(text: str, last: str | None) -> bool:
    """True when an unnamed line after ``last``'s must say ``>>``, so no reader carries ``last`` to it."""
    return text.startswith(SPEAKER_CHANGE) or (last is not None and not _LABEL.match(text))
