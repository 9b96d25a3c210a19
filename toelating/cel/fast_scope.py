"""Evaluating rules on the fast path, with cel-cpp as the fallback and the reference.

`FastScope` has the interface of toelating.cel.environment.Scope (`evaluate`,
`set_indices`, `convert`) for one dossier on one check date. An expression the translator
took (toelating.cel.translate, once per expression, cached by its text) runs as Python on
the validated dossier itself; one it refused, or an evaluation that meets a value it cannot
decide (`Unsupported`), runs on cel-cpp, whose scope (and the dossier view it needs) is
made only then. With `Engine.REFERENCE` everything runs on cel-cpp.

Failures come out as cel-cpp's do, by the same rules as `Scope._failure`: a parameter
without a value wins (the last one a helper asked for), then the first helper that
failed, then the error value itself (a missing key is missing data).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from enum import StrEnum
from typing import Any

from pydantic import BaseModel

from toelating.cel import fast_ops as ops
from toelating.cel.environment import (
    ITERATION_BUDGET,
    RULE_VARIABLES,
    EvaluationFailure,
    Expression,
    MissingData,
    TooCostly,
    _describe_exception,
    _describe_status,
)
from toelating.cel.fast_data import has_field, id_maps, plain, select
from toelating.cel.fast_helpers import HELPERS
from toelating.cel.translate import (
    MISSING,
    Context,
    FastProgram,
    Helper,
    Untranslatable,
    translate,
)
from toelating.dossier.model import Dossier

ParameterLookup = Callable[[str, dt.date], Any]
ReferenceScope = Callable[[], Any]  # makes the cel-cpp Scope, on the first fallback


class Engine(StrEnum):
    """Which evaluator runs the rules: the fast path (falling back to cel-cpp), or cel-cpp."""

    FAST = "fast"
    REFERENCE = "reference"


_UTC = dt.UTC
_BUDGET_EXCEEDED = _describe_status("Iteration budget exceeded")


class FastScope:
    """One dossier on one check date, evaluated on the fast path where it can be."""

    def __init__(
        self,
        variables: Mapping[str, Any],
        parameter_on: ParameterLookup,
        reference: ReferenceScope,
        engine: Engine = Engine.FAST,
        parameters: dict[tuple[str, dt.date], Any] | None = None,
    ) -> None:
        """`variables` are the rule variables as the fast path reads them (dossier_variables
        and the day's);
        one left out is missing when read. `parameters`: param_on's values remembered, by
        name and day (shared by the scopes of one rulebook on several days)."""
        self.parameter_on = parameter_on
        self.parameters: dict[tuple[str, dt.date], Any] = {} if parameters is None else parameters
        self.indices: tuple[int, ...] = ()
        self.missing: tuple[str, LookupError] | None = None
        self.failure: tuple[str, BaseException] | None = None
        self._values = dict(variables)
        self._prefixes: dict[tuple[str, ...], tuple[Any, ...]] = {}
        self._make_reference = reference
        self._reference: Any = None
        self._context = Context(self, ITERATION_BUDGET, self.parameters)
        self.engine = engine
        self.fallbacks = 0  # evaluations cel-cpp made (refused shapes and Unsupported values)
        self.fast_runs = 0  # evaluations the fast path made

    def set_indices(self, indices: tuple[int, ...]) -> None:
        self.indices = indices
        if self._reference is not None:
            self._reference.set_indices(indices)

    def convert(self, variables: Iterable[str] = RULE_VARIABLES) -> None:
        """Nothing to convert on the fast path (the binding's conversion is its own cost)."""
        if self.engine is Engine.REFERENCE:
            self.reference().convert(variables)

    def evaluate(self, expression: Expression) -> Any:
        program = fast_program(expression) if self.engine is Engine.FAST else None
        if program is None:
            return self._on_reference(expression)
        try:
            value = result_value(self._run(program))
        except ops.Unsupported:
            return self._on_reference(expression)
        self.fast_runs += 1
        return value

    def reference(self) -> Any:
        """cel-cpp's scope for this dossier, made on first use."""
        if self._reference is None:
            self._reference = self._make_reference()
            self._reference.set_indices(self.indices)
        return self._reference

    def _on_reference(self, expression: Expression) -> Any:
        self.fallbacks += 1
        return self.reference().evaluate(expression)

    def _run(self, program: FastProgram) -> Any:
        values = self._prefixes.get(program.variables)
        if values is None:
            values = tuple(self._values.get(name, MISSING) for name in program.variables)
            self._prefixes[program.variables] = values
        self.missing = None
        self.failure = None
        self._context.walked = 0
        try:
            return program.run(self._context, values)
        except ops.CelError as error:
            raise self._failure(error) from None
        except ops.BudgetExceeded:
            raise TooCostly(_BUDGET_EXCEEDED) from None

    def _failure(self, error: ops.CelError) -> Exception:
        if self.missing is not None:
            return MissingData(self.missing[0], MissingData.PARAMETER, self.missing[1])
        if self.failure is not None:
            return EvaluationFailure(_describe_exception(*self.failure))
        if isinstance(error, ops.KeyMissing):
            return MissingData(error.key)
        if isinstance(error, ops.VariableMissing):
            if error.name in RULE_VARIABLES:
                return MissingData(error.name, MissingData.VARIABLE)
            return EvaluationFailure(_describe_status(f'No value with name "{error.name}" found'))
        if isinstance(error, ops.Failure):
            return EvaluationFailure(error.description)
        return EvaluationFailure(_describe_status(""))

    # --- helpers the rules call -----------------------------------------------------------

    def param_on(self, name: str, day: dt.date) -> Any:
        key = (name, day)
        try:
            return self.parameters[key]
        except KeyError:
            pass
        try:
            value = self.parameters[key] = plain(self.parameter_on(name, day))
        except LookupError as error:
            self.missing = (name, error)
            raise
        return value


def result_value(value: Any) -> Any:
    """A result as cel-cpp's `plain_value()` gives it: a timestamp as an aware datetime,
    lists and maps copied (never the dossier's own)."""
    kind = type(value)
    if kind is bool or kind is int or kind is str or kind is float:
        return value
    if kind is dt.date:
        return dt.datetime(value.year, value.month, value.day, tzinfo=_UTC)
    if kind is list:
        return [result_value(item) for item in value]
    if kind is dict:
        return {key: result_value(item) for key, item in value.items()}
    if isinstance(value, BaseModel):  # a dossier item: as a map of the fields it has
        return {
            name: result_value(select(value, name))
            for name in type(value).model_fields
            if has_field(value, name)
        }
    raise ops.Unsupported("a result of this type")


# --- translation, once per expression -----------------------------------------------------

_PROGRAMS: dict[tuple[str, tuple[str, ...]], FastProgram | None] = {}


def fast_program(expression: Expression) -> FastProgram | None:
    """The expression translated (None: refused, so cel-cpp runs it), once: kept with the
    expression (a cached rulebook carries it, toelating.rulebook.cache) and by its text."""
    kept = vars(expression).get("fast", _NOT_YET)
    if kept is not _NOT_YET:
        return kept  # type: ignore[no-any-return]
    key = (expression.source, expression.variables)
    if key in _PROGRAMS:
        program = _PROGRAMS[key]
    else:
        try:
            program = translate(expression.checked, expression.variables, helpers())
        except (Untranslatable, ValueError, SyntaxError, RecursionError):
            # Refused, or a tree it cannot read or a program Python cannot compile (too
            # deeply nested): cel-cpp runs it, as it always could.
            program = None
        _PROGRAMS[key] = program
    vars(expression)["fast"] = program  # as a cached_property would (Expression is frozen)
    return program


_NOT_YET: Any = object()


def translate_all(expressions: Iterable[Expression | None]) -> None:
    """Translate these now (for a rulebook about to be cached, so later runs read them)."""
    for expression in expressions:
        if expression is not None:
            fast_program(expression)


def refusal(expression: Expression) -> str | None:
    """Why the translator refuses the expression (None: it takes it)."""
    try:
        translate(expression.checked, expression.variables, helpers())
    except Untranslatable as error:
        return str(error)
    return None


# --- the helpers ----------------------------------------------------------------------------


def helpers() -> dict[str, Helper]:
    """The helpers rule authors may call, as the fast path calls them."""
    return HELPERS


# --- the rule variables ------------------------------------------------------------------


def dossier_variables(
    dossier: Dossier, evidence_status: Mapping[str, str] | None = None
) -> dict[str, Any]:
    """The rule variables as the fast path reads them that do not depend on the check date:
    the dossier itself, its id maps (toelating.cel.fast_data) and the evidence statuses."""
    values: dict[str, Any] = {"dossier": dossier, **id_maps(dossier)}
    if evidence_status is not None:  # else reading it is missing data
        values["evidence_status"] = dict(evidence_status)
    return values


def _on_day(
    shared: Mapping[str, Any],
    check_date: dt.date,
    application_date: dt.date,
    parameters: Mapping[str, Any],
) -> dict[str, Any]:
    return {
        **shared,
        "check_date": check_date,
        "application_date": application_date,
        "params": plain(dict(parameters)),
    }


def rule_scope(
    shared: Mapping[str, Any] | None,
    check_date: dt.date,
    application_date: dt.date,
    parameters: Mapping[str, Any],
    parameter_on: ParameterLookup,
    reference: ReferenceScope,
    engine: Engine = Engine.FAST,
    parameter_values: dict[tuple[str, dt.date], Any] | None = None,
) -> FastScope:
    """The scope the engine evaluates a dossier's rules in on check_date: the fast path over
    the dossier itself (`shared`: dossier_variables; cel-cpp's scope, from `reference`, made
    only when something falls back), or cel-cpp alone with Engine.REFERENCE.
    `parameter_values` remembers param_on's values across scopes of the same rulebook."""
    values: dict[str, Any] = {}
    if engine is Engine.FAST and shared is not None:
        try:
            values = _on_day(shared, check_date, application_date, parameters)
        except ops.Unsupported:  # a parameter value the fast path cannot hold as cel-cpp does
            engine = Engine.REFERENCE
    else:
        engine = Engine.REFERENCE
    return FastScope(values, parameter_on, reference, engine, parameter_values)
