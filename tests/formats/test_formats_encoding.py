"""Text repair: encodings detected, mojibake fixed, NFC and line endings normalised."""

from __future__ import annotations

import unicodedata

import pytest

from earmark.formats import read_file

SRT = "1\r\n00:00:01,000 --> 00:00:02,000\r\nCafé déjà vu — naïve “quotes”, Grüße.\r\n"
EXPECTED = "Café déjà vu — naïve “quotes”, Grüße."


@pytest.mark.parametrize("codec", ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "cp1252", "mac_roman"])
def test_encodings_are_detected(tmp_path, codec):
    """UTF-8 (with or without BOM), UTF-16 (with BOM or without), cp1252 and Mac Roman all read right."""
    path = tmp_path / "t.srt"
    path.write_bytes(SRT.encode(codec))
    assert read_file(path).segments[0].text == EXPECTED


def test_latin1_is_detected(tmp_path):
    """Latin-1 text (no curly quotes available) reads right."""
    path = tmp_path / "t.txt"
    text = "Ça va très bien, merci. À bientôt, mes amis; la réunion était très intéressante.\n" * 3
    path.write_bytes(("1\n00:00:01,000 --> 00:00:02,000\n" + text).encode("latin-1"))
    assert read_file(path).segments[0].text.startswith("Ça va très bien, merci. À bientôt")


def test_mojibake_lines_are_repaired(tmp_path):
    """UTF-8 once misread as Mac Roman or cp1252 is restored, emoji included."""
    original = "Let’s go 📆 — it’s “fine”."
    windows = "Let’s go 🎉 — it’s café."  # cp1252 has no glyph for the bytes of ” and 📆
    path = tmp_path / "m.srt"
    broken_mac = original.encode("utf-8").decode("mac_roman")
    broken_win = windows.encode("utf-8").decode("cp1252")
    path.write_text(
        f"1\n00:00:01,000 --> 00:00:02,000\n{broken_mac}\n\n2\n00:00:03,000 --> 00:00:04,000\n{broken_win}\n"
    )
    assert [s.text for s in read_file(path).segments] == [original, windows]


def test_nfc_and_line_endings(tmp_path):
    """Decomposed accents become composed (NFC); old Mac CR line endings split lines."""
    path = tmp_path / "cr.srt"
    decomposed = unicodedata.normalize("NFD", "Crème brûlée")
    path.write_bytes(f"1\r00:00:01,000 --> 00:00:02,000\r{decomposed}\r".encode())
    text = read_file(path).segments[0].text
    assert text == "Crème brûlée" and unicodedata.is_normalized("NFC", text)


def test_big5_is_detected(tmp_path):
    """Big5 Chinese is not taken for Latin-1: `道德經`, not `¹D¼w¸g`."""
    path = tmp_path / "big5.srt"
    path.write_bytes("1\n00:00:00,000 --> 00:01:00,000\n道德經\n".encode("big5"))
    assert read_file(path).segments[0].text == "道德經"


def test_nul_in_text_becomes_replacement_character(tmp_path):
    """A NUL inside UTF-8 text is U+FFFD (the WebVTT rule), not a reason to call the file binary."""
    path = tmp_path / "nul.vtt"
    path.write_bytes(b"WEBVTT\n\n00:00.000 --> 00:01.000\nfoo\x00bar\n")
    assert read_file(path).segments[0].text == "foo\ufffdbar"


def test_vertical_tabs_and_form_feeds_are_text(tmp_path):
    """Form feeds and vertical tabs do not make a file binary; FF is WebVTT whitespace, VT is not."""
    path = tmp_path / "ws.vtt"
    body = "".join(f"\f\f00:00:00.000\f-->\f00:00:01.000\n{w}\n\n" for w in ("one", "two", "three"))
    path.write_bytes(("WEBVTT\n\n" + body + "\v\v00:00:00.000\v-->\v00:00:01.000\nbad\n").encode())
    assert [s.text for s in read_file(path).segments] == ["one", "two", "three"]
