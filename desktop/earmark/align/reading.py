"""The words a reader says for a written line: numbers spelled out, tied to the tokens they come from.

The recogniser's language model and the forced grammar can only expect words they
have a pronunciation for. "In 1465 Sweynheim and Pannartz began" was 2 s late because
"1465" is no word: the engine waited for "sweynheim"... and then "and". Read aloud, it is
"fourteen sixty-five" (a year), "3.5" is "three point five", "21st" "twenty-first",
"20%" "twenty percent", "$5" "five dollars" (``num2words`` says them, English only:
other languages go through espeak-ng, which reads digits in the language itself).

Every spoken word keeps the index of the ``WORD`` match (:mod:`earmark.align.words`) it
was read from, and words are grouped per whitespace token, so word times map back to the
written tokens (a number's words time its one token).
"""

from __future__ import annotations

import re
from functools import lru_cache

WORD = re.compile(r"(?:[^\W_]|')+")  # on lower-cased text: [a-z0-9']+ in English, any letters elsewhere
# A number as written in English text, standing alone (not inside a word such as "mp3").
NUMBER = re.compile(
    r"(?<![^\W\d_])(?P<currency>[$£€])?(?P<whole>\d{1,3}(?:,\d{3})+|\d+)(?:\.(?P<fraction>\d+))?"
    r"(?P<suffix>st|nd|rd|th|'s|s|%)?(?![^\W_])"
)
_CURRENCY = {"$": "dollar", "£": "pound", "€": "euro"}
_DIGITS = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine")
_SPLIT = re.compile(r"[^a-z']+")


def normalised(sentence: str) -> str:
    """Lower case with typographic apostrophes made plain: how words are compared."""
    return sentence.lower().replace("\u2019", "'")


def _words(text: str) -> list[str]:
    return [w for w in _SPLIT.split(text.replace(" and ", " ")) if w]


@lru_cache(maxsize=4096)
def say_number(written: str) -> tuple[str, ...]:
    """How an English reader says one written number ("1465" -> fourteen sixty five); () if not one."""
    from num2words import num2words

    found = NUMBER.fullmatch(written)
    if found is None:
        return ()
    whole = int(found["whole"].replace(",", ""))
    fraction, suffix, currency = found["fraction"], found["suffix"] or "", found["currency"]
    if currency is not None and fraction is not None:  # "$5.50": five dollars fifty
        unit = _CURRENCY[currency] + ("" if whole == 1 else "s")
        return (*_words(num2words(whole)), unit, *_words(num2words(int(fraction))))
    if fraction is not None:
        said = [*_words(num2words(whole)), "point", *(_DIGITS[int(d)] for d in fraction)]
    elif suffix in ("st", "nd", "rd", "th"):
        said = _words(num2words(whole, to="ordinal"))
    elif currency is None and "," not in found["whole"] and len(found["whole"]) == 4 and 1100 <= whole < 2100:
        said = _words(num2words(whole, to="year"))  # a year: "fourteen sixty-five", "twenty twenty-four"
    else:
        said = _words(num2words(whole))
    if suffix in ("s", "'s") and said:  # "the 1990s": nineteen nineties
        last = said[-1]
        said[-1] = last[:-1] + "ies" if last.endswith("y") else last + "s"
    if suffix == "%":
        said.append("percent")
    if currency is not None:
        said.append(_CURRENCY[currency] + ("" if whole == 1 and fraction is None else "s"))
    return tuple(said)


def spoken_tokens(sentence: str, language: str = "en") -> list[list[tuple[str, int]]]:
    """Per whitespace token of ``sentence``, the words a reader says for it, each with the index
    of the ``WORD`` match (in the whole sentence) it was read from.

    English numbers are spelled out (every word of "1465" belongs to the match "1465"; a decimal
    "3.5" is two matches, "3" and "5", and its words go to the first). Other languages keep the
    ``WORD`` matches as they are (espeak-ng pronounces their digits)."""
    english = language.lower().startswith("en")
    out: list[list[tuple[str, int]]] = []
    index = 0
    for token in normalised(sentence).split():
        matches = list(WORD.finditer(token))
        said: list[tuple[str, int]] = []
        numbers = list(NUMBER.finditer(token)) if english else []
        k = 0
        for number in numbers:
            while k < len(matches) and matches[k].end() <= number.start():
                said.append((matches[k].group(), index + k))
                k += 1
            first = k
            while k < len(matches) and matches[k].start() < number.end():
                k += 1
            spelled = say_number(number.group())
            if not spelled or first == k:  # not a number after all: its matches as they are
                said.extend((matches[j].group(), index + j) for j in range(first, k))
            else:
                said.extend((word, index + first) for word in spelled)
        said.extend((matches[j].group(), index + j) for j in range(k, len(matches)))
        out.append(said)
        index += len(matches)
    return out


def spoken_words(sentence: str, language: str = "en") -> list[tuple[str, int]]:
    """The words a reader says for ``sentence`` in order, each with its ``WORD`` match index."""
    return [pair for token in spoken_tokens(sentence, language) for pair in token]
