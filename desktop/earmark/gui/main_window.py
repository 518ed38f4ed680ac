"""The main window: library | transcript, the player bar under them, a status bar.

It wires the panes to the services and to one :class:`PlayerController`; keyboard
shortcuts, drag-and-drop import, and what is remembered: per library, the geometry,
splitter and last episode; each episode's play position (through :class:`LibraryService`);
speed per podcast; volume. Menus are built by :mod:`earmark.gui.menus`.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QDragEnterEvent, QDropEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import QApplication, QMainWindow, QSplitter, QVBoxLayout, QWidget

from earmark.app import Services
from earmark.core.errors import InputError
from earmark.core.links import TimeLink
from earmark.core.model import Episode
from earmark.gui import icons
from earmark.gui import preferences as prefs
from earmark.gui.annotation_actions import AnnotationActions
from earmark.gui.chapters_pane import ChapterActions
from earmark.gui.export_actions import ExportActions
from earmark.gui.import_dialog import companions
from earmark.gui.library_actions import LibraryActions
from earmark.gui.library_pane import LibraryPane
from earmark.gui.menus import WindowMenus
from earmark.gui.player_bar import PlayerBar
from earmark.gui.podcasts_pane import PodcastsPane
from earmark.gui.search_actions import SearchActions
from earmark.gui.show_notes_pane import ShowNotesActions
from earmark.gui.skip_silence import SkipSilence
from earmark.gui.sync_actions import SyncActions
from earmark.gui.transcript_pane import TranscriptPane
from earmark.gui.worker import Operation, ProgressPanel
from earmark.services.importing import AUDIO_SUFFIXES

SAVE_EVERY_MS = 10_000
STATUS_MS = 8_000


def split_drop(paths: list[Path]) -> list[tuple[Path, Path | None]]:
    """Pair dropped audio files with transcripts: same stem first, else the only transcript."""
    audio = [p for p in paths if p.suffix.lower() in AUDIO_SUFFIXES]
    texts = [p for p in paths if p.suffix.lower() not in AUDIO_SUFFIXES and p.is_file()]
    pairs: list[tuple[Path, Path | None]] = []
    for a in audio:
        same = next((t for t in texts if t.stem == a.stem), None)
        pairs.append((a, same or (texts[0] if len(audio) == 1 and len(texts) == 1 else None)))
    return pairs


class MainWindow(QMainWindow):
    episode_opened = Signal(int)  # an episode's id, once its transcript is shown (MPRIS metadata)

    def __init__(
        self, services: Services, controller, settings: QSettings | None = None, load_library: bool = True
    ) -> None:
        """``load_library=False``: the caller fills the library and podcasts panes later and starts
        the search pane (``self.search.start()``), all after the first paint (gui/main.py)."""
        super().__init__()
        self.services = services
        self.controller = controller
        self.settings = settings if settings is not None else QSettings()
        self.episode: Episode | None = None
        self.setWindowTitle("Earmark")
        self.setWindowIcon(icons.app_icon())
        self.setAcceptDrops(True)

        self.library = LibraryPane()
        self.transcript = TranscriptPane()
        self.player_bar = PlayerBar(controller)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setObjectName("mainSplitter")
        self.podcasts = PodcastsPane(services, load=load_library)  # feeds: a Podcasts tab by the library
        self.splitter.addWidget(self.podcasts.tabs_with(self.library, self))
        self.splitter.addWidget(self.transcript)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([280, 720])
        self.splitter.setChildrenCollapsible(False)
        central = QWidget()
        layout = QVBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.splitter, 1)
        layout.addWidget(self.player_bar)
        self.setCentralWidget(central)
        self.progress = ProgressPanel()
        self.statusBar().addPermanentWidget(self.progress)
        self.statusBar().setSizeGripEnabled(False)
        # Always shown, one fixed height: a message or progress never moves the controls above it.
        self.statusBar().setFixedHeight(
            max(self.statusBar().sizeHint().height(), self.progress.sizeHint().height())
        )

        self.menus = WindowMenus(self)  # File, Edit, View, Playback first; Help after the areas' menus
        self._shortcut("Ctrl+F", self.focus_filter)

        self.library.episode_selected.connect(lambda episode_id: self.open_episode(episode_id))
        self.library.episode_activated.connect(lambda episode_id: self.open_episode(episode_id, play=True))
        self.transcript.view.seek_requested.connect(self.play_from)
        controller.position_changed.connect(self.transcript.view.follow_position)
        controller.state_changed.connect(self._on_state)
        controller.error.connect(lambda message: self.show_message(f"Playback: {message}"))
        controller.rate_changed.connect(self._remember_speed)
        self.player_bar.volume_changed.connect(lambda v: prefs.put(self.settings, prefs.VOLUME, v))
        self.annotations = AnnotationActions(self)  # notes dock, highlight keys, undo/redo
        self.search = SearchActions(self, deferred=not load_library)  # search dock, Ctrl+K
        self.sync = SyncActions(self)  # "Sync to audio" banner and menu, S fixes a line's start
        self.show_notes = ShowNotesActions(self)  # show-notes dock
        self.chapters = ChapterActions(self)  # chapters dock, slider marks, Ctrl+Left/Right
        self.library_actions = LibraryActions(self)  # rename, delete (undoable), mark played
        self.skip_silence = SkipSilence(self)  # Playback › Skip silence
        self.menus.finish()
        self.export_actions = ExportActions(self)  # File → Restore, copy quote with time, clips
        self._autosave = QTimer(self, interval=SAVE_EVERY_MS)
        self._autosave.timeout.connect(self.save_position)

        self.resize(1100, 720)
        self.apply_preferences()
        self.player_bar.set_volume(prefs.get(self.settings, prefs.VOLUME))
        self._restore_layout()
        if load_library:
            self.refresh_library()

    def _shortcut(self, keys, slot) -> QShortcut:
        shortcut = QShortcut(QKeySequence(keys), self)
        shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
        shortcut.activated.connect(slot)
        return shortcut

    # Library -------------------------------------------------------------------------------
    def state_key(self, name: str) -> str:
        """UI state is kept per library."""
        return prefs.state_key(self.services.folder, name)

    def apply_preferences(self) -> None:
        """Skip lengths (and what else the settings dialog changes) take effect at once."""
        self.player_bar.set_skips(
            prefs.get(self.settings, prefs.SKIP_BACK), prefs.get(self.settings, prefs.SKIP_FORWARD)
        )
        self.menus.update_skip_texts()

    def skip_back(self) -> None:
        self.controller.skip(-self.player_bar.back_seconds)

    def skip_forward(self) -> None:
        self.controller.skip(self.player_bar.forward_seconds)

    def refresh_library(self, episodes: list[Episode] | None = None, played=None) -> None:
        """Show the library's episodes (``episodes``/``played`` when already read off the GUI thread)."""
        self.library.set_episodes(
            self.services.library.listing() if episodes is None else episodes,
            self.episode.id if self.episode else None,
            self.services.library.played() if played is None else played,
        )

    def focus_filter(self) -> None:
        """Ctrl+F: find in the episode when the transcript has focus, else filter the library."""
        focused = QApplication.focusWidget()
        if self.episode is not None and focused is not None and self.transcript.isAncestorOf(focused):
            self.transcript.find_bar.open()
            return
        self.library.filter_box.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.library.filter_box.selectAll()

    def open_episode(self, episode_id: int, play: bool = False) -> None:
        """Show ``episode_id``'s transcript and load its audio at its last position."""
        if self.episode is not None and self.episode.id == episode_id:
            if play and self.controller.state() != "playing":
                self.controller.play()
            return
        self.save_position()
        try:
            episode = self.services.library.episode(episode_id)
            transcript = self.services.library.transcript(episode_id)
        except InputError as error:
            self.show_message(str(error))
            return
        self.episode = episode
        self.episode_opened.emit(episode_id)
        self.settings.setValue(self.state_key("session/episode"), episode_id)
        self.setWindowTitle(f"{episode.title} — Earmark")
        self.transcript.show_episode(episode, transcript)
        self.annotations.set_episode(episode_id)
        self.sync.set_episode(episode, transcript)
        self.show_notes.set_episode(episode)
        self.chapters.set_episode(episode_id)
        self.skip_silence.set_episode(episode)
        self.library.select(episode_id)
        audio = Path(episode.audio_path)
        if not audio.is_file():
            self.controller.stop()
            self.player_bar.set_enabled(False)
            self.show_message(f"{audio.name}: audio file not found")
            return
        self.player_bar.set_enabled(True)
        self.controller.load(audio, start_at=episode.last_position)
        self._loading_speed = True
        self.controller.set_rate(float(self.settings.value(prefs.speed_key(episode.podcast_id), 1.0)))
        self._loading_speed = False
        self.transcript.view.follow_position(episode.last_position)
        self.transcript.view.setFocus()
        if play:
            self.controller.play()

    def play_from(self, seconds: float) -> None:
        self.controller.seek(seconds)
        if self.controller.state() != "playing":
            self.controller.play()

    def open_link(self, link: TimeLink) -> None:
        """An ``earmark://episode/<id>?t=`` link: open that episode and play from ``t``."""
        self.open_episode(link.episode_id)
        if self.episode is not None and self.episode.id == link.episode_id:
            self.play_from(link.start)

    def open_path(self, path: Path) -> None:
        """A file handed over by the launcher or a second ``earmark FILE``: imported like a drop."""
        self.import_files([path])

    def close_episode(self) -> None:
        """Show no episode (the open one was deleted, say)."""
        self.controller.stop()
        self.episode = None
        self.settings.remove(self.state_key("session/episode"))
        self.setWindowTitle("Earmark")
        self.transcript.show_episode(None, None)
        self.annotations.set_episode(None)
        self.sync.set_episode(None, None)
        self.show_notes.set_episode(None)
        self.chapters.set_episode(None)
        self.skip_silence.set_episode(None)
        self.player_bar.set_enabled(False)

    def _remember_speed(self, rate: float) -> None:
        if self.episode is not None and not getattr(self, "_loading_speed", False):
            self.settings.setValue(prefs.speed_key(self.episode.podcast_id), rate)

    def reopen_last(self) -> None:
        """Open (without playing) the episode that was open when the app last closed."""
        value = self.settings.value(self.state_key("session/episode"))
        known = {e.id for e in self.services.library.episodes()}
        if value is not None and str(value).isdigit() and int(value) in known:
            self.open_episode(int(value))

    # Play positions ------------------------------------------------------------------------
    def save_position(self) -> None:
        if self.episode is None or self.controller.state() == "error":
            return
        seconds = 0.0 if self.controller.state() == "ended" else self.controller.position()
        self.services.library.save_position(self.episode.id, seconds)
        self.episode.last_position = seconds

    def _on_state(self, state: str) -> None:
        if state == "playing":
            self._autosave.start()
        else:
            self._autosave.stop()
            if state in ("paused", "ended"):
                self.save_position()

    # Drag and drop import ------------------------------------------------------------------
    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if any(url.isLocalFile() for url in event.mimeData().urls()):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = [Path(url.toLocalFile()) for url in event.mimeData().urls() if url.isLocalFile()]
        event.acceptProposedAction()
        self.import_files(paths)

    def import_files(self, paths: list[Path]) -> Operation | None:
        """Import files on the worker pool; the last imported episode opens.

        A transcript or show-notes file alone is attached to the open episode.
        """
        pairs = split_drop(paths)
        if not pairs and len(paths) == 1 and self.episode is not None:
            return self.attach_file(paths[0])
        if not pairs:
            names = ", ".join(p.name for p in paths[:3])
            self.show_message(f"{names}: not an audio file (drop audio, with its transcript if any)")
            return None
        importer = self.services.importer

        def work(progress, cancel) -> list[int]:
            ids = []
            for n, (audio, transcript) in enumerate(pairs):
                cancel.check()
                progress(n / len(pairs), f"Importing {audio.name}…")
                notes = companions(audio)[1]  # ep.md beside ep.mp3: its show notes
                ids.append(importer.import_episode(audio, transcript, None if notes == transcript else notes))
            progress(1.0, "Imported")
            return ids

        return self._run(work, "Importing…")

    def attach_file(self, path: Path) -> Operation | None:
        """Give the open episode a transcript, or add show notes to it."""
        if self.episode is None:
            self.show_message("Open an episode first, then attach its transcript or show notes")
            return None
        episode_id, library, importer = self.episode.id, self.services.library, self.services.importer
        self._attached = ""

        def attach(progress, cancel) -> list[int]:
            progress(0.0, f"Reading {path.name}…")
            self._attached = library.attach(episode_id, path, importer)
            return [episode_id]

        return self._run(attach, "Adding…")

    def _run(self, work, title: str) -> Operation:
        operation = Operation(work, title=title, parent=self)
        operation.succeeded.connect(self._imported)
        operation.failed.connect(self.show_message)
        operation.cancelled.connect(lambda: self.show_message("Import cancelled"))
        self.progress.track(operation)
        return operation.start()

    def _imported(self, ids: list[int]) -> None:
        self.refresh_library()
        if not ids:
            return
        if self.episode is not None and ids == [self.episode.id]:  # a new transcript for the open episode
            self.save_position()
            self.episode = None
            self.open_episode(ids[0])
            self.show_message(f"{(getattr(self, '_attached', '') or 'transcript').capitalize()} added")
            return
        self.open_episode(ids[-1])
        self.show_message(f"Imported {len(ids)} episode{'s' if len(ids) != 1 else ''}")

    def open_add_podcast(self) -> None:
        """File → Add podcast… (feeds)."""
        self.podcasts.show_tab()
        self.podcasts.add_podcast()

    def show_message(self, message: str) -> None:
        self.statusBar().showMessage(" ".join(message.split()), STATUS_MS)

    # Remembering the layout ----------------------------------------------------------------
    def _restore_layout(self) -> None:
        geometry = self.settings.value(self.state_key("window/geometry"))
        if geometry is not None:
            self.restoreGeometry(geometry)
        splitter = self.settings.value(self.state_key("window/splitter"))
        if splitter is not None:
            self.splitter.restoreState(splitter)
        docks = self.settings.value(self.state_key("window/state"))
        if docks is not None:
            self.restoreState(docks)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.annotations.close()  # a note being typed is saved, not dropped
        self.search.close()
        self.sync.cancel()  # a running sync stops and writes nothing
        self.save_position()
        self.library_actions.close()  # deleted episodes' trashed audio goes for good
        self.settings.setValue(self.state_key("window/geometry"), self.saveGeometry())
        self.settings.setValue(self.state_key("window/splitter"), self.splitter.saveState())
        self.settings.setValue(self.state_key("window/state"), self.saveState())
        self.settings.sync()
        self.controller.stop()
        super().closeEvent(event)
