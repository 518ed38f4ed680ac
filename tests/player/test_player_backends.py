"""Both playback backends (libvlc and Qt Multimedia) against real audio files."""

from __future__ import annotations

import wave

import pytest

from earmark.player.base import PlaybackState

WAIT_MS = 5000


def wav_seconds(path) -> float:
    with wave.open(str(path)) as file:
        return file.getnframes() / file.getframerate()


@pytest.mark.parametrize("fmt", ["wav", "opus", "mp3"])
def test_load_reports_the_duration(qtbot, make_backend, audio, fmt):
    """Loading speech as wav, opus or mp3 gives its duration, stopped at 0 (the MP3 one libvlc misjudges)."""
    wav = audio("speech")
    player = make_backend()
    player.load(wav if fmt == "wav" else audio("speech", fmt))
    qtbot.waitUntil(lambda: player.duration() is not None, timeout=WAIT_MS)
    assert player.duration() == pytest.approx(wav_seconds(wav), abs=0.15)
    assert player.state() == PlaybackState.STOPPED
    assert player.position() == 0.0


@pytest.mark.parametrize("fmt", ["wav", "opus"])
def test_play_advances_the_position(qtbot, make_backend, audio, fmt):
    """Once playing, the position moves forward and the state says playing."""
    player = make_backend()
    player.load(audio("tone", fmt, seconds=4.0))
    player.play()
    qtbot.waitUntil(lambda: player.position() > 0.5, timeout=WAIT_MS)
    assert player.state() == PlaybackState.PLAYING


def test_seek_while_paused_lands_on_the_target(qtbot, make_backend, audio):
    """Seeking a paused player puts its position within 250 ms of the target."""
    player = make_backend()
    player.load(audio("tone", seconds=6.0))
    player.play()
    qtbot.waitUntil(lambda: player.position() > 0.2, timeout=WAIT_MS)
    player.pause()
    player.seek(4.0)
    qtbot.waitUntil(lambda: abs(player.position() - 4.0) < 0.25, timeout=WAIT_MS)
    assert player.state() == PlaybackState.PAUSED


def test_seek_while_playing_lands_on_the_target(qtbot, make_backend, audio):
    """Seeking back while playing reads within 250 ms of the target (not the old position)."""
    player = make_backend()
    player.load(audio("tone", seconds=6.0))
    player.play()
    qtbot.waitUntil(lambda: player.position() > 1.0, timeout=WAIT_MS)
    player.seek(0.2)
    qtbot.waitUntil(lambda: abs(player.position() - 0.2) < 0.25, timeout=WAIT_MS)


def test_seek_before_play_starts_there(qtbot, make_backend, audio):
    """A seek made before the first play is where playback starts (from 0 it would need 6 s to get there)."""
    player = make_backend()
    player.load(audio("tone", seconds=9.0))
    player.seek(6.0)
    assert player.position() == pytest.approx(6.0)
    player.play()
    qtbot.waitUntil(lambda: player.position() > 6.1, timeout=4000)


def test_rate_speeds_playback_up(qtbot, make_backend, audio):
    """At 3x, 4.5 s of audio passes in ~1.5 s: well before the 3.5 s a 1x player would need to get there."""
    player = make_backend()
    player.load(audio("tone", seconds=8.0))
    player.set_rate(3.0)
    assert player.rate() == 3.0
    player.play()
    qtbot.waitUntil(lambda: player.position() >= 4.5, timeout=3500)


def test_playing_a_short_file_to_the_end_reports_ended(qtbot, make_backend, audio):
    """A 1 s tone played through calls the ended callback; state ENDED, position at the duration."""
    ended = []
    player = make_backend()
    player.on_ended(lambda: ended.append(True))
    player.load(audio("tone", seconds=1.0))
    player.play()
    qtbot.waitUntil(lambda: bool(ended) and player.state() == PlaybackState.ENDED, timeout=WAIT_MS)
    assert player.position() == pytest.approx(player.duration())


def test_play_after_the_end_starts_again(qtbot, make_backend, audio):
    """Play after the end restarts from the beginning and plays."""
    ended = []
    player = make_backend()
    player.on_ended(lambda: ended.append(True))
    player.load(audio("tone", seconds=1.0))
    player.play()
    qtbot.waitUntil(lambda: bool(ended), timeout=WAIT_MS)
    player.play()
    qtbot.waitUntil(lambda: len(ended) == 2, timeout=WAIT_MS)


def test_seek_after_the_end_then_play_goes_on_from_there(qtbot, make_backend, audio):
    """After the end, a seek leaves the ended state and play resumes at the target (1 s from the end,
    where a restart from 0 would need 5 s)."""
    ended = []
    player = make_backend()
    player.on_ended(lambda: ended.append(True))
    player.load(audio("tone", seconds=5.0))
    player.seek(4.0)
    player.play()
    qtbot.waitUntil(lambda: bool(ended), timeout=WAIT_MS)
    player.seek(4.0)
    assert player.state() == PlaybackState.STOPPED
    assert player.position() == pytest.approx(4.0)
    player.play()
    qtbot.waitUntil(lambda: len(ended) == 2, timeout=3500)
    assert player.state() == PlaybackState.ENDED


def test_a_non_audio_file_reports_an_error(qtbot, make_backend, not_audio):
    """A text file named .mp3 gives an error callback naming the file and state ERROR; play does nothing."""
    errors: list[str] = []
    player = make_backend()
    player.on_error(errors.append)
    player.load(not_audio)
    qtbot.waitUntil(lambda: bool(errors), timeout=WAIT_MS)
    assert "notes.mp3" in errors[0]
    assert player.state() == PlaybackState.ERROR
    player.play()
    assert player.state() == PlaybackState.ERROR
    assert player.duration() is None


def test_a_missing_file_reports_an_error(qtbot, make_backend, tmp_path):
    """A path that does not exist gives an error callback, not an exception."""
    errors: list[str] = []
    player = make_backend()
    player.on_error(errors.append)
    player.load(tmp_path / "gone.opus")
    qtbot.waitUntil(lambda: bool(errors), timeout=WAIT_MS)
    assert "gone.opus" in errors[0]
    assert player.state() == PlaybackState.ERROR


def test_a_good_file_after_a_bad_one_plays(qtbot, make_backend, audio, not_audio):
    """The error state belongs to one file: loading a good one afterwards plays normally."""
    player = make_backend()
    player.load(not_audio)
    qtbot.waitUntil(lambda: player.state() == PlaybackState.ERROR, timeout=WAIT_MS)
    player.load(audio("tone", seconds=3.0))
    player.play()
    qtbot.waitUntil(lambda: player.position() > 0.3, timeout=WAIT_MS)
