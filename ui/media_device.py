"""A read-only, seekable QIODevice over the plaintext of an encrypted recording.

QMediaPlayer.setSourceDevice() plays from it, so a recording is decrypted chunk
by chunk in memory and nothing is ever written to disk. Every byte handed to Qt
comes from AgeReader.read_range(), which authenticates each 64 KiB chunk
before returning any of it; the reader keeps the last chunk it decrypted, so
sequential small reads and a 64 KiB read cost at most one chunk decryption.

Qt's FFmpeg backend reads from the device on its own loader and demuxer
threads, so every access to the reader is serialised by a lock, and close()
(from the GUI thread) waits for a read in progress to finish.

Damaged or tampered data never raises through Qt: the device records the
sentence below as its errorString(), emits `damaged` once, and from then on
reads return no data and atEnd() is true (FFmpeg sees end of file). A disk
error is handled the same way but announced by `read_failed`.
"""

from __future__ import annotations

import threading
from typing import Protocol

from PySide6.QtCore import QIODevice, QObject, Signal, SignalInstance

from vault.errors import AgePayloadError

DAMAGED_MESSAGE = "This recording is damaged or has been tampered with."
READ_FAILED_MESSAGE = "This recording could not be read from the disk."


class PlaintextReader(Protocol):
    """What the device needs from a reader (vault.crypto.age.AgeReader has it)."""

    @property
    def size(self) -> int: ...

    def read_range(self, offset: int, length: int) -> bytes: ...

    def close(self) -> None: ...


class EncryptedMediaDevice(QIODevice):
    """QIODevice over a PlaintextReader; the device owns the reader and closes it."""

    damaged = Signal(str)  # the data failed authentication (DAMAGED_MESSAGE)
    read_failed = Signal(str)  # the encrypted file could not be read (an OS error)

    def __init__(self, reader: PlaintextReader, parent: QObject | None = None) -> None:
        super().__init__()
        if parent is not None:
            self.setParent(parent)
        self._lock = threading.Lock()
        self._reader: PlaintextReader | None = reader
        self._size = reader.size
        self._failed = False

    # -- state ----------------------------------------------------------------------------

    @property
    def has_failed(self) -> bool:
        """True once a read failed (damage or disk error); errorString() says which."""
        return self._failed

    def open(self, mode: QIODevice.OpenModeFlag) -> bool:
        """Open for reading only; the device is always unbuffered (the reader caches)."""
        if mode & QIODevice.OpenModeFlag.WriteOnly:
            self.setErrorString("A recording preview is read-only.")
            return False
        if not mode & QIODevice.OpenModeFlag.ReadOnly:
            self.setErrorString("Open the recording for reading.")
            return False
        if self._reader is None:
            self.setErrorString("This recording has been closed.")
            return False
        return super().open(QIODevice.OpenModeFlag.ReadOnly | QIODevice.OpenModeFlag.Unbuffered)

    def close(self) -> None:
        """Close the device and the reader and drop them, so no plaintext is kept."""
        if self.isOpen():
            super().close()  # emits aboutToClose while the data is still there
        with self._lock:
            reader, self._reader = self._reader, None
            self._size = 0
        if reader is not None:
            reader.close()

    def isSequential(self) -> bool:
        return False

    def size(self) -> int:
        return self._size

    def seek(self, pos: int) -> bool:
        if not self.isOpen() or pos < 0 or pos > self._size:
            return False
        return super().seek(pos)

    def bytesAvailable(self) -> int:
        if not self.isOpen() or self._failed:
            return 0
        return max(self._size - self.pos(), 0)

    def atEnd(self) -> bool:
        return self.bytesAvailable() <= 0

    # -- reading --------------------------------------------------------------------------

    def readData(self, maxlen: int) -> bytes:
        """Up to maxlen authenticated bytes at pos(); b"" at the end or after a failure.

        PySide6 turns the bytes returned here into readData's byte count and
        cannot return -1, so a failure is reported by errorString(), a signal and
        atEnd() instead of by an exception, which must not cross into Qt.
        """
        if maxlen <= 0 or self._failed:
            return b""
        failure: tuple[str, SignalInstance]
        with self._lock:
            reader = self._reader
            if reader is None:
                return b""
            try:
                return reader.read_range(self.pos(), maxlen)[:maxlen]
            except AgePayloadError:
                failure = (DAMAGED_MESSAGE, self.damaged)
            except (OSError, ValueError):
                failure = (READ_FAILED_MESSAGE, self.read_failed)
        self._fail(*failure)  # outside the lock: a slot may close the device
        return b""

    def writeData(self, data: bytes | bytearray | memoryview, length: int) -> int:
        self.setErrorString("A recording preview is read-only.")
        return -1

    def _fail(self, message: str, signal: SignalInstance) -> None:
        first = not self._failed
        self._failed = True
        self.setErrorString(message)
        if first:
            signal.emit(message)
