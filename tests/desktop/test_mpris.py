"""MPRIS over a private session bus: a real dbus-daemon, the real window and player, dbus-send as
the desktop's media widget."""

from __future__ import annotations

import re
import shutil
import subprocess
import time

import pytest

pytestmark = pytest.mark.skipif(
    shutil.which("dbus-daemon") is None or shutil.which("dbus-send") is None,
    reason="dbus-daemon/dbus-send not installed (apt packages dbus-daemon dbus-bin)",
)
DEST = "org.mpris.MediaPlayer2.earmark"
PATH = "/org/mpris/MediaPlayer2"
PLAYER = "org.mpris.MediaPlayer2.Player"


@pytest.fixture
def bus():
    """A private session bus: `dbus-daemon --session` for this test alone."""
    daemon = subprocess.Popen(
        ["dbus-daemon", "--session", "--nofork", "--print-address=1"], stdout=subprocess.PIPE, text=True
    )
    address = daemon.stdout.readline().strip()
    assert address.startswith("unix:")
    yield address
    daemon.kill()
    daemon.wait()


@pytest.fixture
def episode(services, tone):
    """A 30-second episode of a podcast with artwork, with chapters at 10 s and 20 s."""
    from earmark.core.model import Chapter, Segment, Transcript, TranscriptKind
    from earmark.services.importing import FeedOrigin
    from earmark.store import podcasts, transcripts

    with services.database.transaction() as conn:
        podcast = podcasts.insert_podcast(
            conn,
            title="The Test Cast",
            feed_url="http://127.0.0.1/feed.xml",
            link=None,
            description="",
            image_url="http://127.0.0.1/cover.png",
        )
    audio = tone(30.0, name="chaptered.wav")
    episode_id = services.importer.import_episode(
        audio, title="Chaptered", feed=FeedOrigin(podcast, "guid-1", "Chaptered", "http://127.0.0.1/a.wav")
    )
    text = Transcript(
        segments=[Segment(text="Hello.", start=0.0, end=1.0)],
        format="vtt",
        kind=TranscriptKind.TIMED,
        chapters=[Chapter("Start", 0.0), Chapter("Middle", 10.0), Chapter("End", 20.0)],
    )
    with services.database.transaction() as conn:
        transcripts.replace_transcript(conn, episode_id, text, None)
    return episode_id


@pytest.fixture
def published(bus, make_window, episode, qtbot):
    """The window on the episode, its player published on the private bus."""
    from PySide6.QtDBus import QDBusConnection

    from earmark.gui.mpris import publish

    connection = QDBusConnection.connectToBus(bus, f"earmark-test-{time.monotonic_ns()}")
    assert connection.isConnected()
    window = make_window()
    mpris = publish(window, connection)
    assert mpris is not None and mpris.bus_name == DEST
    window.open_episode(episode)
    yield window, mpris
    mpris.unregister()
    QDBusConnection.disconnectFromBus(connection.name())


def call(qtbot, bus: str, *args: str) -> str:
    """dbus-send as another process; the Qt loop keeps running so the window can answer."""
    sender = subprocess.Popen(
        ["dbus-send", f"--bus={bus}", "--print-reply", f"--dest={DEST}", PATH, *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    qtbot.waitUntil(lambda: sender.poll() is not None, timeout=10000)
    out, err = sender.communicate()
    assert sender.returncode == 0, err
    return out


def get(qtbot, bus: str, name: str) -> str:
    return call(qtbot, bus, "org.freedesktop.DBus.Properties.Get", f"string:{PLAYER}", f"string:{name}")


def test_play_and_pause_drive_the_player(published, bus, qtbot):
    """Play and Pause (media keys) start and stop the window's player; PlaybackStatus follows."""
    window, _ = published
    call(qtbot, bus, f"{PLAYER}.Play")
    qtbot.waitUntil(lambda: window.controller.state() == "playing", timeout=5000)
    assert '"Playing"' in get(qtbot, bus, "PlaybackStatus")
    call(qtbot, bus, f"{PLAYER}.PlayPause")
    qtbot.waitUntil(lambda: window.controller.state() == "paused", timeout=5000)
    assert '"Paused"' in get(qtbot, bus, "PlaybackStatus")


def test_seek_and_set_position_move_the_player_and_position_is_int64(published, bus, qtbot, episode):
    """Seek is relative, SetPosition absolute on the current track; Position reads back as int64 µs."""
    window, _ = published
    call(
        qtbot, bus, f"{PLAYER}.SetPosition", f"objpath:/io/github/earmark/episode/{episode}", "int64:12500000"
    )
    assert abs(window.controller.position() - 12.5) < 0.05
    call(qtbot, bus, f"{PLAYER}.Seek", "int64:3000000")
    assert abs(window.controller.position() - 15.5) < 0.05
    reply = get(qtbot, bus, "Position")
    value = int(re.search(r"int64 (\d+)", reply).group(1))
    assert abs(value - 15_500_000) < 50_000


def test_next_and_previous_step_by_chapter(published, bus, qtbot):
    """Next jumps to the next chapter's start; Previous back to the current chapter's start, or the
    one before it when pressed just after a chapter began."""
    window, _ = published
    window.controller.seek(4.0)
    call(qtbot, bus, f"{PLAYER}.Next")
    assert abs(window.controller.position() - 10.0) < 0.05
    call(qtbot, bus, f"{PLAYER}.Next")
    assert abs(window.controller.position() - 20.0) < 0.05
    window.controller.seek(25.0)
    call(qtbot, bus, f"{PLAYER}.Previous")
    assert abs(window.controller.position() - 20.0) < 0.05
    call(qtbot, bus, f"{PLAYER}.Previous")
    assert abs(window.controller.position() - 10.0) < 0.05


def test_metadata_names_the_episode_podcast_and_artwork(published, bus, qtbot, episode):
    """Metadata carries the episode title, the podcast (album and artist), the artwork and the length."""
    reply = get(qtbot, bus, "Metadata")
    assert f'object path "/io/github/earmark/episode/{episode}"' in reply
    assert '"Chaptered"' in reply
    assert reply.count('"The Test Cast"') == 2  # xesam:album and xesam:artist
    assert '"http://127.0.0.1/cover.png"' in reply
    length = int(re.search(r'"mpris:length"\s+variant\s+int64 (\d+)', reply).group(1))
    assert abs(length - 30_000_000) < 100_000


# The MPRIS 2.2 spec's types, as dbus-send prints them.
PLAYER_TYPES = {
    "PlaybackStatus": "string",
    "Rate": "double",
    "Metadata": "array",
    "Volume": "double",
    "Position": "int64",
    "MinimumRate": "double",
    "MaximumRate": "double",
    "CanGoNext": "boolean",
    "CanGoPrevious": "boolean",
    "CanPlay": "boolean",
    "CanPause": "boolean",
    "CanSeek": "boolean",
    "CanControl": "boolean",
}
ROOT_TYPES = {
    "CanQuit": "boolean",
    "CanRaise": "boolean",
    "HasTrackList": "boolean",
    "Identity": "string",
    "DesktopEntry": "string",
    "SupportedUriSchemes": "array of string",
    "SupportedMimeTypes": "array",  # empty: dbus-send names no element type (introspection: "as")
}
METADATA_TYPES = {
    "mpris:trackid": "object path",
    "mpris:length": "int64",
    "mpris:artUrl": "string",
    "xesam:title": "string",
    "xesam:album": "string",
    "xesam:artist": "array of string",
    "xesam:url": "string",
}
ENTRY = re.compile(r'dict entry\(\s+string "([\w:]+)"\s+variant\s+(array \[\s+string|\w+(?: path)?)')


def entry_types(reply: str) -> dict[str, str]:
    """``name -> D-Bus type`` for each ``a{sv}`` entry in a dbus-send reply (arrays named by
    their element when it is a string)."""
    return {
        name: "array of string" if kind.startswith("array [") else kind for name, kind in ENTRY.findall(reply)
    }


def test_every_property_and_metadata_entry_has_the_spec_type(published, bus, qtbot, episode):
    """GetAll on both interfaces: each property carries the MPRIS spec's D-Bus type, and every
    Metadata entry too (mpris:length is int64 even for this 30-second episode, trackid an
    object path, xesam:artist a list of strings)."""
    player = entry_types(call(qtbot, bus, "org.freedesktop.DBus.Properties.GetAll", f"string:{PLAYER}"))
    root = entry_types(
        call(qtbot, bus, "org.freedesktop.DBus.Properties.GetAll", "string:org.mpris.MediaPlayer2")
    )
    metadata = {name: kind for name, kind in player.items() if ":" in name}
    assert {name: kind for name, kind in player.items() if ":" not in name} == PLAYER_TYPES
    assert root == ROOT_TYPES
    assert metadata == METADATA_TYPES


def test_introspection_declares_the_spec_signatures(published, bus, qtbot):
    """The introspection data (what clients read first) declares each property with the spec's
    signature, and Seeked, Seek and SetPosition with int64 (``x``)."""
    import xml.etree.ElementTree as ET

    reply = call(qtbot, bus, "org.freedesktop.DBus.Introspectable.Introspect")
    xml = ET.fromstring(re.search(r'string "(.*)"', reply, re.S).group(1))
    interfaces = {i.get("name"): i for i in xml.iter("interface")}
    declared = {
        (name, p.get("name")): p.get("type")
        for name in (PLAYER, "org.mpris.MediaPlayer2")
        for p in interfaces[name].iter("property")
    }
    wanted = {
        **{(PLAYER, n): SIGNATURES[t] for n, t in PLAYER_TYPES.items()},
        **{("org.mpris.MediaPlayer2", n): SIGNATURES[t] for n, t in ROOT_TYPES.items()},
    }
    wanted[(PLAYER, "Metadata")] = "a{sv}"
    assert declared == wanted
    player = interfaces[PLAYER]
    seeked = next(s for s in player.iter("signal") if s.get("name") == "Seeked")
    assert [a.get("type") for a in seeked.iter("arg")] == ["x"]
    methods = {m.get("name"): [a.get("type") for a in m.iter("arg")] for m in player.iter("method")}
    assert methods["Seek"] == ["x"] and methods["SetPosition"] == ["o", "x"]


SIGNATURES = {
    "string": "s",
    "double": "d",
    "int64": "x",
    "boolean": "b",
    "array of string": "as",
    "array": "as",
}


def properties_changed(bus: str, qtbot, action) -> str:
    """dbus-monitor's text of the PropertiesChanged signals sent on ``bus`` while ``action`` runs."""
    monitor = subprocess.Popen(
        ["dbus-monitor", "--address", bus, "type='signal',member='PropertiesChanged'"],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        qtbot.wait(500)  # the monitor subscribes
        action()
        qtbot.wait(500)
    finally:
        monitor.terminate()
    return monitor.communicate()[0]


def test_metadata_sent_on_a_change_keeps_int64_length(published, bus, qtbot, services, tone):
    """The Metadata that PropertiesChanged carries (another episode opened) has mpris:length as int64."""
    window, _ = published
    other = services.importer.import_episode(tone(5.0, name="other.wav"), title="Other")
    out = properties_changed(bus, qtbot, lambda: window.open_episode(other))
    assert '"Metadata"' in out and '"Other"' in out
    assert entry_types(out).get("mpris:length") == "int64"


def test_state_changes_are_announced_with_properties_changed(published, bus, qtbot):
    """A pause made in the window reaches listeners as PropertiesChanged(PlaybackStatus=Paused)."""
    window, _ = published

    def play_then_pause() -> None:
        window.controller.play()
        qtbot.waitUntil(lambda: window.controller.state() == "playing", timeout=5000)
        window.controller.pause()

    out = properties_changed(bus, qtbot, play_then_pause)
    assert "org.mpris.MediaPlayer2.Player" in out
    assert '"PlaybackStatus"' in out and '"Paused"' in out


def test_root_interface_identifies_earmark(published, bus, qtbot):
    """org.mpris.MediaPlayer2 names the app and its desktop entry (how widgets find the icon)."""
    identity = call(
        qtbot, bus, "org.freedesktop.DBus.Properties.Get", "string:org.mpris.MediaPlayer2", "string:Identity"
    )
    entry = call(
        qtbot,
        bus,
        "org.freedesktop.DBus.Properties.Get",
        "string:org.mpris.MediaPlayer2",
        "string:DesktopEntry",
    )
    assert '"Earmark"' in identity and '"io.github.earmark.Earmark"' in entry
