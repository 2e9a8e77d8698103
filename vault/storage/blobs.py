"""blobs/: one age file per recording or document, named by a random id.

Crash safety without a journal of our own: a new blob is written and fsynced
under blobs/.incoming/ and moved into place only after its database row is
committed; a blob being removed is first moved to blobs/.trash/. recover()
runs at every open and settles both folders by asking the database which ids
it knows, so a kill at any moment leaves either the old or the new state.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import os
import secrets
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from vault.crypto.age import AgeReader, X25519Identity, decrypt_stream, encrypt_stream
from vault.errors import AgeError, DamagedFileError
from vault.fsutil import WritebackFile, fsync_dir, make_private_dir, open_private_new

INCOMING = ".incoming"
TRASH = ".trash"
_ID_BYTES = 16

ChunkObserver = Callable[[memoryview], None]


def new_blob_id() -> str:
    return secrets.token_hex(_ID_BYTES)


def _is_blob_name(name: str) -> bool:
    return len(name) == 2 * _ID_BYTES and all(c in "0123456789abcdef" for c in name)


@dataclass(frozen=True)
class PendingBlob:
    """A fully written, fsynced blob waiting for its database row."""

    blob_id: str
    path: Path
    plaintext_size: int


@dataclass(frozen=True)
class RecoveryReport:
    completed: int = 0  # committed rows whose blob was still under .incoming
    discarded: int = 0  # interrupted imports without a row
    restored: int = 0  # removals interrupted before the row was deleted
    purged: int = 0  # removals interrupted after the row was deleted


class BlobStore:
    def __init__(self, root: Path, identity: X25519Identity) -> None:
        self.root = root
        self._identity = identity
        self._incoming = root / INCOMING
        self._trash = root / TRASH

    @property
    def recipient_string(self) -> str:
        return self._identity.recipient.to_string()

    def path_of(self, blob_id: str) -> Path:
        if not _is_blob_name(blob_id):
            raise ValueError(f"not a blob id: {blob_id!r}")
        return self.root / blob_id

    def _open_new(self, path: Path) -> BinaryIO:
        """Create a new private file (0600 before the first byte, never following links)."""
        return open_private_new(path)

    def write(self, src: BinaryIO, on_chunk: ChunkObserver | None = None) -> PendingBlob:
        """Encrypt src into .incoming/<new id>; on any failure nothing is left behind."""
        make_private_dir(self._incoming)
        blob_id = new_blob_id()
        path = self._incoming / blob_id
        try:
            with self._open_new(path) as raw:
                dst = WritebackFile(raw)
                size = encrypt_stream(src, dst, [self._identity.recipient],  # type: ignore[arg-type]
                                      on_chunk=on_chunk)
                dst.sync()
        except BaseException:
            with contextlib.suppress(OSError):
                path.unlink()
            raise
        return PendingBlob(blob_id, path, size)

    def commit(self, pending: PendingBlob) -> None:
        """Move a pending blob into place, after its row is committed."""
        os.replace(pending.path, self.path_of(pending.blob_id))
        fsync_dir(self.root)

    def discard(self, pending: PendingBlob) -> None:
        with contextlib.suppress(FileNotFoundError):
            pending.path.unlink()

    def open_reader(self, blob_id: str) -> AgeReader:
        """A seekable reader over the plaintext; the caller closes it."""
        handle = open(self.path_of(blob_id), "rb")  # noqa: SIM115 - owned by the reader
        try:
            return AgeReader(handle, self._identity, owns_file=True)
        except BaseException:
            handle.close()
            raise

    def decrypt_to(self, blob_id: str, dst: BinaryIO, on_chunk: ChunkObserver | None = None) -> int:
        """Decrypt into dst; on_chunk sees the authenticated plaintext beside the writes."""
        with open(self.path_of(blob_id), "rb") as src:
            return decrypt_stream(src, dst, self._identity, on_chunk=on_chunk)

    def read_checked(self, blob_id: str, sha256: str, name: str) -> bytes:
        """A small blob (a document) decrypted in memory and checked against its SHA-256."""
        out = io.BytesIO()
        try:
            self.decrypt_to(blob_id, out)
        except (AgeError, FileNotFoundError):
            raise DamagedFileError(f"Document {name} is damaged or missing.") from None
        data = out.getvalue()
        if hashlib.sha256(data).hexdigest() != sha256:
            raise DamagedFileError(f"Document {name} is damaged or has been tampered with.")
        return data

    def stage_removal(self, blob_id: str) -> Path | None:
        """Move a blob to .trash before its row is deleted; None if it was already gone."""
        make_private_dir(self._trash)
        target = self._trash / blob_id
        try:
            os.replace(self.path_of(blob_id), target)
        except FileNotFoundError:
            return None
        fsync_dir(self.root)
        return target

    @contextlib.contextmanager
    def removing(self, blob_ids: Iterable[str]) -> Iterator[None]:
        """Hold blobs in .trash while the database change that drops them runs: put back
        if it fails, deleted once it has committed (a crash between is settled at open)."""
        staged = [(blob_id, self.stage_removal(blob_id)) for blob_id in blob_ids]
        try:
            yield
        except BaseException:
            for blob_id, path in staged:
                self.undo_removal(blob_id, path)
            raise
        for _, path in staged:
            self.finish_removal(path)

    def finish_removal(self, staged: Path | None) -> None:
        if staged is not None:
            with contextlib.suppress(FileNotFoundError):
                staged.unlink()

    def undo_removal(self, blob_id: str, staged: Path | None) -> None:
        if staged is not None:
            os.replace(staged, self.path_of(blob_id))

    def stored_ids(self) -> set[str]:
        if not self.root.is_dir():
            return set()
        return {p.name for p in self.root.iterdir() if p.is_file() and _is_blob_name(p.name)}

    def unexpected_files(self) -> list[str]:
        """Names in blobs/ that are neither blobs nor our two working folders."""
        if not self.root.is_dir():
            return []
        return sorted(p.name for p in self.root.iterdir()
                      if p.name not in (INCOMING, TRASH)
                      and not (p.is_file() and _is_blob_name(p.name)))

    def recover(self, known_ids: Iterable[str]) -> RecoveryReport:
        """Finish or roll back whatever a crash interrupted (see the module docstring)."""
        known = set(known_ids)
        completed = discarded = restored = purged = 0
        for folder in (self._incoming, self._trash):
            if not folder.is_dir():
                continue
            for path in folder.iterdir():
                name = path.name
                if not (path.is_file() and _is_blob_name(name)):
                    with contextlib.suppress(OSError):
                        path.unlink()  # e.g. a half-created entry with another name
                    continue
                if name in known and not self.path_of(name).exists():
                    os.replace(path, self.path_of(name))
                    if folder is self._incoming:
                        completed += 1
                    else:
                        restored += 1
                else:
                    path.unlink()
                    if folder is self._incoming:
                        discarded += 1
                    else:
                        purged += 1
            fsync_dir(folder)
        if completed or restored:
            fsync_dir(self.root)
        return RecoveryReport(completed, discarded, restored, purged)
