from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import BigInteger, Float, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from vault.models.base import Base, new_id, utcnow


class Recording(Base):
    """One recording the user keeps; its content is the age file blobs/<blob_id>."""

    __tablename__ = "recording"

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    title: Mapped[str] = mapped_column(String(300))
    kind: Mapped[str] = mapped_column(String(20))
    original_name: Mapped[str | None] = mapped_column(String(1000))
    media_type: Mapped[str | None] = mapped_column(String(200))
    size: Mapped[int] = mapped_column(BigInteger)
    sha256: Mapped[str] = mapped_column(String(64))
    duration_seconds: Mapped[float | None] = mapped_column(Float)
    captured_on: Mapped[date | None]
    notes: Mapped[str | None] = mapped_column(Text)
    # Comma-separated free tags; a table of their own when something needs to query them.
    tags: Mapped[str | None] = mapped_column(Text)
    blob_id: Mapped[str] = mapped_column(String(64), unique=True)
    imported_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
