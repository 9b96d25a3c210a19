"""CEL data: dates as the binding takes them inside maps and lists, and conversions of
plain Python data to and from what CEL sees (dates as timestamps, decimals as doubles,
absent values left out)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from enum import Enum
from functools import lru_cache
from typing import Any

UTC = dt.UTC
_EPOCH = dt.datetime(1970, 1, 1, tzinfo=UTC)
_EPOCH_ORDINAL = _EPOCH.toordinal()


class Timestamp:
    """A date or moment inside CEL data, in the shape of `google.protobuf.Timestamp`.

    Inside maps and lists the binding takes a timestamp only as a protobuf message: it
    recognises the message by `DESCRIPTOR.full_name` and reads `seconds` and `nanos`
    (cel_expr_python/py_cel_value.cc). This class has exactly that shape, so CEL data
    needs neither the protobuf runtime nor its 40 ms import; a test pins the behaviour.
    """

    __slots__ = ("nanos", "seconds")

    class DESCRIPTOR:
        full_name = "google.protobuf.Timestamp"

    def __init__(self, seconds: int, nanos: int = 0) -> None:
        self.seconds = seconds
        self.nanos = nanos

    def __repr__(self) -> str:
        return f"Timestamp(seconds={self.seconds}, nanos={self.nanos})"


@lru_cache(maxsize=65536)
def timestamp_of(day: dt.date) -> Timestamp:
    """A date as CEL data: the Timestamp message of its UTC midnight (shared, never mutated)."""
    return Timestamp((day.toordinal() - _EPOCH_ORDINAL) * 86400)


def _timestamp_of_moment(moment: dt.datetime) -> Timestamp:
    aware = moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    elapsed = aware - _EPOCH
    return Timestamp(elapsed.days * 86400 + elapsed.seconds, elapsed.microseconds * 1000)


def to_cel(value: Any) -> Any:
    """Plain data as CEL sees it: no None (absent), dates as timestamps, decimals as doubles."""
    if isinstance(value, dict):
        return {str(k): to_cel(v) for k, v in value.items() if v is not None}
    if isinstance(value, list | tuple):
        return [to_cel(v) for v in value if v is not None]
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, bool):
        return value
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, dt.datetime):
        return _timestamp_of_moment(value)
    if isinstance(value, dt.date):
        return timestamp_of(value)
    return value


def from_cel(value: Any) -> Any:
    """A CEL result back as plain Python: midnight timestamps become dates again."""
    if isinstance(value, dt.datetime):
        if (value.hour, value.minute, value.second, value.microsecond) == (0, 0, 0, 0):
            return value.date()
        return value
    if isinstance(value, list):
        return [from_cel(v) for v in value]
    if isinstance(value, dict):
        return {k: from_cel(v) for k, v in value.items()}
    return value
