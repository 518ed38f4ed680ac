"""Syncing through the service and the command, on a real library."""

from __future__ import annotations

from earmark.core.errors import Cancelled
from earmark.core.model import Transcript, TranscriptKind
from earmark.core.progress import CancelToken
from earmark.store import transcripts as transcript_rows

from .synthcase import SHORT_TEXT, UNSPOKEN_PARAGRAPH, make_case

SPOKEN = [p for i, p in enumerate(SHORT_TEXT) if i != UNSPOKEN_PARAGRAPH][:2]


def _untimed_episode(services, tmp_path):
    case = make_case(tmp_path, SPOKEN, seed=11)
    episode_id = services.importer.import_episode(case.audio)
    with services.database.transaction() as conn:
        transcript_rows.replace_transcript(
            conn, episode_id, Transcript(case.segments, "text", TranscriptKind.UNTIMED), None
        )
    return case, episode_id


def test_align_episode_times_every_sentence(services, tmp_path):
    """After a sync every sentence has a time, listeners hear of it, and the search outbox has the episode."""
    case, episode_id = _untimed_episode(services, tmp_path)
    heard = []
    services.aligner.on_episode_changed.append(heard.append)
    result = services.aligner.align_episode(episode_id)
    segments = services.library.transcript(episode_id).segments
    assert result.aligned == len(case.segments) and result.unspoken == 0
    assert all(abs(s.start - t) < 0.2 for s, t in zip(segments, case.truth, strict=True))
    assert heard == [episode_id]
    assert services.library.episode(episode_id).timed


def test_cancel_leaves_episode_untimed(services, tmp_path):
    """Cancelling mid-way (from the progress callback) writes nothing."""
    _, episode_id = _untimed_episode(services, tmp_path)
    token = CancelToken()

    def progress(fraction, message):
        if fraction >= 0.4:
            token.cancel()

    try:
        services.aligner.align_episode(episode_id, progress, token)
    except Cancelled:
        pass
    else:
        raise AssertionError("expected Cancelled")
    assert not services.library.episode(episode_id).timed


def test_set_sentence_start_locks_and_survives_resync(services, tmp_path):
    """A fixed start is locked, neighbours are clamped to keep order, and a re-sync keeps it."""
    _, episode_id = _untimed_episode(services, tmp_path)
    services.aligner.align_episode(episode_id)
    before = services.library.transcript(episode_id).segments
    services.aligner.set_sentence_start(episode_id, 2, before[3].start + 0.5)
    fixed = services.library.transcript(episode_id).segments
    assert fixed[2].locked and fixed[3].start >= fixed[2].start
    services.aligner.align_episode(episode_id)
    again = services.library.transcript(episode_id).segments
    assert again[2].locked and abs(again[2].start - (before[3].start + 0.5)) < 1e-3
    starts = [s.start for s in again]
    assert starts == sorted(starts)


def test_cli_align_syncs_a_real_library(run_cli, services, tmp_path):
    """`earmark align EPISODE` prints a summary, shows progress on stderr, and the episode is then timed."""
    _, episode_id = _untimed_episode(services, tmp_path)
    services.close()
    result = run_cli("align", str(episode_id))
    assert result.returncode == 0, result.stderr
    assert "Synced 6 sentences" in result.stdout and "100%" in result.stderr
    listed = run_cli("episodes", "--json").stdout
    assert '"timed": true' in listed


def test_synced_words_are_stored_and_exported_as_json_and_vtt(run_cli, services, tmp_path):
    """After a sync every word has a time in the library, and `earmark transcript` carries them:
    Podcasting 2.0 JSON "words" per segment, WebVTT <hh:mm:ss.mmm> tags before the words."""
    import json
    import re

    _, episode_id = _untimed_episode(services, tmp_path)
    services.aligner.align_episode(episode_id)
    segments = services.library.transcript(episode_id).segments
    for segment in segments:
        assert [w.text for w in segment.words] == segment.text.split()
        assert segment.words[0].start == segment.start
        assert all(a.start <= b.start for a, b in zip(segment.words, segment.words[1:], strict=False))
    services.close()
    exported = json.loads(run_cli("transcript", str(episode_id), "--format", "json").stdout)
    assert all(len(s["words"]) == len(s["body"].split()) for s in exported["segments"])
    vtt = run_cli("transcript", str(episode_id), "--format", "vtt").stdout
    stamps = re.findall(r"<\d[\d:]*\.\d{3}>", vtt)
    assert len(stamps) == sum(len(s.words) - 1 for s in segments)
