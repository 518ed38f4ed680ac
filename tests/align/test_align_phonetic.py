"""espeak-ng phonemes as pocketsphinx phones: the pronunciations every language but English gets."""

from __future__ import annotations

import difflib
import re

import pytest

from earmark.align import phonetic, words


def test_diphthongs_and_affricates_map_to_single_phones():
    """espeak-ng's "tʃ", "ɜː" and "aɪ" are one phone each of the model, stress and length dropped."""
    assert phonetic.phones("tʃ_ˈɜː_tʃ") == ["CH", "ER", "CH"]
    assert phonetic.phones("t_ˈaɪ_m") == ["T", "AY", "M"]


def test_sounds_english_lacks_map_to_the_nearest_phone():
    """A German "ü", "ch" and a French nasal vowel get a phone near them instead of vanishing."""
    assert phonetic.phones("ˈyː_b_ɜ") == ["UW", "B", "ER"]
    assert phonetic.phones("ˈɪ_ç") == ["IH", "HH"]
    assert phonetic.phones("b_ɔ̃_ʒ_ˈu_ʁ") == ["B", "AO", "ZH", "UW", "R"]


def test_english_words_come_out_close_to_the_english_dictionary():
    """Mapped from espeak-ng's en-us, English words miss at most 10% of the phones pocketsphinx's
    own dictionary gives them (5.4% measured on 400 words of the sample transcript): the mapping
    is sound, so other languages are heard with phones that mean what they say."""
    sample = "the council met on tuesday to decide what to do about the bridge that was painted"
    tokens = sample.split()
    mapped = phonetic.pronunciations(tokens, "en-us")
    dictionary = {}
    with open(words._pronunciations(), encoding="utf-8") as handle:
        for line in handle:
            word, *phones = line.split()
            if word in tokens:
                dictionary[word] = [re.sub(r"\d", "", p) for p in phones]
    missed = total = 0
    for word, truth in dictionary.items():
        blocks = difflib.SequenceMatcher(a=truth, b=mapped[word]).get_matching_blocks()
        missed += len(truth) - sum(b.size for b in blocks)
        total += len(truth)
    assert missed / total <= 0.10, (missed, total)


def test_every_word_of_a_german_sentence_gets_a_pronunciation():
    """Words with letters English lacks ("schön", "Straße") are heard too, keyed as the text writes them."""
    text = "Die Straße ist schön und das Brötchen ist frisch."
    tokens = words.WORD.findall(words.normalised(text))
    lexicon = words.lexicon([text], "de")
    assert set(tokens) <= lexicon.vocabulary
    assert "straße" in tokens and "schön" in tokens


def test_english_keeps_its_own_dictionary():
    """English is heard with pocketsphinx's dictionary unless that is switched off."""
    assert "the" in words.lexicon(["the"], "en").vocabulary
    assert len(words.lexicon(["the"], "en").vocabulary) > 100_000


def test_a_language_espeak_ng_lacks_gets_no_anchors():
    """No voice, no phonemes: such a language is matched by DTW alone."""
    assert not phonetic.speaks("xx-not-a-language")


@pytest.mark.parametrize("language", ["de", "es", "fr"])
def test_other_languages_listen(language):
    """With pocketsphinx installed, German, Spanish and French get word anchors."""
    assert words.listens(language)


def test_a_word_gets_its_dialects_pronunciations_too():
    """English heard through espeak-ng's phones gets British and American pronunciations: "water"
    is W AO T AH in espeak-ng's "en" and has a tap (a D, not an R) in its "en-us" (issue #13)."""
    found = phonetic.variants(["water"], "en")["water"]
    assert found[0] == ["W", "AO", "T", "AH"]
    assert ["W", "AO", "D", "ER"] in found


def test_a_language_with_one_voice_gets_one_pronunciation_a_word():
    """German has one espeak-ng voice, and "schön" no tap: one pronunciation."""
    assert phonetic.dialects("de") == []
    assert len(phonetic.variants(["schön"], "de")["schön"]) == 1


def test_the_dictionary_writes_each_variant_as_its_own_entry(tmp_path):
    """Second pronunciations are written as pocketsphinx's ``word(2)`` entries, after the voice's own."""
    lexicon = phonetic.lexicon(["water"], "en")
    path = tmp_path / "x.dict"
    lexicon.write(["water"], str(path))
    lines = path.read_text(encoding="utf-8").splitlines()
    assert lines[0] == "water W AO T AH"
    assert lines[1].startswith("water(2) ")
