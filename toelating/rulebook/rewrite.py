"""Rewrite a rule's CEL so that it reads big parts of the dossier from top-level variables.

The CEL library copies the whole value of a map field each time an expression selects
it: `dossier.workers` copies every worker, on every evaluation. Reading a top-level
variable or indexing a list copies nothing. So the engine hands CEL each part of the
dossier as its own variable (`__d__workers`, `__d__housing__locations`, see
toelating.dossier.view.LIFTED_PATHS) and this module rewrites, without changing meaning:

- `dossier.workers`          -> `__d__workers` (absent: missing data for `workers`, as before)
- `dossier.housing.provided` -> `__d__housing.provided`
- `has(dossier.housing)`     -> `has(__h.housing)` (a map of the fields that are present)
- `workers_by_id[id]`        -> `__d__workers[__x__workers[id]]` (`__x__`: id -> position)

A use the rewrite cannot keep exact (the bare `dossier`, `dossier.housing` as a whole,
a comprehension that binds the name `dossier`) is left as written; the engine then also
provides the full `dossier` variable, which is slower but the same.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache

from toelating.dossier.view import (
    LIFTED_LISTS,
    LIFTED_PATHS,
    chunks_variable,
    has_lifted_children,
    positions_variable,
    presence_variable,
    variable_for,
)
from toelating.rulebook.syntax import (
    Call,
    CelParseError,
    Ident,
    Index,
    Node,
    Select,
    bound_names,
    map_children,
    parse,
    substitute,
    unparse,
    walk,
)

# Index maps rules may read: name -> the dossier list they index by id.
BY_ID: dict[str, tuple[str, ...]] = {
    "workers_by_id": ("workers",),
    "locations_by_id": ("housing", "locations"),
}
_LIST_VARIABLES = {variable_for(path): path for path in LIFTED_LISTS}


def index_variable_for(path: tuple[str, ...]) -> str:
    """The id -> position map of a lifted list: `__x__workers`."""
    return "__x__" + "__".join(path)


def rewrite(source: str) -> str:
    """The expression reading lifted variables; the source itself when it cannot be kept exact."""
    return rewritten(source)[0]


@lru_cache(maxsize=4096)
def rewritten(source: str) -> tuple[str, frozenset[str] | None]:
    """The rewritten text and every name it reads (None: the text could not be parsed)."""
    try:
        tree = parse(source)
    except CelParseError:
        return source, None
    if not bound_names(tree) & ({"dossier"} | set(BY_ID)):
        names = {node.name for node in walk(tree) if isinstance(node, Ident)} | bound_names(tree)
        tree = _Positions(names).optimise(_lift(tree))
        source = unparse(tree)
    return source, frozenset(node.name for node in walk(tree) if isinstance(node, Ident))


def dossier_chain(node: Node) -> tuple[str, ...] | None:
    """The fields of `dossier.a.b.c` as ("a", "b", "c"); None for anything else."""
    fields: list[str] = []
    while isinstance(node, Select):
        fields.append(node.field)
        node = node.operand
    if isinstance(node, Ident) and node.name == "dossier" and not node.absolute and fields:
        return tuple(reversed(fields))
    return None


def _lifted_prefix(fields: tuple[str, ...]) -> int:
    """How many leading fields name a lifted part (every top-level field is one)."""
    length = 1
    for size in range(2, len(fields) + 1):
        if fields[:size] in LIFTED_PATHS:
            length = size
    return length


def _lift(node: Node) -> Node:
    if isinstance(node, Call) and node.target is None and node.is_macro:
        present = _presence_test(node.args[0])
        if present is not None:
            return Call("has", (present,))
    if isinstance(node, Select):
        chain = dossier_chain(node)
        if chain is not None:
            return _lifted_select(chain, node)
    if isinstance(node, Index) and isinstance(node.operand, Ident) and node.operand.name in BY_ID:
        path = BY_ID[node.operand.name]
        position = Index(Ident(index_variable_for(path)), _lift(node.index))
        return Index(Ident(variable_for(path)), position)
    return map_children(node, _lift)


def _presence_test(argument: Node) -> Node | None:
    """`has(dossier.a.b)` where a.b is lifted as a whole: test the presence map instead."""
    chain = dossier_chain(argument)
    if chain is None or _lifted_prefix(chain) != len(chain):
        return None
    return Select(Ident(presence_variable(chain[:-1])), chain[-1])


def _lifted_select(chain: tuple[str, ...], original: Node) -> Node:
    length = _lifted_prefix(chain)
    if length == len(chain) and has_lifted_children(chain):
        return original  # the whole `dossier.housing`: only the full dossier has it
    node: Node = Ident(variable_for(chain[:length]))
    for name in chain[length:]:
        node = Select(node, name)
    return node


class _Positions:
    """Comprehensions over a lifted list walk its positions instead of copies of its items.

    `__d__vog.exists(v, v.kind == "rp")` becomes
    `__n__vog.exists(__k1, __d__vog[__k1].kind == "rp")`: same items, same order, same
    values, but the library copies nothing. A `filter` is walked by position only where
    its result is counted or further walked (`size(...)`, `.map`, `.all`, ...), since
    elsewhere its items themselves are the value. Counting a filter goes chunk by chunk
    (`__c__vog`: the positions in chunks of 64), as the library's `filter` takes time
    quadratic in what it keeps: `int(sum(__c__vog.map(c, size(c.filter(...)))))`.
    """

    _CONSUMERS = frozenset({"all", "exists", "exists_one", "map"})

    def __init__(self, taken: set[str]) -> None:
        self.taken = set(taken)
        self.counter = 0

    def fresh(self) -> str:
        while True:
            self.counter += 1
            name = f"__k{self.counter}"
            if name not in self.taken:
                self.taken.add(name)
                return name

    def optimise(self, node: Node) -> Node:
        node = map_children(node, self.optimise)
        if not isinstance(node, Call):
            return node
        if node.target is not None and node.is_macro and node.name in self._CONSUMERS:
            walked = self.positions(node.target)
            if walked is not None:
                positions, item, _ = walked
                return self.over_positions(node, positions, item)
        if node.name == "size" and (len(node.args), node.target is None) in ((0, False), (1, True)):
            counted = node.target if node.target is not None else node.args[0]
            return self.count(counted) or self.size_of_positions(node, counted)
        return node

    def size_of_positions(self, node: Call, counted: Node) -> Node:
        walked = self.positions(counted)
        if walked is None:
            return node
        return (
            Call("size", (), walked[0]) if node.target is not None else Call("size", (walked[0],))
        )

    def count(self, node: Node) -> Node | None:
        """The length of a filter over a lifted list, counted chunk by chunk in linear time."""
        if not (isinstance(node, Call) and node.is_macro and node.name == "filter"):
            return None
        chunk = self.fresh()
        walked = self.positions(node, base=Ident(chunk))
        if walked is None:
            return None
        per_chunk = Call(
            "map", (Ident(chunk), Call("size", (walked[0],))), Ident(chunks_variable(walked[2]))
        )
        return Call("int", (Call("sum", (per_chunk,)),))

    def positions(
        self, node: Node, base: Node | None = None
    ) -> tuple[Node, Callable[[Node], Node], tuple[str, ...]] | None:
        """(list of positions, position -> item, the list) for a lifted list or a filter of
        one; `base` stands for the positions of the lifted list itself."""
        if isinstance(node, Ident) and node.name in _LIST_VARIABLES and not node.absolute:
            path = _LIST_VARIABLES[node.name]
            positions = base if base is not None else Ident(positions_variable(path))
            return positions, lambda position: Index(Ident(node.name), position), path
        if (
            isinstance(node, Call)
            and node.target is not None
            and node.is_macro
            and node.name == "filter"
        ):
            walked = self.positions(node.target, base)
            if walked is not None and len(node.args) == 2:
                positions, item, path = walked
                return self.over_positions(node, positions, item), item, path
        return None

    def over_positions(self, node: Call, positions: Node, item: Callable[[Node], Node]) -> Call:
        name = node.args[0]
        assert isinstance(name, Ident)
        position = self.fresh()
        body = tuple(substitute(arg, name.name, item(Ident(position))) for arg in node.args[1:])
        return Call(node.name, (Ident(position), *body), positions)
