"""Skip silence: pauses found in the audio itself, and jumped over while playing."""

from __future__ import annotations

import wave

import pytest
from PySide6.QtCore import QSettings

from earmark.services.silence import find_pauses, time_saved

GAP = 2.0


@pytest.fixture
def paused_audio(speech, tmp_path):
    """'Hello there, listener.' then two seconds of silence, then 'And goodbye now.'"""
    first, second = speech("Hello there, listener.", name="a.wav"), speech("And goodbye now.", name="b.wav")
    with wave.open(str(first)) as a, wave.open(str(second)) as b:
        rate = a.getframerate()
        frames = a.readframes(a.getnframes())
        speech_end = a.getnframes() / rate
        frames += bytes(int(rate * GAP) * 2) + b.readframes(b.getnframes())
    path = tmp_path / "paused.wav"
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(rate)
        out.writeframes(frames)
    return path, speech_end


def test_the_pause_between_two_sentences_is_found(paused_audio):
    """A two-second gap is one pause to skip, inside the gap, keeping a little of each side."""
    path, speech_end = paused_audio
    runs = find_pauses(path)
    inside = [(s, e) for s, e in runs if speech_end - 0.8 < s < speech_end + GAP]
    assert len(inside) == 1  # (espeak-ng's own quiet tail and lead belong to the same pause)
    start, end = inside[0]
    assert speech_end - 0.8 <= start <= speech_end + 0.5
    assert speech_end + GAP - 0.5 <= end <= speech_end + GAP + 0.5
    assert GAP - 0.4 <= time_saved(inside) <= GAP + 0.8


def test_playing_with_skip_silence_jumps_over_the_pause(
    make_window, services, paused_audio, settings_file, qtbot
):
    """With Skip silence on, playback that reaches the pause lands at its end."""
    path, speech_end = paused_audio
    QSettings(str(settings_file), QSettings.Format.IniFormat).setValue("prefs/skip_silence", True)
    episode_id = services.importer.import_episode(path, title="Paused")
    window = make_window()
    assert window.skip_silence.on
    window.open_episode(episode_id)
    qtbot.waitUntil(lambda: bool(window.skip_silence.pauses), timeout=15000)
    start, end = next((s, e) for s, e in window.skip_silence.pauses if s > speech_end - 0.8)
    window.controller.seek(start - 0.3)
    window.controller.play()
    qtbot.waitUntil(lambda: window.controller.position() >= end, timeout=5000)
    assert window.skip_silence.saved > 0.5
    assert window.controller.position() < end + 0.8  # it jumped; it did not play the whole gap
