"""Composition root: where the library lives, what ships inside the package, and the services.

Everything here is built on first use, so a subcommand pays only for what it touches:
``earmark episodes`` opens the library file and never imports Whoosh, numba or Qt.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, Generic, TypeVar

if TYPE_CHECKING:
    from importlib.resources.abc import Traversable

    from earmark.services.aligning import AlignService
    from earmark.services.annotating import AnnotationService
    from earmark.services.downloading import Downloader
    from earmark.services.exporting import ExportService
    from earmark.services.importing import ImportService
    from earmark.services.library import LibraryService
    from earmark.services.now_playing import NowPlayingService
    from earmark.services.retiming import RetimeService
    from earmark.services.searching import SearchService
    from earmark.services.subscribing import SubscriptionService
    from earmark.store import Database

APP_NAME = "Earmark"
APP_ID = "io.github.earmark.Earmark"  # desktop entry, icon and AppStream id


def resources() -> Traversable:
    """The package's own data (styles, demo episode, icons, desktop entry), wherever it is installed."""
    from importlib.resources import files  # ~45 ms to import: only the window and the demo need it

    return files("earmark") / "resources"


def __getattr__(name: str) -> Any:
    if name == "RESOURCES":  # kept for callers that read ``earmark.app.RESOURCES``
        return resources()
    raise AttributeError(name)


T = TypeVar("T")


class built_once(Generic[T]):
    """``cached_property`` that is safe when the GUI thread and a worker ask at the same time
    (Python 3.12 dropped cached_property's lock): one build, under the instance's lock."""

    def __init__(self, build: Callable[[Any], T]) -> None:
        self.build = build
        self.__doc__ = build.__doc__

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    def __get__(self, instance: Any, owner: type | None = None) -> T:
        if instance is None:
            return self  # type: ignore[return-value]
        try:
            return instance.__dict__[self.name]
        except KeyError:
            pass
        with instance._lock:
            if self.name not in instance.__dict__:
                instance.__dict__[self.name] = self.build(instance)
            return instance.__dict__[self.name]


LIBRARY_POINTER = "library-folder.txt"


def _pointer() -> Path:
    """Where the window's Settings remember a chosen library folder (one line, Qt-free)."""
    import platformdirs

    return Path(platformdirs.user_config_dir(APP_NAME, appauthor=False)) / LIBRARY_POINTER


def library_dir(override: str | os.PathLike[str] | None = None) -> Path:
    """``--library`` beats ``EARMARK_LIBRARY`` beats the folder chosen in Settings beats the user data dir."""
    chosen = override or os.environ.get("EARMARK_LIBRARY")
    if not chosen and _pointer().is_file():
        chosen = _pointer().read_text(encoding="utf-8").strip() or None
    if chosen:
        return Path(chosen).expanduser()
    import platformdirs

    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def remember_library_dir(folder: Path | None) -> None:
    """Use ``folder`` from the next start (``None``: back to the default)."""
    pointer = _pointer()
    if folder is None:
        pointer.unlink(missing_ok=True)
        return
    pointer.parent.mkdir(parents=True, exist_ok=True)
    pointer.write_text(str(folder.expanduser()) + "\n", encoding="utf-8")


class Services:
    """Every use case over one library, each built (and its modules imported) on first use.

    Passed to the GUI and the CLI. The library file is opened (and migrated) the first time
    any service or ``database`` is asked for.
    """

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._lock = threading.RLock()  # a service's build may need another (importer -> annotations)

    @built_once
    def database(self) -> Database:
        from earmark.store import open_database

        return open_database(self.folder)

    @built_once
    def library(self) -> LibraryService:
        from earmark.services.library import LibraryService

        return LibraryService(self.database)

    @built_once
    def annotations(self) -> AnnotationService:
        from earmark.services.annotating import AnnotationService

        return AnnotationService(self.database)

    @built_once
    def importer(self) -> ImportService:
        """Imports; a timed transcript imported with its audio is checked against it (``retimer``)."""
        from earmark.services.importing import ImportService

        importer = ImportService(self.database, on_changed=[self.annotations.reanchor])
        # a plain import of audio with a timed transcript: does it fit? (re-timed only when not)
        importer.timing_check = lambda *args: self.retimer.check_and_retime(*args)
        return importer

    @built_once
    def aligner(self) -> AlignService:
        from earmark.services.aligning import AlignService

        aligner = AlignService(self.database)
        aligner.on_episode_changed.append(self.annotations.reanchor)
        return aligner

    @built_once
    def downloader(self) -> Downloader:
        """Episode downloads; a downloaded transcript that does not fit its audio is re-timed."""
        from earmark.services.downloading import Downloader

        downloader = Downloader(self.database, self.importer, self.folder)
        downloader.retimer = lambda *args, **kwargs: self.retimer.check_and_retime(*args, **kwargs)
        return downloader

    @built_once
    def retimer(self) -> RetimeService:
        """Checks a downloaded transcript's timing against its audio (loads the aligner: numba)."""
        from earmark.services.retiming import RetimeService

        return RetimeService(self.database, self.aligner)

    @built_once
    def subscriptions(self) -> SubscriptionService:
        from earmark.services.subscribing import SubscriptionService

        return SubscriptionService(self.database, self.downloader, self.folder)

    @built_once
    def exporter(self) -> ExportService:
        from earmark.services.exporting import ExportService

        return ExportService(self.database, self.library, self.annotations.highlights)

    @built_once
    def search(self) -> SearchService:
        """Index folder: <library>/index (derived; rebuilt when missing)."""
        from earmark.services.searching import SearchService

        return SearchService(self.database, self.folder / "index")

    @built_once
    def now_playing(self) -> NowPlayingService:
        """What the desktop's media widgets show (gui/mpris.py)."""
        from earmark.services.chapters import ChapterService
        from earmark.services.now_playing import NowPlayingService

        return NowPlayingService(self.database, ChapterService(self.library).chapters)

    def built(self, name: str) -> bool:
        """Whether a service (or ``database``) has been built yet."""
        return name in self.__dict__

    def close(self) -> None:
        if self.built("search"):
            self.search.close()
        if self.built("database"):
            self.database.close()


def build_services(folder: Path) -> Services:
    """The services over the library in ``folder`` (opened on first use)."""
    return Services(folder)
