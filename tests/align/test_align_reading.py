"""Written lines as a reader says them: numbers spelled out, words the dictionary lacks pronounced."""

from __future__ import annotations

import numpy as np

from earmark.align import forced, reading, said, words

from .synthcase import RATE, READER, speak


def test_a_year_is_read_as_a_year():
    """ "1465" is "fourteen sixty-five" (the long reading's "In 1465 Sweynheim..." waited 2 s for it)."""
    assert reading.say_number("1465") == ("fourteen", "sixty", "five")
    assert reading.say_number("2024") == ("twenty", "twenty", "four")


def test_ordinals_decimals_percent_money_and_plain_numbers():
    """Each written shape is said the usual way; "and" inside a cardinal is left out (US reading)."""
    assert reading.say_number("21st") == ("twenty", "first")
    assert reading.say_number("3.14") == ("three", "point", "one", "four")
    assert reading.say_number("20%") == ("twenty", "percent")
    assert reading.say_number("$5.50") == ("five", "dollars", "fifty")
    assert reading.say_number("1,000,000") == ("one", "million")
    assert reading.say_number("165") == ("one", "hundred", "sixty", "five")
    assert reading.say_number("1990s") == ("nineteen", "nineties")


def test_spoken_words_keep_the_written_token_and_position_they_came_from():
    """Every word of a number belongs to the number's token and WORD match, so times map back."""
    tokens = reading.spoken_tokens("In 1465 they paid $5.50, mp3 files.")
    assert tokens == [
        [("in", 0)],
        [("fourteen", 1), ("sixty", 1), ("five", 1)],
        [("they", 2)],
        [("paid", 3)],
        [("five", 4), ("dollars", 4), ("fifty", 4)],
        [("mp3", 6)],  # a number inside a word is not spelled out
        [("files", 7)],
    ]


def test_other_languages_keep_their_digits_for_espeak():
    """Outside English the digits stay one word: espeak-ng says them in that language."""
    assert reading.spoken_tokens("Schön 1465", "de") == [[("schön", 0)], [("1465", 1)]]


def test_text_words_spell_numbers_at_the_numbers_position():
    """The recogniser expects "fourteen sixty five" where the text has 1465; positions stay WORD matches."""
    known, _, positions, tokens = words.text_words(["In 1465 they began."])
    assert known == ["in", "fourteen", "sixty", "five", "they", "began"]
    assert positions == [0, 1, 1, 1, 2, 3]
    assert tokens == [4]


def test_words_the_dictionary_lacks_get_espeak_pronunciations(tmp_path):
    """Names are heard too: espeak-ng's phonemes in the model's phones go into the dictionary."""
    lexicon = words.lexicon(["Sweynheim and Pannartz began printing."], "en")
    assert {"sweynheim", "pannartz", "began"} <= lexicon.vocabulary
    path = tmp_path / "text.dict"
    lexicon.write(["sweynheim", "began"], str(path))
    lines = path.read_text(encoding="utf-8").splitlines()
    assert any(line.startswith("began ") for line in lines)
    (sweynheim,) = [line for line in lines if line.startswith("sweynheim ")]
    assert sweynheim.split()[1:3] == ["S", "W"]


def test_a_heard_number_times_its_written_token():
    """The recogniser's "fourteen sixty five" gives the token "1465" its first start and last end."""
    recognised = [("in", 1.0, 1.1), ("fourteen", 1.1, 1.5), ("sixty", 1.5, 1.8), ("five", 1.8, 2.1)]
    recognised += [("they", 2.2, 2.4)]
    times = said.heard_in_span("In 1465 they began.", recognised, 0.5, 3.0)
    assert times[1] == (1.1, 2.1)
    assert times[2] == (2.2, 2.4)


def _read_aloud(spoken: str) -> tuple[np.ndarray, float]:
    speech = speak(spoken, *READER)
    samples = np.concatenate([np.zeros(RATE // 2, np.float32), speech, np.zeros(RATE // 2, np.float32)])
    return samples, len(samples) / RATE


SENTENCE = "In 1465 Sweynheim began printing books."
SAID = "In fourteen sixty-five, Sweynheim began printing books."


def test_the_recogniser_hears_a_spoken_year_and_a_name_it_had_no_word_for():
    """With the numbers spelled and espeak-ng's pronunciation of the name, both are heard."""
    samples, duration = _read_aloud(SAID)
    lexicon = words.lexicon([SENTENCE], "en")
    known, *_ = words.text_words([SENTENCE], lexicon.vocabulary)
    heard = words.recognise([samples], known, duration=duration, write_dictionary=lexicon.write)
    assert [w for w, _, _ in heard] == [
        "in",
        "fourteen",
        "sixty",
        "five",
        "sweynheim",
        "began",
        "printing",
        "books",
    ]


def _forced_alone(sentence: str, said: str, tmp_path):
    """``sentence`` force-aligned alone over espeak-ng reading ``said`` (from 0.5 s to the end)."""
    samples, duration = _read_aloud(said)
    lexicon = words.lexicon([sentence], "en")
    (timed,) = forced.align_sentences(
        lambda lo, hi: samples[int(lo * RATE) : int(hi * RATE)],
        [sentence],
        [0.5],
        [duration],
        [True],
        duration,
        str(tmp_path),
        write_dictionary=lexicon.write,
    )
    return timed


def test_forced_alignment_times_a_spoken_number_as_its_written_token(tmp_path):
    """ "1465" read aloud is forced as its three words: its token spans them, before the name."""
    timed = _forced_alone(SENTENCE, SAID, tmp_path)
    assert timed.forced
    (_, in_end), (year_start, year_end), (name_start, _) = timed.words[:3]
    assert in_end <= year_start + 0.02 and year_end <= name_start + 0.02
    assert year_end - year_start > 0.8  # "fourteen sixty-five", not a 4-letter share of the gap


def test_a_number_gets_every_usual_reading_the_usual_one_first():
    """ "1500" is "fifteen hundred" to one reader and "one thousand five hundred" to another (espeak-ng);
    decimals, money, times, ranges and percentages are said more than one way too."""
    said = {w: [" ".join(r) for r in reading.readings(w)] for w in ("1500", "0.6", "$0.006", "150", "2007")}
    assert said["1500"][:2] == ["fifteen hundred", "one thousand five hundred"]
    assert "one five zero zero" in said["1500"]  # digit by digit (a model number)
    assert said["0.6"][:2] == ["zero point six", "point six"]
    assert said["$0.006"][0] == "zero point zero zero six dollars"
    assert "dollar zero point zero zero six" in said["$0.006"]  # espeak-ng's way
    assert said["150"][:3] == ["one hundred fifty", "one hundred and fifty", "one fifty"]
    assert said["2007"][:2] == ["two thousand seven", "two thousand and seven"]
    assert reading.readings("3:30") == (("three", "thirty"),)
    assert ("three", "o'clock") in reading.readings("3:00")
    assert reading.readings("1990-1995")[0] == ("nineteen", "ninety", "to", "nineteen", "ninety", "five")
    assert ("fifty", "per", "cent") in reading.readings("50%")
    assert ("five", "dollars", "and", "fifty", "cents") in reading.readings("$5.50")
    assert reading.readings("mp3") == ()


def test_a_time_or_a_range_is_one_part_of_its_token():
    """ "3:30" and "1990-1995" are two WORD matches each but one number said: one part, all readings."""
    (time,), (spread,) = reading.token_parts("3:30 1990-1995")
    assert (time.index, time.said[0]) == (0, ("three", "thirty"))
    assert spread.index == 2 and len(spread.said) > 3


def test_another_reading_heard_is_given_back_as_the_usual_one():
    """The recogniser's "one thousand five hundred" comes back as the text's "fifteen hundred",
    its time shared, so the anchors and the span match (which compare the usual words) see it."""
    variants = words.variants(["It took 1500 hours."], words._vocabulary())
    assert ("took", "one", "thousand", "five", "hundred", "hours") in variants.sequences
    heard = [("took", 0.0, 0.3), ("one", 0.3, 0.5), ("thousand", 0.5, 0.9), ("five", 0.9, 1.1)]
    heard += [("hundred", 1.1, 1.5), ("hours", 1.5, 1.9)]
    assert [h[0] for h in variants.canonical(heard)] == ["took", "fifteen", "hundred", "hours"]
    assert variants.canonical(heard)[1:3] == [("fifteen", 0.3, 0.9), ("hundred", 0.9, 1.5)]


def test_a_reading_the_text_also_says_is_left_as_heard():
    """ "point six" is also the end of "zero point six", and "one thousand five hundred" is written
    out in the text: heard, either could be the text's own words, so neither is rewritten."""
    texts = ["It took 1500 hours.", "Or one thousand five hundred, at 0.6 each."]
    variants = words.variants(texts, words._vocabulary())
    heard = [("one", 0.0, 0.2), ("thousand", 0.2, 0.5), ("five", 0.5, 0.7), ("hundred", 0.7, 1.0)]
    heard += [("point", 1.2, 1.4), ("six", 1.4, 1.7)]
    assert variants.canonical(heard) == heard


NUMBER_SENTENCE = "The project took 1500 hours to finish."  # espeak-ng says "one thousand five hundred"


def test_the_recogniser_hears_a_number_said_the_other_way():
    """Read by espeak-ng as "one thousand five hundred", the number is heard and given back as the
    text's usual reading, so it anchors with the words around it."""
    samples, duration = _read_aloud(NUMBER_SENTENCE)
    lexicon = words.lexicon([NUMBER_SENTENCE], "en")
    known, *_ = words.text_words([NUMBER_SENTENCE], lexicon.vocabulary)
    variants = words.variants([NUMBER_SENTENCE], lexicon.vocabulary)
    heard = words.recognise(
        [samples], known, duration=duration, write_dictionary=lexicon.write, readings=variants
    )
    assert [w for w, _, _ in heard] == known


def test_forced_alignment_takes_the_reading_that_was_said(tmp_path):
    """The forced grammar offers every reading of "1500" (JSGF alternatives): said as "one thousand
    five hundred", the window is aligned and the token spans all four words, "hours" after it."""
    timed = _forced_alone(NUMBER_SENTENCE, NUMBER_SENTENCE, tmp_path)
    assert timed.forced
    (_, took_end), (number_start, number_end), (hours_start, _) = timed.words[2:5]
    assert number_end <= hours_start + 0.02
    # right after "took" (with "fifteen hundred" alone, the number began 0.57 s late, on "five")
    assert abs(number_start - took_end) <= 0.1
    assert number_end - number_start > 1.0  # "one thousand five hundred" at 150 words a minute
