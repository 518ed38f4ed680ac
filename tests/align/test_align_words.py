"""Recogniser word anchors: only runs of words that match the text in order count."""

from __future__ import annotations

from earmark.align import words


def test_a_run_of_matching_words_anchors_and_scattered_words_do_not():
    """Four text words heard in order become anchors; single words heard in an ad do not."""
    text = ["the", "city", "council", "met", "on", "tuesday", "to", "decide", "what", "to", "do"]
    heard = [("the", 1.0), ("old", 1.2), ("council", 1.5), ("city", 3.0), ("council", 3.2), ("met", 3.6)]
    heard += [("on", 3.8), ("tuesday", 4.0)]
    found = words.anchors(text, heard)
    assert [(text[a.word], a.time) for a in found] == [
        ("city", 3.0),
        ("council", 3.2),
        ("met", 3.6),
        ("on", 3.8),
        ("tuesday", 4.0),
    ]


def test_text_words_keep_token_positions_of_unknown_words():
    """Words the dictionary lacks still count as positions, so a start can be guessed before them."""
    known, owners, positions, tokens = words.text_words(["Zqxv Blorptastic said hello.", "Bye now."])
    assert known == ["said", "hello", "bye", "now"]
    assert owners == [0, 0, 1, 1]
    assert positions == [2, 3, 0, 1]
    assert tokens == [4, 2]


def test_recogniser_is_for_english_only():
    """Other languages fall back to DTW alone (the wheel ships an English model only)."""
    assert words.available("en")
    assert not words.available("fr")
