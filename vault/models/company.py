from __future__ import annotations

from datetime import datetime

from sqlalchemy import String, Text
from sqlalchemy.orm import Mapped, mapped_column

from vault.models.base import Base, new_id, utcnow


class Company(Base):
    """A company that holds (or may hold) the user's data, or an intermediary platform."""

    __tablename__ = "company"

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    legal_name: Mapped[str | None] = mapped_column(String(300))
    # ISO 3166-1 alpha-2, or ISO 3166-2 where the subdivision decides the law (US-CA, GB-SCT).
    country: Mapped[str | None] = mapped_column(String(6))
    postal_address: Mapped[str | None] = mapped_column(Text)
    privacy_email: Mapped[str | None] = mapped_column(String(320))
    dpo_contact: Mapped[str | None] = mapped_column(Text)
    website: Mapped[str | None] = mapped_column(String(500))
    web_form: Mapped[str | None] = mapped_column(String(500))
    notes: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
