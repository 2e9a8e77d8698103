"""vault.json: the only unencrypted file of a vault, holding the wrapped master key.

Layout (format version 1):

    {"format": "holdfast-vault", "version": 1, "vault_id": "<uuid>",
     "created_at": "<ISO 8601>",
     "kdf": {"name": "argon2id", "memory_kib": .., "iterations": .., "lanes": .., "salt": ".."},
     "password_wrap": {"nonce": "..", "ciphertext": ".."},
     "recovery_wrap": {"salt": "..", "nonce": "..", "ciphertext": ".."} | null}

Each wrap is AES-256-GCM with the header's identifying fields and its own KDF
parameters as associated data, so editing any of them makes unlock fail
instead of silently weakening the vault. The recovery wrap has its own salt and
does not depend on the password's KDF, so a password change leaves it valid.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, replace
from pathlib import Path

from vault.crypto.keys import (
    SALT_BYTES,
    KdfParams,
    b64decode,
    b64encode,
    recovery_kek,
    unwrap_key,
    wrap_key,
)
from vault.errors import DamagedFileError, VaultNotFoundError, WrongPasswordError
from vault.fsutil import atomic_write_bytes

HEADER_FORMAT = "holdfast-vault"
HEADER_VERSION = 1
HEADER_NAME = "vault.json"
MAX_HEADER_BYTES = 64 * 1024


@dataclass(frozen=True)
class WrappedKey:
    nonce: bytes
    ciphertext: bytes
    salt: bytes | None = None  # only the recovery wrap carries its own salt

    def to_json(self) -> dict[str, str]:
        data = {"nonce": b64encode(self.nonce), "ciphertext": b64encode(self.ciphertext)}
        if self.salt is not None:
            data = {"salt": b64encode(self.salt), **data}
        return data

    @classmethod
    def from_json(cls, data: object) -> WrappedKey:
        if not isinstance(data, dict):
            raise ValueError("wrapped key must be an object")
        salt = b64decode(data["salt"]) if "salt" in data else None
        return cls(nonce=b64decode(data["nonce"]), ciphertext=b64decode(data["ciphertext"]),
                   salt=salt)


@dataclass(frozen=True)
class VaultHeader:
    vault_id: str
    created_at: str
    kdf: KdfParams
    password_wrap: WrappedKey
    recovery_wrap: WrappedKey | None
    version: int = HEADER_VERSION

    def associated_data(self, purpose: str, recovery_salt: bytes | None = None) -> bytes:
        """Bytes bound into each wrap: who this key belongs to and how it was derived."""
        fields: dict[str, object] = {
            "format": HEADER_FORMAT,
            "version": self.version,
            "vault_id": self.vault_id,
            "purpose": purpose,
        }
        if purpose == "password":
            fields["kdf"] = self.kdf.to_json()
        else:
            fields["salt"] = b64encode(recovery_salt or b"")
        return json.dumps(fields, sort_keys=True, separators=(",", ":")).encode()

    def unwrap_with_password_key(self, kek: bytes) -> bytes:
        return unwrap_key(kek, self.password_wrap.nonce, self.password_wrap.ciphertext,
                          self.associated_data("password"))

    def unwrap_with_recovery_code(self, code: str) -> bytes:
        wrap = self.recovery_wrap
        if wrap is None or wrap.salt is None:
            raise WrongPasswordError("This vault has no recovery code.")
        kek = recovery_kek(code, wrap.salt)
        try:
            return unwrap_key(kek, wrap.nonce, wrap.ciphertext,
                              self.associated_data("recovery", wrap.salt))
        except WrongPasswordError as exc:  # reworded for the recovery path
            raise WrongPasswordError("Wrong recovery code.") from exc

    def with_password_key(self, kek: bytes, master_key: bytes, kdf: KdfParams) -> VaultHeader:
        """A header whose password wrap (and KDF) is new; the recovery wrap is untouched."""
        draft = replace(self, kdf=kdf)
        nonce, ct = wrap_key(kek, master_key, draft.associated_data("password"))
        return replace(draft, password_wrap=WrappedKey(nonce, ct))

    def with_recovery_code(self, code: str, master_key: bytes) -> VaultHeader:
        salt = os.urandom(SALT_BYTES)
        nonce, ct = wrap_key(recovery_kek(code, salt), master_key,
                             self.associated_data("recovery", salt))
        return replace(self, recovery_wrap=WrappedKey(nonce, ct, salt))

    def to_bytes(self) -> bytes:
        data = {
            "format": HEADER_FORMAT,
            "version": self.version,
            "vault_id": self.vault_id,
            "created_at": self.created_at,
            "kdf": self.kdf.to_json(),
            "password_wrap": self.password_wrap.to_json(),
            "recovery_wrap": self.recovery_wrap.to_json() if self.recovery_wrap else None,
        }
        return (json.dumps(data, indent=2) + "\n").encode()

    @classmethod
    def from_bytes(cls, raw: bytes, path: Path) -> VaultHeader:
        damaged = f"{path} is damaged or is not a Holdfast vault header."
        try:
            data = json.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, ValueError):
            raise DamagedFileError(damaged) from None
        if not isinstance(data, dict) or data.get("format") != HEADER_FORMAT:
            raise DamagedFileError(damaged)
        version = data.get("version")
        if isinstance(version, int) and version > HEADER_VERSION:
            raise DamagedFileError(
                f"{path} was written by a newer version of Holdfast (format {version}); "
                "update Holdfast to open it.")
        try:
            vault_id = data["vault_id"]
            created_at = data["created_at"]
            if not isinstance(vault_id, str) or not isinstance(created_at, str):
                raise ValueError("bad identity fields")
            recovery = data.get("recovery_wrap")
            return cls(
                vault_id=vault_id,
                created_at=created_at,
                kdf=KdfParams.from_json(data["kdf"]),
                password_wrap=WrappedKey.from_json(data["password_wrap"]),
                recovery_wrap=WrappedKey.from_json(recovery) if recovery is not None else None,
                version=HEADER_VERSION,
            )
        except (KeyError, TypeError, ValueError):
            raise DamagedFileError(damaged) from None


def read_header(path: Path) -> VaultHeader:
    try:
        with open(path, "rb") as handle:
            raw = handle.read(MAX_HEADER_BYTES + 1)
    except FileNotFoundError:
        raise VaultNotFoundError(f"There is no vault at {path.parent}.") from None
    except IsADirectoryError:
        raise DamagedFileError(f"{path} is a folder, not a vault header.") from None
    except OSError as exc:
        raise DamagedFileError(f"{path} cannot be read: {exc.strerror}.") from None
    if len(raw) > MAX_HEADER_BYTES:
        raise DamagedFileError(f"{path} is too large to be a Holdfast vault header.")
    return VaultHeader.from_bytes(raw, path)


def write_header(path: Path, header: VaultHeader) -> None:
    atomic_write_bytes(path, header.to_bytes())
