"""PreviewPane offscreen with a real vault: sound, picture, text, damage, clear()."""

from __future__ import annotations

import io
import math
import random
import struct
import tempfile
import wave
from collections.abc import Iterator
from functools import partial
from pathlib import Path

import pytest
from PySide6.QtCore import QBuffer, QCoreApplication, QIODevice, QSize, QThreadPool
from PySide6.QtGui import QColor, QImage
from PySide6.QtMultimedia import QMediaPlayer
from pytestqt.qtbot import QtBot

import ui.preview_loading as preview_module
import ui.preview_pane as pane_module
from tests.ui.test_media_device import flip_byte_in_chunk
from ui.media_device import DAMAGED_MESSAGE
from ui.preview_pane import IMAGE, MEDIA, MESSAGE, NO_PREVIEW, TEXT, TOO_LARGE, PreviewPane
from vault.services.recordings import RecordingInfo
from vault.vault import Vault

CANARY = "HOLDFAST-PREVIEW-CANARY"
Status = QMediaPlayer.MediaStatus


def sine_wav(seconds: float, rate: int = 8_000) -> bytes:
    out = io.BytesIO()
    with wave.open(out, "wb") as writer:
        writer.setnchannels(1)
        writer.setsampwidth(2)
        writer.setframerate(rate)
        frames = int(seconds * rate)
        writer.writeframes(b"".join(
            struct.pack("<h", int(12_000 * math.sin(2 * math.pi * 440 * i / rate)))
            for i in range(frames)))
    return out.getvalue()


def png_bytes(width: int, height: int) -> bytes:
    image = QImage(width, height, QImage.Format.Format_RGB32)
    image.fill(QColor(10, 200, 30))
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    assert image.save(buffer, "PNG")  # type: ignore[call-overload]  # stub says bytes; str works
    return bytes(buffer.data().data())


@pytest.fixture
def private_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Point Python's and Qt's temp folder at an empty folder that must stay empty."""
    folder = tmp_path / "tmp"
    folder.mkdir()
    monkeypatch.setenv("TMPDIR", str(folder))
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    yield folder
    assert list(folder.iterdir()) == [], "the preview wrote a temporary file"


@pytest.fixture
def pane(qtbot: QtBot, private_tmp: Path) -> Iterator[PreviewPane]:
    widget = PreviewPane()
    qtbot.addWidget(widget)
    widget.resize(480, 360)
    widget.show()
    yield widget
    widget.clear()


def add(vault: Vault, folder: Path, name: str, data: bytes) -> RecordingInfo:
    source = folder / "sources" / name
    source.parent.mkdir(exist_ok=True)
    source.write_bytes(data)
    return vault.recordings.import_file(source)


def files_under(folder: Path) -> set[Path]:
    return {p for p in folder.rglob("*") if p.is_file()}


def show(qtbot: QtBot, pane: PreviewPane, vault: Vault, info: RecordingInfo) -> str:
    with qtbot.waitSignal(pane.preview_ready, timeout=10_000) as blocker:
        pane.show_recording(info, partial(vault.recordings.open_reader, info.id))
    mode: str = blocker.args[0]
    return mode


def test_wav_plays_from_memory_or_says_why_not(qtbot: QtBot, pane: PreviewPane,
                                               open_vault: Vault, tmp_path: Path) -> None:
    info = add(open_vault, tmp_path, "sine.wav", sine_wav(1.0))
    before = files_under(tmp_path)
    assert show(qtbot, pane, open_vault, info) == MEDIA
    device = pane.device
    assert device is not None and device.isOpen()
    assert pane.player.source().toString().startswith("holdfast:")
    assert pane.player.source().toString().endswith(".wav")
    qtbot.waitUntil(lambda: pane.player.mediaStatus() in (Status.LoadedMedia, Status.InvalidMedia)
                    or not pane.media_message.isHidden(), timeout=10_000)
    if pane.player.mediaStatus() == Status.LoadedMedia:
        assert abs(pane.player.duration() - 1_000) <= 100
        assert pane.seek_slider.maximum() == pane.player.duration()
        assert pane.duration_label.text() == "0:01"
        with qtbot.waitSignal(pane.player.positionChanged, timeout=5_000):
            pane.seek_slider.setValue(500)
        qtbot.waitUntil(lambda: abs(pane.player.position() - 500) <= 50, timeout=5_000)
    else:  # no multimedia backend or codec here: one sentence inline, no crash
        assert pane.media_message.text()
        assert not pane.play_button.isEnabled()
    assert files_under(tmp_path) == before
    pane.clear()
    assert not device.isOpen()
    assert pane.device is None
    assert pane.player.source().isEmpty()
    assert pane.player.mediaStatus() == Status.NoMedia
    assert pane.seek_slider.value() == 0 and not pane.seek_slider.isEnabled()


def test_play_button_plays_and_pauses(qtbot: QtBot, pane: PreviewPane, open_vault: Vault,
                                      tmp_path: Path) -> None:
    info = add(open_vault, tmp_path, "sine.wav", sine_wav(5.0))
    assert show(qtbot, pane, open_vault, info) == MEDIA
    qtbot.waitUntil(lambda: pane.player.mediaStatus() != Status.LoadingMedia, timeout=10_000)
    if pane.player.mediaStatus() != Status.LoadedMedia:
        pytest.skip("QMediaPlayer cannot load a WAV file here")
    assert pane.play_button.text() == "Play"
    with qtbot.waitSignal(pane.player.playbackStateChanged, timeout=5_000):
        pane.play_button.click()
    assert pane.player.playbackState() == QMediaPlayer.PlaybackState.PlayingState
    assert pane.play_button.text() == "Pause"
    with qtbot.waitSignal(pane.player.playbackStateChanged, timeout=5_000):
        pane.play_button.click()
    assert pane.player.playbackState() == QMediaPlayer.PlaybackState.PausedState
    assert pane.play_button.text() == "Play"


def test_unplayable_audio_gets_an_inline_message(qtbot: QtBot, pane: PreviewPane,
                                                 open_vault: Vault, tmp_path: Path) -> None:
    info = add(open_vault, tmp_path, "noise.wav", random.Random(3).randbytes(5_000))
    assert show(qtbot, pane, open_vault, info) == MEDIA
    qtbot.waitUntil(lambda: not pane.media_message.isHidden(), timeout=10_000)
    assert pane.media_message.text().startswith("This recording can't be played here")
    assert not pane.play_button.isEnabled()
    pane.clear()
    assert pane.media_message.isHidden()


def test_tampered_audio_says_damaged(qtbot: QtBot, pane: PreviewPane, open_vault: Vault,
                                     tmp_path: Path) -> None:
    info = add(open_vault, tmp_path, "long.wav", sine_wav(10.0))
    flip_byte_in_chunk(open_vault, 0)  # the last chunk is checked at open, this one on read
    assert show(qtbot, pane, open_vault, info) == MEDIA
    device = pane.device
    assert device is not None
    qtbot.waitUntil(lambda: pane.media_message.text() == DAMAGED_MESSAGE, timeout=10_000)
    assert device.has_failed
    pane.clear()
    assert not device.isOpen()


def test_picture_is_shown_at_its_pixel_size(qtbot: QtBot, pane: PreviewPane,
                                            open_vault: Vault, tmp_path: Path) -> None:
    info = add(open_vault, tmp_path, "face.png", png_bytes(37, 23))
    before = files_under(tmp_path)
    assert show(qtbot, pane, open_vault, info) == IMAGE
    assert pane.mode == IMAGE
    assert pane.image is not None and pane.image.size() == QSize(37, 23)
    assert pane.image.pixelColor(5, 5) == QColor(10, 200, 30)
    assert pane.image_label.pixmap().size() == QSize(37, 23)  # small: not scaled up
    assert files_under(tmp_path) == before
    pane.clear()
    assert pane.image is None and pane.image_label.pixmap().isNull()
    assert pane.mode == MESSAGE


def test_big_picture_is_scaled_to_fit(qtbot: QtBot, pane: PreviewPane, open_vault: Vault,
                                      tmp_path: Path) -> None:
    info = add(open_vault, tmp_path, "scan.png", png_bytes(3_000, 1_500))
    assert show(qtbot, pane, open_vault, info) == IMAGE
    assert pane.image is not None and pane.image.size() == QSize(3_000, 1_500)
    shown = pane.image_label.pixmap().size()
    room = pane.image_scroll.viewport().size()
    assert shown.width() <= room.width() and shown.height() <= room.height()
    assert abs(shown.width() / shown.height() - 2) < 0.05


def test_picture_over_the_cap_is_not_decrypted(qtbot: QtBot, pane: PreviewPane,
                                               open_vault: Vault, tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(preview_module, "IMAGE_LIMIT", 100)
    monkeypatch.setattr(pane_module, "IMAGE_LIMIT", 100)
    info = add(open_vault, tmp_path, "face.png", png_bytes(40, 40))
    assert show(qtbot, pane, open_vault, info) == MESSAGE
    assert pane.message_label.text() == TOO_LARGE
    assert pane.image is None


def test_text_is_shown_read_only(qtbot: QtBot, pane: PreviewPane, open_vault: Vault,
                                 tmp_path: Path) -> None:
    text = f"Session log ✓\n{CANARY}\nline three\n"
    info = add(open_vault, tmp_path, "chat.txt", text.encode())
    before = files_under(tmp_path)
    assert show(qtbot, pane, open_vault, info) == TEXT
    assert pane.text_view.toPlainText() == text.rstrip("\n") + "\n"
    assert pane.text_view.isReadOnly()
    assert pane.text_notice.isHidden()
    after = files_under(tmp_path)
    assert after == before
    leaked = [p for p in after if "sources" not in p.parts and CANARY.encode() in p.read_bytes()]
    assert leaked == []
    pane.clear()
    assert pane.text_view.toPlainText() == ""


def test_long_text_is_cut_at_2_mb_and_says_so(qtbot: QtBot, pane: PreviewPane,
                                              open_vault: Vault, tmp_path: Path) -> None:
    line = '{"speaker": "me", "text": "hello there"}\n'
    data = (line * (3 * 1024 * 1024 // len(line))).encode()
    info = add(open_vault, tmp_path, "chat.jsonl", data)
    assert show(qtbot, pane, open_vault, info) == TEXT
    assert len(pane.text_view.toPlainText()) == preview_module.TEXT_LIMIT
    assert not pane.text_notice.isHidden()
    assert "first 2 MB" in pane.text_notice.text()


def test_other_files_get_a_friendly_sentence(qtbot: QtBot, pane: PreviewPane,
                                             open_vault: Vault, tmp_path: Path) -> None:
    info = add(open_vault, tmp_path, "capture.c3d", b"\x00\x01binary motion")
    assert show(qtbot, pane, open_vault, info) == MESSAGE
    assert pane.message_label.text() == NO_PREVIEW


def test_damaged_picture_says_so(qtbot: QtBot, pane: PreviewPane, open_vault: Vault,
                                 tmp_path: Path) -> None:
    info = add(open_vault, tmp_path, "face.png", png_bytes(300, 300) + bytes(200_000))
    flip_byte_in_chunk(open_vault, 1)
    assert show(qtbot, pane, open_vault, info) == MESSAGE
    assert pane.message_label.text() == DAMAGED_MESSAGE
    assert pane.image is None


def test_switching_quickly_shows_only_the_last_choice(qtbot: QtBot, pane: PreviewPane,
                                                      open_vault: Vault,
                                                      tmp_path: Path) -> None:
    picture = add(open_vault, tmp_path, "face.png", png_bytes(20, 20))
    sound = add(open_vault, tmp_path, "sine.wav", sine_wav(0.5))
    text = add(open_vault, tmp_path, "notes.txt", b"the last one")
    pane.show_recording(picture, partial(open_vault.recordings.open_reader, picture.id))
    pane.show_recording(sound, partial(open_vault.recordings.open_reader, sound.id))
    first_device = pane.device
    assert show(qtbot, pane, open_vault, text) == TEXT
    assert first_device is not None and not first_device.isOpen()
    assert pane.device is None and pane.image is None
    with qtbot.assertNotEmitted(pane.preview_ready):
        assert QThreadPool.globalInstance().waitForDone(10_000)
        QCoreApplication.processEvents()  # deliver any late result: it must be dropped
    assert pane.mode == TEXT and pane.image is None
    assert pane.text_view.toPlainText() == "the last one"
