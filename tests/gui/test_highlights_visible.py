"""Highlights you can see: painted pixels of the real transcript view, read back from a grab."""

from __future__ import annotations

from PySide6.QtCore import QRect, Qt

LINE = 2  # "The third line is a little longer than the others."


def _shown(window, qtbot, episode_id: int):
    window.resize(780, 540)
    for dock in (window.annotations.dock, window.show_notes.dock):
        dock.hide()  # room for the line on one row of text
    window.splitter.setSizes([120, 660])
    window.open_episode(episode_id)
    view = window.transcript.view
    qtbot.waitUntil(lambda: view.visualRect(view.transcript_model.index(LINE)).isValid())
    return view


def _pixels(view, row: int):
    """(x, y, (r, g, b)) of every pixel of a row's painted area."""
    image = view.viewport().grab().toImage()
    rect: QRect = view.visualRect(view.transcript_model.index(row)).intersected(view.viewport().rect())
    ratio = image.devicePixelRatio()
    for y in range(rect.top(), rect.bottom(), 1):
        for x in range(rect.left(), rect.right(), 1):
            c = image.pixelColor(int(x * ratio), int(y * ratio))
            yield x, y, (c.red(), c.green(), c.blue())


def _yellowish(rgb) -> bool:
    r, g, b = rgb
    return r - b > 40 and g - b > 25 and r > 150


def _bluish(rgb) -> bool:
    r, _g, b = rgb
    return b - r > 60 and b > 150


def test_a_word_range_highlight_colours_only_its_words(make_window, services, spoken_episode, qtbot):
    """Highlighting "little longer" tints those words, not the start or the end of the line."""
    text = "The third line is a little longer than the others."
    start = text.index("little longer")
    services.annotations.highlight_text(spoken_episode.id, LINE, start, start + len("little longer"))
    window = make_window()
    view = _shown(window, qtbot, spoken_episode.id)
    tinted = [x for x, _y, rgb in _pixels(view, LINE) if _yellowish(rgb)]
    assert tinted, "the highlighted words show no colour"
    delegate = view.delegate
    rect = view.visualRect(view.transcript_model.index(LINE))
    text_left = rect.left() + 14 + delegate.gutter
    advance = delegate.text_metrics.horizontalAdvance
    assert min(tinted) >= text_left + advance(text[:start]) - 4
    assert max(tinted) <= text_left + advance(text[: start + len("little longer")]) + 4


def test_overlapping_highlights_stay_apart(make_window, services, spoken_episode, qtbot):
    """A yellow line with a blue word range on it: yellow tint and a blue underline, both visible."""
    services.annotations.highlight_segment(spoken_episode.id, LINE, "yellow")
    text = "The third line is a little longer than the others."
    start = text.index("longer")
    services.annotations.highlight_text(spoken_episode.id, LINE, start, start + len("longer"), "blue")
    window = make_window()
    view = _shown(window, qtbot, spoken_episode.id)
    pixels = list(_pixels(view, LINE))
    assert any(_yellowish(rgb) for *_, rgb in pixels)
    blue = [(x, y) for x, y, rgb in pixels if _bluish(rgb)]
    assert blue, "the blue highlight cannot be seen"
    heights = {y for _x, y in blue}
    assert len(heights) <= 4  # a thin underline, not a second wash blended over the first


def test_the_lit_line_is_not_a_highlight_colour(make_window, services, spoken_episode, qtbot):
    """The spoken line's wash is neutral grey: no pixel of it is blue like a blue highlight."""
    window = make_window()
    view = _shown(window, qtbot, spoken_episode.id)
    view.follow_position(spoken_episode.starts[LINE] + 0.1)
    qtbot.wait(50)
    rect = view.visualRect(view.transcript_model.index(LINE))
    text_left = rect.left() + 14 + view.delegate.gutter
    text_end = text_left + view.delegate.text_metrics.horizontalAdvance(
        view.transcript_model.segment(LINE).text
    )
    wash = [rgb for x, _y, rgb in _pixels(view, LINE) if text_end + 10 < x < rect.right() - 30]
    assert wash
    assert all(abs(r - g) < 12 and abs(g - b) < 12 for r, g, b in wash)


def test_the_follow_button_points_up_to_the_voice_and_covers_no_line(make_window, spoken_episode, qtbot):
    """Scrolled below the lit line: the button says ↑ and sits outside the lines' area."""
    window = make_window()
    window.resize(760, 300)
    window.open_episode(spoken_episode.id)
    view = window.transcript.view
    view.follow_position(0.1)  # line 1 lit
    view.set_following(False)
    view.scrollToBottom()
    view.verticalScrollBar().setValue(view.verticalScrollBar().maximum())
    qtbot.wait(50)
    button = view.follow_button
    assert button.isVisible()
    lit = view.visualRect(view.transcript_model.index(0))
    if lit.bottom() < 0:
        assert button.text().startswith("↑")
    button_rect = QRect(button.mapTo(view, button.rect().topLeft()), button.size())
    assert not button_rect.intersects(view.viewport().geometry())


def test_the_current_find_match_looks_different_from_the_others(make_window, spoken_episode, qtbot):
    """Ctrl+F "line": the current match has a bolder frame than the other matches."""
    window = make_window()
    view = _shown(window, qtbot, spoken_episode.id)
    view.setFocus()
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    bar = window.transcript.find_bar
    qtbot.keyClicks(bar.box, "line")
    qtbot.waitUntil(lambda: bar.matches == [0, 2, 4], timeout=5000)
    current = bar.current_row
    other = next(r for r in bar.matches if r != current)
    accent = view.palette().color(view.palette().ColorRole.Highlight)

    def framed(row: int) -> int:
        return sum(
            abs(r - accent.red()) < 40 and abs(g - accent.green()) < 40 and abs(b - accent.blue()) < 40
            for *_, (r, g, b) in _pixels(view, row)
        )

    assert framed(current) > 1.5 * framed(other)
