"""The binding's type-checked syntax tree, as toelating.cel.checked reads it from its bytes."""

from __future__ import annotations

import contextlib
import math
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from toelating.cel.checked import (
    Call,
    CheckedTreeError,
    Comprehension,
    Const,
    CreateList,
    CreateMap,
    Ident,
    Node,
    Select,
    nodes,
    read_checked,
)
from toelating.cel.environment import Scope, compile_expression, parse_tree
from toelating.cel.values import from_cel
from toelating.rulebook.load import Rulebook


def tree(source: str, *variables: str) -> Node:
    return compile_expression(source, variables).checked.expr


def value_of(source: str) -> Any:
    return from_cel(Scope({}, lambda name, day: None).evaluate(compile_expression(source, ())))


@pytest.mark.parametrize(
    ("source", "kind", "value"),
    [
        ("null", "null", None),
        ("true", "bool", True),
        ("false", "bool", False),
        ("0", "int", 0),
        ("-9223372036854775808", "int", -(2**63)),
        ("9223372036854775807", "int", 2**63 - 1),
        ("18446744073709551615u", "uint", 2**64 - 1),
        ("-2.5e-3", "double", -2.5e-3),
        ("'a\\n\"é\\u00e9'", "string", 'a\n"éé'),
        ("b'\\x00\\xff'", "bytes", b"\x00\xff"),
        ("r'\\d'", "string", "\\d"),
    ],
)
def test_constants_keep_their_kind_and_value(source: str, kind: str, value: Any) -> None:
    node = tree(source)
    assert isinstance(node, Const) and (node.kind, node.value) == (kind, value)


def test_selections_calls_lists_and_maps() -> None:
    root = tree("x.a.b + [1, y][0] + {'k': size(x)}['k']", "x", "y")
    assert isinstance(root, Call) and root.function == "_+_"
    kinds = {type(node) for node in nodes(root)}
    assert {Select, Ident, CreateList, CreateMap, Call, Const} <= kinds
    selects = [node for node in nodes(root) if isinstance(node, Select)]
    assert [node.field for node in selects] == ["b", "a"]
    sizes = [node for node in nodes(root) if isinstance(node, Call) and node.function == "size"]
    assert len(sizes) == 1 and sizes[0].args == (Ident(sizes[0].args[0].id, "x"),)


def test_macros_are_comprehensions_and_has_is_a_test_only_selection() -> None:
    root = tree("x.all(i, i > 0) && has(y.z) && cel.bind(s, 2, s * s) == 4", "x", "y")
    comprehensions = [node for node in nodes(root) if isinstance(node, Comprehension)]
    assert {node.iter_var for node in comprehensions} == {"i", "#unused"}
    bind = next(node for node in comprehensions if node.accu_var == "s")
    assert bind.iter_range == CreateList(bind.iter_range.id, ())
    (has,) = [node for node in nodes(root) if isinstance(node, Select) and node.test_only]
    assert has.field == "z"


def test_the_checker_says_what_each_call_and_name_is() -> None:
    expression = compile_expression("x + 1 > 2 || size('ab') == 2", ("x",))
    checked = expression.checked
    overloads = {ref.name: ref.overloads for ref in checked.references.values()}
    assert overloads["x"] == ()
    assert "size_string" in overloads["size"]
    kinds = {checked.types[node.id].kind for node in nodes(checked.expr)}
    assert {"bool", "int", "string", "dyn"} <= kinds
    offsets = sorted(checked.positions.values())
    assert offsets[0] == 0 and offsets[-1] < len("x + 1 > 2 || size('ab') == 2")


def test_a_parsed_only_tree_reads_too() -> None:
    root = parse_tree("unknown_name.field.all(v, v.other)")
    assert isinstance(root, Comprehension)
    assert isinstance(root.iter_range, Select) and root.iter_range.field == "field"


def test_every_program_of_the_shipped_rules_reads(rulebook: Rulebook) -> None:
    for compiled in rulebook.rules:
        for name, program in compiled.programs().items():
            assert any(isinstance(n, Ident) for n in nodes(program.checked.expr)), (
                compiled.id,
                name,
            )


@given(st.binary(max_size=64))
def test_bytes_that_are_no_tree_are_refused_plainly(data: bytes) -> None:
    with contextlib.suppress(CheckedTreeError):
        read_checked(data)


def test_every_cut_of_a_real_tree_is_read_or_refused_plainly() -> None:
    data = compile_expression("[1, 2].map(x, x * 2)[0] > 1 && 2.5 > 1.5", ()).program.serialize()
    for end in range(len(data)):
        with contextlib.suppress(CheckedTreeError):
            read_checked(data[:end])


# --- a tree read back computes what its source computes -------------------------------------

_BINARY = ("_+_", "_-_", "_*_", "_==_", "_<_", "_&&_", "_||_")


def _print(node: Node) -> str:
    """CEL text of a tree without comprehensions (operators fully parenthesised)."""
    if isinstance(node, Const):
        return _literal(node)
    if isinstance(node, CreateList):
        return "[" + ", ".join(_print(e) for e in node.elements) + "]"
    assert isinstance(node, Call), node
    if node.function in _BINARY:
        left, right = node.args
        return f"({_print(left)} {node.function[1:-1]} {_print(right)})"
    if node.function == "_?_:_":
        return "({} ? {} : {})".format(*map(_print, node.args))
    if node.function == "-_":
        return f"(-{_print(node.args[0])})"
    if node.function == "!_":
        return f"(!{_print(node.args[0])})"
    assert node.function == "size", node.function
    return f"size({_print(node.args[0])})"


def _literal(node: Const) -> str:
    if node.kind == "string":
        assert isinstance(node.value, str)
        return '"' + node.value.encode("unicode_escape").decode().replace('"', '\\"') + '"'
    if node.kind == "bool":
        return "true" if node.value else "false"
    if node.kind == "double":
        assert isinstance(node.value, float)
        return repr(node.value) if math.isfinite(node.value) else "0.0"
    return str(node.value)


_INTS = st.integers(-(2**40), 2**40).map(str)
_STRINGS = st.text(st.characters(codec="utf-8"), max_size=6).map(
    lambda text: '"' + text.encode("unicode_escape").decode().replace('"', '\\"') + '"'
)


def _expressions(leaves: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    def extend(inner: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
        return st.one_of(
            st.tuples(inner, st.sampled_from(["+", "-", "*"]), inner).map(
                lambda t: f"({t[0]} {t[1]} {t[2]})"
            ),
            inner.map(lambda x: f"(-{x})"),
        )

    return st.recursive(leaves, extend, max_leaves=8)


@given(_expressions(_INTS))
def test_arithmetic_read_back_computes_the_same(source: str) -> None:
    _same_result(source)


@given(st.lists(_STRINGS, max_size=4), st.booleans())
def test_strings_lists_and_logic_read_back_compute_the_same(texts: list[str], flag: bool) -> None:
    text = " + ".join(texts) or '""'
    _same_result(f"size({text}) < 3 ? [{text}, {'true' if flag else 'false'} || 1 == 2] : [1]")


def _same_result(source: str) -> None:
    try:
        expected: Any = value_of(source)
    except Exception as error:  # overflow: the printed program fails the same way
        with pytest.raises(type(error)):
            value_of(_print(tree(source)))
        return
    assert value_of(_print(tree(source))) == expected
