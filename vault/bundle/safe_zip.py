"""Read a records bundle (docs/bundle-format.md) that may have come from anyone.

The whole central directory is checked before any entry is read: names
(bundle_names), entry kinds, encryption, compression, counts, declared sizes,
compression ratios and overlapping entries. Then manifest.json is read and
matched against the entries. Entry data is only ever streamed: every byte is
counted and hashed against the manifest, and reading stops as soon as an
entry yields more than the manifest says, whatever the ZIP headers claim.
An age-encrypted bundle is decrypted on the fly through a seekable reader;
no plaintext is written to disk. Every failure is a VaultError with one
sentence. Not safe for concurrent use from several threads.

Symbolic links and special files are refused by the Unix mode in the high 16
bits of external_attr whatever create_system says, since extractors differ in
how they honour it. The signature proves the manifest is unchanged since some
key signed it; anyone can sign with a key of their own, so callers show
public_key_fingerprint() for the person to compare. Open bundles with
open_bundle(), not by constructing BundleArchive.
"""

from __future__ import annotations

import hashlib
import io
import re
import stat
import struct
import zipfile
import zlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import IO, TYPE_CHECKING, BinaryIO

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from vault.bundle import bundle_names as names
from vault.bundle.bundle_names import MANIFEST, SIGNATURE, ManifestFile
from vault.crypto.age import AgeReader, ScryptIdentity
from vault.crypto.age_header import read_header
from vault.errors import (
    AgeError,
    AgeNoMatchError,
    DamagedFileError,
    InvalidInputError,
    NotFoundError,
    OperationCancelled,
    StorageError,
    VaultError,
    WrongPasswordError,
)

if TYPE_CHECKING:
    from _typeshed import WriteableBuffer

AGE_INTRO = b"age-encryption.org/v1\n"
MiB, GiB = 1 << 20, 1 << 30
_CHUNK = 64 * 1024
_SIGNATURE_CAP = 64 * 1024
_ZIP_ERRORS = (zipfile.BadZipFile, zlib.error, EOFError, ValueError, struct.error,
               OverflowError, IndexError, KeyError, NotImplementedError, RuntimeError)


@dataclass(frozen=True)
class BundleLimits:
    """Caps on what a bundle may ask of the reader; tests lower them."""

    max_entries: int = 200_000
    max_total_size: int = 64 * GiB  # sum of declared uncompressed sizes
    max_ratio: int = 200  # uncompressed : compressed, for entries over ratio_min_size
    ratio_min_size: int = MiB
    max_manifest_size: int = 64 * MiB
    max_work_factor: int = 22  # scrypt log2(N) for passphrase bundles


def fingerprint(public_key: bytes) -> str:
    """First 16 bytes of SHA-256 of a raw public key, in hex groups of four."""
    digest = hashlib.sha256(public_key).hexdigest()[:32]
    return " ".join(digest[i : i + 4] for i in range(0, 32, 4))


@contextmanager
def _translating(label: str, entry: str | None = None) -> Iterator[None]:
    """Turn ZIP, zlib, age and I/O failures into one-sentence VaultErrors."""
    damaged = (f"The bundle {label} is damaged or truncated." if entry is None else
               f"In {label}, {names.show(entry)} cannot be read because its stored data "
               "is damaged.")
    try:
        yield
    except AgeError as exc:
        raise DamagedFileError(damaged) from exc
    except VaultError:
        raise
    except _ZIP_ERRORS as exc:
        raise DamagedFileError(damaged) from exc
    except OSError as exc:
        reason = (exc.strerror or "input/output error").rstrip(".").lower()
        raise StorageError(f"Could not read the bundle {label}: {reason}.") from exc


def is_encrypted_bundle(path: Path) -> bool:
    """Whether the file starts as an age file (so opening it needs a passphrase)."""
    try:
        with open(path, "rb") as raw:
            return raw.read(len(AGE_INTRO)) == AGE_INTRO
    except OSError:
        return False  # open_bundle then says what is wrong with it


def open_bundle(path: Path, passphrase: str | None, *,
                limits: BundleLimits | None = None) -> BundleArchive:
    """Open and validate a bundle (plain ZIP or age-encrypted ZIP); use it with `with`."""
    limits, path = limits or BundleLimits(), Path(path)
    label = names.show(path.name)
    try:
        raw = open(path, "rb")  # noqa: SIM115 - closed by the archive
    except FileNotFoundError:
        raise NotFoundError(f"There is no bundle at {names.show(str(path), 200)}.") from None
    except OSError as exc:
        reason = (exc.strerror or "input/output error").rstrip(".").lower()
        raise StorageError(f"Could not open the bundle {label}: {reason}.") from None
    closers: list[Callable[[], None]] = [raw.close]
    try:
        with _translating(label):
            source: BinaryIO = raw
            if raw.read(len(AGE_INTRO)) == AGE_INTRO:
                source = _decrypting(raw, passphrase, label, limits)
                closers.append(source.close)
            source.seek(0)
        return BundleArchive(source, label, limits, closers)
    except BaseException:
        for close in reversed(closers):
            close()
        raise


def _decrypting(raw: BinaryIO, passphrase: str | None, label: str,
                limits: BundleLimits) -> BinaryIO:
    if passphrase is None:
        raise InvalidInputError(
            "This bundle is encrypted; give its passphrase with --passphrase-file.")
    raw.seek(0)
    header, _ = read_header(raw)
    stanzas = [s for s in header.stanzas if s.type == "scrypt"]
    if not stanzas:
        raise InvalidInputError(
            f"The bundle {label} is encrypted to a key, not a passphrase, so it cannot be opened.")
    work = stanzas[0].args[1] if len(stanzas[0].args) == 2 else ""
    if re.fullmatch(r"[0-9]{1,9}", work) and int(work) > limits.max_work_factor:
        raise InvalidInputError(
            f"The bundle {label} asks for more passphrase work (scrypt factor {int(work)}) than "
            f"the limit of {limits.max_work_factor}.")
    raw.seek(0)
    identity = ScryptIdentity(passphrase, max_work_factor=limits.max_work_factor)
    try:
        reader = AgeReader(raw, identity)
    except AgeNoMatchError:
        raise WrongPasswordError("Wrong passphrase.") from None
    return io.BufferedReader(reader, _CHUNK)


class BundleArchive:
    """A validated bundle; entries are read only through open_entry / read_bytes."""

    def __init__(self, source: IO[bytes], label: str, limits: BundleLimits,
                 closers: list[Callable[[], None]]) -> None:
        self._label, self._limits, self._closers = label, limits, closers
        self._signature: tuple[Ed25519PublicKey, bytes, bytes] | None = None
        with _translating(label):
            cd_start = names.check_zip_directory(source, label, limits.max_entries)
            self._zip = zipfile.ZipFile(source)
        closers.append(self._zip.close)
        self._infos = self._check_entries(cd_start)
        if MANIFEST not in self._infos:
            raise InvalidInputError(
                f"The file {label} is not a Holdfast records bundle (it has no manifest.json).")
        self.manifest_bytes = self._read_capped(MANIFEST, limits.max_manifest_size)
        self.manifest, self.files = names.parse_manifest(
            self.manifest_bytes, label, limits.max_entries, limits.max_total_size)
        self._match_manifest()

    def __enter__(self) -> BundleArchive:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()

    def close(self) -> None:
        while self._closers:
            self._closers.pop()()

    def _fail(self, name: str, what: str) -> InvalidInputError:
        return InvalidInputError(f"The bundle {self._label} holds {names.show(name)}, {what}.")

    def _check_entries(self, cd_start: int) -> dict[str, zipfile.ZipInfo]:
        limits, infos = self._limits, self._zip.infolist()
        if len(infos) > limits.max_entries:
            raise names.too_many(self._label, limits.max_entries)
        seen: dict[str, str] = {}
        folders: set[str] = set()
        total = 0
        for info in infos:
            name = info.orig_filename
            problem = names.name_problem(name)
            if problem is not None:
                raise InvalidInputError(f"The bundle {self._label} holds an entry with an unsafe "
                                        f"name, {names.show(name)}, because {problem}.")
            key = names.fold(name)
            if key in seen:
                raise InvalidInputError(
                    f"The bundle {self._label} holds {names.show(name)} twice." if seen[key] == name
                    else f"The bundle {self._label} holds both {names.show(seen[key])} and "
                    f"{names.show(name)}, which are the same name ignoring case.")
            seen[key] = name
            self._check_kind(info)
            total += info.file_size
            if total > limits.max_total_size:
                cap = names.size_text(limits.max_total_size)
                raise InvalidInputError(f"The bundle {self._label} declares more than {cap} "
                                        "of data, which is more than allowed.")
            if info.file_size > max(limits.ratio_min_size, limits.max_ratio * info.compress_size):
                raise self._fail(name, f"which expands more than {limits.max_ratio} times like "
                                       "a ZIP bomb")
            if names.archive_by_name(name):
                raise self._fail(name, "an archive inside the bundle, which is not allowed there")
            parts = key.rstrip("/").split("/")
            folders.update("/".join(parts[:n]) for n in range(1, len(parts)))
            if names.is_directory(name):
                folders.add(key.rstrip("/"))
        for key, name in seen.items():
            if key in folders:
                raise InvalidInputError(f"The bundle {self._label} uses {names.show(name)} both "
                                        "as a file and as a folder.")
        self._check_overlaps(infos, cd_start)
        return {i.orig_filename: i for i in infos if not names.is_directory(i.orig_filename)}

    def _check_kind(self, info: zipfile.ZipInfo) -> None:
        name, kind = info.orig_filename, stat.S_IFMT(info.external_attr >> 16)
        if kind == stat.S_IFLNK:
            raise self._fail(name, "which is a symbolic link")
        if kind not in (0, stat.S_IFREG, stat.S_IFDIR):
            raise self._fail(name, "which is a device, pipe or socket rather than a file")
        if names.is_directory(name) and info.file_size:
            raise self._fail(name, "a folder entry that holds data")
        if kind == stat.S_IFDIR and not names.is_directory(name):
            raise self._fail(name, "which is marked as a folder but named like a file")
        if info.flag_bits & 0x41:  # bit 0: encrypted, bit 6: strong encryption
            raise self._fail(name, "which is encrypted inside the ZIP")
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED) or (
                info.flag_bits & 0x20):
            raise self._fail(name, "which uses a compression method Holdfast does not read")

    def _check_overlaps(self, infos: list[zipfile.ZipInfo], cd_start: int) -> None:
        """Entries whose data overlap (a ZIP-bomb trick) or run into the directory."""
        spans = sorted((i.header_offset, i.header_offset + 30 + i.compress_size + len(
            i.orig_filename.encode("utf-8" if i.flag_bits & 0x800 else "cp437"))) for i in infos)
        reach = 0
        for start, end in [*spans, (cd_start, cd_start)]:
            if start < reach:
                raise InvalidInputError(
                    f"The bundle {self._label} has overlapping entries, a trick of ZIP bombs.")
            reach = end

    def _read_capped(self, name: str, cap: int) -> bytes:
        """A small entry that the manifest does not cover, never more than cap bytes."""
        info = self._infos[name]
        too_big = InvalidInputError(
            f"In {self._label}, {name} is larger than the {names.size_text(cap)} limit.")
        if info.file_size > cap:
            raise too_big
        out = bytearray()
        with _translating(self._label, name), self._zip.open(info) as src:
            while chunk := src.read(min(_CHUNK, cap + 1 - len(out))):
                out += chunk
                if len(out) > cap:
                    raise too_big
        return bytes(out)

    def _match_manifest(self) -> None:
        for path in self.files:
            if path not in self._infos:
                raise DamagedFileError(
                    f"The manifest of {self._label} lists {names.show(path)}, but the bundle "
                    "does not contain it; the bundle was changed or damaged.")
        for name in self._infos:
            if name not in self.files and name not in (MANIFEST, SIGNATURE):
                raise DamagedFileError(
                    f"The bundle {self._label} holds {names.show(name)}, which its manifest "
                    "does not list; the bundle was changed or damaged.")

    def open_entry(self, path: str) -> BinaryIO:
        """Stream one listed entry; its size and SHA-256 are checked as it is read.

        A mismatch is raised at the latest when the end is read, so read to the
        end before trusting the data.
        """
        if self._zip.fp is None:
            raise ValueError("The bundle is closed.")
        entry = self.files.get(path)
        if entry is None:
            raise NotFoundError(f"The bundle {self._label} has no file {names.show(path)}.")
        with _translating(self._label, path):
            src = self._zip.open(self._infos[path])
        raw = _EntryReader(src, entry, self._label)
        return io.BufferedReader(raw, _CHUNK)

    def read_bytes(self, path: str, max_size: int) -> bytes:
        """A whole listed entry, checked, refused up front if over max_size bytes."""
        entry = self.files.get(path)
        if entry is not None and entry.size > max_size:
            raise InvalidInputError(f"In {self._label}, {names.show(path)} is larger than the "
                                    f"{names.size_text(max_size)} Holdfast reads at once.")
        with self.open_entry(path) as f:
            return f.read()

    def _load_signature(self) -> tuple[Ed25519PublicKey, bytes, bytes]:
        if self._signature is None:
            if SIGNATURE not in self._infos:
                raise InvalidInputError(f"The bundle {self._label} is not signed.")
            parsed = names.parse_signature(self._read_capped(SIGNATURE, _SIGNATURE_CAP))
            if parsed is None:
                raise InvalidInputError(f"The signature entry of {self._label} is malformed.")
            public = Ed25519PublicKey.from_public_bytes(parsed[0])
            self._signature = (public, *parsed)
        return self._signature

    def verify_signature(self) -> tuple[bool, str]:
        """(True, who signed) or (False, why not), each one sentence.

        Anyone can sign a bundle with a key of their own: the fingerprint shows
        whose key it was, so compare it with the one your vault shows.
        """
        try:
            public, key, sig = self._load_signature()
        except VaultError as exc:
            return False, str(exc)
        try:
            public.verify(sig, self.manifest_bytes)
        except InvalidSignature:
            return False, (f"The signature of {self._label} does not match its manifest; the "
                           "bundle was changed after it was signed.")
        return True, f"The manifest of {self._label} is signed by key {fingerprint(key)}."

    def public_key_fingerprint(self) -> str:
        """The signing key's fingerprint, or "unknown" if the bundle carries none readable."""
        try:
            return fingerprint(self._load_signature()[1])
        except VaultError:
            return "unknown"

    def verify_all(self, *, on_progress: Callable[[int, int], None] | None = None,
                   cancelled: Callable[[], bool] | None = None) -> list[str]:
        """Every problem (signature, sizes, hashes), one sentence each; [] if intact.

        on_progress(done, total) counts the recorded bytes of the entries read so far;
        when cancelled() turns True the check stops with OperationCancelled.
        """
        problems = []
        valid, why = self.verify_signature()
        if not valid:
            problems.append(why)
        total = sum(entry.size for entry in self.files.values())
        done = 0
        for path, entry in self.files.items():
            try:
                with self.open_entry(path) as f:
                    read = 0
                    while chunk := f.read(_CHUNK):
                        if cancelled is not None and cancelled():
                            raise OperationCancelled("Check cancelled; the bundle was not "
                                                     "fully checked.")
                        read += len(chunk)
                        if on_progress is not None:
                            on_progress(min(done + read, total), total)
            except OperationCancelled:
                raise
            except VaultError as exc:
                problems.append(str(exc))
            done += entry.size
            if on_progress is not None:
                on_progress(min(done, total), total)
        return problems


class _EntryReader(io.RawIOBase):
    """Counts and hashes an entry's bytes against its manifest record."""

    def __init__(self, src: IO[bytes], entry: ManifestFile, label: str) -> None:
        super().__init__()
        self._src, self._entry, self._label = src, entry, label
        self._hash = hashlib.sha256()
        self._count, self._done = 0, False
        self._sniff = not names.may_hold_anything(entry.path)
        self._pending = b""
        self._error: VaultError | None = None

    def readable(self) -> bool:
        return True

    def _sentence(self, what: str) -> str:
        return f"In {self._label}, {names.show(self._entry.path)} {what}."

    def readinto(self, buffer: WriteableBuffer) -> int:
        if self._error is not None:
            raise self._error
        view = memoryview(buffer).cast("B")
        try:
            if self._sniff:
                self._sniff = False
                self._pending = self._pull(names.SNIFF_SIZE)
                kind = names.archive_by_content(self._pending)
                if kind is not None:
                    raise InvalidInputError(self._sentence(
                        f"is a {kind} archive inside the bundle, which is not allowed there"))
            if self._pending:
                data, self._pending = self._pending[: len(view)], self._pending[len(view) :]
            else:
                data = self._pull(len(view))
        except VaultError as exc:
            self._error = exc
            raise
        view[: len(data)] = data
        return len(data)

    def _pull(self, n: int) -> bytes:
        """Up to n bytes, never asking for more than one byte past the recorded size."""
        if self._done or n <= 0:
            return b""
        with _translating(self._label, self._entry.path):
            data = self._src.read(min(n, _CHUNK, self._entry.size - self._count + 1))
        self._count += len(data)
        if self._count > self._entry.size:
            raise DamagedFileError(self._sentence(
                "holds more data than its recorded size; the bundle was changed or damaged"))
        self._hash.update(data)
        if not data:
            self._done = True
            if self._count != self._entry.size:
                raise DamagedFileError(self._sentence(
                    "is shorter than its recorded size; the bundle was changed or damaged"))
            if self._hash.hexdigest() != self._entry.sha256:
                raise DamagedFileError(self._sentence(
                    "does not match its recorded SHA-256; the bundle was changed or damaged"))
        return data

    def close(self) -> None:
        if not self.closed:
            self._src.close()
        super().close()
