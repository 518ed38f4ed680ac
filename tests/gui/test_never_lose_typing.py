"""Never lose typing: every field that keeps text either saves it or refuses it.

The app runs in a child process that types like a user (QTest key clicks), waits the promised
second, then kills itself with SIGKILL (no close handler runs). A fresh library opened on the
same folder must hold every keystroke typed where there was somewhere to keep it.
"""

from __future__ import annotations

import ast
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

DESKTOP = Path(__file__).resolve().parents[2] / "desktop"

CHILD = textwrap.dedent(
    """
    import os, signal, sys
    from pathlib import Path
    from PySide6.QtCore import QSettings, Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication
    from earmark.app import build_services
    from earmark.gui.main import make_application
    from earmark.gui.main_window import MainWindow
    from earmark.player.controller import PlayerController

    library, settings_path, episode = sys.argv[1], sys.argv[2], sys.argv[3]
    app = make_application()
    services = build_services(Path(library))
    window = MainWindow(services, PlayerController(), QSettings(settings_path, QSettings.Format.IniFormat))
    window.show()
    panel = window.annotations.panel
    if episode != "none":
        episode_id = int(episode)
        window.open_episode(episode_id)
        highlight = services.annotations.highlight_segment(episode_id, 1)
        panel.set_episode(episode_id)
        panel.select_highlight(highlight.id)
    fields = {
        "episode_notes": panel.episode_notes,
        "episode_tags": panel.episode_tags,
        "note": panel.note_edit,
        "tags": panel.tags_edit,
    }
    typed = {}
    for name, field in fields.items():
        field.setFocus()
        QTest.keyClicks(field, f"typed{name}")
        typed[name] = field.toPlainText() if hasattr(field, "toPlainText") else field.text()
    print(repr(typed), flush=True)
    QTest.qWait(1200)  # the promise: committed within a second of the last keystroke
    os.kill(os.getpid(), signal.SIGKILL)
    """
)


def _run_and_kill(library: Path, settings: Path, episode: str) -> dict[str, str]:
    env = {**os.environ, "PYTHONPATH": str(DESKTOP)}
    done = subprocess.run(
        [sys.executable, "-c", CHILD, str(library), str(settings), episode],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert done.returncode == -9, done.stderr[-2000:]
    return ast.literal_eval(done.stdout.strip().splitlines()[-1])


def test_typing_with_no_episode_is_refused_not_dropped(library_dir, settings_file, services):
    """With no episode open, no notes or tags field takes a keystroke (there is nowhere to keep it)."""
    services.close()
    typed = _run_and_kill(library_dir, settings_file, "none")
    assert typed == {"episode_notes": "", "episode_tags": "", "note": "", "tags": ""}


@pytest.mark.usefixtures("spoken_episode")
def test_every_keystroke_typed_survives_a_kill(library_dir, settings_file, services, spoken_episode):
    """Typed into each field of an open episode, then SIGKILL: a reopened library holds every keystroke."""
    services.close()
    typed = _run_and_kill(library_dir, settings_file, str(spoken_episode.id))
    assert all(typed[name] == f"typed{name}" for name in typed), typed

    from earmark.app import build_services

    reopened = build_services(library_dir)
    try:
        annotations = reopened.annotations
        assert annotations.episode_notes(spoken_episode.id) == "typedepisode_notes"
        assert annotations.episode_tags(spoken_episode.id) == ["typedepisode_tags"]
        (highlight,) = annotations.highlights(spoken_episode.id)
        assert highlight.note == "typednote"
        assert highlight.tags == ["typedtags"]
    finally:
        reopened.close()
