"""The wheel: built from the repository, installed with --no-deps into a folder, run from there."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    """``pip wheel`` on a copy of the sources (so build/ and egg-info stay out of the worktree)."""
    source = tmp_path_factory.mktemp("source")
    shutil.copytree(REPO / "desktop", source / "desktop", ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(REPO / name, source / name)
    out = tmp_path_factory.mktemp("wheel")
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "-q",
            "--no-build-isolation",
            "--no-deps",
            "-w",
            str(out),
            ".",
        ],
        cwd=source,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    (built,) = out.glob("earmark-*.whl")
    return built


def test_wheel_carries_the_package_data(wheel):
    """Styles, the demo episode, the icons, the .desktop entry and the metainfo are in the wheel."""
    names = set(zipfile.ZipFile(wheel).namelist())
    for needed in (
        "earmark/resources/styles/earmark.qss",
        "earmark/resources/demo/demo.opus",
        "earmark/resources/demo/demo.vtt",
        "earmark/resources/desktop/io.github.earmark.Earmark.desktop",
        "earmark/resources/desktop/io.github.earmark.Earmark.metainfo.xml",
        "earmark/resources/icons/hicolor/256x256/apps/io.github.earmark.Earmark.png",
        "earmark/resources/icons/hicolor/scalable/apps/io.github.earmark.Earmark.svg",
    ):
        assert needed in names


def test_installed_wheel_runs_the_demo_headless(wheel, tmp_path):
    """`earmark demo` from a --no-deps install (not the checkout) imports the demo into the library."""
    target = tmp_path / "site"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--target", str(target), str(wheel)],
        check=True,
        capture_output=True,
        timeout=300,
    )
    script = target / "bin" / "earmark"
    assert script.is_file()
    library = tmp_path / "library"
    env = {
        **os.environ,
        "PYTHONPATH": str(target),  # the installed copy; dependencies come from this interpreter
        "QT_QPA_PLATFORM": "offscreen",
        "EARMARK_QUIT_AFTER_LOAD": "1",
        "XDG_CONFIG_HOME": str(tmp_path / "config"),  # the window's settings stay in the test
    }
    where = subprocess.run(
        [sys.executable, "-c", "import earmark; print(earmark.__file__)"],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=True,
    )
    assert Path(where.stdout.strip()).is_relative_to(target)
    run = subprocess.run(
        [sys.executable, str(script), "--library", str(library), "demo"],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 0, run.stderr[-2000:]
    assert "earmark: loaded 1" in run.stdout
    listed = subprocess.run(
        [sys.executable, str(script), "--library", str(library), "episodes", "--json"],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=True,
    )
    assert '"title": "Welcome to Earmark"' in listed.stdout
    assert str(target) in listed.stdout  # the demo audio is the installed package's own copy
