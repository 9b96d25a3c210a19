"""Emitting the leaves of an expression: constants, names (rule variables, comprehension
items, bound steps, lazy ones read on first use) and field selections on the dossier's
items, read from the item itself."""

from __future__ import annotations

from toelating.cel.checked import Const, Ident, Node, Select
from toelating.cel.fast_data import field_owners, field_reader
from toelating.cel.fast_emit import Emitter, Name
from toelating.cel.fast_shapes import Untranslatable


class Nodes(Emitter):
    def function_of(self, node: Node, scope: dict[str, Name]) -> str:
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

    def ident(self, node: Ident, scope: dict[str, Name]) -> str:
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

    def read(self, name: Name) -> str:
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

    def select(self, node: Select, scope: dict[str, Name]) -> str:
        """`x.f` and `has(x.f)`: for the dossier's items that have the field, read from the
        item itself, written out; any other value through toelating.cel.fast_data."""
        if not node.test_only and isinstance(node.operand, Ident):
            name = scope.get(node.operand.name)
            read = name.field(node.field) if name is not None else None
            if read is not None:  # read once for this item (fast_loops.Loops.read_once)
                self.unbox(read)
                return read
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
