"""Companies: the organisations that hold the user's data, and intermediaries."""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, fields
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from vault.errors import InvalidInputError
from vault.models import Company
from vault.models.base import utc_text
from vault.services.lookup import find_one

_COUNTRY = re.compile(r"^[A-Z]{2}(-[A-Z0-9]{1,3})?$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
EDITABLE_FIELDS = ("name", "legal_name", "country", "postal_address", "privacy_email",
                   "dpo_contact", "website", "web_form", "notes")


@dataclass(frozen=True)
class CompanyInfo:
    id: str
    name: str
    legal_name: str | None
    country: str | None
    postal_address: str | None
    privacy_email: str | None
    dpo_contact: str | None
    website: str | None
    web_form: str | None
    notes: str | None
    created_at: datetime
    updated_at: datetime

    @classmethod
    def of(cls, row: Company) -> CompanyInfo:
        return cls(**{f.name: getattr(row, f.name) for f in fields(cls)})

    def to_json(self) -> dict[str, object]:
        data = asdict(self)
        data["created_at"] = utc_text(self.created_at)
        data["updated_at"] = utc_text(self.updated_at)
        return data


def _clean(values: dict[str, str | None]) -> dict[str, str | None]:
    cleaned: dict[str, str | None] = {}
    for key, value in values.items():
        if key not in EDITABLE_FIELDS:
            raise InvalidInputError(f"Companies have no field {key!r}.")
        text = value.strip() if isinstance(value, str) else None
        cleaned[key] = text or None
    if "name" in cleaned and not cleaned["name"]:
        raise InvalidInputError("A company needs a name.")
    country = cleaned.get("country")
    if country:
        country = country.upper()
        if not _COUNTRY.match(country):
            raise InvalidInputError(
                f"{country!r} is not a country code: use two letters such as DE or US, "
                "or a region such as US-CA.")
        cleaned["country"] = country
    email = cleaned.get("privacy_email")
    if email and not _EMAIL.match(email):
        raise InvalidInputError(f"{email!r} is not an e-mail address.")
    for key in ("website", "web_form"):
        url = cleaned.get(key)
        if url and not re.match(r"^https?://", url, re.IGNORECASE):
            cleaned[key] = "https://" + url
    return cleaned


class CompanyService:
    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self._sessions = sessions

    def add(self, name: str, **values: str | None) -> CompanyInfo:
        data = _clean({"name": name, **values})
        with self._sessions.begin() as session:
            self._check_unique_name(session, data["name"] or "", None)
            company = Company(**data)
            session.add(company)
            session.flush()
            return CompanyInfo.of(company)

    def list(self) -> list[CompanyInfo]:
        with self._sessions() as session:
            rows = session.scalars(select(Company).order_by(func.lower(Company.name)))
            return [CompanyInfo.of(row) for row in rows]

    def get(self, key: str) -> CompanyInfo:
        """By id, unique id prefix, or exact name (any case)."""
        with self._sessions() as session:
            return CompanyInfo.of(find_one(session, Company, key, "company", Company.name))

    def update(self, key: str, **values: str | None) -> CompanyInfo:
        data = _clean(values)
        with self._sessions.begin() as session:
            company = find_one(session, Company, key, "company", Company.name)
            if "name" in data:
                self._check_unique_name(session, data["name"] or "", company.id)
            for field, value in data.items():
                setattr(company, field, value)
            session.flush()
            return CompanyInfo.of(company)

    def remove(self, key: str) -> None:
        with self._sessions.begin() as session:
            session.delete(find_one(session, Company, key, "company", Company.name))

    @staticmethod
    def _check_unique_name(session: Session, name: str, own_id: str | None) -> None:
        clash = session.scalars(
            select(Company).where(func.lower(Company.name) == name.lower())).first()
        if clash is not None and clash.id != own_id:
            raise InvalidInputError(f"There is already a company named {clash.name!r}.")
