"""The launcher entry, icons, AppStream metainfo and the ``earmark://`` handler, for one user.

Installed under ``$XDG_DATA_HOME`` (``~/.local/share``): ``applications/``, ``icons/hicolor/``,
``metainfo/``. The URL scheme is registered with ``xdg-mime`` (falling back to writing
``$XDG_CONFIG_HOME/mimeapps.list`` when xdg-utils is missing). Every file comes from the
package's own ``resources`` (so it works from a wheel or pipx install); uninstalling removes
exactly what installing wrote.
"""

from __future__ import annotations

import configparser
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from importlib.resources import files
from pathlib import Path

APP_ID = "io.github.earmark.Earmark"
DESKTOP_FILE = f"{APP_ID}.desktop"
METAINFO_FILE = f"{APP_ID}.metainfo.xml"
SCHEME_TYPE = "x-scheme-handler/earmark"


@dataclass
class DesktopReport:
    """What was written or removed, for the command to print."""

    files: list[Path] = field(default_factory=list)
    registered: str = ""  # how the scheme was (un)registered


def _data_home() -> Path:
    return Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")


def _config_home() -> Path:
    return Path(os.environ.get("XDG_CONFIG_HOME") or Path.home() / ".config")


def _resources():
    return files("earmark") / "resources"


def launch_command() -> str:
    """What the entry's ``Exec`` runs: ``earmark`` when that is on PATH, else this install's own
    script (pipx puts it in ``~/.local/bin``, which a desktop session may not have on PATH),
    else this interpreter with ``-m earmark``."""
    if shutil.which("earmark"):
        return "earmark"
    script = Path(sys.argv[0]).resolve() if sys.argv and sys.argv[0] else None
    if script is not None and script.name == "earmark" and script.is_file():
        return str(script)
    return f"{sys.executable} -m earmark"


def _icon_files() -> list[tuple[object, Path]]:
    """(package resource, path relative to the icons folder) for every hicolor size."""
    root = _resources() / "icons" / "hicolor"
    found = []
    for size in sorted(root.iterdir(), key=lambda p: p.name):
        for icon in (size / "apps").iterdir():
            found.append((icon, Path("hicolor") / size.name / "apps" / icon.name))
    return found


def _targets() -> dict[str, Path]:
    data = _data_home()
    return {
        "desktop": data / "applications" / DESKTOP_FILE,
        "metainfo": data / "metainfo" / METAINFO_FILE,
        "icons": data / "icons",
    }


def install(command: str | None = None) -> DesktopReport:
    """Write the entry (its ``Exec`` pointing at ``command``), the icons and the metainfo; make
    Earmark the handler of ``earmark://`` links."""
    report = DesktopReport()
    targets = _targets()
    entry = (_resources() / "desktop" / DESKTOP_FILE).read_text(encoding="utf-8")
    entry = entry.replace("Exec=earmark %u", f"Exec={command or launch_command()} %u")
    _write(targets["desktop"], entry.encode("utf-8"), report)
    _write(targets["metainfo"], (_resources() / "desktop" / METAINFO_FILE).read_bytes(), report)
    for resource, relative in _icon_files():
        _write(targets["icons"] / relative, resource.read_bytes(), report)
    _refresh_caches(targets)
    report.registered = _register(targets["desktop"])
    return report


def uninstall() -> DesktopReport:
    """Remove what :func:`install` wrote and the scheme's registration, if it is still ours."""
    report = DesktopReport()
    targets = _targets()
    paths = [targets["desktop"], targets["metainfo"]]
    paths += [targets["icons"] / relative for _, relative in _icon_files()]
    for path in paths:
        if path.is_file():
            path.unlink()
            report.files.append(path)
    report.registered = _unregister()
    _refresh_caches(targets)
    return report


def _write(path: Path, data: bytes, report: DesktopReport) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".partial")
    partial.write_bytes(data)
    partial.replace(path)
    report.files.append(path)


def _run(*command: str) -> bool:
    """Run a desktop helper if it is installed; its failure never fails the install."""
    if shutil.which(command[0]) is None:
        return False
    try:
        return subprocess.run(command, capture_output=True, timeout=30).returncode == 0
    except (OSError, subprocess.TimeoutExpired):
        return False


def _refresh_caches(targets: dict[str, Path]) -> None:
    if targets["desktop"].parent.is_dir():
        _run("update-desktop-database", "-q", str(targets["desktop"].parent))
    hicolor = targets["icons"] / "hicolor"
    if (hicolor / "index.theme").is_file():  # gtk-update-icon-cache refuses a theme without one
        _run("gtk-update-icon-cache", "-q", "-t", str(hicolor))


def _mimeapps() -> tuple[Path, configparser.ConfigParser]:
    path = _config_home() / "mimeapps.list"
    parser = configparser.ConfigParser(interpolation=None, strict=False)
    parser.optionxform = str  # type: ignore[assignment,method-assign] - keys are MIME types
    if path.is_file():
        parser.read(path, encoding="utf-8")
    return path, parser


def _register(desktop_file: Path) -> str:
    if _run("xdg-mime", "default", DESKTOP_FILE, SCHEME_TYPE):
        return f"xdg-mime default {DESKTOP_FILE} {SCHEME_TYPE}"
    path, parser = _mimeapps()  # no xdg-utils: what xdg-mime would have written
    if not parser.has_section("Default Applications"):
        parser.add_section("Default Applications")
    parser.set("Default Applications", SCHEME_TYPE, DESKTOP_FILE)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as out:
        parser.write(out, space_around_delimiters=False)
    return f"{path}: {SCHEME_TYPE}={DESKTOP_FILE}"


def _unregister() -> str:
    """xdg-mime cannot unset a default: drop our line from mimeapps.list ourselves."""
    path, parser = _mimeapps()
    section = "Default Applications"
    if not parser.has_section(section) or parser.get(section, SCHEME_TYPE, fallback="") != DESKTOP_FILE:
        return ""
    parser.remove_option(section, SCHEME_TYPE)
    with path.open("w", encoding="utf-8") as out:
        parser.write(out, space_around_delimiters=False)
    return f"{path}: {SCHEME_TYPE} removed"


def registered_handler() -> str | None:
    """The desktop file that opens ``earmark://`` links for this user (``xdg-mime query``)."""
    if shutil.which("xdg-mime"):
        result = subprocess.run(
            ["xdg-mime", "query", "default", SCHEME_TYPE], capture_output=True, text=True, timeout=30
        )
        return result.stdout.strip() or None
    _, parser = _mimeapps()
    return parser.get("Default Applications", SCHEME_TYPE, fallback=None)
