"""Reminders as an iCalendar file (RFC 5545), with stable UIDs and alarms."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta

from icalendar import Alarm, Calendar, Event

from vault.services.reminders import Reminder

# A namespace of our own: the same vault and reminder always give the same UID, so
# importing the file again updates the events instead of duplicating them.
_UID_NAMESPACE = uuid.UUID("5b0d8f5e-7c1a-4f57-9d35-2f9e4a1c6b10")


def reminder_uid(vault_id: str, key: str) -> str:
    return f"{uuid.uuid5(_UID_NAMESPACE, f'{vault_id}/{key}')}@holdfast"


def reminders_to_ics(reminders: Sequence[Reminder], vault_id: str,
                     now: datetime | None = None) -> bytes:
    stamp = (now or datetime.now(UTC)).replace(microsecond=0)
    calendar = Calendar()
    calendar.add("prodid", "-//Holdfast//Reminders//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", "Holdfast")
    for reminder in reminders:
        if reminder.done_on is not None:
            continue
        day = reminder.snoozed_until or reminder.due_on
        event = Event()
        event.add("uid", reminder_uid(vault_id, reminder.key))
        event.add("dtstamp", stamp)
        event.add("dtstart", day)  # an all-day event
        event.add("dtend", day + timedelta(days=1))
        event.add("summary", reminder.title)
        event.add("description", reminder.detail)
        event.add("categories", ["Holdfast"])
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", reminder.title)
        alarm.add("trigger", timedelta(hours=9))  # 9:00 on the day
        event.add_component(alarm)
        calendar.add_component(event)
    return bytes(calendar.to_ical())
