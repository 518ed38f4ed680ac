"""Word anchors from a speech recogniser: which sentences were spoken, and about when.

Acoustic DTW cannot tell an ad read from a paragraph that was never spoken:
both are speech. pocketsphinx (its English model ships inside the PyPI wheel)
recognises words with a small language model built from the transcript itself,
which makes it ~6x faster than its general model and accurate on the text's
words; runs of recognised words that match the text in order are anchors. An
ad produces only scattered short words, an unspoken paragraph produces none.
"""

from __future__ import annotations

import itertools
import json
import math
import os
import subprocess
import sys
import tempfile
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import lru_cache
from pathlib import Path

import numpy as np

from earmark.core.errors import InputError
from earmark.core.progress import CancelToken

from . import phonetic
from .listener import RATE, Listener
from .reading import WORD, Variants, normalised, spoken_words
from .reading import variants as variants  # the recogniser's view of the numbers' readings

WORKERS = 2  # recogniser processes (this machine class has two cores)
IN_FLIGHT = 4  # utterances queued per worker (on disk), so one slow utterance leaves no worker idle
UTTERANCE_SECONDS = 40.0  # audio per recogniser utterance (cut at the quietest moment near the end)
SHORTEST_RUN = 4  # recognised words in a row matching the text before they count as an anchor
ENGLISH_DICTIONARY = True  # False: English too gets espeak-ng's phones (the benchmark's "Phones" rows)
Said = tuple[str, float, float]  # a recognised word, its start and end (seconds in the episode)


@dataclass(slots=True)
class Anchor:
    word: int  # index into the text's word list
    time: float  # seconds where the recogniser heard it start
    run: int  # which matching run it belongs to


@dataclass(frozen=True, slots=True)
class Lexicon:
    """The words the recogniser can hear, and how their pronunciations are written for it."""

    vocabulary: frozenset[str]
    write: Callable[[list[str], str], None]  # (words, dictionary path)


def lexicon(texts: list[str], language: str, forced: bool = False) -> Lexicon:
    """English: pocketsphinx's own dictionary, numbers spelled out (:mod:`earmark.align.reading`),
    and espeak-ng's pronunciation for each word it lacks (names: "Sweynheim", "Pannartz"); any
    other language: espeak-ng's phonemes mapped to the English acoustic model's phones
    (:mod:`earmark.align.phonetic`); ``forced``: the forced pass's (other languages: with each word's
    fast forms too, :func:`earmark.align.phonetic.syncopated`)."""
    if language.lower().startswith("en") and ENGLISH_DICTIONARY:
        vocabulary = _vocabulary()
        unknown = {w for t in texts for w, _ in spoken_words(t) if w not in vocabulary}
        extra = _espeak_english(frozenset(unknown)) if unknown else {}
        if not extra:
            return Lexicon(vocabulary, _write_dictionary)

        def write(wanted: list[str], path: str) -> None:
            _write_dictionary(wanted, path)
            with open(path, "a", encoding="utf-8") as out:
                out.writelines(f"{w} {' '.join(extra[w])}\n" for w in sorted(set(wanted)) if w in extra)

        return Lexicon(vocabulary | frozenset(extra), write)
    return phonetic.lexicon(phonetic.said_words(texts, language), language, forced=forced)


@lru_cache(maxsize=8)
def _espeak_english(unknown: frozenset[str]) -> dict[str, list[str]]:
    """Pronunciations of words the English dictionary lacks, from espeak-ng (``en-us``), in the
    acoustic model's phones; words it has no voice for are left out (they share the time around them)."""
    try:
        found = phonetic.pronunciations(sorted(w for w in unknown if any(c.isalpha() for c in w)), "en-us")
    except (InputError, OSError):  # no espeak-ng: the words stay unknown, as before
        return {}
    return {w: p for w, p in found.items() if all(c.isascii() for c in w)}


def listens(language: str) -> bool:
    """True when word anchors can be had for ``language``: pocketsphinx is installed, and
    the language is English or espeak-ng speaks it (every language gets anchors)."""
    if available(language):
        return True
    try:
        import pocketsphinx  # noqa: F401
    except ImportError:
        return False
    return phonetic.speaks(language)


def available(language: str) -> bool:
    """True for English when pocketsphinx is installed: its own dictionary, word times and fit checks
    (other languages are heard through :func:`listens` with espeak-ng's phones)."""
    if not language.lower().startswith("en"):
        return False
    try:
        import pocketsphinx  # noqa: F401
    except ImportError:
        return False
    return True


def _pronunciations() -> str:
    from pocketsphinx import get_model_path

    return os.path.join(get_model_path(), "en-us", "cmudict-en-us.dict")


@lru_cache(maxsize=1)
def _vocabulary() -> frozenset[str]:
    with open(_pronunciations(), encoding="utf-8") as handle:
        return frozenset(line.split(" ", 1)[0] for line in handle if "(" not in line.split(" ", 1)[0])


def _write_dictionary(words: list[str], path: str) -> None:
    """The pronunciations of the transcript's words only: a recogniser loading all 134k
    words holds ~35 MB more, and the language model cannot produce the others anyway."""
    wanted = set(words)
    with open(_pronunciations(), encoding="utf-8") as source, open(path, "w", encoding="utf-8") as out:
        out.writelines(line for line in source if line.split(" ", 1)[0].split("(", 1)[0] in wanted)


def text_words(
    sentences: list[str], vocabulary: frozenset[str] | None = None, language: str = "en"
) -> tuple[list[str], list[int], list[int], list[int]]:
    """The recognisable words of the sentences, the sentence each belongs to, each one's
    token position in its sentence (a ``WORD`` match; unknown words such as names count), and
    tokens per sentence. English numbers are the words a reader says ("1465": fourteen sixty
    five, all at the position of "1465")."""
    vocabulary = _vocabulary() if vocabulary is None else vocabulary
    words, owners, positions, tokens = [], [], [], []
    for index, sentence in enumerate(sentences):
        tokens.append(len(WORD.findall(normalised(sentence))))
        for word, position in spoken_words(sentence, language):
            if word in vocabulary:
                words.append(word)
                owners.append(index)
                positions.append(position)
    return words, owners, positions, tokens


def _write_language_model(words: list[str], path: str, others: Iterable[tuple[str, ...]] = ()) -> None:
    """A bigram ARPA model of the transcript: the recogniser expects the text's words in its order,
    and each number's other readings (``others``: with the words either side) where it stands."""
    unigrams = Counter(words)
    bigrams = Counter(itertools.pairwise(words))
    for other in others:
        unigrams.update(other)
        bigrams.update(itertools.pairwise(other))
    total = sum(unigrams.values())
    with open(path, "w", encoding="utf-8") as out:
        out.write(f"\\data\\\nngram 1={len(unigrams) + 2}\nngram 2={len(bigrams)}\n\n\\1-grams:\n")
        out.write("-99 <s> -0.3\n")
        out.write(f"{math.log10(0.5 / len(unigrams)):.4f} </s> 0\n")
        for word, count in unigrams.items():
            out.write(f"{math.log10(0.5 * count / total):.4f} {word} -0.3\n")
        out.write("\n\\2-grams:\n")
        for (a, b), count in bigrams.items():
            out.write(f"{math.log10(0.5 * count / unigrams[a]):.4f} {a} {b}\n")
        out.write("\n\\end\\\n")


def _utterances(chunks: Iterable[np.ndarray]) -> Iterator[tuple[float, np.ndarray]]:
    """(offset seconds, samples) pieces of ~UTTERANCE_SECONDS, each cut at a quiet 50 ms."""
    buffer = np.zeros(0, np.float32)
    offset = 0.0
    size = int(UTTERANCE_SECONDS * RATE)
    for chunk in chunks:
        buffer = np.concatenate([buffer, chunk.astype(np.float32, copy=False)])
        while len(buffer) >= size:
            search = buffer[size - 10 * RATE : size]
            hop = RATE // 20
            energy = (search[: len(search) // hop * hop].reshape(-1, hop) ** 2).sum(axis=1)
            cut = size - 10 * RATE + int(np.argmin(energy)) * hop + hop // 2
            yield offset, buffer[:cut]
            offset += cut / RATE
            buffer = buffer[cut:]
    if len(buffer) > RATE // 10:
        yield offset, buffer


def recognise(
    chunks: Iterable[np.ndarray],
    words: list[str],
    *,
    duration: float,
    on_piece: Callable[[float], None] | None = None,
    cancel: CancelToken | None = None,
    write_dictionary: Callable[[list[str], str], None] | None = None,
    readings: Variants | None = None,
    near: Callable[[float, float], tuple[int, int]] | None = None,
) -> list[Said]:
    """Recognised (word, start, end seconds) over the stream, with the transcript's own language model
    (and ``write_dictionary``'s pronunciations: a :class:`Lexicon`'s; English by default). With
    ``readings``, a number may be heard said any usual way; it comes back as the text's usual reading.

    pocketsphinx holds the GIL, so episodes longer than two utterances are decoded
    by worker processes (one per core, :mod:`earmark.align.listener`); a few
    utterances in flight bound memory. There, ``near(start, end)`` (seconds) gives the
    range of ``words`` said around each utterance (:mod:`earmark.align.nearby`), and the
    utterance is decoded with a language model of those words alone (and the numbers' readings).
    """
    heard: list[Said] = []
    with tempfile.TemporaryDirectory(prefix="earmark-lm-") as folder:
        model, dictionary = os.path.join(folder, "text.arpa"), os.path.join(folder, "text.dict")
        readings = readings or Variants()
        _write_language_model(words, model, readings.sequences)
        (write_dictionary or _write_dictionary)([*words, *sorted(readings.words)], dictionary)
        pieces = _utterances(chunks)
        if duration <= 2 * UTTERANCE_SECONDS:
            listener = Listener(model, dictionary)
            for offset, samples in pieces:
                if cancel is not None:
                    cancel.check()
                heard.extend(listener.words(offset, _pcm(samples)))
                if on_piece is not None:
                    on_piece(offset + len(samples) / RATE)
            return readings.canonical(heard)
        with _Workers(model, dictionary, Path(folder)) as workers:
            pending: deque[tuple[float, subprocess.Popen]] = deque()
            for offset, samples in pieces:
                if cancel is not None:
                    cancel.check()
                local = None
                lo, hi = near(offset, offset + len(samples) / RATE) if near is not None else (0, len(words))
                if hi - lo < len(words):  # else the episode's model, which the worker holds
                    local = os.path.join(folder, f"near{workers.asked}.arpa")
                    _write_language_model(words[lo:hi] or words, local, readings.sequences)
                pending.append((offset + len(samples) / RATE, workers.ask(offset, _pcm(samples), local)))
                while len(pending) >= IN_FLIGHT * WORKERS:
                    heard.extend(_collect(workers, pending, on_piece))
            while pending:
                heard.extend(_collect(workers, pending, on_piece))
    return readings.canonical(heard)


class _Workers:
    """Worker processes (``python -m MODULE ARGS...``) asked in turn; each answers its requests
    in the order asked, one JSON line per request line."""

    def __init__(
        self, model: str, dictionary: str, folder: Path, module: str = "earmark.align.listener"
    ) -> None:
        package_root = str(Path(__file__).resolve().parents[2])
        path = os.pathsep.join(p for p in (package_root, os.environ.get("PYTHONPATH", "")) if p)
        self._folder = folder
        self._asked = 0
        command = [sys.executable, "-m", module, *(a for a in (model, dictionary) if a)]
        self._processes = [
            subprocess.Popen(
                command,
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                text=True,
                env={**os.environ, "PYTHONPATH": path},
            )
            for _ in range(WORKERS)
        ]

    def __enter__(self) -> _Workers:
        return self

    def __exit__(self, *exc: object) -> None:
        for process in self._processes:
            if exc[0] is not None or process.poll() is not None:
                process.kill()
            try:  # a worker's end of input: it finishes and exits
                if process.stdin is not None:
                    process.stdin.close()
            except BrokenPipeError:
                pass
        for process in self._processes:
            process.wait()

    @property
    def asked(self) -> int:
        return self._asked

    def ask(self, offset: float, pcm: bytes, model: str | None = None) -> subprocess.Popen:
        """Hand one utterance to the next recogniser (with its own language ``model``, if any);
        returns the worker to read its answer from."""
        return self.send(pcm, lambda path: f"{offset!r} {path}" + (f"\t{model}" if model else ""))

    def send(self, pcm: bytes, request: Callable[[str], str]) -> subprocess.Popen:
        """Write ``pcm`` to a file and hand the next worker the line ``request(path)``."""
        process = self._processes[self._asked % len(self._processes)]
        path = self._folder / f"{self._asked}.pcm"
        path.write_bytes(pcm)
        self._asked += 1
        assert process.stdin is not None
        try:
            process.stdin.write(request(str(path)) + "\n")
            process.stdin.flush()
        except BrokenPipeError:
            raise RuntimeError(f"the speech recogniser stopped (exit code {process.wait()})") from None
        return process

    @staticmethod
    def reply(process: subprocess.Popen) -> object:
        """The next JSON answer of one worker."""
        assert process.stdout is not None
        line = process.stdout.readline()
        if not line:
            raise RuntimeError(f"the speech recogniser stopped (exit code {process.wait()})")
        return json.loads(line)

    @staticmethod
    def answer(process: subprocess.Popen) -> list[Said]:
        """The words a recogniser heard in the utterance asked of it."""
        return [(word, start, end) for word, start, end in _Workers.reply(process)]  # type: ignore[attr-defined]


def _pcm(samples: np.ndarray) -> bytes:
    return (np.clip(samples, -1.0, 1.0) * 32767).astype("<i2").tobytes()


def _collect(
    workers: _Workers,
    pending: deque[tuple[float, subprocess.Popen]],
    on_piece: Callable[[float], None] | None,
) -> list[Said]:
    reached, process = pending.popleft()
    found = workers.answer(process)
    if on_piece is not None:
        on_piece(reached)
    return found


def matching_runs(words: list[str], heard: list[Said]) -> list[tuple[int, int, int]]:
    """(text index, heard index, length) of each run of heard words matching the text in order."""
    matcher = SequenceMatcher(None, words, [h[0] for h in heard], autojunk=False)
    return [(block.a, block.b, block.size) for block in matcher.get_matching_blocks() if block.size]


def anchors(words: list[str], heard: list[Said]) -> list[Anchor]:
    """Text words matched, in order, by runs of at least SHORTEST_RUN recognised words."""
    return [
        Anchor(a + k, heard[b + k][1], run)
        for run, (a, b, size) in enumerate(matching_runs(words, heard))
        if size >= SHORTEST_RUN
        for k in range(size)
    ]
