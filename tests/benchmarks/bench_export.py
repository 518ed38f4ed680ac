"""Export figures: a clip from deep in a one-hour file, the backup record and restore, a vault re-export.

Run: PYTHONPATH=desktop python tests/benchmarks/bench_export.py [--episodes 200]   (prints; not a test)
Baselines in the same run: the ffmpeg command cutting the same clip; SQLite's backup API copying the library.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "desktop"))

from earmark.app import build_services
from earmark.core.model import Segment, Transcript, TranscriptKind
from earmark.services.exporting import Selection
from earmark.store import transcripts as transcript_rows
from earmark.store.database import backup_file


def timed(fn):
    start = time.perf_counter()
    result = fn()
    return time.perf_counter() - start, result


def clip_figures(folder: Path) -> None:
    hour = folder / "hour.m4a"
    subprocess.run(
        ["ffmpeg", "-v", "error", "-f", "lavfi", "-i", "sine=frequency=440:duration=3600", "-c:a", "aac",
         "-b:a", "64k", str(hour)],
        check=True,
    )  # fmt: skip
    services = build_services(folder / "lib-clip")
    episode = services.importer.import_episode(hour, None, None, "One hour")
    h = services.annotations.create_highlight(episode, 3300.0, 3310.0, quote="late quote")
    ours, _ = timed(lambda: services.exporter.export_clip(h.id, folder / "clips"))
    theirs, _ = timed(
        lambda: subprocess.run(
            [
                "ffmpeg",
                "-v",
                "error",
                "-y",
                "-ss",
                "3300",
                "-t",
                "10",
                "-i",
                str(hour),
                "-c:a",
                "aac",
                str(folder / "ffmpeg.m4a"),
            ],
            check=True,
        )
    )
    print(f"clip of 10 s at 55:00 of a 1-hour m4a: Earmark (PyAV, fade, tags) {ours * 1000:.0f} ms; "
          f"ffmpeg command {theirs * 1000:.0f} ms")  # fmt: skip
    services.close()


def library_figures(folder: Path, count: int) -> None:
    services = build_services(folder / "lib")
    audio = folder / "a.wav"
    subprocess.run(["ffmpeg", "-v", "error", "-f", "lavfi", "-i", "sine=duration=1", str(audio)], check=True)
    for n in range(count):
        episode = services.importer.import_episode(audio, None, None, f"Episode {n}")
        segments = [
            Segment(f"Sentence {i} of episode {n}, said.", i * 3.0, i * 3.0 + 2.5) for i in range(500)
        ]
        with services.database.transaction() as conn:
            transcript_rows.replace_transcript(
                conn, episode, Transcript(segments, "srt", TranscriptKind.TIMED), None
            )
        for k in range(5):
            services.annotations.create_highlight(
                episode, k * 30.0, k * 30.0 + 5.0, note=f"note {k}", tags=["t"]
            )
    exporter = services.exporter
    seconds, written = timed(lambda: exporter.export(Selection(), "json", folder / "all.json"))
    size = written[0].stat().st_size / 1e6
    copy, _ = timed(lambda: backup_file(services.database.path, folder / "copy.sqlite3"))
    print(
        f"{count} episodes × 500 lines × 5 highlights: record {seconds:.2f} s, {size:.1f} MB; "
        f"SQLite backup API copy {copy:.2f} s"
    )
    other = build_services(folder / "restored")
    restore, report = timed(lambda: other.exporter.restore(written[0]))
    again, _ = timed(lambda: other.exporter.restore(written[0]))
    print(f"restore into an empty library {restore:.2f} s ({report.summary()}); the same again {again:.2f} s")
    first, _ = timed(lambda: exporter.export(Selection(), "md", folder / "vault"))
    second, _ = timed(lambda: exporter.export(Selection(), "md", folder / "vault"))
    print(f"vault export: first {first:.2f} s, update in place {second:.2f} s")
    other.close()
    services.close()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--episodes", type=int, default=200)
    args = parser.parse_args()
    if shutil.which("ffmpeg") is None:
        sys.exit("ffmpeg is needed (packaging/setup.sh installs it)")
    with tempfile.TemporaryDirectory() as tmp:
        clip_figures(Path(tmp))
        library_figures(Path(tmp), args.episodes)


if __name__ == "__main__":
    main()
