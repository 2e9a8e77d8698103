"""The payments model (no widgets), the totals per currency, and the ledger's empty hint."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from tests.vault.realistic_vault import populate
from ui.payments_ledger import COLUMNS, EMPTY_HINT, PaymentsLedger, PaymentsModel, totals_text
from vault.services.agreements import PaymentInfo
from vault.vault import Vault


def test_model_rows_are_the_stored_payments_by_date(open_vault: Vault, tmp_path: Path) -> None:
    ids = populate(open_vault, tmp_path)
    open_vault.agreements.add_payment(ids.faceforge, "5", "USD", date(2024, 12, 1),
                                      note="Bonus")
    model = PaymentsModel()
    model.set_payments(open_vault.agreements.get(ids.faceforge).payments)
    assert (model.rowCount(), model.columnCount()) == (3, len(COLUMNS))
    rows = [[model.data(model.index(r, c)) for c in range(len(COLUMNS))]
            for r in range(model.rowCount())]
    assert rows == [["2024-12-01", "Received", "5.00 USD", "Bonus"],
                    ["2025-03-10", "Received", "20.00 USD", ""],
                    ["2026-03-10", "Still expected", "20.00 USD", ""]]
    assert model.headerData(2, Qt.Orientation.Horizontal) == "Amount"
    assert model.data(model.index(0, 2), Qt.ItemDataRole.TextAlignmentRole) == int(
        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)


def test_totals_are_kept_per_currency() -> None:
    payments = [PaymentInfo("a", "received", date(2025, 1, 1), "10.50", "EUR", None),
                PaymentInfo("b", "received", date(2025, 2, 1), "0.25", "EUR", None),
                PaymentInfo("c", "received", date(2025, 2, 1), "3.00", "USD", None),
                PaymentInfo("d", "expected", date(2025, 3, 1), "7.00", "EUR", None)]
    assert totals_text(payments) == ("Received 10.75 EUR, 3.00 USD · still expected 7.00 EUR")
    assert totals_text(payments[:1]) == "Received 10.50 EUR · still expected nothing"


def test_ledger_shows_hint_when_empty(qtbot: QtBot, open_vault: Vault, tmp_path: Path) -> None:
    ids = populate(open_vault, tmp_path)
    ledger = PaymentsLedger()
    qtbot.addWidget(ledger)
    assert not ledger.hint.isHidden() and ledger.hint.text() == EMPTY_HINT
    assert ledger.table.isHidden()
    ledger.show_payments(open_vault.agreements.get(ids.faceforge).payments)
    assert ledger.hint.isHidden() and not ledger.table.isHidden()
    assert ledger.totals_label.text() == "Received 20.00 USD · still expected 20.00 USD"
    with qtbot.waitSignal(ledger.add_requested):
        ledger.add_button.click()
    ledger.resize(700, 260)
    ledger.grab().save("/tmp/agreements/payments_ledger.png")
    ledger.clear()
    assert ledger.model.rowCount() == 0 and ledger.totals_label.text() == ""
