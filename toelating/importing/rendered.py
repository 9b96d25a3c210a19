"""Payslips held in the round-trip data by one placeholder scalar each, and written out as
text after the dump: the payslips a dossier already has, and those an import adds.

ruamel's round trip reads and writes YAML in Python, about a millisecond for each payslip
(its keys and values scanned, resolved, analysed and written one by one): minutes for a
dossier of 60,000. A placeholder is one plain scalar, so ruamel still decides where each
item goes and which comments stay around it, while the items themselves are text:

- a payslip the dossier has is cut out of the text before the round trip (its place found
  by the C parser) and put back as it was, indented anew if ruamel moved its first line;
- a new payslip is written as ruamel would write it, `{period_start: 2027-03-08, ...}` or
  as block lines, when all its values have a certain plain text (dates, decimals, true).

The merged text is validated afterwards like any other.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

Pairs = list[tuple[str, str]]  # key and value, as YAML text


def plain_text(value: Any) -> str | None:
    """The value as a plain YAML scalar that reads back as itself, or None when it is not
    certain to (text may need quotes)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value.isoformat()
    if isinstance(value, Decimal) and value.is_finite():
        return format(value, "f")  # as the round-trip representer writes decimals
    if isinstance(value, int):
        return str(value)
    return None


@dataclass(frozen=True)
class _New:
    """A payslip the import adds, as its keys and values."""

    pairs: Pairs
    flow: bool

    def at(self, column: int) -> str:
        if self.flow:
            return "{" + ", ".join(f"{key}: {value}" for key, value in self.pairs) + "}"
        return ("\n" + " " * column).join(f"{key}: {value}" for key, value in self.pairs)


@dataclass(frozen=True)
class _Kept:
    """A payslip the dossier has, as its text stood (from its first key or brace)."""

    text: str
    column: int  # where its first line started
    flow: bool

    def at(self, column: int) -> str:
        """The text with its other lines moved as far as ruamel moved the first."""
        shift = column - self.column
        if shift == 0 or "\n" not in self.text:
            return self.text
        first, *rest = self.text.split("\n")
        moved = [" " * shift + line if shift > 0 else _unindent(line, -shift) for line in rest]
        return "\n".join([first, *moved])


def _unindent(line: str, spaces: int) -> str:
    return line[min(spaces, len(line) - len(line.lstrip(" "))) :]


@dataclass
class Rendered:
    """The placeholders put into one document and the items they stand for."""

    prefix: str
    items: list[_New | _Kept] = field(default_factory=list)

    @classmethod
    def for_text(cls, text: str) -> Rendered:
        """Placeholders that cannot occur in the document's own text."""
        stem = "toelating-item-" + hashlib.sha256(text.encode("utf-8", "replace")).hexdigest()
        prefix, number = stem[:31] + "-", 0
        while prefix in text:
            number += 1
            prefix = f"{stem[:31]}-{number}-"
        return cls(prefix)

    def placeholder(self, values: dict[str, Any], flow: bool) -> str | None:
        """A scalar to put where the mapping of values goes, or None when a value's plain
        text is not certain (the caller then builds the mapping itself)."""
        pairs = [(key, plain_text(value)) for key, value in values.items()]
        if any(text is None for _, text in pairs):
            return None
        return self._add(_New([(key, str(text)) for key, text in pairs], flow))

    def _add(self, item: _New | _Kept) -> str:
        self.items.append(item)
        return f"{self.prefix}{len(self.items) - 1}"

    def is_flow(self, value: Any) -> bool | None:
        """Whether the item a placeholder stands for is in flow style (None: no placeholder)."""
        if isinstance(value, str) and value.startswith(self.prefix):
            return self.items[int(value[len(self.prefix) :])].flow
        return None

    def collapse(self, text: str) -> str:
        """The text with each payslip of each worker cut out and a placeholder in its place."""
        cuts = list(_payslip_spans(text))
        if not cuts:
            return text
        pieces, done = [], 0
        for start, end, column, flow in cuts:
            kept = _Kept(text[start:end].replace("\r\n", "\n"), column, flow)
            pieces += [text[done:start], self._add(kept)]
            done = end
        return "".join([*pieces, text[done:]])

    def expand(self, dumped: str) -> str:
        """The dumped text with each placeholder replaced by its item."""
        if not self.items:
            return dumped
        pattern = re.compile(re.escape(self.prefix) + r"([0-9]+)")
        placed: list[int] = []

        def item(match: re.Match[str]) -> str:
            placed.append(int(match.group(1)))
            column = match.start() - (dumped.rfind("\n", 0, match.start()) + 1)
            return self.items[placed[-1]].at(column)

        expanded = pattern.sub(item, dumped)
        if len(placed) != len(set(placed)):  # each once, or a bug: never guess
            raise RuntimeError("an item of the dossier was written twice")
        return expanded


def _payslip_spans(text: str) -> list[tuple[int, int, int, bool]]:
    """(start, end, column, flow) of each payslip mapping in /workers/*/payslips, in order,
    from the C parser's marks (which count characters, as str indexes do); none when the
    text does not have that shape."""
    from ruamel.yaml.error import YAMLError
    from ruamel.yaml.nodes import MappingNode

    from toelating.source import safe_compose

    try:
        root = safe_compose(text)
    except YAMLError:
        return []
    spans = []
    for worker in _items(_value(root, "workers")):
        for payslip in _items(_value(worker, "payslips")):
            if isinstance(payslip, MappingNode) and payslip.value:
                start, end = payslip.start_mark.index, _content_end(payslip, text)
                end = start + len(text[start:end].rstrip())
                spans.append((start, end, payslip.start_mark.column, bool(payslip.flow_style)))
    return spans


def _value(node: Any, key: str) -> Any:
    from ruamel.yaml.nodes import MappingNode

    if isinstance(node, MappingNode):
        for name, value in node.value:
            if name.value == key:
                return value
    return None


def _items(node: Any) -> list[Any]:
    """The items of a sequence node (none of anything else)."""
    from ruamel.yaml.nodes import SequenceNode

    return list(node.value) if isinstance(node, SequenceNode) else []


def _content_end(node: Any, text: str) -> int:
    """Where a node's own text ends: a block collection's end mark lies past the comments
    and blank lines after it, so it ends where its last value does; an empty value (`key:`)
    has the mark of what follows it, so a mapping ending in one ends at the colon."""
    from ruamel.yaml.nodes import MappingNode, ScalarNode, SequenceNode

    if not isinstance(node, MappingNode | SequenceNode) or node.flow_style or not node.value:
        return int(node.end_mark.index)
    if isinstance(node, SequenceNode):
        return _content_end(node.value[-1], text)
    key, value = node.value[-1]
    if isinstance(value, ScalarNode) and value.value == "" and not value.style:
        return text.index(":", key.end_mark.index) + 1
    return _content_end(value, text)
