"""The guided request flow: from a company to a letter saved as PDF and e-mail, then sent."""

from __future__ import annotations

import email
import email.policy
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices, QGuiApplication
from PySide6.QtWidgets import QFileDialog, QWizard
from pytestqt.qtbot import QtBot

from tests.vault.realistic_vault import TODAY, Ids, populate
from ui.navigation import RequestTarget
from ui.profile_dialog import ProfileDialog
from ui.request_flow_dialog import LETTER_PAGE, SENT_PAGE, RequestFlowDialog
from ui.request_flow_state import RequestFlowState
from vault.services.profile import Profile
from vault.vault import Vault


@pytest.fixture
def ids(open_vault: Vault, tmp_path: Path) -> Ids:
    ids = populate(open_vault, tmp_path)
    open_vault.profile.update(name="Ana Kowalski", email="ana@example.org",
                              postal_address=None, country="DE", account_ids=())
    return ids


def flow(qtbot: QtBot, vault: Vault, target: RequestTarget) -> RequestFlowDialog:
    parent = vault.requests.get(target.follow_up_of) if target.follow_up_of else None
    state = RequestFlowState(target, vault.companies.get(target.company_id),
                             parent_request=parent)
    dialog = RequestFlowDialog(vault, state, lambda: TODAY)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def company_id(vault: Vault, name: str) -> str:
    return next(c.id for c in vault.companies.list() if c.name == name)


def save_to(monkeypatch: pytest.MonkeyPatch, path: Path) -> None:
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        lambda *_a, **_k: (str(path), ""))


def test_deletion_letter_saved_as_pdf_and_eml_then_marked_sent(
        qtbot: QtBot, open_vault: Vault, ids: Ids, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    target = RequestTarget(company_id(open_vault, "VoiceBank AI"), "erasure",
                           agreement_id=ids.voicebank)
    dialog = flow(qtbot, open_vault, target)
    choice = dialog.choice_page
    assert choice.regime_combo.currentData() == "gdpr"  # from the company's country
    assert choice.type_combo.currentData() == "erasure"
    assert choice.chosen_recordings()  # the agreement's recordings, ticked
    assert choice.isComplete()
    dialog.next()
    assert dialog.currentId() == LETTER_PAGE
    request = dialog.state.request
    assert request is not None and request.stored_status == "draft"
    letter = dialog.state.letter
    assert letter is not None and "Ana Kowalski" in letter.body
    assert "17" in dialog.letter_page.letter_view.toPlainText()  # Art. 17 GDPR is quoted
    pdf_path = tmp_path / "out" / "letter.pdf"
    pdf_path.parent.mkdir()
    save_to(monkeypatch, pdf_path)
    dialog.letter_page.save_file("pdf")
    text = " ".join(" ".join(page.extract_text().split()) for page in PdfReader(pdf_path).pages)
    assert "VoiceBank" in text and "Ana Kowalski" in text and "17" in text
    eml_path = tmp_path / "out" / "letter.eml"
    save_to(monkeypatch, eml_path)
    dialog.letter_page.save_file("eml")
    message = email.message_from_bytes(eml_path.read_bytes(), policy=email.policy.default)
    assert message["To"] == letter.to_address and message["Subject"] == letter.subject
    assert "Ana Kowalski" in message.get_content()
    kept = open_vault.requests.get(request.id).documents
    assert {name.rsplit(".", 1)[1] for _id, kind, name in kept if kind == "letter"} \
        == {"pdf", "eml"}
    pdf_id = dialog.state.kept["pdf"]
    assert open_vault.requests.read_document(pdf_id)[1] == pdf_path.read_bytes()
    dialog.next()
    assert dialog.currentId() == SENT_PAGE
    assert dialog.sent_page.channel_combo.currentData() == "email"  # the last way it went
    dialog.sent_page.sent_on.setDate(date(2026, 11, 20))
    dialog.accept()
    assert dialog.result() == QWizard.DialogCode.Accepted
    sent = open_vault.requests.get(request.id)
    assert (sent.stored_status, sent.sent_on, sent.channel) == ("sent", date(2026, 11, 20),
                                                                 "email")
    assert sent.deadlines is not None and sent.deadlines.due_nominal == date(2026, 12, 20)
    assert "marked as sent" in dialog.outcome().message


def test_mail_program_gets_a_mailto_link(qtbot: QtBot, open_vault: Vault, ids: Ids,
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    opened: list[QUrl] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url) or True)
    dialog = flow(qtbot, open_vault, RequestTarget(company_id(open_vault, "Gigly"), "access"))
    assert dialog.choice_page.regime_combo.currentData() == "ccpa"
    dialog.next()
    dialog.letter_page.open_in_mail_program()
    (url,) = opened
    assert url.scheme() == "mailto"
    letter = dialog.state.letter
    assert letter is not None and url.path() == letter.to_address
    encoded = url.toString(QUrl.ComponentFormattingOption.FullyEncoded)
    if "&body=" in encoded:
        assert "Ana" in QUrl.fromPercentEncoding(encoded.encode())
    else:  # too long for a link: the body went to the clipboard
        assert QGuiApplication.clipboard().text() == letter.body
    assert "txt" in dialog.state.kept


def test_copy_text_and_cancel_keeps_the_draft(qtbot: QtBot, open_vault: Vault, ids: Ids) -> None:
    dialog = flow(qtbot, open_vault, RequestTarget(company_id(open_vault, "Gigly"), "access"))
    dialog.next()
    dialog.letter_page.copy_text()
    assert QGuiApplication.clipboard().text() == dialog.state.letter.body  # type: ignore[union-attr]
    assert "clipboard" in dialog.letter_page.done_label.text()
    dialog.reject()
    outcome = dialog.outcome()
    assert outcome.request_id is not None and "draft" in outcome.message
    assert open_vault.requests.get(outcome.request_id).stored_status == "draft"


def test_cancel_before_anything_was_kept_leaves_no_request(qtbot: QtBot, open_vault: Vault,
                                                           ids: Ids) -> None:
    before = {r.id for r in open_vault.requests.list()}
    dialog = flow(qtbot, open_vault, RequestTarget(company_id(open_vault, "Gigly"), "access"))
    dialog.next()
    assert dialog.state.request is not None
    dialog.reject()
    assert dialog.outcome().request_id is None
    assert {r.id for r in open_vault.requests.list()} == before


def test_save_into_an_unwritable_folder_says_so(qtbot: QtBot, open_vault: Vault, ids: Ids,
                                                tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    dialog = flow(qtbot, open_vault, RequestTarget(company_id(open_vault, "Gigly"), "access"))
    dialog.next()
    save_to(monkeypatch, tmp_path / "missing-folder" / "letter.pdf")
    dialog.letter_page.save_file("pdf")
    assert dialog.letter_page.error_label.isVisibleTo(dialog)
    assert "was not saved" in dialog.letter_page.error_label.text()
    assert dialog.state.kept == {}  # nothing kept for a letter that did not leave


def test_without_your_details_the_flow_asks_for_them(qtbot: QtBot, open_vault: Vault,
                                                     tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    populate(open_vault, tmp_path)
    dialog = flow(qtbot, open_vault, RequestTarget(company_id(open_vault, "Gigly"), "access"))
    assert not dialog.choice_page.isComplete()
    assert dialog.choice_page.profile_button.isVisibleTo(dialog)

    def fill(profile: object, parent: object) -> Profile:
        return open_vault.profile.update(name="Ana", email="ana@example.org",
                                         postal_address=None, country=None, account_ids=())

    monkeypatch.setattr(ProfileDialog, "launch", fill)
    dialog.choice_page.edit_profile()
    assert dialog.choice_page.isComplete()


def test_follow_up_keeps_the_law_of_the_original(qtbot: QtBot, open_vault: Vault,
                                                 ids: Ids) -> None:
    original = open_vault.requests.new("VoiceBank AI", "erasure", sent_on=date(2026, 9, 1),
                                       channel="email")
    target = RequestTarget(original.company_id, "follow-up", follow_up_of=original.id)
    dialog = flow(qtbot, open_vault, target)
    assert not dialog.choice_page.regime_combo.isEnabled()
    assert dialog.choice_page.type_combo.currentData() == "follow-up"
    dialog.next()
    assert original.reference in dialog.state.letter.body  # type: ignore[union-attr]
    assert dialog.state.request is not None
    assert dialog.state.request.parent_id == original.id
