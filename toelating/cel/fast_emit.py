"""Emitting the generated Python: lines at their indentation, names for temporaries and
for the values the code uses (with the recipes to make them again from a cache), nested
blocks and functions. The node kinds are emitted by the subclasses (toelating.cel.fast_nodes,
fast_calls, fast_loops); `Generator` in toelating.cel.translate puts them together."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from toelating.cel.checked import Checked, Node
from toelating.cel.fast_program import RUNTIME, Helper
from toelating.cel.fast_shapes import hashable


@dataclass(frozen=True)
class Name:
    """A name in scope: a Python local, and how reading it may fail."""

    python: str
    kind: str  # "item" (never fails), "boxed" (may hold an error), "lazy" (a lazy step)
    pure: bool = True  # reading it calls no helper and walks no list
    bind: int = -1  # lazy steps: the index in B
    fields: tuple[tuple[str, str], ...] = ()  # items: fields read once per item, boxed

    def field(self, name: str) -> str | None:
        """The local holding this item's field, read once per item (None: read it here)."""
        return next((python for field, python in self.fields if field == name), None)


class Emitter(ABC):
    def __init__(
        self, checked: Checked, variables: tuple[str, ...], functions: Mapping[str, Helper]
    ) -> None:
        self.checked = checked
        self.variables = variables
        self.functions = functions
        self.names: dict[str, Any] = dict(RUNTIME)
        self.lines: list[str] = []
        self.indent = 1
        self.blocks = 0
        self.counter = 0
        self.lazy_steps = 0
        self.constants: dict[tuple[Any, ...], str] = {}
        self.recipes: list[tuple[str, tuple[Any, ...]]] = []
        self.hoists: list[list[int]] = [[0, 1]]  # per function: where hoisted defs go, indent

    @abstractmethod
    def node(self, node: Node, scope: dict[str, Name]) -> str:
        """Emit the statements that compute `node`; return a Python expression (a name or a
        literal) for its value, cheap to read any number of times."""

    def line(self, text: str) -> None:
        self.lines.append("    " * self.indent + text)

    def temp(self, prefix: str = "t") -> str:
        self.counter += 1
        return f"{prefix}{self.counter}"

    def constant(self, value: Any, recipe: tuple[Any, ...] | None = None) -> str:
        """A name for a value the generated code uses, and how to make it again when the
        program is read back from a cache (`recipe`; None: the value itself, a literal)."""
        made = recipe if recipe is not None else ("value", value)
        key = (type(value), repr(value) if type(value) is float else value, made)
        if not hashable(key):
            key = (type(value), id(value), made)
        name = self.constants.get(key)
        if name is None:
            name = self.constants[key] = self.temp("k")
            self.names[name] = value
            self.recipes.append((name, made))
        return name

    @contextmanager
    def function_body(self) -> Iterator[None]:
        """The body of a nested function: its own count of blocks, its own place for the
        definitions hoisted out of its loops."""
        saved = self.blocks, self.indent
        self.blocks, self.indent = 0, self.indent + 1
        self.hoists.append([len(self.lines), self.indent])
        try:
            yield
        finally:
            self.hoists.pop()
            self.blocks, self.indent = saved

    def hoist(self, start: int) -> None:
        """Move the definition emitted from line `start` to the top of the function it is
        in: defined once per call, not once per item of a loop (it reads the loop's
        variables through its closure, when it is called)."""
        place = self.hoists[-1]
        if self.indent <= place[1]:
            return
        shift = 4 * (self.indent - place[1])
        moved = [line[shift:] for line in self.lines[start:]]
        del self.lines[start:]
        self.lines[place[0] : place[0]] = moved
        place[0] += len(moved)

    @contextmanager
    def nested(self, block: bool = False) -> Iterator[None]:
        self.indent += 1
        self.blocks += block
        try:
            yield
        finally:
            self.indent -= 1
            self.blocks -= block
