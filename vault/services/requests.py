"""Requests under privacy laws: from draft to closed, with their legal deadlines."""

from __future__ import annotations

import contextlib
import hashlib
import io
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from vault.analysis.status import DeletionEvents
from vault.errors import DamagedFileError, InvalidInputError, StorageError
from vault.legal.deadlines import Deadlines, compute_deadlines, has_deadline
from vault.legal.regimes import regime, regime_for_country
from vault.media import guess_media_type
from vault.models import (
    Agreement,
    Company,
    DataRequest,
    Holding,
    Recording,
    RequestDocument,
    RequestEvent,
    request_recording,
)
from vault.models.base import utc_text
from vault.services.lookup import find_one
from vault.services.recordings import open_source
from vault.storage.blobs import BlobStore, PendingBlob
from vault.verify import VerifyReport
from vault.vocabulary import CHANNELS, DELETION_TYPES, REQUEST_STATUSES, REQUEST_TYPES

# The event written to the history for each status a request moves to.
EVENT_FOR_STATUS = {
    "sent": "sent", "acknowledged": "acknowledged", "extended": "extension-notified",
    "answered-complete": "answered-complete", "answered-partial": "answered-partial",
    "refused": "refused", "overdue": "overdue", "escalated": "complaint-filed",
    "closed": "closed",
}
ANSWERED = ("answered-complete", "answered-partial", "refused", "closed")
MAX_REPLY_BYTES = 200 * 1024 * 1024


@dataclass(frozen=True)
class HistoryEntry:
    event: str
    on: date
    note: str | None
    document_id: str | None

    def to_json(self) -> dict[str, object]:
        return {"event": self.event, "on": self.on.isoformat(), "note": self.note,
                "document_id": self.document_id}


@dataclass(frozen=True)
class RequestInfo:
    id: str
    reference: str
    company_id: str
    company: str
    company_country: str | None
    regime: str
    type: str
    agreement_id: str | None
    recording_ids: tuple[str, ...]
    channel: str | None
    sent_on: date | None
    received_on: date | None
    received_estimated: bool
    extension_notified_on: date | None
    stored_status: str
    company_reference: str | None
    parent_id: str | None
    notes: str | None
    history: tuple[HistoryEntry, ...]
    documents: tuple[tuple[str, str, str], ...]  # (id, kind, original name)
    deadlines: Deadlines | None
    created_at: datetime

    def status_on(self, on: date) -> str:
        """The stored status, or overdue once the due date has passed unanswered."""
        if self.deadlines is None or self.stored_status in (*ANSWERED, "escalated"):
            return self.stored_status
        # effective_due counts an extension only if it was notified in time.
        return "overdue" if on > self.deadlines.effective_due else self.stored_status

    def to_json(self, on: date) -> dict[str, object]:
        d = self.deadlines

        def iso(value: date | None) -> str | None:
            return value.isoformat() if value else None

        return {
            "id": self.id, "reference": self.reference, "company_id": self.company_id,
            "company": self.company, "regime": self.regime, "type": self.type,
            "agreement_id": self.agreement_id, "recordings": list(self.recording_ids),
            "channel": self.channel, "sent_on": iso(self.sent_on),
            "received_on": iso(self.received_on), "received_estimated": self.received_estimated,
            "extension_notified_on": iso(self.extension_notified_on),
            "status": self.status_on(on), "company_reference": self.company_reference,
            "parent_id": self.parent_id, "notes": self.notes,
            "due_nominal": iso(d.due_nominal) if d else None,
            "due": iso(d.due) if d else None,
            "due_extended_max": iso(d.due_extended_max) if d else None,
            "extension_notice_by": iso(d.extension_notice_by) if d else None,
            "acknowledge_by": iso(d.acknowledge_by) if d else None,
            "deadline_rule": d.rule_text if d else None,
            "history": [h.to_json() for h in self.history],
            "documents": [{"id": i, "kind": k, "name": n} for i, k, n in self.documents],
            "created_at": utc_text(self.created_at),
        }


def split_country(code: str | None) -> tuple[str | None, str | None]:
    """'GB-SCT' -> ('GB', 'SCT'); 'DE' -> ('DE', None)."""
    if not code:
        return None, None
    country, _, subdivision = code.partition("-")
    return country, subdivision or None


def _deadlines(row: DataRequest, company: Company) -> Deadlines | None:
    # BIPA/CUBI destruction has a date of its own (see reminders), not a reply period.
    if row.received_on is None or not has_deadline(row.regime, row.type):
        return None
    country, subdivision = split_country(company.country)
    return compute_deadlines(row.regime, row.type, row.received_on, country or "",
                             subdivision, row.extension_notified_on)


def _info(session: Session, row: DataRequest) -> RequestInfo:
    company = session.get(Company, row.company_id)
    assert company is not None
    recordings = tuple(session.scalars(select(request_recording.c.recording_id).where(
        request_recording.c.request_id == row.id)))
    return RequestInfo(
        id=row.id, reference=row.reference, company_id=company.id, company=company.name,
        company_country=company.country, regime=row.regime, type=row.type,
        agreement_id=row.agreement_id, recording_ids=recordings, channel=row.channel,
        sent_on=row.sent_on, received_on=row.received_on,
        received_estimated=row.received_estimated,
        extension_notified_on=row.extension_notified_on, stored_status=row.status,
        company_reference=row.company_reference, parent_id=row.parent_id, notes=row.notes,
        history=tuple(HistoryEntry(e.event, e.on, e.note, e.document_id) for e in row.events),
        documents=tuple((d.id, d.kind, d.original_name) for d in row.documents),
        deadlines=_deadlines(row, company), created_at=row.created_at)


class RequestService:
    def __init__(self, sessions: sessionmaker[Session], blobs: BlobStore) -> None:
        self._sessions = sessions
        self._blobs = blobs

    def new(self, company: str, request_type: str, *, regime_id: str | None = None,
            recordings: Sequence[str] = (), agreement: str | None = None,
            sent_on: date | None = None, received_on: date | None = None,
            channel: str | None = None, parent: str | None = None,
            notes: str | None = None) -> RequestInfo:
        if request_type not in REQUEST_TYPES:
            raise InvalidInputError(
                f"{request_type!r} is not a request type; use one of: {', '.join(REQUEST_TYPES)}.")
        if channel is not None and channel not in CHANNELS:
            raise InvalidInputError(f"{channel!r} is not a channel; use email, post or webform.")
        if received_on is not None and sent_on is not None and received_on < sent_on:
            raise InvalidInputError("A request cannot be received before it was sent.")
        with self._sessions.begin() as session:
            holder = find_one(session, Company, company, "company", Company.name)
            chosen = regime_id or regime_for_country(holder.country or "")
            if chosen is None:
                raise InvalidInputError(
                    f"Holdfast cannot tell which law applies to {holder.name} "
                    f"(country {holder.country or 'not set'}); choose one with --regime.")
            offered = regime(chosen).request_types
            if request_type not in offered and request_type not in ("follow-up", "complaint"):
                raise InvalidInputError(
                    f"{regime(chosen).name} has no {request_type!r} request; "
                    f"it offers: {', '.join(offered)}.")
            row = DataRequest(company_id=holder.id, regime=chosen, type=request_type,
                              reference=self._next_reference(session, sent_on or date.today()),
                              channel=channel, notes=(notes or "").strip() or None)
            if agreement is not None:
                row.agreement_id = find_one(session, Agreement, agreement, "agreement").id
            if parent is not None:
                row.parent_id = find_one(session, DataRequest, parent, "request").id
            session.add(row)
            session.flush()
            for key in recordings:
                rec = find_one(session, Recording, key, "recording")
                session.execute(request_recording.insert().values(request_id=row.id,
                                                                  recording_id=rec.id))
            if sent_on is not None:
                self._mark_sent(session, row, sent_on, received_on)
            session.flush()
            return _info(session, row)

    @staticmethod
    def _next_reference(session: Session, on: date) -> str:
        prefix = f"HF-{on.year}-"
        count = session.scalar(select(func.count()).select_from(DataRequest).where(
            DataRequest.reference.startswith(prefix))) or 0
        return f"{prefix}{count + 1:04d}"

    @staticmethod
    def _mark_sent(session: Session, row: DataRequest, sent_on: date,
                   received_on: date | None) -> None:
        row.sent_on = sent_on
        # Post takes days: without a known receipt date we use the sending date and
        # say it is an estimate (the real deadline may then be a little later).
        row.received_on = received_on or sent_on
        row.received_estimated = received_on is None and row.channel == "post"
        row.status = "sent"
        session.add(RequestEvent(request_id=row.id, event="sent", on=sent_on))
        parent = session.get(DataRequest, row.parent_id) if row.parent_id else None
        if parent is not None and row.type in ("follow-up", "complaint"):
            # The original request's history shows what was done about it.
            event = "follow-up-sent" if row.type == "follow-up" else "complaint-filed"
            session.add(RequestEvent(request_id=parent.id, event=event, on=sent_on,
                                     note=row.reference))
            if row.type == "complaint":
                parent.status = "escalated"

    def update(self, key: str, status: str, on: date, *, note: str | None = None,
               attach: Path | None = None, received_on: date | None = None,
               company_reference: str | None = None,
               channel: str | None = None) -> RequestInfo:
        if status not in REQUEST_STATUSES:
            raise InvalidInputError(
                f"{status!r} is not a request status; use one of: {', '.join(REQUEST_STATUSES)}.")
        if channel is not None and channel not in CHANNELS:
            raise InvalidInputError(f"{channel!r} is not a channel; use email, post or webform.")
        if received_on is not None and received_on < on and status == "sent":
            raise InvalidInputError("A request cannot be received before it was sent.")
        document_id = None
        pending: list[PendingBlob] = []
        with self._blob_transaction(pending) as session:
            row = find_one(session, DataRequest, key, "request")
            if status == "draft":
                raise InvalidInputError("A request cannot go back to draft.")
            if row.status == "draft" and status != "sent":
                raise InvalidInputError("Mark the request as sent first.")
            if row.sent_on is not None and on < row.sent_on:
                raise InvalidInputError(
                    f"{on} is before the request was sent ({row.sent_on}).")
            if attach is not None:
                document_id = self._store_document(session, row, attach, "reply", pending)
            if company_reference:
                row.company_reference = company_reference.strip()
            if status == "sent" and row.sent_on is None:
                if channel is not None:  # how it went out is known only once it is sent
                    row.channel = channel
                self._mark_sent(session, row, on, received_on)
                if note or document_id:
                    row.events[-1].note = (note or "").strip() or None
                    row.events[-1].document_id = document_id
            else:
                if status == "extended":
                    row.extension_notified_on = on
                row.status = status
                session.add(RequestEvent(request_id=row.id, event=EVENT_FOR_STATUS[status],
                                         on=on, note=(note or "").strip() or None,
                                         document_id=document_id))
            session.flush()
            session.expire(row)
            return _info(session, row)

    def store_letter(self, key: str, name: str, data: bytes, media_type: str) -> str:
        """Keep the letter as sent, encrypted beside the request; returns the document id."""
        pending: list[PendingBlob] = []
        with self._blob_transaction(pending) as session:
            row = find_one(session, DataRequest, key, "request")
            return self._store_bytes(session, row, name, data, media_type, "letter", pending)

    def discard_draft(self, key: str) -> str:
        """Delete a request that was never sent, with any letter kept for it; its reference."""
        with self._sessions() as session:
            row = find_one(session, DataRequest, key, "request")
            if row.status != "draft":
                raise InvalidInputError(
                    f"Request {row.reference} has been sent; only a draft can be discarded.")
            request_id, reference = row.id, row.reference
            blob_ids = [d.blob_id for d in row.documents]
        with self._blobs.removing(blob_ids), self._sessions.begin() as session:
            session.delete(session.get_one(DataRequest, request_id))
        return reference

    @contextlib.contextmanager
    def _blob_transaction(self, pending: list[PendingBlob]) -> Iterator[Session]:
        """A transaction whose new blobs move into place only once it has committed."""
        try:
            with self._sessions.begin() as session:
                yield session
        except BaseException:
            for blob in pending:
                self._blobs.discard(blob)
            raise
        for blob in pending:
            self._blobs.commit(blob)

    def _store_document(self, session: Session, row: DataRequest, path: Path, kind: str,
                        pending: list[PendingBlob]) -> str:
        with open_source(path) as handle:
            data = handle.read(MAX_REPLY_BYTES + 1)
        if len(data) > MAX_REPLY_BYTES:
            raise InvalidInputError(f"{path.name} is over 200 MB, too large for a reply.")
        return self._store_bytes(session, row, path.name, data, guess_media_type(path.name),
                                 kind, pending)

    def _store_bytes(self, session: Session, row: DataRequest, name: str, data: bytes,
                     media_type: str, kind: str, pending: list[PendingBlob]) -> str:
        try:
            blob = self._blobs.write(io.BytesIO(data))
        except OSError as exc:
            raise StorageError(f"Could not store {name}: {exc.strerror or exc}.") from None
        pending.append(blob)
        document = RequestDocument(request_id=row.id, kind=kind, original_name=name,
                                   media_type=media_type, size=len(data),
                                   sha256=hashlib.sha256(data).hexdigest(),
                                   blob_id=blob.blob_id)
        session.add(document)
        session.flush()
        return document.id

    def read_document(self, document_id: str) -> tuple[str, bytes]:
        """(original name, bytes) of a stored letter or reply, checked against its SHA-256."""
        with self._sessions() as session:
            doc = find_one(session, RequestDocument, document_id, "document")
            name, blob_id, sha = doc.original_name, doc.blob_id, doc.sha256
        return name, self._blobs.read_checked(blob_id, sha, name)

    def get(self, key: str) -> RequestInfo:
        with self._sessions() as session:
            return _info(session, find_one(session, DataRequest, key, "request"))

    def list(self) -> list[RequestInfo]:
        with self._sessions() as session:
            rows = session.scalars(select(DataRequest).order_by(DataRequest.created_at))
            return [_info(session, row) for row in rows]

    def blob_ids(self) -> set[str]:
        with self._sessions() as session:
            return set(session.scalars(select(RequestDocument.blob_id)))

    def verify(self, report: VerifyReport) -> None:
        with self._sessions() as session:
            rows = [(d.id, d.original_name) for d in session.scalars(select(RequestDocument))]
        for doc_id, name in rows:
            try:
                self.read_document(doc_id)
            except DamagedFileError:
                report.problems.append(f"Request document {doc_id[:8]} ({name}) is damaged, "
                                       "missing or has been tampered with.")

    def deletion_events(self) -> Mapping[str, DeletionEvents]:
        """Per agreement: when deletion was asked for and when the company confirmed it."""
        events: dict[str, DeletionEvents] = {}
        with self._sessions() as session:
            rows = session.scalars(select(DataRequest).where(
                DataRequest.type.in_(DELETION_TYPES), DataRequest.sent_on.is_not(None)))
            for row in rows:
                confirmed = next((e.on for e in row.events
                                  if e.event == "answered-complete"), None)
                agreement_ids = {row.agreement_id} if row.agreement_id else set()
                recording_ids = session.scalars(select(request_recording.c.recording_id).where(
                    request_recording.c.request_id == row.id)).all()
                if recording_ids:
                    agreement_ids |= set(session.scalars(
                        select(Holding.agreement_id).join(
                            Agreement, Agreement.id == Holding.agreement_id)
                        .where(Holding.recording_id.in_(recording_ids),
                               Agreement.company_id == row.company_id)))
                for agreement_id in agreement_ids:
                    before = events.get(agreement_id, DeletionEvents())
                    first = before.requested_on is None or (
                        row.sent_on is not None and row.sent_on < before.requested_on)
                    events[agreement_id] = DeletionEvents(
                        requested_on=_earliest(before.requested_on, row.sent_on),
                        confirmed_on=_earliest(before.confirmed_on, confirmed),
                        request_reference=row.reference if first else before.request_reference)
        return events


def _earliest(a: date | None, b: date | None) -> date | None:
    if a is None:
        return b
    if b is None:
        return a
    return min(a, b)
