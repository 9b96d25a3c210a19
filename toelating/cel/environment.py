"""The adapter between rules and CEL: compilation, the data CEL sees, helpers, error mapping.

CEL is `cel-expr-python`, the CEL project's own binding of cel-cpp. Everything specific to
it lives here, so rules and the engine never see the library:
- expressions are compiled and type-checked once, against the variables rules may read
  (RULE_VARIABLES) and our helpers, so a misspelt variable or helper is a rule-file error;
- dates reach CEL as UTC-midnight timestamps. Inside maps and lists the binding accepts a
  timestamp only in the shape of a protobuf Timestamp message (not a `datetime`), so that
  is what the dossier view holds (`Timestamp`); helpers receive and return datetimes;
- decimals reach CEL as doubles; `cents()` rounds money to exact whole cents for comparisons;
- an absent field is left out of the data, so reading it fails, which we report as
  missing data (never as a pass);
- error messages never echo dossier values: they say what kind of failure it was;
- cel-cpp walks at most 10,000 list items in one evaluation; more is reported as an
  error of that rule ("too costly"), never as a hang.
"""

from __future__ import annotations

import datetime as dt
import re
import threading
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from functools import cache, cached_property, lru_cache
from pathlib import Path
from typing import Any

from toelating import calendar
from toelating.cel.analysis import Reading, read_expression
from toelating.cel.checked import Checked, Node, read_checked
from toelating.cel.values import UTC, to_cel

# The top-level names a rule may read (docs/rule-authoring.md).
RULE_VARIABLES = (
    "dossier",
    "check_date",
    "application_date",
    "params",
    "evidence_status",
    "workers_by_id",
    "locations_by_id",
    "worker_position",
    "worker_positions_by_location",
)
# cel-cpp's default budget: list items walked by comprehensions in one evaluation.
ITERATION_BUDGET = 10_000
# The binding's parser refuses deeper nesting (its recursion limit).
MAX_NESTING = 32


@cache
def _cel() -> Any:
    """The binding, imported on first use: `--help` and `--version` never load it."""
    from cel_expr_python import cel

    return cel


class ExpressionSyntaxError(ValueError):
    """A CEL expression that does not compile (syntax, unknown name, or a type error)."""


class MissingData(Exception):
    """The expression read something the check does not have: a field (or a key of a map
    it looked something up in), a parameter's value, or a variable it was not given.
    For a parameter, `what` is its name and `cause` the LookupError that said why."""

    FIELD, PARAMETER, VARIABLE = "field", "parameter", "variable"

    def __init__(self, what: str, kind: str = FIELD, cause: LookupError | None = None) -> None:
        super().__init__(what)
        self.what = what
        self.kind = kind
        self.cause = cause


class EvaluationFailure(Exception):
    """The expression could not be evaluated; the message names the kind, never a value."""


class TooCostly(EvaluationFailure):
    """The evaluation walked more list items than the library's budget allows."""


@dataclass(frozen=True)
class Expression:
    """A compiled CEL expression, its source, and the variables it was checked against."""

    source: str
    program: Any
    variables: tuple[str, ...] = RULE_VARIABLES

    @cached_property
    def checked(self) -> Checked:
        """The type-checked syntax tree cel-cpp made of `source` (macros expanded)."""
        return read_checked(self.program.serialize())

    @cached_property
    def reading(self) -> Reading:
        """What it reads and walks (toelating.cel.analysis)."""
        return read_expression(self.checked.expr, self.variables)

    def __reduce__(self) -> tuple[Any, ...]:
        """Pickled as the binding's serialized program (its objects do not pickle), restored
        in the environment it was compiled in without compiling again; properties already
        worked out come along, except the tree (read again from the program on use)."""
        kept = {key: value for key, value in vars(self).items() if key not in _NOT_PICKLED}
        return _restore, (self.source, self.program.serialize(), self.variables, kept)


_NOT_PICKLED = frozenset({"source", "program", "variables", "checked"})


def _restore(
    source: str, serialized: bytes, variables: tuple[str, ...], kept: dict[str, Any]
) -> Expression:
    expression = Expression(source, _environment(variables).deserialize(serialized), variables)
    vars(expression).update(kept)
    return expression


def binding_file() -> Path:
    """The binding's native library: what a cache of compiled programs depends on."""
    return Path(_cel().__file__ or "")


def compile_expression(source: str, variables: Sequence[str] = RULE_VARIABLES) -> Expression:
    """Compile and type-check `source`; raises ExpressionSyntaxError with line and column."""
    names = tuple(variables)
    try:
        return Expression(source, _environment(names).compile(source), names)
    except (RuntimeError, ValueError) as error:
        raise ExpressionSyntaxError(_compile_message(str(error))) from None


@lru_cache(maxsize=8192)
def parse_tree(source: str) -> Node:
    """The syntax tree of `source` as the binding parses it (macros expanded), unchecked:
    for reading a text that is one part of a program (its names are declared elsewhere).
    Raises ExpressionSyntaxError if it does not parse."""
    try:
        parsed = _environment(RULE_VARIABLES).compile(source, disable_check=True)
    except (RuntimeError, ValueError) as error:
        raise ExpressionSyntaxError(_compile_message(str(error))) from None
    return read_checked(parsed.serialize()).expr


_COMPILE_ERROR = re.compile(r"ERROR: <input>:(\d+):(\d+): (.*)")


def _compile_message(text: str) -> str:
    if "recursion" in text:
        return (
            f"CEL error: the expression nests more than {MAX_NESTING} levels deep "
            f"(parentheses, or a chain of more than {MAX_NESTING} operands of + - * /)"
        )
    if "codepoint limit" in text:
        return "CEL error: the expression is longer than 100,000 characters"
    found = _COMPILE_ERROR.search(text)
    if found is None:
        return f"CEL error: {text.splitlines()[0] if text else 'does not compile'}"
    line, column, detail = found.groups()
    detail = detail.replace(" (in container '')", "")
    if detail.startswith("Syntax error: "):
        return f"CEL syntax error at line {line}, column {column}: {detail[14:]}"
    return f"CEL error at line {line}, column {column}: {detail}"


@cache
def _environment(variables: tuple[str, ...]) -> Any:
    cel = _cel()
    from cel_expr_python.ext import ext_bindings  # cel.bind: a rule's named steps

    return cel.NewEnv(
        variables=dict.fromkeys(variables, cel.Type.DYN),
        functions=_declarations(cel),
        extensions=[ext_bindings.ExtBindings()],
    )


# --- data in and out -----------------------------------------------------------------


# --- one dossier's evaluations ----------------------------------------------------------

ParameterLookup = Callable[[str, dt.date], Any]


class _HelperState:
    """What the helpers remember while one Scope evaluates."""

    __slots__ = ("failure", "indices", "missing", "parameter_on", "parameters")

    def __init__(self, parameter_on: ParameterLookup) -> None:
        self.parameter_on = parameter_on
        self.missing: tuple[str, LookupError] | None = None  # a parameter and why it has no value
        self.failure: tuple[str, BaseException] | None = None  # a helper's name and exception
        self.indices: tuple[int, ...] = ()
        self.parameters: dict[tuple[str, dt.date], Any] = {}  # param_on's answers


class _Active(threading.local):
    """The state of the Scope evaluating now, per thread. The helpers are declared once per
    process (with the compiled programs), so they find their scope here; an evaluation is
    synchronous, so a thread evaluates one scope at a time."""

    state: _HelperState | None = None


_ACTIVE = _Active()


class Scope:
    """One CEL activation per dossier and check date, shared by every rule evaluated on it.

    The binding converts a variable's data on its first read and keeps it with the
    activation, so every rule after the first reads the dossier for free. A rule variable
    left out (`evidence_status` when no files were inspected) is missing data when read.
    The item a collection rule judges is picked by `__index(level)`, read from
    `set_indices`.
    """

    def __init__(
        self,
        variables: Mapping[str, Any],
        parameter_on: ParameterLookup,
        *,
        ready: bool = False,
    ) -> None:
        self._state = _HelperState(parameter_on)
        self._data = dict(variables) if ready else {k: to_cel(v) for k, v in variables.items()}
        self._activations: dict[tuple[str, ...], Any] = {}

    def set_indices(self, indices: tuple[int, ...]) -> None:
        """The positions `__index(0)`, `__index(1)`, ... give from now on."""
        self._state.indices = indices

    def evaluate(self, expression: Expression) -> Any:
        state = self._state
        state.missing = None
        state.failure = None
        _ACTIVE.state = state
        try:
            result = expression.program.eval(self._activation(expression.variables))
        except RuntimeError as error:  # the binding raises for a few failures
            raise _status_failure(str(error)) from None
        if result.type() == _error_type():
            raise self._failure(str(result.value()))
        return result.plain_value()

    def convert(self, variables: Iterable[str] = RULE_VARIABLES) -> None:
        """Hand these variables to CEL now (the binding otherwise converts each on its first
        read), so a profile can time the conversion apart from the rules."""
        wanted = set(variables)
        names = tuple(name for name in RULE_VARIABLES if name in self._data and name in wanted)
        if names:
            self.evaluate(_touching(names))

    def _activation(self, variables: tuple[str, ...]) -> Any:
        activation = self._activations.get(variables)
        if activation is None:
            data = {name: value for name, value in self._data.items() if name in variables}
            activation = _environment(variables).Activation(data=data)
            self._activations[variables] = activation
        return activation

    def _failure(self, status: str) -> Exception:
        state = self._state
        if state.missing is not None:
            return MissingData(state.missing[0], MissingData.PARAMETER, state.missing[1])
        if state.failure is not None:
            return EvaluationFailure(_describe_exception(*state.failure))
        missing_key = _MISSING_KEY.search(status)
        if missing_key:
            return MissingData(missing_key.group(1))
        unbound = _UNBOUND_VARIABLE.search(status)
        if unbound and unbound.group(1) in RULE_VARIABLES:
            return MissingData(unbound.group(1), MissingData.VARIABLE)
        return _status_failure(status)


@cache
def _touching(names: tuple[str, ...]) -> Expression:
    return compile_expression(f"size([{', '.join(names)}]) >= 0")


@cache
def _error_type() -> Any:
    return _cel().Type.ERROR


# --- helpers ------------------------------------------------------------------------


def _declarations(cel: Any) -> list[Any]:
    """The helpers rule authors may call (docs/rule-authoring.md), and `__index`."""
    types = cel.Type
    kinds = {
        "timestamp": types.TIMESTAMP,
        "double": types.DOUBLE,
        "int": types.INT,
        "string": types.STRING,
        "dyn": types.DYN,
        "list": types.List(types.DYN),
    }
    return [
        cel.FunctionDecl(
            name,
            [
                cel.Overload(
                    f"{name}_{number}",
                    kinds[result],
                    [kinds[kind] for kind in parameters],
                    impl=_guarded(name, function),
                )
                for number, (parameters, result, function) in enumerate(overloads)
            ],
        )
        for name, overloads in _signatures().items()
    ]


Signature = tuple[tuple[str, ...], str, Callable[..., Any]]  # parameter types, result, function


@cache
def _signatures() -> dict[str, list[Signature]]:
    """Each helper's overloads, by CEL type name (the binding's types are made on use)."""
    day = "timestamp"
    return {
        "date": [(("string",), day, _date)],
        "iso_date": [((day,), "string", _iso_date)],
        "add_days": [((day, "int"), day, _add_days)],
        "add_months": [((day, "int"), day, _add_months)],
        "months_between": [((day, day), "int", _months_between)],
        "days_between": [((day, day), "int", _days_between)],
        "period_days": [((day, day), "int", _period_days)],
        "days_in_month": [((day,), "int", _days_in_month)],
        "age_on": [((day, day), "int", _age_on)],
        "cents": [(("double",), "int", _cents), (("int",), "int", _cents)],
        "sum": [(("list",), "double", _exact_sum)],
        "latest": [(("list",), "dyn", _latest)],
        "earliest": [(("list",), "dyn", _earliest)],
        "param_on": [(("string", day), "dyn", _param_on)],
        "__index": [(("int",), "int", _index)],
    }


def helper_results() -> dict[str, str]:
    """Each helper rule authors may call, with the CEL type name of what it gives."""
    return {
        name: overloads[0][1]
        for name, overloads in _signatures().items()
        if not name.startswith("__")
    }


def _guarded(name: str, function: Callable[..., Any]) -> Callable[..., Any]:
    """The helper, remembering its failure: the binding turns it into an error value whose
    text may quote a value, so the scope reports the exception's kind instead."""

    def helper(*arguments: Any) -> Any:
        try:
            return function(*arguments)
        except Exception as error:
            state = _ACTIVE.state
            if state is not None and state.failure is None:
                state.failure = (name, error)
            raise

    return helper


def _param_on(name: str, day: dt.datetime) -> Any:
    state = _ACTIVE.state
    assert state is not None
    key = (name, _d(day))
    try:
        return state.parameters[key]
    except KeyError:
        pass
    try:
        value = state.parameters[key] = to_cel(state.parameter_on(*key))
    except LookupError as error:
        state.missing = (name, error)
        raise
    return value


def _index(level: int) -> int:
    state = _ACTIVE.state
    assert state is not None
    return state.indices[level]


def _d(value: Any) -> dt.date:
    """A timestamp the binding passes (an aware datetime) as the calendar date in UTC."""
    if type(value) is dt.datetime and value.tzinfo is UTC:  # what the binding passes
        return value.date()
    if isinstance(value, dt.datetime):
        return value.astimezone(UTC).date() if value.tzinfo else value.date()
    if isinstance(value, dt.date):
        return value
    raise TypeError("expected a date")


def _ts(day: dt.date) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, tzinfo=UTC)


def _date(text: str) -> dt.datetime:
    return _ts(dt.date.fromisoformat(text))


def _iso_date(day: dt.datetime) -> str:
    return _d(day).isoformat()


def _add_days(day: dt.datetime, days: int) -> dt.datetime:
    return _ts(_d(day) + dt.timedelta(days=days))


def _add_months(day: dt.datetime, months: int) -> dt.datetime:
    return _ts(calendar.add_months(_d(day), months))


# Pure calendar arithmetic, remembered: a rule over payslips asks the same dates again and again.
_cached_months_between = lru_cache(maxsize=65536)(calendar.months_between)


def _months_between(start: dt.datetime, end: dt.datetime) -> int:
    return _cached_months_between(_d(start), _d(end))


def _days_between(start: dt.datetime, end: dt.datetime) -> int:
    return (_d(end) - _d(start)).days


def _period_days(start: dt.datetime, end: dt.datetime) -> int:
    return calendar.period_days(_d(start), _d(end))


def _days_in_month(day: dt.datetime) -> int:
    return calendar.days_in_month(_d(day))


def _age_on(birth: dt.datetime, day: dt.datetime) -> int:
    return _cached_months_between(_d(birth), _d(day)) // 12


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
        cents = int(_decimal(value).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP) * 100)
    except InvalidOperation:
        raise OverflowError("amount out of range") from None
    if not -(2**63) <= cents < 2**63:
        raise OverflowError("amount out of range")
    return cents


_FAST_CENTS_LIMIT = 1e9


def _exact_sum(values: list[Any]) -> float:
    """Sum in exact decimals (doubles would drift over many amounts)."""
    total = sum((_decimal(v) for v in values), Decimal(0))
    return float(total)


def _latest(values: list[Any]) -> Any:
    if not values:
        raise ValueError("latest() of an empty list")
    return to_cel(max(values))


def _earliest(values: list[Any]) -> Any:
    if not values:
        raise ValueError("earliest() of an empty list")
    return to_cel(min(values))


# --- failures, described without values -----------------------------------------------

_BUDGET_STATUS = "Iteration budget exceeded"
_MISSING_KEY = re.compile(r'(?:Key not found in map : |No such key: )"?([^"]*)"?')
_UNBOUND_VARIABLE = re.compile(r'No value with name "([^"]+)" found')

_EXCEPTION_KINDS: dict[type[BaseException], str] = {
    ZeroDivisionError: "division by zero",
    OverflowError: "arithmetic overflow",
    IndexError: "list index out of range",
    TypeError: "type mismatch: an operator or function got values of the wrong type",
    RecursionError: "expression nests too deeply",
}

# Fragments of cel-cpp's status texts, and what we say instead (the texts may quote values).
_STATUS_KINDS: tuple[tuple[str, str], ...] = (
    ("divide by zero", "division by zero"),
    ("modulus by zero", "division by zero"),
    ("overflow", "arithmetic overflow"),
    ("out of int64 range", "arithmetic overflow"),
    ("out of uint64 range", "arithmetic overflow"),
    ("Index error", "list index out of range"),
    ("index out of bounds", "list index out of range"),
    ("No matching overloads", _EXCEPTION_KINDS[TypeError]),
    ("non-message type", _EXCEPTION_KINDS[TypeError]),
    ("Unexpected value type", _EXCEPTION_KINDS[TypeError]),
    ("Non-CEL value type", _EXCEPTION_KINDS[TypeError]),
    ("invalid regular expression", "invalid regular expression"),
    (
        _BUDGET_STATUS,
        f"too costly: more than {ITERATION_BUDGET:,} list items walked in one evaluation",
    ),
)


def _status_failure(status: str) -> EvaluationFailure:
    description = _describe_status(status)
    if _BUDGET_STATUS in status:
        return TooCostly(description)
    return EvaluationFailure(description)


def _describe_exception(helper: str, error: BaseException) -> str:
    for kind, description in _EXCEPTION_KINDS.items():
        if isinstance(error, kind):
            return description
    return f"helper function {helper!r} failed"


def _describe_status(status: str) -> str:
    for fragment, description in _STATUS_KINDS:
        if fragment in status:
            return description
    unbound = _UNBOUND_VARIABLE.search(status)
    if unbound:
        return f"undefined variable {unbound.group(1)!r}"
    return "evaluation failed"
