"""Choosing a backend: libvlc first, Qt Multimedia when libvlc is missing, EARMARK_PLAYER forces one."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from earmark.player.base import BackendUnavailable
from earmark.player.controller import PlayerController
from earmark.player.factory import available_backends, create_player

DESKTOP = Path(__file__).resolve().parents[2] / "desktop"

CHOOSE = """
from PySide6.QtWidgets import QApplication
app = QApplication([])
from earmark.player.factory import create_player
from earmark.player.base import BackendUnavailable
try:
    player = create_player()
except BackendUnavailable as error:
    print("unavailable:", error)
else:
    print("chosen:", player.name)
    player.close()
"""


def choose_in_child(**env: str) -> str:
    """Run the factory in a fresh process (python-vlc binds libvlc once, at import)."""
    child_env = {**os.environ, "PYTHONPATH": str(DESKTOP), "QT_QPA_PLATFORM": "offscreen", **env}
    child_env.pop("EARMARK_PLAYER", None)
    child_env.update(env)
    done = subprocess.run(
        [sys.executable, "-c", CHOOSE], capture_output=True, text=True, env=child_env, timeout=60
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.strip().splitlines()[-1]


def test_both_backends_are_available_here(qapp, monkeypatch):
    """On a machine set up by packaging/setup.sh both backends start, libvlc first."""
    monkeypatch.delenv("EARMARK_PLAYER", raising=False)
    assert available_backends() == ["vlc", "qt"]


def test_automatic_choice_is_vlc(qapp, monkeypatch):
    """With libvlc present and nothing forced, the controller runs on libvlc."""
    monkeypatch.delenv("EARMARK_PLAYER", raising=False)
    controller = PlayerController()
    try:
        assert controller.backend_name == "vlc"
    finally:
        controller.close()


@pytest.mark.parametrize("name", ["vlc", "qt"])
def test_environment_forces_a_backend(qapp, monkeypatch, name):
    """EARMARK_PLAYER=vlc|qt picks that backend."""
    monkeypatch.setenv("EARMARK_PLAYER", name)
    player = create_player()
    try:
        assert player.name == name
    finally:
        player.close()


def test_unknown_backend_is_refused(qapp):
    """A misspelt backend name is an error that lists the choices, not a silent fallback."""
    with pytest.raises(BackendUnavailable, match="vlc, qt"):
        create_player("gstreamer")


def test_missing_libvlc_falls_back_to_qt():
    """When libvlc cannot be loaded (simulated by pointing python-vlc at a missing library) Qt plays."""
    assert choose_in_child(PYTHON_VLC_LIB_PATH="/nonexistent/libvlc.so.5") == "chosen: qt"


def test_forced_vlc_without_libvlc_says_so():
    """Forcing vlc where libvlc is missing raises BackendUnavailable naming libvlc, never exits."""
    outcome = choose_in_child(PYTHON_VLC_LIB_PATH="/nonexistent/libvlc.so.5", EARMARK_PLAYER="vlc")
    assert outcome.startswith("unavailable:") and "libvlc" in outcome
