"""What a preview needs before it shows anything: which view fits a recording, and decrypting
and decoding the start of a picture or text off the GUI thread (in memory only)."""

from __future__ import annotations

import codecs
import contextlib
import re
import threading
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QRunnable, QUrl
from PySide6.QtGui import QImage

from ui.media_device import DAMAGED_MESSAGE, READ_FAILED_MESSAGE, PlaintextReader
from vault.errors import AgePayloadError
from vault.services.recordings import RecordingInfo

IMAGE_LIMIT = 200 * 1024 * 1024
TEXT_LIMIT = 2 * 1024 * 1024
TOO_LARGE = "Too large to preview; export a copy to view it."
NO_PREVIEW = "No preview for this kind of file."
BAD_IMAGE = "This picture's format can't be shown here; export a copy to view it."
NO_SOUND = "No sound output was found on this computer, so you won't hear it play."
_TEXT_TYPES = {"application/json", "application/jsonl", "application/xml", "application/x-bvh",
               "application/x-ndjson", "application/csv"}
_SAFE_SUFFIX = re.compile(r"\.[A-Za-z0-9]{1,10}")

MEDIA, IMAGE, TEXT, MESSAGE = "media", "image", "text", "message"


def preview_mode(info: RecordingInfo) -> str:
    """MEDIA, IMAGE, TEXT, or MESSAGE (no preview), from the media type, else the kind."""
    media_type = (info.media_type or "").lower()
    major = media_type.split("/", 1)[0]
    if major in ("audio", "video"):
        return MEDIA
    if major == "image":
        return IMAGE
    if (major == "text" or media_type in _TEXT_TYPES
            or media_type.endswith(("+xml", "+json"))):
        return TEXT
    if media_type in ("", "application/octet-stream"):
        return {"voice": MEDIA, "video": MEDIA, "image": IMAGE, "chat": TEXT}.get(
            info.kind, MESSAGE)
    return MESSAGE


def source_url(info: RecordingInfo) -> QUrl:
    """holdfast:<id><suffix>: the suffix hints the format; no file name reaches the logs."""
    suffix = Path(info.original_name or "").suffix
    return QUrl(f"holdfast:{info.id}{suffix if _SAFE_SUFFIX.fullmatch(suffix) else ''}")


def format_time(ms: int) -> str:
    seconds = max(ms, 0) // 1000
    hours, rest = divmod(seconds, 3600)
    minutes, seconds = divmod(rest, 60)
    return f"{hours}:{minutes:02}:{seconds:02}" if hours else f"{minutes}:{seconds:02}"


class LoadJob(QRunnable):
    """Decrypt the start of a recording and decode it as a QImage or text; owns the reader."""

    def __init__(self, reader: PlaintextReader, mode: str, serial: int,
                 cancelled: threading.Event, done: Callable[[int, str, object], None]) -> None:
        super().__init__()
        self._reader, self._mode, self._serial = reader, mode, serial
        self._cancelled, self._done = cancelled, done

    def run(self) -> None:
        result: object
        try:
            if self._cancelled.is_set():
                return
            limit = IMAGE_LIMIT if self._mode == IMAGE else TEXT_LIMIT
            data = self._reader.read_range(0, limit)
            truncated = self._reader.size > len(data)
            result = _decode_image(data) if self._mode == IMAGE else _decode_text(data, truncated)
        except AgePayloadError:
            result = DAMAGED_MESSAGE
        except (OSError, ValueError):
            result = READ_FAILED_MESSAGE
        finally:
            self._reader.close()
            del self._reader
        if not self._cancelled.is_set():
            with contextlib.suppress(RuntimeError):  # the pane is gone
                self._done(self._serial, self._mode, result)


def _decode_image(data: bytes) -> QImage | str:
    image = QImage()
    return image if image.loadFromData(data) and not image.isNull() else BAD_IMAGE


def _decode_text(data: bytes, truncated: bool) -> tuple[str, bool]:
    decoder = codecs.getincrementaldecoder("utf-8-sig")(errors="replace")
    return decoder.decode(data, final=not truncated), truncated
