"""DTW alone: a start that landed on a filler ("uh", "um") before the sentence moves past it.

Real speakers often say a short "uh" or "um", pause, then begin the sentence; the text
leaves the filler out. Without a recogniser the refined start snaps to the first pause
end it finds, which is the filler's (the cold speaker of the real cases: "uh" 0.5 s,
then 1.3 s of quiet, then "And here's a long pause."; every such start 0.3-1.9 s early).
What the voice does not change: a filler is a short burst with a pause after it, while
the sentence's own first phrase (in espeak-ng's reading of it) runs on much longer before
its first pause. So when the audio from a start is a burst much shorter than the
synthetic first phrase, followed by a long pause, the start moves to the end of that pause.
A start that fell inside speech (the last words of the turn before, then the pause between
turns) is moved the same way. Real cases (docs/README-align.md): long readings p95
0.6-1.3 s -> 0.3-0.6 s. All frames are 100 fps.
"""

from __future__ import annotations

import numpy as np

from .features import FPS, fill_short_quiet, speech_mask
from .pauses import local_speech

BURST_SECONDS = 0.7  # a filler is at most this long
TAIL_SECONDS = 1.2  # a start inside speech: the rest of that run (the turn before's last words) at most this
GAP_SECONDS = 0.15  # quiet this long ends a run of speech (against the local noise floor)
PAUSE_SECONDS = 0.6  # a filler is followed by at least this much quiet
PHRASE_RATIO = 2.0  # the synthetic first phrase is at least this many times the burst
TAIL_RATIO = 1.0  # ... and at least as long as the rest of a run a start fell inside
DROP_DB = 8.0  # and its pause is this much quieter than it (quiet speech under the threshold is not)
MOST_FILLERS = 1  # one move per start


def _runs(mask: np.ndarray, frame: int) -> tuple[int, int]:
    """From ``frame`` (speech): the length of its speech run and of the quiet after it."""
    n = len(mask)
    quiet = np.flatnonzero(~mask[frame:])
    burst = int(quiet[0]) if len(quiet) else n - frame
    after = frame + burst
    speech = np.flatnonzero(mask[after:])
    pause = int(speech[0]) if len(speech) else n - after
    return burst, pause


def _quiet_after(loud: np.ndarray, loudness: np.ndarray, frame: int, burst: int, pause: int) -> bool:
    """The pause after a burst at a run's start is a real one: quiet to the episode-wide threshold
    too (a kitchen bed is never a pause) and DROP_DB below the burst (quiet speech is not)."""
    after = slice(frame + burst, frame + burst + pause)
    drop = np.median(loudness[frame : frame + burst]) - np.median(loudness[after])
    return bool(loud[after].mean() <= 0.2 and drop >= DROP_DB)


def first_phrases(text_loudness: np.ndarray, spans: list[tuple[int, int]]) -> np.ndarray:
    """Per sentence, the frames espeak-ng speaks before its first pause of GAP_SECONDS."""
    mask = fill_short_quiet(speech_mask(text_loudness), int(GAP_SECONDS * FPS))
    out = np.zeros(len(spans), np.int64)
    for k, (a, b) in enumerate(spans):
        voiced = np.flatnonzero(mask[a:b])
        if len(voiced) == 0:
            continue
        begin = a + int(voiced[0])
        quiet = np.flatnonzero(~mask[begin:b])
        out[k] = int(quiet[0]) if len(quiet) else b - begin
    return out


def past_fillers(
    starts: np.ndarray,
    spoken: np.ndarray,
    locked: np.ndarray,
    loudness: np.ndarray,
    text_loudness: np.ndarray,
    spans: list[tuple[int, int]],
) -> None:
    """Move (in place) each unlocked spoken start that sits on a filler to where the sentence
    begins after it, never up to the next sentence's start."""
    if len(loudness) == 0:
        return
    mask = fill_short_quiet(local_speech(loudness), int(GAP_SECONDS * FPS))
    loud = speech_mask(loudness)  # the episode-wide threshold: a kitchen bed is never a pause
    phrases = first_phrases(text_loudness, spans)
    order = np.flatnonzero(spoken)
    for n, k in enumerate(order):
        if locked[k]:
            continue
        limit = int(starts[order[n + 1]]) if n + 1 < len(order) else len(mask)
        frame = int(min(max(starts[k], 0), len(mask) - 1))
        ahead = np.flatnonzero(mask[frame : frame + int(0.1 * FPS)])
        if len(ahead) == 0:
            continue
        inside = ahead[0] == 0 and frame > 0 and mask[frame - 1]  # not at the start of a run
        frame += int(ahead[0])
        longest, ratio = (TAIL_SECONDS, TAIL_RATIO) if inside else (BURST_SECONDS, PHRASE_RATIO)
        for _ in range(MOST_FILLERS):
            burst, pause = _runs(mask, frame)
            if not (
                burst <= longest * FPS
                and pause >= PAUSE_SECONDS * FPS
                and phrases[k] >= ratio * burst
                and frame + burst + pause < limit - int(0.3 * FPS)
                and (inside or _quiet_after(loud, loudness, frame, burst, pause))
            ):
                break
            frame += burst + pause
            starts[k] = frame
