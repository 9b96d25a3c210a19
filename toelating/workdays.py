"""Working days in the Netherlands: weekdays that are not Dutch public holidays.

The holidays are the `holidays` library's Dutch public holidays plus its optional ones,
which is 5 May every year: the Algemene termijnenwet (art. 3) names 5 May among the
recognised holidays, while the library's public list has it only every fifth year. Good
Friday is in the library's public list though the Atw does not name it; counting a day too
many as a holiday gives the agency a later deadline, the safe side for a response term.
"""

from __future__ import annotations

import datetime as dt
from functools import cache
from typing import Any


@cache
def _dutch_holidays() -> Any:
    import holidays  # kept off the start-up path

    return holidays.country_holidays("NL", categories=("public", "optional"))


def is_working_day(day: dt.date) -> bool:
    return day.weekday() < 5 and day not in _dutch_holidays()


def working_days_after(start: dt.date, count: int) -> dt.date:
    """The day that ends `count` working days after `start` (start itself not counted)."""
    day = start
    left = count
    while left > 0:
        day += dt.timedelta(days=1)
        if is_working_day(day):
            left -= 1
    return day
