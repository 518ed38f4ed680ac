"""Player fixtures: each backend for real; real audio (espeak-ng speech, `wave` tones, ffmpeg encodes)."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from earmark.player.base import Player
from earmark.player.factory import BACKENDS, create_player


def encode(wav: Path, suffix: str) -> Path:
    """The same audio as Opus or MP3, made by ffmpeg."""
    if shutil.which("ffmpeg") is None:
        pytest.fail("ffmpeg is not installed (packaging/setup.sh installs it)")
    codec = {".opus": "libopus", ".mp3": "libmp3lame"}[suffix]
    out = wav.with_suffix(suffix)
    subprocess.run(
        ["ffmpeg", "-loglevel", "error", "-y", "-i", str(wav), "-c:a", codec, str(out)],
        check=True,
        capture_output=True,
    )
    return out


@pytest.fixture(params=BACKENDS)
def backend_name(request: pytest.FixtureRequest) -> str:
    return request.param


@pytest.fixture
def make_backend(qapp, backend_name: str) -> Iterator[Callable[[], Player]]:
    """Builds the backend under test; a backend that cannot run here fails the test (never skips)."""
    made: list[Player] = []

    def make() -> Player:
        player = create_player(backend_name)
        made.append(player)
        return player

    yield make
    for player in made:
        player.close()


@pytest.fixture
def audio(tone, speech) -> Callable[..., Path]:
    """``audio(kind, fmt)``: a tone of ``seconds`` or a spoken sentence, as wav, opus or mp3."""

    def make(kind: str = "tone", fmt: str = "wav", seconds: float = 3.0) -> Path:
        if kind == "speech":
            wav = speech("Every episode deserves a careful listener and a good transcript to follow.")
        else:
            wav = tone(seconds, name=f"tone-{seconds}.wav")
        return wav if fmt == "wav" else encode(wav, f".{fmt}")

    return make


@pytest.fixture
def not_audio(tmp_path: Path) -> Path:
    """A text file wearing an audio file's name."""
    path = tmp_path / "notes.mp3"
    path.write_text("These are show notes, not sound.\n" * 40, encoding="utf-8")
    return path
