"""Requests from draft to closed, their deadlines, the holdings loop, reminders and .ics."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from icalendar import Calendar

from tests.vault.realistic_vault import TODAY, Ids, populate
from vault.errors import InvalidInputError
from vault.services.calendar_export import reminders_to_ics
from vault.vault import Vault


@pytest.fixture
def ids(open_vault: Vault, tmp_path: Path) -> Ids:
    return populate(open_vault, tmp_path)


def test_gdpr_erasure_deadlines_and_history(open_vault: Vault, ids: Ids) -> None:
    # VoiceBank is in Germany: GDPR, one calendar month, rolled to a German working day.
    req = open_vault.requests.new("VoiceBank AI", "erasure", recordings=[ids.voice1],
                                  agreement=ids.voicebank, sent_on=date(2026, 1, 31),
                                  channel="email")
    assert req.regime == "gdpr" and req.reference == "HF-2026-0001"
    assert req.deadlines is not None
    assert req.deadlines.due_nominal == date(2026, 2, 28)  # clamped to the month's end
    assert req.deadlines.due == date(2026, 3, 2)  # Saturday 28 Feb -> Monday 2 March
    assert req.deadlines.due_extended_max == date(2026, 4, 30)
    assert req.deadlines.acknowledge_by is None
    data = req.to_json(date(2026, 2, 10))
    assert data["status"] == "sent" and data["due"] == "2026-03-02"
    assert [h["event"] for h in data["history"]] == ["sent"]
    assert req.to_json(date(2026, 3, 3))["status"] == "overdue"
    extended = open_vault.requests.update(req.id, "extended", date(2026, 2, 20),
                                          note="They need more time")
    assert extended.status_on(date(2026, 3, 3)) == "extended"
    assert extended.status_on(date(2026, 5, 1)) == "overdue"
    done = open_vault.requests.update(req.id, "answered-complete", date(2026, 4, 1))
    assert [h.event for h in done.history] == ["sent", "extension-notified",
                                               "answered-complete"]


def test_ccpa_acknowledgement_and_45_days(open_vault: Vault, ids: Ids) -> None:
    req = open_vault.requests.new("Gigly", "erasure", sent_on=date(2026, 3, 2),
                                  channel="webform")
    assert req.regime == "ccpa" and req.deadlines is not None
    assert req.deadlines.acknowledge_by == date(2026, 3, 16)
    assert req.deadlines.due_nominal == date(2026, 4, 16)


def test_post_receipt_is_estimated_and_drafts(open_vault: Vault, ids: Ids) -> None:
    draft = open_vault.requests.new("FaceForge Studios", "access", channel="post")
    assert draft.stored_status == "draft" and draft.deadlines is None
    with pytest.raises(InvalidInputError, match="sent first"):
        open_vault.requests.update(draft.id, "acknowledged", TODAY)
    sent = open_vault.requests.update(draft.id, "sent", date(2026, 11, 2))
    assert sent.received_estimated and sent.received_on == date(2026, 11, 2)
    assert sent.regime == "uk-gdpr"


def test_unknown_law_asks_for_a_regime(open_vault: Vault, ids: Ids) -> None:
    with pytest.raises(InvalidInputError, match="cannot tell which law applies to Old Data Co"):
        open_vault.requests.new("Old Data Co", "erasure")


def test_bad_requests(open_vault: Vault, ids: Ids) -> None:
    with pytest.raises(InvalidInputError, match="not a request type"):
        open_vault.requests.new("Gigly", "delete-everything")
    with pytest.raises(InvalidInputError, match="no 'erasure' request"):
        open_vault.requests.new("VoiceBank AI", "erasure", regime_id="pipeda")
    with pytest.raises(InvalidInputError, match="received before it was sent"):
        open_vault.requests.new("Gigly", "access", sent_on=date(2026, 5, 2),
                                received_on=date(2026, 5, 1))
    assert open_vault.requests.list() == []


def test_reply_attached_encrypted(open_vault: Vault, ids: Ids, tmp_path: Path) -> None:
    req = open_vault.requests.new("VoiceBank AI", "access", sent_on=date(2026, 10, 1))
    reply = tmp_path / "reply.txt"
    reply.write_text("Dear customer, we hold the following data about you.")
    updated = open_vault.requests.update(req.id, "answered-partial", date(2026, 10, 20),
                                         attach=reply, company_reference="VB-77")
    ((doc_id, kind, name),) = updated.documents
    assert (kind, name, updated.company_reference) == ("reply", "reply.txt", "VB-77")
    assert open_vault.requests.read_document(doc_id)[1] == reply.read_bytes()
    assert updated.history[-1].document_id == doc_id
    assert open_vault.verify().ok


def test_deletion_request_closes_the_loop_in_holdings(open_vault: Vault, ids: Ids) -> None:
    before = {e.company: e.status for e in open_vault.insights.holdings(TODAY)}
    assert before["Old Data Co"] == "ended"
    req = open_vault.requests.new("Old Data Co", "erasure", agreement=ids.olddata,
                                  regime_id="us-state", sent_on=date(2026, 11, 1))
    after = {e.company: (e.status, e.deletion_request)
             for e in open_vault.insights.holdings(TODAY)}
    assert after["Old Data Co"] == ("deletion-requested", req.reference)
    open_vault.requests.update(req.id, "answered-complete", date(2026, 11, 20))
    confirmed = {e.company: e.status for e in open_vault.insights.holdings(TODAY)}
    assert confirmed["Old Data Co"] == "deletion-confirmed"
    # Once deletion is confirmed, holding past the deletion date is no longer flagged.
    assert "held-past-deletion" not in {f.kind for f in
                                        open_vault.insights.scope_findings(TODAY)}


def test_follow_up_and_complaint_show_in_the_original_history(open_vault: Vault,
                                                               ids: Ids) -> None:
    first = open_vault.requests.new("VoiceBank AI", "access", sent_on=date(2026, 9, 1))
    follow = open_vault.requests.new("VoiceBank AI", "follow-up", parent=first.id,
                                     sent_on=date(2026, 10, 5))
    open_vault.requests.new("VoiceBank AI", "complaint", parent=first.id,
                            sent_on=date(2026, 10, 25))
    original = open_vault.requests.get(first.id)
    assert [(h.event, h.note) for h in original.history] == [
        ("sent", None), ("follow-up-sent", follow.reference),
        ("complaint-filed", "HF-2026-0003")]
    assert original.status_on(TODAY) == "escalated"


def test_derived_reminders(open_vault: Vault, ids: Ids) -> None:
    keys = {r.key.split(":")[0] for r in open_vault.reminders.all(TODAY)}
    assert {"agreement-ends", "deletion-due"} <= keys
    due = {r.title for r in open_vault.reminders.due(TODAY)}
    assert "Ask Old Data Co to delete your data" in due
    req = open_vault.requests.new("VoiceBank AI", "erasure", sent_on=date(2026, 10, 1))
    overdue = [r for r in open_vault.reminders.due(TODAY) if r.key == f"overdue:{req.id}"]
    assert len(overdue) == 1 and overdue[0].action == "follow-up"
    open_vault.reminders.snooze(overdue[0].key, date(2026, 12, 1))
    assert overdue[0].key not in {r.key for r in open_vault.reminders.due(TODAY)}
    assert overdue[0].key in {r.key for r in open_vault.reminders.due(date(2026, 12, 1))}
    open_vault.reminders.done(overdue[0].key, TODAY)
    assert overdue[0].key not in {r.key for r in open_vault.reminders.due(date(2026, 12, 2))}
    own = open_vault.reminders.add("Check Gigly's new terms", date(2026, 11, 20))
    assert own in {r.key for r in open_vault.reminders.due(TODAY)}


def test_yearly_access_check(open_vault: Vault, ids: Ids) -> None:
    assert open_vault.reminders.set_yearly_access_check("gigly") == "Gigly"
    (check,) = [r for r in open_vault.reminders.all(TODAY) if r.key.startswith("access-check")]
    assert check.due_on == TODAY and check.action == "request-access"
    open_vault.requests.new("Gigly", "access", sent_on=date(2026, 11, 20))
    (check,) = [r for r in open_vault.reminders.all(TODAY) if r.key.startswith("access-check")]
    assert check.due_on == date(2027, 11, 20)
    open_vault.reminders.set_yearly_access_check("Gigly", enabled=False)
    assert not [r for r in open_vault.reminders.all(TODAY) if r.key.startswith("access-check")]


def test_biometric_destruction_reminder(open_vault: Vault, ids: Ids) -> None:
    open_vault.companies.update("Old Data Co", country="US-IL")
    open_vault.agreements.edit(ids.olddata, data_kinds=("video", "face"))
    (bipa,) = [r for r in open_vault.reminders.all(TODAY)
               if r.key == f"biometric-destruction:{ids.olddata}"]
    # Purpose ended 30 June 2025; last delivery 1 Feb 2024 + 3 years is later.
    assert bipa.due_on == date(2025, 6, 30) and "BIPA" in bipa.detail


def test_ics_has_stable_uids_and_alarms(open_vault: Vault, ids: Ids) -> None:
    reminders = open_vault.reminders.all(TODAY)
    first = Calendar.from_ical(reminders_to_ics(reminders, open_vault.id))
    again = Calendar.from_ical(reminders_to_ics(open_vault.reminders.all(TODAY), open_vault.id))
    events = list(first.walk("VEVENT"))
    assert len(events) == len(reminders)
    assert [str(e["UID"]) for e in events] == [str(e["UID"]) for e in again.walk("VEVENT")]
    assert all(e.walk("VALARM") for e in events)
    titles = {str(e["SUMMARY"]) for e in events}
    assert "Ask Old Data Co to delete your data" in titles
