"""Starts past a noise bed that begins with its speaker's clip (the "floor step"), on real voices."""

from __future__ import annotations

import wave

import numpy as np
import pytest

from earmark.align import align_segments
from earmark.align.features import FPS, features_of, speech_mask
from earmark.align.onsets import Pauses, past_floor_step, past_floor_steps

from . import realcase

pytestmark = pytest.mark.skipif(
    not realcase.available(), reason=f"real speech not found at {realcase.REAL} (../shared/real_speech)"
)

HE_BEGAN = "He began a confused complaint"
LORD = "Lord, but I'm glad"


@pytest.fixture(scope="module")
def kitchen(tmp_path_factory):
    """Three real voices over room tone; LibriSpeech 61 ("He began...") under the kitchen noise 18 dB
    below his speech, the bed starting with his clip as in the benchmark's conversations."""
    turns = [
        realcase._clip_turn("arctic_aew_a0001"),
        realcase._clip_turn("ls_61_70968_0000", noise_db=18),
        realcase._clip_turn("arctic_axb_a0004"),
    ]
    folder = tmp_path_factory.mktemp("step")
    case = realcase._compose(folder, "kitchen", turns, np.random.default_rng(4), intro=False)
    with wave.open(str(case.audio)) as reader:
        samples = np.frombuffer(reader.readframes(reader.getnframes()), "<i2").astype(np.float32) / 32768
    return case, features_of(samples).loudness


def _truth(case, text: str) -> float:
    return next(t for s, t in zip(case.segments, case.truth, strict=True) if s.text.startswith(text))


def test_the_voice_is_found_past_a_noise_bed_that_begins_before_it(kitchen):
    """Where the kitchen starts (0.38 s before "He"), the rule finds the voice within 0.15 s."""
    case, loudness = kitchen
    truth = _truth(case, HE_BEGAN)
    pauses = Pauses(speech_mask(loudness))
    onset = pauses.onset_from(round((truth - 0.6) * FPS))
    assert onset is not None and -0.45 < onset / FPS - truth < -0.3  # the mask's onset is the bed's
    moved = past_floor_step(loudness, onset)
    assert moved is not None and abs(moved / FPS - truth) <= 0.15


def test_a_clean_onset_is_not_a_floor_step(kitchen):
    """A voice rising straight out of the room tone ("Lord, but I'm glad...") is where it starts."""
    case, loudness = kitchen
    truth = _truth(case, LORD)
    onset = Pauses(speech_mask(loudness)).onset_from(round((truth - 0.2) * FPS))
    assert onset is not None and abs(onset / FPS - truth) <= 0.05
    assert past_floor_step(loudness, onset) is None


def test_only_starts_at_a_pause_end_move_and_never_past_the_next(kitchen):
    """A start on the bed's onset moves to the voice; one mid-speech, or a move past the next
    start, stays."""
    case, loudness = kitchen
    loud = speech_mask(loudness)
    truth = _truth(case, HE_BEGAN)
    onset = Pauses(loud).onset_from(round((truth - 0.6) * FPS))

    def settled(*frames: int) -> list[float]:
        starts = np.array(frames)
        past_floor_steps(starts, np.ones(len(starts), bool), np.zeros(len(starts), bool), loudness, loud)
        return (starts / FPS).tolist()

    assert abs(settled(onset)[0] - truth) <= 0.15  # at the bed's onset
    assert settled(onset + 5) == [(onset + 5) / FPS]  # on the bed, not where speech resumed
    assert settled(onset + 150) == [(onset + 150) / FPS]  # mid-speech
    assert settled(onset, onset + 10) == [onset / FPS, (onset + 10) / FPS]  # the next start is sooner


@pytest.fixture(scope="module")
def aligned(kitchen):
    """The short case aligned end to end."""
    case, _ = kitchen
    return align_segments(case.audio, case.segments)


def test_the_engine_starts_the_sentence_under_the_kitchen_on_the_voice(kitchen, aligned):
    """Aligned end to end, "He began..." starts within 0.2 s of the voice, not on the bed."""
    start = next(s.start for s in aligned if s.text.startswith(HE_BEGAN))
    assert start is not None and abs(start - _truth(kitchen[0], HE_BEGAN)) <= 0.2


def test_a_first_word_heard_from_a_clean_onset_keeps_its_start(kitchen, aligned):
    """ "Lord, but I'm glad..." rises out of the room tone and the recogniser hears a word from
    there: the forced "lord" 0.29 s in (its "L" given to silence and +SPN+) does not move it."""
    start = next(s.start for s in aligned if s.text.startswith(LORD))
    assert start is not None and abs(start - _truth(kitchen[0], LORD)) <= 0.1
