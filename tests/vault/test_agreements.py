"""Agreements, holdings, scope checks, term flags and earnings on a realistic vault."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from tests.vault.realistic_vault import TODAY, Ids, populate
from vault.errors import InvalidInputError, NotFoundError
from vault.services.agreement_terms import AgreementTerms
from vault.vault import Vault


@pytest.fixture
def ids(open_vault: Vault, tmp_path: Path) -> Ids:
    return populate(open_vault, tmp_path)


def test_agreement_round_trip(open_vault: Vault, ids: Ids) -> None:
    a = open_vault.agreements.get(ids.voicebank)
    assert a.company_name == "VoiceBank AI" and a.via_company_name == "Gigly"
    assert a.terms.effective_on == date(2025, 1, 10)  # defaults to the signing date
    assert a.terms.amount == "150.00" and a.terms.currency == "EUR"
    assert [r.title for r in a.recordings] == ["face-scan", "take-1", "take-2", "take-3"]
    data = a.to_json(TODAY)
    assert data["status"] == "active" and data["until"] == "2026-12-31"
    assert data["permitted_uses"] == ["generative-training", "synthetic-replica"]


def test_status_on_dates(open_vault: Vault, ids: Ids) -> None:
    voicebank = open_vault.agreements.get(ids.voicebank)
    assert voicebank.status(TODAY).status == "active"
    assert voicebank.status(date(2026, 12, 10)).status == "expiring"
    ended = voicebank.status(date(2027, 1, 5))
    assert (ended.status, ended.deletion_due) == ("ended", date(2027, 1, 30))
    assert open_vault.agreements.get(ids.faceforge).status(TODAY).until is None


def test_holdings_per_company_at_a_date(open_vault: Vault, ids: Ids) -> None:
    entries = open_vault.insights.holdings(TODAY)
    by_company: dict[str, set[str]] = {}
    for e in entries:
        by_company.setdefault(e.company, set()).add(e.recording_title)
    assert by_company == {"VoiceBank AI": {"take-1", "take-2", "take-3", "face-scan"},
                          "FaceForge Studios": {"face-scan"},
                          "Old Data Co": {"day-in-life"}}
    old = next(e for e in entries if e.company == "Old Data Co")
    assert (old.status, old.until, old.deletion_due) == ("ended", date(2025, 6, 30),
                                                         date(2025, 7, 30))
    face = next(e for e in entries if e.company == "FaceForge Studios")
    assert face.until is None and face.to_json()["until"] == "perpetual"
    only = open_vault.insights.holdings(TODAY, "faceforge studios")
    assert {e.company for e in only} == {"FaceForge Studios"}
    before = open_vault.insights.holdings(date(2024, 6, 1), "Old Data Co")
    assert before[0].status == "active"


def test_scope_findings_name_company_recording_and_agreement(open_vault: Vault,
                                                             ids: Ids) -> None:
    findings = open_vault.insights.scope_findings(TODAY)
    kinds = sorted((f.kind, f.company, f.recording_title) for f in findings)
    assert kinds == [
        ("delivered-before-start", "VoiceBank AI", "take-3"),
        ("held-past-deletion", "Old Data Co", "day-in-life"),
        ("kind-not-covered", "VoiceBank AI", "face-scan"),
        ("use-not-permitted", "FaceForge Studios", "face-scan"),
    ]
    past = next(f for f in findings if f.kind == "held-past-deletion")
    assert past.message == ("Old Data Co under 'Daily life video set' should have deleted "
                            "'day-in-life' (video) by 2025-07-30.")
    assert past.agreement_title == "Daily life video set"


def test_term_flags(open_vault: Vault, ids: Ids) -> None:
    flags = {(f.kind, f.company) for f in open_vault.insights.term_flags()}
    assert flags == {
        ("perpetual", "FaceForge Studios"), ("irrevocable", "FaceForge Studios"),
        ("resale-sublicensing", "FaceForge Studios"),
        ("exclusive-worldwide", "FaceForge Studios"),
        ("no-deletion-clause", "FaceForge Studios"),
        ("synthetic-replica", "VoiceBank AI"),
    }


def test_compensation_floor(open_vault: Vault, ids: Ids) -> None:
    open_vault.insights.set_floor("voice", "50", "eur")
    open_vault.insights.set_floor("face", "10", "USD")
    below = [f for f in open_vault.insights.term_flags() if f.kind == "below-floor"]
    # 150 EUR one-time for 3 voice takes + 1 face scan = 37.50 per item < 50 EUR.
    assert len(below) == 1 and below[0].company == "VoiceBank AI"
    assert "37.50 EUR per voice recording, below your floor of 50.00 EUR" in below[0].message


def test_earnings(open_vault: Vault, ids: Ids) -> None:
    earnings = open_vault.insights.earnings()
    assert earnings.by_company["FaceForge Studios"].received == {"USD": Decimal("20.00")}
    assert earnings.by_company["FaceForge Studios"].expected == {"USD": Decimal("20.00")}
    assert earnings.by_kind["voice"].received == {"EUR": Decimal("150.00")}
    assert earnings.by_year[2024].received == {"USD": Decimal("80.00")}
    assert earnings.overall.received == {"EUR": Decimal("150.00"), "USD": Decimal("100.00")}


def test_edit_terms_and_recordings(open_vault: Vault, ids: Ids) -> None:
    edited = open_vault.agreements.edit(ids.olddata, ends_on=date(2027, 6, 30),
                                        drop_recordings=[ids.video])
    assert edited.terms.ends_on == date(2027, 6, 30) and edited.recordings == ()
    perpetual = open_vault.agreements.edit(ids.olddata, perpetual=True)
    assert perpetual.terms.perpetual and perpetual.terms.ends_on is None


@pytest.mark.parametrize(("terms", "message"), [
    (AgreementTerms("X", date(2026, 1, 1), ends_on=date(2025, 1, 1)),
     r"ends \(2025-01-01\) before it starts \(2026-01-01\)"),
    (AgreementTerms("X", date(2026, 1, 1)), "ends, or say it is perpetual"),
    (AgreementTerms("X", date(2026, 1, 1), perpetual=True, data_kinds=("selfie",)),
     "not a data kind"),
    (AgreementTerms("X", date(2026, 1, 1), perpetual=True, permitted_uses=("anything",)),
     "not a permitted use"),
    (AgreementTerms("X", date(2026, 1, 1), perpetual=True, amount="ten", currency="USD"),
     "not an amount"),
    (AgreementTerms("X", date(2026, 1, 1), perpetual=True, amount="10"), "currency"),
    (AgreementTerms(" ", date(2026, 1, 1), perpetual=True), "needs a title"),
])
def test_bad_terms(open_vault: Vault, ids: Ids, terms: AgreementTerms, message: str) -> None:
    before = len(open_vault.agreements.list())
    with pytest.raises(InvalidInputError, match=message):
        open_vault.agreements.add("Gigly", terms)
    assert len(open_vault.agreements.list()) == before


def test_unknown_company_suggests_close_names(open_vault: Vault, ids: Ids) -> None:
    with pytest.raises(NotFoundError, match="Did you mean 'VoiceBank AI'"):
        open_vault.agreements.add("Voicebnak", AgreementTerms("X", date(2026, 1, 1),
                                                              perpetual=True))


def test_a_unique_start_of_a_name_is_enough(open_vault: Vault, ids: Ids) -> None:
    added = open_vault.agreements.add("faceforge", AgreementTerms("Y", date(2026, 1, 1),
                                                                  perpetual=True))
    assert added.company_name == "FaceForge Studios"


def test_remove_recording_counts_agreements(open_vault: Vault, ids: Ids) -> None:
    assert open_vault.agreements.count_mentioning(ids.face) == 2
    open_vault.recordings.remove(ids.face)
    assert all(r.recording_id != ids.face
               for r in open_vault.agreements.get(ids.faceforge).recordings)
