"""Other projects' test suites for the same formats (shared/peer_formats), scored as its README says.

Every case runs; the score is printed (``pytest -s`` shows it). The cases where
Earmark decides against a suite are listed below with the reason (and in
docs/README-formats.md with the spec reference); every other case must be right.
"""

from __future__ import annotations

import pytest

from .peer_scoring import PEER, score_all

_ONE_BAD_CUE = (
    "the suite refuses a whole file for one bad cue; the WebVTT spec (and WPT timings-garbage) keeps the"
    " good cues, the bad one counted"
)
_SPEC = "vtt.js's expectation predates the current WebVTT spec, which WPT and Earmark follow"

DECIDED_AGAINST: dict[str, str] = {
    "pysrt/capability_tester.srt": "ASS overrides ({\\an8}) removed, 2<3,5>1,4<6 kept, as the file asks",
    "pysrt/invalid.srt": "00:00:01 --> 00:00:10 (no milliseconds) is read, as VLC and ExoPlayer read it;"
    " srt-cdown no_msec.srt, the same shape, expects it read",
    "vttjs/cue-times/min-top-digits.vtt": _SPEC + " (000:00.000 is no timestamp: WPT timings-too-long)",
    "vttjs/cuetext/escape-characters/incorrect.vtt": _SPEC + " (&lt without ; decodes, as in HTML)",
    "vttjs/file-layout/header-no-new-line.vtt": _SPEC
    + " (a timing line ends the header: WPT header-timings)",
    "vttjs/integration/id.vtt": _SPEC + " (the cue after a bad --> id is kept: WPT arrows)",
    "vttjs/integration/spec-example.vtt": "the suite expects mojibake back; Earmark repairs it",
    "webvtt-py/invalid_timeframe.srt": "00:00:11.890 (a dot in an SRT time) is read, as VLC reads it",
    "webvtt-py/invalid_timeframe.vtt": _ONE_BAD_CUE,
    "webvtt-py/missing_timeframe.vtt": _ONE_BAD_CUE,
}


@pytest.fixture(scope="module")
def outcomes():
    if not PEER.is_dir():
        pytest.skip(f"peer format suites not found at {PEER} (shared/peer_formats is not in this checkout)")
    return score_all()


def test_peer_cases_score(outcomes):
    """Every peer case is right except the decided-against ones (which are wrong); the score is printed."""
    right = sum(o.right for o in outcomes)
    print(f"\npeer formats: {right}/{len(outcomes)} right")
    for case, reason in sorted(DECIDED_AGAINST.items()):
        print(f"  decided against {case}: {reason}")
    wrong = {o.case: o.reason for o in outcomes if not o.right and o.case not in DECIDED_AGAINST}
    for case, reason in sorted(wrong.items()):
        print(f"  FAIL {case}: {reason}")
    assert wrong == {}
    assert right == len(outcomes) - len(DECIDED_AGAINST)


def test_peer_cases_have_no_defects(outcomes):
    """No case raises anything but a one-line InputError."""
    assert [(o.case, o.reason) for o in outcomes if o.defect] == []
