"""Answers across agreements: who holds what until when, what looks wrong, what was earned."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from vault.analysis.findings import (
    AgreementFacts,
    Finding,
    HeldItem,
    ObservedUseFact,
    scope_findings,
    term_flags,
)
from vault.analysis.status import DeletionEvents, status_on
from vault.errors import InvalidInputError
from vault.models import (
    Agreement,
    AgreementDocument,
    Company,
    Holding,
    ObservedUse,
    Payment,
    Recording,
    Setting,
)
from vault.services.agreement_terms import normalise_amount, normalise_currency
from vault.services.agreements import terms_of
from vault.services.lookup import find_one
from vault.vocabulary import DATA_KINDS, PERMITTED_USES

if TYPE_CHECKING:
    from vault.analysis.clauses import ClauseFlag

FLOORS_KEY = "compensation_floors"


@dataclass(frozen=True)
class HoldingEntry:
    company: str
    company_id: str
    recording_id: str
    recording_title: str
    recording_kind: str
    agreement_id: str
    agreement_title: str
    permitted_uses: tuple[str, ...]
    until: date | None  # None: perpetual
    status: str
    deletion_due: date | None
    delivered_on: date | None
    deletion_request: str | None = None  # reference of the request asking for deletion

    def to_json(self) -> dict[str, object]:
        return {
            "company": self.company, "company_id": self.company_id,
            "recording_id": self.recording_id, "recording": self.recording_title,
            "kind": self.recording_kind, "agreement_id": self.agreement_id,
            "agreement": self.agreement_title, "permitted_uses": list(self.permitted_uses),
            "until": self.until.isoformat() if self.until else "perpetual",
            "status": self.status,
            "deletion_due": self.deletion_due.isoformat() if self.deletion_due else None,
            "delivered_on": self.delivered_on.isoformat() if self.delivered_on else None,
            "deletion_request": self.deletion_request,
        }


@dataclass(frozen=True)
class ClauseFinding:
    """A risky clause found in the text of one agreement document."""

    agreement_id: str
    agreement_title: str
    company: str
    document_id: str
    document_name: str
    flag: ClauseFlag

    def to_json(self) -> dict[str, object]:
        return {"agreement_id": self.agreement_id, "agreement": self.agreement_title,
                "company": self.company, "document_id": self.document_id,
                "document": self.document_name, "kind": self.flag.kind,
                "title": self.flag.title, "sentence": self.flag.sentence,
                "explanation": self.flag.explanation, "start": self.flag.start,
                "end": self.flag.end}


@dataclass
class EarningsTotals:
    """Sums per currency; `expected` counts what is still owed or was promised."""

    received: dict[str, Decimal] = field(default_factory=dict)
    expected: dict[str, Decimal] = field(default_factory=dict)

    def add(self, status: str, currency: str, amount: Decimal) -> None:
        bucket = self.received if status == "received" else self.expected
        bucket[currency] = bucket.get(currency, Decimal("0")) + amount

    def to_json(self) -> dict[str, dict[str, str]]:
        return {"received": {c: str(v) for c, v in sorted(self.received.items())},
                "expected": {c: str(v) for c, v in sorted(self.expected.items())}}


@dataclass(frozen=True)
class Earnings:
    by_company: dict[str, EarningsTotals]
    by_kind: dict[str, EarningsTotals]
    by_year: dict[int, EarningsTotals]
    overall: EarningsTotals

    def to_json(self) -> dict[str, object]:
        return {"overall": self.overall.to_json(),
                "by_company": {k: v.to_json() for k, v in sorted(self.by_company.items())},
                "by_kind": {k: v.to_json() for k, v in sorted(self.by_kind.items())},
                "by_year": {str(k): v.to_json() for k, v in sorted(self.by_year.items())}}


class InsightService:
    def __init__(self, sessions: sessionmaker[Session],
                 deletion_events: Callable[[], Mapping[str, DeletionEvents]] | None = None
                 ) -> None:
        self._sessions = sessions
        # From the requests: agreement id -> when deletion was asked for / confirmed.
        self._deletion_events = deletion_events or dict

    @property
    def _events(self) -> Mapping[str, DeletionEvents]:
        return self._deletion_events()

    # -- holdings ---------------------------------------------------------------------------

    def held_items(self, company: str | None = None) -> list[HeldItem]:
        with self._sessions() as session:
            query = (select(Holding, Agreement, Company, Recording)
                     .join(Agreement, Agreement.id == Holding.agreement_id)
                     .join(Company, Company.id == Agreement.company_id)
                     .join(Recording, Recording.id == Holding.recording_id)
                     .order_by(Company.name, Recording.title))
            if company is not None:
                holder = find_one(session, Company, company, "company", Company.name)
                query = query.where(Company.id == holder.id)
            return [HeldItem(c.name, a.id, a.title, terms_of(a), r.id, r.title, r.kind,
                             h.delivered_on, c.id)
                    for h, a, c, r in session.execute(query)]

    def holdings(self, on: date, company: str | None = None) -> list[HoldingEntry]:
        entries = []
        events = self._events
        for item in self.held_items(company):
            event = events.get(item.agreement_id)
            at = status_on(item.terms.facts(), on, event)
            entries.append(HoldingEntry(
                item.company, item.company_id, item.recording_id, item.recording_title,
                item.recording_kind, item.agreement_id, item.agreement_title,
                item.terms.permitted_uses, at.until, at.status, at.deletion_due,
                item.delivered_on, event.request_reference if event else None))
        return entries

    # -- observed uses and floors -------------------------------------------------------------

    def observe_use(self, company: str, use: str, on: date, *, recording: str | None = None,
                    note: str | None = None) -> None:
        if use not in PERMITTED_USES:
            raise InvalidInputError(
                f"{use!r} is not a use; use one of: {', '.join(PERMITTED_USES)}.")
        with self._sessions.begin() as session:
            holder = find_one(session, Company, company, "company", Company.name)
            rec = find_one(session, Recording, recording, "recording") if recording else None
            session.add(ObservedUse(company_id=holder.id, recording_id=rec.id if rec else None,
                                    use=use, observed_on=on, note=(note or "").strip() or None))

    def observed_uses(self) -> list[ObservedUseFact]:
        with self._sessions() as session:
            rows = session.execute(
                select(ObservedUse, Company, Recording)
                .join(Company, Company.id == ObservedUse.company_id)
                .outerjoin(Recording, Recording.id == ObservedUse.recording_id)
                .order_by(ObservedUse.observed_on))
            return [ObservedUseFact(c.name, o.use, o.observed_on, r.id if r else None,
                                    r.title if r else None) for o, c, r in rows]

    def set_floor(self, kind: str, amount: str, currency: str) -> None:
        if kind not in DATA_KINDS:
            raise InvalidInputError(f"{kind!r} is not a data kind.")
        value, code = normalise_amount(amount), normalise_currency(currency)
        with self._sessions.begin() as session:
            row = session.get(Setting, FLOORS_KEY)
            floors = dict(row.value) if row is not None and isinstance(row.value, dict) else {}
            floors[kind] = [value, code]
            if row is None:
                session.add(Setting(key=FLOORS_KEY, value=floors))
            else:
                row.value = floors

    def floors(self) -> dict[str, tuple[Decimal, str]]:
        with self._sessions() as session:
            row = session.get(Setting, FLOORS_KEY)
            stored = row.value if row is not None and isinstance(row.value, dict) else {}
        return {k: (Decimal(v[0]), str(v[1])) for k, v in stored.items()}

    # -- findings -----------------------------------------------------------------------------

    def scope_findings(self, on: date) -> list[Finding]:
        return scope_findings(self.held_items(), self.observed_uses(), on, self._events)

    def term_flags(self, agreement: str | None = None) -> list[Finding]:
        with self._sessions() as session:
            query = select(Agreement, Company).join(Company, Company.id == Agreement.company_id)
            if agreement is not None:
                query = query.where(
                    Agreement.id == find_one(session, Agreement, agreement, "agreement").id)
            facts = []
            for a, c in session.execute(query.order_by(Agreement.signed_on)):
                counts: dict[str, int] = defaultdict(int)
                for kind in session.scalars(select(Recording.kind).join(
                        Holding, Holding.recording_id == Recording.id)
                        .where(Holding.agreement_id == a.id)):
                    counts[kind] += 1
                facts.append(AgreementFacts(a.id, a.title, c.name, terms_of(a), dict(counts)))
        return term_flags(facts, self.floors())

    def clause_flags(self, agreement: str | None = None) -> list[ClauseFinding]:
        """Risky clauses in the stored text of attached documents."""
        # The clause patterns take a tenth of a second to compile: only when asked.
        from vault.analysis.clauses import find_clause_flags as find_clauses

        with self._sessions() as session:
            query = (select(AgreementDocument, Agreement, Company)
                     .join(Agreement, Agreement.id == AgreementDocument.agreement_id)
                     .join(Company, Company.id == Agreement.company_id)
                     .order_by(Agreement.signed_on, AgreementDocument.added_at))
            if agreement is not None:
                query = query.where(
                    Agreement.id == find_one(session, Agreement, agreement, "agreement").id)
            rows = [(d.id, d.original_name, d.extracted_text or "", a.id, a.title, c.name)
                    for d, a, c in session.execute(query)]
        return [ClauseFinding(a_id, a_title, company, d_id, d_name, flag)
                for d_id, d_name, text, a_id, a_title, company in rows
                for flag in find_clauses(text)]

    # -- earnings -----------------------------------------------------------------------------

    def earnings(self) -> Earnings:
        by_company: dict[str, EarningsTotals] = defaultdict(EarningsTotals)
        by_kind: dict[str, EarningsTotals] = defaultdict(EarningsTotals)
        by_year: dict[int, EarningsTotals] = defaultdict(EarningsTotals)
        overall = EarningsTotals()
        with self._sessions() as session:
            rows = session.execute(
                select(Payment, Agreement, Company)
                .join(Agreement, Agreement.id == Payment.agreement_id)
                .join(Company, Company.id == Agreement.company_id))
            for payment, agreement, company in rows:
                amount = Decimal(payment.amount)
                kinds = list(agreement.data_kinds or []) or sorted(set(session.scalars(
                    select(Recording.kind).join(Holding, Holding.recording_id == Recording.id)
                    .where(Holding.agreement_id == agreement.id))))
                # A payment under a multi-kind agreement is shown under the combination,
                # not split by a guess.
                kind_key = "+".join(kinds) if kinds else "unspecified"
                for bucket in (by_company[company.name], by_kind[kind_key],
                               by_year[payment.on.year], overall):
                    bucket.add(payment.status, payment.currency, amount)
        return Earnings(dict(by_company), dict(by_kind), dict(by_year), overall)
