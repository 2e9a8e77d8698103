"""The desktop app's life cycle: first run or unlock, the main window, lock and unlock again."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import QObject, QSettings
from PySide6.QtWidgets import QApplication

from app.session_guard import MINUTE_MS, IdleLock
from ui.due_summary import fell_due_while_closed, last_open_key, parse_last_open
from ui.due_summary_dialog import DueSummaryDialog
from ui.main_window import PAGES, MainWindow
from ui.reminder_notifier import ReminderNotifier
from ui.setup_wizard import SetupWizard
from ui.unlock_dialog import UnlockDialog
from vault.device_keystore import DeviceKeystore
from vault.errors import VaultError
from vault.vault import Vault, VaultLocation

IDLE_MINUTES_KEY = "lock/idle_minutes"


class AppController(QObject):
    """Owns the open vault; nothing else keeps it (no globals, no service locator)."""

    def __init__(self, app: QApplication, settings: QSettings, root: Path,
                 keystore: DeviceKeystore, *, minute_ms: int = MINUTE_MS) -> None:
        super().__init__()
        self._app = app
        self._settings = settings
        self._root = root
        self._keystore = keystore
        self.vault: Vault | None = None
        self.window: MainWindow | None = None
        self.notifier: ReminderNotifier | None = None
        minutes = int(str(settings.value(IDLE_MINUTES_KEY, 10)))
        self.idle = IdleLock(app, minutes, minute_ms=minute_ms)
        self.idle.lock_requested.connect(self.lock)
        app.aboutToQuit.connect(self._close_vault)

    def start(self) -> bool:
        """First run: the wizard. Otherwise unlock (a remembered key opens at once)."""
        if VaultLocation(self._root).exists():
            vault = UnlockDialog.launch(self._root, self._keystore, use_remembered=True)
        else:
            vault = SetupWizard.launch(self._root, self._keystore)
        if vault is None:
            return False
        self._show(vault)
        return True

    def start_with(self, vault: Vault, note: str | None = None) -> None:
        """Show the main window for a vault opened elsewhere (the demo); note goes in the title."""
        self._root = vault.location.root  # so that Lock asks to unlock this vault again
        self._show(vault)
        if note and self.window is not None:
            self.window.setWindowTitle(f"{self.window.windowTitle()} \u2014 {note}")

    def _show(self, vault: Vault) -> None:
        self.vault = vault
        self.window = MainWindow(vault, self._settings)
        self.window.lock_requested.connect(self.lock)
        self.window.set_idle_minutes(self.idle.timeout_minutes)
        self.window.idle_minutes_changed.connect(self._set_idle_minutes)
        self.window.show()
        self.idle.start()
        self._announce_reminders(vault)

    def _announce_reminders(self, vault: Vault) -> None:
        """On unlock: what fell due while the app was closed; then tray messages as days
        come (only where the desktop has a tray)."""
        today = date.today()
        key = last_open_key(vault.id)
        try:
            items = fell_due_while_closed(vault.reminders.all(today),
                                          parse_last_open(self._settings.value(key)), today)
        except VaultError:
            items = []
        self._settings.setValue(key, today.isoformat())
        if self.window is not None and DueSummaryDialog.launch(self.window, items):
            self.window.sidebar.setCurrentRow(PAGES.index("Reminders"))
        # A new notifier per unlock: it holds this vault's reminder service, nothing older.
        self.notifier = ReminderNotifier(vault.reminders.due, parent=self)
        self.notifier.lock_requested.connect(self.lock)
        self.notifier.quit_requested.connect(self._app.quit)
        self.notifier.show_requested.connect(self._raise_window)
        self.notifier.start()

    def _raise_window(self) -> None:
        if self.window is not None:
            self.window.showNormal()
            self.window.raise_()
            self.window.activateWindow()

    def lock(self) -> None:
        """Drop the keys and every decrypted view, then ask for the password again."""
        if self.window is None:
            return
        self.idle.stop()
        if self.notifier is not None:
            self.notifier.stop()
            self.notifier.hide()
            self.notifier.deleteLater()
            self.notifier = None
        window, self.window = self.window, None
        window.lock_requested.disconnect(self.lock)
        window.shut_down()  # saves geometry, stops playback, clears views
        window.hide()  # hidden, not closed: closing the last window would quit the app
        window.deleteLater()
        self._close_vault()
        vault = UnlockDialog.launch(self._root, self._keystore)
        if vault is None:
            self._app.quit()
            return
        self._show(vault)

    def _set_idle_minutes(self, minutes: int) -> None:
        self.idle.set_timeout_minutes(minutes)
        self._settings.setValue(IDLE_MINUTES_KEY, minutes)

    def _close_vault(self) -> None:
        if self.vault is not None:
            self.vault.close()
            self.vault = None
