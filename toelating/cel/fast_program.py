"""A translated expression and what its generated code runs with.

`FastProgram` holds one compiled function (toelating.cel.translate makes it) and pickles
as marshal'd code plus the recipes of the values it uses; `Context` is what one evaluation
shares; `Helper` describes a helper rule authors call; `RUNTIME` is the namespace every
generated function sees.
"""

from __future__ import annotations

import datetime as dt
import marshal
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from toelating.cel import fast_ops as ops
from toelating.cel.fast_data import field_owners, field_reader, has_field
from toelating.cel.fast_operators import INLINE, OPERATIONS
from toelating.cel.fast_ops import CelError

Run = Callable[[Any, Sequence[Any]], Any]  # (context, variables' values) -> value

UNSET: Any = object()  # a lazy `cel.bind` step not read yet
MISSING: Any = object()  # a rule variable the check was not given


class Boxed:
    """An error value held in a variable (a comprehension's accumulator, a bound step)."""

    __slots__ = ("error",)

    def __init__(self, error: CelError) -> None:
        self.error = error


class Context:
    """What one evaluation shares: the list items walked so far, the helpers' scope, and
    the parameters' values already taken, by (name, date)."""

    __slots__ = ("budget", "parameters", "scope", "walked")

    def __init__(self, scope: Any, budget: int, parameters: dict[Any, Any]) -> None:
        self.scope = scope
        self.budget = budget
        self.parameters = parameters
        self.walked = 0


@dataclass(frozen=True)
class Helper:
    """A helper rule authors call: the Python types each argument may have (as cel-cpp's
    overloads take them), the function, whether it takes the Context first, and whether
    its answers are in `Context.parameters` (param_on)."""

    kinds: tuple[tuple[type, ...], ...]
    function: Callable[..., Any]
    with_context: bool = False
    cached: bool = False


def helper_failed(context: Context, name: str, error: Exception) -> None:
    """A helper raised: the scope remembers the first such failure (what cel-cpp reports
    for an error then), and the evaluation goes on with an error value."""
    scope = context.scope
    if scope.failure is None:
        scope.failure = (name, error)
    raise ops.HelperFailed(name)


class FastProgram:
    """A translated expression: `run(context, values)`, values in the order of `variables`.

    It pickles as its compiled code (marshal) and the recipes of the values that code uses,
    so a rulebook cache (toelating.rulebook.cache) carries it: read back, it is bound to
    fresh values on its first run, without generating or compiling again."""

    def __init__(
        self,
        variables: tuple[str, ...],
        code: bytes,
        recipes: tuple[tuple[str, tuple[Any, ...]], ...],
        source: str = "",
    ) -> None:
        self.variables = variables
        self.code = code
        self.recipes = recipes
        self.source = source  # the generated Python, for reading and tests (not pickled)
        self._run: Run | None = None

    def bind(
        self, functions: Mapping[str, Helper], code: Any = None, names: Mapping[str, Any] = {}
    ) -> Run:
        """The function, made from the code and the values its recipes make."""
        namespace: dict[str, Any] = dict(RUNTIME)
        for name, recipe in self.recipes:
            namespace[name] = names[name] if name in names else _made(recipe, functions)
        exec(code if code is not None else marshal.loads(self.code), namespace)  # our code
        self._run = namespace["program"]
        return self._run

    def run(self, context: Any, values: Sequence[Any]) -> Any:
        run = self._run
        if run is None:
            from toelating.cel.fast_helpers import HELPERS

            run = self.bind(HELPERS)
        return run(context, values)

    def __reduce__(self) -> tuple[Any, ...]:
        return FastProgram, (self.variables, self.code, self.recipes)


def _made(recipe: tuple[Any, ...], functions: Mapping[str, Helper]) -> Any:
    """The value a recipe names (see _Generator.constant)."""
    kind, *parts = recipe
    if kind == "value":
        return parts[0]
    if kind == "owners":
        owners = field_owners(parts[0])
        return frozenset().union(*(getattr(owners, group) for group in parts[1].split()))
    if kind == "reader":
        return field_reader(parts[0])
    if kind == "date":
        return dt.date
    if kind == "part":
        return ops.timestamp_part(parts[0])
    if kind == "operation":
        return OPERATIONS[(parts[0], parts[1])]
    if kind == "texts":
        return frozenset(parts[0])
    if kind == "list":
        return list(parts[0])
    if kind == "matcher":
        return ops.matcher(parts[0])
    if kind == "kind":
        return functions[parts[0]].kinds[parts[1]][0]
    if kind == "kinds":
        return frozenset(functions[parts[0]].kinds[parts[1]])
    if kind == "helper":
        return functions[parts[0]].function
    if kind == "inline":
        return next(inline.general for inline in INLINE.values() if inline.operator == parts[0])
    raise ValueError(f"unknown recipe {kind!r}")


def decide(first: Any, second: Any) -> bool:
    """`&&`/`||` when neither side decided: the left error, then the right one, else the
    operands were not both bool."""
    if isinstance(first, CelError):
        raise first
    if isinstance(second, CelError):
        raise second
    raise ops.mismatch()


RUNTIME: dict[str, Any] = {
    "CelError": CelError,
    "Boxed": Boxed,
    "UNSET": UNSET,
    "MISSING": MISSING,
    "VariableMissing": ops.VariableMissing,
    "Failure": ops.Failure,
    "KeyMissing": ops.KeyMissing,
    "OVERFLOW": ops.OVERFLOW,
    "INT64_MIN": ops.INT64_MIN,
    "INT64_MAX": ops.INT64_MAX,
    "Unsupported": ops.Unsupported,
    "BudgetExceeded": ops.BudgetExceeded,
    "mismatch": ops.mismatch,
    "decide": decide,
    "helper_failed": helper_failed,
    "add": ops.add,
    "has_field": has_field,
    "ORDERED": frozenset({int, float, str, bool, dt.date}),
    "NUMBERS": frozenset({int, float}),
}
