"""Rules compiled to Python: cel-cpp's checked tree translated once into closures.

`translate(checked, variables, functions)` turns the type-checked tree of one compiled
expression (toelating.cel.checked, macros already expanded) into a `FastProgram`: one
Python closure per node, run on a frame (a list) holding the evaluation's context in slot
0, the rule variables in the next slots, then one slot per comprehension or `cel.bind`
variable. The operators' semantics are toelating.cel.fast_ops; reading dossier data is
toelating.cel.fast_data; helpers come in `functions` (toelating.cel.fast_scope).

What it follows of cel-cpp, because the results must be the same (cel-cpp stays the
reference, tests/test_differential_*.py compare the two):
- strict calls evaluate every argument, left to right, even after one failed (a helper in
  a later argument still runs, as in cel-cpp), and give the first argument's error;
- `&&` and `||` evaluate the right side only when the left does not decide, and absorb an
  error when the other side decides; `?:` evaluates one branch;
- `cel.bind` is lazy: its value is computed on its first read, once, errors included;
- comprehensions hold error values in their accumulator, and count every list item
  walked against cel-cpp's iteration budget (one budget per evaluation).
A shape it does not know (a function, a literal kind, a macro of another form) raises
`Untranslatable` here, at load: that expression then always runs on cel-cpp.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from contextlib import suppress
from dataclasses import dataclass
from typing import Any

from toelating.cel import fast_ops as ops
from toelating.cel.checked import (
    Call,
    Checked,
    Comprehension,
    Const,
    CreateList,
    CreateMap,
    Ident,
    Node,
    Select,
)
from toelating.cel.fast_data import has_field, select
from toelating.cel.fast_ops import CelError

Program = Callable[[list[Any]], Any]
Function = Callable[..., Any]  # a helper: (context, *arguments) -> value

UNSET: Any = object()  # a `cel.bind` variable not read yet
MISSING: Any = object()  # a rule variable the check was not given


class Untranslatable(ValueError):
    """The translator does not handle this shape; cel-cpp evaluates the expression."""


class Boxed:
    """An error value held in a variable (a comprehension's accumulator, a bound step)."""

    __slots__ = ("error",)

    def __init__(self, error: CelError) -> None:
        self.error = error


class Context:
    """What one evaluation shares: the list items walked so far, and the helpers' scope."""

    __slots__ = ("budget", "scope", "walked")

    def __init__(self, scope: Any, budget: int) -> None:
        self.scope = scope
        self.budget = budget
        self.walked = 0


@dataclass(frozen=True)
class FastProgram:
    """A translated expression: `run(frame)` on a frame of `slots` entries whose slot 0 is
    the Context and slots 1.. the `variables`, in order."""

    run: Program
    slots: int
    variables: tuple[str, ...]


def translate(
    checked: Checked, variables: Sequence[str], functions: Mapping[str, Function]
) -> FastProgram:
    """The closures of a checked expression; raises Untranslatable for shapes it refuses."""
    translator = _Translator(checked, tuple(variables), functions)
    run = translator.node(checked.expr, {})
    return FastProgram(run, translator.slots, tuple(variables))


@dataclass(frozen=True)
class _Local:
    slot: int
    reader: Program


class _Translator:
    def __init__(
        self, checked: Checked, variables: tuple[str, ...], functions: Mapping[str, Function]
    ) -> None:
        self.checked = checked
        self.variables = {name: 1 + position for position, name in enumerate(variables)}
        self.functions = functions
        self.slots = 1 + len(variables)

    def node(self, node: Node, scope: dict[str, _Local]) -> Program:
        if isinstance(node, Const):
            return _constant(node)
        if isinstance(node, Ident):
            return self.ident(node, scope)
        if isinstance(node, Select):
            return self.select(node, scope)
        if isinstance(node, Call):
            return self.call(node, scope)
        if isinstance(node, CreateList):
            return self.create_list(node, scope)
        if isinstance(node, CreateMap):
            return self.create_map(node, scope)
        if isinstance(node, Comprehension):
            return self.comprehension(node, scope)
        raise Untranslatable(f"{type(node).__name__} nodes")

    def allocate(self) -> int:
        self.slots += 1
        return self.slots - 1

    # --- names --------------------------------------------------------------------------

    def ident(self, node: Ident, scope: dict[str, _Local]) -> Program:
        local = scope.get(node.name)
        if local is not None:
            return local.reader
        reference = self.checked.references.get(node.id)
        if reference is not None and reference.value is not None:
            raise Untranslatable("enum constants")
        slot = self.variables.get(node.name)
        if slot is None:
            raise Untranslatable(f"the name {node.name!r}")
        return _variable(slot, node.name)

    def select(self, node: Select, scope: dict[str, _Local]) -> Program:
        operand = self.node(node.operand, scope)
        field = node.field
        if node.test_only:
            return lambda frame: has_field(operand(frame), field)
        return lambda frame: select(operand(frame), field)

    # --- calls --------------------------------------------------------------------------

    def call(self, node: Call, scope: dict[str, _Local]) -> Program:
        name = node.function
        arguments = [self.node(part, scope) for part in _arguments(node)]
        special = _SPECIAL.get(name)
        if special is not None:
            if len(arguments) != special[1]:
                raise Untranslatable(f"{name} with {len(arguments)} arguments")
            return special[0](*arguments)
        if name == "_+_" and node.target is None:
            appended = self.appending(node, scope, arguments)
            if appended is not None:
                return appended
        operation = _OPERATIONS.get((name, len(arguments)))
        if operation is not None:
            return _strict(operation, arguments)
        if name in ops.TIMESTAMP_PARTS and node.target is not None and len(arguments) == 1:
            return _strict(ops.timestamp_part(name), arguments)
        helper = self.functions.get(name)
        if helper is not None and node.target is None:
            return _helper_call(helper, arguments)
        raise Untranslatable(f"the function {name!r}")

    def appending(
        self, node: Call, scope: dict[str, _Local], arguments: list[Program]
    ) -> Program | None:
        """`@result + [x]` in a map or filter: appended in place (the accumulator is the
        comprehension's own new list) instead of copying the list at every item."""
        left, right = node.args
        if not isinstance(left, Ident) or not isinstance(right, CreateList):
            return None
        if left.name not in scope or not left.name.startswith("@"):
            return None
        if len(right.elements) != 1 or right.optional_indices:
            return None
        accumulator, element = arguments[0], self.node(right.elements[0], scope)

        def append(frame: list[Any]) -> Any:
            try:
                collected = accumulator(frame)
            except CelError:
                _evaluate_rest(frame, (element,))
                raise
            item = element(frame)
            if type(collected) is not list:
                return ops.add(collected, [item])
            collected.append(item)
            return collected

        return append

    def create_list(self, node: CreateList, scope: dict[str, _Local]) -> Program:
        if node.optional_indices:
            raise Untranslatable("optional list elements")
        elements = tuple(self.node(element, scope) for element in node.elements)
        if not elements:
            return lambda frame: []
        return _strict(lambda *values: list(values), list(elements))

    def create_map(self, node: CreateMap, scope: dict[str, _Local]) -> Program:
        keys = []
        for entry in node.entries:
            if entry.optional or not (isinstance(entry.key, Const) and entry.key.kind == "string"):
                raise Untranslatable("map literals with keys other than text constants")
            keys.append(entry.key.value)
        if len(set(keys)) != len(keys):
            raise Untranslatable("map literals with a repeated key")
        values = [self.node(entry.value, scope) for entry in node.entries]
        return _strict(lambda *found: dict(zip(keys, found, strict=True)), values)

    # --- comprehensions -------------------------------------------------------------------

    def comprehension(self, node: Comprehension, scope: dict[str, _Local]) -> Program:
        if node.iter_var2:
            raise Untranslatable("two-variable comprehensions")
        if _is_bind(node):
            return self.bind(node, scope)
        condition_kind = _loop_condition(node)
        iterated = self.node(node.iter_range, scope)
        initial = self.node(node.accu_init, scope)
        accumulator = self.allocate()
        item = self.allocate()
        inner = dict(scope)
        inner[node.accu_var] = _Local(accumulator, _boxed_reader(accumulator))
        inner[node.iter_var] = _Local(item, _slot_reader(item))
        step = self.node(node.loop_step, inner)
        result_scope = dict(scope)
        result_scope[node.accu_var] = inner[node.accu_var]
        result = self.node(node.result, result_scope)
        condition = None if condition_kind is None else self.node(node.loop_condition, inner)
        return _loop(iterated, initial, accumulator, item, condition, step, result)

    def bind(self, node: Comprehension, scope: dict[str, _Local]) -> Program:
        initial = self.node(node.accu_init, scope)
        slot = self.allocate()
        inner = dict(scope)
        inner[node.accu_var] = _Local(slot, _lazy_reader(slot, initial))
        body = self.node(node.result, inner)

        def bind(frame: list[Any]) -> Any:
            frame[slot] = UNSET
            return body(frame)

        return bind


def _arguments(node: Call) -> tuple[Node, ...]:
    return node.args if node.target is None else (node.target, *node.args)


def _is_bind(node: Comprehension) -> bool:
    """cel.bind(name, value, body) expands to a comprehension over no items."""
    return (
        isinstance(node.iter_range, CreateList)
        and not node.iter_range.elements
        and isinstance(node.loop_condition, Const)
        and node.loop_condition.value is False
    )


def _loop_condition(node: Comprehension) -> str | None:
    """The macros' loop conditions: `true` (None: no condition to evaluate), or
    `@not_strictly_false(@result)` / `@not_strictly_false(!@result)` (all, exists)."""
    condition = node.loop_condition
    if isinstance(condition, Const) and condition.kind == "bool" and condition.value is True:
        return None
    if isinstance(condition, Call) and condition.function == "@not_strictly_false":
        (argument,) = condition.args
        if isinstance(argument, Call) and argument.function == "!_":
            (argument,) = argument.args
        if isinstance(argument, Ident) and argument.name == node.accu_var:
            return "not_strictly_false"
    raise Untranslatable("a comprehension of an unknown form")


# --- the closures -------------------------------------------------------------------------


def _constant(node: Const) -> Program:
    if node.kind not in ("bool", "int", "double", "string", "null"):
        raise Untranslatable(f"{node.kind} literals")
    value = node.value
    return lambda frame: value


def _variable(slot: int, name: str) -> Program:
    def read(frame: list[Any]) -> Any:
        value = frame[slot]
        if value is MISSING:
            raise ops.VariableMissing(name)
        return value

    return read


def _slot_reader(slot: int) -> Program:
    return lambda frame: frame[slot]


def _boxed_reader(slot: int) -> Program:
    def read(frame: list[Any]) -> Any:
        value = frame[slot]
        if type(value) is Boxed:
            raise value.error
        return value

    return read


def _lazy_reader(slot: int, initial: Program) -> Program:
    def read(frame: list[Any]) -> Any:
        value = frame[slot]
        if value is UNSET:
            try:
                value = initial(frame)
            except CelError as error:
                value = Boxed(error)
            frame[slot] = value
        if type(value) is Boxed:
            raise value.error
        return value

    return read


def _evaluate_rest(frame: list[Any], rest: Sequence[Program]) -> None:
    """The arguments after a failed one: cel-cpp evaluates them too (a helper among them
    still runs and may be remembered), then gives the first error."""
    for argument in rest:
        with suppress(CelError):
            argument(frame)


def _strict(operation: Callable[..., Any], arguments: list[Program]) -> Program:
    if len(arguments) == 1:
        (only,) = arguments
        return lambda frame: operation(only(frame))
    if len(arguments) == 2:
        first, second = arguments

        def binary(frame: list[Any]) -> Any:
            try:
                left = first(frame)
            except CelError:
                _evaluate_rest(frame, (second,))
                raise
            return operation(left, second(frame))

        return binary
    parts = tuple(arguments)

    def call(frame: list[Any]) -> Any:
        values = []
        for position, argument in enumerate(parts):
            try:
                values.append(argument(frame))
            except CelError:
                _evaluate_rest(frame, parts[position + 1 :])
                raise
        return operation(*values)

    return call


def _helper_call(helper: Function, arguments: list[Program]) -> Program:
    """A helper gets the evaluation's context first (for `param_on` and `__index`)."""
    call = _strict(lambda *values: values, arguments) if arguments else (lambda frame: ())
    return lambda frame: helper(frame[0], *call(frame))


def _logical_and(left: Program, right: Program) -> Program:
    def both(frame: list[Any]) -> Any:
        try:
            first: Any = left(frame)
        except CelError as error:
            first = error
        if first is False:
            return False
        try:
            second: Any = right(frame)
        except CelError as error:
            second = error
        return _decide(first, second, False)

    return both


def _logical_or(left: Program, right: Program) -> Program:
    def either(frame: list[Any]) -> Any:
        try:
            first: Any = left(frame)
        except CelError as error:
            first = error
        if first is True:
            return True
        try:
            second: Any = right(frame)
        except CelError as error:
            second = error
        return _decide(first, second, True)

    return either


def _decide(first: Any, second: Any, deciding: bool) -> bool:
    """`&&` (deciding False) or `||` (deciding True) once both sides are known: the deciding
    value wins over errors, then the left error, then the right one."""
    if second is deciding:
        return bool(second)
    if type(first) is bool and type(second) is bool:
        return not deciding
    if isinstance(first, CelError):
        raise first
    if isinstance(second, CelError):
        raise second
    raise ops.mismatch()


def _conditional(condition: Program, then: Program, otherwise: Program) -> Program:
    def choose(frame: list[Any]) -> Any:
        decided = condition(frame)
        if decided is True:
            return then(frame)
        if decided is False:
            return otherwise(frame)
        raise ops.mismatch()

    return choose


def _not_strictly_false(argument: Program) -> Program:
    def read(frame: list[Any]) -> bool:
        try:
            value = argument(frame)
        except CelError:
            return True
        return value if type(value) is bool else True

    return read


def _not_equal(left: Any, right: Any) -> bool:
    return not ops.equal(left, right)


def _same(value: Any) -> Any:
    return value


def _loop(
    iterated: Program,
    initial: Program,
    accumulator: int,
    item: int,
    condition: Program | None,
    step: Program,
    result: Program,
) -> Program:
    def loop(frame: list[Any]) -> Any:
        items = iterated(frame)
        if type(items) is not list:
            raise ops.Unsupported("a comprehension over something other than a list")
        collected = initial(frame)
        context = frame[0]
        for value in items:
            context.walked += 1
            if context.walked >= context.budget:
                raise ops.BudgetExceeded
            frame[item] = value
            frame[accumulator] = collected
            if condition is not None and condition(frame) is False:
                break
            try:
                collected = step(frame)
            except CelError as error:
                collected = Boxed(error)
        frame[accumulator] = collected
        return result(frame)

    return loop


_SPECIAL: dict[str, tuple[Callable[..., Program], int]] = {
    "_&&_": (_logical_and, 2),
    "_||_": (_logical_or, 2),
    "_?_:_": (_conditional, 3),
    "@not_strictly_false": (_not_strictly_false, 1),
}

_OPERATIONS: dict[tuple[str, int], Callable[..., Any]] = {
    ("_+_", 2): ops.add,
    ("_-_", 2): ops.subtract,
    ("_*_", 2): ops.multiply,
    ("_/_", 2): ops.divide,
    ("_%_", 2): ops.modulo,
    ("-_", 1): ops.negate,
    ("!_", 1): ops.logical_not,
    ("_==_", 2): ops.equal,
    ("_!=_", 2): _not_equal,
    ("_<_", 2): ops.less,
    ("_<=_", 2): ops.less_equal,
    ("_>_", 2): ops.greater,
    ("_>=_", 2): ops.greater_equal,
    ("_[_]", 2): ops.index,
    ("@in", 2): lambda element, container: ops.contains(element, container),
    ("size", 1): ops.size,
    ("int", 1): ops.to_int,
    ("double", 1): ops.to_double,
    ("string", 1): ops.to_string,
    ("dyn", 1): _same,
}
