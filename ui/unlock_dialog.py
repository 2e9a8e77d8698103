"""Ask for the vault password; say clearly when it is wrong; offer the way back when forgotten."""

from __future__ import annotations

from functools import partial
from pathlib import Path

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ui.background import busy_bar, describe_error, error_line, run_in_background, small_note
from ui.recovery_dialog import RecoveryDialog, Resetter, Unlocker
from vault.crypto.keys import KdfParams
from vault.device_keystore import DeviceKeystore
from vault.errors import VaultError, WrongPasswordError
from vault.vault import (
    Vault,
    open_with_master_key,
    read_vault_header,
    reset_password_with_recovery_code,
    unlock_vault,
)

__all__ = ["Resetter", "UnlockDialog", "Unlocker"]


class UnlockDialog(QDialog):
    """Calls ``unlock(password)``; on success ``vault`` holds the open vault.

    ``keystore`` offers "Remember on this device" (disabled, with the reason,
    where there is no system keyring); ``remembered`` says a key is stored now,
    so that unticking the box forgets it. ``reset(code, new_password)`` enables
    "Forgot password?". ``notice`` is shown above the field (e.g. why a
    remembered key was not used).
    """

    def __init__(self, location: str, unlock: Unlocker, parent: QWidget | None = None, *,
                 keystore: DeviceKeystore | None = None, reset: Resetter | None = None,
                 remembered: bool = False, notice: str | None = None) -> None:
        super().__init__(parent)
        self._unlock = unlock
        self._reset = reset
        self._keystore = keystore
        self._remembered = remembered
        self._keyring_failed = False
        self._busy = False
        self.vault: Vault | None = None
        self.setWindowTitle("Unlock Holdfast")
        intro = QLabel("Enter the password of your vault at")
        self.location_label = QLabel(location.replace("/", "/\u200b"))
        self.location_label.setWordWrap(True)
        self.password_edit = QLineEdit()
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.password_edit.setPlaceholderText("Password")
        self.password_edit.setAccessibleName("Password")
        self.error_label = error_line()
        self.remember_check = QCheckBox("&Remember on this device")
        self.remember_note = small_note()
        self._setup_remember()
        self.busy_bar = busy_bar()
        self.forgot_button = QPushButton("&Forgot password?")
        self.forgot_button.setFlat(True)
        self.forgot_button.setVisible(reset is not None)
        self.forgot_button.clicked.connect(self.forgot_password)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.unlock_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.unlock_button.setText("&Unlock")
        self.buttons.accepted.connect(self.try_unlock)
        self.buttons.rejected.connect(self.reject)
        bottom = QHBoxLayout()
        bottom.addWidget(self.forgot_button)
        bottom.addStretch(1)
        bottom.addWidget(self.buttons)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.location_label)
        layout.addSpacing(4)
        layout.addWidget(self.password_edit)
        layout.addWidget(self.error_label)
        layout.addWidget(self.busy_bar)
        layout.addSpacing(4)
        layout.addWidget(self.remember_check)
        layout.addWidget(self.remember_note)
        layout.addStretch(1)
        layout.addLayout(bottom)
        self.setMinimumWidth(460)
        if notice:
            self._show_error(notice)

    def _setup_remember(self) -> None:
        if self._keystore is None:
            self.remember_check.hide()
            self.remember_note.hide()
            return
        status = self._keystore.status()
        self.remember_check.setEnabled(status.available)
        self.remember_check.setChecked(status.available and self._remembered)
        if status.available:
            self.remember_note.setText(f"{status.reason} Holdfast then opens without your "
                                       "password while you are logged in to this computer.")
        else:
            self.remember_check.setToolTip(status.reason)
            self.remember_note.setText(status.reason)

    @classmethod
    def launch(cls, root: Path, keystore: DeviceKeystore | None,
               parent: QWidget | None = None, *, use_remembered: bool = False,
               kdf: KdfParams | None = None) -> Vault | None:
        """Open the vault at ``root``; None if the person cancelled.

        With ``use_remembered`` (at start-up, not after an idle lock) a key
        remembered on this device opens the vault without showing the dialog.
        """
        notice, remembered = None, False
        if use_remembered and keystore is not None and keystore.status().available:
            try:
                vault_id = read_vault_header(root).vault_id
            except VaultError:
                vault_id = None  # the dialog says what is wrong at the first try
            try:
                key = None if vault_id is None else run_in_background(
                    lambda: keystore.load(vault_id))
                remembered = key is not None
                if key is not None:
                    return run_in_background(lambda: open_with_master_key(root, key))
            except VaultError as error:
                notice = (f"{error} Enter your password." if not remembered else
                          "The key remembered on this device did not open this vault. "
                          "Enter your password.")
        dialog = cls(str(root), partial(unlock_vault, root), parent, keystore=keystore,
                     reset=partial(reset_password_with_recovery_code, root, kdf=kdf),
                     remembered=remembered, notice=notice)
        try:
            accepted = dialog.exec() == QDialog.DialogCode.Accepted
            return dialog.vault if accepted else None
        finally:
            dialog.deleteLater()

    def _show_error(self, message: str) -> None:
        self.error_label.setText(message)
        self.error_label.show()

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        for widget in (self.password_edit, self.forgot_button, self.buttons):
            widget.setEnabled(not busy)
        self.busy_bar.setVisible(busy)
        self.unlock_button.setText("Unlocking…" if busy else "&Unlock")
        if busy:
            self.error_label.hide()

    def try_unlock(self) -> None:
        """Unlock with the password in the field, then remember or forget the key as ticked."""
        if self._busy:
            return
        if self.vault is None:
            password = self.password_edit.text()
            if not password:
                self._show_error("Enter your password.")
                return
            self._set_busy(True)
            try:
                self.vault = run_in_background(lambda: self._unlock(password))
            except Exception as error:
                self._set_busy(False)
                wrong = isinstance(error, WrongPasswordError)
                self._show_error("Wrong password." if wrong else describe_error(error))
                self.password_edit.selectAll()
                self.password_edit.setFocus()
                return
            self._set_busy(False)
            self.password_edit.clear()
        if self._apply_remember(self.vault):
            self.accept()

    def _apply_remember(self, vault: Vault) -> bool:
        """Store or forget the key as asked; on a keyring error say so and stay open."""
        keystore = self._keystore
        if keystore is None or not self.remember_check.isEnabled():
            return True
        remember = self.remember_check.isChecked()
        if not remember and not self._remembered:
            return True
        if self._keyring_failed and remember == self._remembered:
            return True  # "Continue" after a keyring error, box left as it was
        self._set_busy(True)
        try:
            if remember:
                run_in_background(lambda: keystore.store(vault.id, vault.keys.master_key))
            else:
                run_in_background(lambda: keystore.forget(vault.id))
        except Exception as error:
            self._set_busy(False)
            self._keyring_failed = True
            # The vault is open: the password is not needed again, only a decision.
            self.password_edit.setEnabled(False)
            self.forgot_button.setEnabled(False)
            self.unlock_button.setText("&Continue")
            self.remember_check.setChecked(self._remembered)
            self._show_error(f"{describe_error(error)} Your vault is unlocked; click "
                             "Continue to go on.")
            return False
        self._set_busy(False)
        self._remembered = remember
        return True

    def forgot_password(self) -> None:
        """Recovery code and a new password, in a dialog of its own; then unlocked."""
        if self._reset is None or self._busy:
            return
        vault = RecoveryDialog.launch(self._reset, self._unlock, self)
        if vault is None:
            return
        self.vault = vault
        self.password_edit.clear()
        self.error_label.hide()
        self.try_unlock()

    def reject(self) -> None:
        if self._busy:
            return
        if self.vault is not None:  # opened, then cancelled at a keyring error
            self.vault.close()
            self.vault = None
        super().reject()
