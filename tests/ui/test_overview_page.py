"""The overview page over a real, realistic vault: matrix, attention, timeline, earnings."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt, QThreadPool
from PySide6.QtWidgets import QTableWidget, QWidget
from pytestqt.qtbot import QtBot

from tests.vault.pdf_maker import make_pdf
from tests.vault.realistic_vault import TODAY, Ids, populate
from ui.attention_list import AttentionRow
from ui.holdings_matrix_model import COUNT_ROLE, STATUS_ROLE, most_pressing
from ui.navigation import RequestTarget
from ui.overview_page import OverviewPage
from vault.vault import Vault


@pytest.fixture
def pool() -> Iterator[QThreadPool]:
    own = QThreadPool()
    yield own
    own.waitForDone()


def make_page(qtbot: QtBot, vault: Vault, pool: QThreadPool,
              on: date = TODAY) -> OverviewPage:
    page = OverviewPage(vault.companies, vault.agreements, vault.insights, vault.requests,
                        vault.reminders, today=lambda: on, pool=pool)
    qtbot.addWidget(page)
    page.resize(1100, 700)
    page.show()
    return page


@pytest.fixture
def ids(open_vault: Vault, tmp_path: Path) -> Ids:
    return populate(open_vault, tmp_path)


def company_id(vault: Vault, name: str) -> str:
    return vault.companies.get(name).id


def row_titled(page: OverviewPage, words: str) -> AttentionRow:
    return next(r for r in page.attention.rows() if words in r.item.title)


def click(qtbot: QtBot, widget: QWidget, pos: QPoint | None = None) -> None:
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton,  # type: ignore[no-untyped-call]
                     pos=pos if pos is not None else widget.rect().center())


def text(table: QTableWidget, row: int, column: int) -> str:
    item = table.item(row, column)
    assert item is not None
    return item.text()


def click_cell(qtbot: QtBot, page: OverviewPage, company: str, kind: str) -> None:
    index = page.matrix_model.cell_of(company, kind)
    assert index.isValid()
    click(qtbot, page.matrix.viewport(), page.matrix.visualRect(index).center())


def test_matrix_shows_each_company_and_kind_as_the_holdings_say(
        qtbot: QtBot, open_vault: Vault, ids: Ids, pool: QThreadPool) -> None:
    page = make_page(qtbot, open_vault, pool)
    page.refresh()
    assert page.stack.currentIndex() == 1 and page.matrix.isVisible()
    model = page.matrix_model
    holdings = open_vault.insights.holdings(TODAY)
    seen = 0
    for h in {(h.company_id, h.recording_kind) for h in holdings}:
        statuses = [e.status for e in holdings if (e.company_id, e.recording_kind) == h]
        index = model.cell_of(*h)
        assert index.data(COUNT_ROLE) == len(statuses)
        assert index.data(STATUS_ROLE) == most_pressing(statuses)
        seen += len(statuses)
    assert seen == len(holdings) == 6
    assert model.rowCount() == 3 and model.columnCount() == 3
    assert page.date_note.text() == "Status on 22 November 2026"


def test_clicking_a_cell_lists_its_holdings_with_actions_one_click_away(
        qtbot: QtBot, open_vault: Vault, ids: Ids, pool: QThreadPool) -> None:
    page = make_page(qtbot, open_vault, pool)
    page.refresh()
    assert not page.detail.isVisible() and "Click a cell" in page.detail_title.text()
    click_cell(qtbot, page, company_id(open_vault, "VoiceBank AI"), "voice")
    shown = page.shown_holdings()
    assert {h.recording_title for h in shown} == {"take-1", "take-2", "take-3"}
    assert page.detail_title.text() == "VoiceBank AI holds 3 voice recordings:"
    assert text(page.detail, 0, 1) == "Voice data licence"
    assert text(page.detail, 0, 2) == "31 Dec 2026"

    old_data = company_id(open_vault, "Old Data Co")
    click_cell(qtbot, page, old_data, "video")
    assert [h.recording_id for h in page.shown_holdings()] == [ids.video]
    assert [text(page.detail, 0, c) for c in range(5)] == [
        "day-in-life", "Daily life video set", "30 Jun 2025", "deletion due", "30 Jul 2025"]
    with qtbot.waitSignal(page.open_agreement) as opened:
        click(qtbot, page.open_agreement_button)
    assert opened.args == [ids.olddata]
    with qtbot.waitSignal(page.new_request) as asked:
        click(qtbot, page.request_deletion_button)
    assert asked.args == [RequestTarget(old_data, "erasure", agreement_id=ids.olddata,
                                        recording_ids=(ids.video,))]


def test_deletion_already_requested_cannot_be_requested_again(
        qtbot: QtBot, open_vault: Vault, ids: Ids, pool: QThreadPool) -> None:
    open_vault.requests.new("Old Data Co", "erasure", agreement=ids.olddata,
                            regime_id="us-state", sent_on=date(2026, 11, 1))
    page = make_page(qtbot, open_vault, pool)
    page.refresh()
    click_cell(qtbot, page, company_id(open_vault, "Old Data Co"), "video")
    assert text(page.detail, 0, 3) == "deletion requested"
    assert not page.request_deletion_button.isEnabled()
    assert "already" in page.request_deletion_button.toolTip()
    assert not [r for r in page.attention.rows() if r.item.kind == "deletion-due"]


def test_attention_actions_emit_the_right_signal(qtbot: QtBot, open_vault: Vault, ids: Ids,
                                                 pool: QThreadPool) -> None:
    overdue = open_vault.requests.new("VoiceBank AI", "access", sent_on=date(2026, 9, 1))
    page = make_page(qtbot, open_vault, pool)
    page.refresh()
    first, second = page.attention.rows()[:2]
    assert first.item.kind == "overdue-request" and first.button.text() == "Follow up"
    with qtbot.waitSignal(page.new_request) as asked:
        click(qtbot, first.button)
    assert asked.args == [RequestTarget(company_id(open_vault, "VoiceBank AI"), "follow-up",
                                        follow_up_of=overdue.id)]

    assert second.item.title == "Ask Old Data Co to delete your data"
    assert second.button.text() == "Request deletion"
    with qtbot.waitSignal(page.new_request) as asked:
        click(qtbot, second.button)
    assert asked.args == [RequestTarget(company_id(open_vault, "Old Data Co"), "erasure",
                                        agreement_id=ids.olddata, recording_ids=(ids.video,))]

    perpetual = next(r for r in page.attention.rows() if "forever" in r.item.detail)
    assert perpetual.button.text() == "Open agreement"
    with qtbot.waitSignal(page.open_agreement) as opened:
        click(qtbot, perpetual.button)
    assert opened.args == [ids.faceforge]

    advertising = next(r for r in page.attention.rows() if "advertising" in r.item.detail)
    with qtbot.waitSignal(page.open_company) as company:
        click(qtbot, advertising.button)
    assert company.args == [company_id(open_vault, "FaceForge Studios")]


def test_ending_soon_is_listed_and_opens_the_agreement(qtbot: QtBot, open_vault: Vault,
                                                       ids: Ids, pool: QThreadPool) -> None:
    page = make_page(qtbot, open_vault, pool, on=date(2026, 12, 10))
    page.refresh()
    row = row_titled(page, "ends in 21 days")
    with qtbot.waitSignal(page.open_agreement) as opened:
        click(qtbot, row.button)
    assert opened.args == [ids.voicebank]
    voice = page.matrix_model.cell_of(company_id(open_vault, "VoiceBank AI"), "voice")
    assert voice.data(Qt.ItemDataRole.DisplayRole) == "expiring (3)"


def test_risky_clauses_arrive_from_the_background(qtbot: QtBot, open_vault: Vault, ids: Ids,
                                                  tmp_path: Path, pool: QThreadPool) -> None:
    path = tmp_path / "voice-licence.pdf"
    path.write_bytes(make_pdf([["You grant the Company a perpetual licence to use your "
                                "voice recordings."]]))
    open_vault.documents.attach(ids.voicebank, path)
    page = make_page(qtbot, open_vault, pool)
    with qtbot.waitSignal(page.clauses_checked, timeout=20000) as checked:
        page.refresh()
        before = [r.item.kind for r in page.attention.rows()]
    assert "clause" not in before
    assert checked.args[0] >= 1
    clauses = [r for r in page.attention.rows() if r.item.kind == "clause"]
    assert len(clauses) == checked.args[0]
    assert any("voice-licence.pdf" in r.item.detail for r in clauses)
    with qtbot.waitSignal(page.open_agreement) as opened:
        click(qtbot, clauses[0].button)
    assert opened.args == [ids.voicebank]


def test_a_clause_check_that_ends_after_clear_shows_nothing(
        qtbot: QtBot, open_vault: Vault, ids: Ids, tmp_path: Path, pool: QThreadPool) -> None:
    path = tmp_path / "licence.pdf"
    path.write_bytes(make_pdf([["The rights granted continue in perpetuity."]]))
    open_vault.documents.attach(ids.voicebank, path)
    page = make_page(qtbot, open_vault, pool)
    page.refresh()
    assert page.clause_check_running()
    page.clear()
    pool.waitForDone()
    qtbot.waitUntil(lambda: not page.clause_check_running())  # answered late, dropped
    assert page.attention.items() == []


def test_timeline_lists_coming_dates_and_opens_them(qtbot: QtBot, open_vault: Vault,
                                                    ids: Ids, pool: QThreadPool) -> None:
    open_vault.reminders.add("Renew passport for the face scan", date(2026, 12, 5))
    open_vault.reminders.add("An old note", date(2026, 1, 5))
    request = open_vault.requests.new("VoiceBank AI", "access", sent_on=date(2026, 11, 10))
    page = make_page(qtbot, open_vault, pool)
    page.refresh()
    entries = [(e.day, e.kind) for e in page.timeline.entries()]
    assert entries == [(date(2026, 12, 5), "reminder"), (date(2026, 12, 10), "request-due"),
                       (date(2026, 12, 31), "agreement-ends")]
    assert text(page.timeline.table, 0, 1) == "in 13 days"
    with qtbot.waitSignal(page.open_request) as opened:
        page.timeline.table.cellDoubleClicked.emit(1, 2)
    assert opened.args == [request.id]
    with qtbot.waitSignal(page.open_agreement) as agreement:
        page.timeline.table.cellDoubleClicked.emit(2, 2)
    assert agreement.args == [ids.voicebank]


def test_earnings_chart_by_company_and_by_kind(qtbot: QtBot, open_vault: Vault, ids: Ids,
                                               pool: QThreadPool) -> None:
    page = make_page(qtbot, open_vault, pool)
    page.refresh()
    assert not page.earnings.is_empty()
    assert page.earnings.bar_totals() == {
        "Received (EUR)": {"FaceForge Studios": 0.0, "Old Data Co": 0.0, "VoiceBank AI": 150.0},
        "Received (USD)": {"FaceForge Studios": 20.0, "Old Data Co": 80.0, "VoiceBank AI": 0.0},
        "Expected (USD)": {"FaceForge Studios": 20.0, "Old Data Co": 0.0, "VoiceBank AI": 0.0},
    }
    page.earnings.set_grouping("kind")
    assert page.earnings.bar_totals()["Received (USD)"] == {"Voice": 0.0, "Video": 80.0,
                                                            "Face": 20.0}
    assert page.earnings.total_label.text() == ("Received: 150.00 EUR, 100.00 USD. "
                                                "Still expected: 20.00 USD.")


def test_no_payments_shows_a_hint_instead_of_an_empty_chart(
        qtbot: QtBot, open_vault: Vault, pool: QThreadPool) -> None:
    open_vault.companies.add("Gigly", country="US-CA")
    page = make_page(qtbot, open_vault, pool)
    page.refresh()
    assert page.stack.currentIndex() == 1
    assert page.earnings.is_empty() and page.earnings.bar_totals() == {}
    assert "No payments recorded yet" in page.earnings.hint.text()
    assert page.matrix_hint.isVisible() and not page.matrix.isVisible()
    assert page.attention.items() == [] and page.timeline.entries() == []


def test_empty_vault_shows_first_steps(qtbot: QtBot, open_vault: Vault,
                                       pool: QThreadPool) -> None:
    page = make_page(qtbot, open_vault, pool)
    page.refresh()
    assert page.stack.currentWidget() is page.first_steps and page.first_steps.isVisible()
    for words in ("Import your recordings", "Add the companies", "Add the agreement"):
        assert words in page.first_steps.text()


def test_clear_drops_every_displayed_value(qtbot: QtBot, open_vault: Vault, ids: Ids,
                                           pool: QThreadPool) -> None:
    open_vault.requests.new("VoiceBank AI", "access", sent_on=date(2026, 9, 1))
    page = make_page(qtbot, open_vault, pool)
    page.refresh()
    click_cell(qtbot, page, company_id(open_vault, "Old Data Co"), "video")
    assert page.shown_holdings() and page.attention.items() and page.timeline.entries()
    page.clear()
    assert page.matrix_model.rowCount() == 0 and page.shown_holdings() == []
    assert page.detail.rowCount() == 0 and page.attention.items() == []
    assert page.attention.rows() == [] and page.timeline.table.rowCount() == 0
    assert page.earnings.is_empty() and page.earnings.bar_totals() == {}
    assert page.earnings.total_label.text() == "" and page.date_note.text() == ""
    page.refresh()  # and it comes back after unlocking
    assert page.matrix_model.rowCount() == 3
