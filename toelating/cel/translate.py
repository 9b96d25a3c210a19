"""Rules compiled to Python: cel-cpp's checked tree translated once into a Python function.

`translate(checked, variables, functions)` turns the type-checked tree of one compiled
expression (toelating.cel.checked, macros already expanded) into the source of one Python
function, compiled once: straight-line statements per node, `for` loops for
comprehensions, the common cases of operators inline (two ints compared, a double added),
everything else through toelating.cel.fast_ops (operators), toelating.cel.fast_data (the
dossier's fields) and the helpers in `functions` (toelating.cel.fast_scope). A generated
function is a few calls per node instead of cel-cpp's binding round trips, and reads the
validated dossier itself.

What it follows of cel-cpp, because the results must be the same (cel-cpp stays the
reference; tests/test_differential_*.py compare the two):
- an error value is a raised `CelError`; strict calls give their first argument's error,
  and when a later argument could still call a helper or walk a list, they evaluate it
  too (as cel-cpp does: a helper's failure there is what it reports);
- `&&` and `||` evaluate the right side only when the left does not decide, and absorb an
  error when the other side decides; `?:` evaluates one branch;
- `cel.bind` is lazy: computed once, on its first read, errors included (a step without
  helper calls or comprehensions is computed at once, which nothing can tell apart);
- comprehensions hold error values in their accumulator and count every list item walked
  against cel-cpp's iteration budget (one budget per evaluation; `all`/`exists` step to
  the next item, counting it, before their loop condition stops them).
A shape it does not know (a function, a literal kind, a macro of another form) raises
`Untranslatable` here, at load: that expression then always runs on cel-cpp.
"""

from __future__ import annotations

import datetime as dt
import marshal
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
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
    nodes,
)
from toelating.cel.fast_data import field_owners, field_reader, has_field
from toelating.cel.fast_ops import CelError

Run = Callable[[Any, Sequence[Any]], Any]  # (context, variables' values) -> value

UNSET: Any = object()  # a lazy `cel.bind` step not read yet
MISSING: Any = object()  # a rule variable the check was not given

# Python allows 20 nested blocks (try, for) in one function: deeper parts become functions.
# Its tokenizer allows 100 levels of indentation: deeper expressions run on cel-cpp.
_MAX_BLOCKS = 12
_MAX_INDENT = 90


class Untranslatable(ValueError):
    """The translator does not handle this shape; cel-cpp evaluates the expression."""


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
        namespace: dict[str, Any] = dict(_RUNTIME)
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
        return _OPERATIONS[(parts[0], parts[1])]
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
        return next(inline.general for inline in _INLINE.values() if inline.operator == parts[0])
    raise ValueError(f"unknown recipe {kind!r}")


def translate(
    checked: Checked, variables: Sequence[str], functions: Mapping[str, Helper]
) -> FastProgram:
    """The compiled Python of a checked expression; raises Untranslatable for shapes it
    refuses."""
    generator = _Generator(checked, tuple(variables), functions)
    source = generator.program()
    code = compile(source, "<cel>", "exec")
    program = FastProgram(tuple(variables), marshal.dumps(code), tuple(generator.recipes), source)
    program.bind(functions, code, generator.names)
    return program


@dataclass(frozen=True)
class _Name:
    """A name in scope: a Python local, and how reading it may fail."""

    python: str
    kind: str  # "item" (never fails), "boxed" (may hold an error), "lazy" (a lazy step)
    pure: bool = True  # reading it calls no helper and walks no list
    bind: int = -1  # lazy steps: the index in B


class _Generator:
    def __init__(
        self, checked: Checked, variables: tuple[str, ...], functions: Mapping[str, Helper]
    ) -> None:
        self.checked = checked
        self.variables = variables
        self.functions = functions
        self.names: dict[str, Any] = dict(_RUNTIME)
        self.lines: list[str] = []
        self.indent = 1
        self.blocks = 0
        self.counter = 0
        self.lazy_steps = 0
        self.constants: dict[tuple[Any, ...], str] = {}
        self.recipes: list[tuple[str, tuple[Any, ...]]] = []
        self.hoists: list[list[int]] = [[0, 1]]  # per function: where hoisted defs go, indent

    def program(self) -> str:
        body_start = len(self.lines)
        result = self.node(self.checked.expr, {})
        self.line(f"return {result}")
        body = self.lines[body_start:]
        head = ["def program(C, V):"]
        head += [f"    v{position} = V[{position}]" for position in range(len(self.variables))]
        if self.lazy_steps:
            head.append(f"    B = [UNSET] * {self.lazy_steps}")
        return "\n".join(head + body) + "\n"

    # --- emitting ---------------------------------------------------------------------------

    def line(self, text: str) -> None:
        self.lines.append("    " * self.indent + text)

    def temp(self, prefix: str = "t") -> str:
        self.counter += 1
        return f"{prefix}{self.counter}"

    def constant(self, value: Any, recipe: tuple[Any, ...] | None = None) -> str:
        """A name for a value the generated code uses, and how to make it again when the
        program is read back from a cache (`recipe`; None: the value itself, a literal)."""
        made = recipe if recipe is not None else ("value", value)
        key = (type(value), repr(value) if type(value) is float else value, made)
        if not _hashable(key):
            key = (type(value), id(value), made)
        name = self.constants.get(key)
        if name is None:
            name = self.constants[key] = self.temp("k")
            self.names[name] = value
            self.recipes.append((name, made))
        return name

    @contextmanager
    def function_body(self) -> Iterator[None]:
        """The body of a nested function: its own count of blocks, its own place for the
        definitions hoisted out of its loops."""
        saved = self.blocks, self.indent
        self.blocks, self.indent = 0, self.indent + 1
        self.hoists.append([len(self.lines), self.indent])
        try:
            yield
        finally:
            self.hoists.pop()
            self.blocks, self.indent = saved

    def hoist(self, start: int) -> None:
        """Move the definition emitted from line `start` to the top of the function it is
        in: defined once per call, not once per item of a loop (it reads the loop's
        variables through its closure, when it is called)."""
        place = self.hoists[-1]
        if self.indent <= place[1]:
            return
        shift = 4 * (self.indent - place[1])
        moved = [line[shift:] for line in self.lines[start:]]
        del self.lines[start:]
        self.lines[place[0] : place[0]] = moved
        place[0] += len(moved)

    @contextmanager
    def nested(self, block: bool = False) -> Iterator[None]:
        self.indent += 1
        self.blocks += block
        try:
            yield
        finally:
            self.indent -= 1
            self.blocks -= block

    # --- nodes --------------------------------------------------------------------------

    def node(self, node: Node, scope: dict[str, _Name]) -> str:
        """Emit the statements that compute `node`; return a Python expression (a name or a
        literal) for its value, cheap to read any number of times."""
        if self.indent >= _MAX_INDENT:
            raise Untranslatable("an expression nested too deeply for Python's indentation")
        if self.blocks >= _MAX_BLOCKS and not _trivial(node):
            return self.function_of(node, scope)
        if isinstance(node, Const):
            return self.const(node)
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

    def function_of(self, node: Node, scope: dict[str, _Name]) -> str:
        """`node` as a nested function (it reads the names in scope through its closure)."""
        name = self.temp("f")
        self.line(f"def {name}():")
        with self.function_body():
            value = self.node(node, scope)
            self.line(f"return {value}")
        result = self.temp()
        self.line(f"{result} = {name}()")
        return result

    def const(self, node: Const) -> str:
        if node.kind not in ("bool", "int", "double", "string", "null"):
            raise Untranslatable(f"{node.kind} literals")
        if node.kind in ("bool", "null"):
            return repr(node.value)
        return self.constant(node.value)

    def ident(self, node: Ident, scope: dict[str, _Name]) -> str:
        name = scope.get(node.name)
        if name is not None:
            return self.read(name)
        reference = self.checked.references.get(node.id)
        if reference is not None and reference.value is not None:
            raise Untranslatable("enum constants")
        if node.name not in self.variables:
            raise Untranslatable(f"the name {node.name!r}")
        python = f"v{self.variables.index(node.name)}"
        self.line(f"if {python} is MISSING:")
        with self.nested():
            self.line(f"raise VariableMissing({node.name!r})")
        return python

    def read(self, name: _Name) -> str:
        if name.kind == "item":
            return name.python
        if name.kind == "lazy":
            value = self.temp()
            self.line(f"{value} = B[{name.bind}]")
            self.line(f"if {value} is UNSET:")
            with self.nested():
                self.line("try:")
                with self.nested(block=True):
                    self.line(f"{value} = {name.python}()")
                self.line("except CelError as x:")
                with self.nested():
                    self.line(f"{value} = Boxed(x)")
                self.line(f"B[{name.bind}] = {value}")
            self.unbox(value)
            return value
        self.unbox(name.python)
        return name.python

    def unbox(self, python: str) -> None:
        self.line(f"if type({python}) is Boxed:")
        with self.nested():
            self.line(f"raise {python}.error")

    def select(self, node: Select, scope: dict[str, _Name]) -> str:
        """`x.f` and `has(x.f)`: for the dossier's items that have the field, read from the
        item itself, written out; any other value through toelating.cel.fast_data."""
        operand = self.node(node.operand, scope)
        owners = field_owners(node.field)
        field = self.constant(node.field)
        result = self.temp()
        kind = self.temp("c")
        self.line(f"{kind} = type({operand})")
        if node.test_only:
            readable = owners.plain | owners.decimal | owners.enum
            owned = self.constant(readable, ("owners", node.field, "plain decimal enum"))
            self.line(f"if {kind} in {owned}:")
            with self.nested():
                self.line(f"{result} = {operand}.__dict__[{field}] is not None")
            self.line("else:")
            with self.nested():
                self.line(f"{result} = has_field({operand}, {field})")
            return result
        kinds = (
            (owners.plain, "plain", "{}"),
            (owners.decimal, "decimal", "float({})"),
            (owners.enum, "enum", "{}._value_"),
        )
        branches = [(group, name, convert) for group, name, convert in kinds if group]
        for position, (owning, group_name, convert) in enumerate(branches):
            keyword = "if" if position == 0 else "elif"
            owned = self.constant(owning, ("owners", node.field, group_name))
            self.line(f"{keyword} {kind} in {owned}:")
            with self.nested():
                self.line(f"{result} = {operand}.__dict__[{field}]")
                self.line(f"if {result} is None:")
                with self.nested():
                    self.line(f"raise KeyMissing({field})")
                if convert != "{}":
                    self.line(f"{result} = {convert.format(result)}")
        read = self.constant(field_reader(node.field), ("reader", node.field))
        reader = f"{result} = {read}({operand})"
        if not branches:
            self.line(reader)
            return result
        self.line("else:")
        with self.nested():
            self.line(reader)
        return result

    # --- calls --------------------------------------------------------------------------

    def call(self, node: Call, scope: dict[str, _Name]) -> str:
        name = node.function
        parts = node.args if node.target is None else (node.target, *node.args)
        if name == "_&&_" or name == "_||_":
            return self.logical(parts, scope, deciding=name == "_||_")
        if name == "_?_:_":
            return self.conditional(parts, scope)
        if name == "@not_strictly_false":
            return self.not_strictly_false(parts, scope)
        if name == "dyn" and len(parts) == 1:
            return self.node(parts[0], scope)
        inline = _INLINE.get(name)
        if inline is not None and len(parts) == 2:
            left, right = self.strict(parts, scope)
            return self.inline(inline, left, right, parts[1])
        if name in _DATE_PARTS and node.target is not None and len(parts) == 1:
            (day,) = self.strict(parts, scope)
            result = self.temp()
            self.line(f"if type({day}) is {self.constant(dt.date, ('date',))}:")
            with self.nested():
                self.line(f"{result} = {_DATE_PARTS[name].format(day)}")
            self.line("else:")
            with self.nested():
                part = self.constant(ops.timestamp_part(name), ("part", name))
                self.line(f"{result} = {part}({day})")
            return result
        texts = _constant_texts(parts[1]) if name == "@in" and len(parts) == 2 else None
        if texts is not None:  # `x in ["a", "b"]`: a text is in it when one of them is it
            (element,) = self.strict(parts[:1], scope)
            result = self.temp()
            known = self.constant(frozenset(texts), ("texts", tuple(texts)))
            listed = self.constant(list(texts), ("list", tuple(texts)))
            contains = self.constant(ops.contains, ("operation", "@in", 2))
            self.line(
                f"{result} = {element} in {known} if type({element}) is str"
                f" else {contains}({element}, {listed})"
            )
            return result
        operation = _OPERATIONS.get((name, len(parts)))
        if operation is not None:
            function = self.constant(operation, ("operation", name, len(parts)))
            return self.apply(function, self.strict(parts, scope))
        if name in ops.TIMESTAMP_PARTS and node.target is not None and len(parts) == 1:
            part = self.constant(ops.timestamp_part(name), ("part", name))
            return self.apply(part, self.strict(parts, scope))
        if name == "matches" and len(parts) == 2:
            return self.matches(parts, scope)
        helper = self.functions.get(name)
        if helper is not None and node.target is None and len(parts) == len(helper.kinds):
            return self.helper(name, helper, self.strict(parts, scope))
        raise Untranslatable(f"the function {name!r}")

    def matches(self, parts: Sequence[Node], scope: dict[str, _Name]) -> str:
        """`text.matches(pattern)`: only a constant pattern that Python's re reads as RE2
        does (toelating.cel.fast_ops.python_pattern)."""
        pattern = parts[1]
        if not (isinstance(pattern, Const) and pattern.kind == "string"):
            raise Untranslatable("matches() with a pattern that is not a constant")
        python = ops.python_pattern(str(pattern.value))
        if python is None:
            raise Untranslatable("the function 'matches' with this pattern")
        (text,) = self.strict(parts[:1], scope)
        return self.apply(self.constant(ops.matcher(python), ("matcher", python)), [text])

    def helper(self, name: str, helper: Helper, arguments: list[str]) -> str:
        """A helper call: arguments of the types its overloads take (else no overload
        matches: a type mismatch), its own exception remembered as cel-cpp's scope does."""
        result = self.temp()
        if name == "cents":  # environment._cents's own fast path for doubles, written out
            (value,) = arguments
            self.line(f"if type({value}) is float and -1e9 < {value} < 1e9:")
            with self.nested():
                self.line(f"{result} = round(round({value}, 6) * 1000000)")
                self.line(
                    f"{result} = ({result} + 5000) // 10000 if {result} >= 0"
                    f" else -((-{result} + 5000) // 10000)"
                )
            self.line("else:")
            self.indent += 1
        checks = [
            f"type({argument}) is {self.constant(kinds[0], ('kind', name, position))}"
            if len(kinds) == 1
            else f"type({argument}) in {self.constant(frozenset(kinds), ('kinds', name, position))}"
            for position, (argument, kinds) in enumerate(zip(arguments, helper.kinds, strict=True))
        ]
        self.line(f"if {' and '.join(checks)}:")
        with self.nested():
            if helper.cached:  # a parameter already taken on that date
                self.line(f"{result} = C.parameters.get(({', '.join(arguments)}), UNSET)")
                self.line(f"if {result} is UNSET:")
                self.indent += 1
            call = [*(["C"] if helper.with_context else []), *arguments]
            self.line("try:")
            with self.nested(block=True):
                function = self.constant(helper.function, ("helper", name))
                self.line(f"{result} = {function}({', '.join(call)})")
            self.line("except Unsupported:")
            with self.nested():
                self.line("raise")
            self.line("except Exception as x:")
            with self.nested():
                self.line(f"helper_failed(C, {name!r}, x)")
            if helper.cached:
                self.indent -= 1
        self.line("else:")
        with self.nested():
            self.line("raise mismatch()")
        if name == "cents":
            self.indent -= 1
        return result

    def apply(self, function: str, arguments: list[str]) -> str:
        result = self.temp()
        self.line(f"{result} = {function}({', '.join(arguments)})")
        return result

    def strict(self, parts: Sequence[Node], scope: dict[str, _Name]) -> list[str]:
        """The arguments of a strict call, left to right; the first error wins. When an
        argument after another could call a helper or walk a list, every argument runs
        (cel-cpp evaluates them all before it looks for errors)."""
        if all(self.pure(part, scope) for part in parts[1:]):
            return [self.node(part, scope) for part in parts]
        error = self.temp("e")
        self.line(f"{error} = None")
        values = []
        for part in parts:
            value = self.temp()
            self.line("try:")
            with self.nested(block=True):
                self.line(f"{value} = {self.node(part, scope)}")
            self.line("except CelError as x:")
            with self.nested():
                self.line(f"if {error} is None:")
                with self.nested():
                    self.line(f"{error} = x")
            values.append(value)
        self.line(f"if {error} is not None:")
        with self.nested():
            self.line(f"raise {error}")
        return values

    def pure(self, node: Node, scope: dict[str, _Name]) -> bool:
        """Evaluating it calls no helper, walks no list and reads no step that does."""
        for part in nodes(node):
            if isinstance(part, Comprehension) and not _is_bind(part):
                return False
            if isinstance(part, Call) and part.function in self.functions:
                return False
            if isinstance(part, Ident) and part.name in scope and not scope[part.name].pure:
                return False
        return True

    def inline(self, inline: _Inline, left: str, right: str, right_node: Node) -> str:
        """`left op right` with the common case written out: values of one kind that
        Python's operator treats as CEL does."""
        result = self.temp()
        general = self.constant(inline.general, ("inline", inline.operator))
        if isinstance(right_node, Const) and right_node.kind in ("int", "double", "string"):
            kind = type(right_node.value)
            guard = f"type({left}) is {kind.__name__}"
        else:
            kind = None
            guard = f"type({left}) is type({right}) and type({left}) in {inline.kinds}"
        self.line(f"if {guard}:")
        with self.nested():
            self.line(f"{result} = {left} {inline.operator} {right}")
            if inline.checked and kind in (None, int):
                self.line(f"if type({result}) is int and not INT64_MIN <= {result} <= INT64_MAX:")
                with self.nested():
                    self.line("raise Failure(OVERFLOW)")
        self.line("else:")
        with self.nested():
            self.line(f"{result} = {general}({left}, {right})")
        return result

    def logical(self, parts: Sequence[Node], scope: dict[str, _Name], deciding: bool) -> str:
        """`&&` (False decides) or `||` (True decides)."""
        if len(parts) != 2:
            raise Untranslatable("a logical operator with other than two operands")
        first, second, result = self.temp("x"), self.temp("x"), self.temp()
        self.caught(parts[0], scope, first)
        self.line(f"if {first} is {deciding}:")
        with self.nested():
            self.line(f"{result} = {deciding}")
        self.line("else:")
        with self.nested():
            self.caught(parts[1], scope, second)
            self.line(f"if {second} is {deciding}:")
            with self.nested():
                self.line(f"{result} = {deciding}")
            self.line(f"elif {first} is {not deciding} and {second} is {not deciding}:")
            with self.nested():
                self.line(f"{result} = {not deciding}")
            self.line("else:")
            with self.nested():
                self.line(f"{result} = decide({first}, {second})")
        return result

    def caught(self, node: Node, scope: dict[str, _Name], target: str) -> None:
        """`target` = the node's value, or its error as a value."""
        self.line("try:")
        with self.nested(block=True):
            self.line(f"{target} = {self.node(node, scope)}")
        self.line("except CelError as x:")
        with self.nested():
            self.line(f"{target} = x")

    def conditional(self, parts: Sequence[Node], scope: dict[str, _Name]) -> str:
        condition = self.node(parts[0], scope)
        result = self.temp()
        self.line(f"if {condition} is True:")
        with self.nested():
            self.line(f"{result} = {self.node(parts[1], scope)}")
        self.line(f"elif {condition} is False:")
        with self.nested():
            self.line(f"{result} = {self.node(parts[2], scope)}")
        self.line("else:")
        with self.nested():
            self.line("raise mismatch()")
        return result

    def not_strictly_false(self, parts: Sequence[Node], scope: dict[str, _Name]) -> str:
        value = self.temp("x")
        self.caught(parts[0], scope, value)
        result = self.temp()
        self.line(f"{result} = {value} if type({value}) is bool else True")
        return result

    def create_list(self, node: CreateList, scope: dict[str, _Name]) -> str:
        if node.optional_indices:
            raise Untranslatable("optional list elements")
        texts = _constant_texts(node)
        if texts:  # made once: nothing changes a list but a comprehension's own result
            return self.constant(list(texts), ("list", tuple(texts)))
        values = self.strict(node.elements, scope)
        result = self.temp()
        self.line(f"{result} = [{', '.join(values)}]")
        return result

    def create_map(self, node: CreateMap, scope: dict[str, _Name]) -> str:
        keys = []
        for entry in node.entries:
            key = entry.key
            if entry.optional or not (isinstance(key, Const) and key.kind == "string"):
                raise Untranslatable("map literals with keys other than text constants")
            keys.append(key.value)
        if len(set(keys)) != len(keys):
            raise Untranslatable("map literals with a repeated key")
        values = self.strict([entry.value for entry in node.entries], scope)
        result = self.temp()
        pairs = ", ".join(f"{self.constant(k)}: {v}" for k, v in zip(keys, values, strict=True))
        self.line(f"{result} = {{{pairs}}}")
        return result

    # --- comprehensions -------------------------------------------------------------------

    def comprehension(self, node: Comprehension, scope: dict[str, _Name]) -> str:
        if node.iter_var2:
            raise Untranslatable("two-variable comprehensions")
        if _is_bind(node):
            return self.bind(node, scope)
        has_condition = _loop_condition(node)
        deciding = _quantifier(node)
        if deciding is not None:
            return self.quantifier(node, scope, deciding)
        items = self.items(node, scope)
        accumulator, item = self.temp("a"), self.temp("i")
        self.line(f"{accumulator} = {self.node(node.accu_init, scope)}")
        inner = dict(scope)
        inner[node.accu_var] = _Name(accumulator, "boxed")
        inner[node.iter_var] = _Name(item, "item")
        self.line(f"for {item} in {items}:")
        with self.nested(block=True):
            self.count()
            if has_condition:
                condition = self.node(node.loop_condition, inner)
                self.line(f"if {condition} is False:")
                with self.nested():
                    self.line("break")
            self.line("try:")
            with self.nested(block=True):
                step = self.step(node, inner, accumulator)
                self.line(f"{accumulator} = {step}")
            self.line("except CelError as x:")
            with self.nested():
                self.line(f"{accumulator} = Boxed(x)")
        return self.node(node.result, {**scope, node.accu_var: inner[node.accu_var]})

    def step(self, node: Comprehension, inner: dict[str, _Name], accumulator: str) -> str:
        """The loop step; `@result + [x]` (map, filter) appends to the comprehension's own
        new list instead of copying it at every item."""
        step = node.loop_step
        appended = _appended(step, node.accu_var)
        if appended is None:
            return self.node(step, inner)
        left, value = self.strict([step.args[0], appended], inner)  # type: ignore[union-attr]
        result = self.temp()
        self.line(f"if type({left}) is list:")
        with self.nested():
            self.line(f"{left}.append({value})")
            self.line(f"{result} = {left}")
        self.line("else:")
        with self.nested():
            self.line(f"{result} = add({left}, [{value}])")
        return result

    def items(self, node: Comprehension, scope: dict[str, _Name]) -> str:
        items = self.node(node.iter_range, scope)
        self.line(f"if type({items}) is not list:")
        with self.nested():
            self.line("raise Unsupported('a comprehension over something other than a list')")
        return items

    def count(self) -> None:
        self.line("C.walked += 1")
        self.line("if C.walked >= C.budget:")
        with self.nested():
            self.line("raise BudgetExceeded")

    def quantifier(self, node: Comprehension, scope: dict[str, _Name], deciding: bool) -> str:
        """`all` (False decides) and `exists` (True) folded into one loop: the first
        deciding item decides; else the first error (or non-bool) among the items."""
        items = self.items(node, scope)
        result, error, position, item, found = (self.temp(p) for p in "teipx")
        self.line(f"{result} = {not deciding}")
        self.line(f"{error} = None")
        inner = {**scope, node.iter_var: _Name(item, "item")}
        self.line(f"for {position}, {item} in enumerate({items}, 1 - len({items})):")
        with self.nested(block=True):
            self.count()
            self.line("try:")
            with self.nested(block=True):
                predicate = node.loop_step.args[1]  # type: ignore[union-attr]
                self.line(f"{found} = {self.node(predicate, inner)}")
            self.line("except CelError as x:")
            with self.nested():
                self.line(f"if {error} is None:")
                with self.nested():
                    self.line(f"{error} = x")
                self.line("continue")
            self.line(f"if {found} is {deciding}:")
            with self.nested():
                self.line(f"if {position}:")  # not the last item: cel-cpp steps to the next
                with self.nested():
                    self.count()
                self.line(f"{result} = {deciding}")
                self.line(f"{error} = None")
                self.line("break")
            self.line(f"if {found} is not {not deciding} and {error} is None:")
            with self.nested():
                self.line(f"{error} = mismatch()")
        self.line(f"if {error} is not None:")
        with self.nested():
            self.line(f"raise {error}")
        return result

    def bind(self, node: Comprehension, scope: dict[str, _Name]) -> str:
        """`cel.bind(name, value, body)`: a step without helpers or comprehensions is
        computed at once (its error kept for a read); others on their first read."""
        if self.pure(node.accu_init, scope):
            step = self.temp("b")
            self.line("try:")
            with self.nested(block=True):
                self.line(f"{step} = {self.node(node.accu_init, scope)}")
            self.line("except CelError as x:")
            with self.nested():
                self.line(f"{step} = Boxed(x)")
            return self.node(node.result, {**scope, node.accu_var: _Name(step, "boxed")})
        function = self.temp("g")
        start = len(self.lines)
        self.line(f"def {function}():")
        with self.function_body():
            self.line(f"return {self.node(node.accu_init, scope)}")
        self.hoist(start)
        index = self.lazy_steps
        self.lazy_steps += 1
        self.line(f"B[{index}] = UNSET")
        name = _Name(function, "lazy", pure=False, bind=index)
        return self.node(node.result, {**scope, node.accu_var: name})


# --- shapes -------------------------------------------------------------------------------


def _hashable(value: Any) -> bool:
    try:
        hash(value)
    except TypeError:
        return False
    return True


def _trivial(node: Node) -> bool:
    return isinstance(node, Const | Ident)


def _is_bind(node: Comprehension) -> bool:
    """cel.bind(name, value, body) expands to a comprehension over no items."""
    return (
        isinstance(node.iter_range, CreateList)
        and not node.iter_range.elements
        and isinstance(node.loop_condition, Const)
        and node.loop_condition.value is False
    )


def _loop_condition(node: Comprehension) -> bool:
    """The macros' loop conditions: `true` (False: nothing to evaluate), or
    `@not_strictly_false(@result)` / `@not_strictly_false(!@result)` (all, exists)."""
    condition = node.loop_condition
    if isinstance(condition, Const) and condition.kind == "bool" and condition.value is True:
        return False
    if isinstance(condition, Call) and condition.function == "@not_strictly_false":
        (argument,) = condition.args
        if isinstance(argument, Call) and argument.function == "!_":
            (argument,) = argument.args
        if isinstance(argument, Ident) and argument.name == node.accu_var:
            return True
    raise Untranslatable("a comprehension of an unknown form")


def _quantifier(node: Comprehension) -> bool | None:
    """The `all` macro (False decides it) or `exists` (True), else None."""
    init, step, result = node.accu_init, node.loop_step, node.result
    if not (isinstance(init, Const) and init.kind == "bool" and isinstance(step, Call)):
        return None
    function = "_&&_" if init.value is True else "_||_"
    if step.function != function or len(step.args) != 2 or step.target is not None:
        return None
    left = step.args[0]
    if not (isinstance(left, Ident) and left.name == node.accu_var):
        return None
    if not (isinstance(result, Ident) and result.name == node.accu_var):
        return None
    if _mentions(step.args[1], node.accu_var):
        return None
    return not init.value


def _appended(step: Node, accumulator: str) -> Node | None:
    """x of a step `@result + [x]`, else None."""
    if not (isinstance(step, Call) and step.function == "_+_" and step.target is None):
        return None
    left, right = step.args
    if not (isinstance(left, Ident) and left.name == accumulator):
        return None
    if not isinstance(right, CreateList) or len(right.elements) != 1 or right.optional_indices:
        return None
    return right.elements[0]


def _constant_texts(node: Node) -> list[str] | None:
    """The texts of a list literal of text constants, else None."""
    if not isinstance(node, CreateList) or node.optional_indices:
        return None
    if not all(isinstance(e, Const) and e.kind == "string" for e in node.elements):
        return None
    return [str(element.value) for element in node.elements]  # type: ignore[union-attr]


def _mentions(node: Node, name: str) -> bool:
    return any(isinstance(part, Ident) and part.name == name for part in nodes(node))


# --- what the generated code calls ----------------------------------------------------------


def _decide(first: Any, second: Any) -> bool:
    """`&&`/`||` when neither side decided: the left error, then the right one, else the
    operands were not both bool."""
    if isinstance(first, CelError):
        raise first
    if isinstance(second, CelError):
        raise second
    raise ops.mismatch()


def _not_equal(left: Any, right: Any) -> bool:
    return not ops.equal(left, right)


@dataclass(frozen=True)
class _Inline:
    operator: str
    kinds: str  # the name of the set of kinds for which Python's operator is CEL's
    general: Callable[[Any, Any], Any]
    checked: bool = False  # int results must stay within int64


_INLINE: dict[str, _Inline] = {
    "_<_": _Inline("<", "ORDERED", ops.less),
    "_<=_": _Inline("<=", "ORDERED", ops.less_equal),
    "_>_": _Inline(">", "ORDERED", ops.greater),
    "_>=_": _Inline(">=", "ORDERED", ops.greater_equal),
    "_==_": _Inline("==", "ORDERED", ops.equal),
    "_!=_": _Inline("!=", "ORDERED", _not_equal),
    "_+_": _Inline("+", "NUMBERS", ops.add, checked=True),
    "_-_": _Inline("-", "NUMBERS", ops.subtract, checked=True),
    "_*_": _Inline("*", "NUMBERS", ops.multiply, checked=True),
}

# Parts of a timestamp (a date at UTC midnight) written out; the others through fast_ops.
_DATE_PARTS = {
    "getFullYear": "{}.year",
    "getMonth": "{}.month - 1",
    "getDayOfMonth": "{}.day - 1",
    "getDate": "{}.day",
}

_OPERATIONS: dict[tuple[str, int], Callable[..., Any]] = {
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

_RUNTIME: dict[str, Any] = {
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
    "decide": _decide,
    "helper_failed": helper_failed,
    "add": ops.add,
    "has_field": has_field,
    "ORDERED": frozenset({int, float, str, bool, dt.date}),
    "NUMBERS": frozenset({int, float}),
}
