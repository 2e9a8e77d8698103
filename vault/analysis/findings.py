"""Scope checks and risky-terms flags, computed from agreements as the services return them.

Pure functions: no database, no clock. The caller passes the date to judge on.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from vault.analysis.status import DeletionEvents, status_on
from vault.services.agreement_terms import AgreementTerms


@dataclass(frozen=True)
class Finding:
    kind: str  # stable id, e.g. "kind-not-covered", "perpetual"
    company: str
    agreement_id: str | None
    agreement_title: str | None
    recording_id: str | None
    recording_title: str | None
    message: str  # one sentence naming company, recording and agreement

    def to_json(self) -> dict[str, object]:
        return {"kind": self.kind, "company": self.company, "agreement_id": self.agreement_id,
                "agreement": self.agreement_title, "recording_id": self.recording_id,
                "recording": self.recording_title, "message": self.message}


@dataclass(frozen=True)
class HeldItem:
    """One recording held under one agreement, with what scope checks need."""

    company: str
    agreement_id: str
    agreement_title: str
    terms: AgreementTerms
    recording_id: str
    recording_title: str
    recording_kind: str
    delivered_on: date | None
    company_id: str = ""


@dataclass(frozen=True)
class ObservedUseFact:
    company: str
    use: str
    observed_on: date
    recording_id: str | None
    recording_title: str | None


def scope_findings(held: Sequence[HeldItem], observed: Sequence[ObservedUseFact], on: date,
                   events: Mapping[str, DeletionEvents] | None = None) -> list[Finding]:
    """What looks wrong with who holds what, judged on `on`."""
    events = events or {}
    findings: list[Finding] = []
    kinds_by_company: dict[str, set[str]] = {}
    for item in held:
        kinds_by_company.setdefault(item.company, set()).update(item.terms.data_kinds)
    for item in held:
        label = f"{item.recording_title!r} ({item.recording_kind})"
        where = f"{item.company} under {item.agreement_title!r}"
        if item.recording_kind not in kinds_by_company[item.company]:
            findings.append(_f("kind-not-covered", item,
                               f"{item.company} holds {label}, but no agreement with "
                               f"{item.company} covers {item.recording_kind} data."))
        terms = item.terms
        if item.delivered_on is not None and terms.effective_on is not None:
            if item.delivered_on < terms.effective_on:
                findings.append(_f("delivered-before-start", item,
                                   f"{label} was delivered to {where} on {item.delivered_on}, "
                                   f"before the agreement started on {terms.effective_on}."))
            elif terms.ends_on is not None and not terms.auto_renews and \
                    item.delivered_on > terms.ends_on:
                findings.append(_f("delivered-after-end", item,
                                   f"{label} was delivered to {where} on {item.delivered_on}, "
                                   f"after the agreement ended on {terms.ends_on}."))
        state = status_on(terms.facts(), on, events.get(item.agreement_id))
        if state.status in ("ended", "revoked") and state.deletion_due is not None \
                and on > state.deletion_due:
            findings.append(_f("held-past-deletion", item,
                               f"{where} should have deleted {label} by {state.deletion_due}."))
    for use in observed:
        permitted = {u for item in held if item.company == use.company
                     and (use.recording_id is None or item.recording_id == use.recording_id)
                     for u in item.terms.permitted_uses}
        if use.use not in permitted:
            what = f" of {use.recording_title!r}" if use.recording_title else ""
            findings.append(Finding(
                "use-not-permitted", use.company, None, None, use.recording_id,
                use.recording_title,
                f"You saw {use.company} use your data{what} for {use.use} on "
                f"{use.observed_on}, which no agreement with {use.company} permits."))
    return findings


def _f(kind: str, item: HeldItem, message: str) -> Finding:
    return Finding(kind, item.company, item.agreement_id, item.agreement_title,
                   item.recording_id, item.recording_title, message)


@dataclass(frozen=True)
class AgreementFacts:
    """What term flags need to know about one agreement."""

    id: str
    title: str
    company: str
    terms: AgreementTerms
    held_count_by_kind: Mapping[str, int]


TERM_EXPLANATIONS = {
    "perpetual": "The company may keep and use your data forever.",
    "irrevocable": "You cannot take back your permission once given.",
    "resale-sublicensing": "The company may pass your data on to other companies.",
    "synthetic-replica": "The company may make a synthetic copy of you (voice clone, "
                         "digital double, likeness).",
    "no-deletion-clause": "The agreement never says when your data will be deleted.",
    "exclusive-worldwide": "You may not license this data to anyone else, anywhere.",
    "below-floor": "You were paid less than the minimum you set for this kind of data.",
}


def term_flags(agreements: Iterable[AgreementFacts],
               floors: Mapping[str, tuple[Decimal, str]]) -> list[Finding]:
    """Risky terms read from the structured fields (not from document text)."""
    findings: list[Finding] = []
    for a in agreements:
        t = a.terms

        def flag(kind: str, detail: str = "", agreement: AgreementFacts = a) -> None:
            findings.append(Finding(kind, agreement.company, agreement.id, agreement.title,
                                    None, None,
                                    f"{agreement.title!r} with {agreement.company}: "
                                    f"{detail or TERM_EXPLANATIONS[kind]}"))

        if t.perpetual:
            flag("perpetual")
        if t.revocable == "no":
            flag("irrevocable")
        if "resale-sublicensing" in t.permitted_uses:
            flag("resale-sublicensing")
        if "synthetic-replica" in t.permitted_uses:
            flag("synthetic-replica")
        if t.deletion_clause == "not-stated":
            flag("no-deletion-clause")
        if t.exclusive and (t.territory or "").strip().lower() in ("", "worldwide", "world"):
            flag("exclusive-worldwide")
        flag_below_floor(a, floors, flag)
    return findings


def flag_below_floor(a: AgreementFacts, floors: Mapping[str, tuple[Decimal, str]],
                     flag: object) -> None:
    """Compare pay per recording with the floor the user set for each data kind."""
    t = a.terms
    if t.amount is None or t.currency is None or t.pay_model not in ("one-time", "per-item"):
        return
    amount = Decimal(t.amount)
    for kind, count in a.held_count_by_kind.items():
        floor = floors.get(kind)
        if floor is None or floor[1] != t.currency or count == 0:
            continue
        per_item = amount if t.pay_model == "per-item" else amount / sum(
            a.held_count_by_kind.values())
        if per_item < floor[0]:
            flag("below-floor",  # type: ignore[operator]
                 f"paid about {per_item.quantize(Decimal('0.01'))} {t.currency} per {kind} "
                 f"recording, below your floor of {floor[0]} {floor[1]}.")
