"""Keeping an unlocked vault from being left open: idle lock, screen lock, clipboard expiry.

``IdleLock`` watches the application's input events and asks for a lock
(``lock_requested``) after a number of minutes without any. It also listens
for the desktop's screen locker on the D-Bus session bus, where there is one:
the freedesktop ``org.freedesktop.ScreenSaver.ActiveChanged(bool)`` signal
(KDE, Xfce, Cinnamon, MATE, ...) and GNOME's ``org.gnome.ScreenSaver`` twin.
Where Qt has no D-Bus module (Windows, macOS builds without it) or there is
no session bus (a bare X server, a service session), that part is skipped
silently and ``watches_screen_lock`` is False; the idle timer still works.

``ClipboardGuard`` puts a secret (a recovery code) on the clipboard and
clears it again after a delay, unless the person copied something else in
the meantime.

Neither class is a widget; the composition root owns them and passes the
application and the clipboard in.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import (
    SLOT,
    QCoreApplication,
    QEvent,
    QMimeData,
    QObject,
    QTimer,
    Signal,
    Slot,
)
from PySide6.QtGui import QClipboard

if TYPE_CHECKING:
    from PySide6.QtDBus import QDBusConnection

MINUTE_MS = 60_000
DEFAULT_IDLE_MINUTES = 10
CLIPBOARD_CLEAR_MS = 30_000

# Events that mean a person is at the keyboard or mouse.
_INPUT_EVENTS = frozenset({
    QEvent.Type.KeyPress,
    QEvent.Type.KeyRelease,
    QEvent.Type.MouseButtonPress,
    QEvent.Type.MouseButtonRelease,
    QEvent.Type.MouseButtonDblClick,
    QEvent.Type.MouseMove,
    QEvent.Type.Wheel,
    QEvent.Type.TouchBegin,
    QEvent.Type.TouchUpdate,
    QEvent.Type.TabletPress,
    QEvent.Type.TabletMove,
})

# (interface, signal) pairs of screen lockers; any sender, any object path.
_SCREEN_SAVER_SIGNALS = (
    ("org.freedesktop.ScreenSaver", "ActiveChanged"),
    ("org.gnome.ScreenSaver", "ActiveChanged"),
)


class IdleLock(QObject):
    """Emits ``lock_requested`` after ``minutes`` without input, or when the screen locks.

    ``minute_ms`` is the length of a "minute" in milliseconds (tests pass a
    few dozen). ``bus`` is a ``QDBusConnection`` to watch instead of the
    session bus; ``watch_screen_lock=False`` leaves D-Bus alone entirely.
    The countdown runs from construction; ``stop()`` pauses it while the
    vault is locked and ``start()`` resumes it after the next unlock.
    """

    lock_requested = Signal()
    screen_locked = Signal()

    def __init__(self, app: QCoreApplication, minutes: int = DEFAULT_IDLE_MINUTES, *,
                 minute_ms: int = MINUTE_MS, watch_screen_lock: bool = True,
                 bus: QDBusConnection | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._minute_ms = minute_ms
        self._minutes = 0
        self._active = True
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.lock_requested)
        self._app = app
        app.installEventFilter(self)
        self.set_timeout_minutes(minutes)
        self.watches_screen_lock = self._watch_screen_lock(bus) if watch_screen_lock else False

    # -- idle timer -----------------------------------------------------------

    @property
    def timeout_minutes(self) -> int:
        return self._minutes

    @property
    def is_counting(self) -> bool:
        """True while a lock will be requested if no input comes."""
        return self._timer.isActive()

    def set_timeout_minutes(self, minutes: int) -> None:
        """Minutes without input before a lock; 0 means never."""
        if minutes < 0:
            raise ValueError("the idle timeout cannot be negative")
        self._minutes = minutes
        self._timer.setInterval(minutes * self._minute_ms)
        self._restart()

    def start(self) -> None:
        """Count again (after an unlock)."""
        self._active = True
        self._restart()

    def stop(self) -> None:
        """Stop counting (while the vault is locked); input is ignored until start()."""
        self._active = False
        self._timer.stop()

    def _restart(self) -> None:
        if self._active and self._minutes > 0:
            self._timer.start()
        else:
            self._timer.stop()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in _INPUT_EVENTS and self._active and self._minutes > 0:
            self._timer.start()
        return False

    def uninstall(self) -> None:
        """Stop watching the application's events."""
        self._app.removeEventFilter(self)
        self._timer.stop()

    # -- screen lock ----------------------------------------------------------

    def _watch_screen_lock(self, bus: QDBusConnection | None) -> bool:
        try:
            from PySide6.QtDBus import QDBusConnection
        except ImportError:  # a Qt build without the D-Bus module
            return False
        connection = bus if bus is not None else QDBusConnection.sessionBus()
        if not connection.isConnected():
            return False
        watched = False
        for interface, name in _SCREEN_SAVER_SIGNALS:
            # PySide6 takes the SLOT() string here; its stubs say bytes.
            if connection.connect("", "", interface, name, self,  # type: ignore[call-overload]
                                  SLOT("_on_screen_saver_active(bool)")):
                watched = True
        return watched

    @Slot(bool)
    def _on_screen_saver_active(self, active: bool) -> None:
        if active and self._active:
            self.screen_locked.emit()
            self.lock_requested.emit()


class ClipboardGuard(QObject):
    """Copies secrets to the clipboard and takes them off again after a while.

    ``expired(cleared)`` is emitted when the delay is over: True if the secret
    was still there and has been removed, False if something else had been
    copied since (then the clipboard is left alone).
    """

    expired = Signal(bool)

    def __init__(self, clear_after_ms: int = CLIPBOARD_CLEAR_MS,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.clear_after_ms = clear_after_ms
        self._secret: str | None = None
        self._clipboard: QClipboard | None = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.clear_now)
        app = QCoreApplication.instance()
        if app is not None:  # quitting must not leave a secret on the clipboard
            app.aboutToQuit.connect(self.clear_now)

    @property
    def is_pending(self) -> bool:
        return self._secret is not None

    def copy_secret(self, text: str, clipboard: QClipboard) -> None:
        """Put ``text`` on the clipboard; clear it after the delay if it is still there."""
        data = QMimeData()
        data.setText(text)
        # Asks clipboard managers (KDE Klipper and others) not to keep it in their history.
        data.setData("x-kde-passwordManagerHint", b"secret")
        clipboard.setMimeData(data, QClipboard.Mode.Clipboard)
        self._secret = text
        self._clipboard = clipboard
        self._timer.start(self.clear_after_ms)

    @Slot()
    def clear_now(self) -> None:
        """Clear the pending secret now (on lock or quit), if it is still on the clipboard."""
        self._timer.stop()
        secret, clipboard = self._secret, self._clipboard
        self._secret = self._clipboard = None
        if secret is None or clipboard is None:
            return
        still_there = clipboard.text(QClipboard.Mode.Clipboard) == secret
        if still_there:
            clipboard.clear(QClipboard.Mode.Clipboard)
        self.expired.emit(still_there)
