"""The terms a person enters for an agreement, checked in one place."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, fields, replace
from datetime import date
from decimal import Decimal, InvalidOperation

from vault.analysis.status import TermFacts
from vault.errors import InvalidInputError
from vault.vocabulary import (
    DATA_KINDS,
    DELETION_CLAUSES,
    PAY_MODELS,
    PERMITTED_USES,
    REVOCABLE,
)

_CURRENCY = re.compile(r"^[A-Z]{3}$")


@dataclass(frozen=True)
class AgreementTerms:
    """Everything editable about an agreement except its company and documents."""

    title: str
    signed_on: date
    effective_on: date | None = None
    ends_on: date | None = None
    perpetual: bool = False
    auto_renews: bool = False
    renewal_months: int | None = None
    renewal_notice_days: int | None = None
    revocable: str = "yes"
    revocation_notice_days: int | None = None
    revoked_on: date | None = None
    deletion_clause: str = "not-stated"
    deletion_days: int | None = None
    permitted_uses: tuple[str, ...] = ()
    data_kinds: tuple[str, ...] = ()
    exclusive: bool = False
    territory: str | None = None
    pay_model: str | None = None
    amount: str | None = None
    currency: str | None = None
    governing_law: str | None = None
    reference: str | None = None
    notes: str | None = None
    via: str | None = field(default=None, compare=False)  # company key, resolved by the service

    def facts(self) -> TermFacts:
        """The parts that decide the status on a date (after check_terms)."""
        return TermFacts(self.effective_on or self.signed_on, self.ends_on, self.perpetual,
                         self.auto_renews, self.renewal_months, self.revoked_on,
                         self.deletion_clause, self.deletion_days)

    def column_values(self) -> dict[str, object]:
        values = {f.name: getattr(self, f.name) for f in fields(self) if f.name != "via"}
        values["permitted_uses"] = list(self.permitted_uses)
        values["data_kinds"] = list(self.data_kinds)
        return values


def parse_revocable(text: str) -> tuple[str, int | None]:
    """yes | no | notice:N (N days of notice)."""
    value = text.strip().lower()
    if value in ("yes", "no"):
        return value, None
    match = re.fullmatch(r"notice:(\d{1,4})", value)
    if match:
        return "notice", int(match.group(1))
    raise InvalidInputError(f"{text!r} is not a revocability: use yes, no or notice:DAYS.")


def parse_list(text: str, allowed: tuple[str, ...], noun: str) -> tuple[str, ...]:
    items: list[str] = []
    for raw in text.split(","):
        item = raw.strip().lower()
        if not item:
            continue
        if item not in allowed:
            raise InvalidInputError(
                f"{item!r} is not a {noun}; use one of: {', '.join(allowed)}.")
        if item not in items:
            items.append(item)
    return tuple(items)


def check_terms(terms: AgreementTerms) -> AgreementTerms:
    """Normalise and validate; raise InvalidInputError with one sentence on the first problem."""
    title = terms.title.strip()
    if not title:
        raise InvalidInputError("An agreement needs a title.")
    effective = terms.effective_on or terms.signed_on
    if terms.perpetual and terms.ends_on is not None:
        raise InvalidInputError("An agreement cannot both end on a date and be perpetual.")
    if not terms.perpetual and terms.ends_on is None:
        raise InvalidInputError("Give the date the agreement ends, or say it is perpetual.")
    if terms.ends_on is not None and terms.ends_on < effective:
        raise InvalidInputError(
            f"The agreement ends ({terms.ends_on}) before it starts ({effective}).")
    if terms.auto_renews and not terms.renewal_months:
        raise InvalidInputError("An agreement that renews itself needs the renewal period.")
    if terms.revocable not in REVOCABLE:
        raise InvalidInputError(f"{terms.revocable!r} is not a revocability.")
    if terms.revocable == "notice" and terms.revocation_notice_days is None:
        raise InvalidInputError("Say how many days of notice revoking the agreement needs.")
    if terms.deletion_clause not in DELETION_CLAUSES:
        raise InvalidInputError(f"{terms.deletion_clause!r} is not a deletion clause.")
    if terms.deletion_clause == "days-after-end" and terms.deletion_days is None:
        raise InvalidInputError("Say within how many days after the end data is deleted.")
    for number, name in ((terms.deletion_days, "deletion days"),
                         (terms.renewal_months, "renewal months"),
                         (terms.renewal_notice_days, "renewal notice days"),
                         (terms.revocation_notice_days, "notice days")):
        if number is not None and not 0 <= number <= 36500:
            raise InvalidInputError(f"The {name} must be between 0 and 36500.")
    if terms.revoked_on is not None and terms.revoked_on < terms.signed_on:
        raise InvalidInputError("An agreement cannot be revoked before it was signed.")
    for use in terms.permitted_uses:
        if use not in PERMITTED_USES:
            raise InvalidInputError(f"{use!r} is not a permitted use.")
    for kind in terms.data_kinds:
        if kind not in DATA_KINDS:
            raise InvalidInputError(f"{kind!r} is not a data kind.")
    if terms.pay_model is not None and terms.pay_model not in PAY_MODELS:
        raise InvalidInputError(
            f"{terms.pay_model!r} is not a pay model; use one of: {', '.join(PAY_MODELS)}.")
    amount = normalise_amount(terms.amount) if terms.amount is not None else None
    currency = normalise_currency(terms.currency) if terms.currency is not None else None
    if amount is not None and currency is None:
        raise InvalidInputError("Give the currency of the amount, e.g. --currency USD.")
    return replace(terms, title=title, effective_on=effective, amount=amount, currency=currency,
                   territory=_blank(terms.territory), governing_law=_blank(terms.governing_law),
                   reference=_blank(terms.reference), notes=_blank(terms.notes))


def normalise_amount(text: str) -> str:
    try:
        value = Decimal(text.strip().replace(",", ""))
    except InvalidOperation:
        raise InvalidInputError(f"{text!r} is not an amount of money.") from None
    if not value.is_finite() or value < 0:
        raise InvalidInputError(f"{text!r} is not an amount of money.")
    return str(value.quantize(Decimal("0.01")))


def normalise_currency(text: str) -> str:
    code = text.strip().upper()
    if not _CURRENCY.match(code):
        raise InvalidInputError(f"{text!r} is not a currency code; use three letters, e.g. EUR.")
    return code


def _blank(text: str | None) -> str | None:
    return (text.strip() or None) if text is not None else None
