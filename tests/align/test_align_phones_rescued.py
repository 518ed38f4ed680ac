"""A rescued start after the sentence before counts where the onset cannot be its start (issue #13).

``word_times``' "too soon" branch (session 10): an unsure start set before the last heard word of the
sentence before ends goes to where speech resumes after that word, unless its forced words say
otherwise; a start the rescue (``align/rescue.py``, a denoised copy) forced counts only when it lies
over ``ONSET_REACH`` past that onset. Long reading seed 1 on the Phones path: the cold speaker's
"So this is the sick corpus." (true start 99.45 s) was set at 96.57 s, inside the LJ Speech
reader's last heard word ("form", 96.39-96.97 s); its window failed and the rescue forced it at
99.02 s. Without the rule it went to the onset after "form", 96.97 s (-2.48 s).
"""

from __future__ import annotations

import pytest

from earmark.align import words

from . import realcase

FIRST = 9  # the case's segment index of the first sentence below
# The engine's starts and confidences (before the word pass) for segments 9-14 of long reading seed 1,
# Phones path: the LJ Speech sentence, then the cold speaker's first five.
STARTS = [(83.74, 0.9), (96.57, 0.6), (98.94, 0.6), (107.65, 0.7), (117.51, 0.7), (118.82, 0.6)]
# What the recogniser heard (espeak-ng's phones) at the end of the LJ Speech sentence, 90.4-97.0 s.
HEARD = [
    ("composed", 90.42, 91.06), ("to", 91.15, 91.25), ("form", 91.25, 91.57), ("letterpress", 91.57, 92.44),
    ("it", 92.55, 92.66), ("is", 92.66, 92.81), ("of", 92.81, 92.91), ("the", 92.91, 93.02),
    ("first", 93.02, 93.39), ("importance", 93.39, 94.10), ("that", 94.10, 94.55), ("the", 94.55, 94.64),
    ("letter", 94.64, 94.97), ("used", 94.97, 95.48), ("should", 95.48, 95.65), ("be", 95.65, 95.77),
    ("fine", 95.77, 96.26), ("in", 96.26, 96.39), ("form", 96.39, 96.97),
]  # fmt: skip


def test_a_rescued_start_far_past_the_onset_is_kept(tmp_path, monkeypatch):
    """The word pass on the real long reading (seed 1), English heard as any other language: "So
    this is the sick corpus." starts within 500 ms of the truth (the rescued 99.02 s), not at the
    onset after the sentence before's last heard word (96.97 s, -2.48 s)."""
    if not realcase.available():
        pytest.skip(f"real speech not found at {realcase.REAL} (../shared/real_speech)")
    case = realcase.long_reading(tmp_path, seed=1)
    truth = case.truth[FIRST + 1]
    monkeypatch.setattr(words, "ENGLISH_DICTIONARY", False)
    timed = realcase.word_pass(case, FIRST, STARTS, HEARD)
    assert timed[1].text == "So this is the sick corpus."
    assert abs(timed[1].start - truth) <= 0.5
