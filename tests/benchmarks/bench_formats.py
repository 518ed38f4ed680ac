"""Reader speed: a 3-hour transcript (6,000 cues) as SRT, WebVTT, Podcasting 2.0 JSON; the plain sample.

Prints our time against a maintained library's reader in the same run (pysrt,
webvtt-py, json; pysbd alone for the plain text). Aim: under 100 ms per 6,000 cues.
Run: /work/main/.venv/bin/python tests/benchmarks/bench_formats.py
"""

from __future__ import annotations

import json
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "desktop"))

import pysbd  # noqa: E402
import pysrt  # noqa: E402
import webvtt  # noqa: E402

from earmark.core.model import Segment, Transcript, TranscriptKind  # noqa: E402
from earmark.formats import read_file, write_transcript  # noqa: E402

CUES = 6000
SAMPLE = ROOT.parent / "shared" / "samples" / "lastweekinai_plain_transcript.txt"


def _transcript() -> Transcript:
    segments = []
    for i in range(CUES):  # 6,000 cues over 3 hours: 1.8 s apart
        start = i * 1.8
        segments.append(
            Segment(
                text=f"Sentence number {i} says something about the news of the week, mostly.",
                start=start,
                end=start + 1.7,
                speaker=("Ann", "Bo", None)[i % 3],
            )
        )
    return Transcript(segments=segments, format="bench", kind=TranscriptKind.TIMED)


def _best(call, repeat: int = 5) -> tuple[float, object]:
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = call()
        times.append(time.perf_counter() - start)
    return min(times) * 1000, result


def main() -> None:
    folder = Path(tempfile.mkdtemp())
    transcript = _transcript()
    rows = []
    for fmt, name, library, read_lib in (
        ("srt", "3h.srt", "pysrt", lambda p: list(pysrt.open(str(p), encoding="utf-8"))),
        ("vtt", "3h.vtt", "webvtt-py", lambda p: list(webvtt.read(str(p)))),
        ("json", "3h.json", "json", lambda p: json.loads(p.read_text(encoding="utf-8"))["segments"]),
    ):
        path = folder / name
        path.write_text(write_transcript(transcript, fmt), encoding="utf-8")
        ours, result = _best(lambda path=path: read_file(path))
        theirs, items = _best(lambda path=path, read_lib=read_lib: read_lib(path))
        assert len(result.segments) == CUES and len(items) == CUES
        rows.append((f"{fmt.upper()} 6,000 cues ({path.stat().st_size // 1024} KB)", ours, library, theirs))
    ours, result = _best(lambda: read_file(SAMPLE), repeat=3)
    splitter = pysbd.Segmenter(language="en", clean=False)
    theirs, _ = _best(lambda: splitter.segment(SAMPLE.read_text(encoding="utf-8")), repeat=3)
    rows.append((f"plain sample ({len(result.segments)} sentences)", ours, "pysbd alone", theirs))
    print("| file | Earmark read_file (ms) | library | library (ms) |")
    print("|---|---:|---|---:|")
    for label, mine, library, other in rows:
        print(f"| {label} | {mine:.0f} | {library} | {other:.0f} |")
    print(f"\nbest of 5 runs (3 for the plain sample) — python {sys.version.split()[0]}")


if __name__ == "__main__":
    main()
