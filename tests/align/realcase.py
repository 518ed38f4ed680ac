"""Episodes of real human voices with known sentence (and word) starts, from ``../shared/real_speech``.

Every clip there has its transcript and honest sentence starts (TextGrid, lhotse or
measured onsets; see its README). An episode is laid out like a real one: a room
tone under everything (never digital silence), turns with random pauses (and one
overlap where the next speaker starts before the last one's clip has ended), a chord
intro with a music bed under the first turn, kitchen noise under two speakers, an
ad read by a real voice that is not in the text, a title line and a show-notes
paragraph that are never spoken. ``seed`` picks the pauses, levels and the order
of the middle turns, so other arrangements of the same voices can be checked.
"""

from __future__ import annotations

import difflib
import json
import re
import wave
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

import numpy as np
import pytest

from align.synthcase import RATE, Case, jingle, write_wav
from earmark.align import word_times
from earmark.align.engine import align_segments
from earmark.align.features import features_from_chunks, speech_mask
from earmark.audio import iter_mono_chunks
from earmark.core.model import Segment

REAL = Path(__file__).resolve().parents[2].parent / "shared" / "real_speech"
CLIPS = REAL / "clips"
NOVEL = REAL / "sense_and_sensibility"
TITLE = "Episode 12: Voices from the archive, with our guests."
SHOW_NOTES = [
    "Show notes and links for this episode are on our website.",
    "Thanks to everyone who sent in recordings, and to our patrons for keeping the lights on.",
]


def available() -> bool:
    return (CLIPS / "clips.json").is_file() and (NOVEL / "transcript.txt").is_file()


@dataclass
class RealCase(Case):
    """A :class:`Case` plus word truth: (segment index, word index in its text, start seconds)."""

    words: list[tuple[int, int, float]] = field(default_factory=list)


@dataclass
class _Turn:
    samples: np.ndarray
    sentences: list[tuple[str, float]]  # text, start within samples
    words: list[list[tuple[str, float]]]  # per sentence: (word, start within samples) from a word tier
    noise_db: float | None = None  # kitchen noise under this turn, dB below its speech


def _read(path: Path) -> np.ndarray:
    with wave.open(str(path)) as reader:
        assert reader.getframerate() == RATE and reader.getnchannels() == 1
        return np.frombuffer(reader.readframes(reader.getnframes()), "<i2").astype(np.float32) / 32768


def _meta() -> dict:
    return json.loads((CLIPS / "clips.json").read_text(encoding="utf-8"))


def _textgrid_words(path: Path) -> list[tuple[str, float]]:
    """(word, start) from the first tier of a long-format TextGrid (empty intervals left out)."""
    lines = [line.strip() for line in path.read_text(encoding="utf-8").splitlines()]
    tiers = [i for i, line in enumerate(lines) if line == '"IntervalTier"']
    start, count = tiers[0] + 4, int(lines[tiers[0] + 4])
    out = []
    for k in range(count):
        lo, _hi, label = lines[start + 1 + 3 * k : start + 4 + 3 * k]
        label = label.strip('"')
        if label and label[0] not in "<[":
            out.append((label, float(lo)))
    return out


def _clip_turn(key: str, noise_db: float | None = None) -> _Turn:
    meta = _meta()[key]
    samples = _read(CLIPS / meta["file"])
    grid = CLIPS / meta["file"].replace(".wav", ".TextGrid")
    tier = _textgrid_words(grid) if grid.is_file() else []
    sentences = [(s["text"], float(s["start"])) for s in meta["sentences"]]
    words: list[list[tuple[str, float]]] = []
    for k, (_, start) in enumerate(sentences):
        end = sentences[k + 1][1] if k + 1 < len(sentences) else 1e9
        words.append([(w, t) for w, t in tier if start - 1e-6 <= t < end - 1e-6])
    return _Turn(samples, sentences, words, noise_db)


def _lj_turn(first: int, last: int, noise_db: float | None = None) -> _Turn:
    """LJ001 fragments ``first``..``last`` read on end to end; fragments that continue a sentence join it."""
    meta = _meta()
    parts, sentences, clock = [], [], 0.0
    for n in range(first, last + 1):
        m = meta[f"lj_lj001_{n:04d}"]
        samples = _read(CLIPS / m["file"])
        s = m["sentences"][0]
        if m.get("continues") and sentences:
            sentences[-1] = (sentences[-1][0] + " " + s["text"], sentences[-1][1])
        else:
            sentences.append((s["text"], clock + float(s["start"])))
        parts.append(samples)
        clock += len(samples) / RATE
    return _Turn(np.concatenate(parts), sentences, [[] for _ in sentences], noise_db)


def _novel_turn() -> _Turn:
    """The five Sense and Sensibility readings: four sentences (0880 and 0890 are one), with word times."""
    parts, sentences, words, clock = [], [], [], 0.0
    text = (NOVEL / "transcript.txt").read_text(encoding="utf-8").split("\n", 1)[1]
    said: list[str] = []
    for piece in re.split(r"(?<=[.!?])\s+", " ".join(text.split())):
        if said and said[-1].endswith(("Mr.", "Mrs.")):
            said[-1] += " " + piece
        elif piece:
            said.append(piece)
    for n, name in enumerate(["0870", "0880", "0890", "0920", "0930"]):
        samples = _read(NOVEL / f"ss_{name}.wav")
        tier = json.loads((NOVEL / f"ss_{name}.json").read_text(encoding="utf-8"))["w"]
        heard = [(w["t"].split("(")[0], clock + w["b"]) for w in tier if w["t"][0] not in "<["]
        if n == 2:
            words[-1].extend(heard)
        else:
            sentences.append((said[len(sentences)], heard[0][1]))
            words.append(heard)
        parts.append(samples)
        clock += len(samples) / RATE
    return _Turn(np.concatenate(parts), sentences, words)


def _norm(word: str) -> str:
    return re.sub(r"[^a-z']", "", word.lower().replace("-", "")).strip("'")


def _word_truth(text: str, tier: list[tuple[str, float]]) -> list[tuple[int, float]]:
    """(word index in ``text``, start) for the words a tier shares with it, matched in order."""
    ours = [_norm(w) for w in text.split()]
    theirs = [_norm(w) for w, _ in tier]
    matcher = difflib.SequenceMatcher(a=ours, b=theirs, autojunk=False)
    out = []
    for block in matcher.get_matching_blocks():
        for k in range(block.size):
            out.append((block.a + k, tier[block.b + k][1]))
    return out


def _level(samples: np.ndarray) -> float:
    loud = samples[np.abs(samples) > 0.02]
    return float(np.sqrt(np.mean(loud**2))) if len(loud) else 0.1


def _compose(folder: Path, name: str, turns: list, rng: np.random.Generator, *, intro: bool) -> RealCase:
    """Lay out turns (``_Turn``, ``("ad", samples)``, ``("unspoken", [texts])``) over a room tone."""
    noise = _read(CLIPS / "noise_doing_the_dishes.wav")
    placed: list[tuple[int, np.ndarray]] = []
    segments: list[Segment] = [Segment(text=TITLE, paragraph=0)]
    truth: list[float | None] = [None]
    words: list[tuple[int, int, float]] = []
    clock = int(rng.uniform(0.4, 0.9) * RATE)
    if intro:
        chords = jingle(3.0) * 0.8
        placed.append((clock, chords))
        clock += len(chords) + int(0.3 * RATE)
    paragraph = 1
    for n, turn in enumerate(turns):
        if isinstance(turn, tuple) and turn[0] == "unspoken":
            for text in turn[1]:
                segments.append(Segment(text=text, paragraph=paragraph))
                truth.append(None)
            paragraph += 1
            continue
        if isinstance(turn, tuple):  # an ad read, not in the text
            placed.append((clock, turn[1]))
            clock += len(turn[1]) + int(rng.uniform(0.5, 1.2) * RATE)
            continue
        samples = turn.samples * (0.1 / _level(turn.samples)) * rng.uniform(0.6, 1.4)
        if turn.noise_db is not None:
            bed = noise[: len(samples)] if len(noise) >= len(samples) else np.resize(noise, len(samples))
            bed = bed * (_level(samples) / (_level(bed) + 1e-9)) * 10 ** (-turn.noise_db / 20)
            samples = samples + bed
        if intro and n == 0:  # a music bed under the first turn, 18 dB down
            bed = np.resize(jingle(6.0), len(samples)) * (_level(samples) / 0.25) * 10 ** (-18 / 20)
            samples = samples + bed
        for k, (text, start) in enumerate(turn.sentences):
            segments.append(Segment(text=text, paragraph=paragraph))
            truth.append(clock / RATE + start)
            for w, t in _word_truth(text, turn.words[k]):
                words.append((len(segments) - 1, w, clock / RATE + t))
        placed.append((clock, samples))
        paragraph += 1
        gap = rng.uniform(0.3, 1.5)
        if n == 2:  # the next speaker comes in before this clip's tail has ended
            gap = -0.25
        clock += len(samples) + int(gap * RATE)
    for text in SHOW_NOTES:
        segments.append(Segment(text=text, paragraph=paragraph))
        truth.append(None)
    total = max(at + len(s) for at, s in placed) + int(1.0 * RATE)
    out = np.zeros(total, np.float32)
    for at, samples in placed:
        out[at : at + len(samples)] += samples
    out += rng.normal(0, 10 ** (-52 / 20), total).astype(np.float32)  # room tone, ~ -52 dBFS
    audio = write_wav(folder / f"{name}.wav", out)
    return RealCase(audio, segments, truth, total / RATE, words)


def _ad() -> np.ndarray:
    """A real voice reading something the text does not hold (LibriSpeech speaker 2412)."""
    samples = _read(CLIPS / "ls_2412_153948_0000.wav")
    return samples * (0.1 / _level(samples))


def conversation(folder: Path, seed: int = 1) -> RealCase:
    """~3 minutes: eight real speakers taking turns, music, kitchen noise, an ad, unspoken text."""
    rng = np.random.default_rng(seed)
    middle = [
        _clip_turn("ami_es2011a"),
        _clip_turn("arctic_aew_a0001"),
        _clip_turn("arctic_axb_a0004"),
        _clip_turn("jfk"),
        _clip_turn("arctic_aew_a0002"),
        _clip_turn("arctic_axb_a0005"),
        _clip_turn("mfa_cold3", noise_db=20),
        _clip_turn("ls_61_70968_0000", noise_db=18),
        _clip_turn("arctic_aew_a0003"),
        _clip_turn("arctic_axb_a0006"),
    ]
    order = rng.permutation(len(middle))
    turns: list = [_clip_turn("mfa_acoustic"), *[middle[i] for i in order[:5]]]
    turns += [("ad", _ad()), ("unspoken", ["A word from our sponsor, who makes the best coffee in town."])]
    turns += [middle[i] for i in order[5:]]
    turns += [_clip_turn("sonnet001")]
    return _compose(folder, f"conversation-{seed}", turns, rng, intro=True)


def long_reading(folder: Path, seed: int = 1) -> RealCase:
    """6+ minutes: LibriVox and LJ Speech readings, the cold speaker, a show-notes paragraph never read."""
    rng = np.random.default_rng(seed)
    turns: list = [
        _novel_turn(),
        _lj_turn(1, 11),
        _clip_turn("mfa_cold"),
        _lj_turn(12, 21, noise_db=20),
        ("unspoken", ["The next part of the essay is in the book, and we will read it next week."]),
        _clip_turn("ls_2412_153948_0000"),
        _lj_turn(22, 32),
        _clip_turn("sonnet001"),
    ]
    return _compose(folder, f"long-{seed}", turns, rng, intro=False)


def word_errors_ms(case: RealCase, aligned: list[Segment]) -> np.ndarray:
    """Absolute word-start errors (ms) over the words with truth; a word without a time counts as 10 s."""
    out = []
    for index, w, start in case.words:
        words = aligned[index].words
        if len(words) == len(aligned[index].text.split()):
            out.append(abs(words[w].start - start) * 1000)
        else:
            out.append(10_000.0)
    return np.array(out)


def minute(folder: Path, seed: int = 1) -> RealCase:
    """About a minute for the suite: the LibriVox reading, two CMU ARCTIC voices, the quiet AMI
    meeting speaker and LibriSpeech, with a title line and show notes never spoken."""
    rng = np.random.default_rng(seed)
    turns: list = [
        _novel_turn(),
        _clip_turn("arctic_aew_a0001"),
        _clip_turn("ami_es2011a"),
        _clip_turn("arctic_axb_a0004"),
        _clip_turn("ls_61_70968_0000"),
        _lj_turn(1, 2),
        _clip_turn("arctic_aew_a0003"),
    ]
    return _compose(folder, f"minute-{seed}", turns, rng, intro=False)


def printing(folder: Path, seed: int = 1) -> RealCase:
    """About 35 s: a CMU ARCTIC voice, then LJ Speech reading "In 1465 Sweynheim and Pannartz began
    printing..." (a year read as "fourteen sixty-five") between two other sentences of the essay."""
    rng = np.random.default_rng(seed)
    turns: list = [_clip_turn("arctic_aew_a0001"), _lj_turn(29, 32)]
    return _compose(folder, f"printing-{seed}", turns, rng, intro=False)


def cold_under_dishes(path: Path) -> Path:
    """Michael McAuliffe with a cold (``mfa_cold3``, 24.6 s) under the dishwashing noise 20 dB below
    his speech and a -52 dB floor, as the conversations have him: the rescue's and the leading-gap
    rule's real case. Written to ``path``."""
    clip = _read(CLIPS / "mfa_cold3.wav")
    clip = clip * (0.1 / _level(clip))
    noise = np.resize(_read(CLIPS / "noise_doing_the_dishes.wav"), len(clip))
    mixed = clip + noise * (_level(clip) / _level(noise)) * 10 ** (-20 / 20)
    mixed += np.random.default_rng(1).normal(0, 10 ** (-52 / 20), len(mixed)).astype(np.float32)
    return write_wav(path, mixed.astype(np.float32))


def word_pass(
    case: RealCase, first: int, starts: list[tuple[float, float]], heard: list[tuple[str, float, float]]
) -> list[Segment]:
    """The word pass alone over sentences ``first``.. of a real case, from the engine's (start,
    confidence) there and the recogniser's words as heard: what a start rule makes of real audio
    without running the whole engine."""
    timed = [
        Segment(text=case.segments[first + k].text, start=start, end=start + 0.05, confidence=confidence)
        for k, (start, confidence) in enumerate(starts)
    ]
    loudness = features_from_chunks(iter_mono_chunks(case.audio)).loudness
    word_times.add_word_times(
        partial(iter_mono_chunks, case.audio),
        timed,
        case.duration,
        recognised=heard,
        speech=speech_mask(loudness),
        loudness=loudness,
    )
    return timed


def aligned(
    compose: Callable[[Path, int], RealCase], folder: Path, seed: int
) -> tuple[RealCase, list[Segment]]:
    """The benchmark's case of ``seed`` (``compose``: :func:`conversation` or :func:`long_reading`)
    and the whole engine's answer on it (skipped, saying so, when ../shared/real_speech is
    missing): one copy for the tests that look at a seed's sentences."""
    if not available():
        pytest.skip(f"real speech not found at {REAL} (../shared/real_speech)")
    case = compose(folder, seed)
    return case, align_segments(case.audio, case.segments)


# The cold speaker's turn in every conversation (her sentences' openings), for the turn tests.
COLD_TURN_LINES = (
    "Hopefully the recording levels are okay.",
    "I have a cold,",
    "And I'm also saying a bunch of different words.",
    "Yeah, so that just happened.",
    "And that should be good.",
    "Alright, thanks.",
)


def start_errors(case: RealCase, aligned: list[Segment], lines: tuple[str, ...]) -> list[float]:
    """Start errors (s, to the 10 ms) of the first sentences beginning with each of ``lines``."""
    texts = [s.text for s in case.segments]
    found = [next(i for i, t in enumerate(texts) if t.startswith(line)) for line in lines]
    return [round(aligned[i].start - case.truth[i], 2) for i in found]
