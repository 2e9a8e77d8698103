"""The requests page on a real vault: list, filter, search, deadlines, next actions, documents."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication, QLabel
from pytestqt.qtbot import QtBot

from tests.ui.test_requests_model import Made, make_requests
from tests.vault.realistic_vault import TODAY, populate
from ui.document_view_dialog import DocumentViewDialog
from ui.navigation import RequestTarget
from ui.reminders_model import day_words
from ui.request_update_dialog import RequestUpdateDialog
from ui.requests_model import KEY_ROLE
from ui.requests_page import EMPTY_HINT, NO_MATCH_HINT, RequestsPage
from vault.vault import Vault

SHOTS = Path("/tmp/reqhelper")


@pytest.fixture
def made(open_vault: Vault, tmp_path: Path) -> Made:
    return make_requests(open_vault, populate(open_vault, tmp_path))


@pytest.fixture
def page(qtbot: QtBot, open_vault: Vault, made: Made) -> RequestsPage:
    page = RequestsPage(open_vault.requests, today=lambda: TODAY)
    qtbot.addWidget(page)
    page.resize(1100, 700)
    page.refresh()
    return page


def shown_ids(page: RequestsPage) -> list[str]:
    return [page.proxy.index(r, 0).data(KEY_ROLE) for r in range(page.proxy.rowCount())]


def all_text(page: RequestsPage) -> str:
    return "\n".join(label.text() for label in page.detail.labels())


def test_lists_every_request(page: RequestsPage, made: Made) -> None:
    assert sorted(shown_ids(page)) == sorted(
        [made.overdue.id, made.waiting.id, made.refused.id, made.draft.id])
    assert shown_ids(page)[0] == made.draft.id  # not sent yet: on top


def test_filter_and_search(page: RequestsPage, made: Made) -> None:
    page.filter_box.setCurrentText("Needs action")
    assert sorted(shown_ids(page)) == sorted([made.overdue.id, made.refused.id])
    page.filter_box.setCurrentText("Closed")
    assert shown_ids(page) == []
    assert page.list_stack.currentWidget() is page.list_hint
    assert page.list_hint.text() == NO_MATCH_HINT
    page.filter_box.setCurrentText("Open")
    assert len(shown_ids(page)) == 4
    page.search_edit.setText("gigly")
    assert sorted(shown_ids(page)) == sorted([made.waiting.id, made.draft.id])
    page.search_edit.setText(made.refused.reference)
    assert shown_ids(page) == [made.refused.id]
    page.show_request(made.overdue.id)  # hidden by the search: the list opens up to show it
    assert page.selected_id() == made.overdue.id and page.search_edit.text() == ""


def test_selecting_shows_the_deadlines(page: RequestsPage, made: Made, qtbot: QtBot) -> None:
    page.show_request(made.overdue.id)
    assert page.selected_id() == made.overdue.id
    d = made.overdue.deadlines
    assert d is not None
    text = all_text(page)
    assert page.detail.title_label.text() == f"{made.overdue.reference} · Deletion"
    assert day_words(d.effective_due) in text and day_words(d.due_nominal) in text
    assert "1 September 2026" in text
    assert f"Overdue by {(TODAY - d.effective_due).days} days" in text
    assert d.rule_text in text or d.rule_text.replace("'", "&#x27;") in text
    if d.acknowledge_by is None:
        assert "Acknowledge by" not in text
    with qtbot.waitSignal(page.open_company) as company:
        page.detail.subtitle_label.linkActivated.emit(f"company:{made.overdue.company_id}")
    assert company.args == [made.overdue.company_id]


def test_overdue_offers_follow_up_and_complaint(page: RequestsPage, made: Made,
                                                 qtbot: QtBot) -> None:
    page.show_request(made.overdue.id)
    detail = page.detail
    assert not detail.follow_up_button.isHidden() and not detail.complaint_button.isHidden()
    assert detail.write_button.isHidden()
    with qtbot.waitSignal(page.new_request) as follow:
        detail.follow_up_button.click()
    assert follow.args == [RequestTarget(made.overdue.company_id, "follow-up",
                                         made.overdue.agreement_id, made.overdue.recording_ids,
                                         follow_up_of=made.overdue.id)]
    with qtbot.waitSignal(page.new_request) as complaint:
        detail.complaint_button.click()
    assert complaint.args[0].request_type == "complaint"
    assert complaint.args[0].follow_up_of == made.overdue.id


def test_next_actions_by_status(page: RequestsPage, made: Made, qtbot: QtBot) -> None:
    page.show_request(made.draft.id)
    assert not page.detail.write_button.isHidden()
    with qtbot.waitSignal(page.continue_draft) as draft:
        page.detail.write_button.click()
    assert draft.args == [made.draft.id]
    assert page.detail.reply_button.text() == "Already sent? Record it"
    page.show_request(made.waiting.id)
    assert not page.detail.reply_button.isHidden() and page.detail.follow_up_button.isHidden()
    page.show_request(made.refused.id)
    assert not page.detail.complaint_button.isHidden()
    assert "They say it is exempt" in all_text(page)


def test_documents_open_with_the_real_bytes(page: RequestsPage, made: Made,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    opened: list[tuple[str, bytes, str]] = []
    monkeypatch.setattr(DocumentViewDialog, "launch", staticmethod(
        lambda parent, name, data, media_type, *a: opened.append((name, data, media_type))))
    page.show_request(made.overdue.id)
    doc_id = made.overdue.documents[0][0]
    assert "deletion-letter.txt" in page.detail.documents_label.text()
    page.detail.documents_label.linkActivated.emit(f"document:{doc_id}")
    assert opened == [("deletion-letter.txt", b"Please delete my voice.", "text/plain")]


def test_update_refreshes_keeps_selection_and_tells(page: RequestsPage, made: Made,
                                                    open_vault: Vault, qtbot: QtBot,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    def fake_launch(parent: object, requests: object, request: object, today: object) -> object:
        return open_vault.requests.update(made.waiting.id, "acknowledged", TODAY)

    monkeypatch.setattr(RequestUpdateDialog, "launch", staticmethod(fake_launch))
    page.show_request(made.waiting.id)
    with qtbot.waitSignal(page.data_changed):
        page.detail.reply_button.click()
    assert page.selected_id() == made.waiting.id
    assert "Acknowledged" in page.detail.status_label.text()


def test_clear_drops_everything(page: RequestsPage, made: Made) -> None:
    page.show_request(made.overdue.id)
    page.clear()
    assert page.model.rowCount() == 0
    assert all(label.text() == "" for label in page.detail.labels())
    assert page.detail.request is None
    texts = [w.text() for w in page.findChildren(QLabel)]
    assert not any(made.overdue.reference in t or "VoiceBank" in t for t in texts)


def test_empty_vault_has_a_hint(qtbot: QtBot, open_vault: Vault) -> None:
    page = RequestsPage(open_vault.requests, today=lambda: TODAY)
    qtbot.addWidget(page)
    page.refresh()
    assert page.list_stack.currentWidget() is page.list_hint
    assert page.list_hint.text() == EMPTY_HINT
    with qtbot.waitSignal(page.choose_company_for_request):
        page.new_button.click()


def test_follow_up_links_back(page: RequestsPage, made: Made, open_vault: Vault,
                              qtbot: QtBot) -> None:
    follow = open_vault.requests.new("VoiceBank AI", "follow-up", parent=made.overdue.id,
                                     sent_on=TODAY)
    page.refresh()
    page.show_request(follow.id)
    assert made.overdue.reference in page.detail.subtitle_label.text()
    page.detail.subtitle_label.linkActivated.emit(f"request:{made.overdue.id}")
    assert page.selected_id() == made.overdue.id


def test_screenshot(page: RequestsPage, made: Made) -> None:
    SHOTS.mkdir(exist_ok=True)
    page.show_request(made.overdue.id)
    page.show()
    QApplication.processEvents()  # let the wrapped labels settle to their width
    page.grab().save(str(SHOTS / "requests_page.png"))
    page.show_request(made.draft.id)
    QApplication.processEvents()
    page.grab().save(str(SHOTS / "requests_draft.png"))
    page.show_request(made.refused.id)
    QApplication.processEvents()
    page.grab().save(str(SHOTS / "requests_refused.png"))
    assert (SHOTS / "requests_page.png").stat().st_size > 0


def test_finished_request_has_nothing_to_do(page: RequestsPage, made: Made,
                                            open_vault: Vault) -> None:
    open_vault.requests.update(made.waiting.id, "answered-complete", TODAY)
    page.refresh()
    page.show_request(made.waiting.id)
    assert "Nothing left to do" in page.detail.next_label.text()
    assert all(b.isHidden() for b in page.detail.action_buttons())
    page.filter_box.setCurrentText("Closed")
    assert shown_ids(page) == [made.waiting.id]
