"""The scraped transcript page of issue #13: the whole page imported, only its first 16 sentences
read aloud (no real recording of it exists, so espeak-ng reads them, two hosts in two voices, with
uneven pauses; about 70 s). Every line read gets its time, the rest of the page is not in the audio,
and a re-sync after fixing one line keeps it so."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from earmark.core.model import SegmentKind

from .synthcase import RATE, speak, write_wav

SAMPLES = Path(__file__).resolve().parents[2].parent / "shared" / "samples"
PAGE = "podquest_scraped_transcript_page.txt"
READ = 16  # "Hello, and welcome ..." through "Yeah, exactly."
HOSTS = [("en-us+m3", 170), ("en-gb+f4", 185)]  # paragraphs alternate between the two hosts


def _read_aloud(folder, segments) -> tuple:
    rng = np.random.default_rng(13)
    parts, truth, clock = [np.zeros(int(0.6 * RATE), np.float32)], [], 0.6
    for segment in segments[:READ]:
        voice, wpm = HOSTS[segment.paragraph % 2]
        truth.append(clock)
        samples = speak(segment.text, voice, wpm)
        pause = np.zeros(int(rng.uniform(0.25, 0.9) * RATE), np.float32)
        parts += [samples, pause]
        clock += (len(samples) + len(pause)) / RATE
    return write_wav(folder / "scraped.wav", np.concatenate(parts)), truth


@pytest.fixture(scope="module")
def page_episode(tmp_path_factory):
    """The page imported as the episode's transcript, over audio of its first sentences only, synced once."""
    from earmark.app import build_services
    from earmark.formats.registry import read_file

    if not (SAMPLES / PAGE).is_file():
        pytest.skip(f"shared samples not found at {SAMPLES}")
    folder = tmp_path_factory.mktemp("scraped")
    segments = [s for s in read_file(SAMPLES / PAGE).segments if s.kind is SegmentKind.SPEECH]
    audio, truth = _read_aloud(folder, segments)
    (folder / "library").mkdir()
    services = build_services(folder / "library")
    episode_id = services.importer.import_episode(audio, SAMPLES / PAGE, title="Scraped page")
    services.aligner.align_episode(episode_id)
    yield services, episode_id, truth
    services.close()


def _check(segments, truth) -> None:
    speech = [s for s in segments if s.kind is not SegmentKind.MUSIC]
    errors = [abs(s.start - t) if s.start is not None else 99.0 for s, t in zip(speech, truth, strict=False)]
    assert max(errors) <= 0.5, " ".join(f"{e:.2f}" for e in errors)
    assert np.median(errors) <= 0.05
    rest = speech[READ:]
    assert rest and all(s.kind is SegmentKind.UNSPOKEN and s.start is None for s in rest), [
        s.text for s in rest if s.kind is not SegmentKind.UNSPOKEN
    ][:5]


def test_the_lines_read_aloud_are_timed_and_the_rest_of_the_page_is_not_in_audio(page_episode):
    """Sync: the 16 lines read get their starts (max 0.5 s off), every later line of the page is UNSPOKEN."""
    services, episode_id, truth = page_episode
    _check(services.library.transcript(episode_id).segments, truth)


def test_resync_after_fixing_one_line_keeps_every_line_right(page_episode):
    """Fix line 11 ("Yeah, yeah, yeah.") at its true start, re-sync: the same verdicts and times hold."""
    services, episode_id, truth = page_episode
    services.aligner.set_sentence_start(episode_id, 10, truth[10])
    services.aligner.align_episode(episode_id)
    segments = services.library.transcript(episode_id).segments
    assert segments[10].locked
    _check(segments, truth)
