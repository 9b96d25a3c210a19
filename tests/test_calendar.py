"""Calendar arithmetic: calendar months, month-end clamping, ages, inclusive periods."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from toelating.calendar import add_months, age_on, days_in_month, months_between, period_days

D = dt.date


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (D(2027, 5, 15), -3, D(2027, 2, 15)),
        (D(2027, 1, 31), 1, D(2027, 2, 28)),
        (D(2028, 1, 31), 1, D(2028, 2, 29)),
        (D(2027, 3, 31), -1, D(2027, 2, 28)),
        (D(2027, 12, 15), 1, D(2028, 1, 15)),
        (D(2027, 1, 15), -13, D(2025, 12, 15)),
    ],
)
def test_add_months_keeps_the_day_and_clamps_to_month_end(
    day: dt.date, months: int, expected: dt.date
) -> None:
    assert add_months(day, months) == expected


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        (D(2027, 2, 15), D(2027, 5, 15), 3),
        (D(2027, 2, 16), D(2027, 5, 15), 2),
        (D(2027, 1, 31), D(2027, 2, 28), 1),
        (D(2027, 5, 15), D(2027, 5, 15), 0),
        (D(2027, 5, 15), D(2027, 2, 15), -3),
        (D(2027, 5, 15), D(2027, 2, 16), -2),
    ],
)
def test_months_between_counts_whole_calendar_months(
    start: dt.date, end: dt.date, expected: int
) -> None:
    assert months_between(start, end) == expected


def test_age_on_birthday_and_leap_day() -> None:
    assert age_on(D(2006, 8, 19), D(2027, 8, 18)) == 20
    assert age_on(D(2006, 8, 19), D(2027, 8, 19)) == 21
    assert age_on(D(2000, 2, 29), D(2021, 2, 28)) == 21


def test_period_days_counts_both_ends() -> None:
    assert period_days(D(2026, 3, 2), D(2026, 3, 8)) == 7
    assert days_in_month(D(2028, 2, 10)) == 29


@given(st.dates(D(1950, 1, 1), D(2100, 12, 31)), st.dates(D(1950, 1, 1), D(2100, 12, 31)))
def test_months_between_is_consistent_with_add_months(start: dt.date, end: dt.date) -> None:
    months = months_between(start, end)
    if start <= end:  # the largest m with add_months(start, m) <= end
        assert months >= 0
        assert add_months(start, months) <= end < add_months(start, months + 1)
    else:  # the smallest m with add_months(start, m) >= end
        assert months <= 0
        assert add_months(start, months - 1) < end <= add_months(start, months)
