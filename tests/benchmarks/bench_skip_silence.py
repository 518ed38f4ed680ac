"""Skip silence: how much listening time the audio's own pauses save, and whether any word is cut.

Run: /work/main/.venv/bin/python tests/benchmarks/bench_skip_silence.py

Cases: the bundled demo episode (espeak-ng voices), a real reading (sonnet001, 52 s), and a real
read passage with MFA word times (mfa_acoustic), from ``../shared/real_speech`` (skipped with a
message when missing). Beside ours, in the same run, a baseline many players use: a fixed
-40 dBFS threshold. "words cut" counts words whose TextGrid interval overlaps a skipped stretch.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(ROOT / "desktop")]

from earmark.services import silence  # noqa: E402

REAL = ROOT.parent / "shared" / "real_speech" / "clips"
FIXED_DB = -40.0


def fixed_threshold(loud_db: np.ndarray) -> list[tuple[float, float]]:
    """Quiet = below a fixed -40 dBFS, same minimum pause and kept edges as ours."""
    quiet = loud_db < FIXED_DB
    edges = np.flatnonzero(np.diff(np.concatenate([[0], quiet.astype(np.int8), [0]])))
    runs = []
    for begin, stop in zip(edges[::2], edges[1::2], strict=False):
        start, end = begin * silence.FRAME / silence.RATE, stop * silence.FRAME / silence.RATE
        if end - start >= silence.MIN_PAUSE:
            runs.append((start + silence.KEEP, end - silence.KEEP))
    return runs


def textgrid_words(path: Path) -> list[tuple[float, float]]:
    """(start, end) of every labelled word interval in the first tier of a long TextGrid."""
    lines = [line.strip() for line in path.read_text(encoding="utf-8").splitlines()]
    tier = lines.index('"IntervalTier"')
    count = int(lines[tier + 4])
    words = []
    for k in range(count):
        lo, hi, label = lines[tier + 5 + 3 * k : tier + 8 + 3 * k]
        if label.strip('"') and label.strip('"')[0] not in "<[":
            words.append((float(lo), float(hi)))
    return words


def cut(words: list[tuple[float, float]], runs: list[tuple[float, float]]) -> int:
    return sum(any(s < we and ws < e for s, e in runs) for ws, we in words)


def main() -> None:
    cases = [("demo (espeak-ng, 1:41)", ROOT / "resources" / "demo" / "demo.opus", None)]
    if REAL.is_dir():
        cases += [
            ("real reading: sonnet001", REAL / "sonnet001.wav", None),
            ("real reading: mfa_acoustic", REAL / "mfa_acoustic.wav", REAL / "mfa_acoustic.TextGrid"),
            ("real reading: mfa_cold3", REAL / "mfa_cold3.wav", REAL / "mfa_cold3.TextGrid"),
            ("real speech: jfk", REAL / "jfk.wav", None),
        ]
    else:
        print(f"(real-speech cases skipped: {REAL} is missing)")
    columns = (
        ("length", 7),
        ("method", 10),
        ("pauses", 6),
        ("saved", 7),
        ("share", 6),
        ("cut", 4),
        ("time", 6),
    )
    header = f"{'case':30} " + " ".join(f"{name:>{width}}" for name, width in columns)
    print(header)
    print("-" * len(header))
    for name, path, grid in cases:
        began = time.perf_counter()
        loud = silence.loudness(path)
        ours = silence.pauses_from_loudness(loud)
        took = time.perf_counter() - began
        length = len(loud) * silence.FRAME / silence.RATE
        words = textgrid_words(grid) if grid else []
        for method, runs, seconds in (("ours", ours, took), ("-40 dBFS", fixed_threshold(loud), took)):
            saved = silence.time_saved(runs)
            cuts = str(cut(words, runs)) if words else "-"
            print(
                f"{name:30} {length:6.1f}s {method:>10} {len(runs):6d} {saved:6.1f}s {saved / length:6.1%}"
                f" {cuts:>4} {seconds:5.2f}s"
            )


if __name__ == "__main__":
    main()
