"""Other projects' test suites for the same formats (shared/peer_formats), scored as its README says.

Every case runs; the score is printed (``pytest -s`` shows it). The cases where
Earmark decides against a suite are listed below with the reason (and in
docs/README-formats.md with the spec reference); every other case must be right.
"""

from __future__ import annotations

import pytest

from .peer_scoring import PEER, score_all

DECIDED_AGAINST: dict[str, str] = {}

FLOOR = 419  # raised as families of defects are fixed


@pytest.fixture(scope="module")
def outcomes():
    if not PEER.is_dir():
        pytest.skip(f"peer format suites not found at {PEER} (shared/peer_formats is not in this checkout)")
    return score_all()


def test_peer_cases_score(outcomes):
    """Every peer case is right except the decided-against ones; the score is printed."""
    right = sum(o.right for o in outcomes)
    print(f"\npeer formats: {right}/{len(outcomes)} right")
    for case, reason in sorted(DECIDED_AGAINST.items()):
        print(f"  decided against {case}: {reason}")
    wrong = {o.case: o.reason for o in outcomes if not o.right and o.case not in DECIDED_AGAINST}
    for case, reason in sorted(wrong.items()):
        print(f"  FAIL {case}: {reason}")
    assert right >= FLOOR, wrong


def test_peer_cases_have_no_defects(outcomes):
    """No case raises anything but a one-line InputError."""
    assert [(o.case, o.reason) for o in outcomes if o.defect] == []
