"""Fixtures for annotation tests: a real library holding one episode with a timed transcript."""

from __future__ import annotations

from pathlib import Path

import pytest

LINES = [
    (0.0, 2.0, "Welcome to the show."),
    (2.0, 4.5, "Today we talk about sleep and memory."),
    (4.5, 7.0, "Our guest studies how the brain stores facts."),
    (7.0, 9.0, "She says naps really help."),
    (9.0, 12.0, "Let us start with the basics."),
    (12.0, 15.0, "What happens when we fall asleep?"),
]


def srt(lines: list[tuple[float, float, str]]) -> str:
    """An SRT file for (start, end, text) lines."""

    def clock(seconds: float) -> str:
        ms = round(seconds * 1000)
        return f"{ms // 3_600_000:02d}:{ms // 60_000 % 60:02d}:{ms // 1000 % 60:02d},{ms % 1000:03d}"

    return "".join(
        f"{n}\n{clock(a)} --> {clock(b)}\n{text}\n\n" for n, (a, b, text) in enumerate(lines, start=1)
    )


@pytest.fixture
def episode_files(tmp_path: Path, tone) -> tuple[Path, Path]:
    """A 16 s tone and a six-line timed transcript."""
    transcript = tmp_path / "show.srt"
    transcript.write_text(srt(LINES), encoding="utf-8")
    return tone(16.0), transcript


@pytest.fixture
def episode(services, episode_files) -> int:
    """The id of an imported episode with :data:`LINES` as its transcript."""
    audio, transcript = episode_files
    return services.importer.import_episode(audio, transcript, title="Sleep and memory")
