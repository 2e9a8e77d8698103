"""Rules for what a records bundle may contain: entry names, ZIP directory, manifest.

See docs/bundle-format.md. A bundle may come from anyone, so every name is
checked before anything is read: it must be a plain relative POSIX path that
is safe to show and to use as a file name on Linux, macOS and Windows.
name_problem returns a reason phrase ("it contains a backslash") rather than
raising, so the reader can build one sentence naming bundle and entry.

Nested archives: outside `media/` and `documents/` a bundle holds only files
Holdfast wrote itself (JSON, CSV, the report), so an entry there that is named
like an archive, or whose content starts like one, is refused. Under `media/`
and `documents/` an entry is the user's own file, which may legitimately be
anything (a company's data export is often a ZIP); Holdfast never unpacks
those files, so there only the path-safety rules apply.

check_zip_directory looks at the ZIP end records and walks the central
directory by record lengths before zipfile parses it, so a directory with
millions of entries is refused without building an object for each.
"""

from __future__ import annotations

import base64
import binascii
import io
import json
import re
import struct
import unicodedata
from dataclasses import dataclass
from typing import IO, Any

from vault.errors import DamagedFileError, InvalidInputError

MAX_NAME_LENGTH = 1024
MAX_PART_LENGTH = 255
USER_FILE_FOLDERS = frozenset({"media", "documents"})
NESTED_SUFFIXES = (
    ".zip", ".jar", ".tar", ".gz", ".tgz", ".7z", ".rar", ".bz2", ".xz", ".zst", ".age",
)

_DRIVE = re.compile(r"[A-Za-z]:")
_WINDOWS_FORBIDDEN = frozenset('<>"|?*')
_WINDOWS_DEVICES = frozenset(
    ["CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$"]
    + [f"{port}{n}" for port in ("COM", "LPT") for n in "0123456789¹²³"]
)
_BAD_CATEGORIES = {"Cc": "a control character", "Zl": "a line break", "Zp": "a line break",
                   "Cf": "an invisible formatting character", "Cs": "a broken character",
                   "Co": "a private-use character", "Cn": "an unassigned character"}
_MAGICS = (
    (b"PK\x03\x04", "ZIP"), (b"PK\x05\x06", "ZIP"), (b"PK\x07\x08", "ZIP"),
    (b"\x1f\x8b", "gzip"), (b"7z\xbc\xaf\x27\x1c", "7z"), (b"Rar!\x1a\x07", "RAR"),
    (b"\xfd7zXZ\x00", "xz"), (b"\x28\xb5\x2f\xfd", "Zstandard"),
    (b"age-encryption.org/v1", "age"),
)
_BZIP2 = re.compile(rb"BZh[1-9]1AY&SY")
SNIFF_SIZE = 512  # enough for every magic above and the tar "ustar" at offset 257


def show(name: str, limit: int = 80) -> str:
    """The name quoted for a message, with unprintable characters escaped."""
    out = "".join(
        ch if ch.isprintable() else (f"\\x{ord(ch):02x}" if ord(ch) < 256 else f"\\u{ord(ch):04x}")
        for ch in name[:limit]
    )
    return f'"{out}…"' if len(name) > limit else f'"{out}"'


def fold(name: str) -> str:
    """The key under which two names count as the same file (case and NFC folded)."""
    return unicodedata.normalize("NFC", unicodedata.normalize("NFC", name).casefold())


def is_directory(name: str) -> bool:
    return name.endswith("/")


def top_folder(name: str) -> str:
    return name.split("/", 1)[0] if "/" in name else ""


def name_problem(name: str, *, allow_directory: bool = True) -> str | None:
    """Why `name` is not an acceptable entry name, as a phrase; None if it is fine."""
    if not name:
        return "it is empty"
    if len(name) > MAX_NAME_LENGTH:
        return f"it is longer than {MAX_NAME_LENGTH} characters"
    if "\x00" in name:
        return "it contains a NUL character"
    for ch in name:
        what = _BAD_CATEGORIES.get(unicodedata.category(ch))
        if what is not None:
            return f"it contains {what}"
    if "\\" in name:
        return "it contains a backslash"
    if name.startswith("/"):
        return "it is an absolute path"
    if _DRIVE.match(name):
        return "it starts with a drive letter"
    if ":" in name:
        return "it contains a colon"
    if is_directory(name) and not allow_directory:
        return "it names a folder, not a file"
    for part in (name[:-1] if is_directory(name) else name).split("/"):
        problem = _part_problem(part)
        if problem is not None:
            return problem
    return None


def _part_problem(part: str) -> str | None:
    if part == "..":
        return "it climbs out of its folder with '..'"
    if part in ("", "."):
        return "it has an empty or '.' path part"
    if len(part) > MAX_PART_LENGTH:
        return f"a part of it is longer than {MAX_PART_LENGTH} characters"
    if any(ch in _WINDOWS_FORBIDDEN for ch in part):
        return "it contains characters Windows does not allow in file names"
    if part.split(".", 1)[0].rstrip(" ").upper() in _WINDOWS_DEVICES:
        return "it uses a name Windows reserves for devices"
    return None


def may_hold_anything(name: str) -> bool:
    """True under media/ and documents/, where the user's own files live."""
    return top_folder(name) in USER_FILE_FOLDERS


def archive_by_name(name: str) -> bool:
    """True if a Holdfast-written entry is named like a nested archive."""
    return not may_hold_anything(name) and name.lower().endswith(NESTED_SUFFIXES)


def archive_by_content(head: bytes) -> str | None:
    """The kind of archive `head` (the first SNIFF_SIZE bytes) starts, or None."""
    for magic, kind in _MAGICS:
        if head.startswith(magic):
            return kind
    if _BZIP2.match(head):
        return "bzip2"
    if head[257:262] == b"ustar":
        return "tar"
    return None


# --- The manifest and signature documents --------------------------------------------

MANIFEST, SIGNATURE, FORMAT, VERSION = "manifest.json", "signature", "holdfast-bundle", 1
_HEX64 = re.compile(r"[0-9a-fA-F]{64}")


@dataclass(frozen=True)
class ManifestFile:
    path: str
    size: int
    sha256: str


def size_text(n: int) -> str:
    for unit, scale in (("GiB", 1 << 30), ("MiB", 1 << 20), ("KiB", 1 << 10)):
        if n >= scale:
            return f"{n / scale:.3g} {unit}"
    return f"{n} bytes"


class _DuplicateKeyError(ValueError):
    pass


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out = dict(pairs)
    if len(out) != len(pairs):
        raise _DuplicateKeyError
    return out


def _reject_constant(name: str) -> None:
    raise ValueError(name)  # NaN and Infinity are not JSON


def parse_manifest(data: bytes, label: str, max_files: int,
                   max_total: int) -> tuple[dict[str, Any], dict[str, ManifestFile]]:
    """The manifest object and its files by path; InvalidInputError if it is not acceptable."""
    def bad(why: str) -> InvalidInputError:
        return InvalidInputError(f"The manifest of {label} is invalid: {why}.")

    try:
        doc = json.loads(data.decode("utf-8"), object_pairs_hook=_no_duplicates,
                         parse_constant=_reject_constant)
    except _DuplicateKeyError:
        raise bad("it repeats a key") from None
    except (ValueError, RecursionError):
        raise bad("it is not valid JSON") from None
    if not isinstance(doc, dict) or doc.get("format") != FORMAT:
        raise InvalidInputError(f"The file {label} is not a Holdfast records bundle.")
    version = doc.get("version")
    if type(version) is not int or version < 1:
        raise bad("its format version is missing or not a positive whole number")
    if version > VERSION:
        shown = str(version) if version < 10**6 else "unknown"
        raise InvalidInputError(f"This bundle was made by a newer Holdfast (format version "
                                f"{shown}); update Holdfast to read it.")
    items = doc.get("files")
    if not isinstance(items, list):
        raise bad("'files' is not a list")
    if len(items) > max_files:
        raise bad("it lists too many files")
    files: dict[str, ManifestFile] = {}
    folded: set[str] = set()
    total = 0
    for item in items:
        path = item.get("path") if isinstance(item, dict) else None
        if not isinstance(item, dict) or not isinstance(path, str):
            raise bad("an item of 'files' has no path")
        problem = name_problem(path, allow_directory=False)
        if problem is not None:
            raise bad(f"it lists an unsafe name, {show(path)}, because {problem}")
        size, digest = item.get("size"), item.get("sha256")
        if path in (MANIFEST, SIGNATURE) or fold(path) in folded:
            raise bad(f"it lists {show(path)} more than once or as a file of its own")
        if type(size) is not int or size < 0:
            raise bad(f"the size of {show(path)} is not a whole number of bytes")
        if not isinstance(digest, str) or not _HEX64.fullmatch(digest):
            raise bad(f"the SHA-256 of {show(path)} is malformed")
        total += size
        if total > max_total:
            raise bad(f"it declares more than {size_text(max_total)} of data")
        folded.add(fold(path))
        files[path] = ManifestFile(path, size, digest.lower())
    return doc, files


def _b64(value: object, size: int) -> bytes | None:
    if not isinstance(value, str):
        return None
    try:
        data = base64.b64decode(value.encode("ascii"), validate=True)
    except (binascii.Error, ValueError):
        return None
    return data if len(data) == size else None


def parse_signature(data: bytes) -> tuple[bytes, bytes] | None:
    """(public key, signature) from the signature entry, or None if it is malformed."""
    try:
        doc = json.loads(data.decode("utf-8"))
    except (ValueError, RecursionError):
        return None
    if not isinstance(doc, dict) or doc.get("algorithm") != "ed25519":
        return None
    key, sig = _b64(doc.get("public_key"), 32), _b64(doc.get("signature"), 64)
    return None if key is None or sig is None else (key, sig)


# --- The ZIP directory, before zipfile parses it -------------------------------------

_CD_RECORD_CAP = 512  # directory bytes per permitted entry; real ones take ~300
_EOCD, _LOCATOR, _EOCD64 = (struct.Struct("<4s4H2LH"), struct.Struct("<4sLQL"),
                            struct.Struct("<4sQ2H2L4Q"))


def check_zip_directory(f: IO[bytes], label: str, max_entries: int) -> int:
    """Check the end records and count the central directory without parsing it.

    Mirrors how zipfile finds the directory, so a hostile directory is refused
    before zipfile builds an object per entry. Returns the directory's offset.
    """
    size = f.seek(0, io.SEEK_END)
    f.seek(0)
    if f.read(4) not in (b"PK\x03\x04", b"PK\x05\x06"):
        raise InvalidInputError(f"The file {label} is not a Holdfast records bundle.")
    damaged = DamagedFileError(f"The bundle {label} is damaged or truncated.")
    base = max(size - (1 << 16) - _EOCD.size, 0)
    f.seek(base)
    tail = f.read()
    end = len(tail) - _EOCD.size
    at_end = end >= 0 and tail[end : end + 4] == b"PK\x05\x06" and tail[-2:] == b"\0\0"
    pos = end if at_end else tail.rfind(b"PK\x05\x06")
    if pos < 0 or pos > end:
        raise damaged
    _, _, _, _, count, cd_size, cd_offset, _ = _EOCD.unpack_from(tail, pos)
    cd_end = base + pos
    f.seek(max(cd_end - _LOCATOR.size, 0))
    locator = f.read(_LOCATOR.size) if cd_end >= _LOCATOR.size else b""
    if len(locator) == _LOCATOR.size and locator[:4] == b"PK\x06\x07":
        _, disk, _, disks = _LOCATOR.unpack(locator)
        if disk != 0 or disks > 1 or cd_end < _LOCATOR.size + _EOCD64.size:
            raise damaged
        f.seek(cd_end - _LOCATOR.size - _EOCD64.size)
        record = f.read(_EOCD64.size)
        if record[:4] == b"PK\x06\x06":
            count, cd_size, cd_offset = _EOCD64.unpack(record)[7:]
            cd_end -= _LOCATOR.size + _EOCD64.size
    start = cd_end - cd_size
    if start < 0 or start != cd_offset:
        raise damaged
    if count > max_entries or cd_size > max_entries * _CD_RECORD_CAP:
        raise too_many(label, max_entries)
    _count_records(f, start, cd_size, label, max_entries)
    return int(start)


def too_many(label: str, max_entries: int) -> InvalidInputError:
    return InvalidInputError(
        f"The bundle {label} has more than {max_entries} entries, which is too many.")


def _count_records(f: IO[bytes], start: int, size: int, label: str, max_entries: int) -> None:
    """Walk the directory records by their lengths; zipfile reports malformed ones."""
    f.seek(start)
    buf, i, left, total, count = b"", 0, size, 0, 0
    while total < size:
        if len(buf) - i < 46:
            more = f.read(min(left, 1 << 20))
            if not more:
                return
            left -= len(more)
            buf, i = buf[i:] + more, 0
            continue
        if buf[i : i + 4] != b"PK\x01\x02":
            return
        count += 1
        if count > max_entries:
            raise too_many(label, max_entries)
        step = 46 + sum(struct.unpack_from("<3H", buf, i + 28))
        total, i = total + step, i + step
        if i > len(buf):
            skip = i - len(buf)
            if skip > left:
                return
            f.seek(skip, io.SEEK_CUR)
            left -= skip
            buf, i = b"", 0
