"""Episodes of real voices (shared/real_speech) with ads inserted: the master, its transcript, a download.

The master is whole clips in a row with short pauses; its WebVTT cues are the clips' sentences at their
measured starts. The download is the master with ads (espeak-ng speech and a real voice not in the text)
inserted between clips, as ad servers do; ``truth`` is where each cue starts in the download.
"""

from __future__ import annotations

import json
import subprocess
import tempfile
import wave
from dataclasses import dataclass
from pathlib import Path

import numpy as np

CLIPS = Path(__file__).resolve().parents[3] / "shared" / "real_speech" / "clips"
RATE = 16000
PAUSE = 0.6


@dataclass
class Case:
    master: np.ndarray
    download: np.ndarray
    cues: list[tuple[float, float, str]]  # master times
    truth: list[float]  # cue starts in the download
    ads: list[tuple[float, float]]  # where the ads sit in the download


def _wav(path: Path) -> np.ndarray:
    with wave.open(str(path)) as w:
        assert w.getframerate() == RATE and w.getnchannels() == 1
        return np.frombuffer(w.readframes(w.getnframes()), "<i2").astype(np.float32) / 32768


def write_wav(path: Path, samples: np.ndarray) -> Path:
    with wave.open(str(path), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(RATE)
        w.writeframes((np.clip(samples, -1, 1) * 32767).astype("<i2").tobytes())
    return path


def _spoken_ad(text: str) -> np.ndarray:
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "ad.wav"
        subprocess.run(["espeak-ng", "-v", "en-us+m3", "-s", "165", "-w", str(out), text], check=True,
                       capture_output=True)  # fmt: skip
        with wave.open(str(out)) as w:
            rate = w.getframerate()
            data = np.frombuffer(w.readframes(w.getnframes()), "<i2").astype(np.float32) / 32768
    return np.interp(np.arange(0, len(data) * RATE / rate) * rate / RATE, np.arange(len(data)), data).astype(
        np.float32
    )


AD_TEXT = (
    "This episode is brought to you by Brightline mattresses. Sleep better tonight with a mattress "
    "that adapts to you. Visit brightline dot com slash listen and use the code podcast for twenty "
    "percent off your first order. Brightline, rest made simple."
)


def make_case(names: list[str], ad_after: tuple[int, ...]) -> Case:
    """Clips ``names`` in order; an ad after each clip index in ``ad_after`` (espeak, then a real voice)."""
    index = json.loads((CLIPS / "clips.json").read_text())
    pause = np.zeros(int(PAUSE * RATE), np.float32)
    ads = [_spoken_ad(AD_TEXT), _wav(CLIPS / "mfa_cold.wav")]
    master_parts, download_parts = [], []
    cues, truth, ad_spans = [], [], []
    at_master = at_download = 0.0
    for n, name in enumerate(names):
        clip = index[name]
        audio = _wav(CLIPS / clip["file"])
        length = len(audio) / RATE
        starts = [s["start"] for s in clip["sentences"]]
        for k, sentence in enumerate(clip["sentences"]):
            end = starts[k + 1] if k + 1 < len(starts) else length
            cues.append((at_master + sentence["start"], at_master + end, sentence["text"]))
            truth.append(at_download + sentence["start"])
        master_parts += [audio, pause]
        download_parts += [audio, pause]
        at_master += length + PAUSE
        at_download += length + PAUSE
        if n in ad_after:
            ad = ads[ad_after.index(n) % len(ads)]
            download_parts += [ad, pause]
            ad_spans.append((at_download, at_download + len(ad) / RATE))
            at_download += len(ad) / RATE + PAUSE
    return Case(np.concatenate(master_parts), np.concatenate(download_parts), cues, truth, ad_spans)


def vtt(cues: list[tuple[float, float, str]]) -> str:
    def clock(t: float) -> str:
        return f"{int(t // 3600):02d}:{int(t % 3600 // 60):02d}:{t % 60:06.3f}"

    return "WEBVTT\n\n" + "".join(f"{clock(a)} --> {clock(b)}\n{text}\n\n" for a, b, text in cues)


LONG = [
    "mfa_acoustic", "ls_61_70968_0000", "ls_2412_153948_0000", "jfk", "arctic_aew_a0001", "arctic_aew_a0002",
    "arctic_aew_a0003", "arctic_axb_a0004", "arctic_axb_a0005", "arctic_axb_a0006", "sonnet001",
    "ami_es2011a", *[f"lj_lj001_{n:04d}" for n in range(1, 33)],
]  # fmt: skip
