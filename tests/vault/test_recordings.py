"""The recording store against real files: import, export, faults, tampering, recovery."""

from __future__ import annotations

import errno
import hashlib
import io
import os
import struct
import wave
from datetime import date
from pathlib import Path
from typing import BinaryIO

import pytest

from tests.conftest import PASSWORD
from vault.errors import (
    DamagedFileError,
    InvalidInputError,
    OperationCancelled,
    StorageError,
)
from vault.services.recordings import (
    ROW_CAPTURED_ON,
    ROW_ID,
    ROW_KIND,
    ROW_NOTES,
    ROW_ORIGINAL_NAME,
    ROW_SIZE,
    ROW_TAGS,
    ROW_TITLE,
)
from vault.storage.blobs import BlobStore
from vault.vault import Vault, unlock_vault

CANARY = b"HOLDFAST-PLAINTEXT-CANARY-" * 40


def make_file(path: Path, size: int, seed: int = 1) -> bytes:
    data = hashlib.sha256(str(seed).encode()).digest() + CANARY + bytes(range(256)) * 64
    data = (data * (size // len(data) + 1))[:size]
    path.write_bytes(data)
    return data


def blob_files(vault: Vault) -> list[Path]:
    return sorted(p for p in vault.location.blobs_dir.rglob("*") if p.is_file())


def test_import_list_and_read_back(open_vault: Vault, tmp_path: Path) -> None:
    data = make_file(tmp_path / "morning-walk.mp4", 300_001)
    rec = open_vault.recordings.import_file(tmp_path / "morning-walk.mp4")
    assert (rec.title, rec.kind, rec.media_type) == ("morning-walk", "video", "video/mp4")
    assert rec.size == len(data)
    assert rec.sha256 == hashlib.sha256(data).hexdigest()
    assert rec.original_name == "morning-walk.mp4"
    assert [r.id for r in open_vault.recordings.list()] == [rec.id]
    with open_vault.recordings.open_reader(rec.id[:6]) as reader:
        assert reader.read_range(65_530, 20) == data[65_530:65_550]
        reader.seek(len(data) - 5)
        assert reader.read() == data[-5:]
    out = io.BytesIO()
    open_vault.recordings.export_to_stream(rec.id, out)
    assert out.getvalue() == data


@pytest.mark.parametrize(("name", "kind"), [("a.wav", "voice"), ("a.mov", "video"),
                                            ("a.jpg", "image"), ("a.txt", "chat"),
                                            ("a.bvh", "gait"), ("a.gpx", "location"),
                                            ("a.bin", "other")])
def test_kind_defaults_from_media_type(open_vault: Vault, tmp_path: Path, name: str,
                                       kind: str) -> None:
    make_file(tmp_path / name, 10)
    assert open_vault.recordings.import_file(tmp_path / name).kind == kind


def test_explicit_kind_title_and_date(open_vault: Vault, tmp_path: Path) -> None:
    from datetime import date

    make_file(tmp_path / "scan.bin", 100)
    rec = open_vault.recordings.import_file(tmp_path / "scan.bin", kind="face",
                                            title="Face scan, studio 3",
                                            captured_on=date(2026, 3, 1))
    assert (rec.kind, rec.title, rec.captured_on) == ("face", "Face scan, studio 3",
                                                      date(2026, 3, 1))
    with pytest.raises(InvalidInputError, match="not a data kind"):
        open_vault.recordings.import_file(tmp_path / "scan.bin", kind="selfie")


def test_empty_file(open_vault: Vault, tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_bytes(b"")
    rec = open_vault.recordings.import_file(tmp_path / "empty.txt")
    assert rec.size == 0
    assert open_vault.verify().ok


def test_wav_and_mp4_durations(open_vault: Vault, tmp_path: Path) -> None:
    with wave.open(str(tmp_path / "hello.wav"), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(8000)
        w.writeframes(b"\0\0" * 12000)
    assert open_vault.recordings.import_file(tmp_path / "hello.wav").duration_seconds == 1.5
    mvhd_body = struct.pack(">B3xIIII", 0, 0, 0, 600, 600 * 42) + b"\0" * 80
    mvhd = struct.pack(">I4s", 8 + len(mvhd_body), b"mvhd") + mvhd_body
    moov = struct.pack(">I4s", 8 + len(mvhd), b"moov") + mvhd
    ftyp = struct.pack(">I4s", 16, b"ftyp") + b"isom\0\0\0\0"
    mdat = struct.pack(">I4s", 1008, b"mdat") + b"\1" * 1000
    (tmp_path / "clip.mp4").write_bytes(ftyp + mdat + moov)
    assert open_vault.recordings.import_file(tmp_path / "clip.mp4").duration_seconds == 42.0
    (tmp_path / "broken.mp4").write_bytes(b"\0\0\0\3junk")
    assert open_vault.recordings.import_file(tmp_path / "broken.mp4").duration_seconds is None


def test_nothing_in_plaintext_on_disk(open_vault: Vault, vault_dir: Path, tmp_path: Path) -> None:
    make_file(tmp_path / "secret-voice.wav", 200_000)
    open_vault.recordings.import_file(tmp_path / "secret-voice.wav", title="Secret title XYZZY")
    open_vault.close()
    for path in vault_dir.rglob("*"):
        if path.is_file():
            content = path.read_bytes()
            assert b"HOLDFAST-PLAINTEXT-CANARY" not in content, path
            assert b"XYZZY" not in content and b"secret-voice" not in content, path


@pytest.mark.parametrize("problem", ["missing", "directory", "fifo", "unreadable"])
def test_bad_source_paths(open_vault: Vault, tmp_path: Path, problem: str,
                          monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "x.wav"
    expected = {"missing": "no file", "directory": "folder", "fifo": "not a regular file",
                "unreadable": "permission denied"}[problem]
    if problem == "directory":
        target.mkdir()
    elif problem == "fifo":
        os.mkfifo(target)
        target = tmp_path / "x.wav"
    elif problem == "unreadable":
        make_file(target, 10)
        real_open = open

        def refuse(path: object, *args: object, **kwargs: object) -> object:
            # Tests run as root in CI, where chmod 000 does not stop reads: the OS
            # refusal is injected at the open() call instead.
            if Path(str(path)) == target:
                raise PermissionError(errno.EACCES, "Permission denied", str(path))
            return real_open(path, *args, **kwargs)  # type: ignore[call-overload]

        monkeypatch.setattr("builtins.open", refuse)
    if problem == "fifo":
        # Opening a FIFO for reading blocks until a writer comes; use O_NONBLOCK writer.
        fd = os.open(target, os.O_RDONLY | os.O_NONBLOCK)
        writer = os.open(target, os.O_WRONLY | os.O_NONBLOCK)
        try:
            with pytest.raises(InvalidInputError, match=expected):
                open_vault.recordings.import_file(target)
        finally:
            os.close(writer)
            os.close(fd)
    else:
        with pytest.raises(InvalidInputError, match=expected):
            open_vault.recordings.import_file(target)
    assert open_vault.recordings.list() == []
    assert blob_files(open_vault) == []


def test_file_changing_while_read(open_vault: Vault, tmp_path: Path) -> None:
    source = tmp_path / "growing.mp4"
    make_file(source, 400_000)

    appended = []

    def append_once(done: int, total: int) -> None:
        if not appended:  # a recorder still writing to the file while we read it
            appended.append(done)
            with open(source, "ab") as handle:
                handle.write(b"more bytes from a recorder still running")

    with pytest.raises(InvalidInputError, match="changed while"):
        open_vault.recordings.import_file(source, on_progress=append_once)
    assert open_vault.recordings.list() == []
    assert blob_files(open_vault) == []


class _FullDisk(io.RawIOBase):
    """Stands in for the OS: accepts `limit` bytes, then fails like a full disk."""

    def __init__(self, real: BinaryIO, limit: int) -> None:
        self._real = real
        self._left = limit

    def writable(self) -> bool:
        return True

    def write(self, data: object) -> int:
        view = memoryview(data).cast("B")  # type: ignore[arg-type]
        if len(view) > self._left:
            raise OSError(errno.ENOSPC, "No space left on device")
        self._left -= len(view)
        return self._real.write(view)

    def fileno(self) -> int:
        return self._real.fileno()

    def close(self) -> None:
        self._real.close()
        super().close()


@pytest.mark.parametrize("limit", [0, 100, 70_000, 1_000_000])
def test_disk_full_stores_nothing(open_vault: Vault, tmp_path: Path, limit: int,
                                  monkeypatch: pytest.MonkeyPatch) -> None:
    make_file(tmp_path / "first.wav", 5_000)
    first = open_vault.recordings.import_file(tmp_path / "first.wav")
    make_file(tmp_path / "big.mp4", 2_000_000)
    real_open_new = BlobStore._open_new
    monkeypatch.setattr(BlobStore, "_open_new",
                        lambda self, path: _FullDisk(real_open_new(self, path), limit))
    with pytest.raises(StorageError, match=r"No space left on device\. Nothing was stored"):
        open_vault.recordings.import_file(tmp_path / "big.mp4")
    assert [r.id for r in open_vault.recordings.list()] == [first.id]
    assert len(blob_files(open_vault)) == 1
    assert open_vault.verify().ok


def test_cancel_from_progress_stores_nothing(open_vault: Vault, tmp_path: Path) -> None:
    make_file(tmp_path / "long.mp4", 3_000_000)

    def cancel(done: int, total: int) -> None:
        if done > 0:
            raise OperationCancelled("Import cancelled; nothing was stored.")

    with pytest.raises(OperationCancelled):
        open_vault.recordings.import_file(tmp_path / "long.mp4", on_progress=cancel)
    assert open_vault.recordings.list() == []
    assert blob_files(open_vault) == []


def _flip_bit(path: Path, offset: int) -> None:
    with open(path, "r+b") as handle:
        handle.seek(offset)
        byte = handle.read(1)[0]
        handle.seek(offset)
        handle.write(bytes([byte ^ 0x10]))


@pytest.mark.parametrize("where", ["header", "first-chunk", "last-byte"])
def test_flipped_bit_is_found(open_vault: Vault, tmp_path: Path, where: str) -> None:
    make_file(tmp_path / "face.jpg", 150_000)
    rec = open_vault.recordings.import_file(tmp_path / "face.jpg")
    (blob,) = blob_files(open_vault)
    offset = {"header": 40, "first-chunk": 400, "last-byte": blob.stat().st_size - 1}[where]
    _flip_bit(blob, offset)
    report = open_vault.verify()
    assert not report.ok
    assert report.problems == [f"Recording {rec.id[:8]} (face) is damaged or has been "
                               "tampered with."]
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    with pytest.raises(DamagedFileError, match=rf"Recording {rec.id[:8]} .*damaged"):
        open_vault.recordings.export_to_file(rec.id, out_dir / "face.jpg")
    assert list(out_dir.iterdir()) == []  # no partial plaintext left behind


def test_swapped_blobs_are_found(open_vault: Vault, tmp_path: Path) -> None:
    make_file(tmp_path / "a.wav", 1000, seed=1)
    make_file(tmp_path / "b.wav", 1000, seed=2)
    open_vault.recordings.import_file(tmp_path / "a.wav")
    open_vault.recordings.import_file(tmp_path / "b.wav")
    first, second = blob_files(open_vault)
    a, b = first.read_bytes(), second.read_bytes()
    first.write_bytes(b)
    second.write_bytes(a)
    problems = open_vault.verify().problems
    assert len(problems) == 2
    assert all("does not match its stored size and SHA-256" in p for p in problems)


def test_missing_orphan_and_stray_blobs(open_vault: Vault, tmp_path: Path) -> None:
    make_file(tmp_path / "gone.wav", 1000)
    gone = open_vault.recordings.import_file(tmp_path / "gone.wav")
    (blob,) = blob_files(open_vault)
    blob.unlink()
    orphan = open_vault.location.blobs_dir / ("ab" * 16)
    orphan.write_bytes(b"not really age")
    (open_vault.location.blobs_dir / "notes.txt").write_text("hello")
    problems = open_vault.verify().problems
    assert f"Recording {gone.id[:8]} (gone): its encrypted file blobs/" in problems[0]
    assert problems[0].endswith("is missing.")
    assert problems[1] == (f"blobs/{'ab' * 16}: an encrypted file that no recording or "
                           "document refers to.")
    assert problems[2] == "blobs/notes.txt: not a file Holdfast made."


def test_remove_deletes_row_and_blob(open_vault: Vault, tmp_path: Path) -> None:
    make_file(tmp_path / "a.wav", 1000)
    rec = open_vault.recordings.import_file(tmp_path / "a.wav")
    open_vault.recordings.remove(rec.id)
    assert open_vault.recordings.list() == []
    assert blob_files(open_vault) == []
    assert open_vault.verify().ok


def test_export_refuses_to_overwrite(open_vault: Vault, tmp_path: Path) -> None:
    data = make_file(tmp_path / "a.wav", 1000)
    rec = open_vault.recordings.import_file(tmp_path / "a.wav")
    with pytest.raises(InvalidInputError, match="already exists"):
        open_vault.recordings.export_to_file(rec.id, tmp_path / "a.wav")
    open_vault.recordings.export_to_file(rec.id, tmp_path / "a.wav", overwrite=True)
    assert (tmp_path / "a.wav").read_bytes() == data
    out = tmp_path / "dir"
    out.mkdir()
    open_vault.recordings.export_to_file(rec.id, out)
    assert (out / "a.wav").read_bytes() == data


def test_edit_metadata(open_vault: Vault, tmp_path: Path) -> None:
    make_file(tmp_path / "a.wav", 10)
    rec = open_vault.recordings.import_file(tmp_path / "a.wav")
    edited = open_vault.recordings.update(rec.id, title="Reading, take 2", kind="voice",
                                          notes="for VoiceCo", tags=["studio", "take2", "studio"])
    assert (edited.title, edited.notes, edited.tags) == ("Reading, take 2", "for VoiceCo",
                                                         ("studio", "take2"))
    with pytest.raises(InvalidInputError):
        open_vault.recordings.update(rec.id, title="  ")


def test_recovery_settles_interrupted_work(open_vault: Vault, vault_dir: Path,
                                           tmp_path: Path) -> None:
    """Each state a kill can leave behind, made by hand, is settled at the next open."""
    make_file(tmp_path / "a.wav", 1000, seed=1)
    make_file(tmp_path / "b.wav", 1000, seed=2)
    kept = open_vault.recordings.import_file(tmp_path / "a.wav")
    removed = open_vault.recordings.import_file(tmp_path / "b.wav")
    blobs = open_vault.location.blobs_dir
    ids = {r.id: bid for r in open_vault.recordings.list()
           for bid in [open_vault.recordings._row(r.id)[1]]}
    # 1. committed row, blob still under .incoming (killed before the rename)
    (blobs / ".incoming").mkdir(exist_ok=True)
    os.replace(blobs / ids[kept.id], blobs / ".incoming" / ids[kept.id])
    # 2. an interrupted import: blob under .incoming, no row
    (blobs / ".incoming" / ("cd" * 16)).write_bytes(b"partial")
    # 3. removal interrupted after the row was deleted: blob under .trash, no row
    with open_vault.engine.begin() as conn:
        conn.exec_driver_sql("DELETE FROM recording WHERE id = ?", (removed.id,))
    (blobs / ".trash").mkdir(exist_ok=True)
    os.replace(blobs / ids[removed.id], blobs / ".trash" / ids[removed.id])
    open_vault.close()
    with unlock_vault(vault_dir, PASSWORD) as again:
        assert again.last_recovery.completed == 1
        assert again.last_recovery.discarded == 1
        assert again.last_recovery.purged == 1
        assert [r.id for r in again.recordings.list()] == [kept.id]
        assert again.verify().ok
        assert sorted(p.name for p in blob_files(again)) == [ids[kept.id]]


def test_table_rows_agree_with_the_full_listing(open_vault: Vault, tmp_path: Path) -> None:
    """The library's fast tuples say the same as RecordingInfo, in import order."""
    imported = []
    for name in ("b.wav", "a.wav", "c.txt"):
        (tmp_path / name).write_bytes(name.encode() * 50)
        imported.append(open_vault.recordings.import_file(tmp_path / name).id)
    first = open_vault.recordings.get(imported[0])
    open_vault.recordings.update(first.id, captured_on=date(2025, 2, 3), notes="booth 4",
                                 tags=("studio", "en"))
    rows = open_vault.recordings.table_rows()
    assert [row[ROW_ID] for row in rows] == imported
    infos = [open_vault.recordings.get(rid) for rid in imported]
    for row, info in zip(rows, infos, strict=True):
        assert row[ROW_TITLE] == info.title and row[ROW_KIND] == info.kind
        assert row[ROW_ORIGINAL_NAME] == info.original_name and row[ROW_SIZE] == info.size
        assert row[ROW_CAPTURED_ON] == (info.captured_on.isoformat() if info.captured_on
                                        else None)
        assert row[ROW_NOTES] == info.notes
        assert tuple(filter(None, (row[ROW_TAGS] or "").split(","))) == info.tags
    assert rows[0][ROW_CAPTURED_ON] == "2025-02-03" and rows[0][ROW_TAGS] == "studio,en"
