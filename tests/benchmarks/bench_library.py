"""A heavy listener's library in the window, and bulk import, each beside a baseline in the same run.

Window (offscreen, a child process per library so start-up and memory are the process's own):
10,000 episodes in 500 podcasts. Prints start-up to the first shown window (beside the same with
100 episodes), the library list shown, filtering as you type (each key; beside Qt's own
QSortFilterProxyModel.setFilterFixedString over the same rows), scrolling (a page, painted), and
the process's memory with a 3-hour episode (3,600 timed lines) open.

Import: 1,000 episodes (short WAV tones, each with a 200-cue SRT) through one `earmark import
FOLDER`, beside one `earmark import` per file (timed on the first 20 files, scaled to 1,000).

    QT_QPA_PLATFORM=offscreen /work/main/.venv/bin/python tests/benchmarks/bench_library.py [--episodes N]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
import wave
from pathlib import Path

DESKTOP = Path(__file__).resolve().parents[2] / "desktop"
sys.path.insert(0, str(DESKTOP))
ENV = {**os.environ, "PYTHONPATH": str(DESKTOP), "QT_QPA_PLATFORM": "offscreen"}

WINDOW = r"""
import json, os, statistics, sys, time
t0 = time.perf_counter()
from pathlib import Path
from PySide6.QtCore import QSettings, QSortFilterProxyModel, Qt
from earmark.app import build_services
from earmark.gui.main import make_application
from earmark.gui.main_window import MainWindow
from earmark.player.controller import PlayerController

def rss_mb():
    for line in open("/proc/self/status"):
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024

app = make_application()
services = build_services(Path(sys.argv[1]))
settings = QSettings(sys.argv[2], QSettings.Format.IniFormat)
window = MainWindow(services, PlayerController(), settings)
window.show(); app.processEvents()
startup = time.perf_counter() - t0
out = {"startup_s": startup, "rss_start_mb": rss_mb()}
pane = window.library
t = time.perf_counter(); window.refresh_library(); app.processEvents()
out["list_ms"] = (time.perf_counter() - t) * 1000
out["rows"] = pane.proxy.rowCount()

def fastest(fn, times=3):
    best = None
    for _ in range(times):
        t = time.perf_counter(); fn(); ms = (time.perf_counter() - t) * 1000
        best = ms if best is None else min(best, ms)
    return best

out["listing_ms"] = fastest(services.library.listing)  # what the list reads now
out["episodes_ms"] = fastest(services.library.episodes)  # every Episode, as the list read before

def keys(set_text, text):
    times = []
    for i in list(range(1, len(text) + 1)) + list(range(len(text) - 1, -1, -1)):
        t = time.perf_counter()
        set_text(text[:i])
        app.processEvents()
        times.append((time.perf_counter() - t) * 1000)
    return times

typed = "episode 12"
now = keys(pane.filter_box.setText, typed)
out["filter_ms_median"], out["filter_ms_max"] = statistics.median(now), max(now)
stock = QSortFilterProxyModel(); stock.setSourceModel(pane.model)
stock.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
pane.list.setModel(stock)
before = keys(stock.setFilterFixedString, typed)
out["stock_filter_ms_median"], out["stock_filter_ms_max"] = statistics.median(before), max(before)
pane.list.setModel(pane.proxy)
bar = pane.list.verticalScrollBar(); pages = []
for _ in range(30):
    t = time.perf_counter()
    bar.setValue(bar.value() + bar.pageStep())
    pane.list.viewport().repaint()
    app.processEvents()
    pages.append((time.perf_counter() - t) * 1000)
out["scroll_ms_median"], out["scroll_ms_max"] = statistics.median(pages), max(pages)
long_id = int(sys.argv[3])
t = time.perf_counter(); window.open_episode(long_id); app.processEvents()
out["open_long_ms"] = (time.perf_counter() - t) * 1000
out["rss_mb"] = rss_mb()
print(json.dumps(out))
window.close(); services.close()
"""


def _tone(path: Path, seconds: float = 0.2, rate: int = 8000) -> None:
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(rate)
        out.writeframes(b"\x00\x01" * int(seconds * rate))


def _srt(cues: int, seed: int) -> str:
    words = [
        "so",
        "the",
        "model",
        "learns",
        "to",
        "predict",
        "the",
        "next",
        "word",
        "and",
        "that",
        "turns",
        "out",
        "to",
        "be",
        "enough",
    ]
    parts = []
    for i in range(cues):
        start, end = i * 2.0, i * 2.0 + 1.9
        text = " ".join(words[(seed + i + k) % len(words)] for k in range(9))
        parts.append(f"{i + 1}\n{_clock(start)} --> {_clock(end)}\n{text}.\n")
    return "\n".join(parts)


def _clock(seconds: float) -> str:
    ms = round(seconds * 1000)
    return f"{ms // 3_600_000:02d}:{ms // 60_000 % 60:02d}:{ms // 1000 % 60:02d},{ms % 1000:03d}"


def big_library(folder: Path, episodes: int, podcasts: int) -> int:
    """``episodes`` in ``podcasts`` through the store (10 lines each); returns a 3-hour episode's id."""
    from earmark.app import build_services
    from earmark.core.model import Segment, Transcript, TranscriptKind
    from earmark.store import episodes as episode_rows
    from earmark.store import transcripts as transcript_rows

    services = build_services(folder)
    db = services.database
    with db.transaction() as conn:
        shows = [
            conn.execute("INSERT INTO podcasts (title) VALUES (?)", (f"Podcast {p}",)).lastrowid
            for p in range(podcasts)
        ]
        for i in range(episodes):
            eid = episode_rows.insert_episode(
                conn,
                title=f"Episode {i}: notes on models and gardens",
                audio_path=f"/audio/{i}.mp3",
                duration=1800.0 + i,
                podcast_id=shows[i % podcasts],
                notes="Show notes. " * 20,
            )
            lines = [
                Segment(text=f"Line {j} of episode {i}.", start=j * 3.0, end=j * 3.0 + 2.9) for j in range(10)
            ]
            transcript_rows.replace_transcript(
                conn, eid, Transcript(segments=lines, format="srt", kind=TranscriptKind.TIMED), None
            )
        audio = folder / "long.wav"
        _tone(audio, 1.0)
        long_id = episode_rows.insert_episode(
            conn, title="Three hours", audio_path=str(audio), duration=3 * 3600.0, podcast_id=shows[0]
        )
        lines = [
            Segment(
                text=f"Sentence {j} of a long talk about models and what they learn.",
                start=j * 3.0,
                end=j * 3.0 + 2.9,
            )
            for j in range(3600)
        ]
        transcript_rows.replace_transcript(
            conn, long_id, Transcript(segments=lines, format="srt", kind=TranscriptKind.TIMED), None
        )
    services.search.ensure_ready()  # the index exists, as in a library in use
    services.close()
    return long_id


def window_figures(episodes: int) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "library"
        long_id = big_library(folder, episodes, max(1, episodes // 20))
        result = subprocess.run(
            [
                sys.executable,
                "-W",
                "ignore",
                "-c",
                WINDOW,
                str(folder),
                str(Path(tmp) / "s.ini"),
                str(long_id),
            ],
            env=ENV,
            capture_output=True,
            text=True,
            check=True,
        )
        return json.loads(result.stdout.strip().splitlines()[-1])


def import_figures(count: int, per_file_sample: int = 20) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        shows = Path(tmp) / "shows"
        shows.mkdir()
        for i in range(count):
            _tone(shows / f"talk{i:04d}.wav")
            (shows / f"talk{i:04d}.srt").write_text(_srt(200, i))
        command = [sys.executable, "-W", "ignore", "-m", "earmark", "--library"]
        t = time.perf_counter()
        done = subprocess.run(
            [*command, str(Path(tmp) / "bulk"), "import", str(shows)], env=ENV, capture_output=True, text=True
        )
        bulk = time.perf_counter() - t
        assert done.returncode == 0, done.stderr
        imported = sum(1 for line in done.stdout.splitlines() if line.isdigit())
        t = time.perf_counter()
        for i in range(per_file_sample):
            audio = shows / f"talk{i:04d}.wav"
            subprocess.run(
                [
                    *command,
                    str(Path(tmp) / "one"),
                    "import",
                    str(audio),
                    "--transcript",
                    str(audio.with_suffix(".srt")),
                ],
                env=ENV,
                capture_output=True,
                check=True,
            )
        per_file = (time.perf_counter() - t) / per_file_sample
        return {
            "count": imported,
            "bulk_s": bulk,
            "per_file_s": per_file,
            "per_file_total_s": per_file * count,
        }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--episodes", type=int, default=10_000)
    parser.add_argument("--imports", type=int, default=1000)
    args = parser.parse_args()
    print(f"load average {os.getloadavg()[0]:.1f} (2 cores)")
    small = window_figures(100)
    big = window_figures(args.episodes)
    print(f"load average {os.getloadavg()[0]:.1f}")
    imports = import_figures(args.imports)
    print(f"load average {os.getloadavg()[0]:.1f}")
    n = args.episodes
    rows = [
        (
            f"start-up to a shown window, {n:,} episodes",
            f"{big['startup_s']:.2f} s",
            f"{small['startup_s']:.2f} s with 100",
        ),
        (
            f"library list shown ({big['rows']:,} rows)",
            f"{big['list_ms']:.0f} ms",
            f"{small['list_ms']:.0f} ms with 100",
        ),
        (
            f"the list's read of the library ({n:,} episodes)",
            f"{big['listing_ms']:.0f} ms (the listing)",
            f"{big['episodes_ms']:.0f} ms (every Episode, as before)",
        ),
        (
            "filter as you type, a key: median / max",
            f"{big['filter_ms_median']:.1f} / {big['filter_ms_max']:.1f} ms",
            f"{big['stock_filter_ms_median']:.1f} / {big['stock_filter_ms_max']:.1f} ms (Qt's own proxy"
            " over the same rows)",
        ),
        (
            "scroll a page, painted: median / max",
            f"{big['scroll_ms_median']:.1f} / {big['scroll_ms_max']:.1f} ms",
            "",
        ),
        (
            "open the 3-hour episode (3,600 lines)",
            f"{big['open_long_ms']:.0f} ms",
            f"{small['open_long_ms']:.0f} ms with 100",
        ),
        ("memory with it open (RSS)", f"{big['rss_mb']:.0f} MB", f"{small['rss_mb']:.0f} MB with 100"),
        (
            f"import {imports['count']:,} episodes with SRTs",
            f"{imports['bulk_s']:.1f} s (one `earmark import FOLDER`)",
            f"{imports['per_file_total_s']:.0f} s (one `earmark import` per file:"
            f" {imports['per_file_s']:.2f} s each, {20} timed)",
        ),
    ]
    print("\n| | Earmark | baseline, same run |\n|---|---|---|")
    for name, now, base in rows:
        print(f"| {name} | {now} | {base} |")


def test_bench_library():
    """Prints the figures (benchmarks are not run by default)."""
    main()


if __name__ == "__main__":
    main()
