"""Pick a playback backend: libvlc first, Qt Multimedia when libvlc is missing or broken.

``EARMARK_PLAYER=vlc|qt`` (or the ``preferred`` argument) forces one; a forced
backend that cannot run raises :class:`BackendUnavailable` rather than silently
switching, so a test or a bug report says which backend it really used.
"""

from __future__ import annotations

import os
from collections.abc import Callable

from earmark.player.base import BackendUnavailable, Player

BACKENDS = ("vlc", "qt")


def _make(name: str) -> Player:
    if name == "vlc":
        from earmark.player.vlc_backend import VlcPlayer

        return VlcPlayer()
    if name == "qt":
        from earmark.player.qt_backend import QtPlayer

        return QtPlayer()
    raise BackendUnavailable(f"unknown player backend {name!r} (choose one of: {', '.join(BACKENDS)})")


def create_player(
    preferred: str | None = None, *, on_fallback: Callable[[str], None] | None = None
) -> Player:
    """The forced backend (argument, then ``EARMARK_PLAYER``), else the first that works.

    ``on_fallback`` receives the reason when the preferred automatic choice (vlc) failed.
    """
    forced = (preferred or os.environ.get("EARMARK_PLAYER") or "").strip().lower()
    if forced:
        return _make(forced)
    reasons: list[str] = []
    for name in BACKENDS:
        try:
            player = _make(name)
        except BackendUnavailable as error:
            reasons.append(f"{name}: {error}")
            continue
        if reasons and on_fallback is not None:
            on_fallback("; ".join(reasons))
        return player
    raise BackendUnavailable("no playback backend works here: " + "; ".join(reasons))


def available_backends() -> list[str]:
    """Backends that can start here, in order of preference (each is created once and closed)."""
    working = []
    for name in BACKENDS:
        try:
            player = _make(name)
        except BackendUnavailable:
            continue
        player.close()
        working.append(name)
    return working
