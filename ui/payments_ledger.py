"""An agreement's payments: what was received and what is still expected, with totals."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ui.form_parts import hbox
from vault.services.agreements import PaymentInfo

COLUMNS = ("Date", "Status", "Amount", "Note")
STATUS_WORDS = {"received": "Received", "expected": "Still expected"}
EMPTY_HINT = "No payments recorded yet. Add each payment you receive or are promised."
Index = QModelIndex | QPersistentModelIndex


def totals_text(payments: Sequence[PaymentInfo]) -> str:
    """"Received 170.00 USD · still expected 20.00 USD" (one sum per currency)."""
    sums: dict[str, dict[str, Decimal]] = {"received": {}, "expected": {}}
    for payment in payments:
        bucket = sums["received" if payment.status == "received" else "expected"]
        bucket[payment.currency] = bucket.get(payment.currency, Decimal("0")) + Decimal(
            payment.amount)

    def listed(bucket: dict[str, Decimal]) -> str:
        return ", ".join(f"{value:.2f} {code}" for code, value in sorted(bucket.items())) \
            or "nothing"

    return f"Received {listed(sums['received'])} · still expected {listed(sums['expected'])}"


class PaymentsModel(QAbstractTableModel):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._rows: list[PaymentInfo] = []

    def set_payments(self, payments: Sequence[PaymentInfo]) -> None:
        self.beginResetModel()
        self._rows = sorted(payments, key=lambda p: p.on)
        self.endResetModel()

    def payment(self, row: int) -> PaymentInfo:
        return self._rows[row]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        payment = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return (payment.on.isoformat(), STATUS_WORDS.get(payment.status, payment.status),
                    f"{payment.amount} {payment.currency}", payment.note or "")[index.column()]
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() == 2:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None


class PaymentsLedger(QWidget):
    add_requested = Signal()  # the page opens the payment dialog

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = PaymentsModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.horizontalHeader().setSectionResizeMode(
            3, QHeaderView.ResizeMode.Stretch)
        self.totals_label = QLabel()
        self.totals_label.setWordWrap(True)
        self.hint = QLabel(EMPTY_HINT)
        self.hint.setWordWrap(True)
        self.hint.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.add_button = QPushButton("Add payment…")
        self.add_button.clicked.connect(self.add_requested)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.hint)
        layout.addWidget(self.table, 1)
        footer = hbox(self.totals_label, self.add_button)
        footer.setStretch(0, 1)  # the totals take the width instead of wrapping early
        layout.addLayout(footer)
        self.clear()

    def show_payments(self, payments: Sequence[PaymentInfo]) -> None:
        self.model.set_payments(payments)
        self.totals_label.setText(totals_text(payments) if payments else "")
        self.hint.setVisible(not payments)
        self.table.setVisible(bool(payments))

    def clear(self) -> None:
        self.show_payments([])
