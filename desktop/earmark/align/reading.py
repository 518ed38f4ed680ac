"""The words a reader says for a written line: numbers spelled out, every usual way, tied to their tokens.

The recogniser's language model and the forced grammar can only expect words they
have a pronunciation for. "In 1465 Sweynheim and Pannartz began" was 2 s late because
"1465" is no word. Read aloud, one number is said several ways: "1500" is "fifteen
hundred" to one reader and "one thousand five hundred" to another (espeak-ng, which
reads the 98-minute case, says the second: spelled only the first way it cost three
starts > 500 ms). So each number gets all its usual readings (:func:`readings`, from
``num2words`` and a few rules: year style, cardinal with and without "and", hundreds,
digit by digit, decimals "point six" / "zero point six", money, ordinals, percent,
times "3:30", ranges "1990-1995"), the most usual first. English only: other
languages go through espeak-ng, which reads digits in the language itself.

The first reading is the one matched against (anchors, the span match); a heard other
reading is rewritten to it (:meth:`Variants.canonical`). The recogniser's language model
and dictionary hold every reading (:func:`variants`), the forced grammar offers them as
alternatives (:func:`token_parts`). Every spoken word keeps the index of the ``WORD``
match it was read from, and words are grouped per whitespace token, so word times map
back to the written tokens (a number's words time its one token).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

WORD = re.compile(r"(?:[^\W_]|')+")  # on lower-cased text: [a-z0-9']+ in English, any letters elsewhere
_ONE = (
    r"(?P<currency>[$£€])?(?P<whole>\d{1,3}(?:,\d{3})+|\d+)(?:\.(?P<fraction>\d+))?"
    r"(?P<suffix>st|nd|rd|th|'s|s|%)?"
)
# A number as written in English text, standing alone (not inside a word such as "mp3").
NUMBER = re.compile(rf"(?<![^\W\d_]){_ONE}(?![^\W_])")
# Several numbers said as one: a time ("3:30") or a range ("1990-1995", "10–20%").
_TIME = re.compile(r"(?P<hour>[01]?\d|2[0-3]):(?P<minute>[0-5]\d)")
_SIDE = r"[$£€]?\d(?:[\d,.]*\d)?"
_RANGE = re.compile(rf"(?P<first>{_SIDE})[-\u2013](?P<second>{_SIDE}(?:st|nd|rd|th|s|%)?)")
EXPRESSION = re.compile(
    r"(?<![^\W\d_])(?:[01]?\d:[0-5]\d|2[0-3]:[0-5]\d"
    rf"|{_SIDE}[-\u2013]{_SIDE}(?:st|nd|rd|th|s|%)?"
    rf"|{_ONE.replace('?P<', '?P<x_')})(?![^\W_])"
)
MOST_READINGS = 12  # alternatives kept per number (the grammar and language model grow with them)
RANGE_READINGS = 18  # ... per range: same-style pairs with three joins, and mixed ones
_CURRENCY = {
    "$": ("dollar", "cent", "cents"),
    "£": ("pound", "penny", "pence"),
    "€": ("euro", "cent", "cents"),
}
_DIGITS = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine")
_SPLIT = re.compile(r"[^a-z']+")
Reading = tuple[str, ...]


def normalised(sentence: str) -> str:
    """Lower case with typographic apostrophes made plain: how words are compared."""
    return sentence.lower().replace("\u2019", "'")


def _words(text: str) -> Reading:
    return tuple(w for w in _SPLIT.split(text) if w)


def _both(text: str) -> list[Reading]:
    """A num2words reading without "and" (US, the more usual) and with it (UK)."""
    spoken = _words(text)
    return _unique([tuple(w for w in spoken if w != "and"), spoken])


def _unique(found: Iterable[Reading]) -> list[Reading]:
    return list(dict.fromkeys(r for r in found if r))


def _cardinal(number: int) -> list[Reading]:
    from num2words import num2words

    return _both(num2words(number))


def _digits(written: str, oh: bool = False) -> Reading:
    return tuple("oh" if oh and d == "0" else _DIGITS[int(d)] for d in written)


def _integer(written: str) -> list[Reading]:
    """Readings of a whole number as written ("1500", "1,000"), the most usual first."""
    from num2words import num2words

    plain = written.replace(",", "")
    number = int(plain)
    cardinal = _cardinal(number)
    if "," in written:
        return cardinal
    if len(plain) > 1 and plain.startswith("0"):  # "007": digit by digit
        return _unique([_digits(plain), _digits(plain, oh=True), *cardinal])
    out: list[Reading] = []
    year = 1000 <= number < 10000 or (100 < number < 1000 and number % 100 != 0)
    if len(plain) == 4 and 1100 <= number < 2100:  # a year first: "fourteen sixty-five", "twenty twenty-four"
        out += _both(num2words(number, to="year"))
    out += cardinal
    if year:
        out += _both(num2words(number, to="year"))  # "one fifty", "two thousand and seven"
    if 1000 < number < 10000 and number % 1000 >= 100:  # "fifteen hundred", "nineteen hundred ninety"
        rest = number % 100
        hundreds = (*_words(num2words(number // 100)), "hundred")
        out += [hundreds + r for r in (_cardinal(rest) if rest else [()])]
        if rest:
            out += [(*hundreds, "and", *_cardinal(rest)[0])]
    if len(plain) >= 3:
        out += [_digits(plain), _digits(plain, oh=True)]  # "one five zero zero", model numbers
    return _unique(out)


def _decimal(whole: str, fraction: str) -> list[Reading]:
    """ "0.6": zero point six / point six / oh point six; "4.0": four point zero / four point oh."""
    heads = _cardinal(int(whole.replace(",", "")))
    if int(whole.replace(",", "")) == 0:
        heads = [("zero",), (), ("oh",)]
    tails = _unique([_digits(fraction), _digits(fraction, oh=True)])
    return _unique((*head, "point", *tail) for head in heads for tail in tails)


def _plural(reading: Reading) -> Reading:
    """ "the 1990s": nineteen nineties."""
    last = reading[-1]
    return (*reading[:-1], last[:-1] + "ies" if last.endswith("y") else last + "s")


def _one(found: re.Match[str]) -> list[Reading]:
    """Readings of one number (a match of ``_ONE``)."""
    from num2words import num2words

    whole, fraction = found["whole"], found["fraction"]
    suffix, currency = found["suffix"] or "", found["currency"]
    number = int(whole.replace(",", ""))
    if suffix in ("st", "nd", "rd", "th") and fraction is None:
        return _both(num2words(number, to="ordinal"))
    base = _integer(whole) if fraction is None else _decimal(whole, fraction)
    if suffix in ("s", "'s"):  # not digit by digit: "one nine nine zeros" is nobody's reading
        base = [_plural(r) for r in base if r[-1] not in (*_DIGITS, "oh")]
    if suffix == "%":
        base = [r for b in base for r in ((*b, "percent"), (*b, "per", "cent"))]
    if currency is None:
        return base
    unit, small, smalls = _CURRENCY[currency]
    units = unit if number == 1 and fraction is None else unit + "s"
    said: list[Reading] = []
    if fraction is not None and len(fraction) == 2:  # "$5.50": five dollars fifty (cents)
        cents = int(fraction)
        head = (*_cardinal(number)[0], unit if number == 1 else unit + "s") if number else ()
        few = _cardinal(cents)[0] if cents else ()
        small_unit = small if cents == 1 else smalls
        if few:
            said += [(*head, *few), (*head, *few, small_unit)]
            said += [(*head, "and", *few, small_unit)] if head else []
        else:
            said.append(head)
    return said + [(*b, units) for b in base] + [(unit, *b) for b in base]  # espeak-ng: "dollar six"


@lru_cache(maxsize=8192)
def readings(written: str) -> tuple[Reading, ...]:
    """Every usual English reading of one written number, time or range, the most usual first
    (at most MOST_READINGS); () if it is none."""
    if _TIME.fullmatch(written):
        found = _TIME.fullmatch(written)
        assert found is not None
        hour, minute = _cardinal(int(found["hour"]))[0], int(found["minute"])
        if minute == 0:
            said = [(*hour, "o'clock"), hour, (*hour, "hundred")]
        elif minute < 10:
            said = [(*hour, "oh", _DIGITS[minute]), (*hour, *_cardinal(minute)[0])]
        else:
            said = [(*hour, *_cardinal(minute)[0])]
        return tuple(said)
    spread = _RANGE.fullmatch(written)
    if spread is not None:
        first, second = readings(spread["first"]), readings(spread["second"])
        if first and second:  # the same style both sides first, then the usual one with the next
            pairs = [(a, b) for a, b in zip(first[:4], second[:4], strict=False)]
            pairs += [(first[0], b) for b in second[1:2]] + [(a, second[0]) for a in first[1:2]]
            joins = (("to",), (), ("dash",))  # espeak-ng says "dash"
            return tuple(_unique((*a, *join, *b) for a, b in pairs for join in joins)[:RANGE_READINGS])
    found = NUMBER.fullmatch(written)
    if found is None:
        return ()
    return tuple(_unique(_one(found))[:MOST_READINGS])


def say_number(written: str) -> Reading:
    """How an English reader most often says one written number ("1465" -> fourteen sixty five)."""
    found = readings(written)
    return found[0] if found else ()


@dataclass(frozen=True, slots=True)
class Part:
    """Words a reader says for one piece of a token: one word, or a number's readings (first: the usual)."""

    said: tuple[Reading, ...]
    index: int  # the WORD match (in the whole sentence) it was read from


def token_parts(sentence: str, language: str = "en") -> list[list[Part]]:
    """Per whitespace token of ``sentence``, its parts: each word, and each number with all its
    readings. English numbers are spelled out (every word of "1465" belongs to the match "1465";
    "3.5" is two matches, "3" and "5", and its words go to the first). Other languages keep the
    ``WORD`` matches as they are (espeak-ng pronounces their digits)."""
    english = language.lower().startswith("en")
    out: list[list[Part]] = []
    index = 0
    for token in normalised(sentence).split():
        matches = list(WORD.finditer(token))
        parts: list[Part] = []
        numbers = list(EXPRESSION.finditer(token)) if english else []
        k = 0
        for number in numbers:
            while k < len(matches) and matches[k].end() <= number.start():
                parts.append(Part(((matches[k].group(),),), index + k))
                k += 1
            first = k
            while k < len(matches) and matches[k].start() < number.end():
                k += 1
            said = readings(number.group())
            if not said or first == k:  # not a number after all: its matches as they are
                parts.extend(Part(((matches[j].group(),),), index + j) for j in range(first, k))
            else:
                parts.append(Part(said, index + first))
        parts.extend(Part(((matches[j].group(),),), index + j) for j in range(k, len(matches)))
        out.append(parts)
        index += len(matches)
    return out


def spoken_tokens(sentence: str, language: str = "en") -> list[list[tuple[str, int]]]:
    """Per whitespace token of ``sentence``, the words a reader most often says for it, each with
    the index of the ``WORD`` match (in the whole sentence) it was read from."""
    return [
        [(word, part.index) for part in parts for word in part.said[0]]
        for parts in token_parts(sentence, language)
    ]


def spoken_words(sentence: str, language: str = "en") -> list[tuple[str, int]]:
    """The words a reader says for ``sentence`` in order, each with its ``WORD`` match index."""
    return [pair for token in spoken_tokens(sentence, language) for pair in token]


Said = tuple[str, float, float]  # a recognised word, its start and end (as :mod:`earmark.align.words`)


@dataclass(frozen=True, slots=True)
class Variants:
    """The readings of a transcript's numbers other than the usual one, for the recogniser."""

    sequences: tuple[Reading, ...] = ()  # each with the text's words either side (language model)
    words: frozenset[str] = frozenset()  # their words (dictionary)
    usual: dict[Reading, Reading] | None = None  # another reading -> the usual one, where unambiguous

    def canonical(self, heard: list[Said]) -> list[Said]:
        """The heard words with each other reading of a number rewritten as the usual one (its time
        shared evenly), so the anchors and the span match, which compare with the text's usual
        words, see "one thousand five hundred" as the text's "fifteen hundred"."""
        if not self.usual:
            return heard
        lengths: dict[str, set[int]] = {}
        for other in self.usual:
            lengths.setdefault(other[0], set()).add(len(other))
        out: list[Said] = []
        i = 0
        while i < len(heard):
            for size in sorted(lengths.get(heard[i][0], ()), reverse=True):
                usual = self.usual.get(tuple(h[0] for h in heard[i : i + size]))
                if usual is not None:
                    start, end = heard[i][1], heard[i + size - 1][2]
                    step = (end - start) / len(usual)
                    out += [
                        (w, round(start + n * step, 3), round(start + (n + 1) * step, 3))
                        for n, w in enumerate(usual)
                    ]
                    i += size
                    break
            else:
                out.append(heard[i])
                i += 1
        return out


def variants(texts: list[str], vocabulary: frozenset[str], language: str = "en") -> Variants:
    """Every other reading of the texts' numbers, for the recogniser's language model (with the
    known words around it, so the bigrams lead into and out of it), its dictionary, and the map back
    to the usual reading. A reading that also occurs in the text's own words ("one five" spelled
    out), or is another number's too, is not mapped back (it could be either)."""
    flat: list[str] = []
    places: list[tuple[int, int, Part]] = []  # where a number's usual words start in flat, how many
    for text in texts:
        for parts in token_parts(text, language):
            for part in parts:
                usual = [w for w in part.said[0] if w in vocabulary]
                if len(part.said) > 1:
                    places.append((len(flat), len(usual), part))
                flat += usual
    if not places:
        return Variants()
    sequences: list[Reading] = []
    usual_of: dict[Reading, set[Reading]] = {}
    for at, size, part in places:
        before = tuple(flat[at - 1 : at])
        after = tuple(flat[at + size : at + size + 1])
        for other in part.said[1:]:
            if all(w in vocabulary for w in other):
                sequences.append((*before, *other, *after))
                if all(w in vocabulary for w in part.said[0]):
                    usual_of.setdefault(other, set()).add(part.said[0])
    sizes = {len(other) for other in usual_of}
    written = {tuple(flat[i : i + n]) for n in sizes for i in range(len(flat) - n + 1)}
    usual = {o: next(iter(u)) for o, u in usual_of.items() if len(u) == 1 and o not in written}
    return Variants(tuple(sequences), frozenset(w for q in sequences for w in q), usual)
