"""Preview of one recording, decrypted in memory only: player, picture or text.

Audio and video play from an EncryptedMediaDevice through QMediaPlayer;
pictures and text are read off the GUI thread (QThreadPool) and shown when
ready. Nothing is written to disk. clear() (called when the vault locks)
stops the player, closes the device and drops every decrypted byte it holds.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

from PySide6.QtCore import QIODevice, Qt, QThreadPool, QTimer, QUrl, Signal
from PySide6.QtGui import QCloseEvent, QImage, QPixmap, QResizeEvent
from PySide6.QtMultimedia import QAudioOutput, QMediaDevices, QMediaPlayer
from PySide6.QtMultimediaWidgets import QVideoWidget
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSlider,
    QStackedWidget,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from ui.media_device import READ_FAILED_MESSAGE, EncryptedMediaDevice, PlaintextReader
from ui.preview_loading import (
    IMAGE,
    IMAGE_LIMIT,
    MEDIA,
    MESSAGE,
    NO_PREVIEW,
    NO_SOUND,
    TEXT,
    TOO_LARGE,
    LoadJob,
    format_time,
    preview_mode,
    source_url,
)
from vault.errors import VaultError
from vault.services.recordings import RecordingInfo


class PreviewPane(QWidget):
    """show_recording() picks a view by media type; clear() forgets everything shown."""

    preview_ready = Signal(str)  # MEDIA, IMAGE, TEXT or MESSAGE once that view is filled
    _load_done = Signal(int, str, object)  # from a LoadJob: (serial, mode, result)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._device: EncryptedMediaDevice | None = None
        self._image: QImage | None = None
        self._mode = MESSAGE
        self._serial = 0
        self._cancel = threading.Event()
        self._syncing_slider = False
        self._media_failed = False
        self._load_done.connect(self._loaded)  # queued: emitted on a pool thread
        self.message_label = QLabel()
        self.message_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.message_label.setWordWrap(True)
        self.image_label = QLabel()
        self.image_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.image_scroll = QScrollArea()
        self.image_scroll.setWidgetResizable(True)
        self.image_scroll.setWidget(self.image_label)
        self.text_notice = QLabel()
        self.text_notice.setWordWrap(True)
        self.text_view = QPlainTextEdit()
        self.text_view.setReadOnly(True)
        self.text_view.setUndoRedoEnabled(False)  # no second copy of the text in an undo stack
        self.stack = QStackedWidget()
        self.stack.addWidget(self.message_label)
        self.stack.addWidget(self._build_media_page())
        self.stack.addWidget(self.image_scroll)
        text_page = QWidget()
        text_layout = QVBoxLayout(text_page)
        text_layout.setContentsMargins(0, 0, 0, 0)
        text_layout.addWidget(self.text_notice)
        text_layout.addWidget(self.text_view, 1)
        self.stack.addWidget(text_page)
        QVBoxLayout(self).addWidget(self.stack)
        self._pages = {MESSAGE: 0, MEDIA: 1, IMAGE: 2, TEXT: 3}
        self.clear()

    def _build_media_page(self) -> QWidget:
        self.player = QMediaPlayer(self)
        self.audio_output = QAudioOutput(self)
        self.player.setAudioOutput(self.audio_output)
        self.video_widget = QVideoWidget()
        self.player.setVideoOutput(self.video_widget)
        self.play_button = QPushButton()
        self.play_button.clicked.connect(self.toggle_playback)
        self.seek_slider = QSlider(Qt.Orientation.Horizontal)
        self.seek_slider.setAccessibleName("Position")
        self.seek_slider.valueChanged.connect(self._slider_moved)
        self.position_label = QLabel()
        self.duration_label = QLabel()
        self.media_message = QLabel()  # why it cannot play (an error)
        self.media_message.setWordWrap(True)
        self.sound_note = QLabel(NO_SOUND)  # it plays, silently
        self.sound_note.setWordWrap(True)
        controls = QHBoxLayout()
        controls.addWidget(self.play_button)
        controls.addWidget(self.position_label)
        controls.addWidget(self.seek_slider, 1)
        controls.addWidget(self.duration_label)
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.addWidget(self.video_widget, 1)
        layout.addLayout(controls)
        layout.addWidget(self.media_message)
        layout.addWidget(self.sound_note)
        layout.addStretch()
        self.player.durationChanged.connect(self._duration_changed)
        self.player.positionChanged.connect(self._position_changed)
        self.player.playbackStateChanged.connect(self._update_play_button)
        self.player.hasVideoChanged.connect(self.video_widget.setVisible)
        self.player.errorOccurred.connect(self._player_error)
        self.player.mediaStatusChanged.connect(self._media_status)
        return page

    # -- public API -----------------------------------------------------------------------

    @property
    def device(self) -> EncryptedMediaDevice | None:
        return self._device

    @property
    def image(self) -> QImage | None:
        return self._image

    @property
    def mode(self) -> str:
        return self._mode

    def show_recording(self, info: RecordingInfo,
                       open_reader: Callable[[], PlaintextReader]) -> None:
        """Preview a recording; open_reader gives a fresh reader that the pane then owns."""
        self.clear()
        mode = preview_mode(info)
        if mode == MESSAGE:
            self._show_message(NO_PREVIEW)
            return
        try:
            reader = open_reader()
        except VaultError as exc:
            self._show_message(str(exc))
            return
        except OSError:
            self._show_message(READ_FAILED_MESSAGE)
            return
        if mode == MEDIA:
            self._play(info, reader)
        elif mode == IMAGE and reader.size > IMAGE_LIMIT:
            reader.close()
            self._show_message(TOO_LARGE)
        else:
            self._show_message("Decrypting…", ready=False)
            job = LoadJob(reader, mode, self._serial, self._cancel, self._load_done.emit)
            QThreadPool.globalInstance().start(job)

    def clear(self) -> None:
        """Stop playback, close the device, empty every view: no plaintext stays in the pane."""
        self._cancel.set()  # a load still running is dropped
        self._cancel = threading.Event()
        self._serial += 1
        self._detach_media()
        self._image = None
        self.image_label.clear()
        self.text_view.clear()
        self.text_notice.clear()
        self.media_message.clear()
        self.media_message.hide()
        self.sound_note.hide()
        self._show_message("", ready=False)

    def toggle_playback(self) -> None:
        if self.player.playbackState() == QMediaPlayer.PlaybackState.PlayingState:
            self.player.pause()
        else:
            self.player.play()

    # -- media ----------------------------------------------------------------------------

    def _play(self, info: RecordingInfo, reader: PlaintextReader) -> None:
        device = EncryptedMediaDevice(reader)
        device.damaged.connect(self._device_failed)
        device.read_failed.connect(self._device_failed)
        if not device.open(QIODevice.OpenModeFlag.ReadOnly):
            device.close()
            self._show_message(READ_FAILED_MESSAGE)
            return
        self._device = device
        self._media_failed = False
        self.video_widget.setVisible(False)
        self._set_controls_enabled(True)
        self.sound_note.setVisible(not QMediaDevices.audioOutputs())
        self._set_page(MEDIA)
        if self.player.isAvailable():
            self.player.setSourceDevice(device, source_url(info))
        else:
            self._fail_media("Playback isn't available on this computer; "
                             "export a copy to play it.")
        self.preview_ready.emit(MEDIA)

    def _detach_media(self) -> None:
        # setSource(QUrl()) releases the GIL while Qt waits for its loader and demuxer
        # threads, which read from the device in Python; only then close the device.
        if self._device is not None or not self.player.source().isEmpty():
            self.player.setSource(QUrl())
        device, self._device = self._device, None
        if device is not None:
            device.close()
        self._set_slider(0, 0)
        self.position_label.setText(format_time(0))
        self.duration_label.setText(format_time(0))
        self._update_play_button()
        self._set_controls_enabled(False)
        self.video_widget.setVisible(False)

    def _device_failed(self, message: str) -> None:
        # Queued from Qt's reader threads; a closed, earlier device never reports.
        if self._device is not None and self._device.has_failed:
            self._fail_media(message)

    def _player_error(self, error: QMediaPlayer.Error, text: str) -> None:
        if error == QMediaPlayer.Error.NoError or self._device is None or self._media_failed:
            return
        if self._device.has_failed:
            self._fail_media(self._device.errorString())
            return
        reason = text.strip().rstrip(".") or "the format is not supported"
        self._fail_media(f"This recording can't be played here: {reason}.")

    def _media_status(self, status: QMediaPlayer.MediaStatus) -> None:
        if status == QMediaPlayer.MediaStatus.InvalidMedia and not self._media_failed:
            self._player_error(QMediaPlayer.Error.FormatError, self.player.errorString())

    def _fail_media(self, message: str) -> None:
        if self._media_failed:
            return
        self._media_failed = True
        self._set_controls_enabled(False)
        self.sound_note.hide()
        self.media_message.setText(message)
        self.media_message.show()
        # Unload outside the player's own signal; the device stays open until clear().
        device = self._device
        QTimer.singleShot(0, self, lambda: self._unload_failed(device))

    def _unload_failed(self, device: EncryptedMediaDevice | None) -> None:
        if device is not None and device is self._device:
            self.player.setSource(QUrl())

    def _set_controls_enabled(self, enabled: bool) -> None:
        self.play_button.setEnabled(enabled)
        self.seek_slider.setEnabled(enabled)

    def _update_play_button(self, _state: object = None) -> None:
        playing = self.player.playbackState() == QMediaPlayer.PlaybackState.PlayingState
        icon = (QStyle.StandardPixmap.SP_MediaPause if playing
                else QStyle.StandardPixmap.SP_MediaPlay)
        self.play_button.setIcon(self.style().standardIcon(icon))
        self.play_button.setText("Pause" if playing else "Play")

    def _duration_changed(self, duration: int) -> None:
        self._set_slider(self.seek_slider.value(), duration)
        self.duration_label.setText(format_time(duration))

    def _position_changed(self, position: int) -> None:
        if not self.seek_slider.isSliderDown():
            self._set_slider(position, self.seek_slider.maximum())
        self.position_label.setText(format_time(position))

    def _set_slider(self, value: int, maximum: int) -> None:
        self._syncing_slider = True
        try:
            self.seek_slider.setRange(0, max(maximum, 0))
            self.seek_slider.setValue(value)
        finally:
            self._syncing_slider = False

    def _slider_moved(self, value: int) -> None:
        if not self._syncing_slider and self._device is not None:
            self.player.setPosition(value)

    # -- pictures, text, messages ---------------------------------------------------------

    def _loaded(self, serial: int, mode: str, result: object) -> None:
        if serial != self._serial:
            return  # cleared, or another recording was chosen meanwhile
        if isinstance(result, str):
            self._show_message(result)
        elif isinstance(result, QImage):
            self._image = result
            self._set_page(IMAGE)
            self._rescale_image()
            self.preview_ready.emit(IMAGE)
        elif isinstance(result, tuple):
            text, truncated = result
            self.text_notice.setText(
                "Showing the first 2 MB only; export a copy to see all of it."
                if truncated else "")
            self.text_notice.setVisible(bool(truncated))
            self.text_view.setPlainText(text)
            self._set_page(TEXT)
            self.preview_ready.emit(TEXT)

    def _rescale_image(self) -> None:
        if self._image is None:
            return
        image, room = self._image, self.image_scroll.viewport().size()
        if image.width() > room.width() or image.height() > room.height():
            image = image.scaled(room, Qt.AspectRatioMode.KeepAspectRatio,
                                 Qt.TransformationMode.SmoothTransformation)
        self.image_label.setPixmap(QPixmap.fromImage(image))  # never larger than the view

    def _show_message(self, text: str, *, ready: bool = True) -> None:
        self.message_label.setText(text)
        self._set_page(MESSAGE)
        if ready:
            self.preview_ready.emit(MESSAGE)

    def _set_page(self, mode: str) -> None:
        self._mode = mode
        self.stack.setCurrentIndex(self._pages[mode])

    # -- events ---------------------------------------------------------------------------

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._rescale_image()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.clear()
        super().closeEvent(event)
