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
from collections import Counter
from difflib import SequenceMatcher

from .reading import spoken_tokens
from .words import Said

EDGE_SECONDS = 0.3  # a sentence's span reaches this far before its start and past the next start


def token_pieces(text: str) -> list[int]:
    """Per whitespace token, how many words a reader says for it (the recogniser's words:
    "ill-disposed" two, "1465" three)."""
    return [len(said) for said in spoken_tokens(text)]


def heard_in_span(text: str, recognised: list[Said], lo: float, hi: float) -> dict[int, tuple[float, float]]:
    """Token index -> (start, end) for the sentence's tokens heard between ``lo`` and ``hi``
    seconds (a token of several words is timed when all of them were heard)."""
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
        out.append(heard_in_span(text, near, lo, hi))
    return out
