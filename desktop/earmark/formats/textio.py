"""Bytes to clean text: encoding detection, mojibake repair, NFC, line endings."""

from __future__ import annotations

import unicodedata
from pathlib import Path

from earmark.core.errors import InputError

MAX_BYTES = 50 * 1024 * 1024  # a transcript over 50 MB is not a transcript


def read_bytes(path: Path) -> bytes:
    try:
        size = path.stat().st_size
    except OSError:
        raise InputError(path, "no such file") from None
    if size > MAX_BYTES:
        raise InputError(path, f"is {size // (1024 * 1024)} MB; transcripts over 50 MB are refused")
    data = path.read_bytes()
    if not data.strip():
        raise InputError(path, "is empty")
    return data


def decode(data: bytes, source: str) -> str:
    """Decode ``data`` to text, NFC-normalised with ``\\n`` line endings."""
    for bom, codec in ((b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16")):
        if data.startswith(bom):
            text = data.decode(codec, errors="replace")
            break
    else:
        if b"\x00" in data[:4096]:
            raise InputError(source, "is a binary file, not text")
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            text = data.decode("cp1252", errors="replace")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return unicodedata.normalize("NFC", text)
