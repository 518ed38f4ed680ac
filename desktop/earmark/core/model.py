"""Plain dataclasses for the domain. Times are seconds (float) here."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import NamedTuple


class SegmentKind(StrEnum):
    """What a transcript line is: spoken words, or something never to be lit as speech."""

    SPEECH = "speech"
    MUSIC = "music"  # ♪ lyric lines: not aligned as speech
    SOUND = "sound"  # [laughter], (applause)
    UNSPOKEN = "unspoken"  # text found not to be in the audio (set by alignment)


class TranscriptKind(StrEnum):
    TIMED = "timed"
    UNTIMED = "untimed"
    NOTES = "notes"  # companion text: show notes, newsletters


LOW_CONFIDENCE = 0.5  # a synced start under this is likely > 500 ms off: the pane and the CLI flag it


@dataclass(slots=True, frozen=True)
class Word:
    """One word of a timed line: when it is said, as the text spells it."""

    text: str
    start: float
    end: float


@dataclass(slots=True)
class Segment:
    """One line of a transcript: a cue, or a sentence of untimed text."""

    text: str
    start: float | None = None
    end: float | None = None
    speaker: str | None = None
    kind: SegmentKind = SegmentKind.SPEECH
    paragraph: int = 0
    confidence: float | None = None  # alignment confidence 0..1, None when not aligned
    locked: bool = False  # start fixed by the user; alignment keeps it as an anchor
    words: list[Word] = field(default_factory=list)  # word times, when sync or the file gave them

    @property
    def timed(self) -> bool:
        return self.start is not None


@dataclass(slots=True)
class Chapter:
    title: str
    start: float | None = None


@dataclass(slots=True)
class Transcript:
    """What a reader makes of a file: lines, plus everything else the file told us."""

    segments: list[Segment]
    format: str  # e.g. "srt", "vtt", "podcast-json", "html", "text", "markdown"
    kind: TranscriptKind
    title: str | None = None
    date: str | None = None  # ISO 8601 date when the file gave one
    notes: str = ""  # text kept out of the spoken lines (chrome, summaries, show notes)
    metadata: dict[str, str] = field(default_factory=dict)
    chapters: list[Chapter] = field(default_factory=list)
    skipped: int = 0  # broken cues left out
    first_bad_line: int | None = None  # 1-based line of the first skipped cue

    @property
    def timed(self) -> bool:
        return any(s.start is not None for s in self.segments)

    @property
    def text(self) -> str:
        return "\n".join(s.text for s in self.segments)


@dataclass(slots=True)
class Episode:
    id: int
    title: str
    audio_path: str
    duration: float | None = None
    published: str | None = None
    notes: str = ""
    podcast_id: int | None = None
    podcast_title: str | None = None
    last_position: float = 0.0
    timed: bool = False
    has_transcript: bool = False
    tags: list[str] = field(default_factory=list)


class EpisodeListing(NamedTuple):
    """What the library list shows of an episode (a plain tuple: 10,000 of them are read at once).

    Has the attributes of :class:`Episode` the list uses, so either can be listed.
    """

    id: int
    title: str
    podcast_title: str | None
    duration: float | None
    transcript: int  # 0: none, 1: untimed, 2: timed
    played: int  # 1 or 0, as SQLite gives it

    @property
    def timed(self) -> bool:
        return self.transcript == 2

    @property
    def has_transcript(self) -> bool:
        return self.transcript > 0


@dataclass(slots=True)
class Highlight:
    id: int
    episode_id: int
    start: float
    end: float
    quote: str
    note: str = ""
    colour: str = "yellow"
    tags: list[str] = field(default_factory=list)
    prefix: str = ""  # a little text before the quote, for re-anchoring
    suffix: str = ""  # a little text after the quote
    orphan: bool = False  # could not re-attach after the transcript changed
    created: str = ""
    updated: str = ""
