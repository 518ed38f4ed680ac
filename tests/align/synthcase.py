"""Episodes with known truth for alignment tests and the benchmark.

espeak-ng reads each sentence in a voice and rate unlike the aligner's own
(``en`` at 175 wpm); sentences are laid out with random pauses, optionally after
a tone jingle (made with ``wave``), with an ad read that is not in the text, one
text paragraph that is never spoken, and background noise.
"""

from __future__ import annotations

import io
import re
import subprocess
import wave
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from earmark.core.model import Segment

RATE = 16000
READER = ("en-us+f3", 150)
AD_READER = ("en-gb-scotland+m2", 190)

SHORT_TEXT = [
    [
        "Welcome back to the show, where we read the week's news slowly and carefully.",
        "Today we have three stories about tools that people use every day.",
        "The first one is about a bridge that was painted the wrong colour.",
    ],
    [
        "The city council met on Tuesday to decide what to do about it.",
        "Some members wanted to paint it again, but the budget was already spent.",
        "In the end they voted to keep the colour and call it a landmark.",
    ],
    [
        "This paragraph is in the show notes but the host skipped it on the day.",
        "Nobody will hear these words, so no line should light up for them.",
    ],
    [
        "Our second story is about a library that lends out garden tools.",
        "You can borrow a rake or a spade for a week, just like a book.",
        "The librarian says the most popular item is a very old wheelbarrow.",
    ],
    [
        "Finally, a short note about the weather for the weekend.",
        "Expect rain on Saturday and a bright, cold morning on Sunday.",
        "Thanks for listening, and see you next week.",
    ],
]
UNSPOKEN_PARAGRAPH = 2
AD_TEXT = (
    "This episode is brought to you by Acme mattresses. "
    "Sleep better tonight with a mattress that remembers your shape. "
    "Use the code podcast for ten percent off."
)


@dataclass
class Case:
    audio: Path
    segments: list[Segment]
    truth: list[float | None]  # true start of each segment; None when not spoken
    duration: float


def speak(text: str, voice: str, wpm: int) -> np.ndarray:
    out = subprocess.run(
        ["espeak-ng", "-v", voice, "-s", str(wpm), "--stdout", text], capture_output=True, check=True
    ).stdout
    with wave.open(io.BytesIO(out)) as reader:
        rate = reader.getframerate()
        samples = np.frombuffer(reader.readframes(reader.getnframes()), "<i2").astype(np.float32) / 32768
    count = int(len(samples) * RATE / rate)
    samples = np.interp(np.arange(count) * rate / RATE, np.arange(len(samples)), samples)
    loud = np.flatnonzero(np.abs(samples) > 0.01)
    return samples[loud[0] : loud[-1] + 1].astype(np.float32)


def jingle(seconds: float = 3.0) -> np.ndarray:
    """A few notes of sine chords: music, not speech."""
    notes = [262, 330, 392, 523, 392, 330]
    per = int(seconds * RATE / len(notes))
    t = np.arange(per) / RATE
    fade = np.minimum(1, np.minimum(t, t[::-1]) * 20)
    return np.concatenate(
        [0.25 * fade * (np.sin(2 * np.pi * f * t) + 0.5 * np.sin(2 * np.pi * 1.5 * f * t)) for f in notes]
    ).astype(np.float32)


def write_wav(path: Path, samples: np.ndarray) -> Path:
    pcm = (np.clip(samples, -1, 1) * 32767).astype("<i2")
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(RATE)
        out.writeframes(pcm.tobytes())
    return path


def make_case(
    folder: Path,
    paragraphs: list[list[str]],
    *,
    name: str = "case",
    seed: int = 1,
    with_jingle: bool = False,
    ad_after: int | None = None,
    unspoken: int | None = None,
    noise_snr_db: float | None = None,
) -> Case:
    """Build audio and untimed segments; ``ad_after`` is a sentence index, ``unspoken`` a paragraph."""
    rng = np.random.default_rng(seed)
    parts: list[np.ndarray] = []
    clock = 0.0

    def put(samples: np.ndarray) -> None:
        nonlocal clock
        parts.append(samples)
        clock += len(samples) / RATE

    put(np.zeros(int(0.3 * RATE), np.float32))
    if with_jingle:
        put(jingle())
        put(np.zeros(int(0.5 * RATE), np.float32))
    segments: list[Segment] = []
    truth: list[float | None] = []
    for p, paragraph in enumerate(paragraphs):
        for sentence in paragraph:
            segments.append(Segment(text=sentence, paragraph=p))
            if p == unspoken:
                truth.append(None)
                continue
            truth.append(clock)
            put(speak(sentence, *READER))
            put(np.zeros(int(rng.uniform(0.15, 1.2) * RATE), np.float32))
            if ad_after is not None and len(segments) - 1 == ad_after:
                put(np.zeros(int(0.6 * RATE), np.float32))
                put(speak(AD_TEXT, *AD_READER))
                put(np.zeros(int(0.8 * RATE), np.float32))
    put(np.zeros(int(0.5 * RATE), np.float32))
    samples = np.concatenate(parts)
    if noise_snr_db is not None:
        power = float(np.mean(samples[np.abs(samples) > 0.01] ** 2))
        samples = samples + rng.normal(0, np.sqrt(power / 10 ** (noise_snr_db / 10)), len(samples)).astype(
            np.float32
        )
    audio = write_wav(folder / f"{name}.wav", samples)
    return Case(audio, segments, truth, len(samples) / RATE)


def sample_paragraphs(text: str, sentences: int) -> list[list[str]]:
    """The first ``sentences`` sentences of a plain transcript, four to a paragraph."""
    flat = " ".join(line.strip() for line in text.splitlines() if line.strip() and "♪" not in line)
    found = [s.strip() for s in re.split(r"(?<=[.!?])\s+", flat) if re.search(r"\w", s)][:sentences]
    return [found[i : i + 4] for i in range(0, len(found), 4)]


def errors_ms(case: Case, aligned: list[Segment]) -> np.ndarray:
    """Absolute start errors (ms) over the spoken sentences; an unaligned spoken one counts as 10 s."""
    out = []
    for truth, seg in zip(case.truth, aligned, strict=True):
        if truth is None:
            continue
        out.append(10_000.0 if seg.start is None else abs(seg.start - truth) * 1000)
    return np.array(out)
