"""A short ``+SPN+`` abutting a forced first word holds that word's first phone (issue #13,
``lead_filler.SPN_ONSET``); a rescued first word right after a forced "um" is where the sentence
opens (``lead_filler.RESCUE_AFTER_UM``).

Real speech: "Lord, but I'm glad to see you again, Phil." (``arctic_axb_a0004``) as the benchmark's
conversation seed 10 has it. The engine's start was right (0.7); the forcer gave the L to ``+SPN+``
(0.17 s) and put "lord" 0.3 s late, and the far move took the start there, unflagged."""

from __future__ import annotations

import numpy as np
import pytest

from earmark.align import lead_filler
from earmark.align.forced import Timed

from . import realcase

TEXT = "Lord, but I'm glad to see you again, Phil."
# the engine's (start, confidence) on conversation seed 10 for the sentence before, that one and the next
ENGINE_SEED10 = [(37.44, 0.7), (48.05, 0.7), (52.06, 0.9)]
# the recogniser's words there (episode seconds), from its cached answer
HEARD_SEED10 = [
    ("and", 37.435, 37.705),
    ("tom", 37.755, 38.165),
    ("i'm", 38.165, 38.385),
    ("fellow", 38.385, 38.765),
    ("americans", 38.765, 39.295),
    ("ask", 40.375, 40.835),
    ("not", 41.125, 41.455),
    ("what", 42.505, 42.725),
    ("your", 42.725, 42.845),
    ("archive", 42.845, 43.295),
    ("grave", 43.295, 43.605),
    ("and", 43.605, 43.795),
    ("know", 43.795, 44.055),
    ("for", 44.095, 44.185),
    ("your", 44.185, 44.615),
    ("and", 45.285, 45.635),
    ("what", 45.635, 45.935),
    ("you", 45.935, 46.295),
    ("can", 46.335, 46.515),
    ("do", 46.515, 46.755),
    ("for", 46.755, 46.915),
    ("your", 46.915, 47.125),
    ("country", 47.125, 47.565),
    ("can", 48.045, 48.195),
    ("i", 48.195, 48.575),
    ("began", 48.575, 49.095),
    ("glad", 49.095, 49.375),
    ("to", 49.375, 49.505),
    ("see", 49.505, 49.655),
    ("you", 49.655, 49.865),
    ("again", 49.865, 50.275),
    ("than", 50.275, 50.585),
    ("not", 52.045, 52.285),
    ("at", 52.285, 52.405),
    ("this", 52.405, 52.645),
    ("particular", 52.645, 53.285),
]


@pytest.mark.skipif(not realcase.available(), reason=f"real speech not found at {realcase.REAL}")
def test_the_first_phone_taken_by_spn_keeps_the_start(tmp_path, monkeypatch):
    """Within 0.1 s of the truth with the rule; 0.3 s late without it."""
    case = realcase.conversation(tmp_path, 10)
    first = [s.text for s in case.segments].index(TEXT)
    truth = case.truth[first]
    kept = realcase.word_pass(case, first - 1, ENGINE_SEED10, HEARD_SEED10)[1]
    assert abs(kept.start - truth) <= 0.1, kept.start - truth
    monkeypatch.setattr(lead_filler, "SPN_ONSET", False)
    moved = realcase.word_pass(case, first - 1, ENGINE_SEED10, HEARD_SEED10)[1]
    assert moved.start > truth + 0.25


def test_an_um_as_long_as_an_um_is_no_first_phone():
    """A +SPN+ of 0.22 s before "And" (an "um", conversation seed 8) leaves the word where it was."""
    result = Timed(74.71, [(74.71, 75.15), (75.2, 75.4)], True, True)
    assert lead_filler.with_spn_onset(result, [("<sil>", 73.66, 74.49), ("sil_spn", 74.49, 74.71)]) is result
    short = lead_filler.with_spn_onset(result, [("<sil>", 73.66, 74.54), ("sil_spn", 74.54, 74.71)])
    assert short.start == 74.54 and short.words[0] == (74.54, 75.15)


def test_a_rescued_first_word_after_a_forced_um(monkeypatch):
    """Conversation seed 9's rescue: "um" 91.41-91.97, "er" to 92.1, "I" at 92.1 (the truth 92.29)."""
    result = Timed(92.1, [(92.1, 92.25), (92.25, 92.5)], True, True)
    leads = [("<sil>", 90.88, 91.41), ("um", 91.41, 91.97), ("er", 91.97, 92.1)]
    assert lead_filler.after_um(result, leads)
    assert not lead_filler.after_um(result, [])  # conversation seed 21: the window opened on "I"
    monkeypatch.setattr(lead_filler, "RESCUE_AFTER_UM", False)
    assert not lead_filler.after_um(result, leads)


class _Scripted:
    """In place of forced._Inline: a window of both sentences "went wrong as a whole" (the second one's
    words 10 s before its start, as "Will we ever forget it." on conversation seed 14); a window of one
    is forced where the sentence is."""

    def __init__(self, dictionary: str) -> None:
        self.windows: list[int] = []

    def submit(self, pcm: bytes, window) -> object:
        self.windows.append(window.hi - window.lo)
        n = len(window.words)
        if window.hi - window.lo > 1:  # all words packed at the window's start
            return [(i, 0.6 + 0.2 * i, 0.8 + 0.2 * i) for i in range(n)], []
        return [(i, 0.6 + 0.3 * i, 0.9 + 0.3 * i) for i in range(n)], []

    def result(self, handle: object) -> object:
        return handle


def test_a_window_that_put_a_sentence_far_before_its_start_is_split(tmp_path, monkeypatch):
    from earmark.align import forced

    def write(words: list[str], path: str) -> None:
        with open(path, "w", encoding="utf-8") as handle:
            handle.writelines(f"{w} AH\n" for w in words)

    def run() -> list[Timed]:
        monkeypatch.setattr(forced, "_Inline", _Scripted)
        texts = ["We went there.", "Will we ever forget it."]
        return forced.align_sentences(
            lambda a, b: np.zeros(int((b - a) * 16000)),
            texts,
            [10.0, 22.0],
            [10.5, 22.5],
            [True, False],
            40.0,
            str(tmp_path),
            write_dictionary=write,
        )

    split = run()
    assert abs(split[1].start - 22.0) < 0.5, split[1].start
    monkeypatch.setattr(forced, "SPLIT_FAR", False)
    kept = run()
    assert kept[1].start < 22.0 - forced.SPLIT_FAR_SECONDS
