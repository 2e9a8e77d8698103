"""What a file is: media type, the data kind it most likely holds, and its duration.

Duration is read only where it is cheap and certain: the header of a WAV file
and the movie header (mvhd) of MP4/MOV files. Anything else gets no duration
rather than a guess.
"""

from __future__ import annotations

import mimetypes
import struct
import wave
from pathlib import Path
from typing import BinaryIO

DATA_KINDS = ("voice", "video", "face", "image", "gait", "chat", "health", "browsing",
              "location", "other")

_EXTRA_TYPES = {
    ".m4a": "audio/mp4", ".opus": "audio/ogg", ".flac": "audio/flac", ".webm": "video/webm",
    ".mkv": "video/x-matroska", ".heic": "image/heic", ".bvh": "application/x-bvh",
    ".c3d": "application/x-c3d", ".fbx": "application/octet-stream", ".gpx":
    "application/gpx+xml", ".kml": "application/vnd.google-earth.kml+xml",
    ".jsonl": "application/jsonl", ".md": "text/markdown",
}
_KIND_BY_SUFFIX = {".bvh": "gait", ".c3d": "gait", ".fbx": "gait", ".gpx": "location",
                   ".kml": "location", ".jsonl": "chat", ".har": "browsing"}


def guess_media_type(name: str) -> str:
    suffix = Path(name).suffix.lower()
    if suffix in _EXTRA_TYPES:
        return _EXTRA_TYPES[suffix]
    guessed, _ = mimetypes.guess_type(name, strict=False)
    return guessed or "application/octet-stream"


def default_kind(media_type: str, name: str = "") -> str:
    """voice for audio, video for video, image for pictures, chat for text, else other."""
    by_suffix = _KIND_BY_SUFFIX.get(Path(name).suffix.lower())
    if by_suffix:
        return by_suffix
    major = media_type.split("/", 1)[0]
    if major == "audio":
        return "voice"
    if major == "video":
        return "video"
    if major == "image":
        return "image"
    if major == "text" or media_type in ("application/json", "application/jsonl"):
        return "chat"
    return "other"


def probe_duration(handle: BinaryIO, media_type: str) -> float | None:
    """Seconds of audio/video when the container says so in its header; else None.

    Reads at most a few kilobytes plus a walk over top-level MP4 boxes, and
    leaves the handle's position where it was.
    """
    position = handle.tell()
    try:
        if media_type in ("audio/x-wav", "audio/wav", "audio/wave", "audio/vnd.wave"):
            return _wav_duration(handle)
        if media_type in ("video/mp4", "audio/mp4", "video/quicktime"):
            return _mp4_duration(handle)
        return None
    except (OSError, EOFError, wave.Error, struct.error, ValueError):
        return None
    finally:
        handle.seek(position)


def _wav_duration(handle: BinaryIO) -> float | None:
    with wave.open(handle, "rb") as reader:
        rate = reader.getframerate()
        return reader.getnframes() / rate if rate else None


def _mp4_duration(handle: BinaryIO) -> float | None:
    """Find moov/mvhd among the top-level boxes and read timescale and duration."""
    handle.seek(0, 2)
    end = handle.tell()
    offset = 0
    while offset + 8 <= end:
        handle.seek(offset)
        size, box = struct.unpack(">I4s", handle.read(8))
        header = 8
        if size == 1:
            size = struct.unpack(">Q", handle.read(8))[0]
            header = 16
        elif size == 0:
            size = end - offset
        if size < header:
            return None
        if box == b"moov":
            return _mvhd_in(handle, offset + header, offset + size)
        offset += size
    return None


def _mvhd_in(handle: BinaryIO, start: int, stop: int) -> float | None:
    offset = start
    while offset + 8 <= stop:
        handle.seek(offset)
        size, box = struct.unpack(">I4s", handle.read(8))
        if size < 8:
            return None
        if box == b"mvhd":
            version = handle.read(4)[0]
            if version == 1:
                _, _, timescale, duration = struct.unpack(">QQIQ", handle.read(28))
            else:
                _, _, timescale, duration = struct.unpack(">IIII", handle.read(16))
            return duration / timescale if timescale else None
        offset += size
    return None
