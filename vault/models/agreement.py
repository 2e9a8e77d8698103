from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from vault.models.base import Base, new_id, utcnow


class Agreement(Base):
    """A licence or contract under which a company holds some of the user's recordings."""

    __tablename__ = "agreement"

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    company_id: Mapped[str] = mapped_column(ForeignKey("company.id", ondelete="RESTRICT"))
    # The platform or intermediary the agreement was made through (gig platform -> client).
    via_company_id: Mapped[str | None] = mapped_column(
        ForeignKey("company.id", ondelete="SET NULL"))
    title: Mapped[str] = mapped_column(String(300))
    reference: Mapped[str | None] = mapped_column(String(200))
    signed_on: Mapped[date]
    effective_on: Mapped[date]
    ends_on: Mapped[date | None]
    perpetual: Mapped[bool] = mapped_column(Boolean, default=False)
    auto_renews: Mapped[bool] = mapped_column(Boolean, default=False)
    renewal_months: Mapped[int | None] = mapped_column(Integer)
    renewal_notice_days: Mapped[int | None] = mapped_column(Integer)
    revocable: Mapped[str] = mapped_column(String(10), default="yes")
    revocation_notice_days: Mapped[int | None] = mapped_column(Integer)
    revoked_on: Mapped[date | None]
    deletion_clause: Mapped[str] = mapped_column(String(20), default="not-stated")
    deletion_days: Mapped[int | None] = mapped_column(Integer)
    permitted_uses: Mapped[list[str]] = mapped_column(JSON, default=list)
    data_kinds: Mapped[list[str]] = mapped_column(JSON, default=list)
    exclusive: Mapped[bool] = mapped_column(Boolean, default=False)
    territory: Mapped[str | None] = mapped_column(String(100))
    pay_model: Mapped[str | None] = mapped_column(String(20))
    # Decimal text ("12.50"): exact, and SQLite has no decimal type.
    amount: Mapped[str | None] = mapped_column(String(40))
    currency: Mapped[str | None] = mapped_column(String(3))
    governing_law: Mapped[str | None] = mapped_column(String(100))
    notes: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    documents: Mapped[list[AgreementDocument]] = relationship(
        back_populates="agreement", cascade="all, delete-orphan",
        order_by="AgreementDocument.added_at")
    holdings: Mapped[list[Holding]] = relationship(
        back_populates="agreement", cascade="all, delete-orphan")
    payments: Mapped[list[Payment]] = relationship(
        back_populates="agreement", cascade="all, delete-orphan", order_by="Payment.on")


class AgreementDocument(Base):
    """A contract PDF, terms snapshot or e-mail, stored encrypted as blobs/<blob_id>."""

    __tablename__ = "agreement_document"

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    agreement_id: Mapped[str] = mapped_column(ForeignKey("agreement.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(20), default="contract")
    original_name: Mapped[str] = mapped_column(String(1000))
    media_type: Mapped[str] = mapped_column(String(200))
    size: Mapped[int] = mapped_column(BigInteger)
    sha256: Mapped[str] = mapped_column(String(64))
    blob_id: Mapped[str] = mapped_column(String(64), unique=True)
    captured_on: Mapped[date]
    # Text read from the document once at attach time, for clause flags and search.
    extracted_text: Mapped[str | None] = mapped_column(Text)
    text_notice: Mapped[str | None] = mapped_column(Text)
    added_at: Mapped[datetime] = mapped_column(default=utcnow)

    agreement: Mapped[Agreement] = relationship(back_populates="documents")


class Holding(Base):
    """A recording delivered under an agreement: the company holds it."""

    __tablename__ = "holding"
    __table_args__ = (UniqueConstraint("agreement_id", "recording_id",
                                       name="uq_holding_agreement_recording"),)

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    agreement_id: Mapped[str] = mapped_column(ForeignKey("agreement.id", ondelete="CASCADE"))
    recording_id: Mapped[str] = mapped_column(ForeignKey("recording.id", ondelete="CASCADE"))
    delivered_on: Mapped[date | None]
    channel: Mapped[str | None] = mapped_column(String(100))

    agreement: Mapped[Agreement] = relationship(back_populates="holdings")


class Payment(Base):
    """Money expected or received under an agreement."""

    __tablename__ = "payment"

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    agreement_id: Mapped[str] = mapped_column(ForeignKey("agreement.id", ondelete="CASCADE"))
    status: Mapped[str] = mapped_column(String(10))  # expected | received
    on: Mapped[date]
    amount: Mapped[str] = mapped_column(String(40))
    currency: Mapped[str] = mapped_column(String(3))
    note: Mapped[str | None] = mapped_column(Text)

    agreement: Mapped[Agreement] = relationship(back_populates="payments")


class ObservedUse(Base):
    """A use of the user's data they saw in the world (e.g. their face in an advert)."""

    __tablename__ = "observed_use"

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    company_id: Mapped[str] = mapped_column(ForeignKey("company.id", ondelete="CASCADE"))
    recording_id: Mapped[str | None] = mapped_column(
        ForeignKey("recording.id", ondelete="SET NULL"))
    use: Mapped[str] = mapped_column(String(40))
    observed_on: Mapped[date]
    note: Mapped[str | None] = mapped_column(Text)


class Setting(Base):
    """Small per-vault preferences, e.g. the compensation floors per data kind."""

    __tablename__ = "setting"

    key: Mapped[str] = mapped_column(String(100), primary_key=True)
    value: Mapped[object] = mapped_column(JSON)
