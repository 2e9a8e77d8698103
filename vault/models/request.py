from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import BigInteger, Boolean, Column, ForeignKey, String, Table, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from vault.models.base import Base, new_id, utcnow

request_recording = Table(
    "request_recording",
    Base.metadata,
    Column("request_id", ForeignKey("request.id", ondelete="CASCADE"), primary_key=True),
    Column("recording_id", ForeignKey("recording.id", ondelete="CASCADE"), primary_key=True),
)


class DataRequest(Base):
    """A request the user sent (or will send) to a company under a privacy law."""

    __tablename__ = "request"

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    company_id: Mapped[str] = mapped_column(ForeignKey("company.id", ondelete="RESTRICT"))
    agreement_id: Mapped[str | None] = mapped_column(
        ForeignKey("agreement.id", ondelete="SET NULL"))
    regime: Mapped[str] = mapped_column(String(20))
    type: Mapped[str] = mapped_column(String(30))
    # Our own reference, printed on every letter (HF-2026-0007).
    reference: Mapped[str] = mapped_column(String(40), unique=True)
    company_reference: Mapped[str | None] = mapped_column(String(200))
    channel: Mapped[str | None] = mapped_column(String(20))
    sent_on: Mapped[date | None]
    received_on: Mapped[date | None]
    # Post arrives some days later: the receipt date is then our estimate.
    received_estimated: Mapped[bool] = mapped_column(Boolean, default=False)
    extension_notified_on: Mapped[date | None]
    status: Mapped[str] = mapped_column(String(30), default="draft")
    # The request this one follows up or escalates (follow-up, complaint).
    parent_id: Mapped[str | None] = mapped_column(ForeignKey("request.id", ondelete="SET NULL"))
    notes: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    events: Mapped[list[RequestEvent]] = relationship(
        back_populates="request", cascade="all, delete-orphan",
        order_by="(RequestEvent.on, RequestEvent.created_at)")
    documents: Mapped[list[RequestDocument]] = relationship(
        back_populates="request", cascade="all, delete-orphan",
        order_by="RequestDocument.added_at")


class RequestEvent(Base):
    """One dated step in a request's history (sent, acknowledged, refused, ...)."""

    __tablename__ = "request_event"

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    request_id: Mapped[str] = mapped_column(ForeignKey("request.id", ondelete="CASCADE"))
    event: Mapped[str] = mapped_column(String(30))
    on: Mapped[date]
    note: Mapped[str | None] = mapped_column(Text)
    document_id: Mapped[str | None] = mapped_column(
        ForeignKey("request_document.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    request: Mapped[DataRequest] = relationship(back_populates="events")


class RequestDocument(Base):
    """A letter we sent or a reply we received, stored encrypted as blobs/<blob_id>."""

    __tablename__ = "request_document"

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    request_id: Mapped[str] = mapped_column(ForeignKey("request.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(20))  # letter | reply
    original_name: Mapped[str] = mapped_column(String(1000))
    media_type: Mapped[str] = mapped_column(String(200))
    size: Mapped[int] = mapped_column(BigInteger)
    sha256: Mapped[str] = mapped_column(String(64))
    blob_id: Mapped[str] = mapped_column(String(64), unique=True)
    added_at: Mapped[datetime] = mapped_column(default=utcnow)

    request: Mapped[DataRequest] = relationship(back_populates="documents")


class ReminderState(Base):
    """Snooze and done for a derived reminder, keyed by its stable id."""

    __tablename__ = "reminder_state"

    key: Mapped[str] = mapped_column(String(200), primary_key=True)
    snoozed_until: Mapped[date | None]
    done_on: Mapped[date | None]


class UserReminder(Base):
    """A reminder the user made themselves."""

    __tablename__ = "user_reminder"

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    title: Mapped[str] = mapped_column(String(300))
    due_on: Mapped[date]
    note: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
