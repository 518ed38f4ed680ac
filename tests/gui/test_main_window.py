"""The main window driven like a user would: real library, real player, real widgets."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent

from earmark.gui.transcript_model import Role


def test_playing_moves_the_lit_line_with_the_audio(make_window, spoken_episode, qtbot):
    """Play -> the lit line follows the speech: when line 2 is lit, the audio is inside line 2."""
    window = make_window()
    window.open_episode(spoken_episode.id, play=True)
    model = window.transcript.view.transcript_model
    starts = spoken_episode.starts
    qtbot.waitUntil(lambda: model.current_row == 0, timeout=5000)
    qtbot.waitUntil(lambda: model.current_row == 2, timeout=15000)
    position = window.controller.position()
    assert starts[2] <= position < starts[3]
    assert window.transcript.view.visualRect(model.index(2)).intersects(
        window.transcript.view.viewport().rect()
    )


def test_clicking_a_line_plays_from_its_start(make_window, spoken_episode, qtbot):
    """A click on a line seeks the player to that line's start (within 250 ms) and plays."""
    window = make_window()
    window.open_episode(spoken_episode.id)
    view = window.transcript.view
    index = view.transcript_model.index(3)
    qtbot.waitUntil(lambda: view.visualRect(index).isValid())
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=view.visualRect(index).center())
    assert abs(window.controller.position() - spoken_episode.starts[3]) < 0.25
    qtbot.waitUntil(lambda: window.controller.state() == "playing", timeout=3000)
    qtbot.wait(300)
    assert abs(window.controller.position() - spoken_episode.starts[3]) < 0.25 + 0.3 + 0.25
    assert view.transcript_model.current_row == 3


def test_enter_on_a_line_plays_from_it(make_window, spoken_episode, qtbot):
    """Enter on the focused line seeks there and plays."""
    window = make_window()
    window.open_episode(spoken_episode.id)
    view = window.transcript.view
    view.setFocus()
    view.setCurrentIndex(view.transcript_model.index(4))
    qtbot.keyClick(view, Qt.Key.Key_Return)
    assert abs(window.controller.position() - spoken_episode.starts[4]) < 0.25
    assert window.controller.state() == "playing"


def test_space_toggles_play_and_pause(make_window, spoken_episode, qtbot):
    """Space plays, Space again pauses, while the transcript has focus."""
    window = make_window()
    window.open_episode(spoken_episode.id)
    window.transcript.view.setFocus()
    qtbot.keyClick(window.transcript.view, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: window.controller.state() == "playing", timeout=3000)
    qtbot.keyClick(window.transcript.view, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: window.controller.state() == "paused", timeout=3000)


def test_space_in_the_filter_box_types_instead_of_playing(make_window, spoken_episode, qtbot):
    """Shortcuts stay out of text fields: Space there is a space."""
    window = make_window()
    window.open_episode(spoken_episode.id)
    window.library.filter_box.setFocus()
    qtbot.keyClicks(window.library.filter_box, "a b")
    assert window.library.filter_box.text() == "a b"
    assert window.controller.state() != "playing"


def test_arrows_skip_back_15_and_forward_30(make_window, services, tone, qtbot):
    """← goes back 15 s, → forward 30 s."""
    episode_id = services.importer.import_episode(tone(50.0), title="Long tone")
    window = make_window()
    window.open_episode(episode_id)
    window.transcript.setFocus()
    window.controller.seek(20.0)
    qtbot.keyClick(window, Qt.Key.Key_Left)
    assert window.controller.position() == pytest.approx(5.0, abs=0.3)
    qtbot.keyClick(window, Qt.Key.Key_Right)
    assert window.controller.position() == pytest.approx(35.0, abs=0.3)


def test_filter_box_filters_episodes_by_title(make_window, services, tone, qtbot):
    """Typing in the filter box (reached with Ctrl+F) keeps only matching titles."""
    audio = tone(1.0)
    for title in ("Morning news", "Evening NEWS special", "Cooking with Ann"):
        services.importer.import_episode(audio, title=title)
    window = make_window()
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert window.library.filter_box.hasFocus()
    qtbot.keyClicks(window.library.filter_box, "news")
    assert sorted(window.library.visible_titles()) == ["Evening NEWS special", "Morning news"]
    window.library.filter_box.clear()
    assert len(window.library.visible_titles()) == 3


def test_geometry_splitter_and_position_are_remembered(make_window, services, spoken_episode, qtbot):
    """Closing and re-creating the window restores its size, splitter and the episode's position."""
    first = make_window()
    first.resize(760, 540)  # the offscreen screen is 800×600
    first.splitter.setSizes([300, 460])
    sizes = first.splitter.sizes()
    first.open_episode(spoken_episode.id)
    first.controller.seek(4.5)
    first.close()
    assert services.library.episode(spoken_episode.id).last_position == pytest.approx(4.5, abs=0.05)

    second = make_window()
    assert (second.width(), second.height()) == (760, 540)
    assert second.splitter.sizes() == sizes
    second.reopen_last()
    assert second.episode is not None and second.episode.id == spoken_episode.id
    assert second.controller.position() == pytest.approx(4.5, abs=0.05)
    assert second.transcript.view.transcript_model.current_row == 2  # 4.5 s is inside line 3


def test_pausing_saves_the_position(make_window, services, spoken_episode, qtbot):
    """Pause writes the play position to the library at once."""
    window = make_window()
    window.open_episode(spoken_episode.id, play=True)
    qtbot.waitUntil(lambda: window.controller.position() > 1.0, timeout=8000)
    window.controller.pause()
    saved = services.library.episode(spoken_episode.id).last_position
    assert saved == pytest.approx(window.controller.position(), abs=0.05)
    assert saved > 0.5  # pause snaps the smoothed position back to the backend's last reading


def test_switching_episodes_saves_the_one_left(make_window, services, spoken_episode, tone, qtbot):
    """Opening another episode stores where the previous one was."""
    other = services.importer.import_episode(tone(3.0), title="Other")
    window = make_window()
    window.open_episode(spoken_episode.id)
    window.controller.seek(3.25)
    window.open_episode(other)
    assert services.library.episode(spoken_episode.id).last_position == pytest.approx(3.25, abs=0.05)


def _drop(window, paths) -> None:
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    event = QDropEvent(
        QPointF(QPoint(200, 200)),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    window.dropEvent(event)


def test_dropping_audio_and_transcript_imports_and_opens_it(make_window, spoken_files, services, qtbot):
    """Drop audio + VTT: imported in the background, listed, opened with its transcript."""
    audio, transcript, _ = spoken_files
    window = make_window()
    _drop(window, [transcript, audio])
    assert window.progress.isVisible()  # the import runs in the background
    qtbot.waitUntil(lambda: window.episode is not None, timeout=10000)
    assert [e.title for e in services.library.episodes()] == ["spoken"]
    assert window.episode is not None and window.episode.timed
    assert window.transcript.view.transcript_model.rowCount() == 5
    assert window.library.visible_titles() == ["spoken"]


def test_a_bad_drop_leaves_one_line_in_the_status_bar(make_window, tmp_path, tone, services, qtbot):
    """An empty transcript is refused: one status-bar line naming it; nothing imported."""
    empty = tmp_path / "empty.srt"
    empty.write_text("", encoding="utf-8")
    window = make_window()
    window.import_files([tone(1.0), empty])
    # Wait on the outcome, not the signal: a fast job can finish before a waitSignal connects.
    qtbot.waitUntil(lambda: "empty.srt" in window.statusBar().currentMessage(), timeout=15000)
    message = window.statusBar().currentMessage()
    assert "empty.srt" in message and "\n" not in message
    assert services.library.episodes() == []


def test_untimed_line_is_not_clickable(make_window, services, tone, tmp_path, qtbot):
    """Clicking a line with no time does not seek or play."""
    text = tmp_path / "plain.srt"
    text.write_text("1\n00:00:00,500 --> 00:00:01,000\nTimed.\n", encoding="utf-8")
    episode_id = services.importer.import_episode(tone(3.0), text, title="Timed")
    window = make_window()
    window.open_episode(episode_id)
    view = window.transcript.view
    assert view.transcript_model.index(0).data(Role.SEEKABLE)
    from earmark.core.model import Segment, Transcript, TranscriptKind

    view.set_transcript(Transcript([Segment("No time here.")], "text", TranscriptKind.UNTIMED))
    index = view.transcript_model.index(0)
    qtbot.waitUntil(lambda: view.visualRect(index).isValid())
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=view.visualRect(index).center())
    assert window.controller.state() != "playing"


def test_scrolling_pauses_following_and_the_button_resumes_it(make_window, spoken_episode, qtbot):
    """A user scroll stops the view following the voice; the floating Follow button brings it back."""
    window = make_window()
    window.resize(700, 300)
    window.open_episode(spoken_episode.id)
    view = window.transcript.view
    view.follow_position(spoken_episode.starts[1])
    view.verticalScrollBar().triggerAction(view.verticalScrollBar().SliderAction.SliderPageStepAdd)
    assert not view.following
    assert view.follow_button.isVisible()
    qtbot.mouseClick(view.follow_button, Qt.MouseButton.LeftButton)
    assert view.following
    assert not view.follow_button.isVisible()


def test_dropping_a_transcript_alone_adds_it_to_the_open_episode(make_window, services, spoken_files, qtbot):
    """With an episode open, a dropped transcript becomes its transcript."""
    audio, transcript, _ = spoken_files
    episode_id = services.importer.import_episode(audio, title="No text yet")
    window = make_window()
    window.open_episode(episode_id)
    assert window.transcript.view.transcript_model.rowCount() == 0
    _drop(window, [transcript])
    qtbot.waitUntil(lambda: window.transcript.view.transcript_model.rowCount() == 5, timeout=10000)
    assert services.library.episode(episode_id).timed


def test_position_is_saved_periodically_while_playing(make_window, services, spoken_episode, qtbot):
    """While playing, the position is written every few seconds (interval shortened here)."""
    window = make_window()
    window._autosave.setInterval(200)
    window.open_episode(spoken_episode.id, play=True)
    qtbot.waitUntil(lambda: services.library.episode(spoken_episode.id).last_position > 0.5, timeout=8000)
    assert window.controller.state() == "playing"
