"""The transcript pane: a list view that follows the voice until the user scrolls away.

Clicking a timed line (or pressing Enter on it) asks to play from there
(:attr:`TranscriptView.seek_requested`). While playing, :meth:`follow_position` lights the
spoken line and keeps it in view; a wheel turn or scroll-bar drag pauses following and
shows a floating "Follow" button that brings it back.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QModelIndex, QPoint, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent, QMouseEvent, QResizeEvent, QWheelEvent
from PySide6.QtWidgets import QAbstractItemView, QAbstractSlider, QListView, QPushButton, QWidget

from earmark.core.model import Transcript
from earmark.gui.transcript_delegate import TranscriptDelegate
from earmark.gui.transcript_model import Role, TranscriptModel

MAX_RETRIES = 200  # x 50 ms: batched layout of a very long transcript


class TranscriptView(QListView):
    seek_requested = Signal(float)  # seconds: play from this line
    following_changed = Signal(bool)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("transcript")
        self.transcript_model = TranscriptModel(self)
        self.setModel(self.transcript_model)
        self.delegate = TranscriptDelegate(self)
        self.setItemDelegate(self.delegate)
        self.setWordWrap(True)
        self.setUniformItemSizes(False)
        self.setResizeMode(QListView.ResizeMode.Adjust)
        # Lay out long transcripts a batch at a time, so the first lines show at once.
        self.setLayoutMode(QListView.LayoutMode.Batched)
        self.setBatchSize(150)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.verticalScrollBar().setSingleStep(24)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setMouseTracking(True)
        self.viewport().setAttribute(Qt.WidgetAttribute.WA_Hover)
        self.setFrameShape(QListView.Shape.NoFrame)
        self.setSpacing(0)

        self._following = True
        self._press_modifiers = Qt.KeyboardModifier.NoModifier
        self._press_point = QPoint()
        self._programmatic = False
        self.follow_button = QPushButton("↓  Follow the voice", self.viewport())
        self.follow_button.setObjectName("followButton")
        self.follow_button.setCursor(Qt.CursorShape.PointingHandCursor)
        self.follow_button.setToolTip("Scroll back to the line being spoken and keep following it")
        self.follow_button.hide()
        self.follow_button.clicked.connect(lambda: self.set_following(True))

        self.clicked.connect(self._on_clicked)
        self.verticalScrollBar().actionTriggered.connect(self._on_scroll_action)
        self.verticalScrollBar().sliderPressed.connect(lambda: self.set_following(False))
        self._retries = 0
        self._retry = QTimer(self, singleShot=True, interval=50)
        self._retry.timeout.connect(self._retry_follow)

    # Content -------------------------------------------------------------------------------
    def set_transcript(self, transcript: Transcript | None) -> None:
        self.delegate.forget_heights()
        self.transcript_model.set_transcript(transcript)
        self.scrollToTop()
        self.set_following(True)

    def follow_position(self, seconds: float) -> None:
        """Light the line spoken at ``seconds``; keep it in view while following."""
        if not self.transcript_model.set_position(seconds):
            return
        if self._following:
            self.scroll_to_current()
        elif self.follow_button.isHidden():
            self.set_following(False)  # shows the button now that there is a line to go back to
        else:
            self._point_follow_button()

    # Following -----------------------------------------------------------------------------
    @property
    def following(self) -> bool:
        return self._following

    def set_following(self, on: bool) -> None:
        changed = on != self._following
        self._following = on
        has_current = self.transcript_model.current_row >= 0
        shown = not on and has_current
        # A strip under the lines holds the button, so it never covers a line of text.
        self.setViewportMargins(0, 0, 0, self.follow_button.sizeHint().height() + 8 if shown else 0)
        self.follow_button.setVisible(shown)
        self._point_follow_button()
        self._place_follow_button()
        if on:
            self.scroll_to_current()
        if changed:
            self.following_changed.emit(on)

    def scroll_to_current(self) -> None:
        """Centre the lit line; while a long transcript is still being laid out, try again shortly."""
        row = self.transcript_model.current_row
        if row < 0:
            return
        index = self.transcript_model.index(row)
        self._programmatic = True
        try:
            self.scrollTo(index, QAbstractItemView.ScrollHint.PositionAtCenter)
        finally:
            self._programmatic = False
        if self.visualRect(index).intersects(self.viewport().rect()):
            self._retries = 0
        elif self._retries < MAX_RETRIES and self.isVisible():
            self._retries += 1
            self._retry.start()

    def _retry_follow(self) -> None:
        if self._following:
            self.scroll_to_current()

    def _on_scroll_action(self, action: int) -> None:
        if not self._programmatic and action != QAbstractSlider.SliderAction.SliderNoAction:
            self.set_following(False)

    def wheelEvent(self, event: QWheelEvent) -> None:
        self.set_following(False)
        super().wheelEvent(event)

    # Seeking -------------------------------------------------------------------------------
    def mousePressEvent(self, event: QMouseEvent) -> None:
        self._press_modifiers = event.modifiers()
        self._press_point = event.position().toPoint()
        super().mousePressEvent(event)

    def _on_clicked(self, index: QModelIndex) -> None:
        selecting = Qt.KeyboardModifier.ShiftModifier | Qt.KeyboardModifier.ControlModifier
        if self._press_modifiers & selecting:  # shift/ctrl-click extends the selection, no seek
            self._press_modifiers = Qt.KeyboardModifier.NoModifier
            return
        if index.isValid() and index.data(Role.SEEKABLE):
            start = float(index.data(Role.START))
            word = self.delegate.word_at(index, self.visualRect(index), self._press_point)
            if word is not None:  # a click on a word plays from that word
                start = index.data(Role.WORDS)[word].start
            self.seek_requested.emit(start)
            self.set_following(True)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self._on_clicked(self.currentIndex())
            return
        if event.key() in (Qt.Key.Key_PageUp, Qt.Key.Key_PageDown, Qt.Key.Key_Home, Qt.Key.Key_End):
            self.set_following(False)
        super().keyPressEvent(event)

    def viewportEvent(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.MouseMove:
            index = self.indexAt(event.position().toPoint())
            seekable = index.isValid() and index.data(Role.SEEKABLE)
            self.viewport().setCursor(
                Qt.CursorShape.PointingHandCursor if seekable else Qt.CursorShape.ArrowCursor
            )
        return super().viewportEvent(event)

    # Layout --------------------------------------------------------------------------------
    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._place_follow_button()

    def _point_follow_button(self) -> None:
        """The arrow points to where the lit line is: above or below what is shown."""
        row = self.transcript_model.current_row
        above = row >= 0 and self.visualRect(self.transcript_model.index(row)).bottom() < 0
        text = ("↑" if above else "↓") + "  Follow the voice"
        if self.follow_button.text() != text:
            self.follow_button.setText(text)

    def scrollContentsBy(self, dx: int, dy: int) -> None:
        super().scrollContentsBy(dx, dy)
        if self.follow_button.isVisible():
            self._point_follow_button()

    def _place_follow_button(self) -> None:
        if self.follow_button.parentWidget() is not self:  # in the strip under the viewport, not on it
            shown = self.follow_button.isVisible()
            self.follow_button.setParent(self)
            self.follow_button.setVisible(shown)
        hint: QSize = self.follow_button.sizeHint()
        area = self.viewport().geometry()
        self.follow_button.resize(hint)
        self.follow_button.move(area.center().x() - hint.width() // 2, area.bottom() + 5)
        self.follow_button.raise_()
