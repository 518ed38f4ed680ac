"""Composition root: where the library lives, and the services built once over it."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import platformdirs

from earmark.services.aligning import AlignService
from earmark.services.annotating import AnnotationService
from earmark.services.downloading import Downloader
from earmark.services.exporting import ExportService
from earmark.services.importing import ImportService
from earmark.services.library import LibraryService
from earmark.services.retiming import RetimeService
from earmark.services.searching import SearchService
from earmark.services.subscribing import SubscriptionService
from earmark.store import Database, open_database

APP_NAME = "Earmark"
RESOURCES = Path(__file__).resolve().parents[2] / "resources"


LIBRARY_POINTER = "library-folder.txt"


def _pointer() -> Path:
    """Where the window's Settings remember a chosen library folder (one line, Qt-free)."""
    return Path(platformdirs.user_config_dir(APP_NAME, appauthor=False)) / LIBRARY_POINTER


def library_dir(override: str | os.PathLike[str] | None = None) -> Path:
    """``--library`` beats ``EARMARK_LIBRARY`` beats the folder chosen in Settings beats the user data dir."""
    chosen = override or os.environ.get("EARMARK_LIBRARY")
    if not chosen and _pointer().is_file():
        chosen = _pointer().read_text(encoding="utf-8").strip() or None
    return (
        Path(chosen).expanduser() if chosen else Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))
    )


def remember_library_dir(folder: Path | None) -> None:
    """Use ``folder`` from the next start (``None``: back to the default)."""
    pointer = _pointer()
    if folder is None:
        pointer.unlink(missing_ok=True)
        return
    pointer.parent.mkdir(parents=True, exist_ok=True)
    pointer.write_text(str(folder.expanduser()) + "\n", encoding="utf-8")


@dataclass
class Services:
    """Every use case, built over one library. Passed to the GUI and the CLI."""

    folder: Path
    database: Database
    library: LibraryService
    importer: ImportService
    subscriptions: SubscriptionService
    aligner: AlignService
    annotations: AnnotationService
    exporter: ExportService
    search: SearchService  # index folder: <library>/index (derived; rebuilt when missing)

    def close(self) -> None:
        self.search.close()
        self.database.close()


def build_services(folder: Path) -> Services:
    database = open_database(folder)
    annotations = AnnotationService(database)
    importer = ImportService(database, on_changed=[annotations.reanchor])
    aligner = AlignService(database)
    aligner.on_episode_changed.append(annotations.reanchor)
    library = LibraryService(database)
    downloader = Downloader(database, importer, folder)
    downloader.retimer = RetimeService(database, aligner, on_changed=[annotations.reanchor]).check_and_retime
    return Services(
        folder=folder,
        database=database,
        library=library,
        importer=importer,
        subscriptions=SubscriptionService(database, downloader, folder),
        aligner=aligner,
        annotations=annotations,
        exporter=ExportService(database, library, annotations.highlights),
        search=SearchService(database, folder / "index"),
    )
