"""Remember a vault's master key on this device, in the OS keyring.

Holdfast stores the 32-byte master key of a vault in the operating system's
keyring -- service ``"holdfast"``, username = the vault id -- but only when
the keyring backend that ``keyring`` selected is a real system store:

* Secret Service (freedesktop: gnome-keyring, KeePassXC, ...), through
  ``keyring.backends.SecretService.Keyring`` or
  ``keyring.backends.libsecret.Keyring``;
* the macOS Keychain (``keyring.backends.macOS.Keyring``);
* the Windows Credential Locker (``keyring.backends.Windows.WinVaultKeyring``);
* KWallet (``keyring.backends.kwallet.DBusKeyring`` and its subclasses).

``keyring``'s chainer is accepted only when it chains one of these, and then
that system backend is used *directly*: the chainer would also read from (and
on failure write to) the other stores it chains, such as a plaintext file.
Everything else -- ``keyring.backends.fail``, ``keyring.backends.null``, an
empty chainer, every ``keyrings.alt`` backend (plaintext or "encrypted"
files), unknown third-party backends -- is refused: the feature is reported
unavailable and nothing is written. A system backend whose ``priority``
raises (its OS service is missing or not running) or is below 1 (keyring's
own threshold for "recommended") is unavailable as well. There is no
fallback, in particular never to a plaintext store.

Behaviour of the operations (all errors are ``vault.errors`` exceptions whose
``str()`` is one readable sentence; the keyring's own exception is kept as
``__context__`` for debugging but suppressed from tracebacks, and no message
ever contains key material):

* ``status()`` never raises.
* ``store()`` raises ``KeyringUnavailableError`` if there is no system store
  and ``KeyringError`` if the keyring fails (locked collection, dismissed
  prompt, D-Bus error, ...). The key is stored as standard base64 text.
* ``load()`` returns ``None`` when nothing is stored *or* when no system
  store is available (nothing can have been stored then). A failing keyring
  raises ``KeyringError`` so the caller can tell the person why their key
  was not used (and fall back to asking for the password). A stored value
  that is not base64 of exactly 32 bytes also raises ``KeyringError``
  instead of being treated as absent: silently ignoring it would hide
  corruption or tampering, and it would stay in the keyring forever;
  ``forget()`` removes it.
* ``forget()`` returns whether something was deleted; nothing stored (or no
  system store) is not an error. A failing keyring raises ``KeyringError``.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

import keyring
import keyring.errors
from keyring.backend import KeyringBackend

from vault.errors import InvalidInputError, KeyringError, KeyringUnavailableError

__all__ = [
    "KEY_LENGTH",
    "SERVICE_NAME",
    "DeviceKeystore",
    "KeyringStatus",
    "backend_name",
    "is_system_backend",
    "system_backend",
]

SERVICE_NAME = "holdfast"
KEY_LENGTH = 32

# Deleting is repeated while an entry is still found (a store might hold
# duplicates); this bounds that loop against a backend that never deletes.
_MAX_DELETIONS = 16

_T = TypeVar("_T")


def _system_classes() -> list[tuple[type[KeyringBackend], str]]:
    """The keyring classes that are real OS stores, with a display name.

    Imported defensively: every module below imports fine on every platform
    with current keyring versions, but a missing one must not break Holdfast.
    """
    classes: list[tuple[type[KeyringBackend], str]] = []
    try:
        from keyring.backends import SecretService

        classes.append((SecretService.Keyring, "Secret Service"))
    except Exception:  # pragma: no cover - depends on the keyring version
        pass
    try:
        from keyring.backends import libsecret

        classes.append((libsecret.Keyring, "Secret Service"))
    except Exception:  # pragma: no cover
        pass
    try:
        from keyring.backends import macOS

        classes.append((macOS.Keyring, "macOS Keychain"))
    except Exception:  # pragma: no cover
        pass
    try:
        from keyring.backends import Windows

        classes.append((Windows.WinVaultKeyring, "Windows Credential Locker"))
    except Exception:  # pragma: no cover
        pass
    try:
        from keyring.backends import kwallet

        classes.append((kwallet.DBusKeyring, "KWallet"))  # and KWallet4/6 subclasses
    except Exception:  # pragma: no cover
        pass
    return classes


def _system_kind(backend: KeyringBackend) -> str | None:
    """Display name if ``backend`` is a real OS store class, else None.

    This looks at the class only; it does not ask whether the OS service is
    actually there (see ``_is_viable``).
    """
    for cls, name in _system_classes():
        if isinstance(backend, cls):
            return name
    return None


def _is_viable(backend: KeyringBackend) -> bool:
    """keyring's own verdict: ``priority`` must not raise and be at least 1.

    For system backends, ``priority`` checks that the OS service is present
    (e.g. that a Secret Service daemon answers on D-Bus).
    """
    try:
        priority = float(type(backend).priority)
    except Exception:
        return False
    return priority >= 1


def _chained_backends(backend: KeyringBackend) -> list[KeyringBackend]:
    """The backends a ``ChainerBackend`` chains (highest priority first)."""
    try:
        chained = list(backend.backends)  # type: ignore[attr-defined]
    except Exception:
        return []
    return [item for item in chained if isinstance(item, KeyringBackend)]


def _is_chainer(backend: KeyringBackend) -> bool:
    try:
        from keyring.backends.chainer import ChainerBackend
    except Exception:  # pragma: no cover
        return False
    return isinstance(backend, ChainerBackend)


def system_backend(backend: KeyringBackend) -> KeyringBackend | None:
    """The real, usable OS store behind ``backend``, or None.

    A system backend is returned as is if its ``priority`` says it is usable.
    A chainer yields the first usable system backend it chains (its list is
    sorted by priority), never the chainer itself.
    """
    if _is_chainer(backend):
        for chained in _chained_backends(backend):
            if not _is_chainer(chained) and _system_kind(chained) and _is_viable(chained):
                return chained
        return None
    if _system_kind(backend) is not None and _is_viable(backend):
        return backend
    return None


def is_system_backend(backend: KeyringBackend) -> bool:
    """True if ``backend`` is (or chains) a real, usable OS keyring."""
    return system_backend(backend) is not None


def backend_name(backend: KeyringBackend) -> str:
    """Fully qualified class name, e.g. ``keyrings.alt.file.PlaintextKeyring``."""
    cls = type(backend)
    return f"{cls.__module__}.{cls.__qualname__}"


@dataclass(frozen=True)
class KeyringStatus:
    """Whether "Remember on this device" can be offered, and why (not)."""

    available: bool
    backend_name: str
    reason: str


class DeviceKeystore:
    """Stores vault master keys in the OS keyring, and only there.

    ``backend`` is for dependency injection; ``None`` means the backend that
    ``keyring.get_keyring()`` returns, looked up at each call (so it is not
    resolved at construction, and ``keyring.set_keyring()`` is honoured).
    """

    def __init__(self, backend: KeyringBackend | None = None, service: str = SERVICE_NAME) -> None:
        if not service:
            raise InvalidInputError("The keyring service name must not be empty.")
        self._backend = backend
        self._service = service

    # -- resolving the backend ------------------------------------------------

    def _configured(self) -> KeyringBackend | None:
        if self._backend is not None:
            return self._backend
        try:
            return keyring.get_keyring()
        except Exception:
            return None

    def _resolve(self) -> tuple[KeyringBackend | None, KeyringStatus]:
        """The system backend to use (or None) and the matching status."""
        configured = self._configured()
        if configured is None:
            return None, KeyringStatus(
                available=False,
                backend_name="unknown",
                reason=(
                    "Holdfast could not find out which keyring this device uses, "
                    "so it will not store your key on it."
                ),
            )
        chosen = system_backend(configured)
        if chosen is not None:
            kind = _system_kind(chosen)
            return chosen, KeyringStatus(
                available=True,
                backend_name=backend_name(chosen),
                reason=f"Your key will be kept in the system keyring ({kind}).",
            )
        name = backend_name(configured)
        kind = _system_kind(configured)
        if kind is not None:
            reason = (
                f"The system keyring ({kind}) is not running or not usable on this "
                "device, so Holdfast will not store your key on it."
            )
        else:
            reason = (
                f"No system keyring is available on this device (keyring backend: "
                f"{name}), so Holdfast will not store your key on it."
            )
        return None, KeyringStatus(available=False, backend_name=name, reason=reason)

    def status(self) -> KeyringStatus:
        """Whether a real system keyring is available; never raises."""
        return self._resolve()[1]

    # -- operations -------------------------------------------------------------

    def store(self, vault_id: str, master_key: bytes) -> None:
        """Keep ``master_key`` for ``vault_id`` in the system keyring.

        Replaces a key stored earlier for the same vault.
        """
        _check_vault_id(vault_id)
        if not isinstance(master_key, bytes) or len(master_key) != KEY_LENGTH:
            raise InvalidInputError(f"A master key must be exactly {KEY_LENGTH} bytes.")
        backend, status = self._resolve()
        if backend is None:
            raise KeyringUnavailableError(status.reason)
        encoded = base64.b64encode(master_key).decode("ascii")
        self._call(
            "store",
            backend,
            lambda: backend.set_password(self._service, vault_id, encoded),
        )

    def load(self, vault_id: str) -> bytes | None:
        """The key stored for ``vault_id``, or None if there is none.

        Also None when no system keyring is available. Raises KeyringError if
        the keyring fails or the stored value is damaged (see module doc).
        """
        _check_vault_id(vault_id)
        backend, _status = self._resolve()
        if backend is None:
            return None
        stored = self._call(
            "read",
            backend,
            lambda: backend.get_password(self._service, vault_id),
        )
        if stored is None:
            return None
        key = _decode(stored)
        if key is None:
            raise KeyringError(
                "The key Holdfast stored for this vault in the system keyring is damaged; "
                "forget it on this device and unlock the vault with your password."
            )
        return key

    def forget(self, vault_id: str) -> bool:
        """Remove the key stored for ``vault_id``; True if one was removed."""
        _check_vault_id(vault_id)
        backend, _status = self._resolve()
        if backend is None:
            return False
        deleted = False
        for _ in range(_MAX_DELETIONS):
            present = self._call(
                "remove",
                backend,
                lambda: backend.get_password(self._service, vault_id),
            )
            if present is None:
                return deleted
            self._call(
                "remove",
                backend,
                lambda: backend.delete_password(self._service, vault_id),
            )
            deleted = True
        raise KeyringError(
            "The system keyring did not remove the key Holdfast stored for this vault."
        )

    @staticmethod
    def _call(verb: str, backend: KeyringBackend, operation: Callable[[], _T]) -> _T:
        """Run one keyring operation; turn every failure into KeyringError.

        ``from None``: the keyring's exception stays reachable as
        ``__context__`` for debugging but is not printed in tracebacks.
        """
        kind = _system_kind(backend) or "unknown"
        try:
            return operation()
        except keyring.errors.KeyringLocked:
            raise KeyringError(
                f"The system keyring ({kind}) is locked and was not unlocked, "
                f"so Holdfast could not {verb} your key."
            ) from None
        except keyring.errors.InitError:
            raise KeyringError(
                f"The system keyring ({kind}) could not be opened, "
                f"so Holdfast could not {verb} your key."
            ) from None
        except Exception:
            # keyring.errors.KeyringError and its other subclasses, D-Bus
            # errors from jeepney/secretstorage, OS errors, ...
            raise KeyringError(
                f"The system keyring ({kind}) reported an error, "
                f"so Holdfast could not {verb} your key."
            ) from None


def _check_vault_id(vault_id: str) -> None:
    if not isinstance(vault_id, str) or not vault_id:
        raise InvalidInputError("A vault id must be a non-empty string.")


def _decode(stored: str) -> bytes | None:
    """base64 text of exactly KEY_LENGTH bytes -> bytes, anything else -> None."""
    try:
        key = base64.b64decode(stored.strip().encode("ascii"), validate=True)
    except (binascii.Error, UnicodeError, ValueError, AttributeError):
        return None
    return key if len(key) == KEY_LENGTH else None
