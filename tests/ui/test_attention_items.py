"""The needs-attention items, built from real service results (no Qt)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from tests.vault.pdf_maker import make_pdf
from tests.vault.realistic_vault import TODAY, Ids, populate
from ui.attention_items import (
    FOLLOW_UP,
    OPEN_AGREEMENT,
    OPEN_COMPANY,
    OPEN_REQUEST,
    REQUEST_DELETION,
    AttentionItem,
    attention_items,
    clause_items,
    days_between,
    deletion_due_items,
    ending_soon_items,
    overdue_request_items,
)
from ui.navigation import RequestTarget
from vault.vault import Vault


@pytest.fixture
def ids(open_vault: Vault, tmp_path: Path) -> Ids:
    return populate(open_vault, tmp_path)


def company_ids(vault: Vault) -> dict[str, str]:
    return {c.name: c.id for c in vault.companies.list()}


def build(vault: Vault, on: date = TODAY) -> list[AttentionItem]:
    return attention_items(
        on=on, holdings=vault.insights.holdings(on), requests=vault.requests.list(),
        agreements=vault.agreements.list(), scope=vault.insights.scope_findings(on),
        terms=vault.insights.term_flags(), company_ids=company_ids(vault),
        events=vault.requests.deletion_events())


def test_old_data_co_deletion_is_due_with_a_request_deletion_action(open_vault: Vault,
                                                                    ids: Ids) -> None:
    items = deletion_due_items(open_vault.insights.holdings(TODAY), TODAY)
    assert len(items) == 1
    item = items[0]
    old_data = company_ids(open_vault)["Old Data Co"]
    assert (item.kind, item.action, item.action_label) == ("deletion-due", REQUEST_DELETION,
                                                            "Request deletion")
    assert "Old Data Co" in item.title and "'day-in-life'" in item.detail
    assert "should have deleted it by 30 July 2025" in item.detail
    assert item.request_target() == RequestTarget(old_data, "erasure", agreement_id=ids.olddata,
                                                  recording_ids=(ids.video,))


def test_all_items_most_pressing_first_without_saying_the_same_twice(open_vault: Vault,
                                                                     ids: Ids) -> None:
    items = build(open_vault)
    assert items[0].kind == "deletion-due"
    kinds = [i.kind for i in items]
    assert kinds == sorted(kinds, key=["deletion-due", "scope", "term"].index)
    scope = [i for i in items if i.kind == "scope"]
    # held-past-deletion repeats the deletion-due item: only the other three scope findings.
    assert len(scope) == 3 and all(i.agreement_id != ids.olddata for i in scope)
    assert {i.action for i in scope if i.agreement_id == ids.voicebank} == {OPEN_AGREEMENT}
    advertising = next(i for i in scope if "advertising" in i.detail)
    assert advertising.action == OPEN_COMPANY
    assert advertising.company_id == company_ids(open_vault)["FaceForge Studios"]
    assert advertising.request_target() is None
    terms = [i for i in items if i.kind == "term"]
    assert len(terms) == len(open_vault.insights.term_flags()) == 6
    assert all(i.action == OPEN_AGREEMENT and i.agreement_id for i in terms)


def test_overdue_request_asks_for_a_follow_up_then_points_to_it(open_vault: Vault,
                                                                ids: Ids) -> None:
    request = open_vault.requests.new("VoiceBank AI", "access", sent_on=date(2026, 9, 1))
    assert overdue_request_items(open_vault.requests.list(), date(2026, 9, 20)) == []
    [item] = overdue_request_items(open_vault.requests.list(), TODAY)
    voicebank = company_ids(open_vault)["VoiceBank AI"]
    assert (item.action, item.request_id) == (FOLLOW_UP, request.id)
    assert request.reference in item.title and "1 October 2026" in item.detail
    assert item.request_target() == RequestTarget(voicebank, "follow-up",
                                                  follow_up_of=request.id)
    assert build(open_vault)[0] == item  # a broken legal deadline comes first

    open_vault.requests.new("VoiceBank AI", "follow-up", parent=request.id)
    [again] = overdue_request_items(open_vault.requests.list(), TODAY)
    assert (again.action, again.request_id) == (OPEN_REQUEST, request.id)


def test_agreement_ending_within_30_days(open_vault: Vault, ids: Ids) -> None:
    agreements = open_vault.agreements.list()
    assert ending_soon_items(agreements, TODAY) == []  # 39 days left
    [item] = ending_soon_items(agreements, date(2026, 12, 10))
    assert (item.action, item.agreement_id) == (OPEN_AGREEMENT, ids.voicebank)
    assert item.title == "'Voice data licence' with VoiceBank AI ends in 21 days"
    assert item.request_target() is None


def test_deletion_requested_is_no_longer_due(open_vault: Vault, ids: Ids) -> None:
    open_vault.requests.new("Old Data Co", "erasure", agreement=ids.olddata,
                            regime_id="us-state", sent_on=date(2026, 11, 1))
    items = build(open_vault)
    assert items and not [i for i in items if i.kind == "deletion-due"]
    assert [i for i in items if i.agreement_id == ids.olddata] == []  # asked: nothing to do


def test_risky_clauses_open_their_agreement(open_vault: Vault, ids: Ids,
                                            tmp_path: Path) -> None:
    path = tmp_path / "licence.pdf"
    path.write_bytes(make_pdf([["You grant the Company a perpetual licence to use your "
                                "voice recordings."]]))
    open_vault.documents.attach(ids.voicebank, path)
    items = clause_items(open_vault.insights.clause_flags(), company_ids(open_vault))
    assert items and all(i.kind == "clause" and i.action == OPEN_AGREEMENT for i in items)
    assert {i.agreement_id for i in items} == {ids.voicebank}
    assert any("licence.pdf" in i.detail and "perpetual licence" in i.detail for i in items)


def test_empty_vault_has_nothing_to_attend(open_vault: Vault) -> None:
    assert build(open_vault) == []


def test_days_between_in_plain_words() -> None:
    assert [days_between(TODAY, date(2026, 11, d)) for d in (22, 23, 21, 30, 12)] == [
        "today", "tomorrow", "yesterday", "in 8 days", "10 days ago"]
