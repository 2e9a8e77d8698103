"""Agreement status on a date: pure functions."""

from __future__ import annotations

from datetime import date

import pytest

from vault.analysis.status import (
    DeletionEvents,
    TermFacts,
    add_months,
    current_end,
    status_on,
)


@pytest.mark.parametrize(("start", "months", "expected"), [
    (date(2026, 1, 31), 1, date(2026, 2, 28)),
    (date(2028, 1, 31), 1, date(2028, 2, 29)),
    (date(2026, 3, 31), 1, date(2026, 4, 30)),
    (date(2026, 11, 15), 2, date(2027, 1, 15)),
    (date(2026, 12, 31), 12, date(2027, 12, 31)),
])
def test_add_months_clamps_to_month_end(start: date, months: int, expected: date) -> None:
    assert add_months(start, months) == expected


TERM = TermFacts(effective_on=date(2026, 1, 1), ends_on=date(2026, 12, 31), perpetual=False,
                 deletion_clause="days-after-end", deletion_days=30)


@pytest.mark.parametrize(("on", "status", "deletion_due"), [
    (date(2025, 12, 31), "not-started", None),
    (date(2026, 6, 1), "active", None),
    (date(2026, 12, 1), "expiring", date(2027, 1, 30)),
    (date(2026, 12, 31), "expiring", date(2027, 1, 30)),
    (date(2027, 1, 1), "ended", date(2027, 1, 30)),
])
def test_status_through_a_term(on: date, status: str, deletion_due: date | None) -> None:
    state = status_on(TERM, on)
    assert (state.status, state.deletion_due) == (status, deletion_due)
    assert state.until == date(2026, 12, 31)


def test_perpetual_is_active_forever() -> None:
    terms = TermFacts(date(2020, 1, 1), None, True)
    state = status_on(terms, date(2099, 1, 1))
    assert (state.status, state.until) == ("active", None)


def test_revoked_and_deletion_events() -> None:
    revoked = TermFacts(date(2026, 1, 1), date(2027, 1, 1), False, revoked_on=date(2026, 5, 1),
                        deletion_clause="days-after-end", deletion_days=14)
    assert status_on(revoked, date(2026, 4, 30)).status == "active"
    state = status_on(revoked, date(2026, 5, 1))
    assert (state.status, state.deletion_due) == ("revoked", date(2026, 5, 15))
    events = DeletionEvents(requested_on=date(2026, 6, 1), confirmed_on=date(2026, 6, 20))
    assert status_on(revoked, date(2026, 6, 2), events).status == "deletion-requested"
    assert status_on(revoked, date(2026, 6, 20), events).status == "deletion-confirmed"


def test_auto_renewal_rolls_the_end_forward() -> None:
    renewing = TermFacts(date(2025, 1, 31), date(2025, 7, 31), False, auto_renews=True,
                         renewal_months=6)
    assert current_end(renewing, date(2026, 3, 1)) == date(2026, 7, 31)
    assert status_on(renewing, date(2026, 7, 10)).status == "expiring"
    assert current_end(renewing, date(2025, 8, 1)) == date(2026, 1, 31)


def test_on_request_deletion_has_no_due_date() -> None:
    terms = TermFacts(date(2026, 1, 1), date(2026, 2, 1), False, deletion_clause="on-request")
    state = status_on(terms, date(2026, 3, 1))
    assert (state.status, state.deletion_due) == ("ended", None)
