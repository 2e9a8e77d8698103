"""Idle lock, screen-lock signal (on a private D-Bus session bus) and clipboard expiry."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLineEdit
from pytestqt.qtbot import QtBot

from app.session_guard import ClipboardGuard, IdleLock
from tests.conftest import skip_or_fail
from tests.secret_service import _BUS_CONFIG, SecretServiceStartError, _read_line, _stop

# tests/app has no Qt conftest; the platform is read when pytest-qt makes the QApplication.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

IDLE_MS = 400  # one "minute" in these tests


@pytest.fixture
def idle_lock(qapp: QApplication) -> Iterator[IdleLock]:
    lock = IdleLock(qapp, 1, minute_ms=IDLE_MS, watch_screen_lock=False)
    yield lock
    lock.uninstall()
    lock.deleteLater()


def test_idle_lock_fires_without_input(qtbot: QtBot, idle_lock: IdleLock) -> None:
    assert idle_lock.is_counting
    with qtbot.waitSignal(idle_lock.lock_requested, timeout=IDLE_MS * 10):
        pass


def test_key_events_keep_it_unlocked(qtbot: QtBot, idle_lock: IdleLock) -> None:
    field = QLineEdit()
    qtbot.addWidget(field)
    fired: list[bool] = []
    idle_lock.lock_requested.connect(lambda: fired.append(True))
    typed: list[str] = []

    def type_one() -> None:
        QTest.keyClick(field, Qt.Key.Key_A)
        typed.append("a")

    typing = QTimer()
    typing.timeout.connect(type_one)
    typing.start(IDLE_MS // 10)
    # Type for about three idle periods: no lock while keys keep coming.
    qtbot.waitUntil(lambda: len(typed) >= 30, timeout=IDLE_MS * 20)
    typing.stop()
    assert fired == []
    assert field.text().startswith("aaa")
    # Then nothing: the lock comes.
    with qtbot.waitSignal(idle_lock.lock_requested, timeout=IDLE_MS * 10):
        pass


def test_timeout_zero_never_locks(qtbot: QtBot, idle_lock: IdleLock) -> None:
    idle_lock.set_timeout_minutes(0)
    assert not idle_lock.is_counting
    field = QLineEdit()
    qtbot.addWidget(field)
    QTest.keyClick(field, Qt.Key.Key_A)  # input must not re-arm it
    assert not idle_lock.is_counting
    with qtbot.assertNotEmitted(idle_lock.lock_requested, wait=IDLE_MS * 2):
        pass
    idle_lock.set_timeout_minutes(1)
    assert idle_lock.is_counting


def test_stop_pauses_until_start(qtbot: QtBot, idle_lock: IdleLock) -> None:
    idle_lock.stop()
    field = QLineEdit()
    qtbot.addWidget(field)
    QTest.keyClick(field, Qt.Key.Key_A)
    assert not idle_lock.is_counting
    idle_lock.start()
    with qtbot.waitSignal(idle_lock.lock_requested, timeout=IDLE_MS * 10):
        pass


def test_negative_timeout_is_refused(idle_lock: IdleLock) -> None:
    with pytest.raises(ValueError):
        idle_lock.set_timeout_minutes(-1)


# -- screen lock over D-Bus -----------------------------------------------------

@pytest.fixture
def private_bus() -> Iterator[str]:
    """A private D-Bus session bus (nothing activatable on it); yields its address."""
    if shutil.which("dbus-daemon") is None:
        skip_or_fail("DBUS", "dbus-daemon is not installed (Debian package: dbus-daemon)")
    runtime = Path(tempfile.mkdtemp(prefix="hf-bus-"))
    config = runtime / "bus.conf"
    config.write_text(_BUS_CONFIG.format(socket=runtime / "bus"))
    bus = subprocess.Popen(
        ["dbus-daemon", f"--config-file={config}", "--nofork", "--nopidfile",
         "--print-address=1"],
        stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    try:
        assert bus.stdout is not None
        try:
            address = _read_line(bus.stdout, bus, time.monotonic() + 10)
        except SecretServiceStartError as error:
            skip_or_fail("DBUS", f"the private D-Bus did not start: {error}")
        yield address
    finally:
        _stop(bus)
        shutil.rmtree(runtime, ignore_errors=True)


def test_screen_lock_signal_requests_a_lock(qtbot: QtBot, qapp: QApplication,
                                            private_bus: str) -> None:
    from PySide6.QtDBus import QDBusConnection, QDBusMessage

    watched = QDBusConnection.connectToBus(private_bus, "holdfast-test-app")
    desktop = QDBusConnection.connectToBus(private_bus, "holdfast-test-desktop")
    try:
        assert watched.isConnected() and desktop.isConnected()
        lock = IdleLock(qapp, 0, bus=watched)
        assert lock.watches_screen_lock

        def active_changed(interface: str, path: str, active: bool) -> QDBusMessage:
            message = QDBusMessage.createSignal(path, interface, "ActiveChanged")
            message.setArguments([active])
            return message

        with qtbot.assertNotEmitted(lock.lock_requested, wait=200):
            assert desktop.send(active_changed("org.freedesktop.ScreenSaver",
                                               "/org/freedesktop/ScreenSaver", False))
        with qtbot.waitSignals([lock.screen_locked, lock.lock_requested], timeout=5000):
            assert desktop.send(active_changed("org.freedesktop.ScreenSaver",
                                               "/ScreenSaver", True))
        with qtbot.waitSignal(lock.lock_requested, timeout=5000):
            assert desktop.send(active_changed("org.gnome.ScreenSaver",
                                               "/org/gnome/ScreenSaver", True))
        lock.uninstall()
    finally:
        QDBusConnection.disconnectFromBus("holdfast-test-app")
        QDBusConnection.disconnectFromBus("holdfast-test-desktop")


def test_no_bus_is_skipped_silently(qapp: QApplication) -> None:
    from PySide6.QtDBus import QDBusConnection

    nowhere = QDBusConnection.connectToBus("unix:path=/nonexistent/holdfast-bus", "hf-none")
    try:
        lock = IdleLock(qapp, 1, bus=nowhere)
        assert not lock.watches_screen_lock
        assert lock.is_counting
        lock.uninstall()
    finally:
        QDBusConnection.disconnectFromBus("hf-none")


# -- clipboard ------------------------------------------------------------------

def test_clipboard_cleared_after_delay(qtbot: QtBot, qapp: QApplication) -> None:
    clipboard = QGuiApplication.clipboard()
    guard = ClipboardGuard(clear_after_ms=50)
    guard.copy_secret("ABCD-EFGH", clipboard)
    assert clipboard.text() == "ABCD-EFGH"
    assert guard.is_pending
    with qtbot.waitSignal(guard.expired, timeout=5000) as expired:
        pass
    assert expired.args == [True]
    assert clipboard.text() == ""
    assert not guard.is_pending


def test_clipboard_left_alone_if_changed(qtbot: QtBot, qapp: QApplication) -> None:
    clipboard = QGuiApplication.clipboard()
    guard = ClipboardGuard(clear_after_ms=50)
    guard.copy_secret("ABCD-EFGH", clipboard)
    clipboard.setText("a shopping list")
    with qtbot.waitSignal(guard.expired, timeout=5000) as expired:
        pass
    assert expired.args == [False]
    assert clipboard.text() == "a shopping list"
