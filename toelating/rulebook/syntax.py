"""CEL syntax trees: parse a rule's CEL text (and print it back), for cost estimates.

The CEL library compiles and runs expressions but does not hand out their syntax tree,
and bounding what an expression may cost before it runs needs one (toelating.rulebook.cost).
Only text the library has already compiled is parsed here; what this parser does not know
(optional syntax `x.?y`, quoted field names) raises CelParseError and the rule has no
estimate. Printing puts parentheses around every operand, so precedence never changes.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TypeVar

T = TypeVar("T")

MACROS = frozenset({"all", "exists", "exists_one", "map", "filter"})


class CelParseError(ValueError):
    """Text this parser does not understand (the rule then has no cost estimate)."""


_TOKEN = re.compile(
    r"""
    (?P<space>[ \t\r\n\f]+|//[^\n]*)
  | (?P<string>(?:[bB][rR]?|[rR][bB]?)?
        (?:\"\"\"[\s\S]*?\"\"\"|'''[\s\S]*?'''|"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'))
  | (?P<number>0[xX][0-9a-fA-F]+[uU]?|\d+\.\d+(?:[eE][+-]?\d+)?|\d+[eE][+-]?\d+
        |\.\d+(?:[eE][+-]?\d+)?|\d+[uU]?)
  | (?P<ident>[_a-zA-Z][_a-zA-Z0-9]*)
  | (?P<op>==|!=|<=|>=|&&|\|\||[-+*/%!<>?:.,()\[\]{}])
    """,
    re.VERBOSE,
)
_RAW_STRING = re.compile(r"""[rR][bB]?|[bB][rR]""")
_RAW_BODY = re.compile(r"""(?:\"\"\"[\s\S]*?\"\"\"|'''[\s\S]*?'''|"[^"\n]*"|'[^'\n]*')""")


@dataclass(frozen=True)
class Token:
    kind: str  # string, number, ident, op, end
    text: str


def tokenize(source: str) -> list[Token]:
    tokens: list[Token] = []
    position = 0
    while position < len(source):
        raw = _raw_string_at(source, position)
        if raw:
            tokens.append(Token("string", raw))
            position += len(raw)
            continue
        match = _TOKEN.match(source, position)
        if match is None:
            raise CelParseError(f"unexpected character at {position}")
        kind = match.lastgroup or ""
        if kind != "space":
            tokens.append(Token(kind, match.group()))
        position = match.end()
    tokens.append(Token("end", ""))
    return tokens


def _raw_string_at(source: str, position: int) -> str | None:
    """Raw strings (r"...") do not process escapes, so `r"a\\"` ends at its second quote."""
    prefix = _RAW_STRING.match(source, position)
    if prefix is None or "r" not in prefix.group().lower():
        return None
    body = _RAW_BODY.match(source, prefix.end())
    return source[position : body.end()] if body else None


# --- the tree -------------------------------------------------------------------------


class Node:
    """Base of the syntax tree."""


@dataclass(frozen=True)
class Literal(Node):
    text: str  # as written: 1, 2.5, 3u, "x", b"x", true, null


@dataclass(frozen=True)
class Ident(Node):
    name: str
    absolute: bool = False  # .name


@dataclass(frozen=True)
class Select(Node):
    operand: Node
    field: str


@dataclass(frozen=True)
class Call(Node):
    name: str
    args: tuple[Node, ...]
    target: Node | None = None  # target.name(args)

    @property
    def is_macro(self) -> bool:
        if self.target is None:
            return self.name == "has" and len(self.args) == 1
        arity = (2, 3) if self.name == "map" else (2,)  # map(x, filter, transform)
        return self.name in MACROS and len(self.args) in arity and isinstance(self.args[0], Ident)


@dataclass(frozen=True)
class Index(Node):
    operand: Node
    index: Node


@dataclass(frozen=True)
class ListLiteral(Node):
    items: tuple[Node, ...]


@dataclass(frozen=True)
class MapLiteral(Node):
    entries: tuple[tuple[Node, Node], ...]


@dataclass(frozen=True)
class Struct(Node):
    name: str
    fields: tuple[tuple[str, Node], ...]


@dataclass(frozen=True)
class Unary(Node):
    op: str  # ! or -
    operand: Node


@dataclass(frozen=True)
class Binary(Node):
    op: str
    left: Node
    right: Node


@dataclass(frozen=True)
class Conditional(Node):
    condition: Node
    then: Node
    otherwise: Node


# --- parsing --------------------------------------------------------------------------

_PRECEDENCE = {
    "||": 0,
    "&&": 1,
    "<": 2,
    "<=": 2,
    ">": 2,
    ">=": 2,
    "==": 2,
    "!=": 2,
    "in": 2,
    "+": 3,
    "-": 3,
    "*": 4,
    "/": 4,
    "%": 4,
}


def parse(source: str) -> Node:
    parser = _Parser(tokenize(source))
    node = parser.expression()
    parser.expect("end")
    return node


class _Parser:
    def __init__(self, tokens: list[Token]) -> None:
        self.tokens = tokens
        self.position = 0
        self.depth = 0

    @property
    def current(self) -> Token:
        return self.tokens[self.position]

    def accept(self, text: str) -> bool:
        token = self.current
        if token.kind in ("op", "ident") and token.text == text:
            self.position += 1
            return True
        return False

    def expect(self, text: str) -> Token:
        token = self.current
        if (text == "end" and token.kind == "end") or (
            token.kind in ("op", "ident") and token.text == text
        ):
            self.position += 1
            return token
        raise CelParseError(f"expected {text!r}, found {token.text!r}")

    def identifier(self) -> str:
        token = self.current
        if token.kind != "ident":
            raise CelParseError(f"expected a name, found {token.text!r}")
        self.position += 1
        return token.text

    def expression(self) -> Node:
        self.depth += 1
        if self.depth > 200:
            raise CelParseError("expression nests too deeply")
        condition = self.binary(0)
        if self.accept("?"):
            then = self.binary(0)
            self.expect(":")
            otherwise = self.expression()
            condition = Conditional(condition, then, otherwise)
        self.depth -= 1
        return condition

    def binary(self, lowest: int) -> Node:
        """Precedence climbing over the left-associative operators."""
        node = self.unary()
        while True:
            token = self.current
            level = _PRECEDENCE.get(token.text, -1) if token.kind in ("op", "ident") else -1
            if level < lowest:
                return node
            self.position += 1
            node = Binary(token.text, node, self.binary(level + 1))

    def unary(self) -> Node:
        for op in ("!", "-"):
            if self.current.kind == "op" and self.current.text == op:
                self.position += 1
                return Unary(op, self.unary())
        return self.member()

    def member(self) -> Node:
        node = self.primary()
        while True:
            if self.accept("."):
                name = self.identifier()
                if self.accept("("):
                    node = Call(name, self.arguments(")"), target=node)
                else:
                    node = Select(node, name)
            elif self.accept("["):
                node = Index(node, self.expression())
                self.expect("]")
            else:
                return node

    def primary(self) -> Node:
        token = self.current
        if token.kind in ("number", "string"):
            self.position += 1
            return Literal(token.text)
        if token.kind == "ident" and token.text in ("true", "false", "null"):
            self.position += 1
            return Literal(token.text)
        absolute = self.accept(".")
        if self.current.kind == "ident" and self.current.text != "in":
            return self.name_or_call(absolute)
        if absolute:
            raise CelParseError("expected a name after '.'")
        if self.accept("("):
            node = self.expression()
            self.expect(")")
            return node
        if self.accept("["):
            return ListLiteral(self.arguments("]"))
        if self.accept("{"):
            return MapLiteral(self.entries())
        raise CelParseError(f"unexpected {token.text!r}")

    def name_or_call(self, absolute: bool) -> Node:
        name = self.identifier()
        if self.accept("("):
            if absolute:
                raise CelParseError("absolute function names are not supported")
            return Call(name, self.arguments(")"))
        if self.current.kind == "op" and self.current.text == "{" and name[:1].isupper():
            self.position += 1
            return Struct(("." if absolute else "") + name, self.struct_fields())
        return Ident(name, absolute)

    def arguments(self, closing: str) -> tuple[Node, ...]:
        return self.separated(closing, self.expression)

    def entries(self) -> tuple[tuple[Node, Node], ...]:
        return self.separated("}", lambda: (self.expression(), self.after_colon()))

    def struct_fields(self) -> tuple[tuple[str, Node], ...]:
        return self.separated("}", lambda: (self.identifier(), self.after_colon()))

    def after_colon(self) -> Node:
        self.expect(":")
        return self.expression()

    def separated(self, closing: str, item: Callable[[], T]) -> tuple[T, ...]:
        """Items separated by commas up to `closing` (a trailing comma allowed)."""
        items: list[T] = []
        while not self.accept(closing):
            items.append(item())
            if not self.accept(","):
                self.expect(closing)
                break
        return tuple(items)


# --- printing -------------------------------------------------------------------------


def unparse(node: Node) -> str:
    """CEL text for the tree; every operand of an operator is parenthesised."""
    if isinstance(node, Literal):
        return node.text
    if isinstance(node, Ident):
        return ("." if node.absolute else "") + node.name
    if isinstance(node, Select):
        return f"{_atom(node.operand)}.{node.field}"
    if isinstance(node, Call):
        args = ", ".join(unparse(arg) for arg in node.args)
        return (
            f"{_atom(node.target)}.{node.name}({args})" if node.target else f"{node.name}({args})"
        )
    if isinstance(node, Index):
        return f"{_atom(node.operand)}[{unparse(node.index)}]"
    if isinstance(node, ListLiteral):
        return "[" + ", ".join(unparse(item) for item in node.items) + "]"
    if isinstance(node, MapLiteral):
        return "{" + ", ".join(f"{unparse(k)}: {unparse(v)}" for k, v in node.entries) + "}"
    if isinstance(node, Struct):
        return node.name + "{" + ", ".join(f"{k}: {unparse(v)}" for k, v in node.fields) + "}"
    if isinstance(node, Unary):
        if node.op == "-" and isinstance(node.operand, Literal):
            return f"-{node.operand.text}"  # -9223372036854775808 is only valid as one literal
        return f"{node.op}({unparse(node.operand)})"
    if isinstance(node, Binary):
        return f"({unparse(node.left)}) {node.op} ({unparse(node.right)})"
    if isinstance(node, Conditional):
        return f"({unparse(node.condition)}) ? ({unparse(node.then)}) : ({unparse(node.otherwise)})"
    raise TypeError(f"not a CEL node: {node!r}")


def _atom(node: Node | None) -> str:
    assert node is not None
    if isinstance(node, Ident | Select | Call | Index | ListLiteral | MapLiteral | Struct):
        return unparse(node)
    return f"({unparse(node)})"


def children(node: Node) -> list[Node]:
    """The direct sub-expressions of a node."""
    if isinstance(node, Select):
        return [node.operand]
    if isinstance(node, Call):
        return ([node.target] if node.target else []) + list(node.args)
    if isinstance(node, Index):
        return [node.operand, node.index]
    if isinstance(node, ListLiteral):
        return list(node.items)
    if isinstance(node, MapLiteral):
        return [part for entry in node.entries for part in entry]
    if isinstance(node, Struct):
        return [value for _, value in node.fields]
    if isinstance(node, Unary):
        return [node.operand]
    if isinstance(node, Binary):
        return [node.left, node.right]
    if isinstance(node, Conditional):
        return [node.condition, node.then, node.otherwise]
    return []


def nodes(tree: Node) -> Iterator[Node]:
    """Every node of a tree, the root first."""
    pending = [tree]
    while pending:
        node = pending.pop()
        yield node
        pending.extend(children(node))
