"""The word-time pass: the recogniser's own words where it heard a sentence, forced alignment elsewhere."""

from __future__ import annotations

import numpy as np

from earmark.align import forced, said, word_times
from earmark.core.model import Segment, SegmentKind

from .synthcase import RATE, READER, speak


def test_heard_words_in_a_sentence_span_take_the_recognisers_times():
    """Words heard in order inside the sentence's span are timed; a run of two counts."""
    recognised = [("the", 1.0, 1.1), ("city", 1.1, 1.5), ("council", 1.5, 2.0), ("met", 2.1, 2.3)]
    times = said.heard_in_span("The city council met today.", recognised, 0.7, 3.0)
    assert times == {0: (1.0, 1.1), 1: (1.1, 1.5), 2: (1.5, 2.0), 3: (2.1, 2.3)}


def test_words_heard_outside_the_span_are_not_the_sentences():
    """The same words heard before the span (the previous sentence) give no times."""
    recognised = [("the", 1.0, 1.1), ("city", 1.1, 1.5), ("council", 1.5, 2.0)]
    assert said.heard_in_span("The city council met today.", recognised, 2.5, 5.0) == {}


def test_a_single_heard_word_counts_only_when_unambiguous():
    """One word alone is a match when it occurs once in the sentence and once in what was heard;
    a repeated short word ("the") matched alone could be either one."""
    recognised = [("council", 1.5, 2.0), ("the", 2.5, 2.6)]
    times = said.heard_in_span("The council met the mayor.", recognised, 1.0, 3.0)
    assert times == {1: (1.5, 2.0)}


def test_a_token_of_several_words_is_timed_from_its_first_to_its_last():
    """ "well-known" is two recogniser words; heard both, the token spans them."""
    recognised = [("a", 0.9, 1.0), ("well", 1.0, 1.2), ("known", 1.2, 1.6), ("man", 1.6, 1.9)]
    times = said.heard_in_span("A well-known man.", recognised, 0.5, 3.0)
    assert times == {0: (0.9, 1.0), 1: (1.0, 1.6), 2: (1.6, 1.9)}


def _episode(sentences: list[str]) -> tuple[np.ndarray, list[float]]:
    """Sentences read by espeak-ng with a pause after each; the samples and each start."""
    parts, starts, clock = [np.zeros(RATE // 2, np.float32)], [], 0.5
    for sentence in sentences:
        speech = speak(sentence, *READER)
        starts.append(clock)
        parts += [speech, np.zeros(RATE // 2, np.float32)]
        clock += len(speech) / RATE + 0.5
    return np.concatenate(parts), starts


SENTENCES = [
    "The city council met on Tuesday to decide what to do.",
    "Some members wanted to paint the bridge a bright red.",
    "Others thought the money should go to the schools instead.",
]


def _align(samples, starts, tmp_path):
    ends = [*starts[1:], len(samples) / RATE]
    return forced.align_sentences(
        lambda lo, hi: samples[int(lo * RATE) : int(hi * RATE)],
        SENTENCES,
        starts,
        ends,
        [True] * len(SENTENCES),
        len(samples) / RATE,
        str(tmp_path),
    )


def test_worker_processes_force_windows_as_this_process_does(tmp_path, monkeypatch):
    """The word times are the same whether windows are forced here or by the worker processes."""
    samples, starts = _episode(SENTENCES)
    monkeypatch.setattr(forced, "WORKER_SECONDS", 1e9)
    here = _align(samples, starts, tmp_path)
    monkeypatch.setattr(forced, "WORKER_SECONDS", 0.0)
    workers = _align(samples, starts, tmp_path)
    assert all(t.forced for t in here) and all(t.forced for t in workers)
    # Each decoder adapts its cepstral mean to what it has heard: the same to a frame or two.
    pairs = [
        (a, b) for x, y in zip(here, workers, strict=True) for a, b in zip(x.words, y.words, strict=True)
    ]
    assert max(abs(a[0] - b[0]) for a, b in pairs) <= 0.03
    assert not list(tmp_path.glob("*.pcm"))  # every window's file is gone once read


def test_a_sentence_heard_well_needs_no_forced_pass():
    """Most known words heard and a confident start: the recogniser's times are used as they are."""
    segment = Segment("The city council met today.", 1.0, 3.0, kind=SegmentKind.SPEECH, confidence=0.9)
    heard = {0: (1.0, 1.1), 1: (1.1, 1.5), 2: (1.5, 2.0)}
    assert not word_times.needs_forcing(segment, heard)
    assert word_times.needs_forcing(segment, {0: (1.0, 1.1)})  # one word of five heard
    segment.confidence = 0.3
    assert word_times.needs_forcing(segment, heard)  # a doubtful start is checked by forcing


def test_a_start_under_sure_whose_first_word_was_not_heard_is_forced():
    """At 0.7 (set from an anchor on a later word) a sentence heard well but for its first word is
    forced, so its start is checked; with its first word heard it is not."""
    segment = Segment("The city council met today.", 1.0, 3.0, kind=SegmentKind.SPEECH, confidence=0.7)
    assert word_times.needs_forcing(segment, {1: (1.1, 1.5), 2: (1.5, 2.0), 3: (2.0, 2.3)})
    assert not word_times.needs_forcing(segment, {0: (1.0, 1.1), 1: (1.1, 1.5), 2: (1.5, 2.0)})
