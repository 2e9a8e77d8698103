"""Agreements: create, edit, show; the recordings they cover; payments."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass, replace
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload, sessionmaker

from vault.analysis.status import DeletionEvents, StatusAt, status_on
from vault.errors import InvalidInputError
from vault.models import Agreement, AgreementDocument, Company, Holding, Payment, Recording
from vault.models.base import utc_text
from vault.services.agreement_terms import (
    AgreementTerms,
    check_terms,
    normalise_amount,
    normalise_currency,
)
from vault.services.lookup import find_one


@dataclass(frozen=True)
class DocumentInfo:
    id: str
    kind: str
    original_name: str
    media_type: str
    size: int
    sha256: str
    captured_on: date
    text_notice: str | None
    added_at: datetime

    @classmethod
    def of(cls, row: AgreementDocument) -> DocumentInfo:
        return cls(row.id, row.kind, row.original_name, row.media_type, row.size, row.sha256,
                   row.captured_on, row.text_notice, row.added_at)

    def to_json(self) -> dict[str, object]:
        data = asdict(self)
        data["captured_on"] = self.captured_on.isoformat()
        data["added_at"] = utc_text(self.added_at)
        return data


@dataclass(frozen=True)
class HeldRecording:
    recording_id: str
    title: str
    kind: str
    delivered_on: date | None
    channel: str | None

    def to_json(self) -> dict[str, object]:
        data = asdict(self)
        data["delivered_on"] = self.delivered_on.isoformat() if self.delivered_on else None
        return data


@dataclass(frozen=True)
class PaymentInfo:
    id: str
    status: str
    on: date
    amount: str
    currency: str
    note: str | None

    def to_json(self) -> dict[str, object]:
        data = asdict(self)
        data["on"] = self.on.isoformat()
        return data


@dataclass(frozen=True)
class AgreementInfo:
    id: str
    company_id: str
    company_name: str
    company_country: str | None
    via_company_id: str | None
    via_company_name: str | None
    terms: AgreementTerms
    documents: tuple[DocumentInfo, ...]
    recordings: tuple[HeldRecording, ...]
    payments: tuple[PaymentInfo, ...]
    created_at: datetime
    updated_at: datetime

    def status(self, on: date, events: DeletionEvents | None = None) -> StatusAt:
        return status_on(self.terms.facts(), on, events)

    def to_json(self, on: date | None = None) -> dict[str, object]:
        terms = {k: (v.isoformat() if isinstance(v, date) else v)
                 for k, v in asdict(self.terms).items() if k != "via"}
        terms["permitted_uses"] = list(self.terms.permitted_uses)
        terms["data_kinds"] = list(self.terms.data_kinds)
        data: dict[str, object] = {
            "id": self.id, "company_id": self.company_id, "company": self.company_name,
            "via_company_id": self.via_company_id, "via": self.via_company_name, **terms,
            "documents": [d.to_json() for d in self.documents],
            "recordings": [r.to_json() for r in self.recordings],
            "payments": [p.to_json() for p in self.payments],
            "created_at": utc_text(self.created_at), "updated_at": utc_text(self.updated_at),
        }
        if on is not None:
            state = self.status(on)
            data["status"] = state.status
            data["until"] = state.until.isoformat() if state.until else "perpetual"
            data["deletion_due"] = state.deletion_due.isoformat() if state.deletion_due else None
        return data


def terms_of(row: Agreement) -> AgreementTerms:
    return AgreementTerms(
        title=row.title, signed_on=row.signed_on, effective_on=row.effective_on,
        ends_on=row.ends_on, perpetual=row.perpetual, auto_renews=row.auto_renews,
        renewal_months=row.renewal_months, renewal_notice_days=row.renewal_notice_days,
        revocable=row.revocable, revocation_notice_days=row.revocation_notice_days,
        revoked_on=row.revoked_on, deletion_clause=row.deletion_clause,
        deletion_days=row.deletion_days, permitted_uses=tuple(row.permitted_uses or ()),
        data_kinds=tuple(row.data_kinds or ()), exclusive=row.exclusive,
        territory=row.territory, pay_model=row.pay_model, amount=row.amount,
        currency=row.currency, governing_law=row.governing_law, reference=row.reference,
        notes=row.notes)


def info_of(session: Session, row: Agreement) -> AgreementInfo:
    company = session.get(Company, row.company_id)
    via = session.get(Company, row.via_company_id) if row.via_company_id else None
    held = session.execute(
        select(Holding, Recording).join(Recording, Recording.id == Holding.recording_id)
        .where(Holding.agreement_id == row.id).order_by(Recording.title)).all()
    return AgreementInfo(
        id=row.id, company_id=row.company_id, company_name=company.name if company else "?",
        company_country=company.country if company else None,
        via_company_id=row.via_company_id, via_company_name=via.name if via else None,
        terms=terms_of(row),
        documents=tuple(DocumentInfo.of(d) for d in row.documents),
        recordings=tuple(HeldRecording(rec.id, rec.title, rec.kind, h.delivered_on, h.channel)
                         for h, rec in held),
        payments=tuple(PaymentInfo(p.id, p.status, p.on, p.amount, p.currency, p.note)
                       for p in row.payments),
        created_at=row.created_at, updated_at=row.updated_at)


class AgreementService:
    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self._sessions = sessions

    def add(self, company: str, terms: AgreementTerms, *,
            recordings: Sequence[str] = (), delivered_on: date | None = None,
            channel: str | None = None) -> AgreementInfo:
        checked = check_terms(terms)
        with self._sessions.begin() as session:
            holder = find_one(session, Company, company, "company", Company.name)
            row = Agreement(company_id=holder.id, **checked.column_values())
            row.via_company_id = self._via(session, checked.via, holder.id)
            session.add(row)
            session.flush()
            self._hold(session, row, recordings, delivered_on, channel)
            session.flush()
            return info_of(session, row)

    def edit(self, key: str, *, company: str | None = None, recordings: Sequence[str] = (),
             drop_recordings: Sequence[str] = (), delivered_on: date | None = None,
             channel: str | None = None, **changes: object) -> AgreementInfo:
        """Change some terms (keyword names as in AgreementTerms); others stay."""
        with self._sessions.begin() as session:
            row = find_one(session, Agreement, key, "agreement")
            current = terms_of(row)
            unknown = set(changes) - set(AgreementTerms.__dataclass_fields__)
            if unknown:
                raise InvalidInputError(f"Agreements have no term {sorted(unknown)[0]!r}.")
            if "ends_on" in changes and changes["ends_on"] is not None:
                changes.setdefault("perpetual", False)
            if changes.get("perpetual"):
                changes.setdefault("ends_on", None)
            if changes.get("deletion_days") is not None:
                changes.setdefault("deletion_clause", "days-after-end")
            checked = check_terms(replace(current, **changes))  # type: ignore[arg-type]
            for name, value in checked.column_values().items():
                setattr(row, name, value)
            if company is not None:
                row.company_id = find_one(session, Company, company, "company", Company.name).id
            if "via" in changes:
                row.via_company_id = self._via(session, checked.via, row.company_id)
            self._hold(session, row, recordings, delivered_on, channel)
            for rec_key in drop_recordings:
                rec = find_one(session, Recording, rec_key, "recording")
                holding = session.scalars(select(Holding).where(
                    Holding.agreement_id == row.id, Holding.recording_id == rec.id)).first()
                if holding is None:
                    raise InvalidInputError(
                        f"Recording {rec.id[:8]} is not covered by this agreement.")
                session.delete(holding)
            session.flush()
            session.expire(row)
            return info_of(session, row)

    def get(self, key: str) -> AgreementInfo:
        with self._sessions() as session:
            return info_of(session, find_one(session, Agreement, key, "agreement"))

    def list(self) -> list[AgreementInfo]:
        with self._sessions() as session:
            rows = session.scalars(select(Agreement).options(selectinload(Agreement.documents),
                                                             selectinload(Agreement.payments))
                                   .order_by(Agreement.signed_on, Agreement.title))
            return [info_of(session, row) for row in rows]

    def remove(self, key: str) -> AgreementInfo:
        """Delete an agreement with its holdings and payments; returns it (documents' blobs
        are removed by the caller, which owns the blob store)."""
        with self._sessions.begin() as session:
            row = find_one(session, Agreement, key, "agreement")
            info = info_of(session, row)
            session.delete(row)
            return info

    def add_payment(self, key: str, amount: str, currency: str, on: date, *,
                    received: bool = True, note: str | None = None) -> PaymentInfo:
        value, code = normalise_amount(amount), normalise_currency(currency)
        with self._sessions.begin() as session:
            row = find_one(session, Agreement, key, "agreement")
            payment = Payment(agreement_id=row.id, status="received" if received else "expected",
                              on=on, amount=value, currency=code,
                              note=(note or "").strip() or None)
            session.add(payment)
            session.flush()
            return PaymentInfo(payment.id, payment.status, payment.on, payment.amount,
                               payment.currency, payment.note)

    def count_mentioning(self, recording_id: str) -> int:
        """How many agreements cover a recording (to warn before removing it)."""
        with self._sessions() as session:
            return len(session.scalars(select(Holding.agreement_id).where(
                Holding.recording_id == recording_id)).all())

    @staticmethod
    def _via(session: Session, key: str | None, holder_id: str) -> str | None:
        if not key:
            return None
        via = find_one(session, Company, key, "company", Company.name)
        if via.id == holder_id:
            raise InvalidInputError("A company cannot be its own intermediary.")
        return via.id

    @staticmethod
    def _hold(session: Session, row: Agreement, recordings: Sequence[str],
              delivered_on: date | None, channel: str | None) -> None:
        for rec_key in recordings:
            rec = find_one(session, Recording, rec_key, "recording")
            exists = session.scalars(select(Holding).where(
                Holding.agreement_id == row.id, Holding.recording_id == rec.id)).first()
            if exists is None:
                session.add(Holding(agreement_id=row.id, recording_id=rec.id,
                                    delivered_on=delivered_on,
                                    channel=(channel or "").strip() or None))

