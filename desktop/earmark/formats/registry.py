"""Shape detection and the one entry point every importer calls."""

from __future__ import annotations

import gc
import re
from collections.abc import Callable
from functools import partial
from pathlib import Path

from earmark.core.errors import InputError
from earmark.core.model import Transcript, TranscriptKind
from earmark.formats import cues
from earmark.formats.detect import detect_format
from earmark.formats.notes import read_notes
from earmark.formats.podcast_json import read_podcast_json
from earmark.formats.stamped import read_stamped
from earmark.formats.textio import MAX_BYTES, decode, read_bytes, repair
from earmark.formats.untimed import read_untimed

Reader = Callable[[str, str], Transcript]
MIN_WORDS = 4
# Han (with extensions and compatibility forms), hiragana and katakana: scripts written without spaces
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002fa1f]")
UNSTRUCTURED = ("text", "notes", "markdown")


def read_html(text: str, source: str) -> Transcript:
    """HTML transcripts; BeautifulSoup is imported only when one is read (``earmark check`` on
    an SRT file stays quick)."""
    from earmark.formats.htmlpage import read_html as read

    return read(text, source)


READERS: dict[str, Reader] = {
    "srt": cues.read_srt,
    "vtt": cues.read_vtt,
    "podcast-json": read_podcast_json,
    "html": read_html,
    "timestamped": read_stamped,
    "text": read_untimed,
    "markdown": partial(read_notes, fmt="markdown"),
    "notes": partial(read_notes, fmt="notes"),
}
ALIASES = {"json": "podcast-json", "webvtt": "vtt", "txt": "text", "md": "markdown", "htm": "html"}

__all__ = ["READERS", "detect_format", "read_bytes", "read_file", "read_text"]


def read_text(text: str, source: str, fmt: str | None = None) -> Transcript:
    """Parse ``text`` (repaired first); ``source`` names it in errors; ``fmt`` forces a shape."""
    if len(text) > MAX_BYTES:
        raise InputError(source, "is over 20 MB of text; files that large are refused")
    return _parse(repair(text), source, fmt)


def _parse(text: str, source: str, fmt: str | None, named_vtt: bool = False) -> Transcript:
    if fmt is not None:
        shape = ALIASES.get(fmt, fmt)
        if shape not in READERS:
            raise InputError(source, f"unknown format {fmt!r}")
    else:
        try:
            shape = detect_format(text)
        except ValueError:
            raise InputError(source, "is empty") from None
        if named_vtt and shape == "srt":
            # Cues in a file that says it is WebVTT but lacks the signature: a broken WebVTT file,
            # which the spec (file parsing, steps 2-4) and every browser refuse. The name never
            # picks a shape; the same cues named .srt/.txt, or with no name, are read.
            raise InputError(source, "is not WebVTT: a .vtt file's first line must be WEBVTT")
    collecting = gc.isenabled()
    gc.disable()  # a reader makes thousands of small acyclic objects: the cycle collector only slows it
    try:
        transcript = READERS[shape](text, source)
    except InputError:
        raise
    except RecursionError:
        raise InputError(source, "is nested too deeply to read") from None
    finally:
        if collecting:
            gc.enable()
    if not transcript.segments and not transcript.notes:
        raise InputError(source, "has no readable text")
    if _unstructured(transcript) and _words(transcript) < MIN_WORDS:
        # "1", "some text", "garbage vtt file", <p>Loading</p>: a broken file or a stub page, not
        # a transcript or notes (JSON, and HTML with <time> stamps, are transcripts by structure)
        raise InputError(source, f"is too short to be a transcript or notes (under {MIN_WORDS} words)")
    return transcript


def _unstructured(transcript: Transcript) -> bool:
    """Text with no cue structure: plain text, notes, and HTML read as paragraphs or a page."""
    if transcript.format == "html":
        return transcript.kind is not TranscriptKind.TIMED
    return transcript.format in UNSTRUCTURED


def _words(transcript: Transcript) -> int:
    return max(word_count(transcript.text), word_count(transcript.notes))


def word_count(text: str) -> int:
    """Words as a reader counts them: Chinese and Japanese are written without spaces, so each of
    their characters counts as one (``大家好，欢迎收听本期节目。`` is not one word)."""
    words = len(text.split())
    if words >= MIN_WORDS:
        return words  # the usual case: no need to look for CJK characters
    cjk = len(_CJK.findall(text))
    return len(_CJK.sub("", text).split()) + cjk if cjk else words  # "手机iPhone": 3


def read_file(path: Path, fmt: str | None = None) -> Transcript:
    """Read and parse the file at ``path``: shape detected from the content (``fmt`` forces one).

    The name picks no shape, but a ``.vtt`` name is checked: cues there without ``WEBVTT`` are refused.
    """
    path = Path(path)
    named_vtt = path.suffix.lower() == ".vtt"
    return _parse(decode(read_bytes(path), path.name), path.name, fmt, named_vtt)  # decode() already repaired
