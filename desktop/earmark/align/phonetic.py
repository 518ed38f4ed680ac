"""Pronunciations for any language espeak-ng speaks, in the phones of pocketsphinx's English model.

The recogniser path (:mod:`earmark.align.words`) needs a pronunciation for each word of
the transcript. pocketsphinx ships only an English dictionary, but its acoustic model
knows phones, not English: espeak-ng gives the IPA phonemes of every word in every
language it speaks (``espeak-ng -q --ipa=1 -v LANG``), and each phoneme is mapped here
to the nearest of the model's 39 phones (a German "ü" to UW, a Spanish tap to D, a
French nasal vowel to its oral vowel). With that dictionary and the transcript's own
language model, sentences in any language get word anchors: no English dictionary and
no English language model are involved.

The mapping is coarse on purpose: the anchors only need the right word to win over
the transcript's other words, not a perfect phone string.
"""

from __future__ import annotations

import re
import subprocess
import unicodedata
from collections.abc import Iterable
from functools import lru_cache
from typing import TYPE_CHECKING

from earmark.core.errors import InputError

from .reading import WORD, normalised, token_parts
from .tts import espeak_binary

if TYPE_CHECKING:
    from .words import Lexicon

# Phonemes espeak-ng writes (after stress and length marks are removed) -> pocketsphinx phones.
# Longest keys are tried first, so diphthongs and affricates win over their parts.
_PHONES: dict[str, tuple[str, ...]] = {
    # diphthongs and vowel sequences espeak writes as one phoneme
    "eɪ": ("EY",), "ei": ("EY",), "aɪ": ("AY",), "ai": ("AY",), "ɑɪ": ("AY",), "ɔɪ": ("OY",),
    "oi": ("OY",), "ɔø": ("OY",), "ɔy": ("OY",), "aʊ": ("AW",), "au": ("AW",), "ɑʊ": ("AW",),
    "oʊ": ("OW",), "əʊ": ("OW",), "ou": ("OW",), "ɪə": ("IH", "AH"), "iə": ("IY", "AH"),
    "eə": ("EH", "AH"), "ɛə": ("EH", "AH"), "ʊə": ("UH", "AH"), "uə": ("UW", "AH"),
    "aɪə": ("AY", "AH"), "aʊə": ("AW", "AH"), "ɜː": ("ER",), "ɚ": ("ER",), "ɝ": ("ER",),
    "ɔːɹ": ("AO", "R"), "ɑːɹ": ("AA", "R"),
    # affricates
    "tʃ": ("CH",), "dʒ": ("JH",), "ts": ("T", "S"), "dz": ("D", "Z"), "tɕ": ("CH",), "dʑ": ("JH",),
    "tʂ": ("CH",), "dʐ": ("JH",), "pf": ("P", "F"), "tθ": ("T", "TH"),
    # vowels
    "i": ("IY",), "ɪ": ("IH",), "ᵻ": ("IH",), "ɨ": ("IH",), "y": ("UW",), "ʏ": ("UH",),
    "e": ("EY",), "ɛ": ("EH",), "ø": ("ER",), "œ": ("ER",), "ɵ": ("ER",), "ɘ": ("AH",),
    "ɜ": ("ER",), "ɞ": ("ER",), "æ": ("AE",), "a": ("AA",), "ɐ": ("AH",), "ɑ": ("AA",),
    "ɒ": ("AA",), "ɶ": ("AA",), "ʌ": ("AH",), "ə": ("AH",), "ɔ": ("AO",), "o": ("OW",),
    "ɤ": ("AH",), "ʊ": ("UH",), "u": ("UW",), "ɯ": ("UW",), "ɯ̽": ("UW",),
    # plosives
    "p": ("P",), "b": ("B",), "t": ("T",), "d": ("D",), "ʈ": ("T",), "ɖ": ("D",), "c": ("K",),
    "ɟ": ("G",), "k": ("K",), "g": ("G",), "ɡ": ("G",), "q": ("K",), "ɢ": ("G",),
    # fricatives
    "f": ("F",), "v": ("V",), "θ": ("TH",), "ð": ("DH",), "s": ("S",), "z": ("Z",),
    "ʃ": ("SH",), "ʒ": ("ZH",), "ʂ": ("SH",), "ʐ": ("ZH",), "ɕ": ("SH",), "ʑ": ("ZH",),
    "ç": ("HH",), "ʝ": ("Y",), "x": ("HH",), "ɣ": ("G",), "χ": ("HH",), "ʁ": ("R",),
    "ħ": ("HH",), "ʕ": ("HH",), "h": ("HH",), "ɦ": ("HH",), "ɸ": ("F",), "β": ("B",),
    "ɬ": ("S",), "ɮ": ("L",),
    # nasals, liquids, glides
    "m": ("M",), "ɱ": ("M",), "n": ("N",), "ɳ": ("N",), "ɲ": ("N", "Y"), "ŋ": ("NG",),
    "ɴ": ("NG",), "l": ("L",), "ɫ": ("L",), "ɭ": ("L",), "ʎ": ("L", "Y"), "ʟ": ("L",),
    "r": ("R",), "ɹ": ("R",), "ɻ": ("R",), "ɾ": ("R",), "ɽ": ("D",), "ʀ": ("R",),
    "j": ("Y",), "w": ("W",), "ʍ": ("W",), "ɥ": ("Y",), "ʋ": ("V",), "ɰ": ("W",),
}  # fmt: skip
_LONGEST = max(map(len, _PHONES))
# Phonemes with a second near phone, written as a second pronunciation (issue #13): a tap (Spanish
# "pero", the American "better") sounds like the English model's D as much as its R.
_SECOND: dict[str, tuple[str, ...]] = {"ɾ": ("D",)}
SYNCOPE = True  # the forced pass also gets each word with its inner unstressed schwas dropped (syncopated)
SYNCOPATED = 2  # such forms a word gets at most, beside its VARIANTS
DIALECTS = 1  # other espeak-ng voices of the same language asked too ("en": en-us, "es": es-419)
VARIANTS = 3  # pronunciations a word gets at most
# The forced pass's optional fillers (:data:`earmark.align.forcer.FILLERS`, and ``LEAD_FILLERS``
# before a rescued window's first word: without them the grammar does not parse), as pocketsphinx's own
# dictionary says them: "um"/"hmm" sound much the same in most languages ("ähm", "eh", "euh").
FILLERS: dict[str, tuple[str, ...]] = {"um": ("AH", "M"), "hmm": ("HH", "M"), "er": ("ER",)}
_MARKS = re.compile("[ˈˌːˑ̃̊̆̚ʰʲʷˠˤ̩̯̪̥̬̰̤̝̞̘̙̹̜̟̠̈̽͡‍‌-]")  # stress, length, diacritics, ties


def phones(ipa_word: str, second: bool = False) -> list[str]:
    """pocketsphinx phones for one word of espeak-ng's ``--ipa=1`` output (phonemes split by ``_``);
    ``second``: with the SECOND mapping of the phonemes that have two near phones."""
    table = {**_PHONES, **_SECOND} if second else _PHONES
    out: list[str] = []
    for phoneme in re.split(r"[_ ]+", ipa_word):
        symbols = _MARKS.sub("", phoneme)
        symbols = "".join(c for c in symbols if not unicodedata.combining(c))
        k = 0
        while k < len(symbols):
            for size in range(min(_LONGEST, len(symbols) - k), 0, -1):
                found = table.get(symbols[k : k + size])
                if found is not None:
                    out.extend(found)
                    k += size
                    break
            else:
                k += 1  # a symbol the model has no phone near (a click, a glottal stop): dropped
    return [p for n, p in enumerate(out) if n == 0 or p != out[n - 1] or p in _VOWELS]


_VOWELS = frozenset(
    {"AA", "AE", "AH", "AO", "AW", "AY", "EH", "ER", "EY", "IH", "IY", "OW", "OY", "UH", "UW"}
)


def _espeak_lines(words: list[str], language: str) -> list[str]:
    text = "".join(f"{w}.\n" for w in words)
    result = subprocess.run(
        [espeak_binary(), "-q", "--ipa=1", "-v", language],
        input=text,
        capture_output=True,
        text=True,
        check=False,
    )
    return result.stdout.splitlines() if result.returncode == 0 else []


def pronunciations(words: Iterable[str], language: str) -> dict[str, list[str]]:
    """Phones for each distinct word (words espeak-ng says nothing for are left out).

    One espeak-ng run for all words (one word a line); if its output does not come back
    one line per word, each word is asked alone."""
    distinct = sorted(set(words))
    out = {}
    for word, line in zip(distinct, _lines(distinct, language), strict=True):
        found = phones(line.strip())
        if found:
            out[word] = found
    return out


def dialects(language: str) -> list[str]:
    """Up to DIALECTS other espeak-ng voices of ``language``'s own language ("en" -> en-us, "es" ->
    es-419, "pt" -> pt-br; none for "de"): their own phoneme files, not MBROLA voices."""
    if DIALECTS <= 0:
        return []
    try:
        result = subprocess.run(
            [espeak_binary(), f"--voices={language.split('-')[0]}"],
            capture_output=True,
            text=True,
            check=False,
        )
    except (InputError, OSError):
        return []
    rows = [line.split() for line in result.stdout.splitlines()[1:]]
    rows = [r for r in rows if len(r) >= 5 and not r[4].startswith("mb/")]
    named = [r for r in rows if r[1] == language] or [r for r in rows if f"({language} " in " ".join(r[5:])]
    out: list[str] = []
    seen = {named[0][4]} if named else set()
    for row in rows:
        if row[4] not in seen:
            seen.add(row[4])
            out.append(row[1])
    return out[:DIALECTS]


def syncopated(ipa_word: str) -> str:
    """espeak-ng's ``--ipa=1`` word with every unstressed schwa (a bare ``ə``) dropped that has a
    consonant on both sides and a vowel somewhere before it: the word said fast, as real speakers
    say it ("probably" p_ɹ_ˈɒ_b_ə_b_l_i -> "probly", "different" -> "diffrent", German "-en" -> a
    syllabic n). pocketsphinx gives each phone at least 30 ms, so a full form can be too long for
    the audio a speaker gave it, and the forced window fails: the cold speaker's "I have a cold, so
    this probably sounds..." (0.31 s for "probably") failed on every window and copy through
    espeak-ng's phones and forced to 50 ms with pocketsphinx's own dictionary, which has "probly"."""
    parts = re.split(r"([_ ]+)", ipa_word)
    units = [(k, phones(part)) for k, part in enumerate(parts) if part and not re.fullmatch(r"[_ ]+", part)]
    drop = set()
    for n in range(1, len(units) - 1):
        k = units[n][0]
        before, after = units[n - 1][1], units[n + 1][1]
        vowel_before = any(p in _VOWELS for _, u in units[: n - 1] for p in u)
        if (
            parts[k] == "ə"
            and before
            and after
            and before[-1] not in _VOWELS
            and after[0] not in _VOWELS
            and vowel_before
        ):
            drop.add(k)
    return "".join(part for k, part in enumerate(parts) if k not in drop)


def variants(words: Iterable[str], language: str, syncope: bool = False) -> dict[str, list[list[str]]]:
    """Up to VARIANTS pronunciations per word, the voice's own first: the same words in the
    language's other dialects (:func:`dialects`) and with the SECOND mapping. Real speakers are
    seldom the voice's dialect (American readers heard through British phonemes). ``syncope``
    (the forced pass): up to SYNCOPATED more, the voices' forms said fast (:func:`syncopated`)."""
    distinct = sorted(set(words))
    voices = [language, *dialects(language)]
    lines = {voice: _lines(distinct, voice) for voice in voices}
    out: dict[str, list[list[str]]] = {}
    for n, word in enumerate(distinct):
        found: list[list[str]] = []
        for second in (False, True):
            for voice in voices:
                said = phones(lines[voice][n].strip(), second)
                if said and said not in found:
                    found.append(said)
        found = found[:VARIANTS]
        if syncope and SYNCOPE:
            fast: list[list[str]] = []
            for voice in voices:
                said = phones(syncopated(lines[voice][n].strip()))
                if said and said not in found and said not in fast:
                    fast.append(said)
            found += fast[:SYNCOPATED]
        if found:
            out[word] = found
    return out


def _lines(distinct: list[str], language: str) -> list[str]:
    """espeak-ng's IPA line per word (one run for all; each word alone if the lines do not match)."""
    lines = _espeak_lines(distinct, language)
    if len(lines) != len(distinct):
        lines = [" ".join(_espeak_lines([w], language)) for w in distinct]
    return lines


@lru_cache(maxsize=16)
def speaks(language: str) -> bool:
    """True when espeak-ng has a voice for ``language`` (and so phonemes for its words)."""
    try:
        return bool(_espeak_lines(["a"], language))
    except InputError:  # no espeak-ng at all: no phonemes either
        return False


def heard_by_phones(language: str) -> bool:
    """True when the recogniser hears ``language`` through espeak-ng's phones (every language
    but English with pocketsphinx's own dictionary): the forced pass then reaches further back."""
    from . import words

    return not (language.lower().startswith("en") and words.ENGLISH_DICTIONARY)


def said_words(texts: list[str], language: str) -> list[str]:
    """Every word the texts may be read as: their ``WORD`` matches and each reading of their numbers
    (:func:`earmark.align.reading.token_parts`: English spells "1465" out as "fourteen sixty five",
    "one thousand four hundred ..."). The recogniser and the forced pass ask for those readings' words;
    without a pronunciation for them a number was no word at all, and "In" of "In 1465 Sweynheim..."
    was forced 1.5 s late, right before "Sweynheim" (every long reading, issue #13)."""
    out = [w for t in texts for w in WORD.findall(normalised(t))]
    for text in texts:
        out += [w for parts in token_parts(text, language) for part in parts for r in part.said for w in r]
    return out


def lexicon(words: list[str], language: str, forced: bool = False) -> Lexicon:
    """A recogniser lexicon of the transcript's words, pronounced by espeak-ng for ``language``;
    ``forced``: the forced pass's, with the words' fast forms too (:func:`syncopated`)."""
    from .words import Lexicon

    found = variants(words, language, syncope=forced)
    written = {**{w: [p] for w, p in FILLERS.items()}, **found}  # the forced pass asks for its fillers too

    def write(wanted: list[str], path: str) -> None:
        with open(path, "w", encoding="utf-8") as out:
            for w in sorted(set(wanted)):
                for n, said in enumerate(written.get(w, [])):
                    out.write(f"{w}{f'({n + 1})' if n else ''} {' '.join(said)}\n")

    return Lexicon(frozenset(found), write)
