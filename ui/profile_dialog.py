"""Your own name and e-mail for letters: asked once, kept only in the encrypted vault."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from ui.background import error_line
from vault.errors import VaultError
from vault.services.profile import Profile, ProfileService, parse_account_ids


class ProfileDialog(QDialog):
    def __init__(self, profile: ProfileService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._profile = profile
        self.saved: Profile | None = None
        self.setWindowTitle("Your details for letters")
        self.setMinimumWidth(560)
        intro = QLabel("Letters to companies are signed with your name and give an e-mail "
                       "address for the reply. These stay in your vault and go only into the "
                       "letters you choose to send.")
        intro.setWordWrap(True)
        current = profile.get()
        self.name_edit = QLineEdit(current.name)
        self.email_edit = QLineEdit(current.email)
        self.email_edit.setPlaceholderText("you@example.com")
        self.address_edit = QPlainTextEdit(current.postal_address or "")
        self.address_edit.setTabChangesFocus(True)
        self.address_edit.setFixedHeight(self.address_edit.fontMetrics().lineSpacing() * 3 + 14)
        self.country_edit = QLineEdit(current.country or "")
        self.country_edit.setPlaceholderText("e.g. DE or US-CA (where you live)")
        self.accounts_edit = QLineEdit(", ".join(f"{p}:{i}" for p, i in current.account_ids))
        self.accounts_edit.setPlaceholderText("e.g. gigly:W-2291 (helps them find your data)")
        form = QFormLayout()
        form.addRow("Name (required)", self.name_edit)
        form.addRow("E-mail (required)", self.email_edit)
        form.addRow("Postal address", self.address_edit)
        form.addRow("Country", self.country_edit)
        form.addRow("Account ids", self.accounts_edit)
        self.error_label = error_line()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.error_label)
        layout.addWidget(self.buttons)

    def show_error(self, sentence: str) -> None:
        self.error_label.setText(sentence)
        self.error_label.show()

    def accept(self) -> None:
        """Save through the service; on bad input say why and stay open, storing nothing."""
        name, email = self.name_edit.text().strip(), self.email_edit.text().strip()
        if not name or not email:
            self.show_error("Letters need both your name and your e-mail address.")
            return
        try:
            accounts = parse_account_ids(self.accounts_edit.text())
            self.saved = self._profile.update(
                name=name, email=email,
                postal_address=self.address_edit.toPlainText().strip() or None,
                country=self.country_edit.text().strip() or None, account_ids=accounts)
        except VaultError as error:
            self.show_error(str(error))
            return
        super().accept()

    @classmethod
    def launch(cls, profile: ProfileService, parent: QWidget | None = None) -> Profile | None:
        """Show the dialog; the profile as saved, or None if the person cancelled."""
        dialog = cls(profile, parent)
        dialog.exec()
        dialog.deleteLater()
        return dialog.saved
