"""Make the bundled demo episode: ``desktop/earmark/resources/demo/demo.opus`` and ``demo.vtt``.

Two espeak-ng voices read a short original conversation about Earmark, one
sentence at a time. The sentences are joined with short pauses, so every cue's
start and end is measured from the audio itself, not guessed.

    python packaging/make_demo.py     # needs espeak-ng and ffmpeg
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import wave
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "desktop" / "earmark" / "resources" / "demo"
RATE = 22050  # espeak-ng's native rate
VOICES = {"Ada": ("en-us+f3", 165), "Ben": ("en-gb", 160)}
PAUSE_SENTENCE = 0.35
PAUSE_TURN = 0.8

# Original text written for Earmark (public domain, CC0).
SCRIPT: list[tuple[str, str]] = [
    ("Ada", "Welcome to the Earmark demo episode."),
    ("Ada", "I'm Ada, and with me is Ben."),
    ("Ben", "Hello! Today we are talking about listening and reading at the same time."),
    ("Ada", "Earmark is a desktop app for podcasts, interviews and lectures."),
    ("Ada", "You hear the episode, and the transcript follows the voice, one line at a time."),
    ("Ben", "So the line you are reading right now should be lit."),
    ("Ben", "If you scroll away, the transcript stops following you."),
    ("Ben", "Press the Follow button and it jumps back to the voice."),
    ("Ada", "Click any line, and playback starts from that very sentence."),
    ("Ada", "That is handy when you want to hear a quote again."),
    ("Ben", "The keyboard works too."),
    ("Ben", "Space pauses and plays."),
    ("Ben", "The left arrow goes back fifteen seconds, and the right arrow skips thirty."),
    ("Ada", "You can also slow down, or speed up to three times."),
    ("Ada", "Some of us like to listen fast and read along."),
    ("Ben", "Where do the transcripts come from?"),
    ("Ada", "Many shows publish them, as subtitles or as plain text."),
    ("Ada", "Drop the audio file and its transcript onto the window, and Earmark imports both."),
    ("Ben", "And if the text has no times at all?"),
    ("Ada", "Then Earmark can sync it to the audio, on your own machine, with no internet."),
    ("Ben", "Everything stays local, in one small database file."),
    ("Ben", "Later you will be able to highlight a line, write a note, and add tags."),
    ("Ada", "And search every episode you ever heard, to find that one moment again."),
    ("Ben", "Earmark remembers where you stopped in each episode."),
    ("Ben", "Close the app, come back tomorrow, and it picks up right there."),
    ("Ada", "That's the tour. Thanks for listening!"),
    ("Ben", "Goodbye!"),
]


def synthesize(text: str, voice: str, speed: int, path: Path) -> bytes:
    subprocess.run(
        ["espeak-ng", "-v", voice, "-s", str(speed), "-w", str(path), text], check=True, capture_output=True
    )
    with wave.open(str(path), "rb") as wav:
        assert wav.getframerate() == RATE and wav.getnchannels() == 1 and wav.getsampwidth() == 2
        return trim(wav.readframes(wav.getnframes()))


def trim(frames: bytes, threshold: int = 300) -> bytes:
    """Cut espeak-ng's leading and trailing silence so cue times hug the speech."""
    samples = memoryview(frames).cast("h")
    loud = [i for i in range(len(samples)) if abs(samples[i]) > threshold]
    if not loud:
        return frames
    first, last = max(0, loud[0] - 220), min(len(samples), loud[-1] + 440)
    return frames[first * 2 : last * 2]


def clock(seconds: float) -> str:
    ms = round(seconds * 1000)
    return f"{ms // 3_600_000:02d}:{ms // 60_000 % 60:02d}:{ms // 1000 % 60:02d}.{ms % 1000:03d}"


def main() -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    pcm = bytearray()
    cues: list[str] = []
    previous = None
    with tempfile.TemporaryDirectory() as tmp:
        pcm += bytes(int(RATE * 0.5) * 2)
        for number, (speaker, text) in enumerate(SCRIPT, 1):
            if previous is not None:
                pause = PAUSE_TURN if speaker != previous else PAUSE_SENTENCE
                pcm += bytes(int(RATE * pause) * 2)
            voice, speed = VOICES[speaker]
            frames = synthesize(text, voice, speed, Path(tmp) / f"{number}.wav")
            start = len(pcm) / 2 / RATE
            pcm += frames
            end = len(pcm) / 2 / RATE
            cues.append(f"{number}\n{clock(start)} --> {clock(end)}\n<v {speaker}>{text}\n")
            previous = speaker
        pcm += bytes(int(RATE * 1.0) * 2)
        joined = Path(tmp) / "demo.wav"
        with wave.open(str(joined), "wb") as out:
            out.setnchannels(1)
            out.setsampwidth(2)
            out.setframerate(RATE)
            out.writeframes(bytes(pcm))
        target = OUT / "demo.opus"
        subprocess.run(
            [
                "ffmpeg",
                "-y",
                "-loglevel",
                "error",
                "-i",
                str(joined),
                "-c:a",
                "libopus",
                "-b:a",
                "24k",
                "-ac",
                "1",
                "-metadata",
                "title=Welcome to Earmark",
                "-metadata",
                "artist=Earmark",
                str(target),
            ],
            check=True,
        )
    header = "WEBVTT - Earmark demo episode (original text, CC0; voices: espeak-ng)\n\n"
    (OUT / "demo.vtt").write_text(header + "\n".join(cues), encoding="utf-8")
    seconds = len(pcm) / 2 / RATE
    print(f"{target}: {seconds:.1f} s, {target.stat().st_size / 1024:.0f} KiB; {len(cues)} cues")
    return 0


if __name__ == "__main__":
    sys.exit(main())
