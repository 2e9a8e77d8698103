"""EncryptedMediaDevice over real vault recordings: reads, seeks, damage, close."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from PySide6.QtCore import QIODevice
from pytestqt.qtbot import QtBot

from ui.media_device import DAMAGED_MESSAGE, EncryptedMediaDevice
from vault.crypto.age import AgeReader
from vault.crypto.age_stream import ENC_CHUNK_SIZE
from vault.vault import Vault

SIZES = (0, 1, 65_535, 65_536, 65_537, 200_000)
READ_ONLY = QIODevice.OpenModeFlag.ReadOnly


def import_data(vault: Vault, tmp_path: Path, size: int) -> tuple[str, bytes]:
    data = random.Random(size).randbytes(size)
    source = tmp_path / f"sample-{size}.bin"
    source.write_bytes(data)
    return vault.recordings.import_file(source).id, data


def read_all(device: QIODevice, piece: int) -> bytes:
    out = bytearray()
    while not device.atEnd():
        chunk = device.read(piece).data()
        assert chunk, "read returned nothing before the end"
        out += chunk
    return bytes(out)


class CountingReader:
    """The real reader, counting the plaintext bytes asked of it."""

    def __init__(self, reader: AgeReader) -> None:
        self.reader = reader
        self.requested = 0
        self.calls = 0

    @property
    def size(self) -> int:
        return self.reader.size

    def read_range(self, offset: int, length: int) -> bytes:
        self.calls += 1
        self.requested += min(length, max(self.reader.size - offset, 0))
        return self.reader.read_range(offset, length)

    def close(self) -> None:
        self.reader.close()


@pytest.mark.parametrize("size", SIZES)
def test_sequential_reads_match_plaintext(open_vault: Vault, tmp_path: Path, size: int) -> None:
    rec_id, data = import_data(open_vault, tmp_path, size)
    for piece in (1_000, 4_096, 65_536, 1 << 20):
        device = EncryptedMediaDevice(open_vault.recordings.open_reader(rec_id))
        assert device.open(READ_ONLY)
        assert not device.isSequential()
        assert device.size() == size
        assert device.bytesAvailable() == size
        assert device.atEnd() == (size == 0)
        assert read_all(device, piece) == data
        assert device.atEnd() and device.pos() == size
        assert device.read(10).data() == b""
        device.close()


@pytest.mark.parametrize("size", SIZES)
def test_seek_then_read_is_the_plaintext_slice(open_vault: Vault, tmp_path: Path,
                                               size: int) -> None:
    rec_id, data = import_data(open_vault, tmp_path, size)
    device = EncryptedMediaDevice(open_vault.recordings.open_reader(rec_id))
    assert device.open(READ_ONLY)
    offsets = [0, 1, 65_535, 65_536, 65_537, 131_071, size - 1, size // 2, 7]
    for offset in [o for o in offsets if 0 <= o < size] + [0]:
        assert device.seek(offset)
        assert device.pos() == offset
        assert device.bytesAvailable() == size - offset
        assert device.read(70_000).data() == data[offset:offset + 70_000]
    assert device.seek(size)
    assert device.atEnd() and device.read(5).data() == b""
    assert not device.seek(size + 1)
    assert not device.seek(-1)
    if size:
        assert device.seek(size - 1) and device.peek(10).data() == data[-1:]
        assert device.pos() == size - 1
    device.close()


def test_64k_reads_decrypt_each_byte_once(open_vault: Vault, tmp_path: Path) -> None:
    rec_id, data = import_data(open_vault, tmp_path, 200_000)
    reader = CountingReader(open_vault.recordings.open_reader(rec_id))
    device = EncryptedMediaDevice(reader)
    assert device.open(READ_ONLY)
    assert read_all(device, 65_536) == data
    assert reader.calls == 4
    assert reader.requested == len(data)  # no read amplification through Qt
    device.close()


def test_write_modes_are_refused(open_vault: Vault, tmp_path: Path) -> None:
    rec_id, _ = import_data(open_vault, tmp_path, 10)
    device = EncryptedMediaDevice(open_vault.recordings.open_reader(rec_id))
    assert not device.open(QIODevice.OpenModeFlag.ReadWrite)
    assert not device.open(QIODevice.OpenModeFlag.WriteOnly)
    assert "read-only" in device.errorString()
    assert device.open(READ_ONLY)
    assert device.write(b"x") == -1
    device.close()


def test_close_closes_the_reader_and_forgets_it(open_vault: Vault, tmp_path: Path) -> None:
    rec_id, data = import_data(open_vault, tmp_path, 70_000)
    reader = open_vault.recordings.open_reader(rec_id)
    device = EncryptedMediaDevice(reader)
    assert device.open(READ_ONLY)
    assert device.read(5).data() == data[:5]
    device.close()
    assert reader.closed
    assert not device.isOpen()
    assert device.size() == 0
    assert not device.open(READ_ONLY)  # a closed recording cannot be reopened
    assert device.read(5).data() == b""
    device.close()  # twice is harmless


def flip_byte_in_chunk(vault: Vault, chunk: int) -> None:
    (blob,) = [p for p in vault.location.blobs_dir.rglob("*") if p.is_file()]
    raw = bytearray(blob.read_bytes())
    header_end = raw.index(b"\n", raw.index(b"\n--- ") + 1) + 1
    raw[header_end + 16 + chunk * ENC_CHUNK_SIZE + 100] ^= 0x01  # after the 16-byte nonce
    blob.write_bytes(bytes(raw))


def test_tampered_chunk_emits_damaged_and_reads_nothing(
        qtbot: QtBot, open_vault: Vault, tmp_path: Path) -> None:
    rec_id, data = import_data(open_vault, tmp_path, 200_000)
    flip_byte_in_chunk(open_vault, 1)
    device = EncryptedMediaDevice(open_vault.recordings.open_reader(rec_id))
    assert device.open(READ_ONLY)
    assert device.read(1_000).data() == data[:1_000]  # chunk 0 is intact
    assert device.seek(70_000)
    with qtbot.waitSignal(device.damaged, timeout=1_000) as blocker:
        result = device.read(100)
    assert blocker.args == [DAMAGED_MESSAGE]
    assert result.data() == b""
    assert device.errorString() == DAMAGED_MESSAGE
    assert device.has_failed and device.atEnd() and device.bytesAvailable() == 0
    with qtbot.assertNotEmitted(device.damaged):  # announced once
        assert device.seek(0)
        assert device.read(10).data() == b""  # nothing more is trusted
    device.close()
