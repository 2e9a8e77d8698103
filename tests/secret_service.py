"""A private, throw-away Secret Service for tests.

``private_secret_service(tmp_path)`` is a context manager that yields an
environment (a ``dict[str, str]``) in which ``keyring``/``secretstorage`` --
in this process or in any subprocess started with ``env=`` -- talk to a
freshly started gnome-keyring instead of the user's real keyring.

What is started, and why
------------------------
1. A private D-Bus *session* bus::

       dbus-daemon --config-file=<tmp>/bus.conf --nofork --print-address=1

   The configuration file is written by us. It listens on one Unix socket in
   a private runtime directory, allows everything (it is only reachable by
   this user), and deliberately has **no** ``<servicedir>``: nothing can be
   D-Bus-activated on this bus. That means the system's
   ``org.freedesktop.secrets.service`` file can never start a second, real
   gnome-keyring with the wrong environment, and a request that would need a
   password prompt (``gcr-prompter``) fails at once instead of hanging. The
   bus runs with ``--nofork`` so it stays our child and we can stop exactly
   that process.

2. gnome-keyring's Secret Service component on that bus::

       gnome-keyring-daemon --foreground --unlock --components=secrets

   with ``DBUS_SESSION_BUS_ADDRESS`` set to the private bus and ``HOME``,
   ``XDG_DATA_HOME``, ``XDG_CONFIG_HOME``, ``XDG_CACHE_HOME`` and
   ``XDG_RUNTIME_DIR`` pointing at temporary directories, so the keyring
   files (``$XDG_DATA_HOME/keyrings/login.keyring``) and the control socket
   (``$XDG_RUNTIME_DIR/keyring/control``) are private too. ``--unlock`` reads
   a test password from stdin; on a fresh data directory gnome-keyring then
   creates the ``login`` collection, unlocked, and makes it the ``default``
   alias, which is what ``keyring.backends.SecretService.Keyring`` uses.
   ``--foreground`` keeps it our child as well (no double fork, no PID
   guessing).

3. Readiness is *polled* (every 20 ms, bounded by ``timeout``): we connect to
   the private bus with jeepney and wait until the ``default`` collection
   exists and is unlocked. If either process dies or the timeout passes, a
   ``SecretServiceStartError`` carrying the daemons' stderr is raised.

On exit both processes are stopped (SIGTERM, then SIGKILL after a bounded
wait; gnome-keyring first, then the bus) and the runtime directory is removed.

The runtime directory is created with ``tempfile.mkdtemp`` directly under the
system temp directory rather than inside ``tmp_path``, because Unix socket
paths are limited to about 100 bytes and pytest's ``tmp_path`` can be long.

The yielded environment is a copy of ``os.environ`` with the variables above
overridden and variables that could point at the user's real keyring or
select another keyring backend removed (``GNOME_KEYRING_CONTROL``,
``PYTHON_KEYRING_BACKEND``, ``KEYRING_PROPERTY_*``, ...). It does not force
a keyring backend: ``keyring.get_keyring()`` in a subprocess resolves exactly
as it would on a desktop with gnome-keyring running.

Use ``secret_service_missing()`` to learn whether the required programs are
installed, and ``skip_or_fail(reason)`` to skip -- or to fail when the
environment variable ``HOLDFAST_REQUIRE_SECRET_SERVICE=1`` says the Secret
Service tests must run (e.g. in CI).
"""

from __future__ import annotations

import contextlib
import os
import selectors
import shutil
import signal
import subprocess
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import IO, NoReturn

import pytest

REQUIRE_ENV = "HOLDFAST_REQUIRE_SECRET_SERVICE"
TEST_KEYRING_PASSWORD = "holdfast-test-keyring-password"

REQUIRED_PROGRAMS = ("dbus-daemon", "gnome-keyring-daemon")

# Variables removed from the yielded environment: they could lead a client
# to the user's real keyring daemon, or override keyring's backend choice.
_REMOVED_VARIABLES = (
    "GNOME_KEYRING_CONTROL",
    "GNOME_KEYRING_PID",
    "PYTHON_KEYRING_BACKEND",
    "DBUS_SYSTEM_BUS_ADDRESS",
    "DBUS_STARTER_ADDRESS",
    "DBUS_STARTER_BUS_TYPE",
    "KEYCHAIN_PATH",
)

_BUS_CONFIG = """\
<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <listen>unix:path={socket}</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
"""


class SecretServiceStartError(RuntimeError):
    """The private bus or gnome-keyring did not come up."""


def require_secret_service() -> bool:
    """True when HOLDFAST_REQUIRE_SECRET_SERVICE=1 asks us never to skip."""
    return os.environ.get(REQUIRE_ENV, "") == "1"


def skip_or_fail(reason: str) -> NoReturn:
    """Skip the test, or fail it when the Secret Service is required."""
    if require_secret_service():
        pytest.fail(f"{reason} ({REQUIRE_ENV}=1 forbids skipping)", pytrace=False)
    pytest.skip(reason)


def secret_service_missing() -> str | None:
    """Why a private Secret Service cannot be started here, or None."""
    missing = [name for name in REQUIRED_PROGRAMS if shutil.which(name) is None]
    if missing:
        return f"not on PATH: {', '.join(missing)} (needed for a private Secret Service)"
    try:
        import jeepney  # noqa: F401
        import secretstorage  # noqa: F401
    except ImportError as error:
        return f"Python package missing for the Secret Service: {error.name}"
    return None


def _stop(process: subprocess.Popen[bytes], timeout: float = 5.0) -> None:
    """Stop one child we started: SIGTERM, bounded wait, then SIGKILL."""
    if process.poll() is not None:
        return
    with contextlib.suppress(ProcessLookupError):
        process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            process.kill()
        process.wait(timeout=timeout)


def _read_line(stream: IO[bytes], process: subprocess.Popen[bytes], deadline: float) -> str:
    """Read one line from a child's stdout, giving up at the deadline."""
    buffer = b""
    with selectors.DefaultSelector() as selector:
        selector.register(stream, selectors.EVENT_READ)
        while not buffer.endswith(b"\n"):
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise SecretServiceStartError("dbus-daemon did not print its address in time")
            if not selector.select(timeout=remaining):
                continue
            chunk = os.read(stream.fileno(), 4096)
            if not chunk:
                raise SecretServiceStartError(
                    f"dbus-daemon exited early (exit code {process.wait()})"
                )
            buffer += chunk
    return buffer.decode().strip()


def _collection_ready(bus_address: str) -> bool:
    """True when the default collection exists on the bus and is unlocked."""
    import secretstorage
    from jeepney.io.blocking import open_dbus_connection

    try:
        connection = open_dbus_connection(bus=bus_address)
    except (OSError, ValueError):
        return False
    try:
        collection = secretstorage.Collection(connection)  # alias "default"
        return not collection.is_locked()
    except Exception:  # not up yet: ServiceUnknown, no such object, ...
        return False
    finally:
        connection.close()


def _tail(path: Path) -> str:
    try:
        return path.read_text(errors="replace").strip()[-2000:]
    except OSError:
        return ""


@contextlib.contextmanager
def private_secret_service(
    tmp_path: Path,
    *,
    password: str = TEST_KEYRING_PASSWORD,
    timeout: float = 10.0,
) -> Iterator[dict[str, str]]:
    """Start a private D-Bus session bus with gnome-keyring on it.

    Yields the environment in which keyring clients use it. Raises
    SecretServiceStartError if it cannot be started (callers normally turn
    that into ``skip_or_fail``).
    """
    missing = secret_service_missing()
    if missing is not None:
        raise SecretServiceStartError(missing)

    base = Path(tmp_path)
    dirs = {
        "HOME": base / "home",
        "XDG_DATA_HOME": base / "xdg-data",
        "XDG_CONFIG_HOME": base / "xdg-config",
        "XDG_CACHE_HOME": base / "xdg-cache",
    }
    for directory in dirs.values():
        directory.mkdir(parents=True, exist_ok=True)
    runtime_dir = Path(tempfile.mkdtemp(prefix="hf-ss-"))  # mode 0700
    socket_path = runtime_dir / "bus"
    bus_config = base / "private-session-bus.conf"
    bus_config.write_text(_BUS_CONFIG.format(socket=socket_path))
    bus_log = base / "dbus-daemon.log"
    keyring_log = base / "gnome-keyring-daemon.log"

    # The daemons get a minimal environment: nothing from the user's session.
    daemon_env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "LANG": "C.UTF-8",
        **{name: str(path) for name, path in dirs.items()},
        "XDG_RUNTIME_DIR": str(runtime_dir),
    }

    processes: list[subprocess.Popen[bytes]] = []
    try:
        deadline = time.monotonic() + timeout
        with bus_log.open("wb") as bus_err:
            bus = subprocess.Popen(
                [
                    "dbus-daemon",
                    f"--config-file={bus_config}",
                    "--nofork",
                    "--nopidfile",
                    "--print-address=1",
                ],
                stdin=subprocess.DEVNULL,
                stdout=subprocess.PIPE,
                stderr=bus_err,
                env=daemon_env,
            )
        processes.append(bus)
        assert bus.stdout is not None
        try:
            bus_address = _read_line(bus.stdout, bus, deadline)
        except SecretServiceStartError as error:
            raise SecretServiceStartError(f"{error}: {_tail(bus_log)}") from None
        bus.stdout.close()

        daemon_env["DBUS_SESSION_BUS_ADDRESS"] = bus_address
        with keyring_log.open("wb") as keyring_err:
            keyring_daemon = subprocess.Popen(
                [
                    "gnome-keyring-daemon",
                    "--foreground",
                    "--unlock",
                    "--components=secrets",
                ],
                stdin=subprocess.PIPE,
                stdout=keyring_err,
                stderr=keyring_err,
                env=daemon_env,
            )
        processes.append(keyring_daemon)
        assert keyring_daemon.stdin is not None
        keyring_daemon.stdin.write(password.encode())
        keyring_daemon.stdin.close()  # --unlock reads the password up to EOF

        while not _collection_ready(bus_address):
            for process in processes:
                if process.poll() is not None:
                    raise SecretServiceStartError(
                        f"{process.args!r} exited with code {process.returncode}: "
                        f"{_tail(keyring_log)} {_tail(bus_log)}"
                    )
            if time.monotonic() > deadline:
                raise SecretServiceStartError(
                    f"the private Secret Service was not ready within {timeout:g} s: "
                    f"{_tail(keyring_log)}"
                )
            time.sleep(0.02)

        env = {
            name: value
            for name, value in os.environ.items()
            if name not in _REMOVED_VARIABLES and not name.startswith("KEYRING_PROPERTY_")
        }
        env.update({name: str(path) for name, path in dirs.items()})
        env["XDG_RUNTIME_DIR"] = str(runtime_dir)
        env["DBUS_SESSION_BUS_ADDRESS"] = bus_address
        yield env
    finally:
        for process in reversed(processes):  # gnome-keyring first, then the bus
            _stop(process)
        shutil.rmtree(runtime_dir, ignore_errors=True)
