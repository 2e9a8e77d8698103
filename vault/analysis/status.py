"""An agreement's status on a given date: pure functions over its terms.

Requests (a later part) feed `DeletionEvents` in: when deletion was requested
and when it was confirmed. Everything else comes from the agreement itself.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta

EXPIRING_WITHIN_DAYS = 30
_MAX_RENEWALS = 1200  # a century of monthly renewals: a bound, not a business rule


@dataclass(frozen=True)
class TermFacts:
    """The parts of an agreement that decide its status."""

    effective_on: date
    ends_on: date | None
    perpetual: bool
    auto_renews: bool = False
    renewal_months: int | None = None
    revoked_on: date | None = None
    deletion_clause: str = "not-stated"
    deletion_days: int | None = None


@dataclass(frozen=True)
class DeletionEvents:
    requested_on: date | None = None
    confirmed_on: date | None = None
    request_reference: str | None = None  # the deletion request, to link to from holdings


@dataclass(frozen=True)
class StatusAt:
    status: str  # one of vault.vocabulary.AGREEMENT_STATUSES
    until: date | None  # end of the current term; None when perpetual
    deletion_due: date | None  # when the company must have deleted, if the terms say


def add_months(day: date, months: int) -> date:
    """Same day-number `months` later, clamped to the month's end (31 Jan + 1 = 28/29 Feb)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def current_end(terms: TermFacts, on: date) -> date | None:
    """The end of the term running on `on`, following automatic renewals."""
    if terms.perpetual or terms.ends_on is None:
        return None
    end = terms.ends_on
    if terms.auto_renews and terms.renewal_months and terms.revoked_on is None:
        renewals = 0
        while end < on and renewals < _MAX_RENEWALS:
            renewals += 1
            end = add_months(terms.ends_on, terms.renewal_months * renewals)
    return end


def deletion_due(terms: TermFacts, ended_on: date) -> date | None:
    if terms.deletion_clause == "days-after-end" and terms.deletion_days is not None:
        return ended_on + timedelta(days=terms.deletion_days)
    return None


def status_on(terms: TermFacts, on: date, events: DeletionEvents | None = None) -> StatusAt:
    events = events or DeletionEvents()
    end = current_end(terms, on)
    if events.confirmed_on is not None and events.confirmed_on <= on:
        return StatusAt("deletion-confirmed", end, None)
    if events.requested_on is not None and events.requested_on <= on:
        return StatusAt("deletion-requested", end, None)
    if terms.revoked_on is not None and terms.revoked_on <= on:
        return StatusAt("revoked", terms.revoked_on, deletion_due(terms, terms.revoked_on))
    if on < terms.effective_on:
        return StatusAt("not-started", end, None)
    if end is None:
        return StatusAt("active", None, None)
    if on > end:
        return StatusAt("ended", end, deletion_due(terms, end))
    if (end - on).days <= EXPIRING_WITHIN_DAYS:
        return StatusAt("expiring", end, deletion_due(terms, end))
    return StatusAt("active", end, None)
