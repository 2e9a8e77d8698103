"""The user's own identity for letters: kept in the encrypted database, never elsewhere."""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, replace

from sqlalchemy.orm import Session, sessionmaker

from vault.errors import InvalidInputError
from vault.models import Setting

PROFILE_KEY = "profile"
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


@dataclass(frozen=True)
class Profile:
    name: str = ""
    email: str = ""
    postal_address: str | None = None
    country: str | None = None
    # (platform, id) pairs: the minimal identifiers a company needs to find the data.
    account_ids: tuple[tuple[str, str], ...] = ()

    @property
    def complete(self) -> bool:
        return bool(self.name and self.email)

    def to_json(self) -> dict[str, object]:
        data = asdict(self)
        data["account_ids"] = [list(pair) for pair in self.account_ids]
        return data


def parse_account_ids(text: str) -> tuple[tuple[str, str], ...]:
    """'gigly:W-2291, voicebank:vb-88' -> (('gigly', 'W-2291'), ('voicebank', 'vb-88'))."""
    pairs = []
    for item in text.split(","):
        if not item.strip():
            continue
        platform, sep, ident = item.partition(":")
        if not sep or not platform.strip() or not ident.strip():
            raise InvalidInputError(
                f"{item.strip()!r} is not an account id; write it as platform:id.")
        pairs.append((platform.strip(), ident.strip()))
    return tuple(pairs)


class ProfileService:
    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self._sessions = sessions

    def get(self) -> Profile:
        with self._sessions() as session:
            row = session.get(Setting, PROFILE_KEY)
            data = row.value if row is not None and isinstance(row.value, dict) else {}
        return Profile(
            name=str(data.get("name", "")), email=str(data.get("email", "")),
            postal_address=data.get("postal_address"), country=data.get("country"),
            account_ids=tuple((str(p), str(i)) for p, i in data.get("account_ids", [])))

    def update(self, **changes: object) -> Profile:
        profile = replace(self.get(), **changes)  # type: ignore[arg-type]
        if profile.email and not _EMAIL.match(profile.email):
            raise InvalidInputError(f"{profile.email!r} is not an e-mail address.")
        if profile.country:
            profile = replace(profile, country=profile.country.strip().upper())
        with self._sessions.begin() as session:
            session.merge(Setting(key=PROFILE_KEY, value=profile.to_json()))
        return profile
