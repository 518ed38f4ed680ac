"""The bundled demo episode, and a transcript of thousands of lines in the pane."""

from __future__ import annotations

from PySide6.QtCore import QSettings

from earmark.core.model import Segment, SegmentKind, Transcript, TranscriptKind
from earmark.services.demo import DEMO_DIR, ensure_demo_episode


def test_demo_episode_is_imported_once(services):
    """The demo imports with its timed transcript; asking again finds the same episode."""
    first = ensure_demo_episode(services)
    assert ensure_demo_episode(services) == first
    assert len(services.library.episodes()) == 1
    episode = services.library.episode(first)
    assert episode.timed and 60 <= episode.duration <= 180
    assert len(services.library.transcript(first).segments) > 20


def test_demo_files_are_small(services):
    """The committed demo stays under 1 MB."""
    assert sum(p.stat().st_size for p in DEMO_DIR.iterdir()) < 1_000_000


def test_demo_opens_playing(qtbot, services, tmp_path):
    """`earmark demo`'s window opens the demo episode and plays it."""
    from earmark.gui.main import make_application, open_window

    make_application()
    window = open_window(
        services, demo=True, settings=QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)
    )
    qtbot.addWidget(window)
    try:
        window.show()
        assert window.episode is not None and window.episode.title == "Welcome to Earmark"
        qtbot.waitUntil(lambda: window.controller.state() == "playing", timeout=5000)
        assert window.library.visible_titles() == ["Welcome to Earmark"]
    finally:
        window.close()
        window.controller.close()


def test_five_thousand_lines_load_and_follow(qtbot):
    """A 5,000-line transcript loads into the pane, and following a late line scrolls to it."""
    from earmark.gui.transcript_view import TranscriptView

    words = [
        "we",
        "talk",
        "about",
        "audio",
        "transcripts",
        "and",
        "the",
        "many",
        "ways",
        "people",
        "read",
        "along",
    ]
    segments = [
        Segment(
            " ".join(words[(i * 7 + k) % len(words)] for k in range(4 + i % 30)),
            start=i * 2.0,
            end=i * 2.0 + 1.8,
            speaker=f"Speaker {i // 20 % 3}",
            kind=SegmentKind.MUSIC if i % 500 == 0 else SegmentKind.SPEECH,
        )
        for i in range(5000)
    ]
    view = TranscriptView()
    qtbot.addWidget(view)
    view.resize(700, 500)
    view.show()
    view.set_transcript(Transcript(segments, "vtt", TranscriptKind.TIMED))
    assert view.transcript_model.rowCount() == 5000
    view.follow_position(4000 * 2.0 + 0.5)
    index = view.transcript_model.index(4000)
    qtbot.waitUntil(lambda: view.visualRect(index).intersects(view.viewport().rect()), timeout=20000)
