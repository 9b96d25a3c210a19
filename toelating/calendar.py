"""Calendar arithmetic with the semantics the rulebook uses (calendar months, both ends counted)."""

from __future__ import annotations

import calendar
import datetime as dt


def add_months(day: dt.date, months: int) -> dt.date:
    """Same day of the month, `months` later; clamped to the month's last day
    (31 Jan + 1 = 28 Feb)."""
    index = day.year * 12 + (day.month - 1) + months
    year, month = divmod(index, 12)
    last_day = calendar.monthrange(year, month + 1)[1]
    return dt.date(year, month + 1, min(day.day, last_day))


def months_between(start: dt.date, end: dt.date) -> int:
    """Whole calendar months from start to end: the largest m with add_months(start, m) <= end.

    Negative when end lies before start (then the smallest m with add_months(start, m) >= end).
    """
    estimate = (end.year - start.year) * 12 + (end.month - start.month)
    if estimate >= 0:
        while estimate > 0 and add_months(start, estimate) > end:
            estimate -= 1
        return estimate
    while add_months(start, estimate) < end:
        estimate += 1
    return estimate


def age_on(birth_date: dt.date, day: dt.date) -> int:
    """Age in whole years on `day` (someone born on 29 Feb turns a year older on 28 Feb)."""
    return months_between(birth_date, day) // 12


def days_in_month(day: dt.date) -> int:
    return calendar.monthrange(day.year, day.month)[1]


def period_days(start: dt.date, end: dt.date) -> int:
    """Days in a period counting both ends: 2026-03-02 .. 2026-03-08 has 7."""
    return (end - start).days + 1
