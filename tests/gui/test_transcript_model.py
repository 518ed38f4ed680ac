"""The transcript model: which line is lit, and which lines can be played from."""

from __future__ import annotations

from earmark.core.model import Segment, SegmentKind, Transcript, TranscriptKind
from earmark.gui.transcript_model import Role, TranscriptModel


def _model(qapp) -> TranscriptModel:
    segments = [
        Segment("Intro music", 0.0, 2.0, kind=SegmentKind.MUSIC),
        Segment("Hello there.", 2.0, 4.0, speaker="Ann"),
        Segment("An ad that was cut.", 3.0, 3.5, kind=SegmentKind.UNSPOKEN),
        Segment("Not synced yet."),
        Segment("Goodbye.", 6.0, 7.0, speaker="Bob", confidence=0.3),
    ]
    model = TranscriptModel()
    model.set_transcript(Transcript(segments, "vtt", TranscriptKind.TIMED))
    return model


def test_row_at_finds_the_last_started_line_and_skips_unspoken(qapp):
    """Binary search picks the line started by then; 'not in audio' lines are never lit."""
    model = _model(qapp)
    assert model.row_at(-1.0) == -1
    assert model.row_at(1.0) == 0
    assert model.row_at(3.2) == 1  # the unspoken line at 3.0 is skipped
    assert model.row_at(5.0) == 1
    assert model.row_at(6.0) == 4


def test_moving_the_lit_line_repaints_only_the_old_and_new_rows(qapp):
    """A playback tick emits dataChanged for two rows at most, and none when the line stays."""
    model = _model(qapp)
    changed: list[int] = []
    model.dataChanged.connect(lambda top, bottom, roles: changed.extend(range(top.row(), bottom.row() + 1)))
    model.set_position(0.5)
    model.set_position(2.5)
    model.set_position(2.6)
    assert changed == [0, 0, 1]
    assert model.index(1).data(Role.CURRENT) is True
    assert model.index(0).data(Role.CURRENT) is False


def test_untimed_and_unspoken_lines_are_not_seekable(qapp):
    """Only lines with a start that are in the audio can be played from."""
    model = _model(qapp)
    seekable = [model.index(r).data(Role.SEEKABLE) for r in range(model.rowCount())]
    assert seekable == [True, True, False, False, True]


def test_roles_for_speaker_turns_low_confidence_and_highlights(qapp):
    """Speaker names mark a new turn; low confidence and highlight colours are exposed for painting."""
    model = _model(qapp)
    assert [model.index(r).data(Role.SPEAKER_CHANGED) for r in range(5)] == [False, True, False, False, True]
    assert model.index(4).data(Role.LOW_CONFIDENCE) is True
    assert model.index(1).data(Role.LOW_CONFIDENCE) is False
    model.set_highlights({1: ["yellow", "blue"]})
    assert model.index(1).data(Role.HIGHLIGHTS) == ["yellow", "blue"]
    assert model.index(0).data(Role.HIGHLIGHTS) == []


def _darkest_text(image, rect) -> int:
    """Darkest pixel (r + g + b) in the text column of one row: how strongly its words are inked."""
    darkest = 3 * 255
    for y in range(rect.top(), rect.bottom()):
        for x in range(rect.left() + rect.width() // 4, rect.right(), 2):
            colour = image.pixelColor(x, y)
            darkest = min(darkest, colour.red() + colour.green() + colour.blue())
    return darkest


def test_unspoken_lines_are_painted_grey_and_labelled(qtbot):
    """A line the sync found not in the audio is greyed with "not in audio" in the time column,
    as the pane promises (Qt hands the kind back as a plain str, which once hid this)."""
    from earmark.gui import transcript_delegate
    from earmark.gui.transcript_view import TranscriptView

    view = TranscriptView()
    qtbot.addWidget(view)
    view.resize(700, 400)
    segments = [
        Segment("Hello there, this line was spoken.", 2.0, 4.0),
        Segment("Hello there, this line was not spoken.", kind=SegmentKind.UNSPOKEN),
    ]
    view.set_transcript(Transcript(segments, "txt", TranscriptKind.TIMED))
    view.show()
    qtbot.waitExposed(view)
    image = view.viewport().grab().toImage()
    spoken, unspoken = (view.visualRect(view.transcript_model.index(r)) for r in range(2))
    assert _darkest_text(image, unspoken) > _darkest_text(image, spoken) + 100
    assert [transcript_delegate._kind(view.transcript_model.index(r)) for r in range(2)] == [
        SegmentKind.SPEECH,
        SegmentKind.UNSPOKEN,
    ]


def test_overlapping_cues_are_lit_together(qapp):
    """Two people at once and a sound label: every cue running at the position is lit, then unlit."""
    segments = [
        Segment("Both of us talk.", 0.0, 1.0, speaker="Ann"),
        Segment("At the same time.", 0.0, 1.0, speaker="Bo"),
        Segment("[laughter]", 0.5, 1.5, kind=SegmentKind.SOUND),
        Segment("Later.", 3.0, 4.0),
    ]
    model = TranscriptModel()
    model.set_transcript(Transcript(segments, "vtt", TranscriptKind.TIMED))

    def lit() -> list[int]:
        return [r for r in range(model.rowCount()) if model.index(r).data(Role.CURRENT)]

    model.set_position(0.2)
    assert lit() == [0, 1]
    model.set_position(0.7)
    assert lit() == [0, 1, 2]
    model.set_position(1.2)
    assert lit() == [2]
    model.set_position(3.5)
    assert lit() == [3]
