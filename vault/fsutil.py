"""Small file-system helpers: atomic, permission-first writes and fsync of folders."""

from __future__ import annotations

import contextlib
import os
from pathlib import Path
from typing import BinaryIO

PRIVATE_FILE_MODE = 0o600
PRIVATE_DIR_MODE = 0o700


def fsync_dir(path: Path) -> None:
    """Make a rename or unlink in `path` durable (no-op where folders can't be opened)."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def atomic_write_bytes(path: Path, data: bytes) -> None:
    """Write data to path so that a crash leaves either the old or the new file.

    The temporary file is created 0600 before anything is written (as Electrum
    does), fsynced, renamed over the target, and the folder is fsynced.
    """
    tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_NOFOLLOW", 0),
                 PRIVATE_FILE_MODE)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    fsync_dir(path.parent)


def make_private_dir(path: Path) -> None:
    path.mkdir(mode=PRIVATE_DIR_MODE, parents=True, exist_ok=True)


def open_private_new(path: Path) -> BinaryIO:
    """A new file, 0600 before its first byte, never following a link; unbuffered."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
    return os.fdopen(os.open(path, flags, PRIVATE_FILE_MODE), "wb", buffering=0)


class WritebackFile:
    """Forwards writes and starts the disk write-back of every 16 MiB as it goes.

    A large file must be fsynced before the database may refer to it; asking
    the kernel to write pages back early (POSIX_FADV_DONTNEED starts write-back
    and drops the pages once clean) overlaps that disk work with encryption,
    so the final fsync has little left to do. Where fadvise is missing it is a
    plain pass-through.
    """

    STEP = 16 * 1024 * 1024

    def __init__(self, raw: BinaryIO) -> None:
        self._raw = raw
        self._fd = raw.fileno()
        self._written = 0
        self._flushed_to = 0
        self._advise = getattr(os, "posix_fadvise", None)

    def write(self, data: bytes | memoryview) -> int:
        count = self._raw.write(data) or 0
        self._written += count
        if self._advise is not None and self._written - self._flushed_to >= self.STEP:
            try:
                self._advise(self._fd, self._flushed_to, self._written - self._flushed_to,
                             os.POSIX_FADV_DONTNEED)
            except OSError:
                self._advise = None
            self._flushed_to = self._written
        return count

    def flush(self) -> None:
        self._raw.flush()

    def fileno(self) -> int:
        return self._fd
