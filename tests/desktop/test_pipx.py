"""`pipx install .` for real: its own virtualenv, every dependency from the package index.

It downloads and installs PySide6, numba and the rest (~1 GB, minutes), so it runs only when
asked: ``EARMARK_PIPX=1 .venv/bin/python -m pytest -q tests/desktop/test_pipx.py``.
The wheel test (test_wheel.py) checks the same package offline, with --no-deps, every run.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]

pytestmark = [
    pytest.mark.skipif(
        os.environ.get("EARMARK_PIPX", "") in ("", "0"),
        reason="pipx install downloads every dependency: set EARMARK_PIPX=1 to run it",
    ),
    pytest.mark.skipif(
        importlib.util.find_spec("pipx") is None, reason="pipx is not installed (pip install pipx)"
    ),
]


def test_pipx_install_gives_a_working_earmark(tmp_path):
    """`pipx install` of the sources puts `earmark` in PIPX_BIN_DIR; from there (no checkout on
    the path) `earmark demo` imports the demo from the installed package, `earmark search` finds
    it, and `install-desktop` writes a launcher entry whose Exec is that install's script."""
    source = tmp_path / "source"
    shutil.copytree(REPO / "desktop", source / "desktop", ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(REPO / name, source / name)
    home = tmp_path / "home"
    env = {
        **{k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "EARMARK_LIBRARY")},
        "PIPX_HOME": str(tmp_path / "pipx"),
        "PIPX_BIN_DIR": str(tmp_path / "bin"),
        "PIPX_MAN_DIR": str(tmp_path / "man"),
        "HOME": str(home),
        "XDG_DATA_HOME": str(home / ".local" / "share"),
        "XDG_CONFIG_HOME": str(home / ".config"),
        "QT_QPA_PLATFORM": "offscreen",
        "EARMARK_QUIT_AFTER_LOAD": "1",
    }
    installed = subprocess.run(
        [sys.executable, "-m", "pipx", "install", str(source)],
        env=env,
        capture_output=True,
        text=True,
        timeout=1800,
    )
    assert installed.returncode == 0, installed.stderr[-3000:]
    earmark = tmp_path / "bin" / "earmark"
    library = tmp_path / "library"

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        done = subprocess.run(
            [str(earmark), "--library", str(library), *args],
            env=env,
            cwd=tmp_path,
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert done.returncode == 0, done.stderr[-2000:]
        return done

    assert "earmark: loaded 1" in run("demo").stdout
    listed = run("episodes", "--json").stdout
    assert '"title": "Welcome to Earmark"' in listed
    assert str(tmp_path / "pipx" / "venvs" / "earmark") in listed  # the demo audio is the install's
    assert "Earmark" in run("search", "earmark").stdout
    run("install-desktop")
    entry = home / ".local" / "share" / "applications" / "io.github.earmark.Earmark.desktop"
    exec_line = next(line for line in entry.read_text().splitlines() if line.startswith("Exec="))
    assert exec_line.startswith("Exec=") and exec_line.endswith(" %u")
    assert Path(exec_line.removeprefix("Exec=").removesuffix(" %u")).resolve() == earmark.resolve()
