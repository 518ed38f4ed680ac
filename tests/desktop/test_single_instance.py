"""One running window: a second `earmark` hands its link over and exits; a crash's socket is cleared."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

DESKTOP = Path(__file__).resolve().parents[2] / "desktop"

LISTENER = """
import sys
from PySide6.QtCore import QCoreApplication
from earmark.gui import single_instance
app = QCoreApplication([])
server = single_instance.listen(sys.argv[1])
print("listening", flush=True)
app.exec()
"""


def _env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(DESKTOP), "QT_QPA_PLATFORM": "offscreen"}


def _earmark(library: Path, *args: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "earmark", "--library", str(library), *args],
        env=_env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


@pytest.fixture
def running(make_window, services, library_dir, tone):
    """A window on a 20-second episode, listening for other instances as `earmark` does."""
    from earmark.gui import main, single_instance

    episode_id = services.importer.import_episode(tone(20.0), title="Twenty seconds")
    window = make_window()
    instance = single_instance.listen(single_instance.server_name(library_dir))
    instance.setParent(window)
    received: list[tuple[dict, float | None]] = []

    def take(message: dict) -> None:
        main.deliver(window, message)
        received.append((message, window.controller.position() if window.episode else None))

    instance.received.connect(take)
    yield window, episode_id, received
    instance.close()


def test_open_link_seeks_the_running_window_and_opens_no_second(running, library_dir, qtbot):
    """`earmark open earmark://episode/<id>?t=12.5` while the app runs: the running window plays from
    12.5 s (within 250 ms), the second process exits at once with no window of its own."""
    from PySide6.QtWidgets import QApplication

    from earmark.gui.main_window import MainWindow

    window, episode_id, received = running
    second = _earmark(library_dir, "open", f"earmark://episode/{episode_id}?t=12.5")
    qtbot.waitUntil(lambda: second.poll() is not None, timeout=20000)
    out, err = second.communicate()
    assert second.returncode == 0, err
    assert "loaded" not in out  # the second process never built a window of its own
    assert len(received) == 1 and received[0][0]["target"] == f"earmark://episode/{episode_id}?t=12.5"
    assert window.episode is not None and window.episode.id == episode_id
    assert abs(received[0][1] - 12.5) <= 0.25
    qtbot.waitUntil(lambda: window.controller.state() == "playing", timeout=5000)
    assert 12.5 - 0.25 <= window.controller.position() <= 12.5 + 5.0
    windows = [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible()]
    assert windows == [window]


def test_earmark_with_a_link_as_its_only_argument_hands_it_over(running, library_dir, qtbot):
    """A launcher's `earmark %u` (the link with no subcommand) goes to the running window too."""
    window, episode_id, received = running
    second = _earmark(library_dir, f"earmark://episode/{episode_id}?t=3")
    qtbot.waitUntil(lambda: second.poll() is not None, timeout=20000)
    assert second.returncode == 0, second.communicate()[1]
    assert window.episode.id == episode_id and abs(received[0][1] - 3.0) <= 0.25


def test_a_file_given_to_a_second_instance_arrives_as_an_absolute_path(
    running, library_dir, qtbot, tmp_path, tone
):
    """`earmark FILE` from another folder hands over the file's absolute path, and it is imported."""
    window, _, received = running
    folder = tmp_path / "elsewhere"
    folder.mkdir()
    tone(2.0, name="dropped.wav").rename(folder / "dropped.wav")
    second = subprocess.Popen(
        [sys.executable, "-m", "earmark", "--library", str(library_dir), "dropped.wav"],
        cwd=folder,
        env=_env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    qtbot.waitUntil(lambda: second.poll() is not None, timeout=20000)
    assert received[0][0]["target"] == str(folder / "dropped.wav")
    qtbot.waitUntil(lambda: window.episode is not None and window.episode.title == "dropped", timeout=10000)


def test_a_bad_link_is_refused_with_one_line(run_cli):
    """`earmark open` with something that is no earmark:// link exits 2 with one line, no window."""
    result = run_cli("open", "earmark://episode/abc?t=1")
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and "earmark://episode/abc" in result.stderr


def test_a_crashed_instances_socket_is_cleared(tmp_path, qtbot):
    """After the listening instance is killed, its socket file stays; the next one removes it,
    listens, and is reachable."""
    from PySide6.QtCore import QDir

    from earmark.gui import single_instance

    name = single_instance.server_name(tmp_path)
    crashed = subprocess.Popen(
        [sys.executable, "-c", LISTENER, name], env=_env(), stdout=subprocess.PIPE, text=True
    )
    try:
        assert crashed.stdout.readline().strip() == "listening"
        assert single_instance.send(name, {"target": None})
    finally:
        os.kill(crashed.pid, signal.SIGKILL)
        crashed.wait()
    socket_file = Path(QDir.tempPath()) / name
    assert socket_file.exists()  # what a crash leaves behind
    assert not single_instance.send(name, {"target": None})
    server = single_instance.listen(name)
    got: list[dict] = []
    server.received.connect(got.append)
    try:
        client = subprocess.Popen(
            [
                sys.executable,
                "-c",
                "import sys; from earmark.gui import single_instance as s; "
                "sys.exit(0 if s.send(sys.argv[1], {'target': 'x'}) else 1)",
                name,
            ],
            env=_env(),
        )
        qtbot.waitUntil(lambda: client.poll() is not None, timeout=10000)
        assert client.returncode == 0
        assert got == [{"target": "x"}]
    finally:
        server.close()
