"""Errors the vault raises. Each carries one sentence a person can read."""

from __future__ import annotations


class VaultError(Exception):
    """Base class: str(error) is a single human-readable sentence."""


class WrongPasswordError(VaultError):
    """The password (or recovery code) does not unwrap the master key."""


class DamagedFileError(VaultError):
    """A vault file is truncated, corrupted or not a Holdfast file."""


class VaultNotFoundError(VaultError):
    """There is no vault at the given location."""


class VaultExistsError(VaultError):
    """A vault already exists where a new one was to be created."""


class KeyringUnavailableError(VaultError):
    """No real system keyring is available on this device."""


class KeyringError(VaultError):
    """The system keyring refused or failed an operation."""


class AgeError(VaultError):
    """Base for age format failures."""


class AgeHeaderError(AgeError):
    """The age header is malformed, or its MAC does not verify."""


class AgeNoMatchError(AgeError):
    """None of the recipient stanzas could be unwrapped with our identities."""


class AgePayloadError(AgeError):
    """The encrypted payload is damaged or was tampered with."""


class NotFoundError(VaultError):
    """A record (company, recording, ...) with the given id does not exist."""


class InvalidInputError(VaultError):
    """An argument is not acceptable (bad date, unknown kind, ...)."""


class StorageError(VaultError):
    """Reading or writing a file failed (disk full, permission, I/O error)."""


class OperationCancelled(VaultError):
    """The person cancelled a long operation; nothing was changed."""
