"""Syncing untimed text to its audio from the window: real library, real aligner, real player."""

from __future__ import annotations

import wave
from dataclasses import dataclass
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from earmark.gui.transcript_model import Role

# Talk-like lines (with filler words), so the reader takes them as a transcript, not show notes.
SENTENCES = [
    "Yeah, so this is the first line of the show.",
    "Um, here comes the second one, you know.",
    "The third line is a little longer than the others, I mean it really is.",
    "Okay, number four.",
    "And anyway, the fifth line ends the test.",
]
PAUSE = 0.5


@dataclass
class UntimedEpisode:
    id: int
    starts: list[float]  # where each sentence really begins in the audio


@pytest.fixture
def untimed_episode(services, speech, tmp_path: Path) -> UntimedEpisode:
    """espeak-ng reads the sentences with pauses between; the text file has no times."""
    frames = bytearray()
    starts = []
    rate = 22050
    for n, sentence in enumerate(SENTENCES):
        with wave.open(str(speech(sentence, name=f"u{n}.wav")), "rb") as part:
            rate = part.getframerate()
            if frames:
                frames += bytes(int(rate * PAUSE) * 2)
            starts.append(len(frames) / 2 / rate)
            frames += part.readframes(part.getnframes())
    audio = tmp_path / "untimed.wav"
    with wave.open(str(audio), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(rate)
        out.writeframes(bytes(frames))
    text = tmp_path / "untimed.txt"
    text.write_text("\n\n".join(SENTENCES) + "\n", encoding="utf-8")
    episode_id = services.importer.import_episode(audio, text, title="Untimed test")
    episode = services.library.episode(episode_id)
    assert episode.has_transcript and not episode.timed
    return UntimedEpisode(episode_id, starts)


def _status(window) -> str:
    return window.statusBar().currentMessage()


def test_sync_button_times_the_text_and_the_lit_line_follows(make_window, services, untimed_episode, qtbot):
    """Sync to audio -> the episode is timed, the status sums it up, and playing lights line after line."""
    window = make_window()
    window.open_episode(untimed_episode.id)
    banner = window.sync.banner
    assert banner.isVisible() and banner.button.text() == "Sync to audio"
    assert window.sync.sync_action.isEnabled()

    qtbot.mouseClick(banner.button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: _status(window).startswith("Synced"), timeout=30_000)
    assert _status(window).startswith(f"Synced {len(SENTENCES)} sentences; 0 not in audio;")
    assert services.library.episode(untimed_episode.id).timed
    assert window.episode.timed
    assert banner.button.text() == "Re-sync" and window.sync.sync_action.text() == "Re-sync to audio"
    model = window.transcript.view.transcript_model
    starts = untimed_episode.starts
    assert all(abs(model.index(r).data(Role.START) - t) < 0.3 for r, t in enumerate(starts))

    window.controller.play()
    qtbot.waitUntil(lambda: model.current_row == 0, timeout=5000)
    qtbot.waitUntil(lambda: model.current_row >= 1, timeout=10_000)
    position, row = window.controller.position(), model.current_row
    assert starts[row] - 0.3 <= position < starts[row + 1]


def test_cancel_right_after_start_leaves_the_episode_untimed(make_window, services, untimed_episode, qtbot):
    """Cancel straight away -> "Sync cancelled", nothing written, and the action is offered again."""
    window = make_window()
    window.open_episode(untimed_episode.id)
    operation = window.sync.sync()
    assert operation is not None
    operation.cancel()
    assert not window.progress.isHidden()  # progress and Cancel in the status bar
    qtbot.waitUntil(lambda: operation.done and _status(window) == "Sync cancelled", timeout=30_000)
    assert not services.library.episode(untimed_episode.id).timed
    assert not any(s.timed for s in services.library.transcript(untimed_episode.id).segments)
    qtbot.waitUntil(lambda: window.sync.sync_action.isEnabled())
    assert window.sync.banner.button.text() == "Sync to audio"


def test_s_fixes_the_selected_line_at_the_player_position(make_window, services, untimed_episode, qtbot):
    """S on a line -> its start is the player's position, it is locked (pinned), and a re-sync keeps it."""
    services.aligner.align_episode(untimed_episode.id)
    window = make_window()
    window.open_episode(untimed_episode.id)
    view = window.transcript.view
    target = untimed_episode.starts[2] + 0.4
    window.controller.seek(target)
    qtbot.waitUntil(lambda: abs(window.controller.position() - target) < 0.05, timeout=3000)
    view.setFocus()
    view.setCurrentIndex(view.transcript_model.index(2))
    qtbot.keyClick(view, Qt.Key.Key_S)

    segments = services.library.transcript(untimed_episode.id).segments
    assert segments[2].locked and abs(segments[2].start - target) < 0.05
    assert [s.start for s in segments] == sorted(s.start for s in segments)
    assert view.transcript_model.index(2).data(Role.LOCKED)
    assert _status(window).startswith("Line 3 now starts at")

    qtbot.keyClick(
        view, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    )
    qtbot.waitUntil(lambda: _status(window).startswith("Synced"), timeout=30_000)
    again = services.library.transcript(untimed_episode.id).segments
    assert again[2].locked and abs(again[2].start - segments[2].start) < 1e-3


def _word_point(view, row: int, word: int):
    """Where a word of a line is painted, in viewport coordinates (the delegate's own layout)."""
    from PySide6.QtCore import QPoint

    from earmark.gui import transcript_delegate as d

    index = view.transcript_model.index(row)
    rect = view.visualRect(index)
    delegate = view.delegate
    start, length = d._word_spans(index)[word]
    layout = d._wrapped(index.data(), delegate.text_font, delegate._text_width(rect.width()))
    line = layout.lineForTextPosition(start)
    x = line.cursorToX(start + length // 2)
    x = x[0] if isinstance(x, tuple) else x
    left = rect.left() + d.MARGIN_X + delegate.gutter
    top = rect.top() + delegate._header_height(index) + d.PAD_Y
    return QPoint(int(left + x), int(top + line.y() + line.height() / 2))


def test_the_spoken_word_is_lit_and_a_click_on_a_word_plays_from_it(
    make_window, services, untimed_episode, qtbot
):
    """Synced English lines carry word times: while playing, the lit word moves through the lit line;
    a click on a word plays from that word's start (within 100 ms)."""
    services.aligner.align_episode(untimed_episode.id)
    window = make_window()
    window.open_episode(untimed_episode.id)
    view = window.transcript.view
    model = view.transcript_model
    row = 2
    words = model.index(row).data(Role.WORDS)
    assert [w.text for w in words] == SENTENCES[row].split()
    window.controller.seek(words[0].start)
    window.controller.play()
    lit: list[int] = []

    def moved_through() -> bool:
        if model.current_row == row:
            word = model.index(row).data(Role.CURRENT_WORD)
            if not lit or lit[-1] != word:
                lit.append(word)
        return len(lit) >= 4

    qtbot.waitUntil(moved_through, timeout=10_000)
    assert lit == sorted(lit) and lit[-1] > lit[0]
    window.controller.pause()

    view.scrollTo(model.index(row))
    target = 7
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=_word_point(view, row, target))
    qtbot.waitUntil(lambda: abs(window.controller.position() - words[target].start) < 0.1, timeout=3000)
