"""Reader speed: a 3-hour transcript (6,000 cues) as SRT, WebVTT, Podcasting 2.0 JSON; the plain sample.

Prints our time against a maintained library's reader in the same run (pysrt,
webvtt-py, json; pysbd alone for the plain text), wall clock and CPU time (the CPU
figure moves less when the machine is shared). Aims: 6,000 cues in 50 ms or less for
each shape; the plain sample (whose sentences are pinned by
tests/formats/test_formats_sentences_pinned.py) in 150 ms or less.
Run: /work/main/.venv/bin/python tests/benchmarks/bench_formats.py
"""

from __future__ import annotations

import json
import os
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


def _best(call, repeat: int = 7) -> tuple[float, object]:
    """Best wall-clock milliseconds of ``repeat`` runs, and the result."""
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = call()
        times.append(time.perf_counter() - start)
    return min(times) * 1000, result


def _best_cpu(call, repeat: int = 7) -> float:
    """Best CPU milliseconds of ``repeat`` runs (this process only)."""
    times = []
    for _ in range(repeat):
        start = time.process_time()
        call()
        times.append(time.process_time() - start)
    return min(times) * 1000


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
        ours_cpu = _best_cpu(lambda path=path: read_file(path))
        theirs, items = _best(lambda path=path, read_lib=read_lib: read_lib(path))
        theirs_cpu = _best_cpu(lambda path=path, read_lib=read_lib: read_lib(path))
        assert len(result.segments) == CUES and len(items) == CUES
        label = f"{fmt.upper()} 6,000 cues ({path.stat().st_size // 1024} KB)"
        rows.append((label, ours, ours_cpu, 50, library, theirs, theirs_cpu))
    if SAMPLE.is_file():
        ours, result = _best(lambda: read_file(SAMPLE), repeat=5)
        ours_cpu = _best_cpu(lambda: read_file(SAMPLE), repeat=5)
        splitter = pysbd.Segmenter(language="en", clean=False)
        text = SAMPLE.read_text(encoding="utf-8")
        theirs, _ = _best(lambda: splitter.segment(text), repeat=3)
        theirs_cpu = _best_cpu(lambda: splitter.segment(text), repeat=3)
        label = f"plain sample ({len(result.segments)} sentences)"
        rows.append((label, ours, ours_cpu, 150, "pysbd alone", theirs, theirs_cpu))
    else:
        print(f"(plain sample skipped: {SAMPLE} is missing)")
    print("| file | Earmark read_file (ms) | CPU (ms) | aim (ms) | library | library (ms) | CPU (ms) |")
    print("|---|---:|---:|---:|---|---:|---:|")
    for label, mine, mine_cpu, aim, library, other, other_cpu in rows:
        print(
            f"| {label} | {mine:.0f} | {mine_cpu:.0f} | {aim} | {library} | {other:.0f} | {other_cpu:.0f} |"
        )
    load = os.getloadavg()[0]
    runs = "best of 7 runs (5 for the plain sample, 3 for pysbd)"
    print(f"\n{runs} — python {sys.version.split()[0]}, load average {load:.1f}")


if __name__ == "__main__":
    main()
