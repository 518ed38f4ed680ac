"""Exports: SRT, WebVTT, Podcasting 2.0 JSON, plain text, text with timestamps, Markdown.

Lines alignment found "not in audio" (``SegmentKind.UNSPOKEN``) are left out of the timed
formats (SRT, WebVTT, JSON): a player would show them at a time nobody says them. The text
formats keep them, marked.
"""

from __future__ import annotations

import json

from earmark.core.model import Segment, SegmentKind, Transcript
from earmark.core.timecode import format_clock
from earmark.formats.speakers import SPEAKER_CHANGE, needs_change_mark

EXPORT_FORMATS = ("json", "srt", "vtt", "txt", "md")
UNSPOKEN_MARK = "(not in audio)"


def heard(transcript: Transcript) -> list[Segment]:
    """The timed lines that are really in the audio (what timed formats carry)."""
    return [s for s in transcript.segments if s.start is not None and s.kind != SegmentKind.UNSPOKEN]


def _cue_times(segment: Segment, sep: str) -> str:
    start = segment.start or 0.0
    end = segment.end if segment.end is not None else start
    return f"{format_clock(start, millis=True, sep=sep)} --> {format_clock(end, millis=True, sep=sep)}"


def to_podcast_json(transcript: Transcript) -> dict:
    """Podcasting 2.0 transcript JSON; untimed segments have no times."""
    segments = []
    for s in transcript.segments:
        if s.kind == SegmentKind.UNSPOKEN:
            continue
        item: dict = {"speaker": s.speaker or "", "body": s.text}
        if s.start is not None:
            item["startTime"] = round(s.start, 3)
            item["endTime"] = round(s.end if s.end is not None else s.start, 3)
        if s.words:
            item["words"] = [
                {"startTime": round(w.start, 3), "endTime": round(w.end, 3), "body": w.text} for w in s.words
            ]
        segments.append(item)
    return {"version": "1.0.0", "segments": segments}


def write_srt(transcript: Transcript) -> str:
    timed = heard(transcript)
    blocks, last = [], None
    for number, s in enumerate(timed, 1):
        if s.speaker:
            text, last = f"{s.speaker}: {s.text}", s.speaker
        elif needs_change_mark(s.text, last):  # else a reader carries the last speaker to this line
            text, last = f"{SPEAKER_CHANGE} {s.text}", None
        else:
            text = s.text
        blocks.append(f"{number}\n{_cue_times(s, ',')}\n{text}\n")
    return "\n".join(blocks)


def _vtt_escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _vtt_words(segment: Segment) -> str:
    """Cue text with a WebVTT timestamp tag before each word after the first (karaoke style)."""
    parts = []
    for index, word in enumerate(segment.words):
        stamp = "" if index == 0 else f"<{format_clock(word.start, millis=True)}>"
        parts.append(stamp + _vtt_escape(word.text))
    return " ".join(parts)


def write_vtt(transcript: Transcript) -> str:
    blocks = ["WEBVTT\n"]
    for s in heard(transcript):
        body = _vtt_escape(s.text) if not s.words else _vtt_words(s)
        text = f"<v {s.speaker}>{body}</v>" if s.speaker else body
        blocks.append(f"{_cue_times(s, '.')}\n{text}\n")
    return "\n".join(blocks)


def write_txt(transcript: Transcript) -> str:
    lines, paragraph = [], None
    for s in transcript.segments:
        if paragraph is not None and s.paragraph != paragraph:
            lines.append("")
        paragraph = s.paragraph
        lines.append(f"{s.speaker}: {s.text}" if s.speaker else s.text)
    return "\n".join(lines) + "\n"


def write_stamped_txt(transcript: Transcript) -> str:
    """Text with a ``[h:mm:ss]`` stamp per timed line; lines not in the audio kept, marked, unstamped."""
    lines, paragraph = [], None
    for s in transcript.segments:
        if paragraph is not None and s.paragraph != paragraph:
            lines.append("")
        paragraph = s.paragraph
        unspoken = s.kind == SegmentKind.UNSPOKEN
        stamp = f"[{format_clock(s.start, millis=False)}] " if s.start is not None and not unspoken else ""
        who = f"{s.speaker}: " if s.speaker else ""
        lines.append(f"{stamp}{who}{s.text}" + (f" {UNSPOKEN_MARK}" if unspoken else ""))
    return "\n".join(lines) + "\n"


def write_md(transcript: Transcript) -> str:
    """Markdown; timed lines start ``[h:mm:ss]`` so Earmark reads the file back as timestamped text."""
    lines = [f"# {transcript.title}\n"] if transcript.title else []
    for s in transcript.segments:
        stamp = f"[{format_clock(s.start, millis=True)}] " if s.start is not None else ""
        who = f"**{s.speaker}:** " if s.speaker else ""
        lines.append(f"{stamp}{who}{s.text}\n")
    return "\n".join(lines)


def write_transcript(transcript: Transcript, fmt: str) -> str:
    """Render ``transcript`` as ``fmt`` (one of :data:`EXPORT_FORMATS`)."""
    if fmt == "json":
        return json.dumps(to_podcast_json(transcript), ensure_ascii=False, indent=2) + "\n"
    writer = {"srt": write_srt, "vtt": write_vtt, "txt": write_txt, "md": write_md}[fmt]
    return writer(transcript)
