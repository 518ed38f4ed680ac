"""Starting the app: one instance, the window shown first, the library loaded after its first paint.

Order in :func:`run_gui`:

1. A running Earmark on the same library is handed the link/file and this process exits
   (:mod:`earmark.gui.single_instance`; QtCore and QtNetwork only, no QApplication).
2. The library file is opened (and migrated) on a plain thread while Qt and the window's
   modules load, so the GUI thread rarely waits for it.
3. The window is built and shown: nothing read from the library, no libvlc, no Whoosh.
4. After its first paint, libvlc loads on a thread (:class:`~earmark.player.factory.DeferredPlayer`;
   play works as soon as it is there) and a worker reads the episode list (and imports the
   demo); the GUI thread then fills the library pane and opens the demo, the link or file
   asked for, or the last episode. Then that worker builds the feeds service (the podcasts
   pane is filled once it is there) and makes the daily backup, and the search pane builds its
   service (Whoosh) and checks the index on its own worker.

``EARMARK_QUIT_AFTER_LOAD=1`` quits once step 4 is done (tests and ``bench_gui.py`` use it):
``earmark: shown`` is printed to stdout at the first paint, ``earmark: loaded <episode id or ->``
when the library is in the window, then the app quits.
"""

from __future__ import annotations

import os
import sys
import threading
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QSettings, QTimer
from PySide6.QtWidgets import QApplication

from earmark.app import APP_ID, APP_NAME, Services, build_services
from earmark.core.errors import InputError

if TYPE_CHECKING:
    from earmark.gui.main_window import MainWindow

ORGANIZATION = "Earmark"
QUIT_AFTER_LOAD = "EARMARK_QUIT_AFTER_LOAD"


def make_application(argv: list[str] | None = None) -> QApplication:
    """The one QApplication, named so QSettings knows where to keep UI state."""
    from earmark.gui.theme import apply_theme

    app = QApplication.instance() or QApplication(argv if argv is not None else sys.argv[:1])
    app.setApplicationName(APP_NAME)
    app.setOrganizationName(ORGANIZATION)
    app.setApplicationDisplayName(APP_NAME)
    app.setDesktopFileName(APP_ID)  # matches the installed .desktop entry (Wayland, taskbars)
    apply_theme(app)
    return app  # type: ignore[return-value]


def _controller():
    from earmark.player.controller import PlayerController  # imported late: it may load libvlc

    return PlayerController()


def open_window(services: Services, demo: bool = False, settings: QSettings | None = None) -> MainWindow:
    """Build the player and the window, all at once (tests, screenshots): on the demo, open it
    playing, else reopen the last episode."""
    from earmark.gui.main_window import MainWindow

    controller = _controller()
    window = MainWindow(services, controller, settings)
    controller.setParent(window)
    if demo:
        from earmark.services.demo import ensure_demo_episode

        try:
            window.open_episode(ensure_demo_episode(services), play=True)
            window.refresh_library()
        except InputError as error:
            window.show_message(f"Demo: {error}")
    else:
        window.reopen_last()
    return window


def deliver(window: MainWindow, message: dict) -> None:
    """Act on what ``earmark [demo|open URL|FILE]`` asked for, in this window."""
    target = message.get("target")
    if message.get("demo"):
        from earmark.services.demo import ensure_demo_episode

        try:
            window.open_episode(ensure_demo_episode(window.services), play=True)
            window.refresh_library()
        except InputError as error:
            window.show_message(f"Demo: {error}")
    elif target and str(target).startswith("earmark:"):
        from earmark.core.links import parse_link

        try:
            window.open_link(parse_link(str(target)))
        except ValueError as error:
            window.show_message(str(error))
    elif target:
        window.open_path(Path(str(target)))
    if message.get("from_another"):
        if window.isMinimized():
            window.showNormal()
        window.raise_()
        window.activateWindow()


class _AfterFirstPaint(QObject):
    """Calls ``then`` once, after the watched widget's first paint has been handled."""

    def __init__(self, widget, then) -> None:
        super().__init__(widget)
        self._then = then
        widget.installEventFilter(self)

    def eventFilter(self, watched, event) -> bool:
        if event.type() == QEvent.Type.Paint and self._then is not None:
            then, self._then = self._then, None
            watched.removeEventFilter(self)
            QTimer.singleShot(0, then)  # after this paint has reached the screen
        return False


def _load_after_paint(window: MainWindow, message: dict, quit_after: bool) -> None:
    """Off the GUI thread: the episode list (and the demo's import), then the daily backup and
    the index check on their own one-thread pool; the GUI thread fills the window in between."""
    from PySide6.QtCore import QThreadPool

    from earmark.gui.worker import Operation

    services = window.services

    def read(progress, cancel) -> dict:
        demo_id = None
        if message.get("demo"):
            from earmark.services.demo import ensure_demo_episode

            demo_id = ensure_demo_episode(services)
        library = services.library
        return {"episodes": library.listing(), "played": library.played(), "demo": demo_id}

    def upkeep(progress, cancel) -> None:
        services.subscriptions  # noqa: B018  (built here: it loads the feed readers, HTTP, e-mail)
        services.annotations.daily_backup()

    def loaded(result: dict) -> None:
        window.refresh_library(result["episodes"], result["played"])
        if result["demo"] is not None:
            window.open_episode(result["demo"], play=True)
        elif message.get("target"):
            deliver(window, message)
        else:
            window.reopen_last()
        later = Operation(upkeep, title="Podcasts and the daily backup", parent=window)
        later.succeeded.connect(lambda _none: window.podcasts.reload())
        later.failed.connect(lambda text: window.show_message(f"Podcasts or backup: {text}"))
        later.start(pool)
        window.search.start()  # the search service (Whoosh) and the index check, on the pane's worker
        if quit_after:
            episode = window.episode.id if window.episode is not None else "-"
            print(f"earmark: loaded {episode}", flush=True)
            QTimer.singleShot(0, QApplication.instance().quit)

    def failed(text: str) -> None:
        window.show_message(f"Opening the library: {text}")
        if quit_after:
            print(f"earmark: failed {text}", flush=True)
            QTimer.singleShot(0, QApplication.instance().quit)

    pool = QThreadPool(window)
    pool.setMaxThreadCount(1)  # one start-up job at a time; the global pool stays free for imports
    first = Operation(read, title="Opening the library", parent=window)
    first.succeeded.connect(loaded)
    first.failed.connect(failed)
    first.start(pool)


def run_gui(library_folder: Path, demo: bool = False, target: str | None = None) -> int:
    """``earmark [demo] [URL|FILE]``: tell the running window, or start one."""
    if target and str(target).startswith("file:"):  # `earmark %u` from a file manager
        from urllib.parse import unquote, urlsplit

        target = unquote(urlsplit(str(target)).path)
    if target and not str(target).startswith("earmark:"):
        target = str(Path(target).expanduser().resolve())  # the running window has another cwd
    message = {"demo": demo, "target": target}
    from earmark.gui import single_instance

    name = single_instance.server_name(library_folder)
    lock = single_instance.start_lock(name)
    try:
        if single_instance.send(name, {**message, "from_another": True}):
            return 0  # the running window took it
        services = build_services(library_folder)
        opening = threading.Thread(target=lambda: services.database, name="open-library", daemon=True)
        opening.start()  # migrations (and their backup) run while Qt loads
        app = make_application()
        try:
            instance = single_instance.listen(name)
        except OSError as error:  # no single-instance guard, but still a window
            sys.stderr.write(f"earmark: {error}\n")
            instance = None
    finally:
        if lock.isLocked():
            lock.unlock()
    try:
        from earmark.gui.main_window import MainWindow
        from earmark.player.controller import PlayerController
        from earmark.player.factory import DeferredPlayer

        backend = DeferredPlayer()  # libvlc loads after the first paint, off this thread
        controller = PlayerController(backend)
        window = MainWindow(services, controller, load_library=False)
        controller.setParent(window)
        if instance is not None:
            instance.setParent(window)
            instance.received.connect(lambda received: deliver(window, received))
        quit_after = os.environ.get(QUIT_AFTER_LOAD, "") not in ("", "0")

        def first_paint() -> None:
            if quit_after:
                print("earmark: shown", flush=True)  # bench_gui.py times the start-up to this line
            backend.start()
            _load_after_paint(window, message, quit_after)
            from earmark.gui.mpris import publish

            publish(window)  # media keys and desktop media widgets (Linux session bus; else nothing)

        _AfterFirstPaint(window, first_paint)
        window.show()
        window.raise_()
        code = app.exec()
        if instance is not None:
            instance.close()
        window.controller.close()
        return code
    finally:
        services.close()
