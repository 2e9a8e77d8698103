"""Deadline arithmetic against the worked examples of legal-facts.md and edge cases.

Weekdays and holidays in the expectations were checked against a calendar; the
holiday data itself comes from the `holidays` package.
"""

from __future__ import annotations

import dataclasses
from datetime import date

import pytest

from vault.legal.deadlines import (
    Deadlines,
    NoDeadlineError,
    UnknownCalendarError,
    add_business_days,
    add_calendar_months,
    bipa_destruction_due,
    compute_deadlines,
    cubi_destruction_due,
    has_deadline,
    is_working_day,
    long_date,
    roll_to_working_day,
)
from vault.legal.regimes import NotOfferedError, UnknownRegimeError

D = date

# --- legal-facts.md, "Worked examples (weekdays checked)" ----------------------------------

GDPR_PLACES = [("gdpr", "DE", None), ("gdpr", "FR", None), ("gdpr", "IE", None),
               ("uk-gdpr", "GB", "ENG"), ("uk-gdpr", "GB", "SCT")]


@pytest.mark.parametrize(("regime_id", "country", "sub"), GDPR_PLACES)
def test_worked_example_1_sat_31_jan_2026(regime_id: str, country: str, sub: str | None) -> None:
    """Row 1: received Sat 31 Jan 2026 -> Sat 28 Feb, rolled Mon 2 Mar, extended Thu 30 Apr."""
    d = compute_deadlines(regime_id, "erasure", D(2026, 1, 31), country, sub)
    assert d.due_nominal == D(2026, 2, 28)
    assert d.due == D(2026, 3, 2)
    assert d.due_extended_max == D(2026, 4, 30)
    assert d.extension_notice_by == D(2026, 3, 2)
    assert d.acknowledge_by is None


@pytest.mark.parametrize(("regime_id", "country", "sub"), GDPR_PLACES)
def test_worked_example_2_thu_3_sep_2026(regime_id: str, country: str, sub: str | None) -> None:
    """Row 2: received Thu 3 Sep 2026 -> Sat 3 Oct, rolled Mon 5 Oct, extended Thu 3 Dec."""
    d = compute_deadlines(regime_id, "access", D(2026, 9, 3), country, sub)
    assert (d.due_nominal, d.due, d.due_extended_max) == (
        D(2026, 10, 3), D(2026, 10, 5), D(2026, 12, 3))


def test_worked_example_3_uk_england_wales_christmas() -> None:
    """Row 3: UK (E&W) received Wed 25 Nov 2026 -> Fri 25 Dec, rolled Tue 29 Dec (Christmas,
    weekend, Boxing Day observed on Mon 28 Dec), extended Thu 25 Feb 2027."""
    d = compute_deadlines("uk-gdpr", "erasure", D(2026, 11, 25), "GB", "ENG")
    assert (d.due_nominal, d.due, d.due_extended_max) == (
        D(2026, 12, 25), D(2026, 12, 29), D(2027, 2, 25))
    assert d.calendar == "GB-ENG"
    assert d.rule_text == (
        "One calendar month from Wednesday 25 November 2026 (receipt) ends on Friday "
        "25 December 2026, moved to Tuesday 29 December 2026 because of Christmas Day, the "
        "weekend and Boxing Day (observed).")


def test_worked_example_4_ccpa_mon_2_mar_2026() -> None:
    """Row 4: CCPA received Mon 2 Mar 2026 -> ack Mon 16 Mar; reply Wed 15 Apr (safe) /
    Thu 16 Apr (limit); extended max Mon 1 Jun 2026 (day 90 is Sunday 31 May)."""
    d = compute_deadlines("ccpa", "erasure", D(2026, 3, 2), "US", "CA")
    assert d.acknowledge_by == D(2026, 3, 16)
    assert d.due_safe == D(2026, 4, 15)
    assert d.due_nominal == d.due == D(2026, 4, 16)
    assert d.due_extended_max_nominal == D(2026, 5, 31)
    assert d.due_extended_max == D(2026, 6, 1)
    assert d.extension_notice_by == D(2026, 4, 16)


def test_worked_example_5_lgpd_and_pipeda_mon_2_mar_2026() -> None:
    """Row 5: received Mon 2 Mar 2026 -> LGPD Tue 17 Mar; PIPEDA Wed 1 Apr, extended Fri 1 May."""
    lgpd = compute_deadlines("lgpd", "access", D(2026, 3, 2), "BR")
    assert lgpd.due_nominal == lgpd.due == D(2026, 3, 17)
    assert lgpd.due_extended_max is None and lgpd.extension_notice_by is None
    pipeda = compute_deadlines("pipeda", "access", D(2026, 3, 2), "CA")
    assert pipeda.due == D(2026, 4, 1)
    assert pipeda.due_extended_max == D(2026, 5, 1)


def test_ico_counting_examples() -> None:
    """UK section, ICO counting: 31 Mar -> 30 Apr; 25 Nov -> 27 Dec (the ICO's year was one
    where 25-26 Dec fell on Wed-Thu, e.g. 2019, so Friday 27 Dec was the next working day)."""
    assert compute_deadlines("uk-gdpr", "access", D(2026, 3, 31), "GB", "ENG").due == D(
        2026, 4, 30)
    assert compute_deadlines("uk-gdpr", "access", D(2019, 11, 25), "GB", "ENG").due == D(
        2019, 12, 27)


def test_rule_text_for_a_clamped_weekend_date() -> None:
    d = compute_deadlines("gdpr", "erasure", D(2026, 1, 31), "DE")
    assert d.rule_text == (
        "One calendar month from Saturday 31 January 2026 (receipt) ends on Saturday "
        "28 February 2026 (there is no 31 February, so the month's last day), moved to Monday "
        "2 March 2026 because of the weekend.")


# --- calendar months ----------------------------------------------------------------------

@pytest.mark.parametrize(("start", "n", "expected"), [
    (D(2026, 1, 31), 1, D(2026, 2, 28)),
    (D(2028, 1, 31), 1, D(2028, 2, 29)),  # leap year
    (D(2028, 1, 29), 1, D(2028, 2, 29)),
    (D(2028, 2, 29), 1, D(2028, 3, 29)),
    (D(2028, 2, 29), 12, D(2029, 2, 28)),
    (D(2026, 3, 31), 1, D(2026, 4, 30)),
    (D(2026, 3, 30), 1, D(2026, 4, 30)),
    (D(2026, 8, 31), 1, D(2026, 9, 30)),
    (D(2026, 12, 31), 1, D(2027, 1, 31)),  # year end
    (D(2026, 11, 30), 3, D(2027, 2, 28)),
    (D(2026, 12, 15), 1, D(2027, 1, 15)),
    (D(2026, 3, 31), -1, D(2026, 2, 28)),
    (D(2026, 5, 5), 0, D(2026, 5, 5)),
])
def test_add_calendar_months(start: date, n: int, expected: date) -> None:
    assert add_calendar_months(start, n) == expected


@pytest.mark.parametrize(("received", "nominal"), [
    (D(2026, 2, 1), D(2026, 3, 1)),  # 28-day month: a flat 30 days would give 3 March
    (D(2026, 7, 1), D(2026, 8, 1)),  # 31-day month: a flat 30 days would give 31 July
    (D(2026, 1, 30), D(2026, 2, 28)),
])
def test_gdpr_month_is_never_a_flat_30_or_31_days(received: date, nominal: date) -> None:
    assert compute_deadlines("gdpr", "access", received, "FR").due_nominal == nominal


def test_leap_day_start_and_a_may_bank_holiday_in_the_extension() -> None:
    # 29 Feb 2028 + 3 months = Mon 29 May 2028, the Spring Bank Holiday in England only.
    uk = compute_deadlines("uk-gdpr", "access", D(2028, 2, 29), "GB", "ENG")
    assert (uk.due, uk.due_extended_max_nominal, uk.due_extended_max) == (
        D(2028, 3, 29), D(2028, 5, 29), D(2028, 5, 30))
    de = compute_deadlines("gdpr", "access", D(2028, 2, 29), "DE")
    assert de.due_extended_max == D(2028, 5, 29)


def test_year_end_receipt_rolls_past_weekend_and_saint_brigids_day() -> None:
    # 31 Jan 2027 is a Sunday; Mon 1 Feb 2027 is St Brigid's Day in Ireland only.
    assert compute_deadlines("gdpr", "erasure", D(2026, 12, 31), "DE").due == D(2027, 2, 1)
    ie = compute_deadlines("gdpr", "erasure", D(2026, 12, 31), "IE")
    assert ie.due == D(2027, 2, 2)
    assert "Saint Brigid's Day" in ie.rule_text


# --- public holidays by country and subdivision -------------------------------------------

def test_germany_land_specific_corpus_christi() -> None:
    # Thu 4 Jun 2026 is Corpus Christi in Bavaria, not in Berlin and not nationwide.
    received = D(2026, 5, 4)
    assert compute_deadlines("gdpr", "erasure", received, "DE", "BY").due == D(2026, 6, 5)
    assert compute_deadlines("gdpr", "erasure", received, "DE", "BE").due == D(2026, 6, 4)
    assert compute_deadlines("gdpr", "erasure", received, "DE").due == D(2026, 6, 4)
    assert compute_deadlines("gdpr", "erasure", received, "DE-BY").calendar == "DE-BY"


def test_germany_unity_day_on_a_weekday() -> None:
    # Sat 3 Oct 2026 is a weekend anyway; in 2025 it was a Friday.
    assert roll_to_working_day(D(2025, 10, 3), "DE") == D(2025, 10, 6)
    assert roll_to_working_day(D(2025, 10, 3), "FR") == D(2025, 10, 3)


def test_france_bastille_day() -> None:
    received = D(2026, 6, 14)  # + 1 month = Tue 14 Jul 2026
    assert compute_deadlines("gdpr", "access", received, "FR").due == D(2026, 7, 15)
    assert compute_deadlines("gdpr", "access", received, "DE").due == D(2026, 7, 14)


def test_ireland_saint_brigids_day() -> None:
    received = D(2026, 1, 2)  # + 1 month = Mon 2 Feb 2026
    assert compute_deadlines("gdpr", "access", received, "IE").due == D(2026, 2, 3)
    assert compute_deadlines("gdpr", "access", received, "FR").due == D(2026, 2, 2)


@pytest.mark.parametrize(("received", "england", "scotland"), [
    # 2 January is a bank holiday in Scotland only.
    (D(2025, 12, 2), D(2026, 1, 2), D(2026, 1, 5)),
    # St Andrew's Day, Mon 30 Nov 2026, is Scottish.
    (D(2026, 10, 30), D(2026, 11, 30), D(2026, 12, 1)),
    # Easter Monday (6 Apr 2026) is not a Scottish bank holiday.
    (D(2026, 3, 6), D(2026, 4, 7), D(2026, 4, 6)),
    # Sat 1 Aug 2026: England's summer holiday is late August, Scotland's Mon 3 Aug.
    (D(2026, 7, 1), D(2026, 8, 3), D(2026, 8, 4)),
    # New Year 2027 on Friday: Scotland's 2 January falls on Saturday, moved to Monday.
    (D(2026, 12, 1), D(2027, 1, 4), D(2027, 1, 5)),
])
def test_uk_england_vs_scotland(received: date, england: date, scotland: date) -> None:
    assert compute_deadlines("uk-gdpr", "access", received, "GB", "ENG").due == england
    assert compute_deadlines("uk-gdpr", "access", received, "GB", "SCT").due == scotland


def test_northern_ireland_saint_patricks_day() -> None:
    received = D(2026, 2, 17)  # + 1 month = Tue 17 Mar 2026
    assert compute_deadlines("uk-gdpr", "access", received, "GB", "NIR").due == D(2026, 3, 18)
    assert compute_deadlines("uk-gdpr", "access", received, "GB", "WLS").due == D(2026, 3, 17)


def test_uk_without_nation_uses_england_and_wales_and_says_so() -> None:
    d = compute_deadlines("uk-gdpr", "access", D(2026, 3, 6), "GB")
    assert d.calendar == "GB-ENG"
    assert d.due == D(2026, 4, 7)
    assert any("GB-ENG" in note for note in d.notes)


@pytest.mark.parametrize(("country", "sub"), [
    ("GB-SCT", None), ("GB", "SCT"), ("GB", "GB-SCT"), ("UK", "SCT"), ("gb-sct", None)])
def test_country_code_spellings(country: str, sub: str | None) -> None:
    assert roll_to_working_day(D(2026, 11, 30), country, sub) == D(2026, 12, 1)


def test_roll_leaves_working_days_alone_and_needs_a_known_calendar() -> None:
    assert roll_to_working_day(D(2026, 3, 4), "DE") == D(2026, 3, 4)
    assert is_working_day(D(2026, 3, 4), "DE")
    assert not is_working_day(D(2026, 12, 25), "DE")
    with pytest.raises(UnknownCalendarError):
        roll_to_working_day(D(2026, 3, 7), "ZZ")
    with pytest.raises(UnknownCalendarError):
        roll_to_working_day(D(2026, 3, 7), "DE", "XX")


def test_unknown_calendars_degrade_with_a_note() -> None:
    # A listing must not fail because a company's country is missing or odd.
    blank = compute_deadlines("gdpr", "erasure", D(2026, 11, 25), "")
    assert blank.calendar == "weekends only"
    assert blank.due == D(2026, 12, 25)  # Christmas is not known without a country
    assert any("not known" in note for note in blank.notes)
    odd_land = compute_deadlines("gdpr", "erasure", D(2026, 11, 25), "DE", "XX")
    assert odd_land.calendar == "DE"
    assert odd_land.due == D(2026, 12, 28)


# --- business days ------------------------------------------------------------------------

def test_business_days_skip_us_federal_and_california_holidays() -> None:
    # Thanksgiving (Thu 26 Nov 2026) is federal; the day after is a California holiday.
    assert add_business_days(D(2026, 11, 16), 10, "US") == D(2026, 12, 1)
    assert add_business_days(D(2026, 11, 16), 10, "US", "CA") == D(2026, 12, 2)
    ccpa = compute_deadlines("ccpa", "access", D(2026, 11, 16), "US", "CA")
    assert ccpa.acknowledge_by == D(2026, 12, 2)


def test_ccpa_acknowledgement_over_christmas_and_new_year() -> None:
    d = compute_deadlines("ccpa", "erasure", D(2026, 12, 18), "US", "CA")
    assert d.acknowledge_by == D(2027, 1, 5)


def test_add_business_days_edges() -> None:
    assert add_business_days(D(2026, 3, 7), 0, "US") == D(2026, 3, 7)
    assert add_business_days(D(2026, 3, 6), 1, "US") == D(2026, 3, 9)  # Friday -> Monday
    with pytest.raises(ValueError):
        add_business_days(D(2026, 3, 6), -1, "US")


# --- CCPA ---------------------------------------------------------------------------------

def test_ccpa_always_counts_with_the_california_calendar() -> None:
    d = compute_deadlines("ccpa", "erasure", D(2026, 3, 2), "DE")
    assert d.calendar == "US-CA"
    assert d.acknowledge_by == D(2026, 3, 16)


def test_ccpa_45th_day_on_a_saturday_rolls_to_monday() -> None:
    d = compute_deadlines("ccpa", "erasure", D(2026, 3, 4), "US", "CA")
    assert (d.due_safe, d.due_nominal, d.due) == (D(2026, 4, 17), D(2026, 4, 18), D(2026, 4, 20))


@pytest.mark.parametrize(("notified", "applies"), [
    (D(2026, 4, 10), True), (D(2026, 4, 16), True), (D(2026, 4, 17), False)])
def test_ccpa_extension_notice_inside_the_first_45_days(notified: date, applies: bool) -> None:
    d = compute_deadlines("ccpa", "erasure", D(2026, 3, 2), "US", "CA", notified)
    assert d.extension_applies is applies
    assert d.effective_due == (D(2026, 6, 1) if applies else D(2026, 4, 16))
    assert d.extension_notified_on == notified


@pytest.mark.parametrize("request_type", ["opt-out", "limit-sensitive"])
def test_ccpa_opt_out_and_limit_15_business_days(request_type: str) -> None:
    d = compute_deadlines("ccpa", request_type, D(2026, 3, 2), "US", "CA")
    assert d.due == D(2026, 3, 23)
    assert d.unverified
    assert d.acknowledge_by is None and d.due_extended_max is None
    # Cesar Chavez Day (Tue 31 Mar 2026) is a California holiday.
    later = compute_deadlines("ccpa", request_type, D(2026, 3, 23), "US", "CA")
    assert later.due == D(2026, 4, 14)
    assert "US-CA public holidays" in later.rule_text


# --- GDPR / UK extension notices ----------------------------------------------------------

@pytest.mark.parametrize(("notified", "applies"), [
    (D(2026, 2, 10), True),
    (D(2026, 2, 28), True),
    (D(2026, 3, 2), True),  # the rolled end of month one is still inside it
    (D(2026, 3, 3), False),
])
def test_gdpr_extension_only_if_notified_in_month_one(notified: date, applies: bool) -> None:
    d = compute_deadlines("gdpr", "erasure", D(2026, 1, 31), "IE", None, notified)
    assert d.extension_applies is applies
    assert d.effective_due == (D(2026, 4, 30) if applies else D(2026, 3, 2))
    assert any("does not extend" in n for n in d.notes) is not applies


def test_extension_notice_before_receipt_is_rejected() -> None:
    with pytest.raises(ValueError, match="before"):
        compute_deadlines("gdpr", "erasure", D(2026, 3, 2), "FR", None, D(2026, 3, 1))


def test_extension_is_counted_from_the_start_not_from_the_first_due_date() -> None:
    # 31 Jan + 1 month = 28 Feb; + 2 more from there would be 28 Apr. The rule is 3 months
    # from the same start: 30 Apr.
    d = compute_deadlines("gdpr", "erasure", D(2026, 1, 31), "FR")
    assert d.due_extended_max_nominal == D(2026, 4, 30)


# --- UK clock start and clarification pause -----------------------------------------------

def test_uk_clock_starts_at_the_latest_of_receipt_id_and_fee() -> None:
    d = compute_deadlines("uk-gdpr", "access", D(2026, 3, 5), "GB", "ENG",
                          id_received_on=D(2026, 3, 10), fee_paid_on=D(2026, 3, 12))
    assert d.start == D(2026, 3, 12)
    assert d.due_nominal == D(2026, 4, 12)
    assert d.due == D(2026, 4, 13)
    assert "(fee paid)" in d.rule_text
    assert d.due_extended_max == D(2026, 6, 12)


def test_gdpr_clock_ignores_the_id_date_and_says_so() -> None:
    d = compute_deadlines("gdpr", "access", D(2026, 3, 5), "DE", id_received_on=D(2026, 3, 10))
    assert d.start == D(2026, 3, 5)
    assert any("does not move it" in n for n in d.notes)


def test_id_date_before_receipt_is_rejected() -> None:
    with pytest.raises(ValueError):
        compute_deadlines("uk-gdpr", "access", D(2026, 3, 5), "GB",
                          id_received_on=D(2026, 3, 1))


def test_uk_clarification_pause_from_5_february_2026() -> None:
    d = compute_deadlines("uk-gdpr", "access", D(2026, 2, 10), "GB", "ENG", paused_days=5)
    assert d.due_nominal == D(2026, 3, 15)  # 10 Mar + 5 days, a Sunday
    assert d.due == D(2026, 3, 16)
    assert d.due_extended_max == D(2026, 5, 15)
    assert "5 paused days" in d.rule_text
    assert d.unverified  # Art 12A's exact text is unverified in legal-facts.md
    before = compute_deadlines("uk-gdpr", "access", D(2026, 2, 2), "GB", "ENG", paused_days=5)
    assert before.due == D(2026, 3, 2)
    assert any("ignored" in n for n in before.notes)
    with pytest.raises(ValueError):
        compute_deadlines("uk-gdpr", "access", D(2026, 2, 10), "GB", paused_days=-1)


# --- day-count regimes --------------------------------------------------------------------

def test_lgpd_15_days_and_no_extension() -> None:
    d = compute_deadlines("lgpd", "erasure", D(2026, 3, 6), "BR", None, D(2026, 3, 10))
    assert d.due_nominal == D(2026, 3, 21)  # Saturday
    assert d.due == D(2026, 3, 23)
    assert not d.extension_applies and d.effective_due == d.due
    assert any("no extension" in n for n in d.notes)
    # Tiradentes' Day, Tue 21 Apr 2026.
    assert compute_deadlines("lgpd", "access", D(2026, 4, 6), "BR").due == D(2026, 4, 22)


@pytest.mark.parametrize(("notified", "applies"), [(D(2026, 4, 1), True), (D(2026, 4, 2), False)])
def test_pipeda_30_plus_30(notified: date, applies: bool) -> None:
    d = compute_deadlines("pipeda", "access", D(2026, 3, 2), "CA", "ON", notified)
    assert d.effective_due == (D(2026, 5, 1) if applies else D(2026, 4, 1))


def test_fadp_30_days_rolls_past_swiss_national_day_weekend() -> None:
    assert compute_deadlines("fadp", "access", D(2026, 3, 2), "CH").due == D(2026, 4, 1)
    d = compute_deadlines("fadp", "access", D(2026, 7, 2), "CH")
    assert (d.due_nominal, d.due) == (D(2026, 8, 1), D(2026, 8, 3))
    assert d.due_extended_max is None


def test_us_state_45_plus_45() -> None:
    d = compute_deadlines("us-state", "erasure", D(2026, 3, 2), "US", "VA", D(2026, 4, 1))
    assert d.due == D(2026, 4, 16)
    assert d.due_extended_max_nominal == D(2026, 5, 31)
    assert d.due_extended_max == d.effective_due == D(2026, 6, 1)
    assert d.extension_notice_by == D(2026, 4, 16)


def test_gdpr_complaint_three_months_art_78_2() -> None:
    d = compute_deadlines("gdpr", "complaint", D(2026, 3, 2), "FR")
    assert d.due == D(2026, 6, 2)
    assert d.refs == ("Art 78(2)",)
    assert d.rule_text.startswith("Three calendar months from")


# --- requests without a period, bad input -------------------------------------------------

def test_requests_without_their_own_period() -> None:
    assert not has_deadline("gdpr", "follow-up")
    assert not has_deadline("bipa", "biometric-destruction")
    assert not has_deadline("pipeda", "erasure")
    assert has_deadline("ccpa", "limit-sensitive")
    with pytest.raises(NoDeadlineError):
        compute_deadlines("gdpr", "follow-up", D(2026, 3, 2), "DE")
    with pytest.raises(NoDeadlineError):
        compute_deadlines("bipa", "biometric-destruction", D(2026, 3, 2), "US", "IL")
    with pytest.raises(NotOfferedError):
        compute_deadlines("pipeda", "erasure", D(2026, 3, 2), "CA")
    with pytest.raises(UnknownRegimeError):
        compute_deadlines("hipaa", "access", D(2026, 3, 2), "US")


def test_deadlines_are_frozen() -> None:
    d = compute_deadlines("gdpr", "access", D(2026, 3, 2), "DE")
    assert isinstance(d, Deadlines)
    with pytest.raises(dataclasses.FrozenInstanceError):
        d.due = D(2030, 1, 1)  # type: ignore[misc]


def test_long_date_does_not_depend_on_locale() -> None:
    assert long_date(D(2026, 2, 28)) == "Saturday 28 February 2026"


# --- BIPA and CUBI ------------------------------------------------------------------------

@pytest.mark.parametrize(("purpose_end", "last", "expected"), [
    (D(2027, 6, 1), D(2026, 3, 1), D(2027, 6, 1)),  # purpose ends first
    (D(2030, 6, 1), D(2026, 1, 1), D(2029, 1, 1)),  # three years after last interaction
    (None, D(2026, 3, 2), D(2029, 3, 2)),  # purpose not over yet
    (D(2026, 9, 1), None, D(2026, 9, 1)),
    (None, D(2028, 2, 29), D(2031, 2, 28)),  # leap day: the earlier reading
])
def test_bipa_destruction_due(purpose_end: date | None, last: date | None,
                              expected: date) -> None:
    """legal-facts.md: destroy when the purpose is satisfied or within 3 years of the last
    interaction, whichever is first (740 ILCS 14/15)."""
    assert bipa_destruction_due(purpose_end, last) == expected


def test_bipa_needs_one_date() -> None:
    with pytest.raises(ValueError):
        bipa_destruction_due(None, None)


@pytest.mark.parametrize(("purpose_end", "expected"), [
    (D(2026, 3, 15), D(2027, 3, 15)), (D(2028, 2, 29), D(2029, 2, 28))])
def test_cubi_destruction_due(purpose_end: date, expected: date) -> None:
    """legal-facts.md: no later than the first anniversary of the purpose expiring."""
    assert cubi_destruction_due(purpose_end) == expected
