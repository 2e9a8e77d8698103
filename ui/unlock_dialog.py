"""Ask for the vault password; say clearly when it is wrong."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from vault.errors import VaultError
from vault.vault import Vault

Unlocker = Callable[[str], Vault]


class UnlockDialog(QDialog):
    """Calls `unlock(password)`; on success `vault` holds the open vault."""

    def __init__(self, location: str, unlock: Unlocker, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._unlock = unlock
        self.vault: Vault | None = None
        self.setWindowTitle("Unlock Holdfast")
        intro = QLabel(f"Enter the password of your vault at\n{location}")
        intro.setWordWrap(True)
        self.password_edit = QLineEdit()
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.password_edit.setPlaceholderText("Password")
        self.error_label = QLabel()
        self.error_label.setObjectName("error")
        self.error_label.setStyleSheet("color: palette(highlight); font-weight: bold;")
        self.error_label.hide()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText("Unlock")
        buttons.accepted.connect(self.try_unlock)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.password_edit)
        layout.addWidget(self.error_label)
        layout.addWidget(buttons)
        self.setMinimumWidth(380)

    def try_unlock(self) -> None:
        try:
            self.vault = self._unlock(self.password_edit.text())
        except VaultError as error:
            self.error_label.setText(str(error))
            self.error_label.show()
            self.password_edit.selectAll()
            self.password_edit.setFocus()
            return
        self.password_edit.clear()
        self.accept()
