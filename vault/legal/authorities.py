"""Who takes a complaint: supervisory authorities by country.

EEA, UK and Swiss authorities come from resources/regimes/supervisory_authorities.csv
(CC0, datenanfragen/data); the others are the fixed authorities named in regimes.json.
Nothing here is fetched or guessed: a contact field the sources lack stays None.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

from vault.legal.regimes import FixedAuthority, normalise_code, regime, regime_for_country

AUTHORITIES_PATH = (Path(__file__).resolve().parents[2] / "resources" / "regimes"
                    / "supervisory_authorities.csv")
CSV_COLUMNS = ("country", "name", "web_host", "postal_address", "email", "complaint_webform",
               "source_page", "taken_from")


@dataclass(frozen=True)
class Authority:
    country: str  # the jurisdiction code it serves: "DE", "GB", "US-CA"
    name: str
    web_host: str | None
    postal_address: str | None
    email: str | None
    complaint_webform: str | None
    source_page: str | None
    taken_from: str
    note: str | None = None


def load_directory(path: Path = AUTHORITIES_PATH) -> dict[str, Authority]:
    """The CSV directory keyed by country code; empty cells become None."""
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        if tuple(reader.fieldnames or ()) != CSV_COLUMNS:
            raise ValueError(f"{path.name}: expected the columns {', '.join(CSV_COLUMNS)}.")
        directory: dict[str, Authority] = {}
        for row in reader:
            cells = {k: (v.strip() or None) if v is not None else None for k, v in row.items()}
            country, name, taken = cells["country"], cells["name"], cells["taken_from"]
            if not country or not name or not taken:
                raise ValueError(f"{path.name}: a row lacks its country, name or source.")
            directory[country] = Authority(
                country=country, name=name, web_host=cells["web_host"],
                postal_address=cells["postal_address"], email=cells["email"],
                complaint_webform=cells["complaint_webform"], source_page=cells["source_page"],
                taken_from=taken)
    return directory


@lru_cache(maxsize=1)
def _directory() -> dict[str, Authority]:
    return load_directory()


def _from_fixed(entry: FixedAuthority, general_note: str | None) -> Authority:
    return Authority(
        country=entry.jurisdiction, name=entry.name, web_host=entry.web_host,
        postal_address=entry.postal_address, email=entry.email,
        complaint_webform=entry.complaint_webform, source_page=None,
        taken_from=entry.source, note=entry.note or general_note)


def authorities_for(code: str) -> tuple[Authority, ...]:
    """Every authority that takes complaints for a place, the main one first.

    'DE' -> the Federal Commissioner with a note on the Land authorities; 'GB-SCT' -> ICO;
    'US-CA' -> CalPrivacy and the Attorney General; unknown places -> ().
    """
    country, sub = normalise_code(code)
    if not country:
        return ()
    regime_id = regime_for_country(code)
    rule = regime(regime_id).authority if regime_id else None
    found = _directory().get(country)
    if found is not None:
        note = rule.note_for(country) if rule else None
        return (replace(found, note=note),)
    if rule is None or rule.kind != "fixed":
        return ()
    full = f"{country}-{sub}" if sub else country
    entries = [e for e in rule.fixed if e.jurisdiction == full] or [
        e for e in rule.fixed if e.jurisdiction == country]
    return tuple(_from_fixed(e, rule.note) for e in entries)


def authority_for(code: str) -> Authority | None:
    """The main authority for a country or subdivision code, or None if none is known."""
    found = authorities_for(code)
    return found[0] if found else None


def authorities_for_regime(regime_id: str, code: str) -> tuple[Authority, ...]:
    """Authorities of a given regime; for biometric statutes that have no general law entry.

    The GDPR directory is looked up by the person's country (Art 77: where they live or
    work); regimes with one regulator (ICO, FDPIC) use that regulator's country.
    """
    rule = regime(regime_id).authority
    if rule.kind == "directory":
        country = rule.directory_country or normalise_code(code)[0]
        found = _directory().get(country)
        return (replace(found, note=rule.note_for(country)),) if found else ()
    if rule.kind != "fixed":
        return ()
    country, sub = normalise_code(code)
    full = f"{country}-{sub}" if sub else country
    entries = [e for e in rule.fixed if e.jurisdiction in (full, country)]
    if not entries and len(regime(regime_id).jurisdictions) == 1:
        entries = list(rule.fixed)  # one-place law: its regulator, wherever the person is
    return tuple(_from_fixed(e, rule.note) for e in entries)
