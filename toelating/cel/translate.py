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

import marshal
from collections.abc import Mapping, Sequence

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
from toelating.cel.fast_emit import Name
from toelating.cel.fast_loops import Loops
from toelating.cel.fast_program import MISSING, UNSET, Boxed, Context, FastProgram, Helper
from toelating.cel.fast_shapes import Untranslatable, trivial

# Python allows 20 nested blocks (try, for) in one function: deeper parts become functions.
# Its tokenizer allows 100 levels of indentation: deeper expressions run on cel-cpp.
_MAX_BLOCKS = 12
_MAX_INDENT = 90


def translate(
    checked: Checked, variables: Sequence[str], functions: Mapping[str, Helper]
) -> FastProgram:
    """The compiled Python of a checked expression; raises Untranslatable for shapes it
    refuses."""
    generator = Generator(checked, tuple(variables), functions)
    source = generator.program()
    code = compile(source, "<cel>", "exec")
    program = FastProgram(tuple(variables), marshal.dumps(code), tuple(generator.recipes), source)
    program.bind(functions, code, generator.names)
    return program


class Generator(Loops):
    """The translator of one checked expression: the node kinds put together."""

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

    def node(self, node: Node, scope: dict[str, Name]) -> str:
        """Emit the statements that compute `node`; return a Python expression (a name or a
        literal) for its value, cheap to read any number of times."""
        if self.indent >= _MAX_INDENT:
            raise Untranslatable("an expression nested too deeply for Python's indentation")
        if self.blocks >= _MAX_BLOCKS and not trivial(node):
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


__all__ = [
    "MISSING",
    "UNSET",
    "Boxed",
    "Context",
    "FastProgram",
    "Helper",
    "Untranslatable",
    "translate",
]
