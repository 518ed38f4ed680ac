"""File > Import and File > Attach: file dialogs, and the files found beside a chosen audio file.

Choosing ``ep.mp3`` also brings ``ep.srt``, ``ep.vtt``, ``ep.json``, ``ep.html`` or ``ep.txt``
from the same folder as its transcript, and ``ep.md`` as its show notes.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QMainWindow

from earmark.services.importing import AUDIO_SUFFIXES

TRANSCRIPT_SUFFIXES = (".srt", ".vtt", ".json", ".html", ".htm", ".txt")
"""Beside an audio file, in this order of preference."""
NOTES_SUFFIXES = (".md", ".markdown")
TEXT_FILTER = "Transcripts and show notes (*.srt *.vtt *.json *.html *.htm *.txt *.md *.markdown)"


def companions(audio: Path) -> tuple[Path | None, Path | None]:
    """The transcript and show-notes files beside ``audio`` with the same name, if any."""

    def first(suffixes: tuple[str, ...]) -> Path | None:
        for suffix in suffixes:
            for candidate in (audio.with_suffix(suffix), audio.with_suffix(suffix.upper())):
                if candidate.is_file():
                    return candidate
        return None

    return first(TRANSCRIPT_SUFFIXES), first(NOTES_SUFFIXES)


def with_companions(paths: list[Path]) -> list[Path]:
    """The chosen files plus, for each chosen audio file, its transcript beside it (not chosen twice)."""
    chosen = list(paths)
    for path in paths:
        if path.suffix.lower() in AUDIO_SUFFIXES:
            transcript, _notes = companions(path)
            if transcript is not None and transcript not in chosen:
                chosen.append(transcript)
    return chosen


def _dialog(window: QMainWindow, title: str, filters: list[str], many: bool) -> QFileDialog:
    dialog = QFileDialog(window, title)
    dialog.setObjectName("importDialog" if many else "attachDialog")
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog)  # the same dialog everywhere (and in tests)
    dialog.setFileMode(QFileDialog.FileMode.ExistingFiles if many else QFileDialog.FileMode.ExistingFile)
    dialog.setNameFilters(filters)
    folder = window.settings.value("dialogs/import_folder")
    if folder:
        dialog.setDirectory(str(folder))
    return dialog


def ask_import(window: QMainWindow) -> QFileDialog:
    """File > Import: pick audio (and, if you like, its transcript); files beside it come along."""
    audio = " ".join(f"*{s}" for s in sorted(AUDIO_SUFFIXES))
    dialog = _dialog(
        window, "Import audio and transcript", [f"Audio ({audio})", TEXT_FILTER, "All files (*)"], True
    )

    def chosen(files: list[str]) -> None:
        paths = [Path(f) for f in files]
        if paths:
            window.settings.setValue("dialogs/import_folder", str(paths[0].parent))
            window.import_files(with_companions(paths))

    dialog.filesSelected.connect(chosen)
    window.import_dialog = dialog
    dialog.open()
    return dialog


def ask_attach(window: QMainWindow) -> QFileDialog | None:
    """File > Attach: a transcript or show notes for the open episode."""
    if window.episode is None:
        window.show_message("Open an episode first, then attach its transcript or show notes")
        return None
    dialog = _dialog(window, f"Attach to “{window.episode.title}”", [TEXT_FILTER, "All files (*)"], False)
    dialog.fileSelected.connect(lambda f: window.attach_file(Path(f)) if f else None)
    window.import_dialog = dialog
    dialog.open()
    return dialog
