"""Which of the recogniser's words each timed sentence holds: word times at no extra decoding.

The recogniser (:mod:`earmark.align.words`) has already decoded the whole episode
with the transcript's own language model. Its words that fall in a sentence's
time span and match the sentence's text in order are that sentence's words, with
the recogniser's start and end. Only the anchors (runs of four or more) decide
sentence starts; here the span is already known, so shorter matches are telling:
a run of two, or a single word that occurs once both in the sentence and in what
was heard in its span.
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections import Counter
from difflib import SequenceMatcher

from .reading import spoken_tokens
from .words import Said

EDGE_SECONDS = 0.3  # a sentence's span reaches this far before its start and past the next start
GAPS = True  # matched words too far apart for the text between them are not both the sentence's (_apart)
RUN_ON_GAP = 2.0  # seconds no reader leaves between two words the text runs straight on between ...
WORD_GAP = 1.0  # ... plus this per word of the text between them left unheard
_PAUSE_MARK = re.compile(r"[^\w']$")  # a token ending in punctuation: any pause may follow it
# A sentence whose first two words were not heard in its span looks back to where the words heard of
# the sentence before end, and takes its opening from there when its first two words were heard in a
# row (a start set back from a later anchor onto a pause at its own comma leaves them before its span)
LOOK_BACK = True


def token_pieces(text: str) -> list[int]:
    """Per whitespace token, how many words a reader says for it (the recogniser's words:
    "ill-disposed" two, "1465" three)."""
    return [len(said) for said in spoken_tokens(text)]


def heard_in_span(
    text: str, recognised: list[Said], lo: float, hi: float, gaps: bool = False
) -> dict[int, tuple[float, float]]:
    """Token index -> (start, end) for the sentence's tokens heard between ``lo`` and ``hi``
    seconds (a token of several words is timed when all of them were heard); with ``gaps``, less
    those across an impossible gap (:func:`_apart`; the word pass's spans only: ``unsaid`` looks
    over a whole unanchored run, where it changed which sentences were said on conversation 7)."""
    pieces = [word for token in spoken_tokens(text) for word, _ in token]
    heard = [h for h in recognised if lo <= h[1] < hi]
    said = [h[0] for h in heard]
    matcher = SequenceMatcher(None, pieces, said, autojunk=False)
    pairs = [
        (block.a + k, block.b + k)
        for block in matcher.get_matching_blocks()
        if block.size >= 2
        for k in range(block.size)
    ]
    ours, theirs = Counter(pieces), Counter(said)
    for word in ours:
        if ours[word] == 1 and theirs[word] == 1:
            a, b = pieces.index(word), said.index(word)
            if all((a - x) * (b - y) > 0 for x, y in pairs):  # in order with what is matched
                pairs.append((a, b))
    times = {a: (heard[b][1], heard[b][2]) for a, b in pairs}
    if gaps:
        times = _apart(times, _piece_marks(text))
    out: dict[int, tuple[float, float]] = {}
    position = 0
    for k, count in enumerate(token_pieces(text)):
        inside = [times.get(p) for p in range(position, position + count)]
        if count and all(t is not None for t in inside):
            first, last = inside[0], inside[-1]
            assert first is not None and last is not None
            out[k] = (round(first[0], 3), round(last[1], 3))
        position += count
    return out


def _piece_marks(text: str) -> list[bool]:
    """Per recognised word of the text (:func:`token_pieces`): whether a pause mark (a token's
    punctuation) follows it."""
    out: list[bool] = []
    for token, count in zip(text.split(), token_pieces(text), strict=False):
        out += [False] * max(0, count - 1) + ([bool(_PAUSE_MARK.search(token))] if count else [])
    return out


def _apart(times: dict[int, tuple[float, float]], marks: list[bool]) -> dict[int, tuple[float, float]]:
    """The matched words less those on the smaller side of an impossible gap: two matched words
    of the text with no punctuation between them, heard further apart than RUN_ON_GAP plus
    WORD_GAP per word between them. The matcher pairs text and heard words in order only, so a
    run can reach across a pause into the next sentence's audio (the cold speaker's "say in" and
    then "the" 3.2 s later, which was the drawn-out "and" of "And here's a long pause."; long s15),
    or a lone word be taken from far before its neighbours ("of" heard 3.0 s before "different",
    in "also quite"; long s18). Runs of plausibly spaced words are kept; at each impossible gap
    the side with fewer words goes (both, when even)."""
    order = sorted(times)
    runs: list[list[int]] = [order[:1]] if order else []
    for a, b in itertools.pairwise(order):
        gap = times[b][0] - times[a][1]
        if not any(marks[a:b]) and gap > RUN_ON_GAP + WORD_GAP * (b - a - 1):
            runs.append([b])
        else:
            runs[-1].append(b)
    drop: set[int] = set()
    for left, right in itertools.pairwise(runs):
        if len(left) <= len(right):
            drop.update(left)
        if len(right) <= len(left):
            drop.update(right)
    return {k: t for k, t in times.items() if k not in drop}


def heard_per_sentence(
    texts: list[str], starts: list[float], duration: float, recognised: list[Said]
) -> list[dict[int, tuple[float, float]]]:
    """For timed sentences in order: the tokens heard in each one's span (its start to the next's).
    Each sentence looks only at the heard words its span can hold (bisected out of the sorted list:
    scanning all of them per sentence took ~3 s at 98 minutes)."""
    recognised = sorted(recognised, key=lambda h: h[1])
    times = [h[1] for h in recognised]
    out = []
    for k, text in enumerate(texts):
        lo = starts[k] - EDGE_SECONDS
        hi = (starts[k + 1] if k + 1 < len(texts) else duration) + EDGE_SECONDS
        near = recognised[bisect.bisect_left(times, lo) : bisect.bisect_left(times, hi)]
        found = heard_in_span(text, near, lo, hi, GAPS)
        if LOOK_BACK and k and out[-1] and not (0 in found and 1 in found):
            back = max(b for _, b in out[-1].values())
            if back < lo:
                wider = recognised[bisect.bisect_left(times, back) : bisect.bisect_left(times, hi)]
                opened = heard_in_span(text, wider, back, hi, GAPS)
                found = opened if 0 in opened and 1 in opened else found
        out.append(found)
    return out
