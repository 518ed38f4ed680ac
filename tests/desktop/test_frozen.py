"""A frozen build's own executable started as a recogniser worker does the work, not open a window."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

DESKTOP = Path(__file__).resolve().parents[2] / "desktop"
FROZEN = """
import sys
sys.frozen = True  # what PyInstaller and the like set: sys.executable is the app itself
from earmark.cli import main
raise SystemExit(main(sys.argv[1:]))
"""


def test_frozen_executable_runs_the_listener_worker(speech, tmp_path):
    """`<frozen earmark> -m earmark.align.listener MODEL DICT` (how the aligner starts its workers)
    recognises the utterance it is handed and answers with JSON, instead of starting the app."""
    pytest.importorskip("pocketsphinx")
    from earmark.align import words
    from earmark.audio import decode_mono

    spoken = "the quick brown fox jumps over the lazy dog"
    vocabulary = spoken.split()
    model, dictionary = str(tmp_path / "text.arpa"), str(tmp_path / "text.dict")
    words._write_language_model(vocabulary, model)
    words._write_dictionary(vocabulary, dictionary)
    pcm = tmp_path / "0.pcm"
    pcm.write_bytes(words._pcm(decode_mono(speech(spoken, name="fox.wav"))))
    result = subprocess.run(
        [sys.executable, "-c", FROZEN, "-m", "earmark.align.listener", model, dictionary],
        input=f"1.5 {pcm}\n",
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "PYTHONPATH": str(DESKTOP), "QT_QPA_PLATFORM": "offscreen"},
    )
    assert result.returncode == 0, result.stderr
    heard = json.loads(result.stdout.strip().splitlines()[-1])
    assert len({word for word, _, _ in heard} & set(vocabulary)) >= 3
    assert all(end > start >= 1.5 for _, start, end in heard)  # the offset it was given
    assert not pcm.exists()  # read and removed, as a worker does


def test_frozen_executable_runs_the_forced_alignment_worker(speech, tmp_path):
    """`<frozen earmark> -m earmark.align.forcer DICT` (the word pass's workers) aligns the words
    it is handed in the utterance and answers with JSON, instead of starting the app."""
    pytest.importorskip("pocketsphinx")
    from earmark.align import forcer, words
    from earmark.audio import decode_mono

    spoken = "the quick brown fox jumps over the lazy dog"
    dictionary = str(tmp_path / "forced.dict")
    words._write_dictionary([*spoken.split(), *forcer.FILLERS], dictionary)
    pcm = tmp_path / "0.pcm"
    # (espeak-ng's default male voice is not aligned at all by the English model; this one is)
    pcm.write_bytes(
        words._pcm(decode_mono(speech(spoken, name="fox.wav", voice="en-us+f3", words_per_minute=150)))
    )
    job = {"path": str(pcm), "words": spoken.split(), "before": [], "after": []}
    result = subprocess.run(
        [sys.executable, "-c", FROZEN, "-m", "earmark.align.forcer", dictionary],
        input=json.dumps(job) + "\n",
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "PYTHONPATH": str(DESKTOP), "QT_QPA_PLATFORM": "offscreen"},
    )
    assert result.returncode == 0, result.stderr
    found = json.loads(result.stdout.strip().splitlines()[-1])
    assert [k for k, _, _ in found] == list(range(len(job["words"])))
    assert all(end > start for _, start, end in found)
    assert not pcm.exists()
