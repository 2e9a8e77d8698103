"""Recordings: import (streaming, crash-safe), list, edit, export, remove, verify."""

from __future__ import annotations

import builtins
import contextlib
import hashlib
import os
import stat
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, fields
from datetime import date, datetime
from pathlib import Path
from typing import BinaryIO, Final, cast

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from vault.crypto.age import AgeReader
from vault.errors import (
    AgeError,
    DamagedFileError,
    InvalidInputError,
    StorageError,
)
from vault.fsutil import WritebackFile, fsync_dir, open_private_new
from vault.media import DATA_KINDS, default_kind, guess_media_type, probe_duration
from vault.models import Recording
from vault.models.base import utc_text
from vault.services.lookup import find_one
from vault.storage.blobs import BlobStore
from vault.verify import VerifyReport

Progress = Callable[[int, int], None]  # (bytes done, bytes in all); may raise to cancel


@dataclass(frozen=True)
class RecordingInfo:
    id: str
    title: str
    kind: str
    original_name: str | None
    media_type: str | None
    size: int
    sha256: str
    duration_seconds: float | None
    captured_on: date | None
    notes: str | None
    tags: tuple[str, ...]
    imported_at: datetime
    updated_at: datetime

    @classmethod
    def of(cls, row: Recording) -> RecordingInfo:
        values = {f.name: getattr(row, f.name) for f in fields(cls) if f.name != "tags"}
        tags = tuple(t for t in (row.tags or "").split(",") if t)
        return cls(**values, tags=tags)

    @property
    def label(self) -> str:
        return f"{self.id[:8]} ({self.title})"

    def to_json(self) -> dict[str, object]:
        data = asdict(self)
        data["tags"] = list(self.tags)
        data["captured_on"] = self.captured_on.isoformat() if self.captured_on else None
        data["imported_at"] = utc_text(self.imported_at)
        data["updated_at"] = utc_text(self.updated_at)
        return data


# What the library's table shows and searches, as the database has it: one plain tuple per
# recording (id, title, kind, original_name, size, captured_on as ISO text, notes, tags as
# comma-separated text), so that 100,000 of them load in a fraction of a second. The rest of
# a recording (hash, media type, dates) comes with `RecordingService.get` on selection.
RecordingRow = tuple[str, str, str, str | None, int, str | None, str | None, str | None]
ROW_ID: Final = 0
ROW_TITLE: Final = 1
ROW_KIND: Final = 2
ROW_ORIGINAL_NAME: Final = 3
ROW_SIZE: Final = 4
ROW_CAPTURED_ON: Final = 5
ROW_NOTES: Final = 6
ROW_TAGS: Final = 7


def check_kind(kind: str) -> str:
    kind = kind.strip().lower()
    if kind not in DATA_KINDS:
        raise InvalidInputError(
            f"{kind!r} is not a data kind; use one of: {', '.join(DATA_KINDS)}.")
    return kind


def _clean_tags(tags: Sequence[str]) -> str | None:
    cleaned = []
    for tag in tags:
        text = tag.strip().replace(",", " ")
        if text and text not in cleaned:
            cleaned.append(text)
    return ",".join(cleaned) or None


def open_source(path: Path) -> BinaryIO:
    """Open a file to import, turning every way it can fail into one sentence."""
    try:
        handle = open(path, "rb")  # noqa: SIM115 - the caller closes it
    except FileNotFoundError:
        raise InvalidInputError(f"There is no file {path}.") from None
    except IsADirectoryError:
        raise InvalidInputError(f"{path} is a folder; choose the files inside it.") from None
    except PermissionError:
        raise InvalidInputError(f"{path} cannot be read: permission denied.") from None
    except OSError as exc:
        raise InvalidInputError(f"{path} cannot be read: {exc.strerror}.") from None
    if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
        handle.close()
        raise InvalidInputError(f"{path} is not a regular file.")
    return handle


class RecordingService:
    def __init__(self, sessions: sessionmaker[Session], blobs: BlobStore) -> None:
        self._sessions = sessions
        self._blobs = blobs

    # -- import ---------------------------------------------------------------------------

    def import_file(self, path: Path, *, kind: str | None = None, title: str | None = None,
                    captured_on: date | None = None,
                    on_progress: Progress | None = None) -> RecordingInfo:
        """Encrypt one file into the vault. Either it is stored whole, or nothing is."""
        path = Path(path)
        with open_source(path) as handle:
            before = os.fstat(handle.fileno())
            media_type = guess_media_type(path.name)
            chosen_kind = check_kind(kind) if kind else default_kind(media_type, path.name)
            duration = probe_duration(handle, media_type)
            digest = hashlib.sha256()
            done = 0

            def observe(chunk: memoryview) -> None:
                nonlocal done
                digest.update(chunk)
                done += len(chunk)
                if on_progress is not None:
                    on_progress(done, before.st_size)

            try:
                pending = self._blobs.write(handle, observe)
            except OSError as exc:
                raise StorageError(
                    f"Could not store {path.name}: {exc.strerror or exc}. Nothing was stored."
                ) from None
            try:
                after = os.fstat(handle.fileno())
                if (pending.plaintext_size != before.st_size or after.st_size != before.st_size
                        or after.st_mtime_ns != before.st_mtime_ns):
                    raise InvalidInputError(
                        f"{path} changed while it was being imported, so nothing was stored; "
                        "try again once it is no longer being written.")
                row = Recording(
                    title=(title or "").strip() or path.stem,
                    kind=chosen_kind,
                    original_name=path.name,
                    media_type=media_type,
                    size=pending.plaintext_size,
                    sha256=digest.hexdigest(),
                    duration_seconds=duration,
                    captured_on=captured_on,
                    blob_id=pending.blob_id,
                )
                with self._sessions.begin() as session:
                    session.add(row)
                    session.flush()
                    info = RecordingInfo.of(row)
            except BaseException:
                self._blobs.discard(pending)
                raise
        # The row is committed; if this rename fails, the next open finishes it.
        self._blobs.commit(pending)
        return info

    # -- queries and edits ----------------------------------------------------------------

    def list(self) -> list[RecordingInfo]:
        # Core rows, not ORM objects: no identity map or instance state per row, which made
        # 100,000 recordings several times slower to load.
        c = Recording.__table__.c
        query = (select(c.id, c.title, c.kind, c.original_name, c.media_type, c.size, c.sha256,
                        c.duration_seconds, c.captured_on, c.notes, c.tags, c.imported_at,
                        c.updated_at)
                 .order_by(c.imported_at, c.title))
        with self._sessions() as session:
            rows = session.execute(query).all()
        return [RecordingInfo(
            id=rid, title=title, kind=kind, original_name=original_name, media_type=media_type,
            size=size, sha256=sha256, duration_seconds=duration_seconds,
            captured_on=captured_on, notes=notes,
            tags=tuple(filter(None, tags.split(","))) if tags else (),
            imported_at=imported_at, updated_at=updated_at)
            for (rid, title, kind, original_name, media_type, size, sha256, duration_seconds,
                 captured_on, notes, tags, imported_at, updated_at) in rows]

    def table_rows(self) -> builtins.list[RecordingRow]:
        """The library's rows in import order, straight from the driver's cursor.

        Not through SQLAlchemy's result rows, nor made into objects: per-row objects and
        type processing were most of the 1 s that 100,000 recordings took to list."""
        with self._sessions() as session:
            cursor = session.connection().connection.dbapi_connection.cursor()  # type: ignore[union-attr]
            try:
                cursor.execute("SELECT id, title, kind, original_name, size, captured_on, notes,"
                               " tags FROM recording ORDER BY rowid")
                return cast("builtins.list[RecordingRow]", cursor.fetchall())
            finally:
                cursor.close()

    def get(self, key: str) -> RecordingInfo:
        with self._sessions() as session:
            return RecordingInfo.of(find_one(session, Recording, key, "recording"))

    def update(self, key: str, *, title: str | None = None, kind: str | None = None,
               captured_on: date | None = None, clear_captured_on: bool = False,
               notes: str | None = None, tags: Sequence[str] | None = None) -> RecordingInfo:
        with self._sessions.begin() as session:
            row = find_one(session, Recording, key, "recording")
            if title is not None:
                if not title.strip():
                    raise InvalidInputError("A recording needs a title.")
                row.title = title.strip()
            if kind is not None:
                row.kind = check_kind(kind)
            if captured_on is not None or clear_captured_on:
                row.captured_on = captured_on
            if notes is not None:
                row.notes = notes.strip() or None
            if tags is not None:
                row.tags = _clean_tags(tags)
            session.flush()
            return RecordingInfo.of(row)

    def blob_ids(self) -> set[str]:
        with self._sessions() as session:
            return set(session.scalars(select(Recording.blob_id)))

    # -- reading back ---------------------------------------------------------------------

    def open_reader(self, key: str) -> AgeReader:
        """Seekable plaintext, decrypted chunk by chunk in memory (for playback)."""
        info, blob_id = self._row(key)
        try:
            return self._blobs.open_reader(blob_id)
        except FileNotFoundError:
            raise DamagedFileError(f"Recording {info.label} is missing its encrypted file.") \
                from None
        except AgeError:
            raise self._damaged(info) from None

    def export_to_stream(self, key: str, dst: BinaryIO) -> RecordingInfo:
        """Decrypt to an open stream (e.g. stdout). Only authenticated bytes are written."""
        info, blob_id = self._row(key)
        size, digest = self._decrypt_checked(info, blob_id, dst)
        if size != info.size or digest != info.sha256:
            raise self._damaged(info)
        return info

    def _decrypt_checked(self, info: RecordingInfo, blob_id: str,
                         dst: BinaryIO) -> tuple[int, str]:
        """Decrypt, hashing alongside; age failures become one sentence naming the recording."""
        digest = hashlib.sha256()
        try:
            size = self._blobs.decrypt_to(blob_id, dst, digest.update)
        except FileNotFoundError:
            raise DamagedFileError(f"Recording {info.label} is missing its encrypted file.") \
                from None
        except AgeError:
            raise self._damaged(info) from None
        return size, digest.hexdigest()

    def export_to_file(self, key: str, dest: Path, *, overwrite: bool = False) -> RecordingInfo:
        """Write the decrypted copy beside dest and rename it only once all of it checked out."""
        info = self.get(key)
        dest = Path(dest)
        if dest.is_dir():
            dest = dest / (info.original_name or f"{info.id}.bin")
        if dest.exists() and not overwrite:
            raise InvalidInputError(f"{dest} already exists; choose another name.")
        tmp = dest.with_name(f".{dest.name}.holdfast-partial-{os.getpid()}")
        try:
            with open_private_new(tmp) as raw:
                out = WritebackFile(raw)
                self.export_to_stream(info.id, out)  # type: ignore[arg-type]
                out.sync()
            os.replace(tmp, dest)
        except OSError as exc:
            with contextlib.suppress(OSError):
                tmp.unlink()
            raise StorageError(f"Could not write {dest}: {exc.strerror or exc}.") from None
        except BaseException:
            with contextlib.suppress(OSError):
                tmp.unlink()
            raise
        fsync_dir(dest.parent)
        return info

    # -- removal --------------------------------------------------------------------------

    def remove(self, key: str) -> RecordingInfo:
        """Delete the row and the blob; a crash half-way is settled at the next open."""
        with self._sessions.begin() as session:
            row = find_one(session, Recording, key, "recording")
            info = RecordingInfo.of(row)
            staged = self._blobs.stage_removal(row.blob_id)
            try:
                session.delete(row)
                session.flush()
            except BaseException:
                self._blobs.undo_removal(row.blob_id, staged)
                raise
        self._blobs.finish_removal(staged)
        return info

    # -- verification ---------------------------------------------------------------------

    def verify(self, report: VerifyReport, on_progress: Progress | None = None) -> None:
        """Decrypt every blob end to end; compare size and SHA-256 with the database."""
        recordings = self.list()
        with self._sessions() as session:
            blob_of = {rid: bid for rid, bid in
                       session.execute(select(Recording.id, Recording.blob_id))}
        stored = self._blobs.stored_ids()
        total = sum(r.size for r in recordings)
        checked = 0
        for info in recordings:
            blob_id = blob_of[info.id]
            if blob_id not in stored:
                report.problems.append(
                    f"Recording {info.label}: its encrypted file blobs/{blob_id} is missing.")
                continue
            digest = hashlib.sha256()
            try:
                size = self._blobs.decrypt_to(blob_id, _DISCARD, digest.update)
            except AgeError:
                report.problems.append(
                    f"Recording {info.label} is damaged or has been tampered with.")
                continue
            except OSError as exc:
                report.problems.append(
                    f"Recording {info.label}: its file cannot be read ({exc.strerror}).")
                continue
            if size != info.size or digest.hexdigest() != info.sha256:
                report.problems.append(
                    f"Recording {info.label} does not match its stored size and SHA-256.")
            report.recordings_checked += 1
            report.bytes_checked += size
            checked += info.size
            if on_progress is not None:
                on_progress(checked, total)

    # -- helpers --------------------------------------------------------------------------

    def _row(self, key: str) -> tuple[RecordingInfo, str]:
        with self._sessions() as session:
            row = find_one(session, Recording, key, "recording")
            return RecordingInfo.of(row), row.blob_id

    @staticmethod
    def _damaged(info: RecordingInfo) -> DamagedFileError:
        return DamagedFileError(
            f"Recording {info.label} is damaged or has been tampered with; "
            "its content cannot be trusted.")


class _Discard:
    """A sink for verify: the plaintext is only hashed, never kept."""

    def write(self, data: bytes | memoryview) -> int:
        return len(data)

    def flush(self) -> None:
        pass


_DISCARD: BinaryIO = _Discard()  # type: ignore[assignment]
