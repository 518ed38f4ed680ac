"""Bad destinations: one line on stderr, exit 2, and no half-written file left behind."""

from __future__ import annotations

import os
import resource
import subprocess
import sys
from pathlib import Path

import pytest

from earmark.core.errors import InputError
from earmark.core.model import Segment, Transcript, TranscriptKind
from earmark.services.exporting import Selection
from earmark.store import transcripts as transcript_rows

DESKTOP = Path(__file__).resolve().parents[2] / "desktop"


def _one_line(result) -> bool:
    return result.returncode == 2 and result.stderr.count("\n") == 1 and "Traceback" not in result.stderr


def test_file_where_a_folder_is_wanted(run_cli, library, library_dir, tmp_path):
    """-o naming a file for a folder export (a vault) is refused in one line; the file is untouched."""
    library.services.close()
    in_the_way = tmp_path / "vault"
    in_the_way.write_text("mine")
    result = run_cli("export", "--all", "--format", "md", "-o", str(in_the_way))
    assert _one_line(result) and "folder" in result.stderr
    assert in_the_way.read_text() == "mine"


def test_file_in_the_path_of_a_folder(library, tmp_path):
    """A file standing where a parent folder should be: one clear error."""
    (tmp_path / "file").write_text("x")
    with pytest.raises(InputError) as error:
        library.services.exporter.export(Selection(), "readwise", tmp_path / "file" / "sub" / "rw.csv")
    assert "a folder is wanted" in str(error.value)


def _unwritable(tmp_path: Path) -> Path:
    if os.geteuid() != 0:
        folder = tmp_path / "locked"
        folder.mkdir()
        folder.chmod(0o500)
        return folder
    if os.access("/sys", os.W_OK) and Path("/sys/kernel").is_dir():
        probe = Path("/sys/earmark-probe")
        try:
            probe.open("w").close()
        except OSError:
            return Path("/sys")
    pytest.skip("running as root with no read-only folder to write into")


def test_unwritable_folder(run_cli, library, tmp_path):
    """A folder Earmark may not write into: one line naming the file, nothing left there."""
    library.services.close()
    folder = _unwritable(tmp_path)
    result = run_cli("export", "--all", "--format", "readwise", "-o", str(folder / "rw.csv"))
    assert _one_line(result) and "rw.csv" in result.stderr and "cannot write" in result.stderr
    assert not (folder / "rw.csv.part").exists() and not (folder / "rw.csv").exists()


def test_full_device(run_cli, library):
    """Writing to /dev/full (every write: no space left) is one line saying the disk is full."""
    library.services.close()
    if not Path("/dev/full").exists():
        pytest.skip("/dev/full is missing on this system")
    result = run_cli("export", str(library.first), "--format", "md", "-o", "/dev/full")
    assert _one_line(result) and "disk is full" in result.stderr


def test_running_out_of_room_midway_removes_the_half_file(library, library_dir, tmp_path):
    """A write that stops part way (a file-size limit, like a disk filling up): one line, no .part file."""
    long = [Segment(f"Line {n}.", n * 2.0, n * 2.0 + 1.5, speaker="A") for n in range(6000)]
    with library.services.database.transaction() as conn:
        transcript_rows.replace_transcript(
            conn, library.second, Transcript(long, "srt", TranscriptKind.TIMED), None
        )
    record = len(library.services.exporter.record(Selection()).encode())
    library.services.close()
    target = tmp_path / "out" / "all.json"
    largest = max(p.stat().st_size for p in library_dir.rglob("*") if p.is_file())
    assert record > 1.5 * largest  # else the limit below could not sit between them
    room = (largest + record) // 2

    def limit() -> None:  # SQLite's own files stay under it; the record (3000 lines as JSON) does not
        resource.setrlimit(resource.RLIMIT_FSIZE, (room, resource.RLIM_INFINITY))

    result = subprocess.run(
        [sys.executable, "-m", "earmark", "--library", str(library_dir),
         "export", "--all", "--format", "json", "-o", str(target)],
        capture_output=True, text=True, env={**os.environ, "PYTHONPATH": str(DESKTOP)}, preexec_fn=limit,
        timeout=120,
    )  # fmt: skip
    assert _one_line(result) and "all.json" in result.stderr and "disk is full" in result.stderr
    assert list(target.parent.iterdir()) == []


def test_full_disk_on_a_small_tmpfs(library, tmp_path):
    """On a 64 kB tmpfs (needs mount rights, else skipped): the vault fills it, one error, no .part files."""
    mount = tmp_path / "small"
    mount.mkdir()
    made = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(mount)], capture_output=True
    )
    if made.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here ({made.stderr.decode().strip()[:80]})")
    try:
        (mount / "filler").write_bytes(b"\0" * 60_000)
        with pytest.raises(InputError) as error:
            library.services.exporter.export(Selection(), "md", mount / "vault")
        assert "disk is full" in str(error.value)
        assert not list((mount / "vault").glob("*.part"))
    finally:
        subprocess.run(["umount", str(mount)], check=False)
