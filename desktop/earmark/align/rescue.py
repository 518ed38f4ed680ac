"""Sentences whose forced window failed, forced again one after another on a denoised copy (issue #13).

Under kitchen noise the recogniser hears little of a quiet speaker with a cold, so her
sentence starts collapse, and the forced windows cut from those starts fail: each holds
the wrong stretch of speech, and the noise makes even the right stretch hard (windows
from the true starts: 4 of her 8 sentences fail on the raw audio, 1 of 8 after spectral
subtraction). Her last sentence that was forced tells where the next one begins: right
after its last word (an "uh" between them is absorbed by the grammar's fillers). So,
from that word on, each failed sentence is forced alone in a window as long as it could
take at a slow pace, on a copy of that window with the noise's spectrum subtracted, and
the next one from where its last word ends; the chain stops at the first that fails.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from .features import FPS
from .forced import (
    Timed,
    close_leading_gap,
    fill_token_times,
    join_first_word,
    known_items,
    texts_dictionary,
    tokens,
)
from .forcer import Aligner
from .openings import first_word_inside, pulled_back
from .tts import SECONDS_PER_CHARACTER

SLOW = 1.3  # a window holds the sentence read this much slower than espeak-ng's pace ...
SLACK_SECONDS = 1.0  # ... plus this (a filler, a pause)
LEAD_SECONDS = 0.05  # audio before the last forced word's end
TAIL_SECONDS = 0.6  # how far past the next forced sentence's start a window may reach
NOISE_SHARE = 15  # percent of a window's quietest frames that give its noise spectrum
OVER = 1.0  # how much of the noise spectrum is taken off
LEAD = True  # up to two fillers before the first word, "er" too (forcer.LEAD_FILLERS)
PULL_BACK = True  # words run past the next forced start move back (openings.py)
FIRST_INSIDE = True  # the next forced sentence's first word inside the rescued words moves on (openings.py)
OVERLAPPED = True  # a forced sentence whose words lie inside the one before's is forced again after it
OWN_CMN = (
    True  # Phones: each window decoded with the cepstral mean of its own (denoised) audio (forcer._own_mean)
)
LONGER = True  # Phones: a window that fails is forced once more, LONGER_SECONDS longer (below the next start)
LONGER_SECONDS = 1.0
FLOOR = 0.05  # what is left at least of each bin (against "musical noise")
_FRAME, _HOP = 512, 256  # 32 ms frames, half overlapping, at 16 kHz


def denoised(samples: np.ndarray) -> np.ndarray:
    """Spectral subtraction: the mean spectrum of the window's quietest frames taken off every
    frame (phases kept), overlap-added back (square-root Hann, so the frames sum to one)."""
    y = np.asarray(samples, np.float64)
    if len(y) < _FRAME:
        return y
    window = np.sqrt(np.hanning(_FRAME + 1)[:_FRAME])
    padded = np.concatenate([np.zeros(_FRAME), y, np.zeros(_FRAME)])
    starts = np.arange(0, len(padded) - _FRAME, _HOP)
    spectra = np.fft.rfft(np.stack([padded[i : i + _FRAME] * window for i in starts]), axis=1)
    magnitude = np.abs(spectra)
    energy = (magnitude**2).sum(axis=1)
    noise = magnitude[energy <= np.percentile(energy, NOISE_SHARE)].mean(axis=0)
    clean = np.maximum(magnitude - OVER * noise, FLOOR * magnitude)
    frames = np.fft.irfft(clean * np.exp(1j * np.angle(spectra)), _FRAME, axis=1) * window
    out = np.zeros(len(padded))
    for i, frame in zip(starts, frames, strict=True):
        out[i : i + _FRAME] += frame
    return out[_FRAME : _FRAME + len(y)]


def _speech_after(speech: np.ndarray | None, at: float, seconds: float) -> float:
    """When ``seconds`` of speech (frames of the mask) have gone by after ``at``: a pause
    between two speakers does not count against the sentence's length."""
    if speech is None:
        return at + seconds
    begin = int(at * FPS)
    count = np.cumsum(speech[begin:])
    reached = int(np.searchsorted(count, seconds * FPS))
    return (begin + reached) / FPS if reached < len(count) else len(speech) / FPS


def rescue_failed(
    samples: Callable[[float, float], np.ndarray],
    texts: list[str],
    found: list[Timed],
    free: list[bool],
    duration: float,
    folder: str,
    write_dictionary: Callable[[list[str], str], None],
    speech: np.ndarray | None = None,
    phones: bool = False,
    leads: dict[int, list[tuple[str, float, float]]] | None = None,
) -> set[int]:
    """Force again (in place in ``found``) each ``free`` (unlocked) sentence whose window failed,
    in a chain from the last word of a forced sentence before it; returns the sentences forced
    so. ``speech`` (the episode's speech mask, 100 fps) sizes the windows by speech, not time;
    ``phones`` (the Phones path): each window is decoded with its own cepstral mean (OWN_CMN), and
    one that fails is tried once more, LONGER_SECONDS longer (LONGER); ``leads``, when given, gets per
    sentence rescued what the decoder placed before its first word (name, start, end). The
    mask counts a noise bed as speech, so a pause before the sentence (the gap between two speakers,
    the clip's own lead) uses up the window: conversation seed 5, "Alright, so this is the sick
    corpus." 2.85 s after the sentence before ended, its window 1.57 s past its true start, failed,
    and the chain with it (three sentences 2.4-3.7 s early); 1 s longer, forced to 20 ms."""
    rescued: set[int] = set()
    tried: set[int] = set()
    aligner: Aligner | None = None
    known: set[str] = set()

    def failed(j: int) -> bool:
        return not found[j].forced or (OVERLAPPED and j in overlapped)

    overlapped = {
        j
        for j in range(1, len(texts))
        if found[j].forced
        and found[j - 1].forced
        and found[j - 1].start < found[j].start
        and found[j].words[-1][1] <= found[j - 1].words[-1][1]
    }
    for k in range(1, len(texts)):
        if not failed(k) or not free[k] or k in tried or failed(k - 1) or not found[k - 1].forced:
            continue
        if aligner is None:
            dictionary, known = texts_dictionary(texts, folder, write_dictionary)
            aligner = Aligner(dictionary)
        cursor = found[k - 1].words[-1][1]
        j = k
        while j < len(texts) and failed(j) and free[j]:
            tried.add(j)
            limit = next((found[m].start for m in range(j + 1, len(texts)) if not failed(m)), duration)
            t0 = max(0.0, cursor - LEAD_SECONDS)
            t1 = min(
                duration,
                limit + TAIL_SECONDS,
                _speech_after(speech, cursor, SLOW * len(texts[j]) * SECONDS_PER_CHARACTER) + SLACK_SECONDS,
            )
            items = known_items(texts[j], known)
            if not items or t1 - t0 < 0.5:
                break
            after = [w for _, w in known_items(texts[j + 1], known)][:3] if j + 1 < len(texts) else []
            pcm = (
                (np.clip(denoised(samples(t0, t1)) if OVER else samples(t0, t1), -1, 1) * 32767)
                .astype("<i2")
                .tobytes()
            )
            words = [w for _, w in items]
            context = [w for w in after if isinstance(w, str)]
            own = phones and OWN_CMN
            fillers: list[tuple[int, str, float, float]] = []
            result = aligner.align(pcm, words, [], context, lead=LEAD, own_cmn=own, fillers=fillers)
            wider = min(duration, limit + TAIL_SECONDS, t1 + LONGER_SECONDS)
            if result is None and phones and LONGER and wider > t1 + 0.1:
                t1 = wider
                pcm = (
                    (np.clip(denoised(samples(t0, t1)) if OVER else samples(t0, t1), -1, 1) * 32767)
                    .astype("<i2")
                    .tobytes()
                )
                fillers = []
                result = aligner.align(pcm, words, [], context, lead=LEAD, own_cmn=own, fillers=fillers)
            if result is None:
                break
            per: dict[int, tuple[float, float]] = {}
            for index, a, b in result:
                token = items[index][0]
                a, b = round(t0 + a, 3), round(t0 + b, 3)
                per[token] = (min(a, per[token][0]), max(b, per[token][1])) if token in per else (a, b)
            join_first_word(per)
            close_leading_gap(per, tokens(texts[j]))
            if PULL_BACK:  # readings: words run past the next forced start (openings.py)
                per = pulled_back(per, cursor, limit if limit < duration else None)
            if 0 not in per:  # its first word not found: nothing to place the start by
                break
            start, end = per[0][0], max(b for _, b in per.values())
            found[j] = Timed(start, fill_token_times(tokens(texts[j]), per, start, end), True, True)
            if leads is not None:  # what the decoder placed before the first word (lead_filler.py)
                leads[j] = [(n, round(t0 + a, 3), round(t0 + b, 3)) for i, n, a, b in fillers if i == 0]
            rescued.add(j)
            cursor = end
            j += 1
        if FIRST_INSIDE and j - 1 in rescued and j < len(texts) and not failed(j) and free[j]:
            found[j] = first_word_inside(found[j], cursor)  # readings: its first word on our last ones
    return rescued
