"""Create, unlock, re-key and close a vault: the entry point of the core library."""

from __future__ import annotations

import os
import shutil
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from vault.crypto.age import X25519Identity
from vault.crypto.keys import (
    KdfParams,
    VaultKeys,
    new_kdf_params,
    new_master_key,
    new_recovery_code,
)
from vault.errors import (
    DamagedFileError,
    InvalidInputError,
    VaultExistsError,
    VaultNotFoundError,
)
from vault.fsutil import PRIVATE_FILE_MODE, fsync_dir, make_private_dir
from vault.header import HEADER_NAME, VaultHeader, WrappedKey, read_header, write_header
from vault.services.agreements import AgreementInfo, AgreementService
from vault.services.companies import CompanyService
from vault.services.documents import DocumentService
from vault.services.insights import InsightService
from vault.services.letters import LetterService
from vault.services.profile import ProfileService
from vault.services.recordings import Progress, RecordingService
from vault.services.reminders import ReminderService
from vault.services.requests import RequestService
from vault.storage.blobs import BlobStore
from vault.storage.database import (
    create_vault_engine,
    integrity_problems,
    session_factory,
    upgrade_to_head,
)
from vault.verify import VerifyReport

DB_NAME = "vault.db"
BLOBS_NAME = "blobs"
MIN_PASSWORD_LENGTH = 8



@dataclass(frozen=True)
class VaultLocation:
    root: Path

    @property
    def header_path(self) -> Path:
        return self.root / HEADER_NAME

    @property
    def db_path(self) -> Path:
        return self.root / DB_NAME

    @property
    def blobs_dir(self) -> Path:
        return self.root / BLOBS_NAME

    def exists(self) -> bool:
        return self.header_path.exists()


def check_new_password(password: str) -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise InvalidInputError(
            f"Choose a password of at least {MIN_PASSWORD_LENGTH} characters.")


class Vault:
    """An unlocked vault. Holds the keys and the database engine until close()."""

    def __init__(self, location: VaultLocation, header: VaultHeader, keys: VaultKeys) -> None:
        self.location = location
        self.header = header
        self.keys = keys
        self._engine: Engine | None = create_vault_engine(location.db_path, keys.database_key)
        try:
            upgrade_to_head(self._engine)
        except BaseException:
            self._engine.dispose()
            raise
        self._sessions: sessionmaker[Session] = session_factory(self._engine)
        self.companies = CompanyService(self._sessions)
        self.blobs = BlobStore(location.blobs_dir, self.age_identity())
        self.recordings = RecordingService(self._sessions, self.blobs)
        self.agreements = AgreementService(self._sessions)
        self.documents = DocumentService(self._sessions, self.blobs)
        self.requests = RequestService(self._sessions, self.blobs)
        self.insights = InsightService(self._sessions, self.requests.deletion_events)
        self.profile = ProfileService(self._sessions)
        self.letters = LetterService(self.requests, self.companies, self.recordings,
                                     self.agreements, self.profile)
        self.reminders = ReminderService(self._sessions, self.agreements.list,
                                         self.requests.list, self.requests.deletion_events)
        # Settle whatever a crash interrupted: half-imported or half-removed blobs.
        self.last_recovery = self.blobs.recover(self.known_blob_ids())

    def session(self) -> Session:
        """A plain session for whole-vault readers (bundle export); use it in a with."""
        return self._sessions()

    def age_identity(self) -> X25519Identity:
        """The X25519 identity every blob is encrypted to (AGE-SECRET-KEY-1...)."""
        return X25519Identity(self.keys.blob_identity_bytes)

    def known_blob_ids(self) -> set[str]:
        """Every blob id the database refers to: recordings, documents, letters, replies."""
        return (self.recordings.blob_ids() | self.documents.blob_ids()
                | self.requests.blob_ids())

    def remove_agreement(self, key: str) -> AgreementInfo:
        """Delete an agreement, its holdings and payments, and its documents' blobs."""
        blob_ids = self.documents.blob_ids_of(self.agreements.get(key).id)
        with self.blobs.removing(blob_ids):
            return self.agreements.remove(key)

    @property
    def id(self) -> str:
        return self.header.vault_id

    @property
    def is_open(self) -> bool:
        return self._engine is not None

    @property
    def engine(self) -> Engine:
        if self._engine is None:
            raise RuntimeError("the vault is locked")
        return self._engine

    def verify(self, on_progress: Progress | None = None) -> VerifyReport:
        """vault.db page by page (SQLCipher HMAC, SQLite integrity), then every blob."""
        report = VerifyReport()
        report.problems.extend(
            f"vault.db: {p}" for p in
            integrity_problems(self.location.db_path, self.keys.database_key))
        self.recordings.verify(report, on_progress)
        self.documents.verify(report)
        self.requests.verify(report)
        for orphan in sorted(self.blobs.stored_ids() - self.known_blob_ids()):
            report.problems.append(
                f"blobs/{orphan}: an encrypted file that no recording or document refers to.")
        for stray in self.blobs.unexpected_files():
            report.problems.append(f"blobs/{stray}: not a file Holdfast made.")
        return report

    def close(self) -> None:
        """Drop the engine and every pooled connection; the keys go with this object."""
        if self._engine is not None:
            self._engine.dispose()
            self._engine = None

    def __enter__(self) -> Vault:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def check_can_create(root: Path) -> None:
    """Raise VaultExistsError unless root is a new or empty folder."""
    if VaultLocation(root).exists():
        raise VaultExistsError(f"There is already a vault at {root}.")
    if root.exists() and (not root.is_dir() or any(root.iterdir())):
        raise VaultExistsError(f"{root} is not empty; choose a new or empty folder for the vault.")


def create_vault(root: Path, password: str, *, kdf: KdfParams | None = None) -> tuple[Vault, str]:
    """Make a new vault at root; returns it unlocked with its one-time recovery code.

    The vault is built in a hidden sibling folder and renamed into place, so an
    interrupted creation leaves nothing that looks like a vault.
    """
    location = VaultLocation(root)
    check_can_create(root)
    check_new_password(password)
    params = kdf if kdf is not None else new_kdf_params()
    master_key = new_master_key()
    recovery_code = new_recovery_code()
    staging = root.parent / f".{root.name}.creating-{uuid.uuid4().hex[:8]}"
    make_private_dir(root.parent)
    make_private_dir(staging)
    try:
        staged = VaultLocation(staging)
        make_private_dir(staged.blobs_dir)
        # Created 0600 before SQLCipher writes a page; its -wal/-shm files copy the mode.
        os.close(os.open(staged.db_path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_FILE_MODE))
        header = _new_header(params, master_key, password, recovery_code)
        Vault(staged, header, VaultKeys(master_key)).close()
        write_header(staged.header_path, header)
        if root.exists():
            root.rmdir()
        os.replace(staging, root)
        fsync_dir(root.parent)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return Vault(location, header, VaultKeys(master_key)), recovery_code


def _new_header(params: KdfParams, master_key: bytes, password: str,
                recovery_code: str) -> VaultHeader:
    draft = VaultHeader(
        vault_id=str(uuid.uuid4()),
        created_at=datetime.now(UTC).replace(microsecond=0).isoformat(),
        kdf=params,
        password_wrap=WrappedKey(b"", b""),
        recovery_wrap=None,
    )
    header = draft.with_password_key(params.derive(password.encode()), master_key, params)
    return header.with_recovery_code(recovery_code, master_key)


def read_vault_header(root: Path) -> VaultHeader:
    location = VaultLocation(root)
    if not root.is_dir():
        raise VaultNotFoundError(f"There is no vault at {root}.")
    return read_header(location.header_path)


def unlock_vault(root: Path, password: str) -> Vault:
    """Open with the password; WrongPasswordError, DamagedFileError or VaultNotFoundError."""
    header = read_vault_header(root)
    master_key = header.unwrap_with_password_key(header.kdf.derive(password.encode()))
    return open_with_master_key(root, master_key, header)


def open_with_master_key(root: Path, master_key: bytes,
                         header: VaultHeader | None = None) -> Vault:
    """Open with a master key remembered on this device (keyring) or just unwrapped."""
    header = header if header is not None else read_vault_header(root)
    location = VaultLocation(root)
    if not location.db_path.exists():
        raise DamagedFileError(f"{location.db_path} is missing.")
    return Vault(location, header, VaultKeys(master_key))


def _master_key_from_password(root: Path, password: str) -> tuple[VaultHeader, bytes]:
    header = read_vault_header(root)
    return header, header.unwrap_with_password_key(header.kdf.derive(password.encode()))


def change_password(root: Path, old_password: str, new_password: str,
                    *, kdf: KdfParams | None = None) -> None:
    """Re-wrap the master key under a new password. Nothing else is re-encrypted."""
    check_new_password(new_password)
    header, master_key = _master_key_from_password(root, old_password)
    _rewrap(root, header, master_key, new_password, kdf)


def reset_password_with_recovery_code(root: Path, code: str, new_password: str,
                                      *, kdf: KdfParams | None = None) -> None:
    """Forgotten password: the recovery code unwraps the master key, which gets a new password.

    The recovery code stays valid (the person has it written down).
    """
    check_new_password(new_password)
    header = read_vault_header(root)
    master_key = header.unwrap_with_recovery_code(code)
    _rewrap(root, header, master_key, new_password, kdf)


def _rewrap(root: Path, header: VaultHeader, master_key: bytes, new_password: str,
            kdf: KdfParams | None) -> None:
    params = kdf if kdf is not None else new_kdf_params(
        memory_kib=header.kdf.memory_kib, lanes=header.kdf.lanes)
    new_header = header.with_password_key(params.derive(new_password.encode()), master_key,
                                          params)
    write_header(VaultLocation(root).header_path, new_header)
