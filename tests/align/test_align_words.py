"""Recogniser word anchors: only runs of words that match the text in order count."""

from __future__ import annotations

from pathlib import Path

import pytest

from earmark.align import words
from earmark.align.listener import Listener

from .synthcase import READER, SHORT_TEXT, speak


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


def _model(tmp_path, sentences: list[str]) -> tuple[str, str]:
    known, *_ = words.text_words(sentences)
    model, dictionary = tmp_path / "text.arpa", tmp_path / "text.dict"
    words._write_language_model(known, str(model))
    words._write_dictionary(known, str(dictionary))
    return str(model), str(dictionary)


def test_the_dictionary_holds_the_texts_words_with_all_their_pronunciations(tmp_path):
    """Only the transcript's words are loaded (a worker holds ~35 MB less), every variant kept."""
    _, dictionary = _model(tmp_path, ["Read the record, then record the read."])
    lines = Path(dictionary).read_text(encoding="utf-8").splitlines()
    heads = [line.split(" ", 1)[0] for line in lines]
    assert {head.split("(", 1)[0] for head in heads} == {"read", "the", "record", "then"}
    assert "record(2)" in heads and "the(2)" in heads


def test_worker_processes_answer_as_the_recogniser_in_this_process_does(tmp_path):
    """Utterances handed to the worker processes come back in the order asked, word for word."""
    sentences = [sentence for paragraph in SHORT_TEXT for sentence in paragraph][:4]
    model = _model(tmp_path, sentences)
    pcm = [words._pcm(speak(sentence, *READER)) for sentence in sentences]
    here = [Listener(*model) for _ in range(words.WORKERS)]  # each worker adapts to what it has heard
    expected = [here[k % words.WORKERS].words(10.0 * k, clip) for k, clip in enumerate(pcm)]
    with words._Workers(*model, tmp_path) as workers:
        asked = [workers.ask(10.0 * k, clip) for k, clip in enumerate(pcm)]
        answers = [workers.answer(process) for process in asked]
    assert answers == expected
    assert all(len(answer) >= 5 for answer in answers)
    assert not list(tmp_path.glob("*.pcm"))  # each utterance's file is gone once read


def test_a_worker_that_stops_is_a_clear_error(tmp_path):
    """A recogniser process that dies (killed, out of memory) fails the sync with a plain message."""
    model = _model(tmp_path, ["Hello there, how are you today?"])
    with words._Workers(*model, tmp_path) as workers:
        first = workers.ask(0.0, bytes(3200))
        first.kill()
        first.wait()
        with pytest.raises(RuntimeError, match="speech recogniser stopped"):
            workers.answer(first)
            workers.ask(1.0, bytes(3200))
            workers.ask(2.0, bytes(3200))  # the first worker's turn again: its pipe is closed
