"""Show notes, chapters, library management and search jumps, driven in the real window."""

from __future__ import annotations

import http.server
import threading

import pytest
from PySide6.QtCore import Qt, QUrl

NOTES = """**Date:** May 16, 2025

# Topics

Read [the paper](https://example.org/paper) first.

**The third line topic: a little longer than the others**

Talked about.

<script>document.title = 'ran'</script>
"""


@pytest.fixture
def noted_episode(services, spoken_episode):
    services.annotations.save_episode_notes(spoken_episode.id, NOTES)
    return spoken_episode


def test_show_notes_are_rendered_with_clickable_links_and_the_date(make_window, noted_episode, qtbot):
    """Show notes render Markdown (no raw `**`), show the date and length; links open outside."""
    window = make_window()
    window.open_episode(noted_episode.id)
    browser = window.show_notes.browser
    text = browser.toPlainText()
    assert "**" not in text and "Date: May 16, 2025" in text
    assert "0:" in text  # the length
    assert "https://example.org/paper" in browser.toHtml()
    window.show_notes.open_link(QUrl("https://example.org/paper"))
    assert window.show_notes.opened == ["https://example.org/paper"]


def test_show_notes_never_run_script_or_fetch_a_remote_image(make_window, services, spoken_episode, qtbot):
    """An <img> on a local HTTP server is never requested; <script> text never shows or runs."""
    requests = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            requests.append(self.path)
            self.send_response(200)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        url = f"http://127.0.0.1:{server.server_port}/pixel.png"
        html = f"<p>Hello <b>there</b></p><img src='{url}'><script>alert('x')</script><p onclick='x()'>ok</p>"
        services.annotations.save_episode_notes(spoken_episode.id, html)
        window = make_window()
        window.open_episode(spoken_episode.id)
        window.show_notes.dock.show()
        window.show_notes.browser.grab()  # paint: an image would be asked for now
        qtbot.wait(300)
        text = window.show_notes.browser.toPlainText()
        assert "Hello there" in text and "alert" not in text
        assert "onclick" not in window.show_notes.browser.toHtml()
        assert requests == []
    finally:
        server.shutdown()


def test_the_newsletter_title_becomes_the_episode_title(make_window, samples, tone, qtbot):
    """Dropping audio with the newsletter sample: the episode is called 'Last week in AI #1'."""
    window = make_window()
    window.import_files([tone(name="audio.wav"), samples / "lastweekinai_newsletter.txt"])
    qtbot.waitUntil(lambda: window.episode is not None, timeout=20000)
    assert window.episode.title == "Last week in AI #1"


def test_chapters_from_headings_show_in_the_list_on_the_slider_and_over_the_transcript(
    make_window, noted_episode, qtbot
):
    """A show-notes heading said in line 3 is a chapter: listed, marked on the slider, headed when playing."""
    window = make_window()
    window.open_episode(noted_episode.id)
    chapters = window.chapters
    assert [c.title for c in chapters.model.chapters] == [
        "The third line topic: a little longer than the others"
    ]
    start = noted_episode.starts[2]
    assert chapters.model.chapters[0].start == pytest.approx(start, abs=0.01)
    assert window.player_bar.slider.chapter_marks == [pytest.approx(start, abs=0.01)]
    window.transcript.view.setFocus()
    qtbot.keyClick(window.transcript.view, Qt.Key.Key_Right, Qt.KeyboardModifier.ControlModifier)
    assert window.controller.position() == pytest.approx(start, abs=0.25)
    assert chapters.heading.isVisibleTo(window) and "third line topic" in chapters.heading.text()
    view = window.transcript.view
    assert view.delegate._chapter_height(view.transcript_model.index(2)) > 0  # a heading above line 3
    assert view.delegate._chapter_height(view.transcript_model.index(1)) == 0


def test_timestamped_show_notes_lines_jump_with_ctrl_arrows(make_window, services, spoken_episode, qtbot):
    """`0:02 Second` and `0:05 Third` in the notes: Ctrl+→ goes to 0:02, again to 0:05, Ctrl+← back."""
    services.annotations.save_episode_notes(spoken_episode.id, "0:02 Second\n0:05 Third\n")
    window = make_window()
    window.open_episode(spoken_episode.id)
    view = window.transcript.view
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_Right, Qt.KeyboardModifier.ControlModifier)
    assert window.controller.position() == pytest.approx(2.0, abs=0.25)
    qtbot.keyClick(view, Qt.Key.Key_Right, Qt.KeyboardModifier.ControlModifier)
    assert window.controller.position() == pytest.approx(5.0, abs=0.25)
    window.controller.seek(7.0)
    qtbot.keyClick(view, Qt.Key.Key_Left, Qt.KeyboardModifier.ControlModifier)
    assert window.controller.position() == pytest.approx(2.0, abs=0.25)


def test_rename_in_the_window_is_undoable(make_window, spoken_episode, qtbot):
    """Rename from the window; Ctrl+Z brings the old title back."""
    window = make_window()
    window.open_episode(spoken_episode.id)
    window.library_actions.rename(spoken_episode.id, "Renamed")
    assert window.library.visible_titles() == ["Renamed"]
    assert window.transcript.title.text() == "Renamed"
    window.transcript.view.setFocus()
    qtbot.keyClick(window.transcript.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert window.library.visible_titles() == ["Spoken test"]


def test_delete_in_the_window_is_undoable_with_notes_and_highlights(
    make_window, services, spoken_episode, qtbot
):
    """Delete the open episode; Ctrl+Z restores it with its highlight and notes."""
    highlight = services.annotations.highlight_segment(spoken_episode.id, 1)
    services.annotations.save_episode_notes(spoken_episode.id, "keep")
    window = make_window()
    window.open_episode(spoken_episode.id)
    window.library_actions.delete(spoken_episode.id)
    assert window.episode is None and window.library.visible_titles() == []
    window.transcript.view.setFocus()
    qtbot.keyClick(window.transcript.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert window.episode is not None and window.episode.id == spoken_episode.id
    assert services.annotations.highlight(highlight.id).quote
    assert services.annotations.episode_notes(spoken_episode.id) == "keep"
    assert spoken_episode.audio.is_file()  # outside the library: never touched


def test_mark_played_shows_in_the_library_list(make_window, spoken_episode, qtbot):
    """Mark played: the list says so, and the episode is back at the start."""
    window = make_window()
    window.open_episode(spoken_episode.id)
    window.controller.seek(3.0)
    window.library_actions.set_played(spoken_episode.id, True)
    subtitle = window.library.proxy.index(0, 0).data(Qt.ItemDataRole.UserRole + 2)
    assert subtitle.startswith("✓ played")
    assert window.controller.position() == pytest.approx(0.0, abs=0.25)


def _hit(window, query: str, qtbot, kind: str):
    panel = window.search.panel
    window.search.open_search()
    qtbot.keyClicks(panel.search_box, query)
    qtbot.waitUntil(lambda: panel.model.hit_count() > 0, timeout=15000)
    for row in range(panel.model.rowCount()):
        index = panel.model.index(row, 0)
        hit = index.data(Qt.ItemDataRole.UserRole + 1)
        if hit is not None and hit.kind == kind:
            return index
    raise AssertionError(f"no {kind} hit for {query!r}")


def test_a_hit_on_an_untimed_line_shows_the_line_without_playing(
    make_window, services, tone, tmp_path, qtbot
):
    """A search hit on an untimed line selects and shows that line; nothing plays from 0:00."""
    text = tmp_path / "untimed.txt"
    text.write_text("First sentence here. The zeppelin floats by. Last one.\n", encoding="utf-8")
    episode_id = services.importer.import_episode(tone(6.0), text, title="Untimed")
    window = make_window()
    window.search.panel._activate(_hit(window, "zeppelin", qtbot, "transcript"))
    assert window.episode is not None and window.episode.id == episode_id
    qtbot.wait(300)
    assert window.controller.state() != "playing"
    current = window.transcript.view.currentIndex()
    assert (
        current.isValid()
        and "zeppelin" in window.transcript.view.transcript_model.segment(current.row()).text
    )


def test_jumping_to_a_note_selects_it_in_the_notes_panel(make_window, services, spoken_episode, qtbot):
    """A hit on a highlight's note selects that highlight in the notes panel."""
    services.annotations.highlight_segment(spoken_episode.id, 0)
    second = services.annotations.highlight_segment(spoken_episode.id, 3)
    services.annotations.update_note(second.id, "the blimp remark")
    window = make_window()
    window.search.panel._activate(_hit(window, "blimp", qtbot, "note"))
    assert window.annotations.panel.current_highlight().id == second.id
