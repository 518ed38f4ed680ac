"""Media keys and the desktop's media widgets: MPRIS 2 over QtDBus (Linux session bus).

``org.mpris.MediaPlayer2`` (raise, quit, identity) and ``org.mpris.MediaPlayer2.Player``
(play, pause, next/previous chapter, seek, position, metadata: episode title, podcast,
artwork) are two ``QDBusAbstractAdaptor`` objects, so QtDBus marshals each property by its
declared type (``Position`` is ``x``, ``Metadata`` ``a{sv}``). They talk only to the
:class:`~earmark.player.controller.PlayerController` and to :class:`Episodes`, a small
adapter that says what is open; nothing here touches a widget. Property changes are sent
as ``org.freedesktop.DBus.Properties.PropertiesChanged``, jumps as ``Seeked``.

Every type is the spec's: ``mpris:length`` is always ``x``. PySide6 turns a Python int that
fits 32 bits into ``i`` inside a map, and its ``QDBusArgument << int`` writes a ``q``, so the
length goes in as a ``QDBusArgument`` written by Qt's own ``operator<<(qlonglong)``
(:func:`int64`); tests/desktop/test_mpris.py checks every property's and metadata entry's type.
"""

from __future__ import annotations

import ctypes
import functools
import os
import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import ClassInfo, Property, QMetaType, QObject, Signal, Slot
from PySide6.QtDBus import QDBusAbstractAdaptor, QDBusArgument, QDBusConnection, QDBusMessage, QDBusObjectPath

from earmark.services.now_playing import NowPlaying, chapter_after, chapter_before

OBJECT_PATH = "/org/mpris/MediaPlayer2"
BUS_NAME = "org.mpris.MediaPlayer2.earmark"
ROOT_INTERFACE = "org.mpris.MediaPlayer2"
PLAYER_INTERFACE = "org.mpris.MediaPlayer2.Player"
NO_TRACK = "/org/mpris/MediaPlayer2/TrackList/NoTrack"
TRACK_PREFIX = "/io/github/earmark/episode/"
SEEKED_JUMP_S = 1.0  # a position change this far from the clock's estimate is a seek
STATUS = {"playing": "Playing", "paused": "Paused"}  # everything else is "Stopped"


def _us(seconds: float | None) -> int:
    return round((seconds or 0.0) * 1_000_000)


@functools.cache
def _write_int64() -> Callable[[int, int], int] | None:
    """Qt's ``QDBusArgument::operator<<(qlonglong)``, which PySide6 does not expose (its one
    int overload is ``ushort``). None where the library or the symbol is not found."""
    import PySide6

    # The soname finds the copy QtDBus already loaded; the wheel's path is the fallback.
    for name in ("libQt6DBus.so.6", str(Path(PySide6.__file__).parent / "Qt" / "lib" / "libQt6DBus.so.6")):
        try:
            write = ctypes.CDLL(name)._ZN13QDBusArgumentlsEx  # QDBusArgument::operator<<(long long)
            break
        except (OSError, AttributeError):
            continue
    else:
        return None
    write.restype = ctypes.c_void_p
    write.argtypes = [ctypes.c_void_p, ctypes.c_longlong]
    return write


def int64(value: int) -> QDBusArgument | int:
    """``value`` as a D-Bus ``x`` however small, for a map entry (``a{sv}``). Falls back to the
    plain int (``i`` below 2**31) if Qt's writer cannot be found."""
    write = _write_int64()
    if write is None:
        return int(value)
    import shiboken6

    argument = QDBusArgument()
    write(shiboken6.getCppPointer(argument)[0], int(value))
    return argument


class Episodes(QObject):
    """The adapter between the window and MPRIS: which episode is open, described once.

    ``describe`` is a service call (``NowPlayingService.describe``); ``open_episode`` opens
    and plays an episode (for ``OpenUri``).
    """

    changed = Signal()

    def __init__(self, describe: Callable[[int], NowPlaying], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._describe = describe
        self.current: NowPlaying | None = None

    def show(self, episode_id: int) -> None:
        try:
            self.current = self._describe(episode_id)
        except Exception:  # a vanished episode: show nothing rather than fail the window
            self.current = None
        self.changed.emit()


@ClassInfo({"D-Bus Interface": ROOT_INTERFACE})
class RootAdaptor(QDBusAbstractAdaptor):
    """``org.mpris.MediaPlayer2``: who we are; raise and quit the window."""

    def __init__(
        self, parent: QObject, raise_window: Callable[[], None], quit_app: Callable[[], None]
    ) -> None:
        super().__init__(parent)
        self._raise, self._quit = raise_window, quit_app

    @Slot()
    def Raise(self) -> None:
        self._raise()

    @Slot()
    def Quit(self) -> None:
        self._quit()

    CanQuit = Property(bool, lambda self: True)
    CanRaise = Property(bool, lambda self: True)
    HasTrackList = Property(bool, lambda self: False)
    Identity = Property(str, lambda self: "Earmark")
    DesktopEntry = Property(str, lambda self: "io.github.earmark.Earmark")
    SupportedUriSchemes = Property("QStringList", lambda self: ["earmark"])
    SupportedMimeTypes = Property("QStringList", lambda self: [])


@ClassInfo({"D-Bus Interface": PLAYER_INTERFACE})
class PlayerAdaptor(QDBusAbstractAdaptor):
    """``org.mpris.MediaPlayer2.Player`` over the controller; next/previous step by chapter."""

    Seeked = Signal("qlonglong")

    def __init__(
        self, parent: QObject, controller, episodes: Episodes, open_link: Callable[[str], None]
    ) -> None:
        super().__init__(parent)
        self.setAutoRelaySignals(False)
        self._controller = controller
        self._episodes = episodes
        self._open_link = open_link
        self._volume = 1.0

    # --- methods ---------------------------------------------------------------------------
    @Slot()
    def Play(self) -> None:
        self._controller.play()

    @Slot()
    def Pause(self) -> None:
        self._controller.pause()

    @Slot()
    def PlayPause(self) -> None:
        self._controller.toggle()

    @Slot()
    def Stop(self) -> None:
        self._controller.pause()  # keep the place: Earmark is for reading along, not a jukebox

    @Slot()
    def Next(self) -> None:
        current = self._episodes.current
        target = chapter_after(current.chapters, self._controller.position()) if current else None
        if target is not None:
            self._jump(target.start)

    @Slot()
    def Previous(self) -> None:
        current = self._episodes.current
        target = chapter_before(current.chapters, self._controller.position()) if current else None
        self._jump(target.start if target is not None else 0.0)

    @Slot("qlonglong")
    def Seek(self, offset_us: int) -> None:
        self._jump(self._controller.position() + offset_us / 1_000_000)

    @Slot(QDBusObjectPath, "qlonglong")
    def SetPosition(self, track: QDBusObjectPath, position_us: int) -> None:
        if track.path() == self.track_id() and position_us >= 0:
            self._jump(position_us / 1_000_000)

    @Slot(str)
    def OpenUri(self, uri: str) -> None:
        self._open_link(uri)

    def _jump(self, seconds: float | None) -> None:
        self._controller.seek(max(0.0, seconds or 0.0))
        self.Seeked.emit(_us(self._controller.position()))

    # --- properties ------------------------------------------------------------------------
    def track_id(self) -> str:
        current = self._episodes.current
        return f"{TRACK_PREFIX}{current.episode_id}" if current else NO_TRACK

    def metadata(self) -> dict:
        current = self._episodes.current
        if current is None:
            return {"mpris:trackid": QDBusObjectPath(NO_TRACK)}
        meta = {
            "mpris:trackid": QDBusObjectPath(self.track_id()),
            "xesam:title": current.title,
            "mpris:artUrl": current.art_url,
            "xesam:url": f"earmark://episode/{current.episode_id}",
        }
        length = self._controller.duration() or current.duration
        if length:
            meta["mpris:length"] = int64(_us(length))
        if current.podcast:
            meta["xesam:album"] = current.podcast
            meta["xesam:artist"] = [current.podcast]
        return meta

    def status(self) -> str:
        return STATUS.get(str(self._controller.state()), "Stopped")

    def _set_rate(self, rate: float) -> None:
        if rate > 0:
            self._controller.set_rate(rate)

    def _set_volume(self, volume: float) -> None:
        self._volume = min(1.0, max(0.0, float(volume)))
        self._controller.set_volume(self._volume)

    PlaybackStatus = Property(str, status)
    Metadata = Property("QVariantMap", metadata)
    Position = Property("qlonglong", lambda self: _us(self._controller.position()))
    Rate = Property(float, lambda self: self._controller.rate(), _set_rate)
    MinimumRate = Property(float, lambda self: 0.5)
    MaximumRate = Property(float, lambda self: 3.0)
    Volume = Property(float, lambda self: self._volume, _set_volume)
    CanGoNext = Property(bool, lambda self: bool(self._episodes.current and self._episodes.current.chapters))
    CanGoPrevious = Property(bool, lambda self: self._episodes.current is not None)
    CanPlay = Property(bool, lambda self: self._episodes.current is not None)
    CanPause = Property(bool, lambda self: self._episodes.current is not None)
    CanSeek = Property(bool, lambda self: self._episodes.current is not None)
    CanControl = Property(bool, lambda self: True)


class Mpris(QObject):
    """Both adaptors on one object path, the bus name, and the change signals."""

    def __init__(
        self,
        connection: QDBusConnection,
        controller,
        episodes: Episodes,
        raise_window: Callable[[], None],
        quit_app: Callable[[], None],
        open_link: Callable[[str], None],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.connection = connection
        self.root = RootAdaptor(self, raise_window, quit_app)
        self.player = PlayerAdaptor(self, controller, episodes, open_link)
        self.bus_name = ""
        self._controller = controller
        self._last = (0.0, time.monotonic())
        controller.state_changed.connect(lambda _s: self._changed("PlaybackStatus", "CanPlay", "CanPause"))
        controller.rate_changed.connect(lambda _r: self._changed("Rate"))
        controller.duration_changed.connect(lambda _d: self._changed("Metadata"))
        controller.position_changed.connect(self._watch_position)
        episodes.changed.connect(
            lambda: self._changed("Metadata", "CanGoNext", "CanGoPrevious", "CanPlay", "CanPause", "CanSeek")
        )

    def register(self) -> bool:
        """Export the object and take ``org.mpris.MediaPlayer2.earmark`` (or a per-process name
        when another Earmark, on another library, already has it)."""
        if not self.connection.isConnected():
            return False
        if not self.connection.registerObject(
            OBJECT_PATH, self, QDBusConnection.RegisterOption.ExportAdaptors
        ):
            return False
        for name in (BUS_NAME, f"{BUS_NAME}.instance{os.getpid()}"):
            if self.connection.registerService(name):
                self.bus_name = name
                return True
        self.connection.unregisterObject(OBJECT_PATH)
        return False

    def unregister(self) -> None:
        if self.bus_name:
            self.connection.unregisterService(self.bus_name)
            self.connection.unregisterObject(OBJECT_PATH)
            self.bus_name = ""

    def _changed(self, *names: str) -> None:
        if not self.bus_name:
            return
        values = {name: self.player.property(name) for name in names}
        message = QDBusMessage.createSignal(
            OBJECT_PATH, "org.freedesktop.DBus.Properties", "PropertiesChanged"
        )
        invalidated = QDBusArgument()  # an empty ``as`` (a plain [] would go out as ``av``)
        invalidated.beginArray(QMetaType(QMetaType.Type.QString))
        invalidated.endArray()
        message.setArguments([PLAYER_INTERFACE, values, invalidated])
        self.connection.send(message)

    def _watch_position(self, seconds: float) -> None:
        """Tell listeners about jumps (a click on a line, the arrow keys), not the steady advance."""
        last, at = self._last
        now = time.monotonic()
        expected = (
            last + (now - at) * self._controller.rate() if self._controller.state() == "playing" else last
        )
        self._last = (seconds, now)
        if abs(seconds - expected) > SEEKED_JUMP_S and self.bus_name:
            self.player.Seeked.emit(_us(seconds))


def publish(window, connection: QDBusConnection | None = None) -> Mpris | None:
    """Put ``window``'s player on the session bus (or ``connection``); None when there is no bus.

    Window hooks used: ``window.controller``, ``window.services``, the ``episode_opened``
    signal, ``open_link`` (for ``OpenUri``), ``raise_``/``activateWindow`` and ``close``.
    """
    connection = connection if connection is not None else QDBusConnection.sessionBus()
    if not connection.isConnected():
        return None
    from earmark.core.links import parse_link

    episodes = Episodes(window.services.now_playing.describe, window)
    window.episode_opened.connect(episodes.show)
    if window.episode is not None:
        episodes.show(window.episode.id)

    def open_uri(uri: str) -> None:
        try:
            window.open_link(parse_link(uri))
        except ValueError as error:
            window.show_message(str(error))

    def raise_window() -> None:
        window.show()
        window.raise_()
        window.activateWindow()

    mpris = Mpris(connection, window.controller, episodes, raise_window, window.close, open_uri, window)
    return mpris if mpris.register() else None
