"""The requests table model on real requests from a real vault (no widgets)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QSortFilterProxyModel, Qt
from PySide6.QtGui import QFont

from tests.vault.realistic_vault import TODAY, Ids, populate
from ui.requests_model import (
    COLUMNS,
    DUE,
    KEY_ROLE,
    SENT,
    SORT_ROLE,
    STATUS,
    TYPE,
    RequestsTableModel,
    days_left_words,
    status_words,
    type_words,
)
from vault.services.requests import RequestInfo
from vault.vault import Vault


@dataclass
class Made:
    overdue: RequestInfo  # VoiceBank AI erasure, sent in September, never answered
    waiting: RequestInfo  # Gigly access, sent 10 days ago
    refused: RequestInfo  # FaceForge erasure, refused
    draft: RequestInfo  # Gigly deletion draft


def make_requests(vault: Vault, ids: Ids) -> Made:
    overdue = vault.requests.new("VoiceBank AI", "erasure", agreement=ids.voicebank,
                                 recordings=[ids.voice1, ids.voice2], sent_on=date(2026, 9, 1),
                                 channel="email")
    vault.requests.store_letter(overdue.id, "deletion-letter.txt", b"Please delete my voice.",
                                "text/plain")
    waiting = vault.requests.new("Gigly", "access", sent_on=TODAY - timedelta(days=10),
                                 channel="webform")
    refused = vault.requests.new("FaceForge Studios", "erasure", agreement=ids.faceforge,
                                 sent_on=date(2026, 6, 1), channel="email")
    vault.requests.update(refused.id, "refused", date(2026, 6, 20), note="They say it is exempt")
    draft = vault.requests.new("Gigly", "erasure")
    return Made(vault.requests.get(overdue.id), vault.requests.get(waiting.id),
                vault.requests.get(refused.id), vault.requests.get(draft.id))


@pytest.fixture
def made(open_vault: Vault, tmp_path: Path) -> Made:
    return make_requests(open_vault, populate(open_vault, tmp_path))


def text(model: RequestsTableModel, row: int, column: int) -> object:
    return model.data(model.index(row, column))


def test_plain_words() -> None:
    assert type_words("erasure") == "Deletion"
    assert type_words("limit-sensitive") == "Limit sensitive data"
    assert status_words("draft") == "Draft — not sent yet"
    assert status_words("escalated") == "Complaint filed"
    assert status_words("answered-partial") == "Answered in part"


def test_columns_and_words(open_vault: Vault, made: Made) -> None:
    model = RequestsTableModel()
    model.set_requests(open_vault.requests.list(), TODAY)
    assert model.columnCount() == len(COLUMNS) and model.rowCount() == 4
    row = model.row_of(made.overdue.id)
    assert model.data(model.index(row, 0), KEY_ROLE) == made.overdue.id
    assert text(model, row, TYPE) == "Deletion"
    assert text(model, row, STATUS) == "Overdue"
    assert text(model, row, SENT) == "1 Sep 2026"
    due = made.overdue.deadlines.effective_due if made.overdue.deadlines else None
    assert due is not None and text(model, row, DUE) == f"{due.day} {due:%b %Y}"
    assert model.data(model.index(row, STATUS), Qt.ItemDataRole.ForegroundRole) is not None
    draft = model.row_of(made.draft.id)
    assert text(model, draft, STATUS) == "Draft — not sent yet"
    assert text(model, draft, DUE) == ""
    assert model.data(model.index(draft, STATUS), Qt.ItemDataRole.ForegroundRole) is None


def test_overdue_depends_on_the_day(made: Made) -> None:
    model = RequestsTableModel()
    waiting = made.waiting
    assert waiting.deadlines is not None
    due = waiting.deadlines.effective_due
    model.set_requests([waiting], TODAY)
    assert text(model, 0, STATUS) == "Sent"
    assert days_left_words(waiting, TODAY) == f"{(due - TODAY).days} days left"
    model.set_requests([waiting], due + timedelta(days=3))
    assert text(model, 0, STATUS) == "Overdue"
    assert days_left_words(waiting, due + timedelta(days=3)) == "Overdue by 3 days"
    font = model.data(model.index(0, TYPE), Qt.ItemDataRole.FontRole)
    assert isinstance(font, QFont) and font.bold()


def test_sorts_by_real_dates(open_vault: Vault, made: Made) -> None:
    model = RequestsTableModel()
    model.set_requests(open_vault.requests.list(), TODAY)
    proxy = QSortFilterProxyModel()
    proxy.setSourceModel(model)
    proxy.setSortRole(SORT_ROLE)
    proxy.sort(SENT, Qt.SortOrder.AscendingOrder)
    ids = [proxy.index(r, 0).data(KEY_ROLE) for r in range(proxy.rowCount())]
    # June, September, November by date; the draft (no date) last.
    assert ids == [made.refused.id, made.overdue.id, made.waiting.id, made.draft.id]


def test_clear_empties() -> None:
    model = RequestsTableModel()
    model.clear()
    assert model.rowCount() == 0
