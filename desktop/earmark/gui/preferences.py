"""Preferences declared once with their defaults and types, apart from saved UI state.

Preferences (``prefs/…``) are the user's choices: skip lengths, theme, volume. (The library
folder is remembered Qt-free by :func:`earmark.app.remember_library_dir`, as start-up needs it
before Qt.)
UI state (geometry, splitter, the open episode) is kept per library under
``libraries/<key>/…`` so two libraries never share a window layout.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QSettings

THEMES = ("system", "light", "dark")


@dataclass(frozen=True)
class Preference:
    key: str
    default: object
    kind: type


SKIP_BACK = Preference("prefs/skip_back", 15, int)
SKIP_FORWARD = Preference("prefs/skip_forward", 30, int)
THEME = Preference("prefs/theme", "system", str)
VOLUME = Preference("prefs/volume", 100, int)
SKIP_SILENCE = Preference("prefs/skip_silence", False, bool)


def get(settings: QSettings, pref: Preference):
    value = settings.value(pref.key, pref.default)
    if pref.kind is bool:
        return value in (True, "true", "1", 1)
    try:
        return pref.kind(value)
    except (TypeError, ValueError):
        return pref.default


def put(settings: QSettings, pref: Preference, value) -> None:
    settings.setValue(pref.key, pref.kind(value))


def library_key(folder: Path) -> str:
    """A short stable key for one library folder (QSettings groups cannot hold a path)."""
    return hashlib.sha1(str(folder.expanduser().resolve()).encode()).hexdigest()[:12]


def state_key(folder: Path, name: str) -> str:
    """Where UI state ``name`` (e.g. ``window/geometry``) of the library in ``folder`` is kept."""
    return f"libraries/{library_key(folder)}/{name}"


def speed_key(podcast_id: int | None) -> str:
    """Playback speed is remembered per podcast (episodes of no podcast share one)."""
    return f"speed/podcast/{podcast_id if podcast_id is not None else 'none'}"
