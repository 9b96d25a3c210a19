"""The adapter between rules and CEL: compilation, the data CEL sees, helpers, error mapping.

Everything CEL-specific lives here, so rules and the engine never see the library:
- dates reach CEL as UTC-midnight timestamps (the library has no date type);
- decimals reach CEL as doubles; `cents()` rounds money to exact whole cents for comparisons;
- an absent field is left out of the data, so reading it raises, which we report as
  missing data (never as a pass);
- error messages never echo dossier values: they say what kind of failure it was.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from enum import Enum
from functools import lru_cache
from pathlib import Path
from typing import Any

from toelating import calendar


def _import_cel() -> Any:
    """The CEL extension module without the package's __init__, which also imports the
    package's own command-line tool (typer, rich, prompt_toolkit: ~0.15 s per start).
    Falls back to the plain import if the layout of the package ever changes."""
    import importlib.machinery
    import importlib.util
    import sys

    if "cel.cel" in sys.modules:
        return sys.modules["cel.cel"]
    try:
        spec = importlib.util.find_spec("cel")
        folder = Path(spec.origin).parent if spec and spec.origin else None
        suffixes = importlib.machinery.EXTENSION_SUFFIXES
        library = next(
            folder / f"cel{suffix}"
            for suffix in suffixes
            if folder and (folder / f"cel{suffix}").is_file()
        )
        loader = importlib.machinery.ExtensionFileLoader("cel.cel", str(library))
        extension_spec = importlib.util.spec_from_file_location("cel.cel", library, loader=loader)
        assert extension_spec is not None
        module = importlib.util.module_from_spec(extension_spec)
        loader.exec_module(module)
        sys.modules["cel.cel"] = module
        return module
    except (StopIteration, ImportError, AssertionError, OSError):
        import cel

        return cel


cel = _import_cel()

# The library logs every failing helper call to stderr; failures are ours to report.
logging.getLogger("cel").addHandler(logging.NullHandler())
logging.getLogger("cel").propagate = False

_UTC = dt.UTC


class ExpressionSyntaxError(ValueError):
    """A CEL expression that does not compile."""


class MissingData(Exception):
    """The expression read a field (or a parameter) the dossier does not have."""

    def __init__(self, what: str) -> None:
        super().__init__(what)
        self.what = what


class EvaluationFailure(Exception):
    """The expression could not be evaluated; the message names the kind, never a value."""


@dataclass(frozen=True)
class Expression:
    """A compiled CEL expression and its source."""

    source: str
    program: Any

    def variables(self) -> list[str]:
        return list(self.program.variables())

    def functions(self) -> list[str]:
        return list(self.program.functions())


def compile_expression(source: str) -> Expression:
    try:
        return Expression(source, cel.compile(source))
    except ValueError as error:
        detail = str(error).split(": ", 1)[-1] if ": " in str(error) else str(error)
        detail = detail.split("\n", 1)[0]
        raise ExpressionSyntaxError(f"CEL syntax error: {detail}") from None


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
        return value if value.tzinfo else value.replace(tzinfo=_UTC)
    if isinstance(value, dt.date):
        return dt.datetime(value.year, value.month, value.day, tzinfo=_UTC)
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


ParameterLookup = Callable[[str, dt.date], Any]


class _HelperState:
    """What the helpers remember during one scope. Kept apart from Scope: the library's
    Context holds the helper functions and is not seen by Python's cycle collector, so a
    helper that referred back to the Scope (and so to the Context) would never be freed."""

    __slots__ = ("indices", "missing", "parameter_on", "parameters")

    def __init__(self, parameter_on: ParameterLookup) -> None:
        self.parameter_on = parameter_on
        self.missing: str | None = None
        self.indices: tuple[int, ...] = ()
        self.parameters: dict[tuple[str, dt.date], Any] = {}  # param_on's answers

    def param_on(self, name: str, day: Any) -> Any:
        key = (str(name), _d(day))
        if key not in self.parameters:
            try:
                self.parameters[key] = to_cel(self.parameter_on(*key))
            except LookupError as error:
                self.missing = f"parameter {name}: {error}"
                raise
        return self.parameters[key]

    def index(self, level: int) -> int:
        return self.indices[level]


class Scope:
    """One CEL context per dossier and check date, shared by every rule evaluated on it.

    `ready=True` means the variables are already CEL data (toelating.dossier.view), so
    they go to the library as they are. `absent` names variables left out because the
    dossier part they hold is absent, with the field to report as missing. The item a
    collection rule judges is picked by `__index(level)`, read from `set_indices`: setting
    a variable would make the library rebuild (copy) every variable before the next call.
    """

    def __init__(
        self,
        variables: Mapping[str, Any],
        parameter_on: ParameterLookup,
        *,
        ready: bool = False,
        absent: Mapping[str, str] | None = None,
    ) -> None:
        self._state = _HelperState(parameter_on)
        self._absent = dict(absent or {})
        values = (
            dict(variables) if ready else {name: to_cel(value) for name, value in variables.items()}
        )
        self._context = cel.Context(values, _functions(self._state))

    def set_indices(self, indices: tuple[int, ...]) -> None:
        """The positions `__index(0)`, `__index(1)`, ... give from now on."""
        self._state.indices = indices

    def evaluate(self, expression: Expression) -> Any:
        self._state.missing = None
        try:
            return expression.program.execute(self._context)
        except KeyError as error:
            raise MissingData(_key_name(error)) from None
        except Exception as error:  # the library raises builtins for CEL errors
            if self._state.missing is not None:
                raise MissingData(self._state.missing) from None
            absent = self._absent_variable(error)
            if absent is not None:
                raise MissingData(absent) from None
            raise EvaluationFailure(_describe(error)) from None

    def _absent_variable(self, error: BaseException) -> str | None:
        text = str(error)
        if not text.startswith("Undefined variable or function: '"):
            return None
        return self._absent.get(text.split("'")[1])


def _functions(state: _HelperState) -> dict[str, Callable[..., Any]]:
    """The helpers rule authors may call (docs/rule-authoring.md), and `__index`."""
    return {
        "date": _date,
        "add_days": lambda day, days: _ts(_d(day) + dt.timedelta(days=int(days))),
        "add_months": lambda day, months: _add_months(_d(day), int(months)),
        "months_between": lambda a, b: _months_between(_d(a), _d(b)),
        "days_between": lambda a, b: (_d(b) - _d(a)).days,
        "period_days": lambda a, b: calendar.period_days(_d(a), _d(b)),
        "days_in_month": lambda day: calendar.days_in_month(_d(day)),
        "age_on": lambda birth, day: _months_between(_d(birth), _d(day)) // 12,
        "cents": _cents,
        "sum": _exact_sum,
        "latest": _latest,
        "earliest": _earliest,
        "param_on": state.param_on,
        "__index": state.index,
    }


# Pure calendar arithmetic, remembered: a rule over payslips asks the same dates again and again.
_months_between = lru_cache(maxsize=65536)(calendar.months_between)


@lru_cache(maxsize=65536)
def _add_months(day: dt.date, months: int) -> dt.datetime:
    return _ts(calendar.add_months(day, months))


def _ts(day: dt.date) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, tzinfo=_UTC)


def _d(value: Any) -> dt.date:
    if type(value) is dt.datetime and value.tzinfo is _UTC:  # what the library passes for our dates
        return value.date()
    if isinstance(value, dt.datetime):
        return value.astimezone(_UTC).date() if value.tzinfo else value.date()
    if isinstance(value, dt.date):
        return value
    raise TypeError("expected a date")


def _date(text: str) -> dt.datetime:
    return _ts(dt.date.fromisoformat(str(text)))


def _decimal(value: Any) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise TypeError("expected a number")
    # round(…, 6) absorbs binary error of double arithmetic before exact decimal rounding.
    return Decimal(repr(round(float(value), 6))) if isinstance(value, float) else Decimal(value)


def _cents(value: Any) -> int:
    """Money as exact whole cents (half up), so comparisons of amounts are exact.

    The value is first rounded to 6 decimals (absorbing binary error of double
    arithmetic), then to cents half up. Below 10**9 a double times 10**6 is
    within 0.5 of the exact integer of micro-units, so integers do it exactly; larger
    amounts take the decimal route.
    """
    if isinstance(value, float) and -_FAST_CENTS_LIMIT < value < _FAST_CENTS_LIMIT:
        micro = round(round(value, 6) * 1_000_000)
        return (micro + 5000) // 10000 if micro >= 0 else -((-micro + 5000) // 10000)
    try:
        return int(_decimal(value).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP) * 100)
    except InvalidOperation:
        raise OverflowError("amount out of range") from None


_FAST_CENTS_LIMIT = 1e9


def _exact_sum(values: list[Any]) -> float:
    """Sum in exact decimals (doubles would drift over many amounts)."""
    total = sum((_decimal(v) for v in values), Decimal(0))
    return float(total)


def _latest(values: list[Any]) -> Any:
    if not values:
        raise ValueError("latest() of an empty list")
    return max(values)


def _earliest(values: list[Any]) -> Any:
    if not values:
        raise ValueError("earliest() of an empty list")
    return min(values)


def _key_name(error: KeyError) -> str:
    return str(error.args[0]) if error.args else "field"


_FAILURE_KINDS: dict[type[BaseException], str] = {
    ZeroDivisionError: "division by zero",
    OverflowError: "arithmetic overflow",
    IndexError: "list index out of range",
    TypeError: "type mismatch: an operator or function got values of the wrong type",
    RecursionError: "expression nests too deeply",
}


def _describe(error: BaseException) -> str:
    for kind, description in _FAILURE_KINDS.items():
        if isinstance(error, kind):
            return description
    text = str(error)
    if text.startswith("Undefined variable or function:"):
        name = text.split("'")[1] if text.count("'") >= 2 else "?"
        return f"undefined variable or function {name!r}"
    if text.startswith("Function '"):
        return f"helper function {text.split(chr(39))[1]!r} failed"
    return f"evaluation failed ({type(error).__name__})"
