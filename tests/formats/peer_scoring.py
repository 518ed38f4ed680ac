"""Score Earmark's readers on the peer suites in ``shared/peer_formats`` (scoring as in its README).

A case is right when the cue count matches and, cue by cue (both lists stably
sorted by start), start and end are within 1 ms, the text matches after
whitespace normalisation and the speaker matches where one is expected (where
none is, ``speaker: body`` may stand for the body). ``"reject"`` and ``[]`` are
right when the reader refuses the file with a one-line ``InputError`` or reads
no segment. Expected cues with empty text may be left out. Anything else (an
exception other than ``InputError``, a multi-line message) is a defect.

Run alone to print every failing case:
``/work/main/.venv/bin/python tests/formats/peer_scoring.py``
"""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass
from pathlib import Path

PEER = Path(__file__).resolve().parents[3] / "shared" / "peer_formats"


@dataclass(frozen=True)
class Outcome:
    case: str  # suite/relative/path
    right: bool
    reason: str
    defect: bool = False


def _norm(text: str | None) -> str:
    return " ".join((text or "").split())


def _key(cue: dict) -> float:
    start = cue.get("start")
    return float("-inf") if start is None else start


def _compare(expected: list[dict], got: list[dict]) -> str | None:
    """None when ``got`` matches ``expected``; otherwise why not."""
    if len(expected) != len(got):
        return f"{len(expected)} cues expected, got {len(got)}"
    for index, (want, have) in enumerate(zip(sorted(expected, key=_key), sorted(got, key=_key), strict=True)):
        for field in ("start", "end"):
            if field not in want:
                continue
            if want[field] is None or have[field] is None:
                if want[field] is not have[field]:
                    return f"cue {index} {field}: expected {want[field]}, got {have[field]}"
            elif abs(round(want[field] * 1000) - round(have[field] * 1000)) > 1:  # within 1 ms
                return f"cue {index} {field}: expected {want[field]}, got {have[field]}"
        text, body, speaker = _norm(want.get("text")), _norm(have["text"]), have["speaker"] or ""
        if "speaker" in want:
            if _norm(want["speaker"]) != _norm(speaker):
                return f"cue {index} speaker: expected {want['speaker']!r}, got {speaker!r}"
            if text != body:
                return f"cue {index} text: expected {text!r}, got {body!r}"
        elif text != body and not (speaker and text == _norm(f"{speaker}: {body}")):
            return f"cue {index} text: expected {text!r}, got {body!r}"
    return None


def score_case(path: Path) -> Outcome:
    """Read ``path`` with Earmark's shape detection and score it against ``path.expected.json``."""
    from earmark.core.errors import InputError
    from earmark.formats import read_file

    case = str(path.relative_to(PEER))
    expected = json.loads(path.with_name(path.name + ".expected.json").read_text(encoding="utf-8"))
    try:
        transcript = read_file(path)
    except InputError as error:
        message = str(error)
        if "\n" in message:
            return Outcome(case, False, f"multi-line error: {message!r}", defect=True)
        if expected == "reject" or not any(_norm(cue.get("text")) for cue in expected):
            return Outcome(case, True, "refused")
        return Outcome(case, False, f"refused: {message}")
    except Exception as error:  # any other exception is the defect being scored
        return Outcome(case, False, f"{type(error).__name__}: {error}", defect=True)
    got = [
        {
            "start": None if s.start is None else round(s.start, 3),
            "end": None if s.start is None or s.end is None else round(s.end, 3),
            "text": s.text,
            "speaker": s.speaker,
        }
        for s in transcript.segments
    ]
    shape = f"[{transcript.format}/{transcript.kind}]"
    if expected == "reject" or expected == []:
        if not got:
            return Outcome(case, True, "no segments")
        return Outcome(
            case,
            False,
            f"{shape} read {len(got)} segment(s) from a file with no cues: {got[0]['text'][:50]!r}",
        )
    why = _compare(expected, got)
    if why is not None:
        spoken = [cue for cue in expected if _norm(cue.get("text"))]
        if len(spoken) != len(expected) and _compare(spoken, got) is None:
            return Outcome(case, True, "right with empty cues left out")
        return Outcome(case, False, f"{shape} {why}")
    return Outcome(case, True, "right")


def cases() -> list[Path]:
    """Every input in the peer suites that has an expected result, in a stable order."""
    return sorted(p.with_name(p.name[: -len(".expected.json")]) for p in PEER.rglob("*.expected.json"))


def score_all() -> list[Outcome]:
    return [score_case(path) for path in cases()]


def main() -> None:
    outcomes = score_all()
    suites: dict[str, list[Outcome]] = {}
    for outcome in outcomes:
        suites.setdefault(outcome.case.split("/")[0], []).append(outcome)
    for suite, items in sorted(suites.items()):
        right = sum(o.right for o in items)
        print(f"  {suite:<20} {right:>4}/{len(items):<4}")
    for outcome in outcomes:
        if not outcome.right:
            print(f"FAIL {outcome.case}: {outcome.reason}")
    print(f"peer formats: {sum(o.right for o in outcomes)}/{len(outcomes)} right")


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "desktop"))
    main()
