"""The key hierarchy: password -> Argon2id -> key-encryption key -> master key -> subkeys.

The master key is 32 random bytes that never change for the life of a vault; a
password change only re-wraps it. Every other key is derived from it with HKDF,
each under its own label, so one purpose never reuses another's key.
"""

from __future__ import annotations

import base64
import os
import secrets
import time
from dataclasses import dataclass

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.argon2 import Argon2id
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from vault.errors import InvalidInputError, WrongPasswordError

MASTER_KEY_BYTES = 32
SALT_BYTES = 16
NONCE_BYTES = 12
MIN_MEMORY_KIB = 64 * 1024
DEFAULT_LANES = 4
# Calibration aims at the middle of the 0.5-1 s window that DESIGN.md asks for.
CALIBRATION_TARGET_SECONDS = 0.7
MIN_ITERATIONS = 3
MAX_ITERATIONS = 64

_RECOVERY_ALPHABET = "ABCDEFGHJKMNPQRSTVWXYZ0123456789"  # Crockford-like: no I, L, O, U
_RECOVERY_GROUPS = 8
_RECOVERY_GROUP_LEN = 4
_RECOVERY_CONFUSABLE = str.maketrans({"I": "1", "L": "1", "O": "0", "U": "V"})


@dataclass(frozen=True)
class KdfParams:
    """Argon2id parameters, stored in the vault header so unlock can repeat them."""

    memory_kib: int
    iterations: int
    lanes: int
    salt: bytes

    def derive(self, secret: bytes) -> bytes:
        kdf = Argon2id(
            salt=self.salt,
            length=32,
            iterations=self.iterations,
            lanes=self.lanes,
            memory_cost=self.memory_kib,
        )
        return kdf.derive(secret)

    def to_json(self) -> dict[str, object]:
        return {
            "name": "argon2id",
            "memory_kib": self.memory_kib,
            "iterations": self.iterations,
            "lanes": self.lanes,
            "salt": b64encode(self.salt),
        }

    @classmethod
    def from_json(cls, data: object) -> KdfParams:
        if not isinstance(data, dict) or data.get("name") != "argon2id":
            raise ValueError("unsupported key derivation")
        memory = data["memory_kib"]
        iterations = data["iterations"]
        lanes = data["lanes"]
        salt = b64decode(data["salt"])
        if not all(isinstance(v, int) and not isinstance(v, bool)
                   for v in (memory, iterations, lanes)):
            raise ValueError("key derivation parameters must be integers")
        assert isinstance(memory, int) and isinstance(iterations, int) and isinstance(lanes, int)
        # Bounds keep a hostile header from making unlock take hours or all memory.
        if not (8 <= memory <= 4 * 1024 * 1024 and 1 <= iterations <= 1000 and 1 <= lanes <= 16):
            raise ValueError("key derivation parameters are out of range")
        if len(salt) < SALT_BYTES:
            raise ValueError("salt is too short")
        return cls(memory_kib=memory, iterations=iterations, lanes=lanes, salt=salt)


def new_kdf_params(memory_kib: int | None = None, iterations: int | None = None,
                   lanes: int = DEFAULT_LANES) -> KdfParams:
    """Fresh parameters with a new salt; iterations calibrated when not given.

    Tests pass small explicit values; the command line and GUI always calibrate.
    """
    memory = MIN_MEMORY_KIB if memory_kib is None else memory_kib
    salt = os.urandom(SALT_BYTES)
    if iterations is None:
        iterations = calibrate_iterations(memory, lanes)
    return KdfParams(memory_kib=memory, iterations=iterations, lanes=lanes, salt=salt)


def calibrate_iterations(memory_kib: int, lanes: int,
                         target_seconds: float = CALIBRATION_TARGET_SECONDS) -> int:
    """Pick the iteration count that makes one derivation take about target_seconds."""
    probe = KdfParams(memory_kib, 2, lanes, os.urandom(SALT_BYTES))
    started = time.perf_counter()
    probe.derive(b"calibration")
    per_iteration = max((time.perf_counter() - started) / 2, 1e-4)
    estimate = round(target_seconds / per_iteration)
    return max(MIN_ITERATIONS, min(MAX_ITERATIONS, estimate))


def new_master_key() -> bytes:
    return secrets.token_bytes(MASTER_KEY_BYTES)


def wrap_key(kek: bytes, key: bytes, associated_data: bytes) -> tuple[bytes, bytes]:
    """AES-256-GCM wrap; returns (nonce, ciphertext-with-tag)."""
    nonce = os.urandom(NONCE_BYTES)
    return nonce, AESGCM(kek).encrypt(nonce, key, associated_data)


def unwrap_key(kek: bytes, nonce: bytes, wrapped: bytes, associated_data: bytes) -> bytes:
    try:
        key = AESGCM(kek).decrypt(nonce, wrapped, associated_data)
    except InvalidTag:
        raise WrongPasswordError("Wrong password.") from None
    if len(key) != MASTER_KEY_BYTES:
        raise WrongPasswordError("Wrong password.")
    return key


def _hkdf(master_key: bytes, label: str, length: int = 32) -> bytes:
    return HKDF(
        algorithm=hashes.SHA256(), length=length, salt=None, info=label.encode()
    ).derive(master_key)


@dataclass(frozen=True)
class VaultKeys:
    """Everything derived from the master key; held only while the vault is unlocked."""

    master_key: bytes

    @property
    def database_key(self) -> bytes:
        return _hkdf(self.master_key, "holdfast/v1/sqlcipher")

    @property
    def blob_identity_bytes(self) -> bytes:
        """The X25519 secret scalar of the blob store's age identity."""
        return _hkdf(self.master_key, "holdfast/v1/age-x25519")

    def signing_key(self) -> Ed25519PrivateKey:
        return Ed25519PrivateKey.from_private_bytes(
            _hkdf(self.master_key, "holdfast/v1/ed25519-bundle-signing"))


def recovery_kek(code: str, salt: bytes) -> bytes:
    """Key-encryption key from a recovery code.

    The code carries 160 random bits, so a slow KDF adds nothing against guessing;
    HKDF with the vault's salt is enough and keeps recovery instant.
    """
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=salt,
                info=b"holdfast/v1/recovery-kek").derive(normalize_recovery_code(code).encode())


def new_recovery_code() -> str:
    """32 characters from a 32-symbol alphabet (160 bits) in groups of four."""
    chars = "".join(secrets.choice(_RECOVERY_ALPHABET)
                    for _ in range(_RECOVERY_GROUPS * _RECOVERY_GROUP_LEN))
    return "-".join(chars[i:i + _RECOVERY_GROUP_LEN]
                    for i in range(0, len(chars), _RECOVERY_GROUP_LEN))


def normalize_recovery_code(code: str) -> str:
    """Accept what a person types: any case, spaces or dashes, I/L/O read as 1/1/0."""
    cleaned = "".join(c for c in code.upper() if c.isalnum()).translate(_RECOVERY_CONFUSABLE)
    if len(cleaned) != _RECOVERY_GROUPS * _RECOVERY_GROUP_LEN or any(
            c not in _RECOVERY_ALPHABET for c in cleaned):
        raise InvalidInputError(
            "That is not a recovery code: it has 32 letters and digits in groups of four.")
    return "-".join(cleaned[i:i + _RECOVERY_GROUP_LEN]
                    for i in range(0, len(cleaned), _RECOVERY_GROUP_LEN))


def b64encode(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def b64decode(value: object) -> bytes:
    if not isinstance(value, str):
        raise ValueError("expected base64 text")
    return base64.b64decode(value.encode("ascii"), validate=True)
