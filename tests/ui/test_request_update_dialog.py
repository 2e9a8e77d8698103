"""Recording what happened with a request, on a real vault: sent, acknowledged, answered."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QDate
from PySide6.QtWidgets import QApplication, QFileDialog
from pytestqt.qtbot import QtBot

from tests.ui.test_requests_model import Made, make_requests
from tests.vault.realistic_vault import TODAY, populate
from ui.request_update_dialog import RequestUpdateDialog
from vault.services.requests import RequestInfo
from vault.vault import Vault

SHOTS = Path("/tmp/reqhelper")


@pytest.fixture
def made(open_vault: Vault, tmp_path: Path) -> Made:
    return make_requests(open_vault, populate(open_vault, tmp_path))


def dialog_for(qtbot: QtBot, vault: Vault, request: RequestInfo) -> RequestUpdateDialog:
    dialog = RequestUpdateDialog(vault.requests, vault.requests.get(request.id), TODAY)
    qtbot.addWidget(dialog)
    return dialog


def choose(dialog: RequestUpdateDialog, status: str) -> None:
    index = dialog.status_box.findData(status)
    assert index >= 0, f"{status} not offered"
    dialog.status_box.setCurrentIndex(index)


def qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def test_draft_offers_only_sent_and_post_estimates_receipt(qtbot: QtBot, open_vault: Vault,
                                                           made: Made) -> None:
    dialog = dialog_for(qtbot, open_vault, made.draft)
    assert [dialog.status_box.itemData(i) for i in range(dialog.status_box.count())] == ["sent"]
    dialog.channel_box.setCurrentIndex(dialog.channel_box.findData("post"))
    dialog.show()
    assert dialog.received_edit.isVisible()
    SHOTS.mkdir(exist_ok=True)
    QApplication.processEvents()
    dialog.grab().save(str(SHOTS / "update_draft.png"))
    dialog.save()
    assert dialog.result() == RequestUpdateDialog.DialogCode.Accepted
    stored = open_vault.requests.get(made.draft.id)
    assert stored.stored_status == "sent" and stored.sent_on == TODAY
    assert stored.channel == "post"
    assert stored.received_estimated and stored.received_on is not None
    assert stored.received_on == TODAY  # counted from sending, and said to be an estimate


def test_post_with_a_known_receipt_date(qtbot: QtBot, open_vault: Vault, made: Made) -> None:
    dialog = dialog_for(qtbot, open_vault, made.draft)
    dialog.channel_box.setCurrentIndex(dialog.channel_box.findData("post"))
    dialog.received_edit.setDate(qdate(TODAY + timedelta(days=3)))
    dialog.save()
    stored = open_vault.requests.get(made.draft.id)
    assert stored.received_on == TODAY + timedelta(days=3) and not stored.received_estimated
    assert stored.deadlines is not None and stored.deadlines.received_on == stored.received_on


def test_acknowledged(qtbot: QtBot, open_vault: Vault, made: Made) -> None:
    dialog = dialog_for(qtbot, open_vault, made.waiting)
    assert dialog.status_box.findData("draft") < 0 and dialog.status_box.findData("sent") < 0
    choose(dialog, "acknowledged")
    dialog.reference_edit.setText("TICKET-77")
    dialog.save()
    stored = open_vault.requests.get(made.waiting.id)
    assert stored.stored_status == "acknowledged" and stored.company_reference == "TICKET-77"
    assert stored.history[-1].event == "acknowledged" and stored.history[-1].on == TODAY


def test_answered_with_their_reply_attached(qtbot: QtBot, open_vault: Vault, made: Made,
                                            tmp_path: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    reply = tmp_path / "their-reply.txt"
    reply.write_bytes(b"We have deleted your voice recordings.")
    monkeypatch.setattr(QFileDialog, "getOpenFileName",
                        staticmethod(lambda *args, **kwargs: (str(reply), "")))
    dialog = dialog_for(qtbot, open_vault, made.overdue)
    choose(dialog, "answered-complete")
    dialog.attach_button.click()
    assert dialog.attach_label.text() == "their-reply.txt"
    dialog.note_edit.setText("All deleted")
    dialog.save()
    stored = open_vault.requests.get(made.overdue.id)
    assert stored.stored_status == "answered-complete"
    assert stored.status_on(TODAY) == "answered-complete"
    replies = [d for d in stored.documents if d[1] == "reply"]
    assert len(replies) == 1 and replies[0][2] == "their-reply.txt"
    assert open_vault.requests.read_document(replies[0][0]) == (
        "their-reply.txt", b"We have deleted your voice recordings.")
    assert stored.history[-1].note == "All deleted"
    assert stored.history[-1].document_id == replies[0][0]


def test_date_before_sent_is_refused(qtbot: QtBot, open_vault: Vault, made: Made) -> None:
    dialog = dialog_for(qtbot, open_vault, made.waiting)
    choose(dialog, "acknowledged")
    assert made.waiting.sent_on is not None
    dialog.date_edit.setDate(qdate(made.waiting.sent_on - timedelta(days=1)))
    dialog.save()
    assert dialog.result() != RequestUpdateDialog.DialogCode.Accepted
    assert not dialog.error_label.isHidden()
    assert "before the request was sent" in dialog.error_label.text()
    assert dialog.error_label.text().count(".") == 1
    stored = open_vault.requests.get(made.waiting.id)
    assert stored.stored_status == "sent" and stored.history == made.waiting.history


def test_service_error_is_shown_and_nothing_stored(qtbot: QtBot, open_vault: Vault,
                                                   made: Made, tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    missing = tmp_path / "gone.pdf"  # chosen, then deleted before saving
    monkeypatch.setattr(QFileDialog, "getOpenFileName",
                        staticmethod(lambda *args, **kwargs: (str(missing), "")))
    dialog = dialog_for(qtbot, open_vault, made.waiting)
    choose(dialog, "refused")
    dialog.attach_button.click()
    dialog.save()
    assert not dialog.error_label.isHidden() and dialog.error_label.text()
    assert dialog.result_info is None
    stored = open_vault.requests.get(made.waiting.id)
    assert stored.stored_status == "sent" and stored.documents == made.waiting.documents


def test_cancel_changes_nothing(qtbot: QtBot, open_vault: Vault, made: Made,
                                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(RequestUpdateDialog, "exec", lambda self: self.reject() or 0)
    assert RequestUpdateDialog.launch(None, open_vault.requests, made.waiting, TODAY) is None
    assert open_vault.requests.get(made.waiting.id).history == made.waiting.history
