"""How much work a rule may take on a dossier, worked out before it runs.

The CEL library stops one evaluation after 10,000 list items, but it holds the
interpreter lock while it evaluates, so an evaluation cannot be abandoned sooner, and a
rule judged item by item runs once per item: on a dossier of 10,000 workers a rule that
walks all workers for each worker would take 10,000 evaluations of 10,000 steps. CEL
has no loops or recursion, only comprehensions over lists, so its work is bounded by
the sizes of the lists it walks: when the rule is compiled, each program becomes a
polynomial in the sizes of the dossier's lists (`/workers`, `/workers/*/payslips`, ...),
and the engine evaluates it on the dossier before running the rule. A rule whose
estimate exceeds the limit is reported as `error` for that rule; the estimate is an
upper bound (every `filter` keeps every item, every branch is taken), deterministic, and
costs microseconds.

Steps: every operation counts 1; a comprehension counts its body once per item; `map`
and `filter` also count the items already collected, at each step (cel-cpp copies its
result list at every step, so they take quadratic time: 4,500 items ~1 s); `+` of
lists and `in` count the lengths they walk. On this project's 2-core machine a step takes
between 40 ns and 2 µs.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import cache
from math import prod

from toelating.cel.environment import helper_results
from toelating.cel.view import ITEM_MAPS, _fields_by_pattern, list_patterns
from toelating.rulebook.syntax import (
    Binary,
    Call,
    CelParseError,
    Conditional,
    Ident,
    Index,
    ListLiteral,
    Literal,
    MapLiteral,
    Node,
    Select,
    Struct,
    Unary,
    children,
    parse,
)

# The maps of toelating.cel.view.id_maps, and the items their values are (or hold).

# The position maps: their keys, and what a lookup gives (a number, a list of numbers).
_POSITION_MAPS = {
    "worker_position": "/workers",
    "worker_positions_by_location": "/housing/locations",
}
# The size of one location's list in worker_positions_by_location: the most workers of a
# location.
LOCATION_WORKERS = "/housing/locations/*/workers"
UNKNOWN = "?"  # a list the estimate cannot place in the dossier (a parameter's values)
UNKNOWN_SIZE = 100
ACCUMULATION = 1 / 2
MAP_FIELDS = 64  # a dossier mapping has fewer fields than this

# Helpers that walk the list they are given once (the rest take scalars).
_WALKING_HELPERS = frozenset({"sum", "latest", "earliest"})
_PICKING_HELPERS = frozenset({"latest", "earliest"})  # give one item of the list they walk
# CEL's standard functions and timestamp methods whose result is a scalar.
_SCALAR_BUILTINS = frozenset(
    {
        "size", "contains", "startsWith", "endsWith", "matches", "int", "uint", "double",
        "string", "bytes", "bool", "timestamp", "duration", "type", "getFullYear", "getMonth",
        "getDate", "getDayOfMonth", "getDayOfWeek", "getDayOfYear", "getHours", "getMinutes",
        "getSeconds", "getMilliseconds",
    }
)  # fmt: skip


class Polynomial:
    """A sum of terms coefficient x product of list sizes, with non-negative coefficients."""

    __slots__ = ("terms",)

    def __init__(self, terms: Mapping[tuple[str, ...], float] | None = None) -> None:
        self.terms: dict[tuple[str, ...], float] = {k: v for k, v in (terms or {}).items() if v}

    @classmethod
    def constant(cls, value: float) -> Polynomial:
        return cls({(): value})

    @classmethod
    def size_of(cls, pattern: str) -> Polynomial:
        return cls({(pattern,): 1.0})

    def __add__(self, other: Polynomial) -> Polynomial:
        terms = dict(self.terms)
        for key, value in other.terms.items():
            terms[key] = terms.get(key, 0.0) + value
        return Polynomial(terms)

    def __mul__(self, other: Polynomial) -> Polynomial:
        terms: dict[tuple[str, ...], float] = {}
        for key_a, value_a in self.terms.items():
            for key_b, value_b in other.terms.items():
                key = tuple(sorted(key_a + key_b))
                terms[key] = terms.get(key, 0.0) + value_a * value_b
        return Polynomial(terms)

    def scaled(self, factor: float) -> Polynomial:
        return Polynomial({key: value * factor for key, value in self.terms.items()})

    def variables(self) -> frozenset[str]:
        return frozenset(name for key in self.terms for name in key)

    def value(self, size: Callable[[str], int]) -> float:
        return sum(
            coefficient * prod(size(name) for name in key)
            for key, coefficient in self.terms.items()
        )

    def __repr__(self) -> str:
        parts = [
            f"{value:g}" + "".join(f"*|{name}|" for name in key)
            for key, value in sorted(self.terms.items())
        ]
        return " + ".join(parts) or "0"


ZERO = Polynomial()
ONE = Polynomial.constant(1)


@dataclass(frozen=True)
class _Info:
    """What the estimate knows of an expression: its steps, and, if it is a list or map,
    its length, where its items come from and how long they are."""

    cost: Polynomial
    size: Polynomial = field(default_factory=Polynomial)  # zero: not a list or map
    pattern: str | None = None  # its place in the dossier (/workers/*/payslips), if known
    item_pattern: str | None = None  # the place of its items, if known
    item_size: Polynomial = field(default_factory=Polynomial)
    element: _Info | None = None  # its items, when known better than by pattern and size

    def item(self) -> _Info:
        """What a comprehension over this value binds its name to (cost added on use)."""
        if self.element is not None:
            return self.element
        if self.item_pattern is not None:
            return _place(self.item_pattern)
        return _Info(
            ZERO,
            self.item_size,
            None,
            None,
            Polynomial.size_of(UNKNOWN) if self.item_size.terms else ZERO,
        )


def estimate(source: str) -> Polynomial | None:
    """Steps to evaluate `source`, as a polynomial in list sizes; None if it cannot be read."""
    try:
        tree = parse(source)
    except CelParseError:
        return None
    return estimate_tree(tree)


def estimate_tree(tree: Node) -> Polynomial:
    """Steps to evaluate a parsed expression, as a polynomial in list sizes."""
    return _Estimator().info(tree).cost


def _place(pattern: str | None) -> _Info:
    """Size and items of the value at a place (cost added by the caller). A place outside
    the format's mappings and lists (under `extensions`) is measured like a list."""
    if pattern is None:
        unknown = Polynomial.size_of(UNKNOWN)
        return _Info(ZERO, unknown, None, None, unknown)
    if pattern in list_patterns() or pattern not in _known_places():
        item = f"{pattern}/*"
        return _Info(
            ZERO,
            Polynomial.size_of(pattern),
            pattern,
            item,
            _place(item).size if item in list_patterns() else Polynomial.size_of(item),
        )
    if pattern in _map_places():
        return _Info(ZERO, Polynomial.constant(MAP_FIELDS), pattern, None, ZERO)
    return _Info(ZERO, ZERO, pattern)  # a single value: text, a number, a date


@cache
def _map_places() -> frozenset[str]:
    return frozenset(_fields_by_pattern())


@cache
def _known_places() -> frozenset[str]:
    """Every place the format defines: its mappings, lists and their fields."""
    places = set(_fields_by_pattern())
    for pattern, fields in _fields_by_pattern().items():
        places.update(f"{pattern}/{name}" for name in fields)
    return frozenset(places | list_patterns())


@cache
def _scalar_helpers() -> frozenset[str]:
    return frozenset(
        name for name, result in helper_results().items() if result not in ("dyn", "list")
    )


def _scalar_helper(name: str) -> bool:
    return name in _scalar_helpers() or name == "__index"


class _Estimator:
    def __init__(self) -> None:
        self.bound: dict[str, _Info] = {}  # comprehension names -> what they stand for

    def place(self, pattern: str | None) -> _Info:
        return _place(pattern)

    def info(self, node: Node) -> _Info:
        if isinstance(node, Literal):
            return _Info(ONE)
        if isinstance(node, Ident):
            return self.ident(node)
        if isinstance(node, Select):
            operand = self.info(node.operand)
            pattern = f"{operand.pattern}/{node.field}" if operand.pattern is not None else None
            return self.with_cost(self.place(pattern), operand.cost + ONE)
        if isinstance(node, Index):
            return self.index(node)
        if isinstance(node, ListLiteral):
            return self.list_literal(node)
        if isinstance(node, MapLiteral | Struct):
            cost = ONE
            for child in children(node):
                cost = cost + self.info(child).cost
            return _Info(cost, Polynomial.constant(len(children(node))))
        if isinstance(node, Unary):
            return _Info(self.info(node.operand).cost + ONE)
        if isinstance(node, Binary):
            return self.binary(node)
        if isinstance(node, Conditional):
            parts = [self.info(part) for part in (node.condition, node.then, node.otherwise)]
            then, otherwise = parts[1], parts[2]
            return _Info(
                parts[0].cost + then.cost + otherwise.cost + ONE,
                then.size + otherwise.size,
                then.pattern if then.pattern == otherwise.pattern else None,
                then.item_pattern if then.item_pattern == otherwise.item_pattern else None,
                then.item_size + otherwise.item_size,
            )
        assert isinstance(node, Call)
        return self.call(node)

    @staticmethod
    def with_cost(info: _Info, cost: Polynomial) -> _Info:
        return _Info(cost, info.size, info.pattern, info.item_pattern, info.item_size, info.element)

    def ident(self, node: Ident) -> _Info:
        name = node.name
        if name in self.bound:
            return self.with_cost(self.bound[name], ONE)
        if name == "dossier":
            return _Info(ONE, Polynomial.constant(MAP_FIELDS), "")
        if name in ITEM_MAPS:
            return _Info(
                ONE, Polynomial.size_of(ITEM_MAPS[name].removesuffix("/*")), None, None, ZERO
            )
        if name in _POSITION_MAPS:
            return _Info(ONE, Polynomial.size_of(_POSITION_MAPS[name]), None, None, ZERO)
        return self.with_cost(self.place(None), ONE)

    def index(self, node: Index) -> _Info:
        operand, position = self.info(node.operand), self.info(node.index)
        cost = operand.cost + position.cost + ONE
        if isinstance(node.operand, Ident) and node.operand.name == "worker_position":
            return _Info(cost)  # a number
        if isinstance(node.operand, Ident) and node.operand.name == "worker_positions_by_location":
            return _Info(cost, Polynomial.size_of(LOCATION_WORKERS), None, None, ZERO)
        if isinstance(node.operand, Ident) and node.operand.name in ITEM_MAPS:
            return self.with_cost(self.place(ITEM_MAPS[node.operand.name]), cost)
        if operand.item_pattern is not None:
            return self.with_cost(self.place(operand.item_pattern), cost)
        return _Info(cost, operand.item_size, None, None, Polynomial.size_of(UNKNOWN))

    def list_literal(self, node: ListLiteral) -> _Info:
        items = [self.info(item) for item in node.items]
        cost = Polynomial.constant(1 + len(items))
        item_size = ZERO
        for item in items:
            cost = cost + item.cost
            item_size = item_size + item.size
        patterns = {item.pattern for item in items}
        item_pattern = patterns.pop() if len(patterns) == 1 else None
        return _Info(cost, Polynomial.constant(len(items)), None, item_pattern, item_size)

    def binary(self, node: Binary) -> _Info:
        left, right = self.info(node.left), self.info(node.right)
        cost = left.cost + right.cost + ONE
        if node.op == "+" and left.size.terms and right.size.terms:  # lists (or maps, strings)
            same = left.item_pattern if left.item_pattern == right.item_pattern else None
            size = left.size + right.size
            return _Info(cost + size, size, None, same, left.item_size + right.item_size)
        if node.op == "in":
            return _Info(cost + right.size)
        return _Info(cost)

    def call(self, node: Call) -> _Info:
        if node.is_macro and node.target is not None:
            return self.comprehension(node)
        if node.is_macro:  # has(x.y)
            return _Info(self.info(node.args[0]).cost + ONE)
        parts = [self.info(arg) for arg in node.args]
        if node.target is not None:
            parts.insert(0, self.info(node.target))
        cost = ONE
        for part in parts:
            cost = cost + part.cost
        if node.name in _WALKING_HELPERS:
            for part in parts:
                cost = cost + part.size
        if node.name == "dyn" and len(parts) == 1:
            return self.with_cost(parts[0], cost)
        if node.name in _PICKING_HELPERS and len(parts) == 1:
            return self.with_cost(parts[0].item(), cost)
        if node.name in _SCALAR_BUILTINS or _scalar_helper(node.name):
            return _Info(cost)
        if node.name == "param_on":  # a parameter's value: a number, or a table of them
            size = Polynomial.size_of(UNKNOWN)
            return _Info(cost, size, None, None, size)
        return self.with_cost(self.place(None), cost)

    def comprehension(self, node: Call) -> _Info:
        assert node.target is not None
        over = self.info(node.target)
        variable = node.args[0]
        assert isinstance(variable, Ident)
        saved = self.bound.get(variable.name)
        self.bound[variable.name] = over.item()
        try:
            bodies = [self.info(arg) for arg in node.args[1:]]
        finally:
            if saved is not None:
                self.bound[variable.name] = saved
            else:
                self.bound.pop(variable.name, None)
        per_item = ONE
        for body in bodies:
            per_item = per_item + body.cost
        cost = over.cost + over.size * per_item
        if node.name in ("map", "filter"):  # the result list is copied (shallowly) per item
            cost = cost + (over.size * over.size).scaled(ACCUMULATION)
        if node.name == "filter":
            return _Info(
                cost, over.size, over.pattern, over.item_pattern, over.item_size, over.element
            )
        if node.name == "map":
            last = bodies[-1]
            return _Info(
                cost,
                over.size,
                None,
                last.pattern,
                last.size + (ONE if not last.size.terms else ZERO),
            )
        return _Info(cost)
