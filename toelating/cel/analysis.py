"""What a CEL expression reads and which lists it walks, from the binding's own tree.

One reading of the tree (toelating.cel.checked) answers every question asked of a rule's
CEL before it runs:
- `variables`: the top-level variables it reads (the horizon re-checks daily only the
  rules that read the check date);
- `fields` and `parameters`: the field names it selects from anything but a parameter,
  and the parameters it names (`params.NAME`, `param_on("NAME", ...)`): a misspelt field
  is a rule-file error at load;
- `places`: the dossier places it reads, as patterns (`/workers/*/housing/location`),
  for the template's "which rules read this field". A place is followed through named
  steps (`cel.bind`), comprehension variables, items by position (`dossier.workers[i]`)
  and the id maps (`workers_by_id[...]`); the last field of a chain counts as read;
- `walks`: every walk of a list (a comprehension, `in`, `+` of lists, `sum`, `latest`,
  `earliest`), with the walks it sits in. A walk of a dossier list reached from the
  dossier itself (`dossier.workers`, a map lookup) is *fresh*: its length multiplies
  with the walks around it. A walk of a list inside an item already being walked
  (`w.payslips` within `dossier.workers.all(w, ...)`) is not: over all items it adds up
  to the list's total. The cost bound (toelating.cel.cost) counts fresh walks.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache

from toelating.cel.checked import (
    Call,
    Comprehension,
    Const,
    CreateList,
    CreateMap,
    CreateStruct,
    Ident,
    Node,
    Select,
    children,
)
from toelating.cel.view import ITEM_MAPS, known_places, list_patterns

# The variables rules may read whose value comes from dossier fields: reading one reads those.
DERIVED_FIELDS = {
    "application_date": ("/application_date",),
    "evidence_status": ("/evidence/*/file", "/evidence/*/sha256"),
    "worker_position": ("/workers/*/id",),
    "worker_positions_by_location": ("/workers/*/housing/location",),
}
# Functions that walk the list they are given, and those that give one item of it.
_WALKING_FUNCTIONS = frozenset({"sum", "latest", "earliest", "@in"})
_PICKING_FUNCTIONS = frozenset({"latest", "earliest", "dyn"})
PARAMETERS = "params"
PARAMETER_FUNCTION = "param_on"


@dataclass(frozen=True)
class Walk:
    """One walk of a list: the dossier list it is (None: a literal, a parameter's, ...),
    whether it is fresh (reached from the dossier, not from an item being walked), and
    the fresh walks of dossier lists around it, outermost first."""

    place: str | None
    fresh: bool
    around: tuple[str, ...] = ()

    @property
    def fresh_depth(self) -> int:
        """Fresh walks of dossier lists nested here, this one included."""
        own = 1 if self.fresh and self.place is not None else 0
        return len(self.around) + own


@dataclass(frozen=True)
class Reading:
    variables: frozenset[str]
    fields: frozenset[str]
    parameters: frozenset[str]
    places: frozenset[str]
    walks: tuple[Walk, ...]

    @property
    def fresh_depth(self) -> int:
        """The deepest nesting of fresh walks of dossier lists (0: none)."""
        return max((walk.fresh_depth for walk in self.walks), default=0)


@dataclass(frozen=True)
class _Value:
    """What the reading knows of a value: the dossier places it is, the places of its
    items (a list or map), the dossier lists its length comes from, whether it hangs from
    an item being walked, and whether it is (part of) a parameter's value."""

    places: frozenset[str] = frozenset()
    items: frozenset[str] = frozenset()
    lists: frozenset[str] = frozenset()
    anchored: bool = False
    parameter: bool = False

    def __or__(self, other: _Value) -> _Value:
        return _Value(
            self.places | other.places,
            self.items | other.items,
            self.lists | other.lists,
            self.anchored and other.anchored,
            self.parameter or other.parameter,
        )


_NOTHING = _Value()


def read_expression(
    tree: Node, variables: Iterable[str], bound: Mapping[str, str] | None = None
) -> Reading:
    """What `tree` reads. `variables` are the top-level names it may read; `bound` names
    items already chosen (a rule's `each.as` names, read on their own) and their places."""
    reader = _Reader(frozenset(variables))
    for name, place in (bound or {}).items():
        reader.scope[name] = [_at(place, anchored=True)]
    reader.value(tree, parent_selects=False)
    return Reading(
        frozenset(reader.variables),
        frozenset(reader.fields),
        frozenset(reader.parameters),
        frozenset(reader.places),
        tuple(reader.walks),
    )


def free_names(tree: Node) -> frozenset[str]:
    """Every identifier `tree` reads that no comprehension (or `cel.bind`) in it binds."""
    found: set[str] = set()
    pending: list[tuple[Node, frozenset[str]]] = [(tree, frozenset())]
    while pending:
        node, bound = pending.pop()
        if isinstance(node, Ident):
            if node.name not in bound:
                found.add(node.name)
        elif isinstance(node, Comprehension):
            pending.append((node.iter_range, bound))
            pending.append((node.accu_init, bound))
            inner = bound | {node.iter_var, node.iter_var2, node.accu_var}
            pending.extend((part, inner) for part in children(node)[2:])
        else:
            pending.extend((child, bound) for child in children(node))
    return frozenset(found)


@cache
def _list_places() -> frozenset[str]:
    return frozenset(list_patterns())


def _at(place: str, *, anchored: bool) -> _Value:
    """The value at a dossier place. A place the format does not define (under
    `extensions`) may be a list: it is measured as one."""
    if place in _list_places() or place not in known_places():
        item = f"{place}/*"
        return _Value(frozenset({place}), frozenset({item}), frozenset({place}), anchored)
    return _Value(frozenset({place}), anchored=anchored)


def _item_of(value: _Value, *, anchored: bool) -> _Value:
    """An item of a list (or a key of a map) value."""
    result = _NOTHING
    for place in value.items:
        result = result | _at(place, anchored=anchored)
    return _Value(result.places, result.items, result.lists, anchored, value.parameter)


@dataclass
class _Reader:
    variables_known: frozenset[str]
    scope: dict[str, list[_Value]] = field(default_factory=dict)
    fresh_around: list[str] = field(default_factory=list)
    variables: set[str] = field(default_factory=set)
    fields: set[str] = field(default_factory=set)
    parameters: set[str] = field(default_factory=set)
    places: set[str] = field(default_factory=set)
    walks: list[Walk] = field(default_factory=list)

    def value(self, node: Node, parent_selects: bool) -> _Value:
        if isinstance(node, Ident):
            return self.ident(node.name)
        if isinstance(node, Select):
            return self.select(node, parent_selects)
        if isinstance(node, Call):
            return self.call(node)
        if isinstance(node, Comprehension):
            return self.comprehension(node)
        if isinstance(node, CreateList):
            return self.create_list(node.elements)
        if isinstance(node, CreateMap | CreateStruct):
            for child in children(node):
                self.value(child, parent_selects=False)
            return _NOTHING
        assert isinstance(node, Const)
        return _NOTHING

    def ident(self, name: str) -> _Value:
        if self.scope.get(name):
            return self.scope[name][-1]
        if name not in self.variables_known:
            return _NOTHING
        self.variables.add(name)
        self.places.update(DERIVED_FIELDS.get(name, ()))
        if name == "dossier":
            return _Value(frozenset({""}))
        if name in ITEM_MAPS:
            items = ITEM_MAPS[name]
            return _Value(items=frozenset({items}), lists=frozenset({items.removesuffix("/*")}))
        if name == PARAMETERS:
            return _Value(parameter=True)
        return _NOTHING

    def select(self, node: Select, parent_selects: bool) -> _Value:
        operand = node.operand
        if (
            isinstance(operand, Ident)
            and operand.name == PARAMETERS
            and not self.scope.get(PARAMETERS)
        ):
            self.ident(PARAMETERS)
            self.parameters.add(node.field)
            return _Value(parameter=True)
        of = self.value(operand, parent_selects=True)
        if of.parameter:
            return _Value(parameter=True)
        self.fields.add(node.field)
        result = _NOTHING
        for place in of.places:
            result = result | _at(f"{place}/{node.field}", anchored=of.anchored)
            if not parent_selects or node.test_only:
                self.places.add(f"{place}/{node.field}")
        return _Value(result.places, result.items, result.lists, of.anchored)

    def call(self, node: Call) -> _Value:
        name = node.function
        first = node.args[0] if node.args else None
        if name == PARAMETER_FUNCTION and isinstance(first, Const) and isinstance(first.value, str):
            self.parameters.add(first.value)
        parts = [self.value(part, parent_selects=False) for part in _operands(node)]
        if name in _WALKING_FUNCTIONS:
            self.walk(parts[-1] if name == "@in" else parts[0])
        if name == PARAMETER_FUNCTION:
            return _Value(parameter=True)
        if name == "_[_]" and len(parts) == 2:
            return _item_of(parts[0], anchored=parts[0].anchored)
        if name in _PICKING_FUNCTIONS and len(parts) == 1:
            picked = parts[0] if name == "dyn" else _item_of(parts[0], anchored=parts[0].anchored)
            return picked
        if name == "_+_" and len(parts) == 2:
            for part in parts:  # `+` of lists copies both (a map's own accumulation does not count)
                if part.lists:
                    self.walk(part)
            return parts[0] | parts[1]
        if name == "_?_:_" and len(parts) == 3:
            return parts[1] | parts[2]
        return _NOTHING

    def create_list(self, elements: tuple[Node, ...]) -> _Value:
        items = _NOTHING
        for element in elements:
            items = items | self.value(element, parent_selects=False)
        return _Value(items=items.places, anchored=items.anchored, parameter=items.parameter)

    def walk(self, over: _Value) -> bool:
        """Record a walk of `over`; True if it is a fresh walk of a dossier list."""
        place = min(over.lists) if over.lists else None
        fresh = not over.anchored
        self.walks.append(Walk(place, fresh, tuple(self.fresh_around)))
        return fresh and place is not None

    def comprehension(self, node: Comprehension) -> _Value:
        over = self.value(node.iter_range, parent_selects=False)
        binds = isinstance(node.iter_range, CreateList) and not node.iter_range.elements
        fresh = False if binds else self.walk(over)
        if fresh:
            self.fresh_around.append(min(over.lists))
        accumulator = self.value(node.accu_init, parent_selects=False)
        self.push(node.accu_var, accumulator)
        self.push(node.iter_var, _item_of(over, anchored=True))
        if node.iter_var2:
            self.push(node.iter_var2, _item_of(over, anchored=True))
        try:
            self.value(node.loop_condition, parent_selects=False)
            step = self.value(node.loop_step, parent_selects=False)
            self.scope[node.accu_var][-1] = accumulator | step
            result = self.value(node.result, parent_selects=False)
            if result.items and not binds:  # map and filter: a list as long as the one walked
                result = _Value(
                    result.places, result.items, result.lists | over.lists, over.anchored
                )
        finally:
            for name in (node.iter_var2, node.iter_var, node.accu_var):
                if name:
                    self.scope[name].pop()
            if fresh:
                self.fresh_around.pop()
        return result

    def push(self, name: str, value: _Value) -> None:
        self.scope.setdefault(name, []).append(value)


def _operands(node: Call) -> tuple[Node, ...]:
    return node.args if node.target is None else (node.target, *node.args)
