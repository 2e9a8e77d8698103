"""The agreements page over a real vault: list with status today, detail with findings
(including clauses read from an attached document in the background), create, edit,
remove, payments, documents and the deletion request."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import QDate, QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from tests.vault.realistic_vault import TODAY, Ids, populate
from ui.agreement_editor import AgreementChoice, AgreementEditor, SaveAgreement
from ui.agreements_page import EMPTY_HINT, AgreementsPage
from ui.document_view_dialog import DocumentViewDialog
from ui.findings_list import OPEN_LINK
from ui.navigation import RequestTarget
from ui.payment_dialog import PaymentDialog, PaymentEntry, SavePayment
from vault.analysis.findings import TERM_EXPLANATIONS
from vault.services.agreements import AgreementInfo
from vault.services.companies import CompanyInfo
from vault.services.recordings import RecordingInfo
from vault.vault import Vault

RISKY_TEXT = ("LIKENESS RELEASE\n\n1. The Contributor grants the Company a perpetual, "
              "irrevocable licence to the Recordings.\n\n2. The Company pays 20 USD.\n")


def make_page(vault: Vault, qtbot: QtBot) -> AgreementsPage:
    page = AgreementsPage(vault.agreements, vault.companies, vault.recordings, vault.documents,
                          vault.insights, today=lambda: TODAY,
                          remove_agreement=vault.remove_agreement,
                          deletion_events=vault.requests.deletion_events)
    qtbot.addWidget(page)
    page.resize(1100, 700)
    return page


@pytest.fixture
def populated(open_vault: Vault, tmp_path: Path) -> Ids:
    return populate(open_vault, tmp_path)


def cell(page: AgreementsPage, row: int, column: int) -> str:
    item = page.table.item(row, column)
    assert item is not None
    return item.text()


def table_titles(page: AgreementsPage) -> list[str]:
    return [cell(page, r, 1) for r in range(page.table.rowCount())]


def test_list_shows_status_today_and_detail_findings(qtbot: QtBot, open_vault: Vault,
                                                     populated: Ids) -> None:
    page = make_page(open_vault, qtbot)
    assert sorted(table_titles(page)) == ["Daily life video set", "Likeness release",
                                          "Voice data licence"]
    rows = {cell(page, r, 1): (cell(page, r, 2), cell(page, r, 3))
            for r in range(page.table.rowCount())}
    assert rows["Likeness release"] == ("Active", "Never (perpetual)")
    assert rows["Daily life video set"][0] == "Ended"
    assert rows["Voice data licence"] == ("Active", "31 Dec 2026")
    assert page.show_agreement(populated.faceforge)
    texts = page.detail.findings.texts()
    assert any(TERM_EXPLANATIONS["perpetual"] in t for t in texts)
    assert any(TERM_EXPLANATIONS["irrevocable"] in t for t in texts)
    assert any("advertising" in t.lower() for t in texts)  # the observed use out of scope
    summary = page.detail.summary_label.text()
    assert "You cannot take your permission back" in summary
    assert "Never: it is perpetual" in summary
    assert page.detail.payments.model.rowCount() == 2
    page.show()
    qtbot.waitExposed(page)
    page.grab().save("/tmp/agreements/page.png")


def test_empty_vault_has_a_hint(qtbot: QtBot, open_vault: Vault) -> None:
    page = make_page(open_vault, qtbot)
    assert page.table.rowCount() == 0
    assert not page.list_hint.isHidden() and page.list_hint.text() == EMPTY_HINT
    assert not page.edit_button.isEnabled()
    page.grab().save("/tmp/agreements/page_empty.png")


def test_create_agreement_with_flags_shown(qtbot: QtBot, open_vault: Vault, populated: Ids,
                                           tmp_path: Path,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    def fill_and_save(parent: QWidget | None, companies: Sequence[CompanyInfo],
                  recordings: Sequence[RecordingInfo], existing: AgreementInfo | None = None,
                  save: SaveAgreement | None = None,
                  today: date | None = None) -> AgreementChoice | None:
        # The real dialog, driven through its widgets as a person would.
        dialog = AgreementEditor(companies, recordings, existing, save, today)
        qtbot.addWidget(dialog)
        dialog.title_edit.setText("Clone everything")
        dialog.company_combo.setCurrentIndex(dialog.company_combo.findText("FaceForge Studios"))
        dialog.signed_edit.setDate(QDate(2026, 2, 1))
        dialog.perpetual_radio.setChecked(True)
        dialog.revocable_combo.setCurrentIndex(dialog.revocable_combo.findData("no"))
        dialog.use_boxes["synthetic-replica"].setChecked(True)
        dialog.kind_boxes["face"].setChecked(True)
        dialog.picker.set_checked(populated.face, True)
        dialog.accept()
        return dialog.choice

    monkeypatch.setattr(AgreementEditor, "launch", staticmethod(fill_and_save))
    page = make_page(open_vault, qtbot)
    with qtbot.waitSignal(page.data_changed):
        page.create_agreement()
    created = next(a for a in open_vault.agreements.list()
                   if a.terms.title == "Clone everything")
    assert page.selected_id() == created.id
    texts = page.detail.findings.texts()
    for kind in ("perpetual", "irrevocable", "synthetic-replica"):
        assert any(TERM_EXPLANATIONS[kind] in t for t in texts), kind
    assert not any("Lasts forever" in t for t in texts)

    contract = tmp_path / "clone-terms.txt"
    contract.write_text(RISKY_TEXT, encoding="utf-8")
    page.attach_paths([contract])
    assert [d.original_name for d in open_vault.agreements.get(created.id).documents] == [
        "clone-terms.txt"]
    assert any("clone-terms.txt" in name for name in page.detail.document_names())
    qtbot.waitUntil(lambda: any("(in clone-terms.txt)" in t
                                for t in page.detail.findings.texts()), timeout=10000)
    assert not page.analysis_running()
    assert page.detail.analysing_label.isHidden()
    page.grab().save("/tmp/agreements/page_created.png")
    bar = page.detail.verticalScrollBar()
    bar.setValue(bar.maximum())
    page.grab().save("/tmp/agreements/page_created_bottom.png")


def test_bad_terms_keep_the_dialog_open_and_store_nothing(
        qtbot: QtBot, open_vault: Vault, populated: Ids,
        monkeypatch: pytest.MonkeyPatch) -> None:
    errors: list[str] = []

    def backwards(parent: QWidget | None, companies: Sequence[CompanyInfo],
                  recordings: Sequence[RecordingInfo], existing: AgreementInfo | None = None,
                  save: SaveAgreement | None = None,
                  today: date | None = None) -> AgreementChoice | None:
        dialog = AgreementEditor(companies, recordings, existing, save, today)
        qtbot.addWidget(dialog)
        dialog.signed_edit.setDate(QDate(2026, 5, 1))
        dialog.ends_edit.setDate(QDate(2026, 1, 1))
        dialog.accept()
        errors.append(dialog.error_label.text())
        return dialog.choice

    monkeypatch.setattr(AgreementEditor, "launch", staticmethod(backwards))
    page = make_page(open_vault, qtbot)
    before = open_vault.agreements.list()
    page.show_agreement(populated.olddata)
    page.edit_selected()
    assert errors == ["The agreement ends (2026-01-01) before it starts (2026-05-01)."]
    assert open_vault.agreements.list() == before


def test_edit_changes_terms_and_covered_recordings(qtbot: QtBot, open_vault: Vault,
                                                   populated: Ids,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    def change(parent: QWidget | None, companies: Sequence[CompanyInfo],
                  recordings: Sequence[RecordingInfo], existing: AgreementInfo | None = None,
                  save: SaveAgreement | None = None,
                  today: date | None = None) -> AgreementChoice | None:
        dialog = AgreementEditor(companies, recordings, existing, save, today)
        qtbot.addWidget(dialog)
        dialog.ends_edit.setDate(QDate(2027, 6, 30))
        dialog.picker.set_checked(populated.face, False)
        dialog.accept()
        return dialog.choice

    monkeypatch.setattr(AgreementEditor, "launch", staticmethod(change))
    page = make_page(open_vault, qtbot)
    page.show_agreement(populated.voicebank)
    with qtbot.waitSignal(page.data_changed):
        page.edit_selected()
    stored = open_vault.agreements.get(populated.voicebank)
    assert stored.terms.ends_on == date(2027, 6, 30)
    assert populated.face not in {r.recording_id for r in stored.recordings}
    assert len(stored.recordings) == 3
    assert stored.via_company_name == "Gigly" and stored.terms.reference == "GIG-2291"
    assert page.selected_id() == populated.voicebank
    assert "30 Jun 2027" in page.detail.summary_label.text()


def test_remove_asks_first(qtbot: QtBot, open_vault: Vault, populated: Ids,
                           monkeypatch: pytest.MonkeyPatch) -> None:
    page = make_page(open_vault, qtbot)
    answer = [QMessageBox.StandardButton.Cancel]
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: answer[0])
    page.show_agreement(populated.olddata)
    page.remove_selected()
    assert len(open_vault.agreements.list()) == 3
    answer[0] = QMessageBox.StandardButton.Yes
    with qtbot.waitSignal(page.data_changed):
        page.remove_selected()
    assert populated.olddata not in {a.id for a in open_vault.agreements.list()}
    assert "Daily life video set" not in table_titles(page)
    assert page.right.currentIndex() == 0


def test_request_deletion_names_agreement_and_recordings(qtbot: QtBot, open_vault: Vault,
                                                         populated: Ids) -> None:
    page = make_page(open_vault, qtbot)
    page.show_agreement(populated.faceforge)
    with qtbot.waitSignal(page.new_request) as blocker:
        page.erasure_button.click()
    target = blocker.args[0]
    assert target == RequestTarget(open_vault.agreements.get(populated.faceforge).company_id,
                                   "erasure", agreement_id=populated.faceforge,
                                   recording_ids=(populated.face,))


def test_add_payment_updates_ledger_and_bad_amount_stores_nothing(
        qtbot: QtBot, open_vault: Vault, populated: Ids,
        monkeypatch: pytest.MonkeyPatch) -> None:
    shown: list[str] = []

    def pay(parent: QWidget | None, save: SavePayment, today: date,
            currency: str = "") -> PaymentEntry | None:
        dialog = PaymentDialog(save, today, currency)
        qtbot.addWidget(dialog)
        dialog.amount_edit.setText("ten")
        dialog.accept()
        shown.append(dialog.error_label.text())
        dialog.amount_edit.setText("35")
        dialog.received_box.setChecked(False)
        dialog.accept()
        return dialog.entry

    monkeypatch.setattr(PaymentDialog, "launch", staticmethod(pay))
    page = make_page(open_vault, qtbot)
    page.show_agreement(populated.voicebank)
    assert page.detail.payments.model.rowCount() == 1
    page.detail.payments.add_button.click()
    assert shown == ["'ten' is not an amount of money."]
    payments = open_vault.agreements.get(populated.voicebank).payments
    assert [(p.amount, p.currency, p.status) for p in payments] == [
        ("150.00", "EUR", "received"), ("35.00", "EUR", "expected")]
    assert page.detail.payments.model.rowCount() == 2
    assert page.detail.payments.totals_label.text() == (
        "Received 150.00 EUR · still expected 35.00 EUR")


def test_open_document_passes_bytes_and_flags(qtbot: QtBot, open_vault: Vault,
                                              populated: Ids, tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    opened: list[tuple[str, bytes, str, list[str]]] = []
    monkeypatch.setattr(DocumentViewDialog, "launch", staticmethod(
        lambda parent, name, data, media_type, flags, text=None:
        opened.append((name, data, media_type, [f.kind for f in flags]))))
    contract = tmp_path / "release.txt"
    contract.write_text(RISKY_TEXT, encoding="utf-8")
    document = open_vault.documents.attach(populated.faceforge, contract)
    page = make_page(open_vault, qtbot)
    page.show_agreement(populated.faceforge)
    qtbot.waitUntil(lambda: not page.analysis_running())
    page.open_document(document.id)
    expected = ("release.txt", RISKY_TEXT.encode(), "text/plain", ["perpetual", "irrevocable"])
    assert opened == [expected]
    # The link under a clause finding opens the same document.
    linked = [label for label in page.detail.findings.labels if OPEN_LINK in label.text()]
    assert len(linked) == 2
    linked[0].linkActivated.emit(document.id)
    assert opened == [expected, expected]


def test_clear_drops_everything(qtbot: QtBot, open_vault: Vault, populated: Ids) -> None:
    page = make_page(open_vault, qtbot)
    page.show_agreement(populated.faceforge)
    page.clear()
    assert page.table.rowCount() == 0
    assert page.detail.findings.texts() == []
    assert page.detail.summary_label.text() == ""
    assert page.detail.payments.model.rowCount() == 0
    assert page.right.currentIndex() == 0


def test_files_dropped_on_documents_are_attached(qtbot: QtBot, open_vault: Vault,
                                                 populated: Ids, tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    warnings: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text: warnings.append(
        text))
    good = tmp_path / "terms-snapshot.txt"
    good.write_text("The Company may use the Recordings for research.", encoding="utf-8")
    missing = tmp_path / "gone.pdf"
    page = make_page(open_vault, qtbot)
    page.show_agreement(populated.olddata)
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(good)), QUrl.fromLocalFile(str(missing))])
    drop = QDropEvent(QPointF(5, 5), Qt.DropAction.CopyAction, mime,
                      Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    page.detail.documents.dropEvent(drop)
    names = [d.original_name for d in open_vault.agreements.get(populated.olddata).documents]
    assert names == ["terms-snapshot.txt"]
    assert len(warnings) == 1 and warnings[0].startswith("gone.pdf: ")
    assert any("terms-snapshot.txt" in n for n in page.detail.document_names())


def test_company_and_recording_links_emit_their_ids(qtbot: QtBot, open_vault: Vault,
                                                    populated: Ids) -> None:
    page = make_page(open_vault, qtbot)
    page.show_agreement(populated.faceforge)
    with qtbot.waitSignal(page.open_company) as company:
        page.detail.company_button.click()
    assert company.args == [open_vault.agreements.get(populated.faceforge).company_id]
    with qtbot.waitSignal(page.open_recording) as recording:
        page.detail.recordings.itemActivated.emit(page.detail.recordings.item(0))
    assert recording.args == [populated.face]
