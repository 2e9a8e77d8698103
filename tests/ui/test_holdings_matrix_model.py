"""The who-holds-what matrix model over real holdings (no widgets)."""

from __future__ import annotations

from collections import Counter
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import QModelIndex, Qt

from tests.vault.realistic_vault import TODAY, Ids, populate
from ui.holdings_matrix_model import (
    COMPANY_ID_ROLE,
    COUNT_ROLE,
    STATUS_ROLE,
    HoldingsMatrixModel,
    most_pressing,
)
from vault.services.agreement_terms import AgreementTerms
from vault.vault import Vault

DISPLAY = Qt.ItemDataRole.DisplayRole


@pytest.fixture
def ids(open_vault: Vault, tmp_path: Path) -> Ids:
    return populate(open_vault, tmp_path)


def cell(model: HoldingsMatrixModel, company: str, kind: str) -> QModelIndex:
    rows = [model.headerData(r, Qt.Orientation.Vertical) for r in range(model.rowCount())]
    columns = [model.headerData(c, Qt.Orientation.Horizontal)
               for c in range(model.columnCount())]
    return model.index(rows.index(company), columns.index(kind))


def test_every_cell_matches_what_the_holdings_say(qapp: object, open_vault: Vault,
                                                  ids: Ids) -> None:
    holdings = open_vault.insights.holdings(TODAY)
    model = HoldingsMatrixModel()
    model.set_holdings(holdings)
    assert [model.headerData(r, Qt.Orientation.Vertical) for r in range(model.rowCount())] \
        == ["FaceForge Studios", "Old Data Co", "VoiceBank AI"]
    assert [model.headerData(c, Qt.Orientation.Horizontal)
            for c in range(model.columnCount())] == ["Voice", "Video", "Face"]
    expected: dict[tuple[str, str], list[str]] = {}
    for h in holdings:
        expected.setdefault((h.company, h.recording_kind), []).append(h.status)
    for row in range(model.rowCount()):
        for column in range(model.columnCount()):
            index = model.index(row, column)
            company = model.company_at(row)[1]
            kind = model.kind_at(column)
            statuses = expected.get((company, kind), [])
            assert index.data(COUNT_ROLE) == len(statuses)
            assert index.data(STATUS_ROLE) == (most_pressing(statuses) if statuses else None)
            assert Counter(e.status for e in model.holdings_at(index)) == Counter(statuses)
    assert cell(model, "Old Data Co", "Video").data(DISPLAY) == "deletion due (1)"
    assert cell(model, "VoiceBank AI", "Voice").data(DISPLAY) == "active (3)"
    assert cell(model, "VoiceBank AI", "Face").data(DISPLAY) == "active (1)"
    assert cell(model, "Old Data Co", "Voice").data(DISPLAY) == "\u2014"
    assert cell(model, "Old Data Co", "Voice").data(COUNT_ROLE) == 0
    assert "Click to see them" in cell(model, "VoiceBank AI", "Voice").data(
        Qt.ItemDataRole.ToolTipRole)


def test_cell_holds_the_holdings_behind_it(qapp: object, open_vault: Vault, ids: Ids) -> None:
    model = HoldingsMatrixModel()
    model.set_holdings(open_vault.insights.holdings(TODAY))
    voice = model.holdings_at(cell(model, "VoiceBank AI", "Voice"))
    assert {h.recording_id for h in voice} == {ids.voice1, ids.voice2, ids.voice3}
    assert {h.agreement_id for h in voice} == {ids.voicebank}
    old_data_id = open_vault.companies.get("Old Data Co").id
    video = model.cell_of(old_data_id, "video")
    assert video.data(COMPANY_ID_ROLE) == old_data_id
    [entry] = model.holdings_at(video)
    assert (entry.recording_id, entry.deletion_due) == (ids.video, date(2025, 7, 30))
    assert not model.cell_of(old_data_id, "gait").isValid()
    assert model.holdings_at(QModelIndex()) == []


def test_mixed_cell_shows_the_most_pressing_status_of_its_count(qapp: object,
                                                                open_vault: Vault,
                                                                ids: Ids) -> None:
    # One take of three moves to an agreement ending soon: the cell leads with "expiring".
    open_vault.agreements.edit(ids.voicebank, drop_recordings=[ids.voice3])
    second = open_vault.agreements.add("VoiceBank AI", AgreementTerms(
        title="Extra takes", signed_on=date(2025, 1, 10), ends_on=date(2026, 12, 1),
        data_kinds=("voice",)), recordings=[ids.voice3])
    model = HoldingsMatrixModel()
    model.set_holdings(open_vault.insights.holdings(TODAY))
    index = cell(model, "VoiceBank AI", "Voice")
    assert index.data(STATUS_ROLE) == "expiring"  # Extra takes end in 9 days
    assert index.data(DISPLAY) == "expiring (1 of 3)"
    assert {h.agreement_id for h in model.holdings_at(index)} == {ids.voicebank, second.id}


def test_deletion_requested_then_confirmed(qapp: object, open_vault: Vault, ids: Ids) -> None:
    request = open_vault.requests.new("Old Data Co", "erasure", agreement=ids.olddata,
                                      regime_id="us-state", sent_on=date(2026, 11, 1))
    model = HoldingsMatrixModel()
    model.set_holdings(open_vault.insights.holdings(TODAY))
    assert cell(model, "Old Data Co", "Video").data(DISPLAY) == "deletion requested (1)"
    open_vault.requests.update(request.id, "answered-complete", date(2026, 11, 20))
    model.set_holdings(open_vault.insights.holdings(TODAY))
    assert cell(model, "Old Data Co", "Video").data(DISPLAY) == "deleted (1)"


def test_clear_and_empty(qapp: object, open_vault: Vault, ids: Ids) -> None:
    model = HoldingsMatrixModel()
    model.set_holdings(open_vault.insights.holdings(TODAY))
    model.clear()
    assert (model.rowCount(), model.columnCount()) == (0, 0)
    assert model.headerData(0, Qt.Orientation.Vertical) is None
