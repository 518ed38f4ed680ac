"""Shared fixtures: real audio (espeak-ng speech, ``wave`` tones), a real library, the real command.

Tests run headless: Qt uses the offscreen platform and libvlc a dummy audio output.
"""

from __future__ import annotations

import math
import os
import shutil
import struct
import subprocess
import sys
import wave
from collections.abc import Callable
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("EARMARK_AUDIO_OUTPUT", "dummy")
os.environ.pop("EARMARK_LIBRARY", None)

DESKTOP = Path(__file__).resolve().parents[1] / "desktop"
SAMPLES = Path(__file__).resolve().parents[2] / "shared" / "samples"


def write_tone(path: Path, seconds: float, frequency: float = 440.0, rate: int = 16000) -> Path:
    """A sine tone as 16-bit mono WAV, made with the standard ``wave`` module."""
    frames = b"".join(
        struct.pack("<h", int(8000 * math.sin(2 * math.pi * frequency * i / rate)))
        for i in range(int(seconds * rate))
    )
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(rate)
        out.writeframes(frames)
    return path


def speak(path: Path, text: str, voice: str = "en-us", words_per_minute: int = 170) -> Path:
    """Speech from espeak-ng to a WAV file."""
    if shutil.which("espeak-ng") is None:
        pytest.fail("espeak-ng is not installed (packaging/setup.sh installs it)")
    subprocess.run(
        ["espeak-ng", "-v", voice, "-s", str(words_per_minute), "-w", str(path), text],
        check=True,
        capture_output=True,
    )
    return path


@pytest.fixture
def tone(tmp_path: Path) -> Callable[..., Path]:
    def make(seconds: float = 3.0, frequency: float = 440.0, name: str = "tone.wav") -> Path:
        return write_tone(tmp_path / name, seconds, frequency)

    return make


@pytest.fixture
def speech(tmp_path: Path) -> Callable[..., Path]:
    def make(text: str, name: str = "speech.wav", **kwargs) -> Path:
        return speak(tmp_path / name, text, **kwargs)

    return make


@pytest.fixture
def library_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "library"
    folder.mkdir()
    return folder


@pytest.fixture
def services(library_dir: Path):
    from earmark.app import build_services

    built = build_services(library_dir)
    yield built
    built.close()


@pytest.fixture
def run_cli(library_dir: Path) -> Callable[..., subprocess.CompletedProcess[str]]:
    """Run the real ``earmark`` command in a child process on the test library."""

    def run(
        *args: str, library: Path | None = library_dir, timeout: float = 120
    ) -> subprocess.CompletedProcess[str]:
        env = {**os.environ, "PYTHONPATH": str(DESKTOP)}
        command = [sys.executable, "-m", "earmark"]
        if library is not None:
            command += ["--library", str(library)]
        return subprocess.run(command + list(args), capture_output=True, text=True, env=env, timeout=timeout)

    return run


@pytest.fixture
def samples() -> Path:
    if not SAMPLES.is_dir():
        pytest.skip(f"shared samples not found at {SAMPLES}")
    return SAMPLES


@pytest.fixture
def settings_file(tmp_path: Path) -> Path:
    return tmp_path / "settings.ini"


@pytest.fixture
def make_window(qtbot, services, settings_file) -> Callable:
    """Build a real MainWindow with a real PlayerController; everything is closed afterwards."""
    from PySide6.QtCore import QSettings

    from earmark.gui.main import make_application
    from earmark.gui.main_window import MainWindow
    from earmark.player.controller import PlayerController

    make_application()
    made = []

    def make() -> MainWindow:
        controller = PlayerController()
        window = MainWindow(services, controller, QSettings(str(settings_file), QSettings.Format.IniFormat))
        controller.setParent(window)
        qtbot.addWidget(window)
        with qtbot.waitActive(window):  # shortcuts only reach the active window
            window.show()
            window.activateWindow()
        made.append(window)
        return window

    yield make
    for window in made:
        if window.isVisible():
            window.close()
        window.controller.close()
