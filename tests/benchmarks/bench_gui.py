"""The window's speed: start-up, a long transcript into the pane, and the playback tick.

Baseline in the same run: a plain QListView over a QStringListModel with word wrap (what
STACK.md measured as slow for varying heights), given the same 6,000 lines.

    QT_QPA_PLATFORM=offscreen PYTHONPATH=desktop .venv/bin/python tests/benchmarks/bench_gui.py
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
DESKTOP = Path(__file__).resolve().parents[2] / "desktop"
sys.path.insert(0, str(DESKTOP))

from PySide6.QtCore import QStringListModel  # noqa: E402
from PySide6.QtWidgets import QApplication, QListView  # noqa: E402

from earmark.core.model import Segment, Transcript, TranscriptKind  # noqa: E402

LINES = 6000
STARTUP = """
import time, os; t0 = time.perf_counter()
os.environ["QT_QPA_PLATFORM"] = "offscreen"
from pathlib import Path; import tempfile
from PySide6.QtCore import QSettings
from earmark.app import build_services
from earmark.gui.main import make_application
from earmark.gui.main_window import MainWindow
from earmark.player.controller import PlayerController
app = make_application(); services = build_services(Path(tempfile.mkdtemp()))
settings = QSettings(str(Path(tempfile.mkdtemp()) / "s.ini"), QSettings.Format.IniFormat)
window = MainWindow(services, PlayerController(), settings); window.show(); app.processEvents()
print(time.perf_counter() - t0)
"""


def long_transcript() -> Transcript:
    sentence = "so the model learns to predict the next word and that turns out to be enough for a lot"
    words = sentence.split()
    segments = [
        Segment(
            text=" ".join(words[: 6 + (i * 7) % len(words)]) + ".",
            start=i * 1.8,
            end=i * 1.8 + 1.7,
            speaker=("Ada", "Ben")[i // 5 % 2],
        )
        for i in range(LINES)
    ]
    return Transcript(segments=segments, format="srt", kind=TranscriptKind.TIMED)


def timed(fn, repeat: int = 3) -> float:
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        runs.append(time.perf_counter() - start)
    return min(runs)


def main() -> None:
    app = QApplication.instance() or QApplication([])
    from earmark.gui.transcript_view import TranscriptView

    env = {**os.environ, "PYTHONPATH": str(DESKTOP)}
    starts = [
        float(
            subprocess.run(
                [sys.executable, "-c", STARTUP], env=env, capture_output=True, text=True, check=True
            ).stdout.split()[-1]
        )
        for _ in range(3)
    ]
    transcript = long_transcript()

    view = TranscriptView()
    view.resize(900, 700)
    view.show()

    def ours() -> None:
        view.set_transcript(transcript)
        app.processEvents()

    baseline = QListView()
    baseline.setWordWrap(True)
    baseline.resize(900, 700)
    baseline.show()
    texts = [s.text for s in transcript.segments]

    def plain() -> None:
        baseline.setModel(QStringListModel(texts))
        app.processEvents()

    ours_s, plain_s = timed(ours), timed(plain)
    ticks = []
    for i in range(2000):
        start = time.perf_counter()
        view.follow_position(i * 0.5)
        ticks.append(time.perf_counter() - start)
    print(f"{'what':<52} {'Earmark':>12} {'baseline':>12}")
    print(f"{'start-up to window shown (median of 3, s)':<52} {statistics.median(starts):>12.2f} {'':>12}")
    print(
        f"{f'{LINES:,} lines into the pane, first paint (ms)':<52} "
        f"{ours_s * 1000:>12.0f} {plain_s * 1000:>12.0f}"
    )
    print(
        f"{'playback tick, median / p99 (µs)':<52} "
        f"{statistics.median(ticks) * 1e6:>6.0f} / {sorted(ticks)[int(len(ticks) * 0.99)] * 1e6:<4.0f}"
    )
    print("baseline: QListView + QStringListModel with word wrap")


if __name__ == "__main__":
    main()
