"""Word anchors from a speech recogniser (English only): which sentences were spoken, and about when.

Acoustic DTW cannot tell an ad read from a paragraph that was never spoken:
both are speech. pocketsphinx (its English model ships inside the PyPI wheel)
recognises words with a small language model built from the transcript itself,
which makes it ~6x faster than its general model and accurate on the text's
words; runs of recognised words that match the text in order are anchors. An
ad produces only scattered short words, an unspoken paragraph produces none.
"""

from __future__ import annotations

import itertools
import math
import multiprocessing
import os
import re
import tempfile
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import lru_cache

import numpy as np

from earmark.core.progress import CancelToken

RATE = 16000
UTTERANCE_SECONDS = 40.0  # audio per recogniser utterance (cut at the quietest moment near the end)
SHORTEST_RUN = 4  # recognised words in a row matching the text before they count as an anchor
WORD = re.compile(r"[a-z0-9']+")


@dataclass(slots=True)
class Anchor:
    word: int  # index into the text's word list
    time: float  # seconds where the recogniser heard it start
    run: int  # which matching run it belongs to


def available(language: str) -> bool:
    """True for English when pocketsphinx is installed (other languages use DTW alone)."""
    if not language.lower().startswith("en"):
        return False
    try:
        import pocketsphinx  # noqa: F401
    except ImportError:
        return False
    return True


@lru_cache(maxsize=1)
def _vocabulary() -> frozenset[str]:
    from pocketsphinx import get_model_path

    path = os.path.join(get_model_path(), "en-us", "cmudict-en-us.dict")
    with open(path, encoding="utf-8") as handle:
        return frozenset(line.split(" ", 1)[0] for line in handle if "(" not in line.split(" ", 1)[0])


def normalised(sentence: str) -> str:
    """Lower case with typographic apostrophes made plain: how words are compared."""
    return sentence.lower().replace("\u2019", "'")


def text_words(sentences: list[str]) -> tuple[list[str], list[int], list[int], list[int]]:
    """The recognisable words of the sentences, the sentence each belongs to, each one's
    token position in its sentence (unknown words such as names count), and tokens per sentence."""
    vocabulary = _vocabulary()
    words, owners, positions, tokens = [], [], [], []
    for index, sentence in enumerate(sentences):
        found = WORD.findall(normalised(sentence))
        tokens.append(len(found))
        for position, word in enumerate(found):
            if word in vocabulary:
                words.append(word)
                owners.append(index)
                positions.append(position)
    return words, owners, positions, tokens


def _write_language_model(words: list[str], path: str) -> None:
    """A bigram ARPA model of the transcript: the recogniser expects the text's words in its order."""
    unigrams = Counter(words)
    bigrams = Counter(itertools.pairwise(words))
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


_decoder = None  # one per worker process


def _start_worker(model: str) -> None:
    global _decoder
    from pocketsphinx import Decoder

    _decoder = Decoder(samprate=RATE, lm=model, loglevel="FATAL", fwdflat=False, bestpath=False)


def _decode(offset: float, pcm: bytes) -> list[tuple[str, float]]:
    """Words heard in one utterance, with start times in the episode."""
    assert _decoder is not None
    _decoder.start_utt()
    _decoder.process_raw(pcm, full_utt=True)
    _decoder.end_utt()
    out = []
    for seg in _decoder.seg():
        word = seg.word.split("(", 1)[0]
        if word and word[0] not in "<[":
            out.append((word, offset + seg.start_frame / 100.0))
    return out


def recognise(
    chunks: Iterable[np.ndarray],
    words: list[str],
    *,
    duration: float,
    on_piece: Callable[[float], None] | None = None,
    cancel: CancelToken | None = None,
) -> list[tuple[str, float]]:
    """Recognised (word, start seconds) over the stream, with the transcript's own language model.

    pocketsphinx holds the GIL, so episodes longer than two utterances are decoded
    in two worker processes (both cores); a few utterances in flight bound memory.
    """
    heard: list[tuple[str, float]] = []
    with tempfile.TemporaryDirectory(prefix="earmark-lm-") as folder:
        model = os.path.join(folder, "text.arpa")
        _write_language_model(words, model)
        pieces = ((offset, _pcm(samples)) for offset, samples in _utterances(chunks))
        if duration <= 2 * UTTERANCE_SECONDS:
            _start_worker(model)
            for offset, pcm in pieces:
                if cancel is not None:
                    cancel.check()
                heard.extend(_decode(offset, pcm))
                if on_piece is not None:
                    on_piece(offset + len(pcm) / 2 / RATE)
            return heard
        context = multiprocessing.get_context("spawn")
        with ProcessPoolExecutor(2, mp_context=context, initializer=_start_worker, initargs=(model,)) as pool:
            pending: deque = deque()
            try:
                for offset, pcm in pieces:
                    if cancel is not None:
                        cancel.check()
                    pending.append((offset + len(pcm) / 2 / RATE, pool.submit(_decode, offset, pcm)))
                    while len(pending) >= 4:
                        heard.extend(_collect(pending, on_piece))
                while pending:
                    heard.extend(_collect(pending, on_piece))
            except BaseException:
                pool.shutdown(wait=True, cancel_futures=True)
                raise
    return heard


def _pcm(samples: np.ndarray) -> bytes:
    return (np.clip(samples, -1.0, 1.0) * 32767).astype("<i2").tobytes()


def _collect(pending: deque, on_piece: Callable[[float], None] | None) -> list[tuple[str, float]]:
    reached, future = pending.popleft()
    found = future.result()
    if on_piece is not None:
        on_piece(reached)
    return found


def matching_runs(words: list[str], heard: list[tuple[str, float]]) -> list[tuple[int, int, int]]:
    """(text index, heard index, length) of each run of heard words matching the text in order."""
    matcher = SequenceMatcher(None, words, [w for w, _ in heard], autojunk=False)
    return [(block.a, block.b, block.size) for block in matcher.get_matching_blocks() if block.size]


def anchors(words: list[str], heard: list[tuple[str, float]]) -> list[Anchor]:
    """Text words matched, in order, by runs of at least SHORTEST_RUN recognised words."""
    return [
        Anchor(a + k, heard[b + k][1], run)
        for run, (a, b, size) in enumerate(matching_runs(words, heard))
        if size >= SHORTEST_RUN
        for k in range(size)
    ]
