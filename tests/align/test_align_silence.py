"""The recogniser skips the middle of long digital silence, and its words keep their times in the episode."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from earmark.align import silence, words
from earmark.align.listener import RATE, Listener
from earmark.audio import decode_mono

CLIPS = Path(__file__).resolve().parents[2].parent / "shared" / "real_speech" / "clips"


def test_a_long_run_of_zeros_is_cut_to_room_either_side():
    """2 s of digital silence goes to the recogniser as 0.5 s; the audio either side is sent as it was."""
    samples = np.concatenate([np.full(RATE, 0.1), np.zeros(2 * RATE), np.full(RATE, -0.2)]).astype(np.float32)
    cut = silence.spliced(samples, 10.0)
    sent = np.frombuffer(cut.pcm, "<i2")
    assert len(sent) == int(2.5 * RATE)
    assert np.array_equal(sent[:RATE], np.frombuffer(words._pcm(samples[:RATE]), "<i2"))
    assert np.array_equal(sent[-RATE:], np.frombuffer(words._pcm(samples[-RATE:]), "<i2"))
    # a word after the cut moves back by the 1.5 s taken out; one before it stays
    assert cut.back([("a", 10.5, 11.0), ("b", 11.5, 12.0)]) == [("a", 10.5, 11.0), ("b", 13.0, 13.5)]


def test_audio_without_long_digital_silence_is_sent_unchanged():
    """Room tone (never exactly 0) and short zero runs: the very bytes as before, the words as heard."""
    room = np.random.default_rng(1).normal(0, 1e-3, 3 * RATE).astype(np.float32)
    room[RATE : RATE + RATE // 4] = 0.0  # 0.25 s of zeros: too short to cut
    cut = silence.spliced(room, 4.0)
    assert cut.pcm == words._pcm(room)
    heard = [("a", 4.5, 5.0)]
    assert cut.back(heard) is heard


@pytest.mark.skipif(not CLIPS.is_dir(), reason="../shared/real_speech is missing")
def test_real_speech_either_side_of_digital_silence_is_heard_at_its_times(monkeypatch):
    """A real voice, 4 s of digital silence, a real voice: the recogniser gets 3 s less audio or more and
    hears the same words at the same times in the episode (within a frame) as with all of it."""
    first, second = decode_mono(CLIPS / "jfk.wav"), decode_mono(CLIPS / "arctic_aew_a0001.wav")
    episode = np.concatenate([first, np.zeros(4 * RATE, np.float32), second])
    text = [
        (CLIPS / "jfk.txt").read_text(encoding="utf-8").strip(),
        (CLIPS / "arctic_aew_a0001.txt").read_text(encoding="utf-8").strip(),
    ]
    vocabulary, *_ = words.text_words(text)
    sent: list[int] = []
    real_words = Listener.words

    def counted(self, offset, pcm, model=None):
        sent.append(len(pcm) // 2)
        return real_words(self, offset, pcm, model)

    monkeypatch.setattr(Listener, "words", counted)

    def heard() -> list[words.Said]:
        return words.recognise([episode], vocabulary, duration=len(episode) / RATE)

    cut = heard()
    monkeypatch.setattr(silence, "SILENCE_KEPT_SECONDS", 1e9)  # nothing cut: every sample sent
    whole = heard()
    assert sent[1] == len(episode)
    assert sent[0] <= len(episode) - 3 * RATE  # (the clips' own padding of zeros is cut too)
    assert [w for w, _, _ in cut] == [w for w, _, _ in whole]
    assert len(cut) >= 20
    frame = 0.0101  # one 10 ms frame (the decoder's normalisation sees less silence: one end moved by one)
    assert all(
        abs(a[1] - b[1]) <= frame and abs(a[2] - b[2]) <= frame for a, b in zip(cut, whole, strict=True)
    )
    assert any(start > len(first) / RATE + 4 for _, start, _ in cut)  # the second voice, after the silence
