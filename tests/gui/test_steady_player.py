"""A steady player: choosing shows, Enter plays, the seek handle and the layout stay put,
speed per podcast, volume, window state per library."""

from __future__ import annotations

from PySide6.QtCore import QSettings, Qt

from earmark.services.importing import FeedOrigin
from earmark.store import podcasts


def _row_rect(window, episode_id: int):
    pane = window.library
    index = pane.proxy.mapFromSource(pane.model.index(pane.model.row_of(episode_id)))
    return pane.list.visualRect(index)


def test_clicking_an_episode_shows_it_without_playing(make_window, spoken_episode, qtbot):
    """A click on an episode in the library opens it, paused."""
    window = make_window()
    window.refresh_library()
    qtbot.mouseClick(
        window.library.list.viewport(),
        Qt.MouseButton.LeftButton,
        pos=_row_rect(window, spoken_episode.id).center(),
    )
    qtbot.waitUntil(
        lambda: window.episode is not None and window.episode.id == spoken_episode.id, timeout=3000
    )
    qtbot.wait(400)
    assert window.controller.state() != "playing"


def test_enter_on_an_episode_plays_it(make_window, spoken_episode, qtbot):
    """Enter on the focused episode plays it."""
    window = make_window()
    window.refresh_library()
    window.library.list.setFocus()
    window.library.list.setCurrentIndex(window.library.proxy.index(0, 0))
    qtbot.keyClick(window.library.list, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.controller.state() == "playing", timeout=3000)


def test_double_click_on_an_episode_plays_it(make_window, spoken_episode, qtbot):
    """A double-click on an episode plays it."""
    window = make_window()
    window.refresh_library()
    viewport = window.library.list.viewport()
    where = _row_rect(window, spoken_episode.id).center()
    qtbot.mouseClick(viewport, Qt.MouseButton.LeftButton, pos=where)  # a real double-click starts as a click
    qtbot.mouseDClick(viewport, Qt.MouseButton.LeftButton, pos=where)
    qtbot.waitUntil(lambda: window.controller.state() == "playing", timeout=3000)


def test_the_seek_handle_is_at_the_resumed_position(make_window, services, spoken_episode, qtbot):
    """After a restart the slider's handle sits at the saved position, before Play."""
    services.library.save_position(spoken_episode.id, 4.0)
    window = make_window()
    window.open_episode(spoken_episode.id)
    slider = window.player_bar.slider
    qtbot.waitUntil(lambda: slider.maximum() > 0, timeout=5000)
    assert abs(slider.value() - 4000) < 300
    assert window.player_bar.elapsed.text() == "0:04"


def test_a_status_message_does_not_move_the_player_bar(make_window, spoken_episode, qtbot):
    """Showing a status message leaves every control where it was."""
    window = make_window()
    window.open_episode(spoken_episode.id)
    qtbot.wait(100)
    before = window.player_bar.play_button.mapTo(window, window.player_bar.play_button.rect().topLeft())
    window.show_message("Something happened")
    qtbot.wait(100)
    after = window.player_bar.play_button.mapTo(window, window.player_bar.play_button.rect().topLeft())
    assert before == after


def test_speed_is_remembered_per_podcast(make_window, services, spoken_files, tone, qtbot):
    """1.5× on one podcast's episode comes back after a restart; another podcast keeps 1×."""
    audio, transcript, _ = spoken_files
    with services.database.transaction() as conn:
        first = podcasts.insert_podcast(
            conn, title="First", feed_url="http://a/feed", link=None, description="", image_url=None
        )
        second = podcasts.insert_podcast(
            conn, title="Second", feed_url="http://b/feed", link=None, description="", image_url=None
        )
    one = services.importer.import_episode(
        audio, transcript, feed=FeedOrigin(first, "g1", "One", "http://a/1.mp3")
    )
    two = services.importer.import_episode(tone(), feed=FeedOrigin(second, "g2", "Two", "http://b/2.mp3"))
    window = make_window()
    window.open_episode(one)
    window.controller.set_rate(1.5)
    window.close()
    again = make_window()
    again.open_episode(one)
    assert again.controller.rate() == 1.5
    assert again.player_bar.speed.currentData() == 1.5
    again.open_episode(two)
    assert again.controller.rate() == 1.0


def test_volume_control_sets_and_remembers_the_volume(make_window, spoken_episode, qtbot):
    """The volume slider changes the player's volume, and is remembered."""
    window = make_window()
    window.open_episode(spoken_episode.id)
    window.player_bar.volume.setValue(40)
    assert window.settings.value("prefs/volume") in (40, "40")
    window.close()
    again = make_window()
    assert again.player_bar.volume.value() == 40


def test_window_state_is_kept_per_library(qtbot, tmp_path, settings_file, tone):
    """Two libraries, one settings file: each reopens its own last episode and splitter."""
    from earmark.app import build_services
    from earmark.gui.main import make_application
    from earmark.gui.main_window import MainWindow
    from earmark.player.controller import PlayerController

    make_application()
    opened = {}
    for name, sizes in (("a", [200, 800]), ("b", [420, 580])):
        services = build_services(tmp_path / name)
        episode_id = services.importer.import_episode(tone(name=f"{name}.wav"), title=f"Episode {name}")
        window = MainWindow(
            services, PlayerController(), QSettings(str(settings_file), QSettings.Format.IniFormat)
        )
        qtbot.addWidget(window)
        window.resize(760, 540)  # the offscreen screen is 800×600
        window.show()
        window.open_episode(episode_id)
        window.splitter.setSizes(sizes)
        opened[name] = window.splitter.sizes()
        window.close()
        window.controller.close()
        services.close()
    for name in ("a", "b"):
        services = build_services(tmp_path / name)
        window = MainWindow(
            services, PlayerController(), QSettings(str(settings_file), QSettings.Format.IniFormat)
        )
        qtbot.addWidget(window)
        window.show()
        window.reopen_last()
        assert window.episode is not None and window.episode.title == f"Episode {name}"
        assert window.splitter.sizes() == opened[name]
        window.close()
        window.controller.close()
        services.close()
