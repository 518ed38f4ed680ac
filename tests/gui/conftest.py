"""GUI fixtures: a real library, a spoken episode with exact cue times, real windows and players."""

from __future__ import annotations

import wave
from dataclasses import dataclass
from pathlib import Path

import pytest

SENTENCES = [
    "This is the first line.",
    "Here comes the second one.",
    "The third line is a little longer than the others.",
    "Number four.",
    "And the fifth line ends the test.",
]
PAUSE = 0.4


@dataclass
class SpokenEpisode:
    id: int
    starts: list[float]
    audio: Path
    transcript: Path


def _clock(seconds: float) -> str:
    ms = round(seconds * 1000)
    return f"{ms // 3_600_000:02d}:{ms // 60_000 % 60:02d}:{ms // 1000 % 60:02d}.{ms % 1000:03d}"


@pytest.fixture
def spoken_files(speech, tmp_path: Path) -> tuple[Path, Path, list[float]]:
    """espeak-ng reads each sentence; joined with pauses, so each cue's start is exact."""
    frames = bytearray()
    cues, starts = [], []
    rate = None
    for n, sentence in enumerate(SENTENCES):
        with wave.open(str(speech(sentence, name=f"s{n}.wav")), "rb") as part:
            rate = part.getframerate()
            if frames:
                frames += bytes(int(rate * PAUSE) * 2)
            start = len(frames) / 2 / rate
            frames += part.readframes(part.getnframes())
            end = len(frames) / 2 / rate
        starts.append(start)
        cues.append(f"{_clock(start)} --> {_clock(end)}\n{'<v Ann>' if n < 3 else '<v Bob>'}{sentence}\n")
    audio = tmp_path / "spoken.wav"
    with wave.open(str(audio), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(rate)
        out.writeframes(bytes(frames))
    transcript = tmp_path / "spoken.vtt"
    transcript.write_text("WEBVTT\n\n" + "\n".join(cues), encoding="utf-8")
    return audio, transcript, starts


@pytest.fixture
def spoken_episode(services, spoken_files) -> SpokenEpisode:
    audio, transcript, starts = spoken_files
    episode_id = services.importer.import_episode(audio, transcript, title="Spoken test")
    return SpokenEpisode(episode_id, starts, audio, transcript)
