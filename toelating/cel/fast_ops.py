"""CEL's operators on Python values, exactly as cel-cpp evaluates them, for the fast path.

The fast path (toelating.cel.translate) holds CEL values as plain Python: int (int64),
float (double), bool, str, list, dict, and `datetime.date` for a timestamp at UTC midnight
(the only timestamps rules make). A dossier item (a pydantic model) reads as a map
(toelating.cel.fast_data). An error value of CEL is a raised `CelError`: `&&`, `||`, `?:`
and comprehensions catch it where CEL absorbs errors. What the fast path cannot decide the
way cel-cpp would (a double turned into text, a regex, a timestamp with a time) raises
`Unsupported`, and that evaluation runs on cel-cpp instead: guard, never guess.

Every rule below was checked against cel-cpp (tests/test_differential_cel.py):
- int arithmetic outside int64 is an error ("integer overflow"), `/` and `%` truncate
  toward zero, division or modulus by zero is an error; doubles follow IEEE 754;
- `==` compares across int and double by value, values of different kinds are unequal
  (never an error), lists and maps element by element;
- `<`, `<=`, `>`, `>=` compare int with double by value, and otherwise only values of one kind;
- no arithmetic mixes int and double: `1 + 1.0` is an error ("no matching overload").
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Callable
from typing import Any

INT64_MIN, INT64_MAX = -(2**63), 2**63 - 1

# What a failure is called in findings (the descriptions of toelating.cel.environment).
OVERFLOW = "arithmetic overflow"
DIVISION_BY_ZERO = "division by zero"
INDEX_OUT_OF_RANGE = "list index out of range"
TYPE_MISMATCH = "type mismatch: an operator or function got values of the wrong type"


class CelError(Exception):
    """An error value of CEL, raised. `&&`, `||` and comprehensions absorb it as CEL does."""


class KeyMissing(CelError):
    """A map (or dossier item) read at a key it does not have: missing data."""

    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


class VariableMissing(CelError):
    """A rule variable the check was not given (evidence_status without inspected files)."""

    def __init__(self, name: str) -> None:
        super().__init__(name)
        self.name = name


class Failure(CelError):
    """Any other error value, by the description findings give it (never a value)."""

    def __init__(self, description: str) -> None:
        super().__init__(description)
        self.description = description


class HelperFailed(CelError):
    """One of our helper functions raised; the scope remembers which and why."""


class Unsupported(Exception):
    """The fast path cannot evaluate this the way cel-cpp would: cel-cpp evaluates it."""


class BudgetExceeded(Exception):
    """More list items walked in one evaluation than cel-cpp allows (it aborts, it does not
    make an error value that `||` could absorb)."""


def mismatch() -> Failure:
    return Failure(TYPE_MISMATCH)


def checked_int(value: int) -> int:
    if INT64_MIN <= value <= INT64_MAX:
        return value
    raise Failure(OVERFLOW)


# --- arithmetic ---------------------------------------------------------------------------


def add(left: Any, right: Any) -> Any:
    kind = type(left)
    if kind is not type(right):
        raise mismatch()
    if kind is int:
        return checked_int(left + right)
    if kind is float or kind is str:
        return left + right
    if kind is list:
        return left + right
    raise mismatch()


def subtract(left: Any, right: Any) -> Any:
    kind = type(left)
    if kind is not type(right):
        raise mismatch()
    if kind is int:
        return checked_int(left - right)
    if kind is float:
        return left - right
    if kind is dt.date:
        raise Unsupported("a duration (timestamp minus timestamp)")
    raise mismatch()


def multiply(left: Any, right: Any) -> Any:
    kind = type(left)
    if kind is not type(right):
        raise mismatch()
    if kind is int:
        return checked_int(left * right)
    if kind is float:
        return left * right
    raise mismatch()


def divide(left: Any, right: Any) -> Any:
    kind = type(left)
    if kind is not type(right):
        raise mismatch()
    if kind is int:
        if right == 0:
            raise Failure(DIVISION_BY_ZERO)
        quotient = abs(left) // abs(right)
        return checked_int(quotient if (left < 0) == (right < 0) else -quotient)
    if kind is float:
        if right == 0.0:
            if left == 0.0 or math.isnan(left):
                return math.nan
            return math.copysign(math.inf, left) * math.copysign(1.0, right)
        return left / right
    raise mismatch()


def modulo(left: Any, right: Any) -> Any:
    if type(left) is not int or type(right) is not int:
        raise mismatch()
    if right == 0:
        raise Failure(DIVISION_BY_ZERO)
    if left == INT64_MIN and right == -1:
        raise Failure(OVERFLOW)
    remainder = abs(left) % abs(right)
    return -remainder if left < 0 else remainder


def negate(value: Any) -> Any:
    kind = type(value)
    if kind is int:
        return checked_int(-value)
    if kind is float:
        return -value
    raise mismatch()


def logical_not(value: Any) -> bool:
    if type(value) is not bool:
        raise mismatch()
    return not value


# --- equality and order -----------------------------------------------------------------

_NUMBERS = (int, float)


def equal(left: Any, right: Any) -> bool:
    """CEL's heterogeneous equality: never an error, numbers compared by value."""
    kind = type(left)
    if kind is type(right):
        if kind is list:
            return len(left) == len(right) and all(map(equal, left, right))
        if kind is dict:
            return _maps_equal(left, right)
        if kind in _PLAIN:
            return bool(left == right)
        raise Unsupported("equality of these values")
    if kind in _NUMBERS and type(right) in _NUMBERS:
        return bool(left == right)
    if kind in _KNOWN and type(right) in _KNOWN:
        return False
    raise Unsupported("equality of these values")


_PLAIN = frozenset({int, float, bool, str, dt.date, type(None)})
_KNOWN = _PLAIN | {list, dict}
_TEXT = frozenset({str})


def _maps_equal(left: dict[Any, Any], right: dict[Any, Any]) -> bool:
    if len(left) != len(right):
        return False
    for key, value in left.items():
        if type(key) is not str:
            raise Unsupported("a map with keys other than text")
        if key not in right or not equal(value, right[key]):
            return False
    return True


_ORDERED = frozenset({int, float, bool, str, dt.date})


def compare(left: Any, right: Any) -> int | None:
    """-1, 0 or 1 as cel-cpp orders the two values; an error for values without an order.
    A NaN compares as neither smaller, equal nor larger: the callers see `None`."""
    kind = type(left)
    if kind is not type(right):
        if kind in _NUMBERS and type(right) in _NUMBERS:
            return _order(left, right)
        raise mismatch()
    if kind in _ORDERED:
        return _order(left, right)
    raise mismatch()


def _order(left: Any, right: Any) -> int | None:
    if left < right:
        return -1
    if left > right:
        return 1
    if left == right:
        return 0
    return None  # NaN


def less(left: Any, right: Any) -> bool:
    return compare(left, right) == -1


def less_equal(left: Any, right: Any) -> bool:
    return bool(compare(left, right) in (-1, 0))


def greater(left: Any, right: Any) -> bool:
    return compare(left, right) == 1


def greater_equal(left: Any, right: Any) -> bool:
    return bool(compare(left, right) in (0, 1))


# --- containers -----------------------------------------------------------------------


def size(value: Any) -> int:
    kind = type(value)
    if kind is str or kind is list or kind is dict:
        return len(value)
    raise mismatch() if kind in _PLAIN else Unsupported("size of this value")


def contains(element: Any, container: Any) -> bool:
    """`element in container`: a list by CEL equality, a map by its keys."""
    kind = type(container)
    if kind is list:
        if type(element) is str:  # a text equals only the same text: Python's `in`, in C
            if element in container:
                return True
            if _TEXT.issuperset(map(type, container)):
                return False
        return any(equal(element, item) for item in container)
    if kind is dict:
        if type(element) is str:
            return element in container
        raise Unsupported("a map looked up with a key other than text")
    if kind in _PLAIN:
        raise mismatch()
    raise Unsupported("`in` on this value")


def index(container: Any, key: Any) -> Any:
    kind = type(container)
    if kind is list:
        if type(key) is not int:
            if type(key) in _PLAIN:
                raise Unsupported("a list indexed by a value other than an int")
            raise Unsupported("a list indexed by this value")
        if 0 <= key < len(container):
            return container[key]
        raise Failure(INDEX_OUT_OF_RANGE)
    if kind is dict:
        if type(key) is not str:
            raise Unsupported("a map looked up with a key other than text")
        try:
            return container[key]
        except KeyError:
            raise KeyMissing(key) from None
    if kind in _PLAIN:
        raise mismatch()
    raise Unsupported("indexing this value")


# --- conversions ------------------------------------------------------------------------


def to_int(value: Any) -> int:
    kind = type(value)
    if kind is int:
        return int(value)
    if kind is float:
        if math.isnan(value) or not -(2.0**63) <= value < 2.0**63:
            raise Failure(OVERFLOW)
        return checked_int(int(value))
    raise Unsupported("int() of this value")


def to_double(value: Any) -> float:
    kind = type(value)
    if kind is float or kind is int:
        return float(value)
    raise Unsupported("double() of this value")


def to_string(value: Any) -> str:
    kind = type(value)
    if kind is str or kind is int:
        return str(value)
    if kind is bool:
        return "true" if value else "false"
    if kind is dt.date:
        return f"{value.isoformat()}T00:00:00Z"
    raise Unsupported("string() of this value")  # a double: cel-cpp's own number format


# --- timestamps -------------------------------------------------------------------------


def timestamp_part(part: str) -> Any:
    """`getFullYear()`, `getMonth()`, ... of a timestamp, in UTC (no time zone argument)."""
    reader = _PARTS[part]

    def read(value: Any) -> int:
        if type(value) is not dt.date:
            raise mismatch() if type(value) in _PLAIN else Unsupported(part)
        return reader(value)

    return read


_PARTS: dict[str, Callable[[dt.date], int]] = {
    "getFullYear": lambda day: day.year,
    "getMonth": lambda day: day.month - 1,
    "getDayOfMonth": lambda day: day.day - 1,
    "getDate": lambda day: day.day,
    "getDayOfYear": lambda day: day.timetuple().tm_yday - 1,
    "getDayOfWeek": lambda day: (day.weekday() + 1) % 7,
}
TIMESTAMP_PARTS = frozenset(_PARTS)


# --- regular expressions ----------------------------------------------------------------

_REGEX_SAFE = frozenset(
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 -_^$[]{}()|.*+?,:/@#"
)


def python_pattern(pattern: str) -> str | None:
    """The Python `re` pattern that matches exactly what RE2 (cel-cpp's `matches`) does,
    for plain patterns: ASCII letters, digits, classes, groups, alternation, anchors and
    counted repeats. None for anything else (escapes such as \\d mean other things in the
    two, so those run on cel-cpp). RE2's `$` is the end of the text; Python's `$` also
    matches before a final newline, so it becomes `\\Z` outside classes."""
    unsure = ("{,", "[:", "(?", "[]", "[^]")  # read differently, or not at all, by one of them
    if not set(pattern) <= _REGEX_SAFE or any(part in pattern for part in unsure):
        return None
    converted, in_class = [], False
    for position, char in enumerate(pattern):
        if in_class:
            if char == "[":
                return None
            in_class = not (char == "]" and pattern[position - 1] != "[")
            converted.append(char)
        elif char == "[":
            in_class = True
            converted.append(char)
        else:
            converted.append("\\Z" if char == "$" else char)
    if in_class:
        return None
    try:
        re.compile("".join(converted))
    except re.error:
        return None
    return "".join(converted)


def matcher(pattern: str) -> Callable[[Any], bool]:
    """`text.matches(pattern)` for a pattern python_pattern() accepts: a search anywhere."""
    search = re.compile(pattern).search

    def matches(text: Any) -> bool:
        if type(text) is not str:
            raise mismatch()
        return search(text) is not None

    return matches
