"""Dynamic time warping with gaps, compiled with numba.

Plain DTW must match every audio frame to some text and every text frame to some
audio, so an ad read or a paragraph never spoken drags the sentences around it
by seconds. Here a step may also *skip* an audio frame or a text frame at a
fixed cost ``gap``: where nothing matches better than that, the path skips
instead of smearing. Skipped text frames are how unspoken text is found.
"""

from __future__ import annotations

import numba
import numpy as np

DIAG, AUDIO_STRETCH, AUDIO_GAP, TEXT_STRETCH, TEXT_GAP = 0, 1, 2, 3, 4
_INF = np.float32(1e30)
# Audio left over after the path ends costs this share of an audio gap per frame. At a full gap
# (1.0) stretching the text over the rest of a window was cheaper than ending, so a coarse pass
# consumed audio ~1.5x too fast and drifted by minutes over an hour; near 0 ending early is free
# and text is skipped instead. 0.6 is about what a correctly matched audio frame costs.
END_SHARE = 0.6


@numba.njit(cache=True, nogil=True)
def _fill(audio, text, gap_audio, gap_text, stretch, free_start, moves):  # pragma: no cover - compiled
    na, nt = audio.shape[0], text.shape[0]
    dim = audio.shape[1]
    prev = np.empty(nt + 1, np.float32)
    cur = np.empty(nt + 1, np.float32)
    prev[0] = 0.0
    for j in range(1, nt + 1):
        prev[j] = prev[j - 1] + gap_text
        moves[0, j] = TEXT_GAP
    last = np.empty(na + 1, np.float32)
    last[0] = prev[nt]
    for i in range(1, na + 1):
        cur[0] = 0.0 if free_start else prev[0] + gap_audio
        moves[i, 0] = AUDIO_GAP
        for j in range(1, nt + 1):
            dot = 0.0
            for k in range(dim):
                dot += audio[i - 1, k] * text[j - 1, k]
            d = 1.0 - dot
            best = prev[j - 1] + 2.0 * d
            move = DIAG
            if d + stretch < gap_audio:
                cand = prev[j] + d + stretch
                code = AUDIO_STRETCH
            else:
                cand = prev[j] + gap_audio
                code = AUDIO_GAP
            if cand < best:
                best = cand
                move = code
            if d + stretch < gap_text:
                cand = cur[j - 1] + d + stretch
                code = TEXT_STRETCH
            else:
                cand = cur[j - 1] + gap_text
                code = TEXT_GAP
            if cand < best:
                best = cand
                move = code
            cur[j] = best
            moves[i, j] = move
        last[i] = cur[nt]
        for j in range(nt + 1):
            prev[j] = cur[j]
    return last


@numba.njit(cache=True, nogil=True)
def _trace(moves, end_i, audio, text):  # pragma: no cover - compiled
    """Walk back; a text frame starts at the audio frame where the path entered it."""
    nt = moves.shape[1] - 1
    first_audio = np.zeros(nt, np.int64)
    skipped = np.zeros(nt, np.bool_)
    distance = np.ones(nt, np.float32)
    dim = audio.shape[1]
    i, j = end_i, nt
    while j > 0:
        move = moves[i, j]
        if i == 0 or move == TEXT_GAP:
            first_audio[j - 1] = max(i - 1, 0)
            skipped[j - 1] = True
            j -= 1
            continue
        if move in (AUDIO_STRETCH, AUDIO_GAP):
            i -= 1
            continue
        dot = 0.0
        for k in range(dim):
            dot += audio[i - 1, k] * text[j - 1, k]
        first_audio[j - 1] = i - 1
        distance[j - 1] = 1.0 - dot
        j -= 1
        if move == DIAG:
            i -= 1
    return first_audio, skipped, distance


def align_frames(
    audio: np.ndarray,
    text: np.ndarray,
    gap_audio: float,
    gap_text: float,
    *,
    stretch: float = 0.0,
    free_start: bool = False,
    free_end: bool = True,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Match text frames to audio frames (both unit-length feature rows).

    Returns per text frame: the audio frame where it first matched, whether it
    was skipped (no audio for it), and its match distance (0 best, 2 worst).
    The path starts at the first frames (or anywhere in the audio with
    ``free_start``) and ends anywhere in the audio (``free_end``), paying
    ``END_SHARE`` of the audio-gap cost for each audio frame it leaves over. ``stretch`` is added to each
    step that holds one frame against the next frame of the other side, so one
    text frame is not smeared over seconds of unrelated audio.
    """
    na, nt = len(audio), len(text)
    if nt == 0:
        return np.zeros(0, np.int64), np.zeros(0, bool), np.zeros(0, np.float32)
    if na == 0:
        return np.zeros(nt, np.int64), np.ones(nt, bool), np.ones(nt, np.float32)
    moves = np.zeros((na + 1, nt + 1), np.uint8)
    last = _fill(
        np.ascontiguousarray(audio, np.float32),
        np.ascontiguousarray(text, np.float32),
        np.float32(gap_audio),
        np.float32(gap_text),
        np.float32(stretch),
        free_start,
        moves,
    )
    if free_end:
        leftover = (na - np.arange(na + 1)) * np.float32(gap_audio * END_SHARE)
        end_i = int(np.argmin(last + leftover))
    else:
        end_i = na
    first_audio, skipped, distance = _trace(moves, end_i, audio, text)
    return first_audio, skipped, distance
