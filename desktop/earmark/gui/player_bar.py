"""The player bar: back, play/pause, forward, seek slider with times and marks, speed, volume.

It drives and listens to one :class:`~earmark.player.controller.PlayerController` and nothing else.
"""

from __future__ import annotations

from PySide6.QtCore import QRect, QSize, Qt, Signal
from PySide6.QtGui import QColor, QMouseEvent, QPainter, QPaintEvent
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QSlider,
    QStyle,
    QStyleOptionSlider,
    QToolButton,
    QWidget,
)

from earmark.core.timecode import format_clock
from earmark.gui import icons

BACK_SECONDS = 15.0
FORWARD_SECONDS = 30.0
RATES = (0.5, 0.75, 1.0, 1.1, 1.25, 1.5, 1.75, 2.0, 2.5, 3.0)


class SeekSlider(QSlider):
    """A slider in milliseconds that jumps to where it is clicked."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(Qt.Orientation.Horizontal, parent)
        self.setObjectName("seekSlider")
        self.marks: list[tuple[float, QColor]] = []  # (seconds, colour): highlights
        self.chapter_marks: list[float] = []  # seconds: chapter starts, drawn as taller ticks

    def set_marks(self, marks: list[tuple[float, QColor]]) -> None:
        """Small coloured ticks where highlights start."""
        self.marks = list(marks)
        self.update()

    def set_chapter_marks(self, starts: list[float]) -> None:
        """Tall thin ticks across the groove where chapters start."""
        self.chapter_marks = list(starts)
        self.update()

    def _groove(self) -> tuple[QRect, int, int]:
        """The groove, the handle's width and the span a value moves the handle over."""
        option = QStyleOptionSlider()
        self.initStyleOption(option)
        groove = self.style().subControlRect(
            QStyle.ComplexControl.CC_Slider, option, QStyle.SubControl.SC_SliderGroove, self
        )
        handle = self.style().subControlRect(
            QStyle.ComplexControl.CC_Slider, option, QStyle.SubControl.SC_SliderHandle, self
        )
        return groove, handle.width(), max(1, groove.width() - handle.width())

    def x_of(self, seconds: float) -> int:
        """The x of ``seconds`` on the groove (where a mark is drawn)."""
        groove, handle, span = self._groove()
        value = QStyle.sliderPositionFromValue(self.minimum(), self.maximum(), round(seconds * 1000), span)
        return groove.left() + handle // 2 + value

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if not (self.marks or self.chapter_marks) or self.maximum() <= self.minimum():
            return
        groove, _, _ = self._groove()
        painter = QPainter(self)
        for seconds, colour in self.marks:
            painter.fillRect(self.x_of(seconds) - 1, groove.bottom() - 3, 3, 6, colour)
        chapter = self.palette().color(self.foregroundRole())
        chapter.setAlphaF(0.55)
        for seconds in self.chapter_marks:
            painter.fillRect(self.x_of(seconds), groove.top() - 4, 1, groove.height() + 8, chapter)
        painter.end()

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            option = QStyleOptionSlider()
            self.initStyleOption(option)
            handle = self.style().subControlRect(
                QStyle.ComplexControl.CC_Slider, option, QStyle.SubControl.SC_SliderHandle, self
            )
            if not handle.contains(event.position().toPoint()):
                value = QStyle.sliderValueFromPosition(
                    self.minimum(),
                    self.maximum(),
                    round(event.position().x() - handle.width() / 2),
                    self.width() - handle.width(),
                )
                self.setValue(value)
                self.sliderMoved.emit(value)
                self.sliderReleased.emit()
                return
        super().mousePressEvent(event)


class PlayerBar(QWidget):
    volume_changed = Signal(int)  # 0-100, for the window to remember

    def __init__(self, controller, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.back_seconds, self.forward_seconds = BACK_SECONDS, FORWARD_SECONDS
        self.setObjectName("playerBar")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)  # for the style sheet's top border
        self.controller = controller
        self._play_icon, self._pause_icon = icons.play_icon(), icons.pause_icon()

        self.back_button = self._button(icons.skip_icon(15, False), "Back 15 seconds (←)", 32)
        self.play_button = self._button(self._play_icon, "Play (Space)", 40)
        self.play_button.setObjectName("playButton")
        self.forward_button = self._button(icons.skip_icon(30, True), "Forward 30 seconds (→)", 32)
        self.elapsed = QLabel("0:00")
        self.remaining = QLabel("-0:00")
        for label in (self.elapsed, self.remaining):
            label.setObjectName("timeLabel")
            label.setMinimumWidth(label.fontMetrics().horizontalAdvance("-0:00:00") + 4)
        self.elapsed.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.slider = SeekSlider()
        self.slider.setRange(0, 0)
        self.slider.setToolTip("Position")
        self.speed = QComboBox()
        self.speed.setObjectName("speedBox")
        self.speed.setToolTip("Playback speed")
        for rate in RATES:
            self.speed.addItem(f"{rate:g}×", rate)
        self.speed.setCurrentIndex(RATES.index(1.0))
        self.speed.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.volume = QSlider(Qt.Orientation.Horizontal)
        self.volume.setObjectName("volumeSlider")
        self.volume.setRange(0, 100)
        self.volume.setValue(100)
        self.volume.setFixedWidth(80)
        self.volume.setToolTip("Volume 100%")
        self.volume.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.volume_label = QToolButton()  # the speaker: a click mutes or unmutes
        self.volume_label.setObjectName("volumeIcon")
        self.volume_label.setAutoRaise(True)
        self.volume_label.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.volume_label.setToolTip("Mute")
        self.volume_label.clicked.connect(self._toggle_mute)
        self._unmuted = 100

        layout = QHBoxLayout(self)
        layout.setContentsMargins(14, 8, 14, 8)
        layout.setSpacing(6)
        layout.addWidget(self.back_button)
        layout.addWidget(self.play_button)
        layout.addWidget(self.forward_button)
        layout.addSpacing(10)
        layout.addWidget(self.elapsed)
        layout.addWidget(self.slider, 1)
        layout.addWidget(self.remaining)
        layout.addSpacing(10)
        layout.addWidget(self.speed)
        layout.addSpacing(6)
        layout.addWidget(self.volume_label)
        layout.addWidget(self.volume)

        self.back_button.clicked.connect(lambda: self.controller.skip(-self.back_seconds))
        self.forward_button.clicked.connect(lambda: self.controller.skip(self.forward_seconds))
        self.volume.valueChanged.connect(self._on_volume)
        self.play_button.clicked.connect(self.controller.toggle)
        self.slider.sliderMoved.connect(self._preview)
        self.slider.sliderReleased.connect(self._seek_to_slider)
        self.speed.currentIndexChanged.connect(lambda i: self.controller.set_rate(self.speed.itemData(i)))
        controller.position_changed.connect(self._on_position)
        controller.duration_changed.connect(self._on_duration)
        controller.state_changed.connect(self._on_state)
        controller.rate_changed.connect(self._on_rate)
        self.set_enabled(False)

    def _button(self, icon, tip: str, size: int) -> QToolButton:
        button = QToolButton()
        button.setIcon(icon)
        button.setIconSize(QSize(size - 10, size - 10))
        button.setFixedSize(size, size)
        button.setToolTip(tip)
        button.setAutoRaise(True)
        button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Space belongs to the window's shortcut
        button.setCursor(Qt.CursorShape.PointingHandCursor)
        return button

    def set_skips(self, back: float, forward: float) -> None:
        """Skip lengths from the settings: the buttons' icons and tips follow."""
        self.back_seconds, self.forward_seconds = back, forward
        self.back_button.setIcon(icons.skip_icon(int(back), False))
        self.back_button.setToolTip(f"Back {back:g} seconds (←)")
        self.forward_button.setIcon(icons.skip_icon(int(forward), True))
        self.forward_button.setToolTip(f"Forward {forward:g} seconds (→)")

    def set_volume(self, percent: int) -> None:
        self.volume.setValue(max(0, min(100, int(percent))))
        self._on_volume(self.volume.value())

    def _on_volume(self, percent: int) -> None:
        self.controller.set_volume(percent / 100)
        self.volume.setToolTip(f"Volume {percent}%")
        icon = (
            QStyle.StandardPixmap.SP_MediaVolumeMuted
            if percent == 0
            else QStyle.StandardPixmap.SP_MediaVolume
        )
        self.volume_label.setIcon(self.style().standardIcon(icon))
        self.volume_label.setToolTip("Unmute" if percent == 0 else "Mute")
        self.volume_changed.emit(percent)

    def _toggle_mute(self) -> None:
        if self.volume.value():
            self._unmuted = self.volume.value()
            self.set_volume(0)
        else:
            self.set_volume(self._unmuted or 100)

    def set_enabled(self, on: bool) -> None:
        for widget in (self.back_button, self.play_button, self.forward_button, self.slider, self.speed):
            widget.setEnabled(on)

    # From the controller -------------------------------------------------------------------
    def _on_position(self, seconds: float) -> None:
        if not self.slider.isSliderDown():
            self.slider.setValue(round(seconds * 1000))
            self._show_times(seconds)

    def _on_duration(self, seconds: float) -> None:
        self.slider.setRange(0, max(0, round(seconds * 1000)))
        self.slider.setPageStep(max(1000, round(seconds * 1000 / 20)))
        # The range arrives after a resumed load's position: put the handle where the time says.
        if not self.slider.isSliderDown():
            self.slider.setValue(round(self.controller.position() * 1000))
        self._show_times(self.controller.position())

    def _on_state(self, state: str) -> None:
        playing = state == "playing"
        self.play_button.setIcon(self._pause_icon if playing else self._play_icon)
        self.play_button.setToolTip("Pause (Space)" if playing else "Play (Space)")

    def _on_rate(self, rate: float) -> None:
        index = self.speed.findData(rate)
        if index < 0:
            self.speed.addItem(f"{rate:g}×", rate)
            index = self.speed.count() - 1
        self.speed.blockSignals(True)
        self.speed.setCurrentIndex(index)
        self.speed.blockSignals(False)

    # From the user -------------------------------------------------------------------------
    def _preview(self, value: int) -> None:
        self._show_times(value / 1000)

    def _seek_to_slider(self) -> None:
        self.controller.seek(self.slider.value() / 1000)

    def _show_times(self, seconds: float) -> None:
        duration = self.slider.maximum() / 1000
        self.elapsed.setText(format_clock(seconds))
        self.remaining.setText("-" + format_clock(max(0.0, duration - seconds)))
