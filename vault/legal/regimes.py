"""The privacy laws Holdfast knows, read from resources/regimes/regimes.json.

The rules live in data so that a checked fact can be corrected without touching code;
this module only parses, validates and looks them up. Loading is strict: a malformed
file raises RegimeDataError naming the field, rather than giving a wrong date later.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal, cast

from vault.vocabulary import DATA_KINDS, REQUEST_TYPES

REGIMES_PATH = Path(__file__).resolve().parents[2] / "resources" / "regimes" / "regimes.json"

PeriodKind = Literal["calendar-months", "calendar-days", "business-days"]
PERIOD_KINDS: tuple[str, ...] = ("calendar-months", "calendar-days", "business-days")
START_EVENTS = ("receipt", "id-received", "fee-paid")
AUTHORITY_KINDS = ("directory", "fixed", "courts", "none")
RETENTION_KINDS = ("earlier-of-purpose-end-or-after-last-interaction", "after-purpose-end")
SCOPES = ("general", "biometric")


class RegimeDataError(ValueError):
    """regimes.json is missing a field or holds a value the code does not understand."""


class UnknownRegimeError(LookupError):
    """No regime has this id."""


class NotOfferedError(LookupError):
    """The regime has no request of this type."""


@dataclass(frozen=True)
class ExtensionRule:
    kind: PeriodKind
    total: int  # counted from the same start as the first period, not from its end
    notice_within_first_period: bool
    reasons_required: bool
    refs: tuple[str, ...]
    note: str | None


@dataclass(frozen=True)
class AcknowledgementRule:
    kind: PeriodKind
    n: int
    refs: tuple[str, ...]
    note: str | None


@dataclass(frozen=True)
class DeadlineRule:
    id: str
    kind: PeriodKind
    n: int
    start: tuple[str, ...]  # the clock starts at the latest of these events
    roll: bool  # a weekend/holiday end moves to the next working day
    safe_date: bool  # also show the day before the limit (CCPA day 44)
    pause_from: date | None  # requests received from then on may add paused days
    refs: tuple[str, ...]
    unverified: bool
    note: str | None
    extension: ExtensionRule | None
    acknowledgement: AcknowledgementRule | None


@dataclass(frozen=True)
class RequestTypeRule:
    request_type: str
    refs: tuple[str, ...]
    deadline: DeadlineRule | None  # None: no response period of its own
    note: str | None


@dataclass(frozen=True)
class FixedAuthority:
    jurisdiction: str
    name: str
    web_host: str | None
    postal_address: str | None
    email: str | None
    complaint_webform: str | None
    source: str
    note: str | None


@dataclass(frozen=True)
class AuthorityRule:
    kind: Literal["directory", "fixed", "courts", "none"]
    directory_country: str | None  # None with kind "directory": the person's own country
    note: str | None
    country_notes: tuple[tuple[str, str], ...]
    fixed: tuple[FixedAuthority, ...]

    def note_for(self, country: str) -> str | None:
        return dict(self.country_notes).get(country)


@dataclass(frozen=True)
class CalendarRule:
    pinned: str | None  # e.g. "US-CA": always this calendar, whatever the company's country
    default_subdivisions: tuple[tuple[str, str], ...]  # e.g. GB -> ENG when none is given
    note: str | None


@dataclass(frozen=True)
class RetentionRule:
    kind: Literal["earlier-of-purpose-end-or-after-last-interaction", "after-purpose-end"]
    years: int
    refs: tuple[str, ...]
    unverified: bool
    note: str | None


@dataclass(frozen=True)
class Regime:
    id: str
    name: str
    short_name: str
    law: str
    scope: Literal["general", "biometric"]
    jurisdictions: tuple[str, ...]
    request_types: tuple[str, ...]
    rules: tuple[RequestTypeRule, ...]
    biometric_kinds: tuple[str, ...]  # data kinds that bring a biometric-only regime in
    calendar: CalendarRule
    authority: AuthorityRule
    retention: RetentionRule | None
    notes: tuple[str, ...]

    def rule(self, request_type: str) -> RequestTypeRule:
        for rule in self.rules:
            if rule.request_type == request_type:
                return rule
        raise NotOfferedError(f"{self.short_name} offers no {request_type!r} request; "
                       f"it offers: {', '.join(self.request_types)}.")


# --- parsing ------------------------------------------------------------------------------

def _get(obj: Mapping[str, Any], key: str, where: str, ok: Callable[[Any], bool],
         expected: str, optional: bool = False) -> Any:
    if key not in obj:
        raise RegimeDataError(f"{where}: missing field {key!r}.")
    value = obj[key]
    if (value is not None or not optional) and not ok(value):
        raise RegimeDataError(f"{where}.{key}: expected {expected}, got {value!r}.")
    return value


def _field(obj: Mapping[str, Any], key: str, where: str) -> Any:
    return _get(obj, key, where, lambda v: True, "anything")


def _text(obj: Mapping[str, Any], key: str, where: str, *, optional: bool = False) -> Any:
    return _get(obj, key, where, lambda v: isinstance(v, str) and bool(v.strip()),
                "a non-empty string", optional)


def _int(obj: Mapping[str, Any], key: str, where: str) -> int:
    return cast(int, _get(obj, key, where, lambda v: type(v) is int and v > 0,
                          "a positive whole number"))


def _bool(obj: Mapping[str, Any], key: str, where: str) -> bool:
    return cast(bool, _get(obj, key, where, lambda v: isinstance(v, bool), "true or false"))


def _strings(obj: Mapping[str, Any], key: str, where: str) -> tuple[str, ...]:
    return tuple(_get(obj, key, where, lambda v: isinstance(v, list) and all(
        isinstance(s, str) and s for s in v), "a list of strings"))


def _choice(obj: Mapping[str, Any], key: str, where: str, allowed: tuple[str, ...]) -> Any:
    return _get(obj, key, where, lambda v: v in allowed, f"one of {', '.join(allowed)}")


def _mapping(value: Any, where: str) -> Mapping[str, Any]:
    if not isinstance(value, dict):
        raise RegimeDataError(f"{where}: expected an object, got {type(value).__name__}.")
    return cast(Mapping[str, Any], value)


def _code(value: str, where: str) -> str:
    country, _, sub = value.partition("-")
    if len(country) != 2 or not country.isalpha() or not country.isupper() or (
            sub and not sub.isalnum()):
        raise RegimeDataError(f"{where}: {value!r} is not a country code like 'DE' or 'US-CA'.")
    return value


def _extension(raw: Any, where: str) -> ExtensionRule | None:
    if raw is None:
        return None
    obj = _mapping(raw, where)
    return ExtensionRule(
        kind=_choice(obj, "kind", where, PERIOD_KINDS), total=_int(obj, "total", where),
        notice_within_first_period=_bool(obj, "notice_within_first_period", where),
        reasons_required=_bool(obj, "reasons_required", where),
        refs=_strings(obj, "refs", where), note=_text(obj, "note", where, optional=True))


def _acknowledgement(raw: Any, where: str) -> AcknowledgementRule | None:
    if raw is None:
        return None
    obj = _mapping(raw, where)
    return AcknowledgementRule(
        kind=_choice(obj, "kind", where, PERIOD_KINDS), n=_int(obj, "n", where),
        refs=_strings(obj, "refs", where), note=_text(obj, "note", where, optional=True))


def _deadline(timing_id: str, raw: Any, where: str) -> DeadlineRule:
    obj = _mapping(raw, where)
    start = _strings(obj, "start", where)
    if not start or any(s not in START_EVENTS for s in start):
        raise RegimeDataError(f"{where}.start: use some of {', '.join(START_EVENTS)}.")
    pause = _text(obj, "pause_from", where, optional=True)
    try:
        pause_from = date.fromisoformat(pause) if pause else None
    except ValueError as exc:
        raise RegimeDataError(f"{where}.pause_from: {pause!r} is not a date.") from exc
    rule = DeadlineRule(
        id=timing_id, kind=_choice(obj, "kind", where, PERIOD_KINDS), n=_int(obj, "n", where),
        start=start, roll=_bool(obj, "roll", where), safe_date=_bool(obj, "safe_date", where),
        pause_from=pause_from, refs=_strings(obj, "refs", where),
        unverified=_bool(obj, "unverified", where), note=_text(obj, "note", where, optional=True),
        extension=_extension(_field(obj, "extension", where), f"{where}.extension"),
        acknowledgement=_acknowledgement(_field(obj, "acknowledgement", where),
                                         f"{where}.acknowledgement"))
    ext = rule.extension
    # An extension must end after the first period and be measured the same way.
    if ext is not None and (ext.kind != rule.kind or ext.total <= rule.n):
        raise RegimeDataError(
            f"{where}.extension: total must be longer than the first period, same kind.")
    return rule


def _authority(raw: Any, where: str) -> AuthorityRule:
    obj = _mapping(raw, where)
    fixed: list[FixedAuthority] = []
    for i, item in enumerate(_get(obj, "fixed", where, lambda v: isinstance(v, list), "a list")):
        w = f"{where}.fixed[{i}]"
        entry = _mapping(item, w)
        contacts = {k: _text(entry, k, w, optional=True)
                    for k in ("web_host", "postal_address", "email", "complaint_webform", "note")}
        fixed.append(FixedAuthority(jurisdiction=_code(_text(entry, "jurisdiction", w), w),
                                    name=_text(entry, "name", w), source=_text(entry, "source", w),
                                    **contacts))
    notes = _mapping(_field(obj, "country_notes", where), f"{where}.country_notes")
    kind = _choice(obj, "kind", where, AUTHORITY_KINDS)
    if kind == "fixed" and not fixed:
        raise RegimeDataError(f"{where}: kind 'fixed' needs at least one authority.")
    directory_country = _text(obj, "directory_country", where, optional=True)
    return AuthorityRule(
        kind=kind, directory_country=directory_country,
        note=_text(obj, "note", where, optional=True),
        country_notes=tuple((_code(k, where), _text(notes, k, where)) for k in notes),
        fixed=tuple(fixed))


def _retention(raw: Any, where: str) -> RetentionRule | None:
    if raw is None:
        return None
    obj = _mapping(raw, where)
    return RetentionRule(
        kind=_choice(obj, "kind", where, RETENTION_KINDS), years=_int(obj, "years", where),
        refs=_strings(obj, "refs", where), unverified=_bool(obj, "unverified", where),
        note=_text(obj, "note", where, optional=True))


def _calendar(raw: Any, where: str) -> CalendarRule:
    obj = _mapping(raw, where)
    pinned = _text(obj, "pinned", where, optional=True)
    defaults = _mapping(_field(obj, "default_subdivisions", where), where)
    return CalendarRule(
        pinned=_code(pinned, where) if pinned else None,
        default_subdivisions=tuple((_code(k, where), _text(defaults, k, where))
                                   for k in defaults),
        note=_text(obj, "note", where, optional=True))


def parse_regime(raw: Any) -> Regime:
    """One regime object from regimes.json, checked field by field."""
    obj = _mapping(raw, "regime")
    rid = _text(obj, "id", "regime")
    where = f"regime {rid!r}"
    timings_raw = _mapping(_field(obj, "timings", where), f"{where}.timings")
    timings = {tid: _deadline(tid, t, f"{where}.timings.{tid}") for tid, t in timings_raw.items()}
    rules: list[RequestTypeRule] = []
    for rtype, rraw in _mapping(_field(obj, "request_types", where), where).items():
        w = f"{where}.request_types.{rtype}"
        if rtype not in REQUEST_TYPES:
            raise RegimeDataError(f"{w}: {rtype!r} is not in the request-type vocabulary.")
        robj = _mapping(rraw, w)
        timing_id = _text(robj, "timing", w, optional=True)
        if timing_id is not None and timing_id not in timings:
            raise RegimeDataError(f"{w}.timing: no timing called {timing_id!r}.")
        rules.append(RequestTypeRule(
            request_type=rtype, refs=_strings(robj, "refs", w),
            deadline=timings[timing_id] if timing_id is not None else None,
            note=_text(robj, "note", w, optional=True)))
    kinds = _strings(obj, "biometric_kinds", where)
    if any(k not in DATA_KINDS for k in kinds):
        raise RegimeDataError(f"{where}.biometric_kinds: use data kinds from the vocabulary.")
    scope = _choice(obj, "scope", where, SCOPES)
    if scope == "biometric" and not kinds:
        raise RegimeDataError(f"{where}: a biometric regime needs biometric_kinds.")
    jurisdictions = tuple(_code(j, where) for j in _strings(obj, "jurisdictions", where))
    if not jurisdictions or not rules:
        raise RegimeDataError(f"{where}: needs jurisdictions and request types.")
    return Regime(
        id=rid, name=_text(obj, "name", where), short_name=_text(obj, "short_name", where),
        law=_text(obj, "law", where), scope=scope, jurisdictions=jurisdictions,
        request_types=tuple(r.request_type for r in rules), rules=tuple(rules),
        biometric_kinds=kinds, calendar=_calendar(_field(obj, "calendar", where), where),
        authority=_authority(_field(obj, "authority", where), f"{where}.authority"),
        retention=_retention(_field(obj, "retention", where), f"{where}.retention"),
        notes=_strings(obj, "notes", where))


@dataclass(frozen=True)
class RegimeTable:
    regimes: tuple[Regime, ...]
    country_aliases: tuple[tuple[str, str], ...]


def parse_table(raw: Any) -> RegimeTable:
    top = _mapping(raw, "regimes.json")
    if _field(top, "format", "regimes.json") != 1:
        raise RegimeDataError("regimes.json: unknown format version.")
    items = _field(top, "regimes", "regimes.json")
    if not isinstance(items, list) or not items:
        raise RegimeDataError("regimes.json: 'regimes' must be a non-empty list.")
    regimes = tuple(parse_regime(item) for item in items)
    ids = [r.id for r in regimes]
    if len(set(ids)) != len(ids):
        raise RegimeDataError("regimes.json: regime ids must be unique.")
    general = [j for r in regimes if r.scope == "general" for j in r.jurisdictions]
    if len(set(general)) != len(general):
        # Two general regimes for one place would make regime_for_country a guess.
        raise RegimeDataError("regimes.json: a jurisdiction belongs to two general regimes.")
    aliases = _mapping(_field(top, "country_aliases", "regimes.json"), "country_aliases")
    return RegimeTable(regimes, tuple((k, _text(aliases, k, "country_aliases"))
                                      for k in aliases))


def load_table(path: Path = REGIMES_PATH) -> RegimeTable:
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise RegimeDataError(f"Cannot read the regime data {path}: {exc}") from exc
    return parse_table(raw)


@lru_cache(maxsize=1)
def _table() -> RegimeTable:
    return load_table()


# --- lookups ------------------------------------------------------------------------------

def all_regimes() -> tuple[Regime, ...]:
    return _table().regimes


def regime(regime_id: str) -> Regime:
    for r in _table().regimes:
        if r.id == regime_id:
            return r
    known = ", ".join(r.id for r in _table().regimes)
    raise UnknownRegimeError(f"No regime {regime_id!r}; known: {known}.")


def normalise_code(code: str) -> tuple[str, str | None]:
    """'gb-sct' -> ('GB', 'SCT'); 'UK' -> ('GB', None); '' -> ('', None)."""
    country, _, sub = code.strip().upper().partition("-")
    country = dict(_table().country_aliases).get(country, country)
    return country, sub or None


def _matching(code: str, scope: str) -> list[Regime]:
    country, sub = normalise_code(code)
    if not country:
        return []
    full = f"{country}-{sub}" if sub else country
    candidates = [r for r in _table().regimes if r.scope == scope]
    exact = [r for r in candidates if full in r.jurisdictions]
    # A whole-country jurisdiction covers its subdivisions (GB covers GB-SCT, CA covers CA-QC).
    return exact or [r for r in candidates if country in r.jurisdictions]


def regime_for_country(code: str) -> str | None:
    """The general privacy law for a country or subdivision code ('DE', 'GB-SCT', 'US-CA')."""
    found = _matching(code, "general")
    return found[0].id if found else None


def regimes_for(code: str, data_kinds: Iterable[str]) -> tuple[str, ...]:
    """The general law plus any biometric statute that the data kinds bring in.

    BIPA and CUBI cover voiceprints and face geometry; a voice clip or face scan is
    treated as in scope because the buyer can make a template from it (legal-facts.md).
    """
    kinds = set(data_kinds)
    unknown = kinds - set(DATA_KINDS)
    if unknown:
        raise ValueError(f"Unknown data kind(s): {', '.join(sorted(unknown))}.")
    general = regime_for_country(code)
    found = [general] if general else []
    found += [r.id for r in _matching(code, "biometric") if kinds & set(r.biometric_kinds)]
    return tuple(found)
