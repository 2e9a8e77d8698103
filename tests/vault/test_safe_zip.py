"""The safe bundle reader against hostile archives built here byte by byte."""

from __future__ import annotations

import base64
import hashlib
import io
import json
import random
import re
import stat
import struct
import time
import warnings
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from vault.bundle.safe_zip import BundleArchive, BundleLimits, fingerprint, open_bundle
from vault.crypto.age import ScryptRecipient, X25519Identity, encrypt_stream
from vault.errors import (
    DamagedFileError,
    InvalidInputError,
    NotFoundError,
    VaultError,
    WrongPasswordError,
)

KEY = Ed25519PrivateKey.generate()
PASSPHRASE = "a long bundle passphrase"
GIB = 1 << 30

FILES: dict[str, bytes] = {
    "data/companies.json": b'[{"id": "c1", "name": "VoiceBank AI"}]\n',
    "data/companies.csv": b"id,name\nc1,VoiceBank AI\n",
    "report.html": b"<!doctype html><title>Report</title>\n",
    # The user's own files may be anything, archives included.
    "documents/requests/r1/d1-export.zip": b"PK\x03\x04 a company's data export",
    "media/rec1-voice.wav": b"RIFF" + bytes(3000),
}


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def manifest_for(entries: dict[str, bytes], /, **changes: Any) -> dict[str, Any]:
    doc: dict[str, Any] = {
        "format": "holdfast-bundle", "version": 1, "created_at": "2026-11-22T10:00:00Z",
        "app_version": "0.1.0", "vault_id": "00000000-0000-4000-8000-000000000000",
        "scope": {"company": None, "include_media": True}, "counts": {"companies": 1},
        "files": [{"path": p, "size": len(d), "sha256": sha(d)} for p, d in entries.items()],
    }
    doc.update(changes)
    return doc


def signature_for(manifest: bytes, key: Ed25519PrivateKey = KEY) -> bytes:
    return json.dumps({
        "algorithm": "ed25519",
        "public_key": base64.b64encode(key.public_key().public_bytes_raw()).decode(),
        "signature": base64.b64encode(key.sign(manifest)).decode(),
    }).encode()


def bundle_bytes(files: dict[str, bytes] | None = None, *, manifest: Any = None,
                 extra: dict[str | zipfile.ZipInfo, bytes] | None = None,
                 signed: bool = True, method: int = zipfile.ZIP_DEFLATED) -> bytes:
    """A bundle as Holdfast writes it; `extra` entries are not in the manifest."""
    files = FILES if files is None else files
    raw = manifest if isinstance(manifest, bytes) else json.dumps(
        manifest_for(files) if manifest is None else manifest).encode()
    out = io.BytesIO()
    with warnings.catch_warnings(), zipfile.ZipFile(out, "w", method) as archive:
        warnings.simplefilter("ignore")  # duplicate names, on purpose
        for name, data in [*files.items(), *(extra or {}).items()]:
            archive.writestr(name, data)
        archive.writestr("manifest.json", raw)
        if signed:
            archive.writestr("signature", signature_for(raw))
    return out.getvalue()


def write(tmp_path: Path, data: bytes, name: str = "bundle.zip") -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def patch(data: bytes, old: bytes, new: bytes) -> bytes:
    """Replace every occurrence (local and central header alike), same length."""
    assert len(old) == len(new) and old in data
    return data.replace(old, new)


# Offsets after the name's start, in local (30-byte) and central (46-byte) headers.
_LOCAL = {"flags": (6, "H"), "method": (8, "H"), "crc": (14, "L"), "csize": (18, "L"),
          "usize": (22, "L")}
_CENTRAL = {"flags": (8, "H"), "method": (10, "H"), "crc": (16, "L"), "csize": (20, "L"),
            "usize": (24, "L"), "attr": (38, "L"), "offset": (42, "L")}


def patch_field(data: bytes, name: str, field: str, value: Callable[[int], int]) -> bytes:
    """Rewrite one header field of entry `name` wherever its headers are."""
    out, hits = bytearray(data), 0
    for m in re.finditer(re.escape(name.encode()), data):
        for sig, fixed, table in ((b"PK\x03\x04", 30, _LOCAL), (b"PK\x01\x02", 46, _CENTRAL)):
            start = m.start() - fixed
            if start >= 0 and data[start : start + 4] == sig and field in table:
                offset, fmt = table[field]
                (old,) = struct.unpack_from("<" + fmt, data, start + offset)
                struct.pack_into("<" + fmt, out, start + offset, value(old))
                hits += 1
    assert hits
    return bytes(out)


@dataclass
class Raw:
    """An entry for raw_zip: stored bytes and headers exactly as given."""

    name: bytes
    payload: bytes
    method: int = zipfile.ZIP_STORED
    size: int | None = None
    crc: int | None = None


def raw_zip(entries: list[Raw]) -> bytes:
    out, central = bytearray(), bytearray()
    for e in entries:
        crc = zlib.crc32(e.payload) if e.crc is None else e.crc
        size = len(e.payload) if e.size is None else e.size
        offset = len(out)
        out += struct.pack("<4s5H3L2H", b"PK\x03\x04", 20, 0x800, e.method, 0, 0x21, crc,
                           len(e.payload), size, len(e.name), 0) + e.name + e.payload
        central += struct.pack("<4s6H3L5H2L", b"PK\x01\x02", 0x314, 20, 0x800, e.method, 0,
                               0x21, crc, len(e.payload), size, len(e.name), 0, 0, 0, 0,
                               0o600 << 16, offset) + e.name
    end = struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, len(entries), len(entries),
                      len(central), len(out), 0)
    return bytes(out + central + end)


def raw_bundle(files: dict[str, Raw], manifest: dict[str, Any]) -> bytes:
    raw = json.dumps(manifest).encode()
    return raw_zip([*files.values(), Raw(b"manifest.json", raw),
                    Raw(b"signature", signature_for(raw))])


def zeros_deflate(mib: int) -> bytes:
    """Raw deflate of `mib` MiB of zeros, built from one compressed MiB repeated."""
    co = zlib.compressobj(9, zlib.DEFLATED, -15)
    block = co.compress(bytes(1 << 20)) + co.flush(zlib.Z_FULL_FLUSH)
    return block * mib + zlib.compressobj(9, zlib.DEFLATED, -15).flush()


def one_sentence(message: str) -> None:
    assert message and "\n" not in message and message[0].isupper(), message
    assert message.endswith("."), message
    unquoted = re.sub(r'"[^"]*"', '""', message)
    assert not re.search(r"[.!?]\s+[A-Z]", unquoted), message


def rejects(path: Path, error: type[VaultError], match: str, *, passphrase: str | None = None,
            limits: BundleLimits | None = None) -> VaultError:
    with pytest.raises(error, match=match) as caught:
        open_bundle(path, passphrase, limits=limits).close()
    one_sentence(str(caught.value))
    return caught.value


def read_all(archive: BundleArchive, path: str) -> bytes:
    with archive.open_entry(path) as f:
        return f.read()


# --- A good bundle ------------------------------------------------------------------


def test_good_bundle_reads_back_and_verifies(tmp_path: Path) -> None:
    path = write(tmp_path, bundle_bytes(extra={"data/": b""}))
    with open_bundle(path, "ignored for a plain bundle") as archive:
        assert archive.verify_all() == []
        valid, why = archive.verify_signature()
        assert valid and archive.public_key_fingerprint() in why
        one_sentence(why)
        assert archive.manifest["version"] == 1
        assert set(archive.files) == set(FILES)
        for name, data in FILES.items():
            assert read_all(archive, name) == data
        assert archive.read_bytes("data/companies.json", 1000) == FILES["data/companies.json"]
        with archive.open_entry("media/rec1-voice.wav") as f:
            assert f.read(4) == b"RIFF" and len(f.read(10)) == 10  # small reads work too
        fp = archive.public_key_fingerprint()
    assert re.fullmatch(r"([0-9a-f]{4} ){7}[0-9a-f]{4}", fp)
    assert fp == fingerprint(KEY.public_key().public_bytes_raw())


def test_stored_entries_and_an_empty_file(tmp_path: Path) -> None:
    files = {**FILES, "data/payments.json": b""}
    path = write(tmp_path, bundle_bytes(files, method=zipfile.ZIP_STORED))
    with open_bundle(path, None) as archive:
        assert archive.verify_all() == []
        assert archive.read_bytes("data/payments.json", 10) == b""


def test_unknown_entry_and_size_limit_for_read_bytes(tmp_path: Path) -> None:
    with open_bundle(write(tmp_path, bundle_bytes()), None) as archive:
        with pytest.raises(NotFoundError, match="no file"):
            archive.open_entry("data/nothing.json")
        with pytest.raises(InvalidInputError, match="larger than") as caught:
            archive.read_bytes("media/rec1-voice.wav", 100)
        one_sentence(str(caught.value))


# --- Names ---------------------------------------------------------------------------


@pytest.mark.parametrize(("name", "match"), [
    ("/etc/passwd", "absolute path"),
    ("C:/Windows/evil.txt", "drive letter"),
    ("c:evil.txt", "drive letter"),
    ("data\\evil.json", "backslash"),
    ("data/evil:stream.json", "colon"),
    ("data/a\x07.json", "control character"),
    ("data/a\x1b[2J.json", "control character"),
    ("data/\u202enosj.exe", "invisible formatting"),
    ("data/a\u2028b.json", "line break"),
    ("data//a.json", "empty or '.' path part"),
    ("./data/a.json", "empty or '.' path part"),
    ("data/CON.json", "reserves for devices"),
    ("data/lpt1.txt.json", "reserves for devices"),
    ("data/a?.json", "Windows does not allow"),
    ("x/" + "a" * 300, "longer than 255"),
    ("data/x" * 200, "longer than 1024"),
    ("data/inner.zip", "archive inside the bundle"),
    ("report.tar.gz", "archive inside the bundle"),
])
def test_unsafe_names_are_rejected(tmp_path: Path, name: str, match: str) -> None:
    path = write(tmp_path, bundle_bytes(extra={name: b"x"}))
    rejects(path, InvalidInputError, match)


def test_dot_dot_name_patched_into_both_headers(tmp_path: Path) -> None:
    data = bundle_bytes(extra={"xx/evil.txt": b"owned"})
    rejects(write(tmp_path, patch(data, b"xx/evil.txt", b"../evil.txt")),
            InvalidInputError, r"climbs out of its folder")
    data = bundle_bytes(extra={"data/xx/evil.txt": b"owned"})
    rejects(write(tmp_path, patch(data, b"data/xx/evil.txt", b"data/../evil.txt")),
            InvalidInputError, r"climbs out of its folder")


def test_nul_in_name_is_rejected_not_truncated(tmp_path: Path) -> None:
    # zipfile itself would cut the name at the NUL and show "data/a".
    data = bundle_bytes(extra={"data/aX.json": b"{}"})
    path = write(tmp_path, patch(data, b"data/aX.json", b"data/a\x00.json"))
    error = rejects(path, InvalidInputError, "NUL character")
    assert "\\x00" in str(error)


def test_empty_name_is_rejected(tmp_path: Path) -> None:
    rejects(write(tmp_path, raw_zip([Raw(b"", b"x")])), InvalidInputError, "it is empty")


@pytest.mark.parametrize(("first", "second"), [
    ("Data/A.json", "data/a.json"),
    ("data/caf\u00e9.json", "data/cafe\u0301.json"),  # NFC and NFD spellings
    ("DATA/STRASSE.json", "data/stra\u00dfe.json"),  # full case folding
])
def test_names_that_collide_are_rejected(tmp_path: Path, first: str, second: str) -> None:
    path = write(tmp_path, bundle_bytes(extra={first: b"1", second: b"2"}))
    error = rejects(path, InvalidInputError, "same name ignoring case")
    assert first in str(error) and second in str(error)


def test_exact_duplicate_names_are_rejected(tmp_path: Path) -> None:
    data = bundle_bytes(extra={"data/a.json": b"1", "data/b.json": b"2"})
    rejects(write(tmp_path, patch(data, b"data/b.json", b"data/a.json")), InvalidInputError,
            'holds "data/a.json" twice')
    data = bundle_bytes(extra={"manifest.jsoN": b"{}"})  # a second manifest to confuse readers
    rejects(write(tmp_path, patch(data, b"manifest.jsoN", b"manifest.json")),
            InvalidInputError, "twice")


def test_directory_entries(tmp_path: Path) -> None:
    path = write(tmp_path, bundle_bytes(extra={"data/a.json/": b"", "data/a.json": b"1"}))
    rejects(path, InvalidInputError, "both as a file and as a folder")
    path = write(tmp_path, bundle_bytes(extra={"data/x/": b"hidden"}))
    rejects(path, InvalidInputError, "folder entry that holds data")
    path = write(tmp_path, bundle_bytes(extra={"data/x/": b""}))  # a plain folder is fine
    with open_bundle(path, None) as archive:
        assert archive.verify_all() == []


# --- Entry kinds and ZIP features -----------------------------------------------------


def test_symlink_entry_is_rejected(tmp_path: Path) -> None:
    info = zipfile.ZipInfo("data/link.json")
    info.create_system = 3
    info.external_attr = (stat.S_IFLNK | 0o777) << 16
    rejects(write(tmp_path, bundle_bytes(extra={info: b"/etc/passwd"})),
            InvalidInputError, "symbolic link")


def test_symlink_attribute_patched_into_a_listed_entry(tmp_path: Path) -> None:
    data = patch_field(bundle_bytes(), "data/companies.csv", "attr",
                       lambda _: (stat.S_IFLNK | 0o777) << 16)
    rejects(write(tmp_path, data), InvalidInputError, "symbolic link")


def test_device_entry_is_rejected(tmp_path: Path) -> None:
    info = zipfile.ZipInfo("data/dev.json")
    info.external_attr = (stat.S_IFCHR | 0o600) << 16
    rejects(write(tmp_path, bundle_bytes(extra={info: b""})), InvalidInputError, "device")


def test_encrypted_entry_is_rejected(tmp_path: Path) -> None:
    data = patch_field(bundle_bytes(), "data/companies.json", "flags", lambda f: f | 1)
    rejects(write(tmp_path, data), InvalidInputError, "encrypted inside the ZIP")


def test_unsupported_compression_is_rejected(tmp_path: Path) -> None:
    info = zipfile.ZipInfo("data/extra.json")
    info.compress_type = zipfile.ZIP_BZIP2
    rejects(write(tmp_path, bundle_bytes(extra={info: b"{}" * 100})),
            InvalidInputError, "compression method")
    data = patch_field(bundle_bytes(), "report.html", "method", lambda _: 99)
    rejects(write(tmp_path, data), InvalidInputError, "compression method")


def test_overlapping_entries_are_rejected(tmp_path: Path) -> None:
    data = patch_field(bundle_bytes(), "data/companies.csv", "offset", lambda _: 0)
    rejects(write(tmp_path, data), InvalidInputError, "overlapping entries")


def test_too_many_entries(tmp_path: Path) -> None:
    extra: dict[str | zipfile.ZipInfo, bytes] = {f"data/x{i}/": b"" for i in range(20)}
    path = write(tmp_path, bundle_bytes(extra=extra))
    limits = BundleLimits(max_entries=10)
    rejects(path, InvalidInputError, "more than 10 entries", limits=limits)
    # The end record lies about the count; the directory walk still counts them all.
    data = path.read_bytes()
    end = data.rindex(b"PK\x05\x06")
    lying = data[: end + 8] + struct.pack("<2H", 3, 3) + data[end + 12 :]
    rejects(write(tmp_path, lying, "lying.zip"), InvalidInputError, "more than 10 entries",
            limits=limits)


def test_total_declared_size_cap(tmp_path: Path) -> None:
    rejects(write(tmp_path, bundle_bytes()), InvalidInputError, "declares more than",
            limits=BundleLimits(max_total_size=1000))


def test_not_a_zip_and_prepended_data(tmp_path: Path) -> None:
    rejects(write(tmp_path, b"hello, this is text\n"), InvalidInputError, "not a Holdfast")
    rejects(write(tmp_path, b"MZ" + bundle_bytes()), InvalidInputError, "not a Holdfast")
    rejects(write(tmp_path, b""), InvalidInputError, "not a Holdfast")


def test_truncated_zip_names_the_bundle(tmp_path: Path) -> None:
    data = bundle_bytes()
    for cut in (len(data) // 2, len(data) - 10, 40):
        error = rejects(write(tmp_path, data[:cut], "cut.zip"), DamagedFileError, "truncated")
        assert '"cut.zip"' in str(error)


def test_missing_file_gives_not_found(tmp_path: Path) -> None:
    with pytest.raises(NotFoundError, match="no bundle"):
        open_bundle(tmp_path / "absent.zip", None)


# --- Bombs -------------------------------------------------------------------------


def test_ratio_bomb_streamed_through_zipfile(tmp_path: Path) -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        with archive.open("data/companies.json", "w") as f:
            zeros = bytes(1 << 20)
            for _ in range(48):
                f.write(zeros)
        archive.writestr("manifest.json", json.dumps(manifest_for({})))
    rejects(write(tmp_path, out.getvalue()), InvalidInputError, "expands more than 200 times")


def test_gigabyte_bomb_with_honest_header_is_rejected_up_front(tmp_path: Path) -> None:
    bomb = Raw(b"data/companies.json", zeros_deflate(1024), zipfile.ZIP_DEFLATED, GIB, 0)
    started = time.monotonic()
    rejects(write(tmp_path, raw_bundle({"bomb": bomb}, manifest_for({}))),
            InvalidInputError, "ZIP bomb")
    assert time.monotonic() - started < 2


def test_gigabyte_bomb_with_lying_header_stops_early(tmp_path: Path) -> None:
    # Header and manifest both claim 1000 bytes; the stream holds 1 GiB.
    bomb = Raw(b"data/companies.json", zeros_deflate(1024), zipfile.ZIP_DEFLATED, 1000,
               0x12345678)
    manifest = manifest_for({"data/companies.json": bytes(1000)})
    started = time.monotonic()
    with open_bundle(write(tmp_path, raw_bundle({"b": bomb}, manifest)), None) as archive:
        with pytest.raises(DamagedFileError, match="damaged") as caught:
            read_all(archive, "data/companies.json")
        one_sentence(str(caught.value))
        assert len(archive.verify_all()) == 1
    assert time.monotonic() - started < 2


def test_manifest_smaller_than_the_data_stops_streaming(tmp_path: Path) -> None:
    # An honest 1 GiB header (allowed by a raised ratio cap) but the manifest says 1000.
    bomb = Raw(b"data/companies.json", zeros_deflate(1024), zipfile.ZIP_DEFLATED, GIB, 0)
    manifest = manifest_for({"data/companies.json": bytes(1000)})
    path = write(tmp_path, raw_bundle({"b": bomb}, manifest))
    started = time.monotonic()
    with open_bundle(path, None, limits=BundleLimits(max_ratio=10**6)) as archive, \
            archive.open_entry("data/companies.json") as f, \
            pytest.raises(DamagedFileError, match="more data than its recorded size"):
        while f.read(1 << 16):
            pass
    assert time.monotonic() - started < 2


def test_manifest_larger_than_the_data(tmp_path: Path) -> None:
    manifest = manifest_for(FILES)
    manifest["files"][0]["size"] += 10
    path = write(tmp_path, bundle_bytes(manifest=manifest))
    with open_bundle(path, None) as archive, \
            pytest.raises(DamagedFileError, match="shorter than its recorded size"):
        read_all(archive, "data/companies.json")


def test_header_size_smaller_than_the_data(tmp_path: Path) -> None:
    data = patch_field(bundle_bytes(method=zipfile.ZIP_STORED), "media/rec1-voice.wav",
                       "usize", lambda n: n - 100)
    with open_bundle(write(tmp_path, data), None) as archive:
        with pytest.raises(DamagedFileError) as caught:
            read_all(archive, "media/rec1-voice.wav")
        one_sentence(str(caught.value))


# --- Nested archives -----------------------------------------------------------------


@pytest.mark.parametrize("content", [
    b"PK\x03\x04" + bytes(100), b"\x1f\x8b\x08" + bytes(100), b"7z\xbc\xaf\x27\x1c" + bytes(9),
    b"Rar!\x1a\x07\x00", bytes(257) + b"ustar\x0000",
])
def test_archive_content_outside_user_folders_is_rejected(tmp_path: Path,
                                                          content: bytes) -> None:
    files = {**FILES, "data/companies.json": content}
    with open_bundle(write(tmp_path, bundle_bytes(files)), None) as archive:
        with pytest.raises(InvalidInputError, match="archive inside the bundle") as caught:
            read_all(archive, "data/companies.json")
        one_sentence(str(caught.value))
        assert len(archive.verify_all()) == 1
        assert read_all(archive, "documents/requests/r1/d1-export.zip").startswith(b"PK")


# --- Manifest ------------------------------------------------------------------------


def test_unknown_version(tmp_path: Path) -> None:
    path = write(tmp_path, bundle_bytes(manifest=manifest_for(FILES, version=7)))
    error = rejects(path, InvalidInputError, "newer Holdfast")
    assert str(error) == ("This bundle was made by a newer Holdfast (format version 7); "
                          "update Holdfast to read it.")


@pytest.mark.parametrize(("manifest", "match"), [
    (b"{not json", "not valid JSON"),
    (b'{"format": "holdfast-bundle", "format": "x"}', "repeats a key"),
    (b"[1, 2]", "not a Holdfast"),
    (manifest_for(FILES, format="other"), "not a Holdfast"),
    (manifest_for(FILES, version="1"), "format version"),
    (manifest_for(FILES, version=True), "format version"),
    (manifest_for(FILES, files={"a": 1}), "'files' is not a list"),
    (manifest_for(FILES, files=[{"size": 1}]), "has no path"),
    (manifest_for(FILES, files=[{"path": "../x", "size": 1, "sha256": "0" * 64}]),
     "unsafe name"),
    (manifest_for(FILES, files=[{"path": "manifest.json", "size": 1, "sha256": "0" * 64}]),
     "as a file of its own"),
    (manifest_for(FILES, files=[{"path": "a", "size": -1, "sha256": "0" * 64}]),
     "whole number"),
    (manifest_for(FILES, files=[{"path": "a", "size": 1, "sha256": "xyz"}]), "malformed"),
])
def test_bad_manifests(tmp_path: Path, manifest: Any, match: str) -> None:
    rejects(write(tmp_path, bundle_bytes(manifest=manifest)), InvalidInputError, match)


def test_manifest_listing_a_path_twice(tmp_path: Path) -> None:
    manifest = manifest_for(FILES)
    manifest["files"].append(dict(manifest["files"][0], path="Data/Companies.json"))
    rejects(write(tmp_path, bundle_bytes(manifest=manifest)), InvalidInputError,
            "more than once")


def test_manifest_size_cap_and_missing_manifest(tmp_path: Path) -> None:
    rejects(write(tmp_path, bundle_bytes()), InvalidInputError, "larger than the",
            limits=BundleLimits(max_manifest_size=100))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("data/companies.json", b"[]")
    rejects(write(tmp_path, out.getvalue()), InvalidInputError, "no manifest.json")


def test_missing_and_extra_entries(tmp_path: Path) -> None:
    manifest = manifest_for({**FILES, "data/holdings.json": b"[]"})
    error = rejects(write(tmp_path, bundle_bytes(manifest=manifest)), DamagedFileError,
                    "does not contain it")
    assert "data/holdings.json" in str(error)
    error = rejects(write(tmp_path, bundle_bytes(extra={"data/sneaky.json": b"[]"})),
                    DamagedFileError, "does not list")
    assert "data/sneaky.json" in str(error)


def test_bad_hash_is_reported_by_name(tmp_path: Path) -> None:
    files = {**FILES, "data/companies.json": b'[{"id": "c2", "name": "Someone Else"}]\n'}
    manifest = manifest_for(FILES)  # records the hash of the original content
    manifest["files"][0]["size"] = len(files["data/companies.json"])
    with open_bundle(write(tmp_path, bundle_bytes(files, manifest=manifest)), None) as archive:
        with pytest.raises(DamagedFileError) as caught:
            read_all(archive, "data/companies.json")
        assert str(caught.value) == (
            'In "bundle.zip", "data/companies.json" does not match its recorded SHA-256; '
            "the bundle was changed or damaged.")
        with pytest.raises(DamagedFileError):  # the stream stays failed
            archive.read_bytes("data/companies.json", 1000)
        assert archive.verify_all() == [str(caught.value)]


def test_verify_all_lists_every_problem(tmp_path: Path) -> None:
    files = {**FILES, "data/companies.json": b"[]", "report.html": b"<p>changed</p>"}
    manifest = manifest_for(FILES)
    for item in manifest["files"]:
        item["size"] = len(files[item["path"]])
    raw = json.dumps(manifest).encode()
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, data in files.items():
            archive.writestr(name, data)
        archive.writestr("manifest.json", raw)
        archive.writestr("signature", signature_for(raw + b" "))
    with open_bundle(write(tmp_path, out.getvalue()), None) as archive:
        problems = archive.verify_all()
    assert len(problems) == 3
    assert "signature" in problems[0]
    assert "data/companies.json" in problems[1] and "report.html" in problems[2]
    for problem in problems:
        one_sentence(problem)


def zip64_end(data: bytes, count: int | None = None) -> bytes:
    """The same archive with ZIP64 end records, as zipfile writes for huge archives."""
    end = data.rindex(b"PK\x05\x06")
    _, _, _, _, n_total, size, offset, _ = struct.unpack_from("<4s4H2LH", data, end)
    n_total = n_total if count is None else count
    record = struct.pack("<4sQ2H2L4Q", b"PK\x06\x06", 44, 45, 45, 0, 0, n_total, n_total,
                         size, offset)
    locator = struct.pack("<4sLQL", b"PK\x06\x07", 0, end, 1)
    eocd = struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, 0xFFFF, 0xFFFF, 0xFFFFFFFF,
                       0xFFFFFFFF, 0)
    return data[:end] + record + locator + eocd


def test_zip64_end_records(tmp_path: Path) -> None:
    with open_bundle(write(tmp_path, zip64_end(bundle_bytes())), None) as archive:
        assert archive.verify_all() == []
    rejects(write(tmp_path, zip64_end(bundle_bytes(), count=2**40)), InvalidInputError,
            "entries, which is too many")


# --- Signature -----------------------------------------------------------------------


def test_tampered_manifest_fails_the_signature(tmp_path: Path) -> None:
    data = bundle_bytes(method=zipfile.ZIP_STORED)
    tampered = patch(data, b'"app_version": "0.1.0"', b'"app_version": "0.1.1"')
    changed = json.dumps(manifest_for(FILES, app_version="0.1.1")).encode()
    tampered = patch_field(tampered, "manifest.json", "crc", lambda _: zlib.crc32(changed))
    with open_bundle(write(tmp_path, tampered), None) as archive:
        valid, why = archive.verify_signature()
        assert not valid and "does not match its manifest" in why
        one_sentence(why)
        assert archive.verify_all() == [why]


def test_signature_from_another_key_shows_that_key(tmp_path: Path) -> None:
    other = Ed25519PrivateKey.generate()
    raw = json.dumps(manifest_for(FILES)).encode()
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, data in FILES.items():
            archive.writestr(name, data)
        archive.writestr("manifest.json", raw)
        archive.writestr("signature", signature_for(raw, other))
    with open_bundle(write(tmp_path, out.getvalue()), None) as archive:
        assert archive.verify_signature()[0]
        assert archive.public_key_fingerprint() == fingerprint(
            other.public_key().public_bytes_raw())


@pytest.mark.parametrize("signature", [
    None, b"not json", b'{"algorithm": "rsa"}',
    b'{"algorithm": "ed25519", "public_key": "AAAA", "signature": "AAAA"}',
])
def test_missing_or_malformed_signature(tmp_path: Path, signature: bytes | None) -> None:
    extra: dict[str | zipfile.ZipInfo, bytes] = {} if signature is None else {
        "signature": signature}
    with open_bundle(write(tmp_path, bundle_bytes(extra=extra, signed=False)), None) as archive:
        valid, why = archive.verify_signature()
        assert not valid and re.search("not signed|malformed", why)
        one_sentence(why)
        assert archive.public_key_fingerprint() == "unknown"
        assert archive.verify_all() == [why]


# --- age encryption ------------------------------------------------------------------


def encrypted(tmp_path: Path, data: bytes, passphrase: str = PASSPHRASE,
              work_factor: int = 10) -> Path:
    path = tmp_path / "bundle.zip.age"
    with path.open("wb") as dst:
        encrypt_stream(io.BytesIO(data), dst, [ScryptRecipient(passphrase, work_factor)])
    return path


def test_encrypted_bundle_reads_with_its_passphrase(tmp_path: Path) -> None:
    path = encrypted(tmp_path, bundle_bytes())
    with open_bundle(path, PASSPHRASE) as archive:
        assert archive.verify_all() == []
        assert read_all(archive, "media/rec1-voice.wav") == FILES["media/rec1-voice.wav"]


def test_encrypted_bundle_refusals(tmp_path: Path) -> None:
    path = encrypted(tmp_path, bundle_bytes())
    error = rejects(path, WrongPasswordError, "Wrong passphrase", passphrase="not it")
    assert str(error) == "Wrong passphrase."
    error = rejects(path, InvalidInputError, "encrypted", passphrase=None)
    assert str(error) == ("This bundle is encrypted; give its passphrase with "
                          "--passphrase-file.")
    rejects(path, InvalidInputError, "scrypt factor 10", passphrase=PASSPHRASE,
            limits=BundleLimits(max_work_factor=9))
    data = path.read_bytes()
    rejects(write(tmp_path, data[: len(data) - 40], "cut.zip.age"), DamagedFileError,
            "damaged or truncated", passphrase=PASSPHRASE)


def test_bundle_encrypted_to_a_key_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "keyed.zip.age"
    with path.open("wb") as dst:
        encrypt_stream(io.BytesIO(bundle_bytes()), dst, [X25519Identity.generate().recipient])
    rejects(path, InvalidInputError, "encrypted to a key", passphrase=PASSPHRASE)


def test_encrypted_hostile_zip_is_checked_the_same(tmp_path: Path) -> None:
    path = encrypted(tmp_path, bundle_bytes(extra={"data/inner.zip": b"PK"}))
    rejects(path, InvalidInputError, "archive inside the bundle", passphrase=PASSPHRASE)


# --- Fuzz: whatever the damage, only one-sentence VaultErrors come out ----------------


def _exercise(path: Path, passphrase: str | None = None) -> None:
    try:
        with open_bundle(path, passphrase) as archive:
            for problem in archive.verify_all():
                one_sentence(problem)
            for name in archive.files:
                try:
                    read_all(archive, name)
                except VaultError as exc:
                    one_sentence(str(exc))
    except VaultError as exc:
        one_sentence(str(exc))


def test_random_damage_raises_only_vault_errors(tmp_path: Path) -> None:
    rng = random.Random(20261122)
    good = bundle_bytes(method=zipfile.ZIP_STORED) + b""
    deflated = bundle_bytes()
    path = tmp_path / "fuzz.zip"
    for i in range(400):
        data = bytearray(good if i % 2 else deflated)
        how = i % 4
        if how == 0:
            for _ in range(rng.randint(1, 4)):
                data[rng.randrange(len(data))] = rng.randrange(256)
        elif how == 1:  # aim at the central directory and end record
            start = bytes(data).rindex(b"PK\x01\x02")
            data[rng.randrange(start, len(data))] ^= 1 << rng.randrange(8)
        elif how == 2:
            del data[rng.randrange(len(data)) :]
        else:
            at = rng.randrange(len(data))
            data[at:at] = rng.randbytes(rng.randint(1, 30))
        path.write_bytes(bytes(data))
        _exercise(path)


def test_random_damage_to_an_encrypted_bundle(tmp_path: Path) -> None:
    rng = random.Random(7)
    data = encrypted(tmp_path, bundle_bytes()).read_bytes()
    path = tmp_path / "fuzz.zip.age"
    for _ in range(40):
        damaged = bytearray(data)
        damaged[rng.randrange(len(damaged))] ^= 1 << rng.randrange(8)
        path.write_bytes(bytes(damaged))
        _exercise(path, PASSPHRASE)
