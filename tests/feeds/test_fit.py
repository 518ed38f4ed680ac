"""Timed transcripts that survive inserted ads: the cheap fit check, and re-timing that keeps their shape."""

from __future__ import annotations

import json

import numpy as np
import pytest
from adcase import CLIPS, LONG, make_case, vtt, write_wav
from feedkit import item, rss

from earmark.align.fit import check_fit, keep_shape, shape_holds
from earmark.core.model import Segment, Word

needs_speech = pytest.mark.skipif(not CLIPS.is_dir(), reason=f"shared real speech not found at {CLIPS}")


def test_keep_shape_moves_each_stretch_as_one():
    """Aligner shifts 0 / +20 / +45 s with noise, an outlier and a miss: exact stretch offsets, all timed."""
    original = [Segment(f"cue {i}", float(i * 5), float(i * 5 + 4), speaker="Ada",
                        words=[Word("cue", i * 5.0, i * 5.0 + 0.3)]) for i in range(30)]  # fmt: skip
    truth = [0.0] * 10 + [20.0] * 10 + [45.0] * 10
    noise = np.random.default_rng(1).normal(0, 0.02, 30)
    aligned = [Segment(s.text, s.start + t + n) for s, t, n in zip(original, truth, noise, strict=True)]
    aligned[4].start += 12.0  # the aligner lost one cue in the first stretch
    aligned[15] = Segment("cue 15")  # and left one untimed
    moved = keep_shape(original, aligned)
    errors = [abs(m.start - (o.start + t)) for m, o, t in zip(moved, original, truth, strict=True)]
    assert max(errors) < 0.05
    assert all(m.speaker == "Ada" and m.text == o.text for m, o in zip(moved, original, strict=True))
    assert moved[12].words[0].start == pytest.approx(original[12].words[0].start + 20.0, abs=0.05)


def test_a_transcript_at_another_speed_is_not_kept_in_shape():
    """A file made at another speed (every cue 3 % later than the last): no stretch offsets explain the
    aligner's times, so the shape is not kept; the same file with two ads' shifts is."""
    original = [Segment(f"cue {i}", i * 5.0, i * 5.0 + 4) for i in range(60)]
    drifting = [Segment(s.text, s.start * 1.03) for s in original]
    assert not shape_holds(keep_shape(original, drifting), drifting)
    shifted = [
        Segment(s.text, s.start + (0 if i < 20 else 15 if i < 40 else 41)) for i, s in enumerate(original)
    ]
    assert shape_holds(keep_shape(original, shifted), shifted)


@needs_speech
def test_the_check_tells_a_fitting_transcript_from_one_with_ads(tmp_path):
    """Real voices: the master's transcript fits the master and not the download with two ads in it."""
    case = make_case(LONG[:12], (3, 8))
    cues = [Segment(text, a, b) for a, b, text in case.cues]
    master = check_fit(write_wav(tmp_path / "m.wav", case.master), cues)
    download = check_fit(write_wav(tmp_path / "d.wav", case.download), cues)
    assert master.fits, master.reason
    assert not download.fits and "off" in download.reason


@needs_speech
def test_subscribe_and_refresh_retime_a_download_with_ads(server, services):
    """Auto-download after subscribe and refresh re-times the feed's transcript to the download: every cue
    timed, median <= 50 ms, p95 <= 300 ms, max <= 1 s, and the pane's status says so."""
    case = make_case(LONG[:12], (3, 8))
    write_wav(server.folder / "ep.wav", case.download)
    (server.folder / "ep.vtt").write_text(vtt(case.cues))
    feed = rss([item("With ads", f"{server.base}/ep.wav", "a1", transcript=f"{server.base}/ep.vtt")])
    (server.folder / "feed.xml").write_text(feed)
    podcast = services.subscriptions.subscribe(f"{server.base}/feed.xml")
    services.subscriptions.set_auto_download(podcast, 1)
    result = services.subscriptions.refresh(newest=0)
    assert len(result.new_episodes) == 1, result.failures
    row = services.subscriptions.catalogue(podcast)[0]
    assert row.timing == "re-timed to your download"
    segments = services.library.transcript(result.new_episodes[0]).segments
    assert all(s.start is not None for s in segments)
    errors = np.array([abs(s.start - t) for s, t in zip(segments, case.truth, strict=True)])
    assert np.median(errors) <= 0.05 and np.percentile(errors, 95) <= 0.3 and errors.max() <= 1.0


def _errors(segments, truth) -> np.ndarray:
    return np.array([abs(s.start - t) for s, t in zip(segments, truth, strict=True)])


@needs_speech
def test_the_check_finds_a_pre_roll_ad(tmp_path):
    """An ad before the first clip shifts every cue: the check says the times are off."""
    case = make_case(LONG[:8], (0,))
    shifted = np.concatenate([np.zeros(4000, np.float32), case.download])  # and a little lead-in
    cues = [Segment(text, a, b) for a, b, text in case.cues]
    fit = check_fit(write_wav(tmp_path / "d.wav", shifted), cues)
    assert not fit.fits and "off" in fit.reason


@needs_speech
def test_the_check_listens_to_seconds_not_the_whole_episode(tmp_path):
    """A fitting 7-minute episode is judged from its probes alone: under a tenth of it is heard."""
    case = make_case(LONG, ())
    cues = [Segment(text, a, b) for a, b, text in case.cues]
    fit = check_fit(write_wav(tmp_path / "m.wav", case.master), cues)
    assert fit.fits, fit.reason
    assert 0 < fit.listened < 0.1 * len(case.master) / 16000


def test_a_tone_with_a_timed_transcript_is_not_called_off(tone):
    """Nothing that sounds like speech (a steady tone) gives nothing to judge by: no re-time is asked for."""
    audio = tone(40.0)
    cues = [Segment(f"the quick brown fox jumps over the lazy dog number {i}", i * 4.0, i * 4.0 + 3.5)
            for i in range(10)]  # fmt: skip
    fit = check_fit(audio, cues)
    assert fit.fits and "not checked" in fit.reason


@needs_speech
def test_earmark_align_retimes_a_timed_transcript_keeping_its_shape(tmp_path, services, run_cli):
    """`earmark align` on a feed's VTT with two ads in the audio: every cue timed within the aim
    (median <= 50 ms, p95 <= 300 ms, max <= 1 s), text and speakers kept, the command says re-timed."""
    case = make_case(LONG[:8], (2, 5))
    audio = write_wav(tmp_path / "d.wav", case.download)
    transcript = tmp_path / "ep.vtt"
    transcript.write_text(vtt([(a, b, f"<v Ann>{text}") for a, b, text in case.cues]))
    services.importer.timing_check = None  # as imported before the check existed: the file's times
    episode = services.importer.import_episode(audio, transcript)
    before = services.library.transcript(episode).segments
    services.close()
    done = run_cli("align", str(episode), timeout=900)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith(f"Re-timed {len(case.cues)} cues"), done.stdout
    from earmark.app import build_services

    again = build_services(services.folder)
    after = again.library.transcript(episode).segments
    again.close()
    assert all(s.start is not None for s in after)
    assert [(s.text, s.speaker) for s in after] == [(s.text, s.speaker) for s in before]
    errors = _errors(after, case.truth)
    assert np.median(errors) <= 0.05 and np.percentile(errors, 95) <= 0.3 and errors.max() <= 1.0


@needs_speech
def test_a_plain_import_with_ads_is_retimed(tmp_path, run_cli):
    """`earmark import AUDIO --transcript VTT` checks the times; audio with two ads is re-timed by itself
    to the aim, and the command says so."""
    case = make_case(LONG[:8], (2, 5))
    audio = write_wav(tmp_path / "d.wav", case.download)
    transcript = tmp_path / "ep.vtt"
    transcript.write_text(vtt(case.cues))
    done = run_cli("import", str(audio), "--transcript", str(transcript), timeout=900)
    assert done.returncode == 0, done.stderr
    assert "re-timed to this audio" in done.stdout
    episode = done.stdout.strip().splitlines()[-1]
    shown = run_cli("transcript", episode, "--format", "json")
    segments = json.loads(shown.stdout)["segments"]
    errors = np.array([abs(s["startTime"] - t) for s, t in zip(segments, case.truth, strict=True)])
    assert np.median(errors) <= 0.05 and np.percentile(errors, 95) <= 0.3 and errors.max() <= 1.0


@needs_speech
def test_a_plain_import_that_fits_keeps_its_times(tmp_path, run_cli):
    """The master's own transcript on the master: the check says it fits and no cue moves."""
    case = make_case(LONG[:12], ())
    audio = write_wav(tmp_path / "m.wav", case.master)
    transcript = tmp_path / "ep.vtt"
    transcript.write_text(vtt(case.cues))
    done = run_cli("import", str(audio), "--transcript", str(transcript), timeout=300)
    assert done.returncode == 0, done.stderr
    assert "its times fit the audio" in done.stdout
    episode = done.stdout.strip().splitlines()[-1]
    segments = json.loads(run_cli("transcript", episode, "--format", "json").stdout)["segments"]
    assert [s["startTime"] for s in segments] == pytest.approx([a for a, _, _ in case.cues], abs=0.002)
