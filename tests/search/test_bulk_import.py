"""`earmark import` of many files or a folder: one process, one transaction per episode, nothing on bad input.

Real WAV tones, real SRT files, the real command and a real library file.
"""

from __future__ import annotations

import json

import pytest

from earmark.core.errors import Cancelled
from earmark.core.progress import CancelToken
from earmark.services.importing import expand_sources


def _srt(path, words: str):
    path.write_text(
        f"1\n00:00:00,000 --> 00:00:01,500\n{words}\n\n2\n00:00:01,500 --> 00:00:02,900\nThe end.\n"
    )
    return path


def _folder(tmp_path, tone, n: int):
    folder = tmp_path / "shows"
    folder.mkdir()
    for i in range(n):
        tone(1.0, name=f"shows/talk{i:02d}.wav")
        if i % 2 == 0:
            _srt(folder / f"talk{i:02d}.srt", f"Talk number {i} begins.")
    return folder


def test_folder_import_prints_each_id_last_one_last(run_cli, tone, tmp_path):
    """A folder of 5 WAVs (3 with SRTs beside): 5 ids, one a line, in file order; transcripts attached."""
    folder = _folder(tmp_path, tone, 5)
    result = run_cli("import", str(folder))
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    ids = [int(line) for line in lines if line.isdigit()]
    assert len(ids) == 5 and lines[-1] == str(ids[-1]) and ids == sorted(ids)
    episodes = {e["id"]: e for e in json.loads(run_cli("episodes", "--json").stdout)}
    assert [episodes[i]["timed"] for i in ids] == [True, False, True, False, True]


def test_many_files_at_once(run_cli, tone, tmp_path):
    """Several audio files named on the command line are imported in the order given."""
    first, second = tone(1.0, name="b.wav"), tone(1.0, name="a.wav")
    result = run_cli("import", str(first), str(second))
    assert result.returncode == 0, result.stderr
    titles = [line for line in result.stdout.splitlines() if line.startswith("Imported")]
    assert titles == ["Imported 'b' (no transcript)", "Imported 'a' (no transcript)"]


def test_bad_file_among_many_writes_nothing(run_cli, tone, tmp_path):
    """One broken SRT in a folder: exit 2, one line naming it, and no episode imported."""
    folder = _folder(tmp_path, tone, 3)
    (folder / "talk01.srt").write_text("1\nthis is not a time line\nwords\n")
    result = run_cli("import", str(folder))
    assert result.returncode == 2
    assert "talk01.srt" in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert json.loads(run_cli("episodes", "--json").stdout) == []


def test_transcript_option_needs_one_audio_file(run_cli, tone, tmp_path):
    """--transcript with several files is bad input (exit 2), not a guess."""
    a, b = tone(1.0, name="a.wav"), tone(1.0, name="b.wav")
    srt = _srt(tmp_path / "x.srt", "Hello there.")
    result = run_cli("import", str(a), str(b), "--transcript", str(srt))
    assert result.returncode == 2 and "one audio file" in result.stderr


def test_cancel_keeps_the_episodes_already_written(services, tone, tmp_path):
    """Cancelling part-way keeps whole episodes already committed and writes no half episode."""
    items = expand_sources([_folder(tmp_path, tone, 6)])
    token = CancelToken()

    def progress(fraction, message):
        if message.startswith("imported 2 "):
            token.cancel()

    with pytest.raises(Cancelled):
        services.importer.import_many(items, progress, token)
    episodes = {e.title: e for e in services.library.episodes()}
    assert sorted(episodes) == ["talk00", "talk01"]
    assert episodes["talk00"].timed and not episodes["talk01"].has_transcript
    assert services.library.transcript(episodes["talk00"].id).segments[0].text == "Talk number 0 begins."
