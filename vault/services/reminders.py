"""Reminders derived from agreements and requests (never typed twice), plus the user's own.

Each derived reminder has a stable key (kind:record:detail) so that snooze and
done survive, and the calendar export can give it a stable UID.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from vault.analysis.status import DeletionEvents, add_months, current_end
from vault.errors import InvalidInputError, NotFoundError
from vault.legal.deadlines import bipa_destruction_due, cubi_destruction_due
from vault.models import Company, ReminderState, Setting, UserReminder
from vault.services.agreements import AgreementInfo
from vault.services.lookup import find_one
from vault.services.requests import RequestInfo

ENDING_NOTICE_DAYS = (30, 7, 1)
REQUEST_DUE_NOTICE_DAYS = (7, 1)
FOLLOW_UP_GRACE_DAYS = 14  # after a follow-up goes unanswered this long: complain
BIOMETRIC_KINDS = ("face", "voice", "gait")
ACCESS_CHECK_KEY = "yearly_access_check"


@dataclass(frozen=True)
class Reminder:
    key: str
    due_on: date
    title: str
    detail: str
    action: str  # what to do: "request-deletion", "follow-up", "complaint", "open", ...
    record_id: str | None  # the agreement or request it is about
    snoozed_until: date | None = None
    done_on: date | None = None
    user_made: bool = False

    def to_json(self) -> dict[str, object]:
        return {"key": self.key, "due_on": self.due_on.isoformat(), "title": self.title,
                "detail": self.detail, "action": self.action, "record_id": self.record_id,
                "snoozed_until": self.snoozed_until.isoformat() if self.snoozed_until else None,
                "done_on": self.done_on.isoformat() if self.done_on else None,
                "user_made": self.user_made}


def _words(day: date) -> str:
    return f"{day.day} {day:%B %Y}"


def agreement_reminders(agreements: Sequence[AgreementInfo], on: date,
                        events: Mapping[str, DeletionEvents]) -> list[Reminder]:
    found: list[Reminder] = []
    for a in agreements:
        t = a.terms
        name = f"{t.title!r} with {a.company_name}"
        end = current_end(t.facts(), on) if t.revoked_on is None else t.revoked_on
        if end is None:
            continue
        asked = events.get(a.id, DeletionEvents()).requested_on is not None
        if t.revoked_on is None:
            for days in ENDING_NOTICE_DAYS:
                found.append(Reminder(
                    f"agreement-ends:{a.id}:{end.isoformat()}:{days}", end - timedelta(days=days),
                    f"{name} ends in {days} day{'s' if days > 1 else ''}",
                    f"It ends on {_words(end)}. Decide whether to renew, or plan to ask for "
                    "deletion.", "open", a.id))
        if not asked:
            found.append(Reminder(
                f"deletion-due:{a.id}", end + timedelta(days=1),
                f"Ask {a.company_name} to delete your data",
                f"{name} ended on {_words(end)} and no deletion request has been sent yet.",
                "request-deletion", a.id))
        found.extend(_biometric_reminders(a, end))
    return found


def _biometric_reminders(a: AgreementInfo, end: date) -> list[Reminder]:
    """Illinois (BIPA) and Texas (CUBI) destruction dates for biometric recordings."""
    if not set(a.terms.data_kinds) & set(BIOMETRIC_KINDS):
        return []
    country = (a.company_country or "").upper()
    delivered = [r.delivered_on for r in a.recordings if r.delivered_on is not None]
    last = max(delivered) if delivered else a.terms.signed_on
    if country == "US-IL":
        due, law = bipa_destruction_due(end, last), "Illinois BIPA"
    elif country == "US-TX":
        due, law = cubi_destruction_due(end), "Texas CUBI"
    else:
        return []
    return [Reminder(f"biometric-destruction:{a.id}", due,
                     f"{a.company_name} must destroy your biometric data",
                     f"Under {law}, the biometric data under {a.terms.title!r} must be "
                     f"destroyed by {_words(due)}.", "request-deletion", a.id)]


def request_reminders(requests: Sequence[RequestInfo], on: date) -> list[Reminder]:
    found: list[Reminder] = []
    followed = {r.parent_id: r for r in requests if r.type == "follow-up" and r.parent_id}
    for r in requests:
        d = r.deadlines
        if d is None or r.stored_status in ("answered-complete", "answered-partial", "refused",
                                            "closed", "escalated"):
            continue
        name = f"{r.reference} ({r.type}) to {r.company}"
        if d.acknowledge_by and r.stored_status == "sent":
            found.append(Reminder(f"acknowledge:{r.id}", d.acknowledge_by,
                                  f"{r.company} should have acknowledged {r.reference}",
                                  f"The law asks for an acknowledgement by "
                                  f"{_words(d.acknowledge_by)}.", "open", r.id))
        limit = d.effective_due
        if d.extension_applies:
            found.append(Reminder(f"extension:{r.id}", limit,
                                  f"Extended deadline for {name}",
                                  f"They extended the time to answer; the latest date is "
                                  f"{_words(limit)}.", "open", r.id))
        for days in REQUEST_DUE_NOTICE_DAYS:
            found.append(Reminder(f"request-due:{r.id}:{limit.isoformat()}:{days}",
                                  limit - timedelta(days=days),
                                  f"Answer to {name} due in {days} day{'s' if days > 1 else ''}",
                                  f"The answer is due by {_words(limit)}.", "open", r.id))
        follow_up = followed.get(r.id)
        if follow_up is None:
            found.append(Reminder(f"overdue:{r.id}", limit + timedelta(days=1),
                                  f"{name} is overdue: send a follow-up",
                                  f"No answer arrived by {_words(limit)}.", "follow-up", r.id))
        elif follow_up.sent_on is not None and follow_up.stored_status == "sent":
            complain_on = follow_up.sent_on + timedelta(days=FOLLOW_UP_GRACE_DAYS)
            found.append(Reminder(f"complaint:{r.id}", complain_on,
                                  f"Complain about {r.reference} to the authority",
                                  f"The follow-up of {_words(follow_up.sent_on)} went "
                                  "unanswered.", "complaint", r.id))
    return found


def access_check_reminders(companies: Mapping[str, str], requests: Sequence[RequestInfo],
                           on: date) -> list[Reminder]:
    """Once a year, ask each chosen company what it holds (an access request)."""
    found = []
    for company_id, name in companies.items():
        asked = [r.sent_on for r in requests if r.company_id == company_id
                 and r.type == "access" and r.sent_on is not None]
        due = add_months(max(asked), 12) if asked else on
        found.append(Reminder(f"access-check:{company_id}:{due.isoformat()}", due,
                              f"Yearly check: ask {name} what it holds about you",
                              "An access request shows which of your data the company still "
                              "holds and who it shared it with.", "request-access", company_id))
    return found


class ReminderService:
    def __init__(self, sessions: sessionmaker[Session],
                 agreements: Callable[[], Sequence[AgreementInfo]],
                 requests: Callable[[], Sequence[RequestInfo]],
                 deletion_events: Callable[[], Mapping[str, DeletionEvents]]) -> None:
        self._sessions = sessions
        self._agreements = agreements
        self._requests = requests
        self._events = deletion_events

    def all(self, on: date) -> list[Reminder]:
        """Every reminder with its snooze/done state, soonest first."""
        requests = self._requests()
        derived = (agreement_reminders(self._agreements(), on, self._events())
                   + request_reminders(requests, on)
                   + access_check_reminders(self._access_check_companies(), requests, on))
        with self._sessions() as session:
            states = {s.key: s for s in session.scalars(select(ReminderState))}
            own = [Reminder(f"user:{u.id}", u.due_on, u.title, u.note or "", "open", None,
                            user_made=True) for u in session.scalars(select(UserReminder))]
        result = []
        for reminder in derived + own:
            state = states.get(reminder.key)
            if state is not None:
                reminder = Reminder(**{**reminder.__dict__, "snoozed_until": state.snoozed_until,
                                       "done_on": state.done_on})
            result.append(reminder)
        return sorted(result, key=lambda r: (r.due_on, r.title))

    def due(self, on: date) -> list[Reminder]:
        """What needs attention on `on`: due, not done, not snoozed past it."""
        return [r for r in self.all(on) if r.due_on <= on and r.done_on is None
                and (r.snoozed_until is None or r.snoozed_until <= on)]

    def snooze(self, key: str, until: date) -> None:
        self._set_state(key, snoozed_until=until)

    def done(self, key: str, on: date) -> None:
        self._set_state(key, done_on=on)

    def add(self, title: str, due_on: date, note: str | None = None) -> str:
        if not title.strip():
            raise InvalidInputError("A reminder needs a title.")
        with self._sessions.begin() as session:
            row = UserReminder(title=title.strip(), due_on=due_on,
                               note=(note or "").strip() or None)
            session.add(row)
            session.flush()
            return f"user:{row.id}"

    def set_yearly_access_check(self, company: str, enabled: bool = True) -> str:
        """Turn the yearly access-request reminder for one company on or off."""
        with self._sessions.begin() as session:
            holder = find_one(session, Company, company, "company", Company.name)
            row = session.get(Setting, ACCESS_CHECK_KEY)
            chosen = set(row.value) if row is not None and isinstance(row.value, list) else set()
            if enabled:
                chosen.add(holder.id)
            else:
                chosen.discard(holder.id)
            session.merge(Setting(key=ACCESS_CHECK_KEY, value=sorted(chosen)))
            return holder.name

    def _access_check_companies(self) -> dict[str, str]:
        with self._sessions() as session:
            row = session.get(Setting, ACCESS_CHECK_KEY)
            chosen = row.value if row is not None and isinstance(row.value, list) else []
            return {c.id: c.name for c in session.scalars(
                select(Company).where(Company.id.in_(chosen)))}

    def _set_state(self, key: str, **values: date) -> None:
        if key not in {r.key for r in self.all(date.today())}:
            raise NotFoundError(f"There is no reminder {key!r}.")
        with self._sessions.begin() as session:
            state = session.get(ReminderState, key) or ReminderState(key=key)
            for name, value in values.items():
                setattr(state, name, value)
            session.merge(state)
