"""What the window leaves for after its first paint: libvlc, the search service, the podcasts list."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from earmark.player.controller import PlayerController
from earmark.player.factory import BACKENDS, DeferredPlayer

DESKTOP = Path(__file__).resolve().parents[2] / "desktop"


@pytest.fixture(params=BACKENDS)
def deferred(request, qapp):
    """A controller over a DeferredPlayer forced to each backend (both must run here)."""
    backend = DeferredPlayer(request.param)
    controller = PlayerController(backend)
    yield request.param, backend, controller
    controller.close()


def test_play_asked_before_the_backend_starts_plays_once_it_is_there(deferred, qtbot, tone):
    """Load, seek to 1 s and play before the backend exists: nothing plays (and the place is kept);
    once start() has made it, the file plays from 1 s on that backend."""
    name, backend, controller = deferred
    controller.load(tone(4.0))
    controller.seek(1.0)
    controller.play()
    assert backend.name == "starting" and controller.state() == "stopped"
    assert controller.position() == pytest.approx(1.0)
    backend.start()
    qtbot.waitUntil(lambda: controller.state() == "playing", timeout=10000)
    assert backend.name == name
    qtbot.waitUntil(lambda: controller.position() > 1.3, timeout=5000)
    assert controller.duration() == pytest.approx(4.0, abs=0.1)


def test_rate_set_before_the_backend_starts_is_handed_over(deferred, qtbot, tone):
    """A speed chosen before the backend exists is the backend's speed once it is made."""
    _name, backend, controller = deferred
    controller.set_rate(1.5)
    controller.load(tone(2.0))
    backend.start()
    qtbot.waitUntil(lambda: backend.ready, timeout=10000)
    assert backend.rate() == pytest.approx(1.5)


def test_a_backend_that_cannot_start_is_reported_once(qapp, qtbot, tone):
    """A forced backend that does not exist: the controller emits one error naming it, and is in error."""
    controller = PlayerController(DeferredPlayer("nonesuch"))
    try:
        controller.load(tone(1.0))
        errors: list[str] = []
        controller.error.connect(errors.append)
        controller.backend.start()
        qtbot.waitUntil(lambda: controller.state() == "error", timeout=5000)
        qtbot.wait(300)
        assert len(errors) == 1 and "nonesuch" in errors[0]
    finally:
        controller.close()


def test_libvlc_is_made_off_the_gui_thread(qapp, qtbot, monkeypatch):
    """start() returns at once and libvlc is created on another thread."""
    from earmark.player import factory

    made_on: list[str] = []
    real_make = factory._make

    def spy(name: str):
        made_on.append(threading.current_thread().name)
        return real_make(name)

    monkeypatch.setattr(factory, "_make", spy)
    backend = DeferredPlayer("vlc")
    try:
        backend.start()
        qtbot.waitUntil(lambda: made_on != [], timeout=10000)
        qtbot.waitUntil(lambda: backend.state() is not None and backend.ready, timeout=10000)
        assert made_on == ["player-backend"]
    finally:
        backend.close()


@pytest.fixture
def searchable(services, tone):
    """A library with one timed episode that mentions tomatoes."""
    from earmark.core.model import Segment, Transcript, TranscriptKind
    from earmark.store import transcripts

    episode = services.importer.import_episode(tone(3.0), title="Garden")
    text = Transcript(
        segments=[Segment(text="Tomatoes need sun.", start=0.0, end=2.0)],
        format="vtt",
        kind=TranscriptKind.TIMED,
    )
    with services.database.transaction() as conn:
        transcripts.replace_transcript(conn, episode, text, None)
    return services


def test_search_panel_waits_for_start_saying_preparing(qtbot, searchable):
    """Given a builder and start=False, the pane says "Preparing search…" and builds nothing; start()
    builds the service on the pane's worker (not the GUI thread), then a search finds the line."""
    from earmark.gui.search_panel import SearchPanel

    built_on: list[str] = []

    def build():
        built_on.append(threading.current_thread().name)
        return searchable.search

    panel = SearchPanel(build, start=False)
    qtbot.addWidget(panel)
    try:
        qtbot.wait(200)
        assert built_on == [] and panel.status.text() == "Preparing search…"
        panel.start()
        qtbot.waitUntil(lambda: built_on != [] and panel.status.text() != "Preparing search…", timeout=10000)
        assert built_on[0] != threading.main_thread().name
        qtbot.keyClicks(panel.search_box, "tomatoes")
        qtbot.waitUntil(lambda: panel.model.hit_count() == 1, timeout=10000)
    finally:
        panel.shutdown()


def test_search_typed_before_start_builds_the_service_and_finds(qtbot, searchable):
    """Typing in a pane that has not been started yet still searches (it builds the service first)."""
    from earmark.gui.search_panel import SearchPanel

    panel = SearchPanel(lambda: searchable.search, start=False)
    qtbot.addWidget(panel)
    try:
        qtbot.keyClicks(panel.search_box, "tomatoes")
        qtbot.waitUntil(lambda: panel.model.hit_count() == 1, timeout=10000)
    finally:
        panel.shutdown()


WINDOW_PROBE = """
import json, sys
from pathlib import Path
from earmark.app import build_services
from earmark.gui.main import make_application
from earmark.gui.main_window import MainWindow
from earmark.player.controller import PlayerController
from earmark.player.factory import DeferredPlayer
app = make_application()
services = build_services(Path(sys.argv[1]))
window = MainWindow(services, PlayerController(DeferredPlayer()), load_library=False)
window.show()
app.processEvents()
loaded = sorted({m.split('.')[0] for m in sys.modules} & {"whoosh", "vlc", "bs4", "numba", "av"})
built = sorted(k for k in ("search", "subscriptions") if k in services.__dict__)
print(json.dumps({"loaded": loaded, "built": built}))
window.close()
services.close()
"""


def test_the_window_is_built_and_shown_without_whoosh_libvlc_or_the_feeds(library_dir):
    """Built as gui/main.py builds it (library, podcasts and search after the first paint): the
    window shows without importing Whoosh or libvlc and without building the search or feeds
    services (nor reading the podcasts list, which needs the latter)."""
    env = {
        **os.environ,
        "PYTHONPATH": str(DESKTOP),
        "QT_QPA_PLATFORM": "offscreen",
        "XDG_CONFIG_HOME": str(library_dir.parent / "config"),
    }
    result = subprocess.run(
        [sys.executable, "-c", WINDOW_PROBE, str(library_dir)],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    seen = json.loads(result.stdout.strip().splitlines()[-1])
    assert seen == {"loaded": [], "built": []}
