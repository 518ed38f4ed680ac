"""Audio clips read back by ffprobe: duration within 0.1 s of the highlight, tags present, the right audio."""

from __future__ import annotations

import json
import shutil
import subprocess

import numpy as np
import pytest
from export_library import two_tones

from earmark.core.errors import Cancelled
from earmark.core.progress import CancelToken
from earmark.services.exporting import ExportOptions, Selection

pytestmark = pytest.mark.skipif(shutil.which("ffprobe") is None, reason="ffprobe not installed (setup.sh)")


def _probe(path) -> dict:
    out = subprocess.run(
        ["ffprobe", "-v", "error", "-show_entries", "format=duration:format_tags:stream_tags", "-of", "json",
         str(path)],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    data = json.loads(out)
    tags = {k.lower(): v for k, v in data["format"].get("tags", {}).items()}
    for stream in data.get("streams", []):
        tags.update({k.lower(): v for k, v in stream.get("tags", {}).items()})
    return {"duration": float(data["format"]["duration"]), "tags": tags}


@pytest.mark.parametrize("fmt", ["m4a", "opus", "mp3"])
def test_clip_duration_and_tags(library, tmp_path, fmt):
    """One clip per highlight; ffprobe finds the highlight's length (±0.1 s), the quote, episode and link."""
    written = library.services.exporter.export(
        Selection(), "clip", tmp_path / "clips", ExportOptions(clip_format=fmt)
    )
    assert len(written) == 2 and all(p.suffix == f".{fmt}" for p in written)
    first = next(p for p in written if p.name.startswith("Greeting"))
    probed = _probe(first)
    assert abs(probed["duration"] - 1.4) <= 0.1
    assert probed["tags"]["title"] == "This is a test."
    assert probed["tags"]["album"] == "Greeting: part one/two"
    assert probed["tags"]["artist"] == "Test Cast"
    assert f"earmark://episode/{library.first}?t=1.6&end=3" in probed["tags"]["comment"]
    assert not list((tmp_path / "clips").glob("*.part"))


def _dominant_frequency(path, rate=16000) -> float:
    raw = subprocess.run(
        ["ffmpeg", "-v", "error", "-i", str(path), "-ac", "1", "-ar", str(rate), "-f", "s16le", "-"],
        capture_output=True,
        check=True,
    ).stdout
    samples = np.frombuffer(raw, dtype="<i2").astype(np.float32)
    spectrum = np.abs(np.fft.rfft(samples))
    return float(np.fft.rfftfreq(len(samples), 1 / rate)[int(np.argmax(spectrum))])


def test_clip_is_cut_from_the_right_moment(services, tmp_path):
    """A clip of 2.5–3.5 s of 440 Hz then 880 Hz (from 2 s) holds the 880 Hz tone (decoded by ffmpeg)."""
    audio = two_tones(tmp_path / "tones.wav")
    episode = services.importer.import_episode(audio, None, None, "Tones")
    services.annotations.create_highlight(episode, 2.5, 3.5, quote="high part")
    (clip,) = services.exporter.export(Selection(episode=episode), "clip", tmp_path / "c")
    assert abs(_dominant_frequency(clip) - 880) < 20
    assert abs(_probe(clip)["duration"] - 1.0) <= 0.1


def test_cancelled_clip_export_leaves_no_half_file(library, tmp_path):
    """Cancel before the first clip: Cancelled, and no clip or .part file in the folder."""
    token = CancelToken()
    token.cancel()
    with pytest.raises(Cancelled):
        library.services.exporter.export(Selection(), "clip", tmp_path / "c", cancel=token)
    assert list((tmp_path / "c").iterdir()) == []
