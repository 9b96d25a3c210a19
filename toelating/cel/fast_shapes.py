"""What the translator recognises in cel-cpp's checked tree: the macros' expanded shapes
(cel.bind, all/exists, map/filter's appending step) and a few node kinds.

A shape not recognised where one is required raises `Untranslatable` (the expression then
runs on cel-cpp); the others answer None or False and the caller takes the general way.
"""

from __future__ import annotations

from typing import Any

from toelating.cel.checked import Call, Comprehension, Const, CreateList, Ident, Node, nodes


class Untranslatable(ValueError):
    """The translator does not handle this shape; cel-cpp evaluates the expression."""


def hashable(value: Any) -> bool:
    try:
        hash(value)
    except TypeError:
        return False
    return True


def trivial(node: Node) -> bool:
    return isinstance(node, Const | Ident)


def is_bind(node: Comprehension) -> bool:
    """cel.bind(name, value, body) expands to a comprehension over no items."""
    return (
        isinstance(node.iter_range, CreateList)
        and not node.iter_range.elements
        and isinstance(node.loop_condition, Const)
        and node.loop_condition.value is False
    )


def loop_condition(node: Comprehension) -> bool:
    """The macros' loop conditions: `true` (False: nothing to evaluate), or
    `@not_strictly_false(@result)` / `@not_strictly_false(!@result)` (all, exists)."""
    condition = node.loop_condition
    if isinstance(condition, Const) and condition.kind == "bool" and condition.value is True:
        return False
    if isinstance(condition, Call) and condition.function == "@not_strictly_false":
        (argument,) = condition.args
        if isinstance(argument, Call) and argument.function == "!_":
            (argument,) = argument.args
        if isinstance(argument, Ident) and argument.name == node.accu_var:
            return True
    raise Untranslatable("a comprehension of an unknown form")


def quantifier_of(node: Comprehension) -> bool | None:
    """The `all` macro (False decides it) or `exists` (True), else None."""
    init, step, result = node.accu_init, node.loop_step, node.result
    if not (isinstance(init, Const) and init.kind == "bool" and isinstance(step, Call)):
        return None
    function = "_&&_" if init.value is True else "_||_"
    if step.function != function or len(step.args) != 2 or step.target is not None:
        return None
    left = step.args[0]
    if not (isinstance(left, Ident) and left.name == node.accu_var):
        return None
    if not (isinstance(result, Ident) and result.name == node.accu_var):
        return None
    if mentions(step.args[1], node.accu_var):
        return None
    return not init.value


def appended(step: Node, accumulator: str) -> Node | None:
    """x of a step `@result + [x]`, else None."""
    if not (isinstance(step, Call) and step.function == "_+_" and step.target is None):
        return None
    left, right = step.args
    if not (isinstance(left, Ident) and left.name == accumulator):
        return None
    if not isinstance(right, CreateList) or len(right.elements) != 1 or right.optional_indices:
        return None
    return right.elements[0]


def constant_texts(node: Node) -> list[str] | None:
    """The texts of a list literal of text constants, else None."""
    if not isinstance(node, CreateList) or node.optional_indices:
        return None
    if not all(isinstance(e, Const) and e.kind == "string" for e in node.elements):
        return None
    return [str(element.value) for element in node.elements]  # type: ignore[union-attr]


def mentions(node: Node, name: str) -> bool:
    return any(isinstance(part, Ident) and part.name == name for part in nodes(node))
