"""The rescue's windows let a sentence open on a pause and a filler (issue #13, ``align/rescue.py``,
``forcer.LEAD_FILLERS``), and redo a forced sentence that starts inside the one before.

Real speech: Michael McAuliffe with a cold (``mfa_cold3``, word times in its TextGrid) as the
benchmark's conversation seed 8 has him, under kitchen noise: "...levels are okay." (okay 5.67-5.92 s),
a pause, "um" (6.52-7.11 s), then "I have a cold, ..." (7.21 s). The rescue's window opens at the
end of "okay"; with one optional filler before the first word the forcer put "I" on the um's vowel
and "hmm" on its "m" (0.8 s early). The word pass then asked a stray "a" the recogniser heard inside
"okay" whether the rescued words were right (``word_times._own_heard``)."""

from __future__ import annotations

import wave
from pathlib import Path

import pytest

from earmark.align import rescue, word_times
from earmark.align.features import features_of, speech_mask
from earmark.align.forced import Timed, _share_by_length
from earmark.align.stream import Stream
from earmark.align.words import _write_dictionary
from earmark.audio import iter_mono_chunks
from earmark.core.model import Segment, SegmentKind

from . import realcase

pytestmark = pytest.mark.skipif(
    not realcase.available(), reason=f"real speech not found at {realcase.REAL} (../shared/real_speech)"
)
OKAY = [(3.83, 4.27), (4.27, 4.42), (4.42, 4.94), (4.94, 5.27), (5.27, 5.52), (5.67, 5.92)]  # TextGrid
I_HAVE = 7.21  # "i", after the um
TEXT = "I have a cold, so this probably sounds a lot different than the acoustic corpus."


@pytest.fixture(scope="module")
def conversation(tmp_path_factory: pytest.TempPathFactory) -> realcase.RealCase:
    return realcase.conversation(tmp_path_factory.mktemp("conv8"), 8)


def _rescued_start(case: realcase.RealCase, folder: Path) -> float:
    """The cold turn's "I have a cold..." rescued from the end of "...are okay." (its TextGrid words),
    in clip time."""
    texts = [s.text for s in case.segments]
    k = texts.index("Hopefully the recording levels are okay.")
    offset = case.truth[k] - OKAY[0][0]
    chain = texts[k : k + 3]
    first = Timed(offset + OKAY[0][0], [(a + offset, b + offset) for a, b in OKAY], True, True)
    failed = [
        Timed(at, _share_by_length(t.split(), at, at + 0.3), False)
        for t, at in zip(chain[1:], [offset + 5.3, offset + 9.0], strict=True)
    ]
    found = [first, *failed]
    stream = Stream(lambda: iter_mono_chunks(case.audio))
    assert 1 in rescue.rescue_failed(
        stream, chain, found, [True] * 3, offset + 30.0, str(folder), _write_dictionary
    )
    return found[1].start - offset


def test_a_rescued_sentence_may_open_on_a_pause_and_a_filler(conversation, tmp_path, monkeypatch):
    """Two optional fillers before the first word, single-phone ones too, take the pause and the um:
    "I" lands within 0.1 s of the TextGrid; with the forced pass's one filler it went onto the um."""
    assert abs(_rescued_start(conversation, tmp_path) - I_HAVE) <= 0.1
    monkeypatch.setattr(rescue, "LEAD", False)
    assert _rescued_start(conversation, tmp_path) < I_HAVE - 0.5


# The recogniser's words around the turn on conversation seed 8 (episode seconds): it heard a stray
# "a" inside "okay" (60.155 s), then "cold so this" where they are (the TextGrid's "cold" 62.02 s).
HEARD_SEED8 = [
    ("this", 55.825, 56.105),
    ("is", 56.105, 56.305),
    ("the", 56.395, 56.675),
    ("sick", 56.785, 57.015),
    ("corpus", 57.125, 57.605),
    ("hopefully", 58.265, 58.655),
    ("the", 58.655, 58.825),
    ("a", 60.155, 60.335),
    ("cold", 62.065, 62.465),
    ("so", 62.525, 62.925),
    ("this", 63.045, 63.185),
]
# the engine's starts there (clip seconds; the clip begins 54.43 s into the episode) and confidences
ENGINE_SEED8 = [(0.98, 0.7), (3.83, 0.9), (5.26, 0.7), (10.96, 0.6)]


def _word_pass(case: realcase.RealCase) -> list[Segment]:
    texts = [s.text for s in case.segments]
    k = texts.index("Alright, so this is the sick corpus.")
    offset = case.truth[k + 1] - OKAY[0][0]
    with wave.open(str(case.audio)) as audio:
        duration = audio.getnframes() / audio.getframerate()
    segments = [
        Segment(text, offset + at, offset + at + 1.0, kind=SegmentKind.SPEECH, confidence=c)
        for text, (at, c) in zip(texts[k : k + 4], ENGINE_SEED8, strict=True)
    ]
    speech = speech_mask(features_of(realcase._read(case.audio)).loudness)
    word_times.add_word_times(
        lambda: iter_mono_chunks(case.audio), segments, duration, recognised=HEARD_SEED8, speech=speech
    )
    return segments


def test_a_word_heard_inside_the_sentence_before_does_not_judge_the_forced_words(conversation, monkeypatch):
    """ "I have a cold..." sat on "are okay" (2 s early), set back from the stray "a" heard inside
    "okay". That word lies in the sentence before's rescued words, 1.5 s before this sentence's, so it
    is not asked: the next heard ones ("cold so this") agree and the start moves to the rescued words
    (within 0.2 s of the TextGrid); asked, the "a" disagreed and the start stayed 2 s early.

    The engine's starts above were recorded before ``rescue.PULL_BACK`` existed; with them, that rule
    moves these rescued words back onto "okay" (found at session 12's merge; the whole engine, whose
    starts differ there, places the sentence right on conversation 8), so it is held off here to test
    this rule alone. With OWN_HEARD off, ``word_times.HEARD_PAIR`` (session 15) would move the start onto the
    rescued words too (two heard words in a row agree with them), so the ablation holds that off as well."""
    monkeypatch.setattr(rescue, "PULL_BACK", False)
    truth = conversation.truth[[s.text for s in conversation.segments].index(TEXT)]
    moved = _word_pass(conversation)[2]
    assert abs(moved.start - truth) <= 0.2, moved.start - truth
    monkeypatch.setattr(word_times, "OWN_HEARD", False)
    monkeypatch.setattr(word_times, "HEARD_PAIR", False)
    assert _word_pass(conversation)[2].start < truth - 1.5


LONG_PAUSE = [
    "The recording environment is also quite different, and I'm saying a bunch of different words that I did "
    "not say in the original one.",
    "And here's a long pause.",
    "And I think this is probably good.",
]


def test_a_sentence_forced_inside_the_one_before_is_forced_again_after_it(tmp_path, monkeypatch):
    """``mfa_cold`` (clean): "...the original one." ends 17.09 s, then "uh", 1.3 s of pause and "And
    here's a long pause." (19.65 s). Long reading seed 8 had the second forced onto the first one's
    last words (0.7 s inside them): such a sentence is forced again from the first one's end, on the
    rescue's terms, and "and" lands within 0.1 s of the TextGrid; without the rule it stays inside."""
    path = realcase.CLIPS / "mfa_cold.wav"
    speech = speech_mask(features_of(realcase._read(path)).loudness)

    def rescued() -> list[Timed]:
        found = [
            Timed(10.55, _share_by_length(LONG_PAUSE[0].split(), 10.55, 17.09), True, True),
            Timed(16.4, _share_by_length(LONG_PAUSE[1].split(), 16.4, 17.06), True, True),
            Timed(21.75, _share_by_length(LONG_PAUSE[2].split(), 21.75, 23.44), True, True),
        ]
        stream = Stream(lambda: iter_mono_chunks(path))
        rescue.rescue_failed(
            stream, LONG_PAUSE, found, [True] * 3, 25.72, str(tmp_path), _write_dictionary, speech
        )
        return found

    assert abs(rescued()[1].start - 19.65) <= 0.1
    monkeypatch.setattr(rescue, "OVERLAPPED", False)
    assert rescued()[1].start == 16.4
