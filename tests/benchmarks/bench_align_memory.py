"""Peak memory and speed of syncing a ~3-hour episode (aim: <= 500 MB peak).

Run: /work/main/.venv/bin/python tests/benchmarks/bench_align_memory.py [--sentences N]

The test episode (every sample transcript read aloud by espeak-ng, one after another,
~3.7 h) is built in one child process and each method aligns it in another, so each
peak RSS is that aligner's own: decoding, features, DTW and refinement. The recogniser's
two worker processes are sampled from /proc (Linux) beside it; "all together" is the
largest sum seen. Baseline in the same run: plain TTS+DTW (no recogniser, no gaps)
through the same streaming code.
"""

from __future__ import annotations

import multiprocessing
import pickle
import re
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
    """Child process: align with one method and report its peak memory and time."""
    from bench_align import timed_alignment

    from align.synthcase import errors_ms

    case = pickle.loads(Path(saved).read_bytes())
    aligned, seconds, memory = timed_alignment(case, method)
    e = errors_ms(case, aligned)
    results.put(
        (
            method,
            memory.aligner,
            memory.worker,
            memory.total,
            seconds,
            seconds / case.duration * 3600,
            float(np.median(e)),
            float(np.percentile(e, 95)),
            float(e.max()),
            int((e > 200).sum()),
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
    print(
        "| method | aligner peak RSS | each recogniser worker | all together | seconds | s per hour "
        "| median / p95 / max ms | > 200 ms off |"
    )
    print("|---|---:|---:|---:|---:|---:|---|---:|")
    results = spawn.Queue()
    for method in ("Earmark", "TTS+DTW"):
        child = spawn.Process(target=_measure, args=(method, saved, results))
        child.start()
        name, rss, worker, total, seconds, per_hour, median, p95, worst, off = results.get()
        child.join()
        print(
            f"| {name} | {rss:.0f} MB | {worker:.0f} MB | {total:.0f} MB | {seconds:.0f} | {per_hour:.0f} "
            f"| {median:.0f} / {p95:.0f} / {worst:.0f} | {off} of {len(case.segments)} |",
            flush=True,
        )


if __name__ == "__main__":
    main()
