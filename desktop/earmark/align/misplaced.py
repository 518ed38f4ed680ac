"""A short anchor that leaves the sentences after it no room was heard in their speech (issue #13).

A gap's anchor may be a run of two or three words (:func:`earmark.align.heard.anchor_gaps`). The
recogniser listens with the text's own bigrams, so a phrase of one sentence is sometimes heard
inside the next one: long reading seed 24's "sick corpus" (the end of "So this is the sick
corpus.") heard in "...quite different than the acoustic corpus." 6.5 s later. The unanchored
sentence between that anchor and the next then finds no speech (it is all before the anchor) and
is marked unspoken, while before the anchor there is speech for both. Such an anchor is dropped:
the sentence joins the run after it, which the verdict (:mod:`earmark.align.spoken`) and the
later stages judge as one. Times are seconds for anchors and 100 fps frames for masks.
"""

from __future__ import annotations

import numpy as np

from .features import FPS
from .heard import FEWEST_WORDS, SECONDS_PER_WORD, Heard

DROP = True  # (engine) a short anchor with the run after it left no room, and room before it, is dropped
ENOUGH = 0.25  # as spoken.ENOUGH: the run after the anchor has under this share of its length in speech
ROOM = 0.7  # speech before the anchor holds this share of the sentence's and the run's synthetic lengths


def drop_misplaced(heard: list[Heard], lengths: list[int], speech: np.ndarray) -> list[int]:
    """Clear (in place) the anchors of sentences anchored on fewer than FEWEST_WORDS words, between
    anchored neighbours, whose unanchored run after them has under ENOUGH of its length in
    ``speech`` before the next anchored sentence begins (its lead set by
    ``anchor_starts.expect_leads``), while the speech since the anchored sentence before holds
    ROOM of its own and the run's lengths. Returns the sentences whose anchors were dropped."""
    anchored = [k for k, h in enumerate(heard) if h.time is not None]
    dropped = []
    for before, k, after in zip(anchored, anchored[1:], anchored[2:], strict=False):
        h = heard[k]
        if after == k + 1 or h.first_anchor is None or h.last_anchor is None:
            continue  # no unanchored run after it
        if h.last_anchor - h.first_anchor + 1 >= FEWEST_WORDS:
            continue  # a steady anchor
        run = sum(lengths[k + 1 : after])
        since = heard[before].ends_after(SECONDS_PER_WORD)
        end = h.ends_after(SECONDS_PER_WORD)
        if since is None or end is None or heard[after].time is None or h.time is None:
            continue
        upto = heard[after].time - heard[after].lead  # where the next anchored sentence begins
        room_after = int(speech[int(end * FPS) : max(int(end * FPS), int(upto * FPS))].sum())
        room_before = int(speech[int(since * FPS) : max(int(since * FPS), int(h.time * FPS))].sum())
        if room_after < ENOUGH * run and room_before >= ROOM * (lengths[k] + run):
            h.first_anchor = h.time = h.last_anchor = h.last_time = None
            h.lead = 0.0
            dropped.append(k)
    return dropped
