"""Emitting calls: CEL's operators (the common cases inline), `&&`/`||`/`?:` with CEL's
error absorption, strict calls (the first error wins), helpers with their overloads'
argument types, `matches`, list and map literals."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from toelating.cel import fast_ops as ops
from toelating.cel.checked import (
    Call,
    Comprehension,
    Const,
    CreateList,
    CreateMap,
    Ident,
    Node,
    nodes,
)
from toelating.cel.fast_emit import Name
from toelating.cel.fast_nodes import Nodes
from toelating.cel.fast_operators import DATE_PARTS, INLINE, OPERATIONS, Inline
from toelating.cel.fast_program import Helper
from toelating.cel.fast_shapes import Untranslatable, constant_texts, is_bind


class Calls(Nodes):
    def call(self, node: Call, scope: dict[str, Name]) -> str:
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
        inline = INLINE.get(name)
        if inline is not None and len(parts) == 2:
            left, right = self.strict(parts, scope)
            return self.inline(inline, left, right, parts[1])
        if name in DATE_PARTS and node.target is not None and len(parts) == 1:
            (day,) = self.strict(parts, scope)
            result = self.temp()
            self.line(f"if type({day}) is {self.constant(dt.date, ('date',))}:")
            with self.nested():
                self.line(f"{result} = {DATE_PARTS[name].format(day)}")
            self.line("else:")
            with self.nested():
                part = self.constant(ops.timestamp_part(name), ("part", name))
                self.line(f"{result} = {part}({day})")
            return result
        texts = constant_texts(parts[1]) if name == "@in" and len(parts) == 2 else None
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
        operation = OPERATIONS.get((name, len(parts)))
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

    def matches(self, parts: Sequence[Node], scope: dict[str, Name]) -> str:
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

    def strict(self, parts: Sequence[Node], scope: dict[str, Name]) -> list[str]:
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

    def pure(self, node: Node, scope: dict[str, Name]) -> bool:
        """Evaluating it calls no helper, walks no list and reads no step that does."""
        for part in nodes(node):
            if isinstance(part, Comprehension) and not is_bind(part):
                return False
            if isinstance(part, Call) and part.function in self.functions:
                return False
            if isinstance(part, Ident) and part.name in scope and not scope[part.name].pure:
                return False
        return True

    def inline(self, inline: Inline, left: str, right: str, right_node: Node) -> str:
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

    def logical(self, parts: Sequence[Node], scope: dict[str, Name], deciding: bool) -> str:
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

    def caught(self, node: Node, scope: dict[str, Name], target: str) -> None:
        """`target` = the node's value, or its error as a value."""
        self.line("try:")
        with self.nested(block=True):
            self.line(f"{target} = {self.node(node, scope)}")
        self.line("except CelError as x:")
        with self.nested():
            self.line(f"{target} = x")

    def conditional(self, parts: Sequence[Node], scope: dict[str, Name]) -> str:
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

    def not_strictly_false(self, parts: Sequence[Node], scope: dict[str, Name]) -> str:
        value = self.temp("x")
        self.caught(parts[0], scope, value)
        result = self.temp()
        self.line(f"{result} = {value} if type({value}) is bool else True")
        return result

    def create_list(self, node: CreateList, scope: dict[str, Name]) -> str:
        if node.optional_indices:
            raise Untranslatable("optional list elements")
        texts = constant_texts(node)
        if texts:  # made once: nothing changes a list but a comprehension's own result
            return self.constant(list(texts), ("list", tuple(texts)))
        values = self.strict(node.elements, scope)
        result = self.temp()
        self.line(f"{result} = [{', '.join(values)}]")
        return result

    def create_map(self, node: CreateMap, scope: dict[str, Name]) -> str:
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
