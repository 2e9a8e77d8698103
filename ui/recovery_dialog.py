"""Forgotten password: the recovery code and a new password open the vault again."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from ui.background import busy_bar, describe_error, error_line, run_in_background
from ui.password_fields import NewPasswordFields
from vault.errors import InvalidInputError, WrongPasswordError
from vault.vault import Vault

Unlocker = Callable[[str], Vault]
Resetter = Callable[[str, str], None]  # (recovery code, new password)


class RecoveryDialog(QDialog):
    """Calls ``reset(code, new_password)`` then ``unlock(new_password)``; ``vault`` is the result.

    The recovery code stays valid afterwards; only the password changes.
    """

    def __init__(self, reset: Resetter, unlock: Unlocker, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._reset = reset
        self._unlock = unlock
        self._busy = False
        self.vault: Vault | None = None
        self.setWindowTitle("Reset your password")
        intro = QLabel("Enter the recovery code you saved when you made your vault, and "
                       "choose a new password. Your recordings and agreements stay as they are.")
        intro.setWordWrap(True)
        self.code_edit = QLineEdit()
        self.code_edit.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.code_edit.setPlaceholderText("XXXX-XXXX-XXXX-XXXX-XXXX-XXXX-XXXX-XXXX")
        self.fields = NewPasswordFields(label="&New password:")
        self.fields.form.insertRow(0, "Recovery &code:", self.code_edit)
        self.error_label = error_line()
        self.busy_bar = busy_bar()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.reset_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.reset_button.setText("&Reset password and unlock")
        self.buttons.accepted.connect(self.try_reset)
        self.buttons.rejected.connect(self.reject)
        self.code_edit.textChanged.connect(self._update_button)
        self.fields.on_change(self._update_button)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addSpacing(6)
        layout.addWidget(self.fields)
        layout.addWidget(self.error_label)
        layout.addWidget(self.busy_bar)
        layout.addStretch(1)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(520)
        self._update_button()

    @classmethod
    def launch(cls, reset: Resetter, unlock: Unlocker,
               parent: QWidget | None = None) -> Vault | None:
        """Show the dialog; the unlocked vault, or None if the person gave up."""
        dialog = cls(reset, unlock, parent)
        try:
            accepted = dialog.exec() == QDialog.DialogCode.Accepted
            return dialog.vault if accepted else None
        finally:
            dialog.deleteLater()

    def _ready(self) -> bool:
        return bool(self.code_edit.text().strip()) and self.fields.is_acceptable()

    def _update_button(self) -> None:
        self.reset_button.setEnabled(self._ready() and not self._busy)

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        for widget in (self.code_edit, self.fields):
            widget.setEnabled(not busy)
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setEnabled(not busy)
        self.busy_bar.setVisible(busy)
        if busy:
            self.error_label.hide()
        self._update_button()

    def try_reset(self) -> None:
        if self._busy or not self._ready():
            return
        code, password = self.code_edit.text(), self.fields.password()
        was_reset: list[bool] = []

        def work() -> Vault:
            self._reset(code, password)
            was_reset.append(True)
            return self._unlock(password)

        self._set_busy(True)
        try:
            vault = run_in_background(work)
        except Exception as error:
            self._set_busy(False)
            if was_reset:
                message = ("Your password was changed, but the vault did not open: "
                           + describe_error(error))
            else:
                message = describe_error(error)
            self.error_label.setText(message)
            self.error_label.show()
            if isinstance(error, WrongPasswordError | InvalidInputError) and not was_reset:
                self.code_edit.selectAll()
                self.code_edit.setFocus()
            return
        self._set_busy(False)
        self.vault = vault
        self.fields.clear()
        self.accept()

    def reject(self) -> None:
        if not self._busy:  # the reset cannot be stopped half-way
            super().reject()
