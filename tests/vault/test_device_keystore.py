"""Tests for vault.device_keystore ("Remember on this device").

Three groups:

* Non-system backends, all real classes from keyring / keyrings.alt: the
  feature is unavailable, nothing is written anywhere, nothing is read.
* Failing OS keyrings: a stand-in backend raising what the OS keyring raises
  (the OS keyring is not our code), and a real gnome-keyring with a locked
  collection and without any prompter.
* A real Secret Service: a private D-Bus bus with gnome-keyring on it
  (tests/secret_service.py), used in-process and from subprocesses. These
  skip when dbus-daemon / gnome-keyring-daemon are missing, and fail instead
  when HOLDFAST_REQUIRE_SECRET_SERVICE=1.
"""

from __future__ import annotations

import base64
import contextlib
import gc
import os
import shutil
import subprocess
import sys
import textwrap
import traceback
import warnings
from collections.abc import Iterator
from pathlib import Path

import keyring.backend
import keyring.errors
import pytest
import secretstorage.exceptions
from keyring.backend import KeyringBackend
from keyring.backends import SecretService, chainer, fail, kwallet, macOS, null
from keyring.backends import Windows as keyring_windows
from keyrings.alt import file as alt_file
from keyrings.alt import multi as alt_multi

from tests.secret_service import (
    SecretServiceStartError,
    private_secret_service,
    secret_service_missing,
    skip_or_fail,
)
from vault.device_keystore import (
    DeviceKeystore,
    KeyringStatus,
    backend_name,
    is_system_backend,
    system_backend,
)
from vault.errors import InvalidInputError, KeyringError, KeyringUnavailableError

REPO_ROOT = Path(__file__).resolve().parents[2]
KEY = bytes(range(32))
OTHER_KEY = bytes(range(100, 132))

# Environment variables that decide which keyring daemon a client talks to.
SESSION_VARIABLES = (
    "DBUS_SESSION_BUS_ADDRESS",
    "HOME",
    "XDG_DATA_HOME",
    "XDG_CONFIG_HOME",
    "XDG_CACHE_HOME",
    "XDG_RUNTIME_DIR",
)


def assert_one_sentence(message: str) -> None:
    assert message
    assert "\n" not in message
    assert message.endswith(".")
    assert message[0].isupper()


def assert_no_key_material(text: str, key: bytes = KEY) -> None:
    assert base64.b64encode(key).decode() not in text
    assert key.hex() not in text


# ---------------------------------------------------------------------------
# Backends that are not a system store
# ---------------------------------------------------------------------------


@pytest.fixture
def plaintext(tmp_path: Path) -> alt_file.PlaintextKeyring:
    backend = alt_file.PlaintextKeyring()
    backend.file_path = str(tmp_path / "plaintext" / "keyring_pass.cfg")
    return backend


NOT_SYSTEM = {
    "fail": ("keyring.backends.fail.Keyring", lambda request: fail.Keyring()),
    "null": ("keyring.backends.null.Keyring", lambda request: null.Keyring()),
    "plaintext": (
        "keyrings.alt.file.PlaintextKeyring",
        lambda request: request.getfixturevalue("plaintext"),
    ),
    # keyrings.alt wrapping a real Secret Service is still not accepted.
    "multipart": (
        "keyrings.alt.multi.MultipartKeyringWrapper",
        lambda request: alt_multi.MultipartKeyringWrapper(SecretService.Keyring()),
    ),
}


@pytest.fixture(params=sorted(NOT_SYSTEM))
def not_system(request: pytest.FixtureRequest) -> tuple[str, KeyringBackend]:
    name, make = NOT_SYSTEM[request.param]
    return name, make(request)


def test_non_system_backend_is_unavailable_with_a_reason_naming_it(
    not_system: tuple[str, KeyringBackend],
) -> None:
    name, backend = not_system
    assert not is_system_backend(backend)
    assert system_backend(backend) is None

    status = DeviceKeystore(backend).status()

    assert status == KeyringStatus(
        available=False,
        backend_name=name,
        reason=(
            f"No system keyring is available on this device (keyring backend: {name}), "
            "so Holdfast will not store your key on it."
        ),
    )
    assert_one_sentence(status.reason)


def test_non_system_backend_store_refuses_and_reads_nothing(
    not_system: tuple[str, KeyringBackend],
) -> None:
    name, backend = not_system
    keystore = DeviceKeystore(backend)

    with pytest.raises(KeyringUnavailableError) as caught:
        keystore.store("vault-1", KEY)

    assert str(caught.value) == keystore.status().reason
    assert name in str(caught.value)
    assert keystore.load("vault-1") is None
    assert keystore.forget("vault-1") is False


def test_plaintext_store_is_never_written(
    plaintext: alt_file.PlaintextKeyring, tmp_path: Path
) -> None:
    keystore = DeviceKeystore(plaintext)

    with pytest.raises(KeyringUnavailableError):
        keystore.store("vault-1", KEY)
    keystore.load("vault-1")
    keystore.forget("vault-1")

    assert not Path(plaintext.file_path).exists()
    leftovers = [p for p in tmp_path.rglob("*") if p.is_file()]
    for path in leftovers:
        assert_no_key_material(path.read_text(errors="replace"))


def test_plaintext_store_is_never_read_or_changed(plaintext: alt_file.PlaintextKeyring) -> None:
    # Something else left a Holdfast-shaped entry in a plaintext file.
    planted = base64.b64encode(KEY).decode()
    plaintext.set_password("holdfast", "vault-1", planted)
    before = Path(plaintext.file_path).read_bytes()
    keystore = DeviceKeystore(plaintext)

    assert keystore.load("vault-1") is None
    assert keystore.forget("vault-1") is False
    assert Path(plaintext.file_path).read_bytes() == before


@pytest.mark.parametrize(
    ("backend_class", "kind"),
    [
        (macOS.Keyring, "macOS Keychain"),
        (keyring_windows.WinVaultKeyring, "Windows Credential Locker"),
        (kwallet.DBusKeyring, "KWallet"),
        (kwallet.DBusKeyringKWallet4, "KWallet"),
    ],
    ids=["macos", "windows", "kwallet5", "kwallet4"],
)
def test_system_backend_whose_priority_raises_is_unavailable(
    backend_class: type[KeyringBackend], kind: str
) -> None:
    # On this Linux test machine their priority raises RuntimeError
    # ("macOS required", "python-dbus not installed", ...).
    with pytest.raises(RuntimeError):
        backend_class.priority  # noqa: B018
    backend = backend_class()

    assert not is_system_backend(backend)
    status = DeviceKeystore(backend).status()

    assert status.available is False
    assert status.backend_name == backend_name(backend)
    assert status.reason == (
        f"The system keyring ({kind}) is not running or not usable on this device, "
        "so Holdfast will not store your key on it."
    )
    with pytest.raises(KeyringUnavailableError):
        DeviceKeystore(backend).store("vault-1", KEY)
    assert DeviceKeystore(backend).load("vault-1") is None


def test_secret_service_without_a_bus_is_unavailable(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", f"unix:path={tmp_path}/no-such-bus")
    backend = SecretService.Keyring()

    assert not is_system_backend(backend)
    keystore = DeviceKeystore(backend)
    status = keystore.status()
    assert status.available is False
    assert status.backend_name == "keyring.backends.SecretService.Keyring"
    assert "Secret Service" in status.reason
    with pytest.raises(KeyringUnavailableError):
        keystore.store("vault-1", KEY)
    assert keystore.load("vault-1") is None
    assert keystore.forget("vault-1") is False


def test_chainer_without_a_system_backend_is_unavailable(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Restrict keyring's chainer to the plaintext file store only.
    monkeypatch.setattr(
        keyring.backend, "_limit", lambda kr: isinstance(kr, alt_file.PlaintextKeyring)
    )
    backend = chainer.ChainerBackend()
    chained = list(backend.backends)
    assert chained and all(isinstance(kr, alt_file.PlaintextKeyring) for kr in chained)

    assert not is_system_backend(backend)
    status = DeviceKeystore(backend).status()
    assert status.available is False
    assert status.backend_name == "keyring.backends.chainer.ChainerBackend"
    assert "keyring.backends.chainer.ChainerBackend" in status.reason


def test_empty_chainer_is_unavailable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(keyring.backend, "_limit", lambda kr: False)
    backend = chainer.ChainerBackend()
    assert list(backend.backends) == []

    assert not is_system_backend(backend)
    assert DeviceKeystore(backend).status().available is False


def test_default_backend_is_resolved_lazily(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[int] = []

    def get_keyring() -> KeyringBackend:
        calls.append(1)
        return null.Keyring()

    monkeypatch.setattr(keyring, "get_keyring", get_keyring)
    keystore = DeviceKeystore()
    assert calls == []

    status = keystore.status()

    assert calls == [1]
    assert status.available is False
    assert status.backend_name == "keyring.backends.null.Keyring"


def test_default_backend_lookup_failing_is_unavailable(monkeypatch: pytest.MonkeyPatch) -> None:
    def get_keyring() -> KeyringBackend:
        raise keyring.errors.InitError("broken keyringrc.cfg")

    monkeypatch.setattr(keyring, "get_keyring", get_keyring)
    keystore = DeviceKeystore()

    status = keystore.status()
    assert status.available is False
    assert_one_sentence(status.reason)
    with pytest.raises(KeyringUnavailableError):
        keystore.store("vault-1", KEY)
    assert keystore.load("vault-1") is None


@pytest.mark.parametrize(
    "key",
    [b"", KEY[:31], KEY + b"\0", "x" * 32],
    ids=["empty", "31-bytes", "33-bytes", "str"],
)
def test_store_rejects_a_key_that_is_not_32_bytes(key: object) -> None:
    with pytest.raises(InvalidInputError):
        DeviceKeystore(null.Keyring()).store("vault-1", key)  # type: ignore[arg-type]


def test_empty_vault_id_is_rejected() -> None:
    keystore = DeviceKeystore(null.Keyring())
    with pytest.raises(InvalidInputError):
        keystore.store("", KEY)
    with pytest.raises(InvalidInputError):
        keystore.load("")
    with pytest.raises(InvalidInputError):
        keystore.forget("")


# ---------------------------------------------------------------------------
# An OS keyring that fails
# ---------------------------------------------------------------------------


class FailingOSKeyring(SecretService.Keyring):
    """Stands in for the OS Secret Service failing every operation.

    It subclasses the real SecretService class only so that it is recognised
    as a system store; what it replaces is the OS side (D-Bus and the daemon),
    not any Holdfast code. ``error`` is a required constructor argument so
    that keyring's own backend discovery (which instantiates every registered
    class without arguments) never picks this class up.
    """

    priority = 5  # the daemon "answers"

    def __init__(self, error: BaseException) -> None:
        super().__init__()
        self.error = error
        self.calls: list[str] = []

    def get_password(self, service: str, username: str) -> str | None:
        self.calls.append("get")
        raise self.error

    def set_password(self, service: str, username: str, password: str) -> None:
        self.calls.append("set")
        raise self.error

    def delete_password(self, service: str, username: str) -> None:
        self.calls.append("delete")
        raise self.error


LOCKED = "is locked and was not unlocked, "
NOT_OPENED = "could not be opened, "
REPORTED = "reported an error, "

# What the OS side raises -> the middle of our sentence.
OS_FAILURES: dict[str, tuple[BaseException, str]] = {
    "locked": (keyring.errors.KeyringLocked("Failed to unlock the collection!"), LOCKED),
    "init": (keyring.errors.InitError("Failed to create the collection: marker."), NOT_OPENED),
    "keyring-error": (keyring.errors.KeyringError("marker-keyring-error"), REPORTED),
    "set-error": (keyring.errors.PasswordSetError("marker-set-error"), REPORTED),
    "delete-error": (keyring.errors.PasswordDeleteError("marker-delete-error"), REPORTED),
    "dbus": (
        secretstorage.exceptions.SecretServiceNotAvailableException("marker-dbus-error"),
        REPORTED,
    ),
    "socket": (OSError(104, "Connection reset by peer"), REPORTED),
    "runtime": (RuntimeError("marker-runtime-error"), REPORTED),
}


@pytest.mark.parametrize("failure", sorted(OS_FAILURES))
@pytest.mark.parametrize(
    ("operation", "verb"),
    [("store", "store"), ("load", "read"), ("forget", "remove")],
)
def test_failing_os_keyring_raises_our_keyring_error(
    failure: str, operation: str, verb: str
) -> None:
    error, fragment = OS_FAILURES[failure]
    backend = FailingOSKeyring(error)
    keystore = DeviceKeystore(backend)
    assert keystore.status().available is True

    with pytest.raises(KeyringError) as caught:
        if operation == "store":
            keystore.store("vault-1", KEY)
        elif operation == "load":
            keystore.load("vault-1")
        else:
            keystore.forget("vault-1")

    assert type(caught.value) is KeyringError
    assert not isinstance(caught.value, keyring.errors.KeyringError)
    message = str(caught.value)
    assert_one_sentence(message)
    assert message == (
        f"The system keyring (Secret Service) {fragment}so Holdfast could not {verb} your key."
    )
    assert_no_key_material(message)
    assert backend.calls  # the OS really was asked
    # The keyring's exception is kept for debugging but never printed.
    assert caught.value.__cause__ is None
    assert caught.value.__suppress_context__ is True
    assert caught.value.__context__ is error
    printed = "".join(traceback.format_exception(caught.value))
    assert str(error) not in printed
    assert_no_key_material(printed)


def test_keyboard_interrupt_is_not_swallowed() -> None:
    keystore = DeviceKeystore(FailingOSKeyring(KeyboardInterrupt()))
    with pytest.raises(KeyboardInterrupt):
        keystore.load("vault-1")


# ---------------------------------------------------------------------------
# A real, private Secret Service (gnome-keyring on a private D-Bus bus)
# ---------------------------------------------------------------------------


@contextlib.contextmanager
def _started(tmp_path: Path) -> Iterator[dict[str, str]]:
    """A private Secret Service, or skip (fail if it is required)."""
    missing = secret_service_missing()
    if missing is not None:
        skip_or_fail(f"no private Secret Service: {missing}")
    try:
        with private_secret_service(tmp_path) as env:
            yield env
    except SecretServiceStartError as error:
        skip_or_fail(f"could not start a private Secret Service: {error}")


@pytest.fixture(scope="module")
def secret_service_env(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    """One private Secret Service shared by the tests of this module."""
    with _started(tmp_path_factory.mktemp("secret-service")) as env:
        yield env


def _enter(env: dict[str, str], monkeypatch: pytest.MonkeyPatch) -> None:
    """Point this process at the private bus (only for the current test)."""
    for name in SESSION_VARIABLES:
        monkeypatch.setenv(name, env[name])
    for name in ("GNOME_KEYRING_CONTROL", "PYTHON_KEYRING_BACKEND"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def private_session(
    secret_service_env: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> dict[str, str]:
    _enter(secret_service_env, monkeypatch)
    return secret_service_env


def _items(env: dict[str, str], vault_id: str) -> list[tuple[dict[str, str], bytes]]:
    """What the private gnome-keyring holds for (holdfast, vault_id)."""
    import secretstorage
    from jeepney.io.blocking import open_dbus_connection

    connection = open_dbus_connection(bus=env["DBUS_SESSION_BUS_ADDRESS"])
    try:
        collection = secretstorage.Collection(connection)
        found = collection.search_items({"service": "holdfast", "username": vault_id})
        return [(item.get_attributes(), item.get_secret()) for item in found]
    finally:
        connection.close()


def test_secret_service_round_trip(private_session: dict[str, str]) -> None:
    backend = SecretService.Keyring()
    assert is_system_backend(backend)
    assert system_backend(backend) is backend
    keystore = DeviceKeystore(backend)

    status = keystore.status()
    assert status == KeyringStatus(
        available=True,
        backend_name="keyring.backends.SecretService.Keyring",
        reason="Your key will be kept in the system keyring (Secret Service).",
    )

    assert keystore.load("round-trip") is None
    keystore.store("round-trip", KEY)
    assert keystore.load("round-trip") == KEY

    keystore.store("round-trip", OTHER_KEY)  # replaces, does not add
    assert keystore.load("round-trip") == OTHER_KEY
    assert len(_items(private_session, "round-trip")) == 1

    assert keystore.forget("round-trip") is True
    assert keystore.load("round-trip") is None
    assert keystore.forget("round-trip") is False
    assert _items(private_session, "round-trip") == []


def test_secret_service_item_layout(private_session: dict[str, str]) -> None:
    keystore = DeviceKeystore(SecretService.Keyring())
    keystore.store("layout", KEY)
    try:
        [(attributes, secret)] = _items(private_session, "layout")
        assert attributes["service"] == "holdfast"
        assert attributes["username"] == "layout"
        assert secret == base64.b64encode(KEY)  # text, not raw bytes
    finally:
        keystore.forget("layout")


def test_secret_service_vault_ids_are_independent(private_session: dict[str, str]) -> None:
    keystore = DeviceKeystore(SecretService.Keyring())
    keystore.store("vault-a", KEY)
    keystore.store("vault-b", OTHER_KEY)

    assert keystore.load("vault-a") == KEY
    assert keystore.load("vault-b") == OTHER_KEY

    assert keystore.forget("vault-a") is True
    assert keystore.load("vault-a") is None
    assert keystore.load("vault-b") == OTHER_KEY
    assert keystore.forget("vault-b") is True


def test_secret_service_service_name_separates_entries(private_session: dict[str, str]) -> None:
    holdfast = DeviceKeystore(SecretService.Keyring())
    other = DeviceKeystore(SecretService.Keyring(), service="holdfast-other")
    holdfast.store("shared-id", KEY)
    try:
        assert other.load("shared-id") is None
        assert other.forget("shared-id") is False
        assert holdfast.load("shared-id") == KEY
    finally:
        holdfast.forget("shared-id")


@pytest.mark.parametrize(
    "stored",
    ["not base64 at all!", base64.b64encode(KEY[:16]).decode(), ""],
    ids=["garbage", "16-bytes", "empty"],
)
def test_secret_service_damaged_value_raises_and_can_be_forgotten(
    private_session: dict[str, str], stored: str
) -> None:
    backend = SecretService.Keyring()
    backend.set_password("holdfast", "damaged", stored)  # written behind our back
    keystore = DeviceKeystore(backend)

    with pytest.raises(KeyringError) as caught:
        keystore.load("damaged")
    assert_one_sentence(str(caught.value))
    assert "damaged" in str(caught.value)
    if stored:
        assert stored not in str(caught.value)

    assert keystore.forget("damaged") is True
    assert keystore.load("damaged") is None


def test_secret_service_nothing_lands_in_a_file_store(private_session: dict[str, str]) -> None:
    keystore = DeviceKeystore(SecretService.Keyring())
    keystore.store("no-files", KEY)
    keystore.forget("no-files")

    data_home = Path(private_session["XDG_DATA_HOME"])
    assert not (data_home / "python_keyring").exists()


def test_locked_secret_service_raises_keyring_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A real locked collection; no prompter exists on the private bus.

    gnome-keyring then cannot ask for the password and the unlock is
    dismissed at once, like a person closing the prompt.
    """
    import secretstorage
    from jeepney.io.blocking import open_dbus_connection

    with _started(tmp_path) as env:  # a separate instance: locking is one-way here
        _enter(env, monkeypatch)
        keystore = DeviceKeystore(SecretService.Keyring())
        keystore.store("locked", KEY)

        connection = open_dbus_connection(bus=env["DBUS_SESSION_BUS_ADDRESS"])
        try:
            collection = secretstorage.Collection(connection)
            collection.lock()
            assert collection.is_locked()
        finally:
            connection.close()

        assert keystore.status().available is True  # the daemon still answers
        messages: dict[str, str] = {}
        # keyring 25.7's SecretService.get_preferred_collection() raises
        # KeyringLocked without closing its D-Bus connection (upstream leak,
        # not ours); drop those sockets here so `-W error::ResourceWarning`
        # runs stay clean.
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ResourceWarning)
            for verb, operation in (
                ("store", lambda: keystore.store("locked", OTHER_KEY)),
                ("read", lambda: keystore.load("locked")),
                ("remove", lambda: keystore.forget("locked")),
            ):
                try:
                    operation()
                except KeyringError as error:
                    messages[verb] = str(error)
            gc.collect()

        assert messages == {
            verb: "The system keyring (Secret Service) is locked and was not unlocked, "
            f"so Holdfast could not {verb} your key."
            for verb in ("store", "read", "remove")
        }


# -- several processes against the same private keyring ---------------------

_CHILD = textwrap.dedent(
    """
    import sys
    import keyring
    from vault.device_keystore import DeviceKeystore

    command, vault_id = sys.argv[1], sys.argv[2]
    keystore = DeviceKeystore()  # keyring.get_keyring(), as the app does
    if command == "status":
        status = keystore.status()
        print(type(keyring.get_keyring()).__name__, status.available, status.backend_name)
    elif command == "store":
        keystore.store(vault_id, bytes.fromhex(sys.argv[3]))
    elif command == "load":
        key = keystore.load(vault_id)
        print("none" if key is None else key.hex())
    elif command == "forget":
        print(keystore.forget(vault_id))
    """
)


def _child(env: dict[str, str], *args: str) -> str:
    result = subprocess.run(
        [sys.executable, "-c", _CHILD, *args],
        env=env,
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_default_keyring_in_subprocesses_shares_the_private_secret_service(
    secret_service_env: dict[str, str],
) -> None:
    env = secret_service_env
    # keyring's default resolution on this "desktop": a chainer (SecretService
    # plus keyrings.alt file stores) or SecretService alone; Holdfast must
    # pick the Secret Service out of it.
    kind, available, name = _child(env, "status", "-").split()
    assert kind in {"ChainerBackend", "Keyring"}
    assert available == "True"
    assert name == "keyring.backends.SecretService.Keyring"

    assert _child(env, "load", "cross-process") == "none"
    assert _child(env, "store", "cross-process", KEY.hex()) == ""
    assert _child(env, "load", "cross-process") == KEY.hex()

    secret_tool = shutil.which("secret-tool")
    if secret_tool is not None:  # libsecret's own client sees the same item
        looked_up = subprocess.run(
            [secret_tool, "lookup", "service", "holdfast", "username", "cross-process"],
            env=env,
            capture_output=True,
            text=True,
            timeout=30,
            check=False,
        )
        assert looked_up.returncode == 0, looked_up.stderr
        assert looked_up.stdout.strip() == base64.b64encode(KEY).decode()

    assert _child(env, "forget", "cross-process") == "True"
    assert _child(env, "load", "cross-process") == "none"
    assert _child(env, "forget", "cross-process") == "False"
    assert not (Path(env["XDG_DATA_HOME"]) / "python_keyring").exists()


def test_private_secret_service_does_not_leak_into_this_process(
    secret_service_env: dict[str, str],
) -> None:
    assert (
        os.environ.get("DBUS_SESSION_BUS_ADDRESS") != secret_service_env["DBUS_SESSION_BUS_ADDRESS"]
    )
    assert secret_service_env["HOME"] != os.environ.get("HOME")
