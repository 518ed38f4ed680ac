"""PlayerController, the facade panes listen to, over each real backend."""

from __future__ import annotations

import pytest

from earmark.player.base import PlaybackState
from earmark.player.controller import PlayerController

WAIT_MS = 5000


@pytest.fixture
def controller(qtbot, make_backend):
    made = PlayerController(make_backend())
    yield made
    made.close()


def loaded(qtbot, controller, path, start_at=0.0):
    controller.load(path, start_at=start_at)
    qtbot.waitUntil(lambda: controller.duration() is not None, timeout=WAIT_MS)
    return controller


def test_position_is_smooth_and_monotonic_while_playing(qtbot, controller, audio):
    """While playing, position_changed fires many times a second and never goes backwards."""
    positions: list[float] = []
    controller.position_changed.connect(positions.append)
    loaded(qtbot, controller, audio("tone", seconds=4.0))
    with qtbot.waitSignal(controller.state_changed, timeout=WAIT_MS) as blocker:
        controller.play()
    assert blocker.args == ["playing"]
    qtbot.waitUntil(lambda: bool(positions) and positions[-1] > 1.5, timeout=WAIT_MS)
    assert positions == sorted(positions)
    # libvlc alone moves in 0.25-1 s steps; interpolation gives ~30 distinct values a second
    assert len({round(p, 3) for p in positions if p <= 1.5}) >= 15


def test_load_at_a_start_point_plays_on_from_there(qtbot, controller, audio):
    """load(start_at=3) shows 3 at once, and playing never shows an earlier position (stale readings)."""
    positions: list[float] = []
    controller.position_changed.connect(positions.append)
    loaded(qtbot, controller, audio("tone", seconds=6.0), start_at=3.0)
    assert positions[0] == 3.0
    controller.play()
    qtbot.waitUntil(lambda: positions[-1] > 4.2, timeout=WAIT_MS)
    assert min(positions) == 3.0
    assert positions == sorted(positions)
    assert abs(controller.backend.position() - controller.position()) < 1.2


def test_seek_emits_the_target_at_once(qtbot, controller, audio):
    """seek(0.5) emits position_changed(0.5) before returning, then playback goes on from there."""
    loaded(qtbot, controller, audio("tone", seconds=6.0))
    controller.play()
    qtbot.waitUntil(lambda: controller.position() > 1.6, timeout=WAIT_MS)
    with qtbot.waitSignal(controller.position_changed, timeout=0) as blocker:
        controller.seek(0.5)
    assert blocker.args == [0.5]
    after: list[float] = []
    controller.position_changed.connect(after.append)
    qtbot.waitUntil(lambda: bool(after) and after[-1] > 1.0, timeout=WAIT_MS)
    assert after == sorted(after) and after[0] >= 0.5
    assert abs(controller.backend.position() - controller.position()) < 1.2


def test_skip_is_clamped_to_the_file(qtbot, controller, audio):
    """Back 15 s from near the start lands on 0; forward 30 s lands on the duration."""
    loaded(qtbot, controller, audio("tone", seconds=3.0))
    controller.seek(1.0)
    controller.skip(-15)
    assert controller.position() == 0.0
    controller.skip(30)
    assert controller.position() == controller.duration()


def test_rate_is_clamped(qtbot, controller, audio):
    """Rates outside 0.5..3 are clamped, and rate_changed carries the value used."""
    loaded(qtbot, controller, audio("tone", seconds=2.0))
    with qtbot.waitSignal(controller.rate_changed, timeout=0) as blocker:
        controller.set_rate(10)
    assert blocker.args == [3.0] and controller.rate() == 3.0
    assert controller.backend.rate() == 3.0
    controller.set_rate(0.1)
    assert controller.rate() == 0.5


def test_playing_to_the_end_emits_ended(qtbot, controller, audio):
    """A short file played through emits ended on the GUI thread; state ended, position at the end."""
    states: list[str] = []
    controller.state_changed.connect(states.append)
    loaded(qtbot, controller, audio("tone", seconds=1.0))
    with qtbot.waitSignal(controller.ended, timeout=WAIT_MS):
        controller.play()
    assert controller.state() == PlaybackState.ENDED
    assert states[-2:] == ["playing", "ended"]
    assert controller.position() == controller.duration()


def test_seek_after_the_end_plays_on_from_the_target(qtbot, controller, audio):
    """After ended, seek(1) then play shows positions from 1 onwards, never back at 0."""
    loaded(qtbot, controller, audio("tone", seconds=2.0), start_at=1.2)
    with qtbot.waitSignal(controller.ended, timeout=WAIT_MS):
        controller.play()
    controller.seek(1.0)
    assert controller.state() == PlaybackState.STOPPED
    positions: list[float] = []
    controller.position_changed.connect(positions.append)
    with qtbot.waitSignal(controller.ended, timeout=WAIT_MS):
        controller.play()
    assert min(positions) >= 1.0
    assert positions == sorted(positions)


def test_toggle_pauses_and_resumes(qtbot, controller, audio):
    """toggle() plays, pauses (position holds still), and plays again."""
    loaded(qtbot, controller, audio("tone", seconds=6.0))
    controller.toggle()
    qtbot.waitUntil(lambda: controller.position() > 0.5, timeout=WAIT_MS)
    controller.toggle()
    assert controller.state() == PlaybackState.PAUSED
    held = controller.position()
    qtbot.wait(300)
    assert controller.position() == held
    controller.toggle()
    qtbot.waitUntil(lambda: controller.position() > held + 0.3, timeout=WAIT_MS)
    assert controller.state() == PlaybackState.PLAYING


def test_a_non_audio_file_emits_error(qtbot, controller, not_audio):
    """Loading a text file emits error naming it; the state is error and play does not crash."""
    with qtbot.waitSignal(controller.error, timeout=WAIT_MS) as blocker:
        controller.load(not_audio)
    assert "notes.mp3" in blocker.args[0]
    assert controller.state() == PlaybackState.ERROR
    controller.play()
    assert controller.state() == PlaybackState.ERROR
