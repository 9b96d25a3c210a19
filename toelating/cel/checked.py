"""The type-checked syntax tree of a compiled CEL expression, read from the binding's bytes.

`cel_expr_python`'s `Expression.serialize()` gives a `google.protobuf.Any` holding a
`cel.expr.CheckedExpr` (cel-spec's checked.proto and syntax.proto): the parsed tree with
macros already expanded into comprehensions, and the checker's answers: what each
identifier and call refers to, and each node's type. No package on PyPI ships the
`cel.expr` classes, and the full protobuf runtime would cost 40 ms of import for a read of
eight message kinds, so this module reads the protobuf wire format itself.

API (stable; `toelating.cel.translate` and `toelating.cel.analysis` build on it):

    read_checked(data: bytes) -> Checked  (a ParsedExpr too: then no references or types)
    Checked.expr: Node                    the root
    Checked.references: dict[int, Reference]  node id -> what an Ident or Call is
    Checked.types: dict[int, Type]        node id -> its checked type
    Checked.positions: dict[int, int]     node id -> character offset in the source
    Node = Const | Ident | Select | Call | CreateList | CreateMap | CreateStruct | Comprehension
        every node has `id`; children are tuples of nodes (never lists)
    Const.kind: "null" "bool" "int" "uint" "double" "string" "bytes"; Const.value
    Ident.name
    Select.operand, Select.field, Select.test_only (True: the `has()` macro)
    Call.function ("_&&_", "_+_", "size", "param_on", ...), Call.target (receiver of
        `x.f()`, or None), Call.args
    CreateList.elements, CreateList.optional_indices
    CreateMap.entries: tuple[MapEntry(key, value, optional)]
    CreateStruct.message_name, CreateStruct.fields: tuple[FieldEntry(name, value, optional)]
    Comprehension.iter_var, iter_var2 ("" unless two-variable), iter_range, accu_var,
        accu_init, loop_condition, loop_step, result
    Reference.name, Reference.overloads (overload ids, e.g. "add_int64"), Reference.value
        (a Const for enum constants, else None)
    Type.kind: "dyn" "null" "bool" "int" "uint" "double" "string" "bytes" "any"
        "timestamp" "duration" "list" "map" "function" "message" "type_param" "type"
        "error" "abstract" "wrapper"; Type.params (list: the element, map: key and value,
        wrapper: the wrapped primitive, function: result then arguments, type: its type,
        abstract: its parameters); Type.name (message, type_param, abstract)
    nodes(node) -> Iterator[Node]         the node and every node below it, depth first
    children(node) -> tuple[Node, ...]

A malformed input raises CheckedTreeError: the bytes come from the binding, so that is a
bug to report, never a user's mistake.
"""

from __future__ import annotations

import struct
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TypeAlias

ANY_TYPE_URL = "type.googleapis.com/cel.expr.CheckedExpr"
PARSED_TYPE_URL = "type.googleapis.com/cel.expr.ParsedExpr"


class CheckedTreeError(ValueError):
    """Bytes that are not a CheckedExpr as this reader knows it."""


# --- the tree ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Const:
    id: int
    kind: str
    value: bool | int | float | str | bytes | None


@dataclass(frozen=True, slots=True)
class Ident:
    id: int
    name: str


@dataclass(frozen=True, slots=True)
class Select:
    id: int
    operand: Node
    field: str
    test_only: bool = False


@dataclass(frozen=True, slots=True)
class Call:
    id: int
    function: str
    args: tuple[Node, ...]
    target: Node | None = None


@dataclass(frozen=True, slots=True)
class CreateList:
    id: int
    elements: tuple[Node, ...]
    optional_indices: tuple[int, ...] = ()


@dataclass(frozen=True, slots=True)
class MapEntry:
    key: Node
    value: Node
    optional: bool = False


@dataclass(frozen=True, slots=True)
class CreateMap:
    id: int
    entries: tuple[MapEntry, ...]


@dataclass(frozen=True, slots=True)
class FieldEntry:
    name: str
    value: Node
    optional: bool = False


@dataclass(frozen=True, slots=True)
class CreateStruct:
    id: int
    message_name: str
    fields: tuple[FieldEntry, ...]


@dataclass(frozen=True, slots=True)
class Comprehension:
    id: int
    iter_var: str
    iter_range: Node
    accu_var: str
    accu_init: Node
    loop_condition: Node
    loop_step: Node
    result: Node
    iter_var2: str = ""


Node: TypeAlias = (
    Const | Ident | Select | Call | CreateList | CreateMap | CreateStruct | Comprehension
)


@dataclass(frozen=True, slots=True)
class Reference:
    name: str
    overloads: tuple[str, ...] = ()
    value: Const | None = None


@dataclass(frozen=True, slots=True)
class Type:
    kind: str
    params: tuple[Type, ...] = ()
    name: str = ""


class Checked:
    """A checked expression: its tree, and the checker's maps (decoded on first use: most
    readers need only the tree)."""

    __slots__ = ("_positions", "_references", "_types", "expr")

    def __init__(self, expr: Node, references: list[bytes], types: list[bytes], source_info: bytes):
        self.expr = expr
        self._references: list[bytes] | dict[int, Reference] = references
        self._types: list[bytes] | dict[int, Type] = types
        self._positions: bytes | dict[int, int] = source_info

    @property
    def references(self) -> dict[int, Reference]:
        """Node id -> what an identifier or a call refers to."""
        if isinstance(self._references, list):
            entries = map(_map_entry, self._references)
            self._references = {_signed(_int(k)): _reference(_bytes(v)) for k, v in entries}
        return self._references

    @property
    def types(self) -> dict[int, Type]:
        """Node id -> its type as the checker found it."""
        if isinstance(self._types, list):
            entries = map(_map_entry, self._types)
            self._types = {_signed(_int(k)): _type(_bytes(v)) for k, v in entries}
        return self._types

    @property
    def positions(self) -> dict[int, int]:
        """Node id -> its character offset in the source."""
        if isinstance(self._positions, bytes):
            self._positions = _positions(self._positions)
        return self._positions


def children(node: Node) -> tuple[Node, ...]:
    """The nodes directly below `node`, in source order."""
    if isinstance(node, Select):
        return (node.operand,)
    if isinstance(node, Call):
        return node.args if node.target is None else (node.target, *node.args)
    if isinstance(node, CreateList):
        return node.elements
    if isinstance(node, CreateMap):
        return tuple(part for entry in node.entries for part in (entry.key, entry.value))
    if isinstance(node, CreateStruct):
        return tuple(entry.value for entry in node.fields)
    if isinstance(node, Comprehension):
        return (
            node.iter_range,
            node.accu_init,
            node.loop_condition,
            node.loop_step,
            node.result,
        )
    return ()


def nodes(node: Node) -> Iterator[Node]:
    """`node` and every node below it, depth first."""
    pending = [node]
    while pending:
        current = pending.pop()
        yield current
        pending.extend(reversed(children(current)))


# --- the wire format --------------------------------------------------------------------

Fields: TypeAlias = list[tuple[int, int | bytes]]  # (field number, varint or bytes) in order

_FIXED64 = struct.Struct("<d")


def _fields(data: bytes) -> Fields:
    """The fields of one message: varints as ints, length-delimited and fixed ones as bytes.

    Keys and lengths below 128 take one byte, the common case, read inline (this loop is
    most of a tree's reading time)."""
    found: Fields = []
    append = found.append
    position, end = 0, len(data)
    try:
        while position < end:
            key = data[position]
            position += 1
            if key >= 0x80:
                key, position = _varint(data, position - 1)
            wire = key & 7
            if wire == 2:
                length = data[position]
                position += 1
                if length >= 0x80:
                    length, position = _varint(data, position - 1)
                if position + length > end:
                    raise CheckedTreeError("a field runs past the end of its message")
                append((key >> 3, data[position : position + length]))
                position += length
            elif wire == 0:
                value, position = _varint(data, position)
                append((key >> 3, value))
            elif wire in (1, 5):
                size = 8 if wire == 1 else 4
                append((key >> 3, data[position : position + size]))
                position += size
            else:
                raise CheckedTreeError(f"unsupported wire type {wire}")
    except IndexError:
        raise CheckedTreeError("the message ends inside a field") from None
    if position != end:
        raise CheckedTreeError("a fixed-size field runs past the end of its message")
    return found


def _varint(data: bytes, position: int) -> tuple[int, int]:
    byte = data[position]
    if byte < 0x80:
        return byte, position + 1
    result, shift = byte & 0x7F, 7
    position += 1
    while True:
        byte = data[position]
        position += 1
        result |= (byte & 0x7F) << shift
        if byte < 0x80:
            return result, position
        shift += 7
        if shift > 63:
            raise CheckedTreeError("a varint longer than 10 bytes")


def _signed(value: int) -> int:
    """An int64 sent as a varint (negative numbers take ten bytes, two's complement)."""
    return value - (1 << 64) if value >= 1 << 63 else value


def _bytes(value: int | bytes) -> bytes:
    if not isinstance(value, bytes):
        raise CheckedTreeError("expected a length-delimited field")
    return value


def _int(value: int | bytes) -> int:
    if not isinstance(value, int):
        raise CheckedTreeError("expected a varint field")
    return value


def _text(value: int | bytes) -> str:
    return _bytes(value).decode("utf-8")


# --- messages ---------------------------------------------------------------------------


def read_checked(data: bytes) -> Checked:
    """The CheckedExpr in `data`: an Any (as `serialize()` gives) or the bare message. An
    Any holding a ParsedExpr (an expression compiled unchecked) gives its tree, with no
    references or types."""
    fields = _fields(data)
    if fields and fields[0] == (1, PARSED_TYPE_URL.encode()):
        return _parsed(_payload(fields))
    if fields and fields[0] == (1, ANY_TYPE_URL.encode()):
        fields = _fields(_payload(fields))
    root: Node | None = None
    references: list[bytes] = []
    types: list[bytes] = []
    source_info = b""
    for number, value in fields:
        if number == 2:
            references.append(_bytes(value))
        elif number == 3:
            types.append(_bytes(value))
        elif number == 4:
            root = _expr(_bytes(value))
        elif number == 5:
            source_info = _bytes(value)
    if root is None:
        raise CheckedTreeError("a CheckedExpr without an expression")
    return Checked(root, references, types, source_info)


def _payload(fields: Fields) -> bytes:
    payload = [value for number, value in fields if number == 2]
    if not payload:
        raise CheckedTreeError("an Any without a value")
    return _bytes(payload[0])


def _parsed(data: bytes) -> Checked:
    """ParsedExpr: expr = 2, source_info = 3."""
    root: Node | None = None
    source_info = b""
    for number, value in _fields(data):
        if number == 2:
            root = _expr(_bytes(value))
        elif number == 3:
            source_info = _bytes(value)
    if root is None:
        raise CheckedTreeError("a ParsedExpr without an expression")
    return Checked(root, [], [], source_info)


def _map_entry(value: int | bytes) -> tuple[int | bytes, int | bytes]:
    """A protobuf map entry: key is field 1, value field 2 (a default value is left out)."""
    key: int | bytes = 0
    entry: int | bytes = b""
    for number, part in _fields(_bytes(value)):
        if number == 1:
            key = part
        elif number == 2:
            entry = part
    return key, entry


def _positions(data: bytes) -> dict[int, int]:
    positions: dict[int, int] = {}
    for number, value in _fields(data):
        if number == 4:  # SourceInfo.positions: map<int64, int32>
            key, offset = _map_entry(value)
            positions[_signed(_int(key))] = _signed(_int(offset))
    return positions


def _reference(data: bytes) -> Reference:
    name, overloads, constant = "", [], None
    for number, value in _fields(data):
        if number == 1:
            name = _text(value)
        elif number == 3:
            overloads.append(_text(value))
        elif number == 4:
            constant = _constant(0, _bytes(value))
    return Reference(name, tuple(overloads), constant)


_PRIMITIVES = {1: "bool", 2: "int", 3: "uint", 4: "double", 5: "string", 6: "bytes"}
_WELL_KNOWN = {1: "any", 2: "timestamp", 3: "duration"}


def _type(data: bytes) -> Type:
    fields = _fields(data)
    if not fields:
        raise CheckedTreeError("a Type without a kind")
    number, value = fields[0]
    reader = _TYPE_READERS.get(number)
    if reader is None:
        raise CheckedTreeError(f"unknown Type field {number}")
    return reader(value)


def _type_list(value: int | bytes) -> tuple[Type, ...]:
    return tuple(_type(_bytes(part)) for _, part in _fields(_bytes(value)))


def _function_type(value: int | bytes) -> Type:
    """FunctionType: result_type = 1, arg_types = 2."""
    return Type("function", _type_list(value))


def _abstract_type(value: int | bytes) -> Type:
    name, params = "", []
    for number, part in _fields(_bytes(value)):
        if number == 1:
            name = _text(part)
        elif number == 2:
            params.append(_type(_bytes(part)))
    return Type("abstract", tuple(params), name)


def _primitive(value: int | bytes) -> Type:
    kind = _PRIMITIVES.get(_int(value))
    if kind is None:
        raise CheckedTreeError("unknown primitive type")
    return Type(kind)


_TYPE_READERS: dict[int, Callable[[int | bytes], Type]] = {
    1: lambda _: Type("dyn"),
    2: lambda _: Type("null"),
    3: _primitive,
    4: lambda value: Type("wrapper", (_primitive(value),)),
    5: lambda value: Type(_WELL_KNOWN.get(_int(value), "any")),
    6: lambda value: Type("list", _type_list(value)),
    7: lambda value: Type("map", _type_list(value)),
    8: _function_type,
    9: lambda value: Type("message", (), _text(value)),
    10: lambda value: Type("type_param", (), _text(value)),
    11: lambda value: Type("type", (_type(_bytes(value)),) if value else ()),
    12: lambda _: Type("error"),
    14: _abstract_type,
}


def _constant(node_id: int, data: bytes) -> Const:
    fields = _fields(data)
    if not fields:  # every field at its default: proto3 leaves a null_value out
        return Const(node_id, "null", None)
    number, value = fields[-1]
    if number == 1:
        return Const(node_id, "null", None)
    if number == 2:
        return Const(node_id, "bool", bool(_int(value)))
    if number == 3:
        return Const(node_id, "int", _signed(_int(value)))
    if number == 4:
        return Const(node_id, "uint", _int(value))
    if number == 5:
        return Const(node_id, "double", _FIXED64.unpack(_bytes(value))[0])
    if number == 6:
        return Const(node_id, "string", _text(value))
    if number == 7:
        return Const(node_id, "bytes", _bytes(value))
    raise CheckedTreeError(f"unsupported constant kind {number} (durations, timestamps)")


def _expr(data: bytes) -> Node:
    node_id = 0
    kind: tuple[int, bytes] | None = None
    for number, value in _fields(data):
        if number == 2:
            node_id = _signed(_int(value))
        elif 3 <= number <= 9:
            kind = (number, _bytes(value))
    if kind is None:
        raise CheckedTreeError("an Expr without a kind")
    return _EXPR_READERS[kind[0]](node_id, kind[1])


def _ident(node_id: int, data: bytes) -> Node:
    name = ""
    for number, value in _fields(data):
        if number == 1:
            name = _text(value)
    return Ident(node_id, name)


def _select(node_id: int, data: bytes) -> Node:
    operand: Node | None = None
    field, test_only = "", False
    for number, value in _fields(data):
        if number == 1:
            operand = _expr(_bytes(value))
        elif number == 2:
            field = _text(value)
        elif number == 3:
            test_only = bool(_int(value))
    if operand is None:
        raise CheckedTreeError("a Select without an operand")
    return Select(node_id, operand, field, test_only)


def _call(node_id: int, data: bytes) -> Node:
    target: Node | None = None
    function, args = "", []
    for number, value in _fields(data):
        if number == 1:
            target = _expr(_bytes(value))
        elif number == 2:
            function = _text(value)
        elif number == 3:
            args.append(_expr(_bytes(value)))
    return Call(node_id, function, tuple(args), target)


def _create_list(node_id: int, data: bytes) -> Node:
    elements, optional = [], []
    for number, value in _fields(data):
        if number == 1:
            elements.append(_expr(_bytes(value)))
        elif number == 2:
            optional.extend(_packed_int32(value))
    return CreateList(node_id, tuple(elements), tuple(optional))


def _packed_int32(value: int | bytes) -> list[int]:
    if isinstance(value, int):
        return [_signed(value)]
    numbers, position = [], 0
    while position < len(value):
        number, position = _varint(value, position)
        numbers.append(_signed(number))
    return numbers


def _create_struct(node_id: int, data: bytes) -> Node:
    message_name = ""
    entries: list[tuple[str | Node, Node, bool]] = []
    for number, value in _fields(data):
        if number == 1:
            message_name = _text(value)
        elif number == 2:
            entries.append(_struct_entry(_bytes(value)))
    if message_name:
        return CreateStruct(
            node_id,
            message_name,
            tuple(FieldEntry(str(key), value, optional) for key, value, optional in entries),
        )
    map_entries = []
    for key, entry_value, optional in entries:
        if isinstance(key, str):
            raise CheckedTreeError("a map literal entry with a field name")
        map_entries.append(MapEntry(key, entry_value, optional))
    return CreateMap(node_id, tuple(map_entries))


def _struct_entry(data: bytes) -> tuple[str | Node, Node, bool]:
    key: str | Node | None = None
    value: Node | None = None
    optional = False
    for number, part in _fields(data):
        if number == 2:
            key = _text(part)
        elif number == 3:
            key = _expr(_bytes(part))
        elif number == 4:
            value = _expr(_bytes(part))
        elif number == 5:
            optional = bool(_int(part))
    if key is None or value is None:
        raise CheckedTreeError("an entry without a key or a value")
    return key, value, optional


_COMPREHENSION_TEXT = {1: "iter_var", 3: "accu_var", 8: "iter_var2"}
_COMPREHENSION_EXPR = {
    2: "iter_range",
    4: "accu_init",
    5: "loop_condition",
    6: "loop_step",
    7: "result",
}


def _comprehension(node_id: int, data: bytes) -> Node:
    texts = {"iter_var": "", "accu_var": "", "iter_var2": ""}
    parts: dict[str, Node] = {}
    for number, value in _fields(data):
        if number in _COMPREHENSION_TEXT:
            texts[_COMPREHENSION_TEXT[number]] = _text(value)
        elif number in _COMPREHENSION_EXPR:
            parts[_COMPREHENSION_EXPR[number]] = _expr(_bytes(value))
    if len(parts) != len(_COMPREHENSION_EXPR):
        raise CheckedTreeError("a comprehension without all its parts")
    return Comprehension(
        node_id,
        texts["iter_var"],
        parts["iter_range"],
        texts["accu_var"],
        parts["accu_init"],
        parts["loop_condition"],
        parts["loop_step"],
        parts["result"],
        texts["iter_var2"],
    )


_EXPR_READERS: dict[int, Callable[[int, bytes], Node]] = {
    3: _constant,
    4: _ident,
    5: _select,
    6: _call,
    7: _create_list,
    8: _create_struct,
    9: _comprehension,
}
