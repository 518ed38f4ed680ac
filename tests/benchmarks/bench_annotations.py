"""Annotation figures: note commit latency (WAL, synchronous=FULL) and re-anchoring a long episode.

Run: PYTHONPATH=desktop python tests/benchmarks/bench_annotations.py   (prints numbers; not a test)
"""

from __future__ import annotations

import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "desktop"))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from conftest import write_tone
from earmark.app import build_services

WORDS = [
    "sleep",
    "memory",
    "brain",
    "night",
    "dream",
    "river",
    "water",
    "light",
    "people",
    "city",
    "music",
    "story",
    "question",
    "answer",
    "science",
    "history",
    "money",
    "power",
    "language",
    "future",
    "voice",
    "idea",
    "problem",
    "reason",
    "market",
    "school",
]


def _srt(lines: list[str]) -> str:
    def clock(s: float) -> str:
        ms = round(s * 1000)
        return f"{ms // 3_600_000:02d}:{ms // 60_000 % 60:02d}:{ms // 1000 % 60:02d},{ms % 1000:03d}"

    return "".join(
        f"{n + 1}\n{clock(n * 2.0)} --> {clock(n * 2.0 + 1.9)}\n{t}\n\n" for n, t in enumerate(lines)
    )


def main() -> None:
    rng = random.Random(1)
    lines = [
        " ".join(rng.choice(WORDS) for _ in range(rng.randint(6, 16))).capitalize() + "." for _ in range(5000)
    ]
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        (root / "v1.srt").write_text(_srt(lines))
        services = build_services(root / "library")
        episode = services.importer.import_episode(write_tone(root / "a.wav", 1.0), root / "v1.srt")
        notes = services.annotations
        rows = sorted(rng.sample(range(5000), 300))
        ids = [notes.highlight_segment(episode, row).id for row in rows]

        times = []
        for n in range(300):
            start = time.perf_counter()
            notes.update_note(ids[n], f"note {n} " * 20)
            times.append((time.perf_counter() - start) * 1000)
        times.sort()
        print(
            f"note commit: median {statistics.median(times):.2f} ms, "
            f"p95 {times[int(len(times) * 0.95)]:.2f} ms"
        )

        edited = list(lines)
        for row in rng.sample(range(5000), 400):  # fix a word in 8% of lines
            words = edited[row].split()
            words[rng.randrange(len(words))] = rng.choice(WORDS)
            edited[row] = " ".join(words)
        (root / "v2.srt").write_text(_srt(edited))
        start = time.perf_counter()
        services.importer.replace_transcript(episode, root / "v2.srt")
        seconds = time.perf_counter() - start
        orphans = len(notes.orphans(episode))
        before = dict(zip(ids, rows, strict=True))
        wrong = sum(1 for h in notes.highlights(episode) if round(h.start / 2.0) != before[h.id])
        print(
            "replace 5,000-line transcript + re-anchor 300 highlights (8% of lines edited): "
            f"{seconds:.2f} s, "
            f"orphans {orphans}, on the wrong line {wrong}"
        )
        services.close()


if __name__ == "__main__":
    main()
