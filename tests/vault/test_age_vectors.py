"""The C2SP CCTV age test vectors, run against vault.crypto.age."""

from __future__ import annotations

import contextlib
import hashlib
import io
import os
import zlib
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from vault.crypto.age import (
    AgeReader,
    Identity,
    MLKEM768X25519Identity,
    MLKEM768X25519Recipient,
    ScryptIdentity,
    X25519Identity,
    X25519Recipient,
    decrypt_stream,
)
from vault.crypto.age_header import encode_stanza, read_header
from vault.crypto.age_keys import bech32_decode, bech32_encode
from vault.errors import AgeError, AgeHeaderError, AgeNoMatchError, AgePayloadError

EXPECTED_ERROR: dict[str, type[AgeError] | None] = {
    "success": None,
    "no match": AgeNoMatchError,
    "HMAC failure": AgeHeaderError,
    "header failure": AgeHeaderError,
    "payload failure": AgePayloadError,
}


def vectors_dir() -> Path:
    shared = os.environ.get("HOLDFAST_SHARED")
    if shared:
        return Path(shared) / "testdata" / "cctv-age"
    return Path(__file__).resolve().parents[3] / "shared" / "testdata" / "cctv-age"


@dataclass
class Vector:
    name: str
    expect: str = ""
    payload: str | None = None
    identities: list[str] = field(default_factory=list)
    passphrases: list[str] = field(default_factory=list)
    armored: bool = False
    data: bytes = b""


def load(path: Path) -> Vector:
    head, _, body = path.read_bytes().partition(b"\n\n")
    vector = Vector(path.name)
    compressed = False
    for line in head.decode("utf-8").splitlines():
        key, _, value = line.partition(": ")
        if key == "expect":
            vector.expect = value
        elif key == "payload":
            vector.payload = value
        elif key == "identity":
            vector.identities.append(value)
        elif key == "passphrase":
            vector.passphrases.append(value)
        elif key == "armored":
            vector.armored = value == "yes"
        elif key == "compressed":
            compressed = value == "zlib"
    vector.data = zlib.decompress(body) if compressed else body
    return vector


def vector_paths() -> list[Path]:
    folder = vectors_dir()
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.is_file() and p.name != "README.md")


def test_vectors_present() -> None:
    if vector_paths():
        return
    reason = f"age test vectors not found at {vectors_dir()}"
    if os.environ.get("HOLDFAST_REQUIRE_VECTORS") == "1":
        pytest.fail(reason)
    pytest.skip(reason)


def identities_for(vector: Vector) -> list[Identity]:
    result: list[Identity] = []
    for text in vector.identities:
        if text.startswith("AGE-SECRET-KEY-PQ-1"):
            result.append(MLKEM768X25519Identity.parse(text))
        else:
            result.append(X25519Identity.parse(text))
    result += [ScryptIdentity(p) for p in vector.passphrases]
    return result


def is_armor_vector(path: Path) -> bool:
    vector = load(path)
    return vector.armored or vector.expect == "armor failure"


# ASCII armor is optional in our format and not implemented: its vectors are left
# out of the run rather than reported as skips, and counted below.
BINARY_VECTORS = [p for p in vector_paths() if not is_armor_vector(p)]


def test_only_armor_vectors_are_left_out() -> None:
    paths = vector_paths()
    if not paths:
        pytest.skip("no vectors (see test_vectors_present)")
    left_out = [p.name for p in paths if p not in BINARY_VECTORS]
    assert all(name.startswith("armor") for name in left_out), left_out
    assert len(BINARY_VECTORS) >= 100


@pytest.mark.parametrize("path", BINARY_VECTORS, ids=lambda p: p.name)
def test_vector(path: Path) -> None:
    vector = load(path)
    assert vector.expect in EXPECTED_ERROR, f"unknown expectation {vector.expect!r}"
    identities = identities_for(vector)
    expected = EXPECTED_ERROR[vector.expect]
    out = io.BytesIO()
    if expected is None:
        decrypt_stream(io.BytesIO(vector.data), out, identities)
    else:
        with pytest.raises(expected) as info:
            decrypt_stream(io.BytesIO(vector.data), out, identities)
        message = str(info.value)
        assert message.endswith(".") and "\n" not in message
    if vector.payload is not None:
        # Whatever was released, even before a failure, must be authentic.
        assert hashlib.sha256(out.getvalue()).hexdigest() == vector.payload
        check_observer_sees_what_was_written(vector, identities, out.getvalue())
    else:
        assert out.getvalue() == b""
    if vector.expect in ("HMAC failure", "no match", "payload failure", "success"):
        check_header_round_trip(vector.data)
    if vector.expect == "HMAC failure":
        # Distinguish from a parse failure: the header itself is well formed.
        read_header(io.BytesIO(vector.data))
    check_reader(vector, identities, expected)


def check_observer_sees_what_was_written(vector: Vector, identities: list[Identity],
                                         written: bytes) -> None:
    """on_chunk gets exactly the authenticated plaintext that reached dst."""
    seen = bytearray()
    with contextlib.suppress(AgeError):
        decrypt_stream(io.BytesIO(vector.data), io.BytesIO(), identities,
                       on_chunk=seen.extend)
    assert bytes(seen) == written


def check_header_round_trip(data: bytes) -> None:
    """Every header that parses re-encodes to exactly the bytes it came from."""
    header, _ = read_header(io.BytesIO(data))
    encoded = b"age-encryption.org/v1\n" + b"".join(encode_stanza(s) for s in header.stanzas)
    assert encoded + b"---" == header.mac_input


def check_reader(vector: Vector, identities: list[Identity], expected: type | None) -> None:
    """The seekable reader agrees with the streaming decryption."""
    if expected is None:
        reader = AgeReader(io.BytesIO(vector.data), identities)
        assert hashlib.sha256(reader.read()).hexdigest() == vector.payload
        return
    with pytest.raises(expected):
        reader = AgeReader(io.BytesIO(vector.data), identities)
        reader.read()


# Key encodings, checked against the identity used throughout the vectors.
VECTOR_IDENTITY = "AGE-SECRET-KEY-1EGTZVFFV20835NWYV6270LXYVK2VKNX2MMDKWYKLMGR48UAWX40Q2P2LM0"


def test_identity_string_round_trip() -> None:
    identity = X25519Identity.parse(VECTOR_IDENTITY)
    assert identity.to_string() == VECTOR_IDENTITY
    recipient = identity.recipient.to_string()
    assert recipient.startswith("age1") and recipient == recipient.lower()
    assert X25519Recipient.parse(recipient) == identity.recipient
    assert VECTOR_IDENTITY not in repr(identity)


@pytest.mark.parametrize(
    "text",
    [
        VECTOR_IDENTITY.lower(),  # identities are uppercase
        VECTOR_IDENTITY[:20] + VECTOR_IDENTITY[20:].lower(),  # mixed case
        VECTOR_IDENTITY[:-1] + ("Q" if VECTOR_IDENTITY[-1] != "Q" else "P"),  # checksum
        VECTOR_IDENTITY.replace("AGE-SECRET-KEY-", "AGE-SECRET-KEY-PQ-"),
        "AGE-SECRET-KEY-1",
        "",
    ],
)
def test_bad_identity_strings(text: str) -> None:
    with pytest.raises(AgeError):
        X25519Identity.parse(text)


def test_bad_recipient_strings() -> None:
    good = X25519Identity.parse(VECTOR_IDENTITY).recipient.to_string()
    for text in (good.upper(), good[:10] + good[10:].upper(), good[:-1] + "x", good[:-2]):
        with pytest.raises(AgeError):
            X25519Recipient.parse(text)
    hrp, data = bech32_decode(good)
    assert hrp == "age" and len(data) == 32
    assert bech32_encode("age", data) == good


def test_bech32_known_answer() -> None:
    # BIP-173 test vector for the empty data part.
    assert bech32_decode("a12uel5l") == ("a", b"")
    assert bech32_encode("a", b"") == "a12uel5l"
    with pytest.raises(ValueError):
        bech32_decode("A12uEL5L")  # mixed case
    with pytest.raises(ValueError):
        bech32_decode("a1lqfn3a")  # valid Bech32m (BIP-350), which age does not use


# The example key pair from the age specification (c2sp.org/age). The
# recipient is 1959 characters long, so it is compared by SHA-256.
SPEC_PQ_IDENTITY = "AGE-SECRET-KEY-PQ-1XX76JRALNLXDMEW0CRK45QMCCH4X06SE84UN3VPM33W6HWDX0H3SK3ZQFR"
SPEC_PQ_RECIPIENT_SHA256 = "a091dd7e0ee9d62b75173dcc98441a0424baa941e66a8776e570a4ae60ff61ea"


def test_post_quantum_key_strings() -> None:
    identity = MLKEM768X25519Identity.parse(SPEC_PQ_IDENTITY)
    assert identity.to_string() == SPEC_PQ_IDENTITY
    recipient = identity.recipient.to_string()
    assert recipient.startswith("age1pq1")
    assert hashlib.sha256(recipient.encode()).hexdigest() == SPEC_PQ_RECIPIENT_SHA256
    assert MLKEM768X25519Recipient.parse(recipient) == identity.recipient
    with pytest.raises(AgeError):
        MLKEM768X25519Identity.parse(SPEC_PQ_IDENTITY.lower())
    with pytest.raises(AgeError):
        X25519Identity.parse(SPEC_PQ_IDENTITY)
