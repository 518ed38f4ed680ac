"""What the recogniser's word anchors say about each sentence, and how they check the DTW.

The DTW with gaps is the primary source of sentence starts (it is right for ~97%
of sentences, ~20 ms off). Anchors are recognised words matched to the text in
runs (:mod:`earmark.align.words`); they are sparse but rarely wrong, so they
decide *whether* a sentence was spoken and catch the DTW where it contradicts
them. Times here are seconds for anchors and 100 fps frames for starts.
"""

from __future__ import annotations

import bisect
import math
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from earmark.audio import iter_mono_chunks
from earmark.core.progress import CancelToken, Progress

from . import nearby, phonetic, words
from .phones_anchors import lopsided

SECONDS_PER_WORD = 0.4  # (a slow reader) to guess a sentence start from an anchor on a later word
FASTEST_SECONDS_PER_WORD = 0.2  # (a fast reader) the least time the words after an anchor can take
AGREE_SECONDS = 0.15  # a refined start this close to its anchored first word is trusted
PINNED_SECONDS = 20.0  # anchors this close around an unanchored start hold it in place
GAP_WINDOW_SECONDS = 120.0  # widest stretch between anchors searched again for shorter runs
CHANCE = 0.01  # expected chance matches of a run in its window, at most, for it to anchor
FEWEST_WORDS = 4  # a sentence with fewer recognisable words may have no anchor and still be spoken
SLOW_STEP_SECONDS = 0.6  # the most one word takes, read slowly (to check words heard in one sentence agree)
PAUSE_SECONDS = 1.5  # and a pause inside the sentence
STUMBLE_SECONDS = 0.7  # a run of heard words is cut where two words the text joins are this far apart,
STUMBLE_SHARE = 0.25  # when it has more than one such gap and more than this share of its joined words
HEADS = True  # an anchored sentence's own words heard before its first anchor start it (anchor_heads)
REPEATS_NEAREST = True  # a gap's run heard twice without an end word: only the nearer one (see below)


@dataclass(slots=True)
class Heard:
    """What the recogniser says about one sentence."""

    words: int  # recognisable words in the sentence
    tokens: int  # all words, known or not
    first_anchor: int | None = None  # token position of the first anchored word
    time: float | None = None  # when that word was heard
    last_anchor: int | None = None  # token position of the last anchored word
    last_time: float | None = None
    lead: float = 0.0  # expected seconds from the sentence start to its first anchored word

    def ends_after(self, seconds_per_word: float) -> float | None:
        """When the sentence is over at this pace: its last heard word and each word after it
        take ``seconds_per_word`` (None when no word of it was heard)."""
        if self.last_time is None:
            return None
        return self.last_time + seconds_per_word * (max(0, self.tokens - 1 - (self.last_anchor or 0)) + 1)

    def plausible_lead(self, start: float) -> bool:
        """A start this far before the first anchored word fits the words before it."""
        if self.time is None:
            return True
        lead = self.time - start
        return 0.5 * self.lead - AGREE_SECONDS <= lead <= 1.5 * self.lead + 0.5


def listen(
    chunks: Callable[[], Iterable[np.ndarray]] | Path,
    texts: list[str],
    duration: float,
    progress: Progress,
    cancel: CancelToken,
    language: str = "en",
    near: Callable[[float, float], tuple[int, int]] | None = None,
) -> tuple[list[Heard], list[words.Said]] | None:
    """What the recogniser says about each sentence, and every word it heard (kept for the
    word times: :mod:`earmark.align.said`); None when no word is recognisable. ``chunks()``: the
    episode's 16 kHz mono samples (:class:`earmark.audio.spool.Spool`; a path: decoded). ``near(t0, t1)``:
    the sentences said around each utterance (:mod:`earmark.align.nearby`)."""
    lexicon = words.lexicon(texts, language)
    vocab_words, owners, positions, tokens = words.text_words(texts, lexicon.vocabulary, language)
    if not vocab_words:
        return None
    recognised = words.recognise(
        iter_mono_chunks(chunks) if isinstance(chunks, Path) else chunks(),
        vocab_words,
        duration=duration,
        on_piece=lambda t: progress(0.3 + 0.55 * min(1.0, t / max(duration, 1e-6)), "Recognising words"),
        cancel=cancel,
        write_dictionary=lexicon.write,
        readings=words.variants(texts, lexicon.vocabulary, language),
        near=None if near is None else nearby.words_near(near, owners),
    )
    joined = joined_words(texts, owners, positions)
    found = steady_anchors(vocab_words, recognised, joined)
    heard = sentence_anchors(found, owners, positions, tokens)
    even = phonetic.heard_by_phones(language)
    anchor_gaps(heard, vocab_words, owners, positions, recognised, joined, even=even)
    if HEADS and not even:
        anchor_heads(heard, vocab_words, owners, positions, recognised, joined)
    return heard, recognised


def joined_words(texts: list[str], owners: list[int], positions: list[int]) -> list[bool]:
    """Per text word: the text runs straight on to the next word of its sentence (no
    punctuation between them, where a reader may pause). The words a number is read as
    ("1465": fourteen sixty five) share its position and run on."""
    found = [list(words.WORD.finditer(words.normalised(text))) for text in texts]
    out = []
    for n, (owner, position) in enumerate(zip(owners, positions, strict=True)):
        matches = found[owner]
        if n + 1 < len(owners) and (owners[n + 1], positions[n + 1]) == (owner, position):
            out.append(True)
            continue
        if position + 1 >= len(matches):
            out.append(False)
            continue
        between = texts[owner][matches[position].end() : matches[position + 1].start()]
        out.append(not between.strip())
    return out


def steady_runs(
    text_words: list[str], recognised: list[words.Said], joined: list[bool]
) -> list[tuple[int, int, int]]:
    """The runs of heard words that match the text in order (:func:`words.matching_runs`),
    cut where two words the text joins were heard more than STUMBLE_SECONDS apart. Noise
    under a speaker with a cold was heard as "is ... the ... sick corpus", a second apart,
    seven seconds after the sentence; read, those words follow each other at once (of 1,523
    such gaps in the right runs of the real cases, 3 were over 0.6 s). A run with few such gaps is
    kept whole: JFK pauses over a second inside "ask not what your country", after an ad."""
    out = []
    for a, b, size in words.matching_runs(text_words, recognised):
        stumbles = [
            joined[a + i - 1] and recognised[b + i][1] - recognised[b + i - 1][2] > STUMBLE_SECONDS
            for i in range(1, size)
        ]
        if sum(stumbles) <= max(1, STUMBLE_SHARE * sum(joined[a : a + size - 1])):
            out.append((a, b, size))  # a speaker's own pause ("ask not ... what your country")
            continue
        first = 0
        for i in range(1, size + 1):
            if i == size or stumbles[i - 1]:
                out.append((a + first, b + first, i - first))
                first = i
    return out


def steady_anchors(
    text_words: list[str], recognised: list[words.Said], joined: list[bool]
) -> list[words.Anchor]:
    """Text words matched by steady runs of at least SHORTEST_RUN heard words (see :func:`steady_runs`)."""
    return [
        words.Anchor(a + k, recognised[b + k][1], run)
        for run, (a, b, size) in enumerate(steady_runs(text_words, recognised, joined))
        if size >= words.SHORTEST_RUN
        for k in range(size)
    ]


def sentence_anchors(
    found: list[words.Anchor], owners: list[int], positions: list[int], tokens: list[int]
) -> list[Heard]:
    out = [Heard(0, count) for count in tokens]
    for owner in owners:
        out[owner].words += 1
    _assign(out, found, owners, positions)
    return out


def _assign(out: list[Heard], found: list[words.Anchor], owners: list[int], positions: list[int]) -> None:
    """Each sentence's first and last anchored word from anchors in text order."""
    # A run that only grazes a sentence (one word at its edge) is no evidence it was spoken.
    inside = Counter((anchor.run, owners[anchor.word]) for anchor in found)
    main_run: dict[int, int] = {}  # per sentence, the run with the most of its words
    for (run, owner), count in inside.items():
        if owner not in main_run or count > inside[main_run[owner], owner]:
            main_run[owner] = run
    main: dict[int, list[words.Anchor]] = defaultdict(list)
    for anchor in found:
        if anchor.run == main_run[owners[anchor.word]]:
            main[owners[anchor.word]].append(anchor)
    for anchor in found:
        owner = owners[anchor.word]
        heard = out[owner]
        if inside[anchor.run, owner] < min(2, heard.words):
            continue
        if anchor.run != main_run[owner] and not _in_step(anchor, main[owner], positions):
            continue
        if heard.first_anchor is None:
            heard.first_anchor, heard.time = positions[anchor.word], anchor.time
        heard.last_anchor, heard.last_time = positions[anchor.word], anchor.time


def _in_step(anchor: words.Anchor, main: list[words.Anchor], positions: list[int]) -> bool:
    """A word heard in a sentence agrees in time with the sentence's main run of heard words:
    on the right side of it and no further from it than a slow reader with a pause would be.
    (After "...already spent" the language model expects "in the"; an ad read there was heard
    as "in the" 8 s before the rest of "In the end they voted...".)"""
    nearest = min(main, key=lambda m: abs(positions[m.word] - positions[anchor.word]))
    apart = positions[anchor.word] - positions[nearest.word]
    late = anchor.time - nearest.time
    return late * apart >= 0 and abs(late) <= SLOW_STEP_SECONDS * abs(apart) + PAUSE_SECONDS


def anchor_gaps(
    heard: list[Heard],
    text_words: list[str],
    owners: list[int],
    positions: list[int],
    recognised: list[words.Said],
    joined: list[bool] | None = None,
    even: bool = False,
) -> None:
    """Anchors for sentences with none, from only the words heard between their anchored
    neighbours. Across the episode a run needs four words to be telling; inside a window of
    a few sentences a shorter run is, when it is unlikely to match there by chance (noise
    often leaves no four in a row). Each new anchor narrows the gaps around it, so the
    search repeats while it finds any. ``even`` (the Phones path): a run that splits its window
    lopsidedly is not taken (:func:`earmark.align.phones_anchors.lopsided`)."""
    times = [h[1] for h in recognised]
    counts = Counter(text_words)
    share = {word: count / len(text_words) for word, count in counts.items()}
    joined = joined if joined is not None else [False] * len(text_words)
    for _ in range(4):
        anchored = sum(h.time is not None for h in heard)
        for k, end, after, before in list(_gaps(heard)):
            w0, w1 = _window_words(heard, owners, positions, k, end)
            h0, h1 = bisect.bisect_right(times, after), bisect.bisect_left(times, before)
            gap_words, gap_heard = text_words[w0:w1], recognised[h0:h1]
            said = [h[0] for h in gap_heard]
            found = []
            for run, (a, b, size) in enumerate(steady_runs(gap_words, gap_heard, joined[w0:w1])):
                matched = gap_words[a : a + size]
                chance = len(gap_words) * len(gap_heard) * math.prod(share[w] for w in matched)
                room = _room_around(
                    a, size, len(gap_words), gap_heard[b][1], gap_heard[b + size - 1][1], after, before
                )
                if even and lopsided(
                    a, len(gap_words) - a - size, gap_heard[b][1] - after,
                    before - gap_heard[b + size - 1][1], k > 0, end < len(heard),
                ):  # fmt: skip
                    continue
                expected = after + (before - after) * a / max(1, len(gap_words))  # where the text puts it
                unique = _once(matched, gap_words) and _once(matched, said)
                unique = unique and _nearest_of_its_kind(matched, said, times[h0:h1], b, expected)
                if chance <= CHANCE and unique and room:
                    found.extend(words.Anchor(w0 + a + i, gap_heard[b + i][1], run) for i in range(size))
            _assign(heard, [a for a in found if k <= owners[a.word] < end], owners, positions)
        if sum(h.time is not None for h in heard) == anchored:
            return


def anchor_heads(
    heard: list[Heard],
    text_words: list[str],
    owners: list[int],
    positions: list[int],
    recognised: list[words.Said],
    joined: list[bool],
) -> None:
    """An anchored sentence whose first anchored word is late in it starts at the earliest short run
    of its own words heard before that word (after the sentence before's last heard word), when that
    run is as telling as a gap's (:func:`anchor_gaps`) and in step with the anchor: JFK pauses long
    inside "And so, my fellow Americans, ask not...", which was anchored only on its last seven words
    8 s after it began, while "my fellow americans" had been heard at its start (conversation seed 8)."""
    times = [h[1] for h in recognised]
    share = {word: count / len(text_words) for word, count in Counter(text_words).items()}
    latest = 0.0
    for k, h in enumerate(heard):
        after, latest = latest, max(latest, h.last_time or 0.0)
        if h.time is None or not h.first_anchor:
            continue
        w0 = bisect.bisect_left(owners, k)
        w1 = next(n for n in range(w0, len(owners)) if owners[n] != k or positions[n] >= h.first_anchor)
        h0, h1 = bisect.bisect_right(times, after), bisect.bisect_left(times, h.time)
        head, heard_there = text_words[w0:w1], recognised[h0:h1]
        said = [x[0] for x in heard_there]
        for a, b, size in steady_runs(head, heard_there, joined[w0:w1]):
            matched = head[a : a + size]
            chance = len(head) * len(heard_there) * math.prod(share[w] for w in matched)
            at = heard_there[b][1]
            ahead = h.first_anchor - positions[w0 + a]
            if size < 2 or chance > CHANCE or not (_once(matched, head) and _once(matched, said)):
                continue
            if h.time - at <= SLOW_STEP_SECONDS * ahead + PAUSE_SECONDS and at - after >= (
                FASTEST_SECONDS_PER_WORD * a - AGREE_SECONDS
            ):
                h.first_anchor, h.time = positions[w0 + a], at
                break


def _room_around(
    first: int,
    size: int,
    words_in_window: int,
    heard_from: float,
    heard_to: float,
    after: float,
    before: float,
) -> bool:
    """A run heard there leaves time for the window's words before and after it, even read
    fast (noise heard as "...episode..." 22 s in would leave 7 s for 45 words before the next anchor)."""
    words_after = words_in_window - first - size
    return (
        heard_from - after >= FASTEST_SECONDS_PER_WORD * first - AGREE_SECONDS
        and before - heard_to >= FASTEST_SECONDS_PER_WORD * words_after - AGREE_SECONDS
    )


def _window_words(
    heard: list[Heard], owners: list[int], positions: list[int], k: int, end: int
) -> tuple[int, int]:
    """The text words that can have been said between the anchors around sentences k..end-1:
    theirs, and the neighbours' words after the last / before the first word heard of them
    (the recogniser hears those too; left out, their words would be matched to the gap's)."""
    w0, w1 = bisect.bisect_left(owners, k), bisect.bisect_left(owners, end)
    last_heard = heard[k - 1].last_anchor if k > 0 else None
    while w0 > 0 and owners[w0 - 1] == k - 1 and last_heard is not None and positions[w0 - 1] > last_heard:
        w0 -= 1
    first_heard = heard[end].first_anchor if end < len(heard) else None
    while w1 < len(owners) and owners[w1] == end and first_heard is not None and positions[w1] < first_heard:
        w1 += 1
    return w0, w1


def _nearest_of_its_kind(
    run: list[str], said: list[str], times: list[float], heard_at: int, expected: float
) -> bool:
    """A run of three or more heard words whose inner part (without its first or last word) was heard
    elsewhere in the gap too is taken only where it is the occurrence nearest to where the text puts
    it. Under a cold, "the acoustic corpus" was heard as "the sick corpus" 8 s after "this sick corpus"
    itself (issue #13, conversation seed 16): the later run was unique only by its "the"."""
    if not REPEATS_NEAREST or len(run) < 3:
        return True
    for core, at in ((run[1:], heard_at + 1), (run[:-1], heard_at)):
        n = len(core)
        found = [i for i in range(len(said) - n + 1) if said[i : i + n] == core]
        if len(found) > 1 and min(abs(times[i] - expected) for i in found) < abs(times[at] - expected):
            return False
    return True


def _once(run: list[str], text: list[str]) -> bool:
    """The run occurs once in the words (a repeated phrase could be either occurrence)."""
    n = len(run)
    return sum(text[i : i + n] == run for i in range(len(text) - n + 1)) == 1


def unanchored_runs(heard: list[Heard]) -> Iterator[tuple[int, int]]:
    """(first, past-last) of each run of sentences with no anchored word."""
    k = 0
    while k < len(heard):
        if heard[k].time is not None:
            k += 1
            continue
        end = k
        while end < len(heard) and heard[end].time is None:
            end += 1
        yield k, end
        k = end


def _gaps(heard: list[Heard]) -> Iterator[tuple[int, int, float, float]]:
    """Runs of unanchored sentences no longer than GAP_WINDOW_SECONDS, with the time
    after their previous anchored word and before their next one."""
    for k, end in unanchored_runs(heard):
        after = heard[k - 1].last_time if k > 0 else None
        before = heard[end].time if end < len(heard) else None
        if after is None and before is not None:
            after = max(0.0, before - GAP_WINDOW_SECONDS)  # at the episode's ends: a window's reach
        if after is not None and before is None:
            before = after + GAP_WINDOW_SECONDS
        if after is not None and before is not None and before - after <= GAP_WINDOW_SECONDS:
            yield k, end, after, before
