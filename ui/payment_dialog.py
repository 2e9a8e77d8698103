"""Record one payment of an agreement: received, or still expected (promised, owed)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QCheckBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from ui.background import error_line
from vault.errors import VaultError


@dataclass(frozen=True)
class PaymentEntry:
    amount: str
    currency: str
    on: date
    received: bool
    note: str


SavePayment = Callable[[PaymentEntry], object]  # raises VaultError on bad input


class PaymentDialog(QDialog):
    def __init__(self, save: SavePayment, today: date, currency: str = "",
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._save = save
        self.entry: PaymentEntry | None = None
        self.setWindowTitle("Add payment")
        self.setMinimumWidth(440)
        self.amount_edit = QLineEdit()
        self.amount_edit.setPlaceholderText("e.g. 150.00")
        self.currency_edit = QLineEdit(currency)
        self.currency_edit.setPlaceholderText("e.g. EUR")
        self.currency_edit.setMaxLength(3)
        self.date_edit = QDateEdit(QDate(today.year, today.month, today.day))
        self.date_edit.setCalendarPopup(True)
        self.date_edit.setDisplayFormat("yyyy-MM-dd")
        self.received_box = QCheckBox("I have received it (untick if it is still expected)")
        self.received_box.setChecked(True)
        self.note_edit = QLineEdit()
        self.note_edit.setPlaceholderText("Optional, e.g. invoice 12")
        form = QFormLayout()
        form.addRow("Amount", self.amount_edit)
        form.addRow("Currency", self.currency_edit)
        form.addRow("Date", self.date_edit)
        form.addRow("", self.received_box)
        form.addRow("Note", self.note_edit)
        self.error_label = error_line()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("The date is when it was paid, or when it is due."))
        layout.addLayout(form)
        layout.addWidget(self.error_label)
        layout.addWidget(buttons)

    def accept(self) -> None:
        on = self.date_edit.date().toPython()
        assert isinstance(on, date)
        entry = PaymentEntry(self.amount_edit.text(), self.currency_edit.text(), on,
                             self.received_box.isChecked(), self.note_edit.text())
        try:
            self._save(entry)
        except VaultError as error:
            self.error_label.setText(str(error))
            self.error_label.show()
            return
        self.entry = entry
        super().accept()

    @classmethod
    def launch(cls, parent: QWidget | None, save: SavePayment, today: date,
               currency: str = "") -> PaymentEntry | None:
        dialog = cls(save, today, currency, parent)
        dialog.exec()
        dialog.deleteLater()  # not kept as a child of the page once closed
        return dialog.entry
