"""Bytes to clean text: encoding detection, mojibake repair, NFC, line endings.

Order matters: a byte-order mark wins; then strict UTF-8; then charset-normalizer,
first among the Western single-byte code pages people actually send us (cp1252,
Latin-1, Mac Roman — unrestricted detection confuses them with Baltic or Greek
pages on short text), then unrestricted. After decoding, mojibake is repaired:
whole lines that are UTF-8 once decoded as Mac Roman / cp1252 / Latin-1 are
re-decoded (ftfy misses four-byte emoji decoded as Mac Roman), then ftfy fixes
what is left.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

from earmark.core.errors import InputError

MAX_BYTES = 20 * 1024 * 1024
"""Refuse files over 20 MB: a 10-hour transcript is under 2 MB; anything bigger is not one."""

_WESTERN = ["cp1252", "mac_roman", "latin_1"]
_MOJIBAKE_CODECS = ("mac_roman", "cp1252", "latin_1")
_CONTROL = re.compile(r"[\x01-\x08\x0e-\x1f\x7f]")  # NUL becomes U+FFFD; tab, VT, FF stay
_WESTERN_MARKS = frozenset("“”‘’–—…«»€£°·¡¿©®™•")
_NON_ASCII = re.compile(r"[^\x00-\x7f]")
_NOT_CONTROL_BYTES = bytes(b for b in range(256) if not (1 <= b <= 8 or 14 <= b <= 31 or b == 127))


def read_bytes(path: Path) -> bytes:
    """The file's bytes, refusing missing, oversized and empty files."""
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise InputError(path, f"is {size / 1048576:.0f} MB; files over 20 MB are refused")
        data = path.read_bytes()
    except IsADirectoryError:
        raise InputError(path, "is a folder, not a file") from None
    except FileNotFoundError:
        raise InputError(path, "no such file") from None
    except OSError as error:
        raise InputError(path, f"cannot be read ({error.strerror or error})") from None
    if not data.strip():
        raise InputError(path, "is empty")
    return data


def _utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 text with no BOM shows NUL in every other byte of ASCII text."""
    sample = data[:4000]
    if len(sample) < 4 or len(sample) % 2:
        return None
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    half = len(sample) // 2
    codec = (
        "utf-16-le"
        if odd > 0.4 * half and even == 0
        else "utf-16-be"
        if even > 0.4 * half and odd == 0
        else None
    )
    if codec is None:
        return None
    try:
        return data.decode(codec)
    except UnicodeDecodeError:
        return None


def _detect(data: bytes, source: str) -> str:
    for bom, codec in (
        (b"\xef\xbb\xbf", "utf-8-sig"),
        (b"\xff\xfe\x00\x00", "utf-32"),
        (b"\x00\x00\xfe\xff", "utf-32"),
        (b"\xff\xfe", "utf-16"),
        (b"\xfe\xff", "utf-16"),
    ):
        if data.startswith(bom):
            return data.decode(codec, errors="replace")
    if b"\x00" in data:
        text = _utf16_without_bom(data)
        if text is not None:
            return text
        try:  # a few NULs in UTF-8 text: each becomes U+FFFD (as the WebVTT parser says), see decode()
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            raise InputError(source, "is a binary file, not text") from None
        if data.count(0) > max(8, len(data) // 10):
            raise InputError(source, "is a binary file, not text")
        return text
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    import charset_normalizer  # only for text that is not UTF-8 (most files are: a faster start)

    best = charset_normalizer.from_bytes(data, cp_isolation=_WESTERN).best()
    if best is None or best.chaos > 0.2 or not _reads_western(str(best)):
        best = charset_normalizer.from_bytes(data).best() or best
    if best is None:
        raise InputError(source, "is not text in any encoding Earmark can recognise")
    return str(best)


def _reads_western(text: str) -> bool:
    """True when a single-byte reading's non-ASCII characters are mostly letters or common marks.

    Big5 read as cp1252 gives ``¹D¼w¸g``: symbols between ASCII letters, which
    Western text seldom has; then the unrestricted detection (CJK codecs) decides.
    """
    others = [c for c in text if ord(c) > 127]
    if not others:
        return True
    fine = sum(1 for c in others if c in _WESTERN_MARKS or unicodedata.category(c).startswith("L"))
    return fine >= 0.6 * len(others)


def _unmojibake_line(line: str) -> str:
    """Undo one round of UTF-8-read-as-single-byte on a line, if that is what happened.

    Only lines that look like mojibake are touched: ftfy's badness score, or U+F8FF
    (Mac Roman's reading of the 0xF0 lead byte of every four-byte emoji).
    """
    from ftfy.badness import badness

    score = badness(line)
    if not score and "\uf8ff" not in line:
        return line
    for codec in _MOJIBAKE_CODECS:
        try:
            fixed = line.encode(codec).decode("utf-8")
        except (UnicodeEncodeError, UnicodeDecodeError):
            continue
        if fixed != line and badness(fixed) <= score:
            return fixed
    return line


def repair(text: str) -> str:
    """Mojibake repair, NFC and ``\\n`` line endings for already-decoded text."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n").replace("\u2029", "\n\n")
    if not text.isascii():
        import ftfy  # ASCII text has nothing to repair: the command starts without it

        text = "\n".join(
            _unmojibake_line(line) if _NON_ASCII.search(line) else line for line in text.split("\n")
        )
        text = ftfy.fix_text(
            text,
            normalization="NFC",
            unescape_html=False,
            fix_line_breaks=False,
            uncurl_quotes=False,  # keep the writer's typography
            fix_character_width=False,  # keep CJK full-width punctuation
        )
    text = text.lstrip("\ufeff")
    return unicodedata.normalize("NFC", text)


def decode(data: bytes, source: str) -> str:
    """Decode ``data`` to clean text, or refuse it as binary."""
    text = _detect(data, source)
    controls = len(_CONTROL.findall(text[:20000]))
    if controls > max(8, len(text[:20000]) // 100):
        raise InputError(source, "is a binary file, not text")
    if not text.isascii() or data.translate(None, _NOT_CONTROL_BYTES):  # any control byte at all
        text = _CONTROL.sub("", text)
    if "\ufffd" in text and text.count("\ufffd") > max(8, len(text) // 50):
        raise InputError(source, "is a binary file, not text")
    text = text.replace("\x00", "\ufffd")
    return repair(text)
