"""The helpers rule authors may call (docs/rule-authoring.md), as the fast path calls them.

The same functions as toelating.cel.environment's, on the fast path's values (a timestamp
is a `datetime.date` at UTC midnight), each with the Python types its cel-cpp overloads
take: the generated code (toelating.cel.translate) checks those before the call, as
overload resolution does, and remembers a helper's own exception as cel-cpp's scope does.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from toelating import calendar
from toelating.cel.environment import _cached_months_between, _cents, _exact_sum
from toelating.cel.fast_program import Context, Helper

_TIMESTAMP, _INT, _STRING, _LIST = (dt.date,), (int,), (str,), (list,)


def _latest(values: list[Any]) -> Any:
    if not values:
        raise ValueError("latest() of an empty list")
    return max(values)


def _earliest(values: list[Any]) -> Any:
    if not values:
        raise ValueError("earliest() of an empty list")
    return min(values)


def _age_on(birth: dt.date, day: dt.date) -> int:
    return _cached_months_between(birth, day) // 12  # remembered: payslips ask the same


def _add_days(day: dt.date, days: int) -> dt.date:
    return day + dt.timedelta(days=days)


def _days_between(start: dt.date, end: dt.date) -> int:
    return (end - start).days


def _param_on(context: Context, name: str, day: dt.date) -> Any:
    return context.scope.param_on(name, day)


def _index(context: Context, level: int) -> int:
    indices: tuple[int, ...] = context.scope.indices
    return indices[level]


HELPERS: dict[str, Helper] = {
    "date": Helper((_STRING,), dt.date.fromisoformat),
    "iso_date": Helper((_TIMESTAMP,), dt.date.isoformat),
    "add_days": Helper((_TIMESTAMP, _INT), _add_days),
    "add_months": Helper((_TIMESTAMP, _INT), calendar.add_months),
    "months_between": Helper((_TIMESTAMP, _TIMESTAMP), _cached_months_between),
    "days_between": Helper((_TIMESTAMP, _TIMESTAMP), _days_between),
    "period_days": Helper((_TIMESTAMP, _TIMESTAMP), calendar.period_days),
    "days_in_month": Helper((_TIMESTAMP,), calendar.days_in_month),
    "age_on": Helper((_TIMESTAMP, _TIMESTAMP), _age_on),
    "cents": Helper(((float, int),), _cents),
    "sum": Helper((_LIST,), _exact_sum),
    "latest": Helper((_LIST,), _latest),
    "earliest": Helper((_LIST,), _earliest),
    "param_on": Helper((_STRING, _TIMESTAMP), _param_on, with_context=True, cached=True),
    "__index": Helper((_INT,), _index, with_context=True),
}
