"""Peak memory and speed of syncing a ~3-hour episode (aim: <= 500 MB peak).

Run: /work/main/.venv/bin/python tests/benchmarks/bench_align_memory.py [--sentences N]

The test episode (every sample transcript read aloud by espeak-ng, one after another)
is built in one child process and each method aligns it in another, so each peak
RSS is that aligner's own: decoding, features, DTW and refinement (the recogniser's
worker processes are not included; tracemalloc's own bookkeeping is). Baseline in the
same run: plain TTS+DTW (no recogniser, no gaps) through the same streaming code.
"""

from __future__ import annotations

import multiprocessing
import pickle
import re
import resource
import sys
import tempfile
from pathlib import Path

import ftfy
import numpy as np

ROOT = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(ROOT / "desktop"), str(ROOT / "tests"), str(ROOT / "tests" / "benchmarks")]

SAMPLES = ROOT.parent / "shared" / "samples"


def _distinct_sentences() -> list[str]:
    """Every sample's spoken text, one after another: two episodes' transcripts, a newsletter and
    show notes (~3 hours read aloud, no sentence run repeated, so no anchor is ambiguous by construction)."""
    from align.synthcase import sample_paragraphs

    scraped = (SAMPLES / "podquest_scraped_transcript_page.txt").read_text(encoding="utf-8")
    notes = ftfy.fix_text((SAMPLES / "thursdai_shownotes_mojibake.md").read_text(encoding="utf-8"))
    notes = re.sub(r"\[([^\]]*)\]\([^)]*\)|https?://\S+", r"\1", notes)  # a link is read as its words
    notes = re.sub(r"[*#]", "", notes)
    texts = [
        (SAMPLES / "lastweekinai_plain_transcript.txt").read_text(encoding="utf-8"),
        scraped[scraped.index("\n中文\n") + 4 :],  # the transcript after the page's chrome
        (SAMPLES / "lastweekinai_newsletter.txt").read_text(encoding="utf-8"),
        notes,
    ]
    return [s for text in texts for p in sample_paragraphs(text, 100_000) for s in p]


def _build(folder: str, sentences: int, out: str) -> None:
    """Child process: write the episode and pickle its case (the waveform never reaches the parent)."""
    from align.synthcase import make_case

    flat = _distinct_sentences()[:sentences]
    paragraphs = [flat[i : i + 4] for i in range(0, len(flat), 4)]
    case = make_case(Path(folder), paragraphs, name="three-hours", seed=5)
    Path(out).write_bytes(pickle.dumps(case))


def _measure(method: str, saved: str, results) -> None:
    """Child process: align with one method and report its own peak memory and time."""
    from bench_align import timed_alignment

    from align.synthcase import errors_ms

    case = pickle.loads(Path(saved).read_bytes())
    aligned, seconds, peak = timed_alignment(case, method)
    e = errors_ms(case, aligned)
    results.put(
        (
            method,
            resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
            peak / 2**20,
            seconds,
            seconds / case.duration * 3600,
            float(np.median(e)),
            float(np.percentile(e, 95)),
        )
    )


def main() -> None:
    sentences = int(sys.argv[sys.argv.index("--sentences") + 1]) if "--sentences" in sys.argv else 100_000
    folder = tempfile.mkdtemp(prefix="bench-align-memory-")
    saved = str(Path(folder) / "case.pickle")
    spawn = multiprocessing.get_context("spawn")
    builder = spawn.Process(target=_build, args=(folder, sentences, saved))
    builder.start()
    builder.join()
    case = pickle.loads(Path(saved).read_bytes())
    print(f"episode: {case.duration / 3600:.2f} h, {len(case.segments)} sentences")
    print("| method | peak RSS | Python peak (tracemalloc) | seconds | s per hour | median / p95 ms |")
    print("|---|---:|---:|---:|---:|---|")
    results = spawn.Queue()
    for method in ("Earmark", "TTS+DTW"):
        child = spawn.Process(target=_measure, args=(method, saved, results))
        child.start()
        name, rss, peak, seconds, per_hour, median, p95 = results.get()
        child.join()
        print(
            f"| {name} | {rss:.0f} MB | {peak:.0f} MB | {seconds:.0f} | {per_hour:.0f} "
            f"| {median:.0f} / {p95:.0f} |",
            flush=True,
        )


if __name__ == "__main__":
    main()
