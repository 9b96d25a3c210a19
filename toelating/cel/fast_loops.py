"""Emitting comprehensions: `all`/`exists` folded into one loop, map/filter appending in
place, other macros as their accumulator loop, `cel.bind` (lazy when its step calls a
helper or walks a list); every item walked counts against the iteration budget."""

from __future__ import annotations

from collections import Counter

from toelating.cel.checked import Comprehension, Ident, Node, Select, nodes
from toelating.cel.fast_calls import Calls
from toelating.cel.fast_emit import Name
from toelating.cel.fast_shapes import (
    Untranslatable,
    appended,
    is_bind,
    loop_condition,
    quantifier_of,
)


class Loops(Calls):
    def comprehension(self, node: Comprehension, scope: dict[str, Name]) -> str:
        if node.iter_var2:
            raise Untranslatable("two-variable comprehensions")
        if is_bind(node):
            return self.bind(node, scope)
        has_condition = loop_condition(node)
        deciding = quantifier_of(node)
        if deciding is not None:
            return self.quantifier(node, scope, deciding)
        items = self.items(node, scope)
        accumulator, item = self.temp("a"), self.temp("i")
        self.line(f"{accumulator} = {self.node(node.accu_init, scope)}")
        inner = dict(scope)
        inner[node.accu_var] = Name(accumulator, "boxed")
        inner[node.iter_var] = Name(item, "item")
        self.line(f"for {item} in {items}:")
        with self.nested(block=True):
            self.count()
            if has_condition:
                condition = self.node(node.loop_condition, inner)
                self.line(f"if {condition} is False:")
                with self.nested():
                    self.line("break")
            inner[node.iter_var] = self.read_once(node.loop_step, node.iter_var, item, inner)
            self.line("try:")
            with self.nested(block=True):
                step = self.step(node, inner, accumulator)
                self.line(f"{accumulator} = {step}")
            self.line("except CelError as x:")
            with self.nested():
                self.line(f"{accumulator} = Boxed(x)")
        return self.node(node.result, {**scope, node.accu_var: inner[node.accu_var]})

    def step(self, node: Comprehension, inner: dict[str, Name], accumulator: str) -> str:
        """The loop step; `@result + [x]` (map, filter) appends to the comprehension's own
        new list instead of copying it at every item."""
        step = node.loop_step
        element = appended(step, node.accu_var)
        if element is None:
            return self.node(step, inner)
        left, value = self.strict([step.args[0], element], inner)  # type: ignore[union-attr]
        result = self.temp()
        self.line(f"if type({left}) is list:")
        with self.nested():
            self.line(f"{left}.append({value})")
            self.line(f"{result} = {left}")
        self.line("else:")
        with self.nested():
            self.line(f"{result} = add({left}, [{value}])")
        return result

    def items(self, node: Comprehension, scope: dict[str, Name]) -> str:
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

    def quantifier(self, node: Comprehension, scope: dict[str, Name], deciding: bool) -> str:
        """`all` (False decides) and `exists` (True) folded into one loop: the first
        deciding item decides; else the first error (or non-bool) among the items."""
        items = self.items(node, scope)
        result, error, position, item, found = (self.temp(p) for p in "teipx")
        self.line(f"{result} = {not deciding}")
        self.line(f"{error} = None")
        inner = {**scope, node.iter_var: Name(item, "item")}
        self.line(f"for {position}, {item} in enumerate({items}, 1 - len({items})):")
        with self.nested(block=True):
            self.count()
            predicate = node.loop_step.args[1]  # type: ignore[union-attr]
            inner[node.iter_var] = self.read_once(predicate, node.iter_var, item, inner)
            self.line("try:")
            with self.nested(block=True):
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

    def bind(self, node: Comprehension, scope: dict[str, Name]) -> str:
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
            return self.node(node.result, {**scope, node.accu_var: Name(step, "boxed")})
        function = self.temp("g")
        start = len(self.lines)
        self.line(f"def {function}():")
        with self.function_body():
            self.line(f"return {self.node(node.accu_init, scope)}")
        self.hoist(start)
        index = self.lazy_steps
        self.lazy_steps += 1
        self.line(f"B[{index}] = UNSET")
        name = Name(function, "lazy", pure=False, bind=index)
        return self.node(node.result, {**scope, node.accu_var: name})

    def read_once(self, body: Node, variable: str, item: str, scope: dict[str, Name]) -> Name:
        """The item's name, with the fields `body` reads more than once read here, once per
        item, each as its value or its error (boxed, raised where it is read): a field read
        has no effect besides its value, so when it is read changes nothing but its cost
        (a per-payslip rule reads payslip.period_start for each parameter it looks up)."""
        reads: Counter[str] = Counter()
        first: dict[str, Select] = {}
        for part in nodes(body):
            if (
                isinstance(part, Select)
                and not part.test_only
                and isinstance(part.operand, Ident)
                and part.operand.name == variable
            ):
                reads[part.field] += 1
                first.setdefault(part.field, part)
        fields = []
        for field, count in reads.items():
            if count < 2:
                continue
            local = self.temp("r")
            self.line("try:")
            with self.nested(block=True):
                self.line(f"{local} = {self.select(first[field], scope)}")
            self.line("except CelError as x:")
            with self.nested():
                self.line(f"{local} = Boxed(x)")
            fields.append((field, local))
        return Name(item, "item", fields=tuple(fields))
