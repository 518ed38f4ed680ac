"""Numbers on the Phones path: the words a number is read as get pronunciations too (issue #13)."""

from __future__ import annotations

import pytest

from earmark.align import align_segments, phonetic, words

from . import realcase


def test_an_english_number_gets_the_words_of_its_readings():
    """On the phones path, English "1465" is pronounced as the words a reader says for it
    ("fourteen sixty five", "one thousand four hundred ..."), not only as espeak-ng's one reading."""
    found = set(phonetic.said_words(["In 1465 Sweynheim began."], "en"))
    assert {"fourteen", "sixty", "five", "thousand"} <= found
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(words, "ENGLISH_DICTIONARY", False)
        vocabulary = words.lexicon(["In 1465 Sweynheim began."], "en").vocabulary
    assert {"fourteen", "sixty", "five", "sweynheim"} <= vocabulary


def test_other_languages_keep_a_number_as_one_word():
    """German digits stay one word, pronounced by espeak-ng in German (no English readings)."""
    assert set(phonetic.said_words(["Im Jahr 1465 begann es."], "de")) == {
        "im",
        "jahr",
        "1465",
        "begann",
        "es",
    }


@pytest.mark.skipif(
    not realcase.available(), reason=f"real speech not found at {realcase.REAL} (../shared/real_speech)"
)
def test_a_year_read_aloud_starts_its_sentence_on_time(tmp_path):
    """LJ Speech's "In 1465 Sweynheim and Pannartz began..." heard through espeak-ng's phones (the
    English dictionary off) starts within 300 ms of the reader: before, "1465" had no pronunciation
    the reader's "fourteen sixty-five" matched, and "In" was forced 1.5 s late, right before
    "Sweynheim" (every long reading, seeds 1-8)."""
    case = realcase.printing(tmp_path, 1)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(words, "ENGLISH_DICTIONARY", False)
        patch.setattr(words, "available", lambda language: False)
        aligned = align_segments(case.audio, case.segments)
    k = next(i for i, s in enumerate(case.segments) if s.text.startswith("In 1465"))
    assert aligned[k].start is not None
    assert abs(aligned[k].start - case.truth[k]) <= 0.3, (aligned[k].start, case.truth[k])
