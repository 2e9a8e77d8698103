"""What fell due while Holdfast was closed: a pure function over reminders and two dates.

The caller keeps the date Holdfast was last open (in QSettings, under `last_open_key`) and
passes it in; nothing here reads or writes settings.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from vault.services.reminders import Reminder


def last_open_key(vault_id: str) -> str:
    """The QSettings key for the day this vault was last open (one per vault)."""
    return f"reminders/last_open/{vault_id}"


def parse_last_open(value: object) -> date | None:
    """The stored last-open day (an ISO date string), or None if missing or unreadable."""
    if isinstance(value, date):
        return value
    if not isinstance(value, str):
        return None
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        return None


def fell_due_while_closed(reminders: Sequence[Reminder], last_open: date | None,
                          today: date) -> list[Reminder]:
    """Reminders whose day came after `last_open` and up to `today`, still not done.

    A reminder's day is the end of its snooze if it was snoozed, else its due date; a
    reminder still snoozed past today is left out. With no last-open day (the first start)
    there is nothing to sum up: the reminders page shows what is due.
    """
    if last_open is None or last_open >= today:
        return []
    found = []
    for reminder in reminders:
        if reminder.done_on is not None:
            continue
        if last_open < due_day(reminder) <= today:
            found.append(reminder)
    return sorted(found, key=lambda r: (due_day(r), r.title))


def due_day(reminder: Reminder) -> date:
    """The day a reminder asks for attention: its due date, or the end of its snooze."""
    return max(reminder.due_on, reminder.snoozed_until or reminder.due_on)
