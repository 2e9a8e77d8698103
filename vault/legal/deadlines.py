"""When an answer is due: calendar arithmetic for privacy-law deadlines.

Pure functions of their arguments, the regime table (resources/regimes/regimes.json,
read once) and the public-holiday data of the `holidays` package. Periods are counted
the way legal-facts.md states them: a GDPR/UK month is the same day-number next month
(clamped to the month's end), never a flat 30 or 31 days; day counts are receipt + N;
business days skip weekends and public holidays. An end on a non-working day moves to
the next working day where the regime says so, and both dates are reported.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

import holidays
from holidays.version import __version__ as _holidays_version

from vault.legal.regimes import DeadlineRule, Regime, normalise_code, regime

HOLIDAYS_VERSION: str = _holidays_version  # record it with a stored deadline
_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December")
_NUMBERS = {1: "One", 2: "Two", 3: "Three"}
_EVENT_LABELS = {"receipt": "receipt", "id-received": "ID received", "fee-paid": "fee paid"}


class UnknownCalendarError(ValueError):
    """The holidays package has no calendar for this country or subdivision."""


class NoDeadlineError(ValueError):
    """The request type has no response period of its own under this regime."""


def long_date(day: date) -> str:
    """'Saturday 28 February 2026', independent of the process locale."""
    return f"{_WEEKDAYS[day.weekday()]} {day.day} {_MONTHS[day.month - 1]} {day.year}"


# --- calendars ----------------------------------------------------------------------------

def _split(country: str, subdivision: str | None) -> tuple[str, str | None]:
    """Accept 'GB' + 'SCT', 'GB-SCT' + None or 'GB' + 'GB-SCT'; aliases like UK -> GB."""
    code, sub = normalise_code(country)
    if subdivision:
        sub = subdivision.strip().upper()
        if sub.startswith(f"{code}-"):
            sub = sub[len(code) + 1:]
    return code, sub or None


@lru_cache(maxsize=64)
def _holidays(country: str, subdivision: str | None) -> holidays.HolidayBase:
    try:
        # English names so that rule texts read the same for every country.
        return holidays.country_holidays(country, subdiv=subdivision, language="en_US")
    except NotImplementedError as exc:
        place = f"{country}-{subdivision}" if subdivision else country
        raise UnknownCalendarError(f"No public-holiday calendar for {place!r}.") from exc


def _calendar(country: str, subdivision: str | None) -> holidays.HolidayBase:
    return _holidays(*_split(country, subdivision))


def _why_not_working(day: date, cal: holidays.HolidayBase | None) -> str | None:
    """'the weekend', a holiday's name, or None for a working day."""
    if day.weekday() >= 5:
        return "the weekend"
    if cal is not None and day in cal:
        return str(cal.get(day))
    return None


def _roll(day: date, cal: holidays.HolidayBase | None) -> tuple[date, list[str]]:
    reasons: list[str] = []
    while (why := _why_not_working(day, cal)) is not None:
        if why not in reasons:
            reasons.append(why)
        day += timedelta(days=1)
    return day, reasons


def _add_business(start: date, n: int, cal: holidays.HolidayBase | None) -> date:
    # The day of receipt is day 0; the next working day is business day 1.
    day, left = start, n
    while left > 0:
        day += timedelta(days=1)
        if _why_not_working(day, cal) is None:
            left -= 1
    return day


def is_working_day(day: date, country: str, subdivision: str | None = None) -> bool:
    return _why_not_working(day, _calendar(country, subdivision)) is None


def roll_to_working_day(day: date, country: str, subdivision: str | None = None) -> date:
    """The day itself if it is a working day, else the next one (Saturday, Sunday and the
    public holidays of country/subdivision are not working days; for the UK give the
    nation: GB-ENG, GB-WLS, GB-SCT or GB-NIR)."""
    return _roll(day, _calendar(country, subdivision))[0]


def add_business_days(start: date, n: int, country: str,
                      subdivision: str | None = None) -> date:
    """n working days after start, not counting start itself (10 business days from
    Monday 2 March 2026 is Monday 16 March 2026)."""
    if n < 0:
        raise ValueError("The number of business days cannot be negative.")
    return _add_business(start, n, _calendar(country, subdivision))


def add_calendar_months(start: date, n: int) -> date:
    """The same day-number n months later, or that month's last day if it is shorter
    (31 January + 1 month = 28 or 29 February; 31 March + 1 = 30 April)."""
    index = start.year * 12 + start.month - 1 + n
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(start.day, last))


# --- regime deadlines ---------------------------------------------------------------------

@dataclass(frozen=True)
class Deadlines:
    regime_id: str
    request_type: str
    received_on: date
    start: date  # when the clock started (UK: latest of receipt, ID received, fee paid)
    due_nominal: date  # end of the period before any move to a working day
    due: date  # the date the answer is due
    due_safe: date | None  # CCPA: day 44, safe against counting disputes
    due_extended_max_nominal: date | None
    due_extended_max: date | None  # latest date with a valid extension; None if none exists
    extension_notice_by: date | None  # an extension must be notified by this day
    extension_notified_on: date | None
    extension_applies: bool  # notified, and in time
    effective_due: date  # due_extended_max if the extension applies, else due
    acknowledge_by: date | None  # None where the regime has no acknowledgement duty
    calendar: str  # the holiday calendar used: "GB-ENG", "US-CA", or "weekends only"
    refs: tuple[str, ...]
    unverified: bool  # the rule rests on a fact legal-facts.md marks as unverified
    rule_text: str
    notes: tuple[str, ...]


def _period_end(kind: str, n: int, start: date, cal: holidays.HolidayBase | None) -> date:
    if kind == "calendar-months":
        return add_calendar_months(start, n)
    if kind == "calendar-days":
        return start + timedelta(days=n)
    return _add_business(start, n, cal)


def _period_words(kind: str, n: int) -> str:
    if kind == "calendar-months":
        unit = "calendar month" if n == 1 else "calendar months"
        return f"{_NUMBERS.get(n, str(n))} {unit} from"
    unit = "calendar days" if kind == "calendar-days" else "business days"
    return f"{n} {unit} after"


def _join(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def _resolve_calendar(rg: Regime, country: str, subdivision: str | None,
                      notes: list[str]) -> tuple[holidays.HolidayBase | None, str]:
    if rg.calendar.pinned:
        code, sub = _split(rg.calendar.pinned, None)
    else:
        code, sub = _split(country, subdivision)
        if sub is None and code:
            sub = dict(rg.calendar.default_subdivisions).get(code)
            if sub is not None:
                notes.append(f"No nation or region was given, so the {code}-{sub} holiday "
                             "calendar was used.")
    if not code:
        notes.append("The company's country is not known: only weekends were skipped, not "
                     "public holidays.")
        return None, "weekends only"
    try:
        return _holidays(code, sub), f"{code}-{sub}" if sub else code
    except UnknownCalendarError:
        pass
    if sub is not None:
        try:
            cal = _holidays(code, None)
        except UnknownCalendarError:
            pass
        else:
            notes.append(f"No holiday calendar for {code}-{sub}; national holidays of {code} "
                         "were used.")
            return cal, code
    notes.append(f"No holiday calendar for {code}: only weekends were skipped.")
    return None, "weekends only"


def _clock_start(rule: DeadlineRule, received_on: date, id_received_on: date | None,
                 fee_paid_on: date | None, notes: list[str]) -> tuple[date, str]:
    start, event = received_on, "receipt"
    for name, when in (("id-received", id_received_on), ("fee-paid", fee_paid_on)):
        if when is None:
            continue
        if when < received_on:
            raise ValueError(f"The {_EVENT_LABELS[name]} date {when} is before the request "
                             f"was received ({received_on}).")
        if name not in rule.start:
            notes.append(f"Under this law the clock runs from receipt; the "
                         f"{_EVENT_LABELS[name]} date does not move it.")
        elif when > start:
            start, event = when, name
    return start, _EVENT_LABELS[event]


def has_deadline(regime_id: str, request_type: str) -> bool:
    """Whether compute_deadlines gives dates for this request type under this regime."""
    rg = regime(regime_id)
    return request_type in rg.request_types and rg.rule(request_type).deadline is not None


def compute_deadlines(regime_id: str, request_type: str, received_on: date, country: str,
                      subdivision: str | None = None,
                      extension_notified_on: date | None = None, *,
                      id_received_on: date | None = None, fee_paid_on: date | None = None,
                      paused_days: int = 0) -> Deadlines:
    """The due dates of a request received by a company in country/subdivision.

    country is the company's (its public holidays count); CCPA always uses California's.
    An extension notice after extension_notice_by does not extend (legal-facts.md: valid
    only if notified within the first period). paused_days (UK, requests from 5 Feb 2026)
    adds days the clock stood still while the company awaited a needed clarification.
    Raises NoDeadlineError for request types without a period of their own (follow-up,
    BIPA/CUBI destruction: see bipa_destruction_due / cubi_destruction_due).
    """
    rg = regime(regime_id)
    rule = rg.rule(request_type).deadline
    if rule is None:
        raise NoDeadlineError(f"A {request_type} under {rg.short_name} has no response "
                              "period of its own.")
    if paused_days < 0:
        raise ValueError("Paused days cannot be negative.")
    if extension_notified_on is not None and extension_notified_on < received_on:
        raise ValueError(f"The extension notice ({extension_notified_on}) is dated before "
                         f"the request was received ({received_on}).")
    notes: list[str] = []
    cal, cal_name = _resolve_calendar(rg, country, subdivision, notes)
    start, event = _clock_start(rule, received_on, id_received_on, fee_paid_on, notes)
    pause = 0
    if paused_days:
        if rule.pause_from is not None and received_on >= rule.pause_from:
            pause = paused_days
            notes.append("The clarification pause rests on Art 12A, whose exact text is "
                         "unverified.")
        else:
            notes.append("Paused days were ignored: this law (or a request received before "
                         "the pause rule began) has no clarification pause.")
    extra = timedelta(days=pause)
    nominal = _period_end(rule.kind, rule.n, start, cal) + extra
    due, reasons = _roll(nominal, cal) if rule.roll else (nominal, [])

    text = f"{_period_words(rule.kind, rule.n)} {long_date(start)} ({event})"
    if rule.kind == "business-days":
        text += (", skipping weekends only," if cal is None
                 else f", skipping weekends and {cal_name} public holidays,")
    if pause:
        text += f" plus {pause} paused day{'s' if pause > 1 else ''}"
    text += f" ends on {long_date(nominal)}"
    if rule.kind == "calendar-months" and not pause and nominal.day != start.day:
        month = _MONTHS[nominal.month - 1]
        text += f" (there is no {start.day} {month}, so the month's last day)"
    if due != nominal:
        text += f", moved to {long_date(due)} because of {_join(reasons)}"
    elif rule.roll and rule.kind != "business-days":
        text += ", a working day"
    rule_text = text + "."

    ext_nominal = ext_due = notice_by = None
    applies = False
    if rule.extension is not None:
        ext = rule.extension
        ext_nominal = _period_end(ext.kind, ext.total, start, cal) + extra
        ext_due = _roll(ext_nominal, cal)[0] if rule.roll else ext_nominal
        # The first period ends on `due`; a notice on that day is still within it.
        notice_by = due if ext.notice_within_first_period else ext_due
        notes.append(f"With an extension notified by {long_date(notice_by)}, the latest date "
                     f"is {long_date(ext_due)}.")
        if extension_notified_on is not None:
            applies = extension_notified_on <= notice_by
            if not applies:
                notes.append(f"The extension notice of {long_date(extension_notified_on)} came "
                             "after the first period ended, so it does not extend the "
                             "deadline.")
    elif extension_notified_on is not None:
        notes.append("This law allows no extension; the notice does not move the date.")

    ack = None
    if rule.acknowledgement is not None:
        a = rule.acknowledgement
        ack = _period_end(a.kind, a.n, received_on, cal)
        if a.kind != "business-days":
            ack = _roll(ack, cal)[0]
        notes.append(f"Receipt must be confirmed within {a.n} "
                     f"{a.kind.replace('-', ' ')}: by {long_date(ack)}.")
    safe = nominal - timedelta(days=1) if rule.safe_date else None
    if safe is not None:
        notes.append(f"{long_date(safe)}, a day earlier, is safe however the day of receipt "
                     "is counted.")
    if rule.unverified:
        notes.append("This period is marked unverified in the legal notes; check it before "
                     "relying on the date.")
    return Deadlines(
        regime_id=rg.id, request_type=request_type, received_on=received_on, start=start,
        due_nominal=nominal, due=due, due_safe=safe, due_extended_max_nominal=ext_nominal,
        due_extended_max=ext_due, extension_notice_by=notice_by,
        extension_notified_on=extension_notified_on, extension_applies=applies,
        effective_due=ext_due if applies and ext_due is not None else due,
        acknowledge_by=ack, calendar=cal_name, refs=rule.refs,
        unverified=rule.unverified or pause > 0,
        rule_text=rule_text, notes=tuple(notes))


# --- biometric destruction dates ----------------------------------------------------------

def bipa_destruction_due(purpose_ended_on: date | None, last_interaction_on: date | None) -> date:
    """Illinois BIPA (740 ILCS 14/15): destroy when the initial purpose is satisfied or
    within 3 years of the last interaction, whichever comes first. A missing date means
    that event has not happened (yet); at least one must be known. 29 February + 3 years
    gives 28 February (the earlier reading)."""
    retention = regime("bipa").retention
    if retention is None:
        raise ValueError("The BIPA entry in regimes.json has no retention rule.")
    candidates = [purpose_ended_on] if purpose_ended_on is not None else []
    if last_interaction_on is not None:
        candidates.append(add_calendar_months(last_interaction_on, 12 * retention.years))
    if not candidates:
        raise ValueError("Give the date the purpose ended or the date of the last "
                         "interaction.")
    return min(candidates)


def cubi_destruction_due(purpose_ended_on: date) -> date:
    """Texas CUBI (503.001(c)(3)): destroy no later than the first anniversary of the
    purpose expiring; from 29 February the anniversary is taken as 28 February."""
    retention = regime("cubi").retention
    if retention is None:
        raise ValueError("The CUBI entry in regimes.json has no retention rule.")
    return add_calendar_months(purpose_ended_on, 12 * retention.years)
