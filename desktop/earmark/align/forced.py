"""Word times by forced alignment of known text in short windows (English, pocketsphinx 5).

The recogniser and the DTW say roughly where each sentence is; forced alignment
of the sentence's own words says where each word is, to tens of milliseconds on
real voices. Aligning a whole episode (or even a whole clip) in one utterance is
fragile: one cough the text leaves out and the search never reaches the end. So
each window holds only the sentences between two trusted starts, and its grammar
absorbs what the text lacks:

* optional fillers ("um", "uh", ...) between any two words (pocketsphinx also
  inserts its silence and noise fillers by itself);
* optionally the last words of the sentence before and the first words of the
  sentence after, so a window that starts in the previous speaker's tail or ends
  in the next one's head does not stretch our words over them.

A window the search cannot finish is split at its middle sentence, from the
sentence starts it was given; a single sentence that still fails keeps the start
it had, and its words share its time by their length (no word is left untimed).
"""

from __future__ import annotations

import itertools
import os
import re
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import numpy as np

from earmark.core.model import Segment, SegmentKind, Word

from .listener import RATE

FILLERS = ("um", "uh", "ah", "hmm", "er", "mm")
CONTEXT_WORDS = 3  # neighbours' words the grammar may absorb at a window's edges
LEAD_SECONDS = 0.6  # audio before a window's first start (the start may be a little late)
TAIL_SECONDS = 0.6  # audio after its end
FPS = 100  # pocketsphinx frames per second
# Default beams and live CMN: wider beams (1e-80) and batch CMN rescued no failed window on the noisy
# cold speaker and took about twice the time.
SEARCH: dict[str, object] = {}
_WORD = re.compile(r"[a-z0-9']+")


@dataclass(slots=True)
class Timed:
    """A sentence's word times in seconds: one (start, end) per whitespace token of its text."""

    start: float
    words: list[tuple[float, float]]
    forced: bool  # False when the words only share the sentence's time by length


def tokens(text: str) -> list[str]:
    return text.split()


def _spoken_form(token: str) -> str:
    found = _WORD.findall(token.lower().replace("\u2019", "'"))
    return "".join(found).strip("'") if found else ""


class Aligner:
    """One pocketsphinx decoder with the transcript's words (and fillers) in its dictionary."""

    def __init__(self, words: set[str], folder: str) -> None:
        from pocketsphinx import Decoder

        from .words import _write_dictionary

        path = os.path.join(folder, "forced.dict")
        _write_dictionary(sorted(words | set(FILLERS)), path)
        self._decoder = Decoder(samprate=RATE, dict=path, lm=None, loglevel="FATAL", bestpath=False, **SEARCH)
        with open(path, encoding="utf-8") as handle:
            self.known = {line.split(" ", 1)[0].split("(", 1)[0] for line in handle}
        self._grammars = 0
        self._aliases: set[str] = set()

    def _context(self, word: str) -> str:
        """A neighbour's word under another name, so it is never taken for one of ours."""
        alias = word + "_ctx"
        if alias not in self._aliases:
            self._decoder.add_word(alias, self._decoder.lookup_word(word), True)
            self._aliases.add(alias)
        return alias

    def align(
        self, pcm: bytes, words: list[str], before: list[str], after: list[str]
    ) -> list[tuple[int, float, float]] | None:
        """(index into ``words``, start, end) for the words found, in seconds from the window's
        start; None when the search did not reach the end of the text."""
        if not words:
            return None
        before = [self._context(w) for w in before]
        after = [self._context(w) for w in after]
        prefix = "[" * len(before) + " ] ".join(before) + (" ]" if before else "")
        suffix = " ".join(f"[{w}" for w in after) + "]" * len(after)
        body = " [<f>] ".join(words)
        grammar = (
            f"#JSGF V1.0;\ngrammar g;\n<f> = {' | '.join(FILLERS)};\n"
            f"public <s> = {prefix} [<f>] {body} [<f>] {suffix};\n"
        )
        decoder = self._decoder
        self._grammars += 1
        name = f"g{self._grammars}"
        decoder.add_jsgf_string(name, grammar)
        decoder.activate_search(name)
        decoder.start_utt()
        decoder.process_raw(pcm, full_utt=True)
        decoder.end_utt()
        hyp = decoder.hyp()
        segments = list(decoder.seg()) if hyp is not None else []
        decoder.remove_search(name)
        if hyp is None or not segments:
            return None
        # The grammar's order: context before (aliased), our words with fillers between, context after.
        out, k = [], 0
        for segment in segments:
            word = segment.word.split("(", 1)[0]
            if k < len(words) and word == words[k]:
                out.append((k, segment.start_frame / FPS, (segment.end_frame + 1) / FPS))
                k += 1
        if k < len(words):
            return None
        return out


def _share_by_length(token_list: list[str], start: float, end: float) -> list[tuple[float, float]]:
    """Word times spread over [start, end] in proportion to each token's length."""
    lengths = np.array([max(1, len(t)) for t in token_list], float)
    edges = start + (end - start) * np.concatenate([[0.0], np.cumsum(lengths) / lengths.sum()])
    return [(round(float(a), 3), round(float(b), 3)) for a, b in itertools.pairwise(edges)]


def fill_token_times(
    token_list: list[str], found: dict[int, tuple[float, float]], start: float, end: float
) -> list[tuple[float, float]]:
    """Every token a time: aligned ones as found, others (unknown words, numbers) share the gap left."""
    times: list[tuple[float, float] | None] = [found.get(k) for k in range(len(token_list))]
    k = 0
    while k < len(times):
        if times[k] is not None:
            k += 1
            continue
        j = k
        while j < len(times) and times[j] is None:
            j += 1
        lo = times[k - 1][1] if k > 0 and times[k - 1] is not None else start
        hi = times[j][0] if j < len(times) and times[j] is not None else max(end, lo + 0.05 * (j - k))
        hi = max(hi, lo + 0.02 * (j - k))
        times[k:j] = _share_by_length(token_list[k:j], lo, hi)
        k = j
    return [t for t in times if t is not None]


def align_sentences(
    samples: Callable[[float, float], np.ndarray],
    texts: list[str],
    starts: list[float],
    ends: list[float],
    trusted: list[bool],
    duration: float,
    folder: str,
    cancel: Callable[[], None] = lambda: None,
) -> list[Timed]:
    """Word times for spoken sentences (in order, with rough ``starts``/``ends`` in seconds).

    ``samples(lo, hi)`` gives the episode's 16 kHz mono float samples between two
    times. Windows run from one trusted start to the next; the sentences' own starts
    are only used to split a window that fails.
    """
    starts = list(starts)
    toks = [tokens(t) for t in texts]
    forms = [[_spoken_form(t) for t in ts] for ts in toks]
    aligner = Aligner({f for fs in forms for f in fs if f}, folder)
    known = [[(k, f) for k, f in enumerate(fs) if f in aligner.known] for fs in forms]
    out: list[Timed | None] = [None] * len(texts)

    def window(lo: int, hi: int) -> None:
        cancel()
        t0 = max(0.0, starts[lo] - LEAD_SECONDS, (ends[lo - 1] - 0.3) if lo > 0 else 0.0)
        t0 = min(t0, starts[lo] - 0.15)
        t0 = max(0.0, t0)
        t1 = min(duration, (starts[hi] + TAIL_SECONDS) if hi < len(texts) else duration)
        words = [f for s in range(lo, hi) for _, f in known[s]]
        owners = [(s, k) for s in range(lo, hi) for k, _ in known[s]]
        before = [f for _, f in known[lo - 1]][-CONTEXT_WORDS:] if lo > 0 else []
        after = [f for _, f in known[hi]][:CONTEXT_WORDS] if hi < len(texts) else []
        found = None
        if words and t1 - t0 > 0.2:
            pcm = (np.clip(samples(t0, t1), -1, 1) * 32767).astype("<i2").tobytes()
            found = aligner.align(pcm, words, before, after)
        if found is None and hi - lo > 1:
            mid = (lo + hi) // 2
            if not t0 + 0.5 < starts[mid] < t1 - 0.5:  # collapsed starts: share the window by length
                chars = [len(texts[s]) for s in range(lo, hi)]
                starts[mid] = starts[lo] + (t1 - starts[lo]) * sum(chars[: mid - lo]) / sum(chars)
            window(lo, mid)
            window(mid, hi)
            return
        per: dict[int, dict[int, tuple[float, float]]] = {s: {} for s in range(lo, hi)}
        for index, a, b in found or []:
            s, k = owners[index]
            per[s][k] = (round(t0 + a, 3), round(t0 + b, 3))
        for s in range(lo, hi):
            if per[s]:
                first = min(per[s])
                start = per[s][first][0] if first == 0 else max(starts[s], per[s][first][0] - 0.3)
                end = max(b for _, b in per[s].values())
                out[s] = Timed(start, fill_token_times(toks[s], per[s], start, end), True)
            else:
                end = max(ends[s], starts[s] + 0.3)
                out[s] = Timed(starts[s], _share_by_length(toks[s], starts[s], end), False)

    anchors = [k for k in range(len(texts)) if trusted[k] or k == 0]
    for lo, hi in zip(anchors, [*anchors[1:], len(texts)], strict=True):
        window(lo, hi)
    return [t for t in out if t is not None]


class Stream:
    """Samples of an episode between two times, decoded once front to back in bounded memory.

    Windows are asked for in (about) increasing time; a little audio before the
    last window is kept, and a request from further back decodes from the start again.
    """

    KEEP_SECONDS = 30.0

    def __init__(self, chunks: Callable[[], Iterator[np.ndarray]]) -> None:
        self._open = chunks
        self._reset()

    def _reset(self) -> None:
        self._chunks = self._open()
        self._buffer = np.zeros(0, np.float32)
        self._offset = 0  # sample index of the buffer's first sample

    def __call__(self, lo: float, hi: float) -> np.ndarray:
        a, b = int(lo * RATE), int(hi * RATE)
        if a < self._offset:
            self._reset()
        parts = [self._buffer]
        have = self._offset + len(self._buffer)
        for chunk in self._chunks if have < b else ():
            parts.append(chunk.astype(np.float32, copy=False))
            have += len(chunk)
            if have >= b:
                break
        self._buffer = np.concatenate(parts) if len(parts) > 1 else self._buffer
        drop = max(0, a - int(self.KEEP_SECONDS * RATE) - self._offset)
        if drop:
            self._buffer = self._buffer[drop:]
            self._offset += drop
        return self._buffer[a - self._offset : b - self._offset]


WINDOW_EDGE = 0.6  # a start this confident begins a window of its own; doubtful ones join the one before
SURE = 0.8  # a start this confident is not doubted when forced alignment fails or disagrees
DISAGREE_SECONDS = 0.3  # a forced first word this far from the start casts doubt on it
DOUBT = 0.45  # the confidence then (under the pane's low-confidence mark)
TRUSTED = 0.5  # an engine start this confident keeps its place; below, the forced first word's start wins


def add_word_times(
    chunks: Callable[[], Iterator[np.ndarray]],
    segments: list[Segment],
    duration: float,
    cancel: Callable[[], None] = lambda: None,
) -> None:
    """Give every timed speech sentence its words' times (in place), each sentence forced alone
    in the window from its start to the next one's; doubtful, unlocked starts move to the
    forced first word."""
    timed = [s for s in segments if s.kind is SegmentKind.SPEECH and s.start is not None and tokens(s.text)]
    if not timed:
        return
    starts = [float(s.start) for s in timed]
    ends = [float(s.end if s.end is not None else s.start) for s in timed]
    with tempfile.TemporaryDirectory(prefix="earmark-forced-") as folder:
        trusted = [bool(s.locked) or (s.confidence or 0.0) >= WINDOW_EDGE for s in timed]
        found = align_sentences(
            Stream(chunks), [s.text for s in timed], starts, ends, trusted, duration, folder, cancel
        )
    previous = 0.0
    for k, (segment, result) in enumerate(zip(timed, found, strict=True)):
        later = [max(starts[j], found[j].start if found[j].forced else 0.0) for j in range(k + 1, len(timed))]
        hi = later[0] if later else duration
        doubtful = not segment.locked and (segment.confidence or 0.0) < TRUSTED
        if result.forced and doubtful and previous < result.start < hi:
            segment.start = round(result.start, 3)
        elif (
            not segment.locked
            and (segment.confidence or 0.0) < SURE
            and (not result.forced or abs(result.start - float(segment.start)) > DISAGREE_SECONDS)
        ):  # forced alignment failing, or disagreeing with the start, is what real bad starts show
            segment.confidence = min(segment.confidence or 0.0, DOUBT)
        previous = float(segment.start)
        start = float(segment.start)
        end = max(float(segment.end or start), result.words[-1][1] if result.forced else start)
        end = min(end, hi) if hi > start else end
        words, at = [], start
        for n, (token, (a, b)) in enumerate(zip(tokens(segment.text), result.words, strict=True)):
            a = start if n == 0 else min(max(a, at), end)
            b = min(max(b, a + 0.01), max(end, a + 0.01))
            words.append(Word(token, round(a, 3), round(b, 3)))
            at = a
        segment.words = words
    for a, b in itertools.pairwise(timed):
        if a.end is not None and b.start is not None and a.end > b.start:
            a.end = max(float(a.start or 0.0), b.start)
