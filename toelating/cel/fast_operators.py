"""The CEL operators and functions the generated code calls, by name: those written out
inline for values of one kind (Python's operator is then CEL's), the parts of a date
written out, and the rest through toelating.cel.fast_ops."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from toelating.cel import fast_ops as ops


def not_equal(left: Any, right: Any) -> bool:
    return not ops.equal(left, right)


@dataclass(frozen=True)
class Inline:
    operator: str
    kinds: str  # the name of the set of kinds for which Python's operator is CEL's
    general: Callable[[Any, Any], Any]
    checked: bool = False  # int results must stay within int64


INLINE: dict[str, Inline] = {
    "_<_": Inline("<", "ORDERED", ops.less),
    "_<=_": Inline("<=", "ORDERED", ops.less_equal),
    "_>_": Inline(">", "ORDERED", ops.greater),
    "_>=_": Inline(">=", "ORDERED", ops.greater_equal),
    "_==_": Inline("==", "ORDERED", ops.equal),
    "_!=_": Inline("!=", "ORDERED", not_equal),
    "_+_": Inline("+", "NUMBERS", ops.add, checked=True),
    "_-_": Inline("-", "NUMBERS", ops.subtract, checked=True),
    "_*_": Inline("*", "NUMBERS", ops.multiply, checked=True),
}

# Parts of a timestamp (a date at UTC midnight) written out; the others through fast_ops.
DATE_PARTS = {
    "getFullYear": "{}.year",
    "getMonth": "{}.month - 1",
    "getDayOfMonth": "{}.day - 1",
    "getDate": "{}.day",
}

OPERATIONS: dict[tuple[str, int], Callable[..., Any]] = {
    ("_/_", 2): ops.divide,
    ("_%_", 2): ops.modulo,
    ("-_", 1): ops.negate,
    ("!_", 1): ops.logical_not,
    ("_[_]", 2): ops.index,
    ("@in", 2): ops.contains,
    ("size", 1): ops.size,
    ("int", 1): ops.to_int,
    ("double", 1): ops.to_double,
    ("string", 1): ops.to_string,
}
