"""Word times for synced sentences: the recogniser's own words, forced alignment where needed.

The recogniser has already decoded the whole episode; a sentence it heard well
(half its known words or more, matched in order in its span: :mod:`earmark.align.said`)
takes those words' times, the rest sharing the gaps by length, at no extra
decoding. The others, and every doubtful start, are force-aligned (pocketsphinx 5,
:mod:`earmark.align.forcer`) in short windows by worker processes on both cores.
Aligning a whole episode (or even a whole clip) in one utterance is fragile: one
cough the text leaves out and the search never reaches the end. So each window
holds only the sentences between two trusted starts, and its grammar absorbs what
the text lacks:

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

import contextlib
import itertools
import json
import os
import re
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from . import forcer
from .forcer import FILLERS, Aligner
from .reading import spoken_tokens, token_parts
from .words import IN_FLIGHT, WORKERS, _Workers, _write_dictionary

CONTEXT_WORDS = 3  # neighbours' words the grammar may absorb at a window's edges
ISOLATED_SECONDS = 1.0  # a forced first word this far before the sentence's second is not its first
REACH_SECONDS = 3.0  # how far back a window may reach for a sentence whose first word nobody heard
LEAD_SECONDS = 0.6  # audio before a window's first start (the start may be a little late)
TAIL_SECONDS = 0.6  # audio after its end
WORKER_SECONDS = 60.0  # windows longer than this in all are forced by worker processes
LEADING = 3  # how many first words may have been forced onto what came before the sentence
JOIN_SECONDS = 0.3  # a gap this long between words the text runs on between is not theirs
LEADING_GAP = True  # the forced pass closes such gaps too, over ISOLATED_SECONDS (rescue.py: JOIN_SECONDS)
# A window of several sentences whose forced words put one of them this far before its own start went
# wrong as a whole ("Will we ever forget it." forced 11.8 s and "I'm Abigail Claflin." 12.3 s before their
# starts, conversation seed 14; "Alright, so this is the sick corpus." 12.7 s, seed 7): it is split and
# forced again, as a failed one is. Right forced words far from a wrong start lay 2.4-2.7 s from it.
SPLIT_FAR = True
SPLIT_FAR_SECONDS = 5.0
_PUNCTUATED = re.compile(r"[^\w']$")


@dataclass(slots=True)
class Timed:
    """A sentence's word times in seconds: one (start, end) per whitespace token of its text."""

    start: float
    words: list[tuple[float, float]]
    forced: bool  # False when the words only share the sentence's time by length
    first_word: bool = False  # the first token has a time of its own (forced or heard), not a share


def tokens(text: str) -> list[str]:
    return text.split()


def spoken_forms(text: str) -> list[list[str]]:
    """Per whitespace token, the words a reader says for it (numbers spelled out)."""
    return [[word for word, _ in token] for token in spoken_tokens(text)]


Item = str | list[list[str]]  # a word of a window, or a number's readings (JSGF alternatives)
# what the decoder placed that is no word of ours: the index of the word after, name, start, end
Filler = tuple[int, str, float, float]


def known_items(text: str, known: set[str]) -> list[tuple[int, Item]]:
    """(token index, item) for each word of ``text`` the dictionary knows; a number said more
    than one way ("1500": fifteen hundred | one thousand five hundred ...) is one item of its
    readings whose words are all known."""
    out: list[tuple[int, Item]] = []
    for k, parts in enumerate(token_parts(text)):
        for part in parts:
            readings = [list(r) for r in part.said if all(w in known for w in r)]
            if len(part.said) > 1 and len(readings) > 1:
                out.append((k, readings))
            else:
                out += [(k, w) for w in (readings[0] if readings else part.said[0]) if w in known]
    return out


def _flat(items: list[Item]) -> list[str]:
    """Words of items, a number's usual reading for it (the neighbours' context words)."""
    return [w for item in items for w in ([item] if isinstance(item, str) else item[0])]


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


@dataclass(slots=True)
class _Window:
    """Sentences ``lo``..``hi``-1 forced together in ``t0``..``t1`` seconds."""

    lo: int
    hi: int
    t0: float
    t1: float
    words: list[Item]
    owners: list[tuple[int, int]]  # per item: sentence, token index
    before: list[str]
    after: list[str]


class _Inline:
    """Windows forced in this process (a short episode: no worker start-up to pay)."""

    def __init__(self, dictionary: str) -> None:
        self._aligner = Aligner(dictionary)

    def submit(self, pcm: bytes, window: _Window) -> object:
        fillers: list[Filler] = []
        found = self._aligner.align(pcm, window.words, window.before, window.after, fillers=fillers)
        return found, fillers

    def result(self, handle: object) -> tuple[list[tuple[int, float, float]] | None, list[Filler]]:
        return handle  # type: ignore[return-value]


class _Pool:
    """Windows forced by worker processes (:mod:`earmark.align.forcer`), one per core."""

    def __init__(self, dictionary: str, folder: str) -> None:
        self._workers = _Workers("", dictionary, Path(folder), module="earmark.align.forcer")

    def __enter__(self) -> _Pool:
        return self

    def __exit__(self, *exc: object) -> None:
        self._workers.__exit__(*exc)

    def submit(self, pcm: bytes, window: _Window) -> object:
        job = {"words": window.words, "before": window.before, "after": window.after, "fillers": True}
        return self._workers.send(pcm, lambda path: json.dumps({**job, "path": path}))

    def result(self, handle: object) -> tuple[list[tuple[int, float, float]] | None, list[Filler]]:
        answer = self._workers.reply(handle)  # type: ignore[arg-type]
        found, fillers = answer["found"], answer["fillers"]  # type: ignore[index]
        placed = [(int(k), str(n), float(a), float(b)) for k, n, a, b in fillers]
        return (None if found is None else [(int(k), float(a), float(b)) for k, a, b in found]), placed


def align_sentences(
    samples: Callable[[float, float], np.ndarray],
    texts: list[str],
    starts: list[float],
    ends: list[float],
    trusted: list[bool],
    duration: float,
    folder: str,
    cancel: Callable[[], None] = lambda: None,
    said: list[dict[int, tuple[float, float]]] | None = None,
    force: list[bool] | None = None,
    write_dictionary: Callable[[list[str], str], None] = _write_dictionary,
    reach: list[bool] | None = None,
    past_doubt: list[bool] | None = None,
    leads: list[list[tuple[str, float, float]]] | None = None,
    split_far: bool = True,
) -> list[Timed]:
    """Word times for spoken sentences (in order, with rough ``starts``/``ends`` in seconds).

    ``samples(lo, hi)`` gives the episode's 16 kHz mono float samples between two
    times. Windows run from one trusted start to the next; the sentences' own starts
    are only used to split a window that fails (the halves go in the next round). A
    sentence not to ``force`` takes the recogniser's times for the words it heard
    (``said``: per sentence, token index -> start, end), the others sharing the gaps by
    length, and bounds the windows around it. A sentence to ``reach`` back for (its first
    word unheard, its start unsure) opens its window where the previous sentence's last heard
    word ends (at most REACH_SECONDS before its start): a drawn-out "and" or an "um" before it
    is then in the window, to be timed or absorbed (where ``past_doubt``, words heard in the
    sentence before do not bound it: they may be ours, as a title's chance words). Over
    WORKER_SECONDS of windows, worker processes force them (both cores), a few windows in flight each.
    ``leads``, when given (one empty list per sentence), gets for each sentence whose first word was
    forced the segments the decoder placed right before it that are none of our words (name, start,
    end in seconds): a ``+SPN+`` there may hold the first word's first phone (:mod:`lead_filler`).
    ``split_far`` (SPLIT_FAR, the English path only: on the Phones path it put conversation seed 7's
    "Hopefully the recording levels are okay." 2.7 s late instead of 0.9 s) splits a window of
    several sentences that put one far before its start.
    """
    starts, ends = list(starts), list(ends)
    toks = [tokens(t) for t in texts]
    dictionary, known_forms = texts_dictionary(texts, folder, write_dictionary)
    # (token, item) for each word a pronunciation is known for: a token ("1465") may say several,
    # and a number said more than one way is one item of its readings
    known = [known_items(t, known_forms) for t in texts]
    out: list[Timed | None] = [None] * len(texts)
    said = said or [{} for _ in texts]
    covered = [not f for f in force] if force is not None else [False] * len(texts)
    for s in range(len(texts)):
        if covered[s]:
            last_heard = bool(toks[s]) and len(toks[s]) - 1 in said[s]
            end = max(said[s][len(toks[s]) - 1][1] if last_heard else ends[s], starts[s] + 0.3)
            out[s] = Timed(starts[s], fill_token_times(toks[s], said[s], starts[s], end), True, 0 in said[s])
            ends[s] = end
    heard_end = [max((b for _, b in times.values()), default=None) for times in said]
    reach = reach or [False] * len(texts)

    def window(lo: int, hi: int) -> _Window:
        t0 = max(0.0, starts[lo] - LEAD_SECONDS, (ends[lo - 1] - 0.3) if lo > 0 else 0.0)
        before = heard_end[lo - 1] if lo > 0 else None
        if past_doubt is not None and past_doubt[lo] and reach[lo] and lo > 0:
            t0 = max(0.0, starts[lo] - REACH_SECONDS)
        elif reach[lo] and before is not None:
            t0 = max(0.0, starts[lo] - REACH_SECONDS, before - 0.05)
        t0 = max(0.0, min(t0, starts[lo] - 0.15))
        t1 = min(duration, (starts[hi] + TAIL_SECONDS) if hi < len(texts) else duration)
        return _Window(
            lo,
            hi,
            t0,
            t1,
            [f for s in range(lo, hi) for _, f in known[s]],
            [(s, k) for s in range(lo, hi) for k, _ in known[s]],
            _flat([f for _, f in known[lo - 1]])[-CONTEXT_WORDS:] if lo > 0 else [],
            _flat([f for _, f in known[hi]])[:CONTEXT_WORDS] if hi < len(texts) else [],
        )

    def place(
        w: _Window,
        found: list[tuple[int, float, float]] | None,
        fillers: list[Filler] = (),  # type: ignore[assignment]
    ) -> list[tuple[int, int]]:
        """Word times from a forced window; a failed window of several sentences is split."""
        if found is not None and w.hi - w.lo > 1 and SPLIT_FAR and split_far and _far_before(w, found):
            found = None  # a window that went wrong as a whole is split as a failed one is
        if found is None and w.hi - w.lo > 1:
            mid = (w.lo + w.hi) // 2
            if not w.t0 + 0.5 < starts[mid] < w.t1 - 0.5:  # collapsed starts: share the window by length
                chars = [len(texts[s]) for s in range(w.lo, w.hi)]
                starts[mid] = starts[w.lo] + (w.t1 - starts[w.lo]) * sum(chars[: mid - w.lo]) / sum(chars)
            return [(w.lo, mid), (mid, w.hi)]
        per: dict[int, dict[int, tuple[float, float]]] = {s: {} for s in range(w.lo, w.hi)}
        for index, a, b in found or []:
            s, k = w.owners[index]
            a, b = round(w.t0 + a, 3), round(w.t0 + b, 3)
            per[s][k] = (min(a, per[s][k][0]), max(b, per[s][k][1])) if k in per[s] else (a, b)
        if leads is not None and found is not None:
            for index, (s, k) in enumerate(w.owners):
                if k == 0 and (index == 0 or w.owners[index - 1][0] != s):
                    leads[s] = [
                        (n, round(w.t0 + a, 3), round(w.t0 + b, 3)) for i, n, a, b in fillers if i == index
                    ]
        for s in range(w.lo, w.hi):
            join_first_word(per[s])
            if LEADING_GAP:
                close_leading_gap(per[s], toks[s], ISOLATED_SECONDS)
            if per[s]:
                first = min(per[s])
                start = per[s][first][0] if first == 0 else max(starts[s], per[s][first][0] - 0.3)
                end = max(b for _, b in per[s].values())
                out[s] = Timed(start, fill_token_times(toks[s], per[s], start, end), True, first == 0)
            else:
                end = max(ends[s], starts[s] + 0.3)
                out[s] = Timed(starts[s], _share_by_length(toks[s], starts[s], end), False)
        return []

    def _far_before(w: _Window, found: list[tuple[int, float, float]]) -> bool:
        """A sentence of a window of several whose forced first word lies over SPLIT_FAR_SECONDS
        before its own start: the window's words went wrong as a whole."""
        first: dict[int, float] = {}
        for index, a, _ in found:
            first.setdefault(w.owners[index][0], w.t0 + a)
        return any(s > w.lo and starts[s] - a > SPLIT_FAR_SECONDS for s, a in first.items())

    edges = [k for k in range(len(texts)) if trusted[k] or k == 0 or covered[k] or covered[k - 1]]
    todo = [(lo, hi) for lo, hi in zip(edges, [*edges[1:], len(texts)], strict=True) if not covered[lo]]
    first_round = [window(lo, hi) for lo, hi in todo]
    seconds = sum(w.t1 - w.t0 for w in first_round)
    with contextlib.ExitStack() as stack:
        runner: _Inline | _Pool = (
            stack.enter_context(_Pool(dictionary, folder))
            if seconds > WORKER_SECONDS
            else _Inline(dictionary)
        )
        windows = first_round
        while windows:
            pending: deque[tuple[_Window, object]] = deque()
            split: list[tuple[int, int]] = []
            for w in windows:
                cancel()
                if w.words and w.t1 - w.t0 > 0.2:
                    pcm = (np.clip(samples(w.t0, w.t1), -1, 1) * 32767).astype("<i2").tobytes()
                    pending.append((w, runner.submit(pcm, w)))
                else:
                    split += place(w, None)
                while len(pending) >= IN_FLIGHT * WORKERS:
                    done, handle = pending.popleft()
                    split += place(done, *runner.result(handle))
            while pending:
                done, handle = pending.popleft()
                split += place(done, *runner.result(handle))
            windows = [window(lo, hi) for lo, hi in sorted(split)]
    return [t for t in out if t is not None]


def close_leading_gap(
    per: dict[int, tuple[float, float]], token_list: list[str], gap: float = JOIN_SECONDS
) -> None:
    """Leading words forced onto the pause or filler before the sentence ("I have" of "um, I have
    a cold" on the "um", 0.8 s before "a"): where the text runs on (no punctuation) from one of the
    first LEADING words to the next but the forced words leave a gap over ``gap``, the words
    up to that gap are put right before the next one, each as long as it was (at most 0.3 s).
    (JOIN_SECONDS in the rescue.) The forced pass passes ISOLATED_SECONDS: "Yeah, so that" of
    "Yeah, so that just happened." was forced onto the noise before a cough, 1.4 s before "just"
    (conversations seeds 3, 5, 8: -1.3 s); at JOIN_SECONDS there it also took "And that should"
    of "And that should be good." to a "be" forced 0.7 s late (conversation seed 5: +174 -> +1154 ms)."""
    for i in range(min(LEADING, len(token_list) - 1) - 1, -1, -1):
        if i not in per or i + 1 not in per or _PUNCTUATED.search(token_list[i]):
            continue
        if per[i + 1][0] - per[i][1] > gap:
            at = per[i + 1][0]
            for k in range(i, -1, -1):
                if k in per:
                    length = min(per[k][1] - per[k][0], 0.3)
                    per[k] = (round(at - length, 3), at)
                    at = per[k][0]
            return


def join_first_word(times: dict[int, tuple[float, float]]) -> None:
    """A first word forced more than ISOLATED_SECONDS before the rest was found in what came
    before ("The" of "The recording environment..." 2.6 s early, in the last speaker's noise):
    it is put right before the second word, as long as it was (at most 0.3 s)."""
    order = sorted(times)
    if len(order) >= 2 and order[0] == 0:
        (a, b), (c, _) = times[order[0]], times[order[1]]
        if c - b > ISOLATED_SECONDS:
            length = min(b - a, 0.3)
            times[0] = (round(c - length, 3), c)


def texts_dictionary(
    texts: list[str], folder: str, write: Callable[[list[str], str], None] = _write_dictionary
) -> tuple[str, set[str]]:
    """The pronunciations of every word the texts may be read as (each reading of a number) and
    the fillers, written to ``folder``; and which words it knows."""
    words = {w for t in texts for parts in token_parts(t) for part in parts for r in part.said for w in r}
    path = os.path.join(folder, "forced.dict")
    write(sorted(words | set(FILLERS) | set(forcer.LEAD_FILLERS)), path)
    with open(path, encoding="utf-8") as handle:
        return path, {line.split(" ", 1)[0].split("(", 1)[0] for line in handle}
