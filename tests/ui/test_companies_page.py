"""The companies page against a real, populated vault, offscreen."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from tests.vault.realistic_vault import TODAY, Ids, populate
from ui.companies_page import EMPTY_HINT, NO_MATCH_HINT, NO_SELECTION_HINT, CompaniesPage
from ui.company_detail import NO_REQUESTS
from ui.company_dialog import CompanyDialog
from ui.navigation import RequestTarget
from vault.services.companies import CompanyInfo, CompanyService
from vault.vault import Vault

SHOTS = Path("/tmp/companies")


@pytest.fixture
def ids(open_vault: Vault, tmp_path: Path) -> Ids:
    return populate(open_vault, tmp_path)


def make_page(qtbot: QtBot, vault: Vault) -> CompaniesPage:
    page = CompaniesPage(vault.companies, vault.agreements, vault.insights, vault.requests,
                         today=lambda: TODAY)
    qtbot.addWidget(page)
    return page


@pytest.fixture
def page(qtbot: QtBot, open_vault: Vault, ids: Ids) -> CompaniesPage:
    return make_page(qtbot, open_vault)


def cell(page: CompaniesPage, row: int, column: int) -> str:
    item = page.table.item(row, column)
    assert item is not None
    return item.text()


def names(page: CompaniesPage) -> list[str]:
    return [cell(page, row, 0) for row in range(page.table.rowCount())
            if not page.table.isRowHidden(row)]


def cid(vault: Vault, name: str) -> str:
    return vault.companies.get(name).id


def save_shot(page: CompaniesPage, qtbot: QtBot, name: str) -> None:
    page.resize(1100, 700)
    page.show()
    qtbot.waitExposed(page)
    SHOTS.mkdir(exist_ok=True)
    assert page.grab().save(str(SHOTS / name))


def test_lists_and_searches_companies(qtbot: QtBot, page: CompaniesPage) -> None:
    assert names(page) == ["FaceForge Studios", "Gigly", "Old Data Co", "VoiceBank AI"]
    assert cell(page, 3, 1) == "DE"
    assert page.right.currentWidget() is page.no_selection_label
    assert page.no_selection_label.text() == NO_SELECTION_HINT
    assert not page.edit_button.isEnabled() and not page.erasure_button.isEnabled()
    page.search_edit.setText("gigly.example")  # the privacy e-mail is searched too
    assert names(page) == ["Gigly"]
    page.search_edit.setText("nobody")
    assert names(page) == [] and page.list_hint.text() == NO_MATCH_HINT
    page.search_edit.clear()
    assert len(names(page)) == 4
    save_shot(page, qtbot, "page-no-selection.png")


def test_empty_vault_has_a_hint(qtbot: QtBot, open_vault: Vault) -> None:
    page = make_page(qtbot, open_vault)
    page.show()
    qtbot.waitExposed(page)
    assert page.list_hint.isVisible() and not page.table.isVisible()
    assert page.list_hint.text() == EMPTY_HINT
    save_shot(page, qtbot, "page-empty.png")


def test_detail_for_germany_shows_law_authority_chain_and_holdings(
        qtbot: QtBot, page: CompaniesPage, open_vault: Vault, ids: Ids) -> None:
    assert page.show_company(cid(open_vault, "VoiceBank AI"))
    detail = page.detail
    assert page.right.currentIndex() == 1 and page.edit_button.isEnabled()
    assert detail.title_label.text() == "VoiceBank AI"
    contact = detail.contact_label.text()
    assert "Germany (DE)" in contact and "dpo@voicebank.example" in contact
    authority = detail.authority_label.text()
    assert "EU General Data Protection Regulation" in authority
    assert "Die Bundesbeauftragte für den Datenschutz" in authority
    assert "poststelle@bfdi.bund.de" in authority and "Bonn" in authority
    assert "authority of their Land" in authority  # the directory's own note
    assert "You → Gigly → VoiceBank AI" in detail.chain_label.text()
    assert "Voice data licence" in detail.agreements_label.text()
    assert "<b>active</b> until 31 Dec 2026" in detail.agreements_label.text()
    holdings = detail.holdings_label.text()
    for title in ("take-1", "take-2", "take-3", "face-scan"):
        assert title in holdings
    assert "day-in-life" not in holdings
    assert "150.00 EUR received" in detail.payments_label.text()
    assert detail.requests_label.text() == f"<i>{NO_REQUESTS}</i>"
    save_shot(page, qtbot, "page-voicebank.png")


def test_detail_for_britain_names_the_ico_and_the_platform_its_brokered_deals(
        qtbot: QtBot, page: CompaniesPage, open_vault: Vault) -> None:
    page.show_company(cid(open_vault, "FaceForge Studios"))
    authority = page.detail.authority_label.text()
    assert "UK GDPR and Data Protection Act 2018" in authority
    assert "The Information Commissioner’s Office" in authority and "Wilmslow" in authority
    assert "<b>active</b> (no end date)" in page.detail.agreements_label.text()
    payments = page.detail.payments_label.text()
    assert "20.00 USD expected" in payments and "Still expected" in payments
    page.show_company(cid(open_vault, "Gigly"))
    assert "You → Gigly → VoiceBank AI" in page.detail.chain_label.text()
    assert "California Privacy Protection Agency" in page.detail.authority_label.text()
    page.show_company(cid(open_vault, "Old Data Co"))
    assert "no general privacy law" in page.detail.authority_label.text()
    assert "<b>ended</b>" in page.detail.agreements_label.text()


def test_requests_show_with_status_and_open_by_link(qtbot: QtBot, page: CompaniesPage,
                                                    open_vault: Vault, ids: Ids) -> None:
    request = open_vault.requests.new("VoiceBank AI", "erasure", agreement=ids.voicebank,
                                      sent_on=date(2026, 9, 1), channel="email")
    page.refresh()
    page.show_company(cid(open_vault, "VoiceBank AI"))
    text = page.detail.requests_label.text()
    assert request.reference in text and "erasure" in text
    assert f"<b>{request.status_on(TODAY)}</b>" in text and request.status_on(TODAY) == "overdue"
    with qtbot.waitSignal(page.open_request) as blocker:
        page.detail.requests_label.linkActivated.emit(f"request:{request.id}")
    assert blocker.args == [request.id]
    with qtbot.waitSignal(page.open_agreement) as blocker:
        page.detail.agreements_label.linkActivated.emit(f"agreement:{ids.voicebank}")
    assert blocker.args == [ids.voicebank]
    save_shot(page, qtbot, "page-voicebank-with-request.png")


def test_request_buttons_emit_the_target(qtbot: QtBot, page: CompaniesPage,
                                         open_vault: Vault) -> None:
    gigly = cid(open_vault, "Gigly")
    page.show_company(gigly)
    with qtbot.waitSignal(page.new_request) as blocker:
        page.erasure_button.click()
    assert blocker.args == [RequestTarget(gigly, "erasure")]
    with qtbot.waitSignal(page.new_request) as blocker:
        page.access_button.click()
    assert blocker.args == [RequestTarget(gigly, "access")]


def test_new_company_through_the_dialog(qtbot: QtBot, page: CompaniesPage, open_vault: Vault,
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    def fill_and_save(companies: CompanyService, company: CompanyInfo | None,
                      parent: object) -> CompanyInfo | None:
        assert company is None
        dialog = CompanyDialog(companies, company)
        qtbot.addWidget(dialog)
        dialog.set_value("name", "Clipworks")
        dialog.set_value("country", "FR")
        dialog.accept()
        return dialog.saved

    monkeypatch.setattr(CompanyDialog, "launch", fill_and_save)
    with qtbot.waitSignal(page.data_changed):
        page.new_button.click()
    assert "Clipworks" in names(page)
    assert open_vault.companies.get("Clipworks").country == "FR"
    assert page.detail.title_label.text() == "Clipworks"  # the new one is selected
    assert "CNIL" in page.detail.authority_label.text()


def test_bad_input_in_the_dialog_stores_nothing(qtbot: QtBot, page: CompaniesPage,
                                                open_vault: Vault,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    shown: list[str] = []

    def try_bad_email(companies: CompanyService, company: CompanyInfo | None,
                      parent: object) -> CompanyInfo | None:
        dialog = CompanyDialog(companies, company)
        qtbot.addWidget(dialog)
        dialog.set_value("privacy_email", "not an address")
        dialog.accept()
        shown.append(dialog.error_label.text())
        dialog.reject()  # the person gives up
        return dialog.saved

    before = open_vault.companies.get("Gigly")
    monkeypatch.setattr(CompanyDialog, "launch", try_bad_email)
    page.show_company(before.id)
    with qtbot.assertNotEmitted(page.data_changed):
        page.edit_button.click()
    assert shown == ["'not an address' is not an e-mail address."]
    assert open_vault.companies.get(before.id) == before


def test_edit_updates_list_and_detail(qtbot: QtBot, page: CompaniesPage, open_vault: Vault,
                                      monkeypatch: pytest.MonkeyPatch) -> None:
    def rename(companies: CompanyService, company: CompanyInfo | None,
               parent: object) -> CompanyInfo | None:
        assert company is not None and company.name == "Old Data Co"
        return companies.update(company.id, name="Old Data Company", country="GB")

    monkeypatch.setattr(CompanyDialog, "launch", rename)
    page.show_company(cid(open_vault, "Old Data Co"))
    with qtbot.waitSignal(page.data_changed):
        page.edit_button.click()
    assert "Old Data Company" in names(page) and "Old Data Co" not in names(page)
    assert page.detail.title_label.text() == "Old Data Company"
    assert "Information Commissioner" in page.detail.authority_label.text()


def test_remove_a_platform_after_confirming(qtbot: QtBot, page: CompaniesPage,
                                            open_vault: Vault, ids: Ids,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    asked: list[str] = []

    def answer(parent: object, title: str, text: str, *args: object) -> object:
        asked.append(text)
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "question", answer)
    page.show_company(cid(open_vault, "Gigly"))
    with qtbot.waitSignal(page.data_changed):
        page.remove_button.click()
    assert asked == ["Remove Gigly from the vault? 1 agreement made through it (Voice data "
                     "licence with VoiceBank AI) will be kept but will no longer name it as "
                     "the platform."]
    assert "Gigly" not in names(page)
    assert [c.name for c in open_vault.companies.list()] == [
        "FaceForge Studios", "Old Data Co", "VoiceBank AI"]
    assert open_vault.agreements.get(ids.voicebank).via_company_id is None
    assert page.right.currentIndex() == 0


def test_remove_cancelled_keeps_the_company(qtbot: QtBot, page: CompaniesPage,
                                            open_vault: Vault,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(QMessageBox, "question",
                        lambda *args: QMessageBox.StandardButton.Cancel)
    page.show_company(cid(open_vault, "Gigly"))
    with qtbot.assertNotEmitted(page.data_changed):
        page.remove_button.click()
    assert len(open_vault.companies.list()) == 4 and "Gigly" in names(page)


def test_remove_is_refused_while_agreements_or_requests_refer_to_it(
        qtbot: QtBot, page: CompaniesPage, open_vault: Vault,
        monkeypatch: pytest.MonkeyPatch) -> None:
    told: list[str] = []
    monkeypatch.setattr(QMessageBox, "information",
                        lambda parent, title, text, *a: told.append(text))
    monkeypatch.setattr(QMessageBox, "question", lambda *a: pytest.fail("must not ask"))
    request = open_vault.requests.new("FaceForge Studios", "access")
    page.show_company(cid(open_vault, "FaceForge Studios"))
    page.remove_button.click()
    assert told == [f"FaceForge Studios cannot be removed while the vault keeps 1 agreement "
                    f"(Likeness release) and 1 request ({request.reference}) about it. Remove "
                    "the agreements first; requests stay as your record, so a company you "
                    "wrote to stays too."]
    assert len(open_vault.companies.list()) == 4
    assert page.detail.title_label.text() == "FaceForge Studios"


def test_clear_drops_everything_shown(qtbot: QtBot, page: CompaniesPage,
                                      open_vault: Vault) -> None:
    page.show_company(cid(open_vault, "VoiceBank AI"))
    page.search_edit.setText("voice")
    page.clear()
    assert page.table.rowCount() == 0 and page.search_edit.text() == ""
    assert all(label.text() == "" for label in page.detail.labels())
    assert page.right.currentIndex() == 0 and not page.remove_button.isEnabled()
    page.refresh()
    assert len(names(page)) == 4
