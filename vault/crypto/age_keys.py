"""age recipients and identities: X25519, ML-KEM-768+X25519 hybrid, and scrypt.

A recipient wraps a file key into stanzas; an identity looks through a
header's stanzas and returns the file key, None when nothing is addressed to
it, or raises AgeHeaderError when a stanza of its own type is malformed.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Sequence
from typing import Protocol

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hpke
from cryptography.hazmat.primitives.asymmetric import mlkem
from cryptography.hazmat.primitives.asymmetric.x25519 import (
    X25519PrivateKey,
    X25519PublicKey,
)
from cryptography.hazmat.primitives.ciphers.aead import ChaCha20Poly1305
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

from vault.crypto.age_header import (
    FILE_KEY_SIZE,
    Stanza,
    b64decode_strict,
    b64encode_raw,
    hkdf_sha256,
)
from vault.errors import AgeError, AgeHeaderError

_ZERO_NONCE = bytes(12)
_WRAPPED_SIZE = FILE_KEY_SIZE + 16
_X25519_INFO = b"age-encryption.org/v1/X25519"
_SCRYPT_LABEL = b"age-encryption.org/v1/scrypt"
_RECIPIENT_HRP = "age"
_IDENTITY_HRP = "AGE-SECRET-KEY-"
_PQ_RECIPIENT_HRP = "age1pq"
_PQ_IDENTITY_HRP = "AGE-SECRET-KEY-PQ-"
_PQ_INFO = b"age-encryption.org/mlkem768x25519"
_MLKEM_PUBLIC_SIZE = 1184
_MLKEM_CIPHERTEXT_SIZE = 1088
_PQ_ENC_SIZE = _MLKEM_CIPHERTEXT_SIZE + 32
_DECIMAL = re.compile(r"[1-9][0-9]*")


class Recipient(Protocol):
    def wrap(self, file_key: bytes) -> list[Stanza]: ...


class Identity(Protocol):
    def unwrap(self, stanzas: Sequence[Stanza]) -> bytes | None: ...


# --- Bech32 (BIP-173, not bech32m), without the 90 character limit ---------

_CHARSET = "qpzry9x8gf2tvdw0s3jn54khce6mua7l"
_GEN = (0x3B6A57B2, 0x26508E6D, 0x1EA119FA, 0x3D4233DD, 0x2A1462B3)


def _polymod(values: Sequence[int]) -> int:
    chk = 1
    for value in values:
        top = chk >> 25
        chk = (chk & 0x1FFFFFF) << 5 ^ value
        for i, gen in enumerate(_GEN):
            if (top >> i) & 1:
                chk ^= gen
    return chk


def _hrp_expand(hrp: str) -> list[int]:
    return [ord(c) >> 5 for c in hrp] + [0] + [ord(c) & 31 for c in hrp]


def _convert_bits(data: Sequence[int], frm: int, to: int, pad: bool) -> list[int]:
    acc = bits = 0
    out: list[int] = []
    for value in data:
        acc = (acc << frm) | value
        bits += frm
        while bits >= to:
            bits -= to
            out.append((acc >> bits) & ((1 << to) - 1))
    if pad and bits:
        out.append((acc << (to - bits)) & ((1 << to) - 1))
    elif not pad and (bits >= frm or (acc << (to - bits)) & ((1 << to) - 1)):
        raise ValueError("invalid padding in Bech32 data")
    return out


def bech32_encode(hrp: str, data: bytes) -> str:
    """Encode data under hrp; an uppercase hrp gives an all-uppercase string."""
    low = hrp.lower()
    values = _convert_bits(data, 8, 5, True)
    poly = _polymod(_hrp_expand(low) + values + [0] * 6) ^ 1
    checksum = [(poly >> 5 * (5 - i)) & 31 for i in range(6)]
    text = low + "1" + "".join(_CHARSET[v] for v in values + checksum)
    return text.upper() if hrp.isupper() else text


def bech32_decode(text: str) -> tuple[str, bytes]:
    """Return (hrp as written, data); raise ValueError on any defect."""
    if text.lower() != text and text.upper() != text:
        raise ValueError("mixed case in Bech32 string")
    pos = text.rfind("1")
    if pos < 1 or pos + 7 > len(text):
        raise ValueError("malformed Bech32 string")
    hrp, low = text[:pos], text.lower()
    if any(not 33 <= ord(c) <= 126 for c in hrp):
        raise ValueError("invalid character in Bech32 prefix")
    try:
        values = [_CHARSET.index(c) for c in low[pos + 1 :]]
    except ValueError:
        raise ValueError("invalid character in Bech32 data") from None
    if _polymod(_hrp_expand(low[:pos]) + values) != 1:
        raise ValueError("invalid Bech32 checksum")
    return hrp, bytes(_convert_bits(values[:-6], 5, 8, False))


# --- X25519 ----------------------------------------------------------------


def _x25519_wrap_key(secret: bytes, share: bytes, recipient: bytes) -> bytes:
    return hkdf_sha256(secret, share + recipient, _X25519_INFO)


class X25519Recipient:
    """An 'age1...' public key."""

    def __init__(self, public_key: bytes) -> None:
        if len(public_key) != 32:
            raise ValueError("an X25519 public key is 32 bytes")
        self.public_bytes = bytes(public_key)
        self._key = X25519PublicKey.from_public_bytes(self.public_bytes)

    @classmethod
    def parse(cls, text: str) -> X25519Recipient:
        try:
            hrp, data = bech32_decode(text.strip())
        except ValueError as exc:
            raise AgeError("This is not a valid age recipient.") from exc
        if hrp != _RECIPIENT_HRP or len(data) != 32:
            raise AgeError("This is not a valid age X25519 recipient.")
        return cls(data)

    def to_string(self) -> str:
        return bech32_encode(_RECIPIENT_HRP, self.public_bytes)

    def __str__(self) -> str:
        return self.to_string()

    def __eq__(self, other: object) -> bool:
        return isinstance(other, X25519Recipient) and other.public_bytes == self.public_bytes

    def __hash__(self) -> int:
        return hash(self.public_bytes)

    def wrap(self, file_key: bytes) -> list[Stanza]:
        ephemeral = X25519PrivateKey.generate()
        share = ephemeral.public_key().public_bytes_raw()
        secret = ephemeral.exchange(self._key)
        key = _x25519_wrap_key(secret, share, self.public_bytes)
        body = ChaCha20Poly1305(key).encrypt(_ZERO_NONCE, file_key, None)
        return [Stanza("X25519", (b64encode_raw(share),), body)]


class X25519Identity:
    """An 'AGE-SECRET-KEY-1...' private key."""

    def __init__(self, secret: bytes) -> None:
        if len(secret) != 32:
            raise ValueError("an X25519 secret key is 32 bytes")
        self._secret = bytes(secret)
        self._key = X25519PrivateKey.from_private_bytes(self._secret)
        self.recipient = X25519Recipient(self._key.public_key().public_bytes_raw())

    @classmethod
    def generate(cls) -> X25519Identity:
        return cls(os.urandom(32))

    @classmethod
    def parse(cls, text: str) -> X25519Identity:
        try:
            hrp, data = bech32_decode(text.strip())
        except ValueError as exc:
            raise AgeError("This is not a valid age identity.") from exc
        if hrp != _IDENTITY_HRP or len(data) != 32:
            raise AgeError("This is not a valid age X25519 identity.")
        return cls(data)

    def to_string(self) -> str:
        return bech32_encode(_IDENTITY_HRP, self._secret)

    def __repr__(self) -> str:
        # Never put the secret key into logs or tracebacks.
        return f"X25519Identity(recipient={self.recipient.to_string()!r})"

    def unwrap(self, stanzas: Sequence[Stanza]) -> bytes | None:
        for stanza in stanzas:
            if stanza.type != "X25519":
                continue
            if len(stanza.args) != 1:
                raise AgeHeaderError("An X25519 stanza has the wrong number of arguments.")
            share = b64decode_strict(stanza.args[0])
            if len(share) != 32:
                raise AgeHeaderError("An X25519 stanza has a share of the wrong size.")
            if len(stanza.body) != _WRAPPED_SIZE:
                raise AgeHeaderError("An X25519 stanza has a body of the wrong size.")
            try:
                secret = self._key.exchange(X25519PublicKey.from_public_bytes(share))
            except ValueError:
                secret = bytes(32)  # OpenSSL refuses low-order points outright
            if secret == bytes(32):
                raise AgeHeaderError("An X25519 stanza uses a low-order point.")
            key = _x25519_wrap_key(secret, share, self.recipient.public_bytes)
            try:
                return ChaCha20Poly1305(key).decrypt(_ZERO_NONCE, stanza.body, None)
            except InvalidTag:
                continue
        return None


# --- ML-KEM-768 + X25519 hybrid (X-Wing style HPKE KEM) ---------------------


def _hpke_suite() -> hpke.Suite:
    return hpke.Suite(hpke.KEM.MLKEM768_X25519, hpke.KDF.HKDF_SHA256, hpke.AEAD.CHACHA20_POLY1305)


class MLKEM768X25519Recipient:
    """A post-quantum 'age1pq1...' public key (ML-KEM-768 key || X25519 key)."""

    def __init__(self, public_key: bytes) -> None:
        if len(public_key) != _MLKEM_PUBLIC_SIZE + 32:
            raise ValueError("an ML-KEM-768 + X25519 public key is 1216 bytes")
        self.public_bytes = bytes(public_key)
        self._key = hpke.MLKEM768X25519PublicKey(
            mlkem.MLKEM768PublicKey.from_public_bytes(public_key[:_MLKEM_PUBLIC_SIZE]),
            X25519PublicKey.from_public_bytes(public_key[_MLKEM_PUBLIC_SIZE:]),
        )

    @classmethod
    def parse(cls, text: str) -> MLKEM768X25519Recipient:
        try:
            hrp, data = bech32_decode(text.strip())
            if hrp != _PQ_RECIPIENT_HRP:
                raise ValueError("wrong prefix")
            return cls(data)
        except ValueError as exc:
            raise AgeError("This is not a valid age post-quantum recipient.") from exc

    def to_string(self) -> str:
        return bech32_encode(_PQ_RECIPIENT_HRP, self.public_bytes)

    def __eq__(self, other: object) -> bool:
        return (
            isinstance(other, MLKEM768X25519Recipient) and other.public_bytes == self.public_bytes
        )

    def __hash__(self) -> int:
        return hash(self.public_bytes)

    def wrap(self, file_key: bytes) -> list[Stanza]:
        sealed = _hpke_suite().encrypt(file_key, self._key, info=_PQ_INFO)
        enc, body = sealed[:_PQ_ENC_SIZE], sealed[_PQ_ENC_SIZE:]
        return [Stanza("mlkem768x25519", (b64encode_raw(enc),), body)]


class MLKEM768X25519Identity:
    """An 'AGE-SECRET-KEY-PQ-1...' key: a 32-byte seed expanded with SHAKE-256."""

    def __init__(self, seed: bytes) -> None:
        if len(seed) != 32:
            raise ValueError("a post-quantum identity seed is 32 bytes")
        self._seed = bytes(seed)
        expanded = hashlib.shake_256(self._seed).digest(96)
        kem = mlkem.MLKEM768PrivateKey.from_seed_bytes(expanded[:64])
        self._x25519 = X25519PrivateKey.from_private_bytes(expanded[64:])
        self._key = hpke.MLKEM768X25519PrivateKey(kem, self._x25519)
        self.recipient = MLKEM768X25519Recipient(
            kem.public_key().public_bytes_raw() + self._x25519.public_key().public_bytes_raw()
        )

    @classmethod
    def generate(cls) -> MLKEM768X25519Identity:
        return cls(os.urandom(32))

    @classmethod
    def parse(cls, text: str) -> MLKEM768X25519Identity:
        try:
            hrp, data = bech32_decode(text.strip())
        except ValueError as exc:
            raise AgeError("This is not a valid age identity.") from exc
        if hrp != _PQ_IDENTITY_HRP or len(data) != 32:
            raise AgeError("This is not a valid age post-quantum identity.")
        return cls(data)

    def to_string(self) -> str:
        return bech32_encode(_PQ_IDENTITY_HRP, self._seed)

    def __repr__(self) -> str:
        return "MLKEM768X25519Identity(...)"

    def unwrap(self, stanzas: Sequence[Stanza]) -> bytes | None:
        for stanza in stanzas:
            if stanza.type != "mlkem768x25519":
                continue
            if len(stanza.args) != 1:
                raise AgeHeaderError("A post-quantum stanza has the wrong number of arguments.")
            enc = b64decode_strict(stanza.args[0])
            if len(enc) != _PQ_ENC_SIZE:
                raise AgeHeaderError("A post-quantum stanza has a share of the wrong size.")
            if len(stanza.body) != _WRAPPED_SIZE:
                raise AgeHeaderError("A post-quantum stanza has a body of the wrong size.")
            # HPKE reports a low-order X25519 share as a failed tag; age requires an abort.
            share = X25519PublicKey.from_public_bytes(enc[_MLKEM_CIPHERTEXT_SIZE:])
            try:
                secret = self._x25519.exchange(share)
            except ValueError:
                secret = bytes(32)
            if secret == bytes(32):
                raise AgeHeaderError("A post-quantum stanza uses a low-order point.")
            try:
                return _hpke_suite().decrypt(enc + stanza.body, self._key, info=_PQ_INFO)
            except InvalidTag:
                continue
        return None


# --- scrypt (passphrase) ---------------------------------------------------


def _scrypt_key(passphrase: bytes, salt: bytes, work_factor: int) -> bytes:
    kdf = Scrypt(salt=_SCRYPT_LABEL + salt, length=32, n=1 << work_factor, r=8, p=1)
    return kdf.derive(passphrase)


def _passphrase_bytes(passphrase: str | bytes) -> bytes:
    data = passphrase.encode("utf-8") if isinstance(passphrase, str) else bytes(passphrase)
    if not data:
        raise AgeError("The passphrase must not be empty.")
    return data


class ScryptRecipient:
    """Passphrase encryption; it must be the only recipient of a file."""

    def __init__(self, passphrase: str | bytes, work_factor: int = 18) -> None:
        if not 1 <= work_factor <= 30:
            raise AgeError("The scrypt work factor must be between 1 and 30.")
        self._passphrase = _passphrase_bytes(passphrase)
        self.work_factor = work_factor

    def wrap(self, file_key: bytes) -> list[Stanza]:
        salt = os.urandom(16)
        key = _scrypt_key(self._passphrase, salt, self.work_factor)
        body = ChaCha20Poly1305(key).encrypt(_ZERO_NONCE, file_key, None)
        return [Stanza("scrypt", (b64encode_raw(salt), str(self.work_factor)), body)]


class ScryptIdentity:
    """Passphrase decryption, refusing work factors above max_work_factor."""

    def __init__(self, passphrase: str | bytes, max_work_factor: int = 22) -> None:
        self._passphrase = _passphrase_bytes(passphrase)
        self.max_work_factor = max_work_factor

    def __repr__(self) -> str:
        return f"ScryptIdentity(max_work_factor={self.max_work_factor})"

    def unwrap(self, stanzas: Sequence[Stanza]) -> bytes | None:
        for stanza in stanzas:
            if stanza.type != "scrypt":
                continue
            if len(stanza.args) != 2:
                raise AgeHeaderError("A scrypt stanza has the wrong number of arguments.")
            salt = b64decode_strict(stanza.args[0])
            if len(salt) != 16:
                raise AgeHeaderError("A scrypt stanza has a salt of the wrong size.")
            if _DECIMAL.fullmatch(stanza.args[1]) is None:
                raise AgeHeaderError("A scrypt stanza has a malformed work factor.")
            # Compare as text first so absurdly long numbers are never parsed.
            if len(stanza.args[1]) > 4 or int(stanza.args[1]) > self.max_work_factor:
                raise AgeHeaderError("The scrypt work factor is too large to accept.")
            if len(stanza.body) != _WRAPPED_SIZE:
                raise AgeHeaderError("A scrypt stanza has a body of the wrong size.")
            key = _scrypt_key(self._passphrase, salt, int(stanza.args[1]))
            try:
                return ChaCha20Poly1305(key).decrypt(_ZERO_NONCE, stanza.body, None)
            except InvalidTag:
                continue
        return None
