"""Every subcommand imports only what it uses: no numba, Qt, Whoosh or pocketsphinx by accident."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

DESKTOP = Path(__file__).resolve().parents[2] / "desktop"
HEAVY = ("numba", "PySide6", "whoosh", "pocketsphinx", "numpy", "bs4", "av", "sqlite_utils", "ftfy", "jinja2")

PROBE = """
import json, sys
from earmark.cli import main
code = main(sys.argv[1:])
sys.stdout.flush()
heavy = sorted({name.split('.')[0] for name in sys.modules} & set(json.loads(%r)))
print('HEAVY=' + json.dumps(heavy), file=sys.stderr)
raise SystemExit(code)
"""


def loaded_by(*args: str) -> list[str]:
    env = {**os.environ, "PYTHONPATH": str(DESKTOP)}
    result = subprocess.run(
        [sys.executable, "-c", PROBE % json.dumps(HEAVY), *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    line = next(line for line in result.stderr.splitlines() if line.startswith("HEAVY="))
    return json.loads(line.removeprefix("HEAVY="))


def test_episodes_loads_nothing_heavy(library_dir):
    """`earmark episodes` opens SQLite and nothing else: no numpy, numba, Qt, Whoosh."""
    assert loaded_by("--library", str(library_dir), "episodes") == []


def test_check_loads_only_the_readers(library_dir, tmp_path):
    """`earmark check` on a UTF-8 WebVTT file needs the readers, but no Qt, numba, Whoosh, decoder,
    HTML parser, or text repair (plain ASCII has no mojibake)."""
    vtt = tmp_path / "a.vtt"
    vtt.write_text("WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nHello there.\n", encoding="utf-8")
    heavy = loaded_by("--library", str(library_dir), "check", str(vtt))
    assert not {"numba", "PySide6", "whoosh", "pocketsphinx", "av", "bs4", "ftfy"} & set(heavy)


def test_search_loads_whoosh_but_not_numba_or_qt(library_dir):
    """`earmark search` loads Whoosh (it searches) and still no numba, Qt or pocketsphinx."""
    heavy = loaded_by("--library", str(library_dir), "search", "anything")
    assert "whoosh" in heavy
    assert not {"numba", "PySide6", "pocketsphinx"} & set(heavy)


def test_cli_choices_match_the_modules_they_mirror():
    """The formats and colours the parser offers are the ones the formats and annotation code know."""
    from earmark.cli import TRANSCRIPT_FORMATS
    from earmark.cli_annotations import HIGHLIGHT_COLOURS
    from earmark.formats import EXPORT_FORMATS
    from earmark.services.annotating import COLOURS

    assert tuple(EXPORT_FORMATS) == TRANSCRIPT_FORMATS
    assert tuple(COLOURS) == HIGHLIGHT_COLOURS


def test_a_link_on_the_command_line_is_the_target_not_a_subcommand():
    """`earmark earmark://…` and `earmark --library D FILE` take the first positional as what to open."""
    from earmark.cli import _split_target

    commands = ["episodes", "demo", "open"]
    assert _split_target(["earmark://episode/3?t=1"], commands) == ([], "earmark://episode/3?t=1")
    assert _split_target(["--library", "L", "a.mp3"], commands) == (["--library", "L"], "a.mp3")
    assert _split_target(["--library", "L", "episodes"], commands) == (["--library", "L", "episodes"], None)


def test_export_choices_match_the_exporter():
    """`earmark export --format/--clip-format` offer what the export services know."""
    from earmark import cli_export
    from earmark.services.export_clips import CLIP_FORMATS
    from earmark.services.exporting import FORMATS

    assert tuple(FORMATS) == cli_export.FORMATS
    assert tuple(CLIP_FORMATS) == cli_export.CLIP_FORMATS
