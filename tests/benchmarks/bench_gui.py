"""The window's speed: start-up, a long transcript into the pane, and the playback tick.

Baselines in the same run: for the pane, a plain QListView over a QStringListModel with word
wrap (what STACK.md measured as slow for varying heights), given the same 6,000 lines; for
start-up, `python -c pass` and a bare QMainWindow to its first paint. Every start-up figure
is a fresh process (the page cache is warm: "cold" here means a new interpreter, not a
rebooted machine); `earmark` runs with EARMARK_QUIT_AFTER_LOAD=1, which prints
"earmark: shown" at the first paint and "earmark: loaded" once the library is in the window.

Bytecode: by default every process may cache compiled modules (in a temporary
PYTHONPYCACHEPREFIX, so the checkout stays clean), as an installed Earmark has them (pip and
pipx compile at install). ``--source`` keeps PYTHONDONTWRITEBYTECODE as the environment has it,
so a checkout run with it set compiles Earmark's ~70 modules at every start.

    QT_QPA_PLATFORM=offscreen PYTHONPATH=desktop .venv/bin/python tests/benchmarks/bench_gui.py [--source]
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
DESKTOP = Path(__file__).resolve().parents[2] / "desktop"
sys.path.insert(0, str(DESKTOP))

from PySide6.QtCore import QStringListModel  # noqa: E402
from PySide6.QtWidgets import QApplication, QListView  # noqa: E402

from earmark.core.model import Segment, Transcript, TranscriptKind  # noqa: E402

LINES = 6000
RUNS = 5
LOAD_BEFORE = os.getloadavg()
BARE_WINDOW = """
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication([])
window = QMainWindow()
window.resize(1100, 720)
class Painted(QObject):
    def eventFilter(self, watched, event):
        if event.type() == QEvent.Type.Paint:
            QTimer.singleShot(0, lambda: (print("shown", flush=True), app.quit()))
            watched.removeEventFilter(self)
        return False
painted = Painted()
window.installEventFilter(painted)
window.show()
app.exec()
"""


def _until_line(command: list[str], wanted: str, env: dict[str, str]) -> float:
    """Seconds from starting ``command`` (a fresh process) to it printing a line containing ``wanted``."""
    start = time.perf_counter()
    child = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    for line in child.stdout:
        if wanted in line:
            elapsed = time.perf_counter() - start
            break
    else:
        raise RuntimeError(f"{command}: never printed {wanted!r}")
    child.communicate(timeout=120)  # read on: the child quits by itself once loaded
    return elapsed


def _run_time(command: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    return time.perf_counter() - start


def startup_figures(source: bool = False) -> list[tuple[str, float]]:
    """Fresh processes, interleaved RUNS times (medians): the bare interpreter, three commands,
    a bare Qt window, and Earmark's window to its first paint and to the library shown."""
    env = {**os.environ, "PYTHONPATH": str(DESKTOP), "EARMARK_QUIT_AFTER_LOAD": "1"}
    env.pop("EARMARK_LIBRARY", None)
    library = Path(tempfile.mkdtemp(prefix="bench-gui-"))
    if not source:  # compiled once by the warm-up runs below, as at install
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env["PYTHONPYCACHEPREFIX"] = str(library / "pycache")
    earmark = [sys.executable, "-m", "earmark", "--library", str(library)]
    vtt = str(DESKTOP / "earmark" / "resources" / "demo" / "demo.vtt")
    _until_line([*earmark, "demo"], "earmark: loaded", env)  # the demo in the library, index built
    subprocess.run([*earmark, "search", "earmark"], env=env, capture_output=True, check=True)
    cases = {
        "python -c pass": lambda: _run_time([sys.executable, "-c", "pass"], env),
        "earmark episodes": lambda: _run_time([*earmark, "episodes"], env),
        "earmark check demo.vtt": lambda: _run_time([*earmark, "check", vtt], env),
        "earmark search earmark": lambda: _run_time([*earmark, "search", "earmark"], env),
        "bare Qt window, first paint": lambda: _until_line([sys.executable, "-c", BARE_WINDOW], "shown", env),
        "earmark window, first paint": lambda: _until_line(earmark, "earmark: shown", env),
        "earmark window, library shown": lambda: _until_line(earmark, "earmark: loaded", env),
    }
    for case in cases.values():  # once each, untimed: the bytecode is cached for every command
        case()
    runs: dict[str, list[float]] = {name: [] for name in cases}
    for _ in range(RUNS):
        for name, case in cases.items():
            runs[name].append(case())
    shutil.rmtree(library, ignore_errors=True)
    return [(name, statistics.median(times)) for name, times in runs.items()]


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

    source = "--source" in sys.argv[1:]
    figures = startup_figures(source)
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
    print(
        f"{f'{LINES:,} lines into the pane, first paint (ms)':<52} "
        f"{ours_s * 1000:>12.0f} {plain_s * 1000:>12.0f}"
    )
    print(
        f"{'playback tick, median / p99 (µs)':<52} "
        f"{statistics.median(ticks) * 1e6:>6.0f} / {sorted(ticks)[int(len(ticks) * 0.99)] * 1e6:<4.0f}"
    )
    print("baseline: QListView + QStringListModel with word wrap")
    print()
    bare = figures[0][1]
    mode = "sources compiled at each start" if source else "bytecode cached, as installed"
    print(f"load average before: {LOAD_BEFORE}; after: {os.getloadavg()}; {mode}")
    print(f"{f'start-up, fresh process (median of {RUNS})':<40} {'seconds':>8} {'× python -c pass':>18}")
    for name, seconds in figures:
        print(f"{name:<40} {seconds:>8.3f} {seconds / bare:>17.1f}×")


if __name__ == "__main__":
    main()
