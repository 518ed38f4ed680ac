"""The launcher entry, icons and metainfo: valid files, installed and removed for one user."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

DESKTOP = Path(__file__).resolve().parents[2] / "desktop"
RESOURCES = DESKTOP / "earmark" / "resources"
ENTRY = RESOURCES / "desktop" / "io.github.earmark.Earmark.desktop"
METAINFO = RESOURCES / "desktop" / "io.github.earmark.Earmark.metainfo.xml"
HICOLOR = ("16x16", "22x22", "24x24", "32x32", "48x48", "64x64", "128x128", "256x256", "512x512")


@pytest.fixture
def home(tmp_path, monkeypatch) -> Path:
    """HOME, XDG_DATA_HOME and XDG_CONFIG_HOME in a temporary folder (xdg-mime writes there)."""
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "config"))
    monkeypatch.delenv("XDG_DATA_DIRS", raising=False)
    return home


def _earmark(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(DESKTOP)}
    return subprocess.run(
        [sys.executable, "-m", "earmark", *args], env=env, capture_output=True, text=True, timeout=120
    )


def test_desktop_entry_is_valid():
    """desktop-file-validate accepts the entry (skipped without desktop-file-utils)."""
    if shutil.which("desktop-file-validate") is None:
        pytest.skip("desktop-file-validate not installed (apt package desktop-file-utils)")
    result = subprocess.run(["desktop-file-validate", str(ENTRY)], capture_output=True, text=True)
    assert result.returncode == 0 and not result.stdout.strip(), result.stdout


def test_entry_handles_earmark_links():
    """The entry declares the earmark:// scheme and passes the link on as `earmark %u`."""
    lines = ENTRY.read_text(encoding="utf-8").splitlines()
    assert "Exec=earmark %u" in lines
    mime = next(line for line in lines if line.startswith("MimeType="))
    assert "x-scheme-handler/earmark;" in mime


def test_metainfo_is_valid():
    """appstreamcli validates the AppStream metainfo (skipped without the appstream package)."""
    if shutil.which("appstreamcli") is None:
        pytest.skip("appstreamcli not installed (apt package appstream)")
    result = subprocess.run(
        ["appstreamcli", "validate", "--no-net", str(METAINFO)], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout


def test_icons_come_in_the_hicolor_sizes():
    """Every hicolor size is a PNG of that size, plus the scalable SVG."""
    from PySide6.QtGui import QImage

    for size in HICOLOR:
        image = QImage(str(RESOURCES / "icons" / "hicolor" / size / "apps" / "io.github.earmark.Earmark.png"))
        assert f"{image.width()}x{image.height()}" == size
    assert (RESOURCES / "icons" / "hicolor" / "scalable" / "apps" / "io.github.earmark.Earmark.svg").is_file()


def test_install_desktop_installs_for_the_user_and_registers_the_scheme(home):
    """`earmark install-desktop` writes the entry, icons and metainfo under XDG_DATA_HOME and makes
    Earmark the handler of earmark:// links."""
    result = _earmark("install-desktop")
    assert result.returncode == 0, result.stderr
    data = home / "data"
    entry = data / "applications" / "io.github.earmark.Earmark.desktop"
    assert entry.is_file()
    assert any(line.startswith("Exec=") and line.endswith(" %u") for line in entry.read_text().splitlines())
    for size in HICOLOR:
        assert (data / "icons" / "hicolor" / size / "apps" / "io.github.earmark.Earmark.png").is_file()
    assert (data / "metainfo" / "io.github.earmark.Earmark.metainfo.xml").is_file()
    from earmark.services.desktop_entry import registered_handler

    assert registered_handler() == "io.github.earmark.Earmark.desktop"
    if shutil.which("desktop-file-validate"):
        assert subprocess.run(["desktop-file-validate", str(entry)], capture_output=True).returncode == 0


def test_install_desktop_uninstall_removes_everything_it_wrote(home):
    """`--uninstall` leaves no file of ours and no earmark:// handler behind."""
    assert _earmark("install-desktop").returncode == 0
    result = _earmark("install-desktop", "--uninstall")
    assert result.returncode == 0, result.stderr
    left = [p for p in (home / "data").rglob("*") if p.is_file() and "earmark" in p.name.lower()]
    assert left == []
    from earmark.services.desktop_entry import registered_handler

    assert registered_handler() in (None, "")


def test_without_xdg_utils_the_scheme_goes_into_mimeapps_list(home, monkeypatch):
    """When xdg-mime is missing, the handler line is written to mimeapps.list as xdg-mime would."""
    from earmark.services import desktop_entry

    real_which = shutil.which
    monkeypatch.setattr(
        desktop_entry.shutil, "which", lambda name: None if name == "xdg-mime" else real_which(name)
    )
    desktop_entry.install(command="earmark")
    text = (home / "config" / "mimeapps.list").read_text(encoding="utf-8")
    assert "[Default Applications]" in text
    assert "x-scheme-handler/earmark=io.github.earmark.Earmark.desktop" in text
    desktop_entry.uninstall()
    assert "x-scheme-handler/earmark" not in (home / "config" / "mimeapps.list").read_text(encoding="utf-8")
