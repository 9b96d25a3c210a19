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
import itertools
import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

Pairs = list[tuple[str, str]]  # key and value, as YAML text


def _read_back(text: str) -> Any:
    """A plain_text() as the YAML 1.2 core schema reads it."""
    if text in ("true", "false"):
        return text == "true"
    if _WHOLE.fullmatch(text):
        return int(text)
    if _DECIMAL.fullmatch(text):
        return Decimal(text)
    return text


_WHOLE = re.compile(r"[-+]?[0-9]+")
_DECIMAL = re.compile(r"[-+]?[0-9]*\.[0-9]+")


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

    @property
    def plain(self) -> Any:
        """The values as the dossier's reader reads their text back (YAML 1.2: a date is
        text, a whole number an int, a decimal a Decimal)."""
        return {key: _read_back(text) for key, text in self.pairs}

    def at(self, column: int) -> str:
        if self.flow:
            return "{" + ", ".join(f"{key}: {value}" for key, value in self.pairs) + "}"
        return ("\n" + " " * column).join(f"{key}: {value}" for key, value in self.pairs)


@dataclass
class _Kept:
    """A payslip the dossier has, as its text stood (from its first key or brace)."""

    text: str
    column: int  # where its first line started
    flow: bool
    plain: Any = None  # its value, as the dossier was read (attach_plain)

    def at(self, column: int) -> str:
        """The text with its other lines moved as far as ruamel moved the first."""
        shift = column - self.column
        if shift == 0 or "\n" not in self.text:
            return self.text
        first, *rest = self.text.split("\n")
        moved = [" " * shift + line if shift > 0 else _unindent(line, -shift) for line in rest]
        return "\n".join([first, *moved])


@dataclass(frozen=True)
class _Group:
    """All the payslips of one worker's block list, in order: one placeholder for the list's
    only item stands for them all (ruamel writes one item instead of thousands), and each is
    written at the place of that item, after the same dash."""

    items: tuple[_New | _Kept, ...]
    flow: bool = False

    def at(self, column: int, prefix: str) -> str:
        if not _DASH.fullmatch(prefix):  # a block list item, or a bug: never guess
            raise RuntimeError("a group of payslips is not an item of a block list")
        return ("\n" + prefix).join(item.at(column) for item in self.items)


_DASH = re.compile(r" *- +")
Item = _New | _Kept | _Group


def _unindent(line: str, spaces: int) -> str:
    return line[min(spaces, len(line) - len(line.lstrip(" "))) :]


@dataclass
class Rendered:
    """The placeholders put into one document and the items they stand for."""

    prefix: str
    items: list[Item] = field(default_factory=list)
    kept: list[_Kept] = field(default_factory=list)  # the dossier's payslips, in its order

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

    def group(self, placeholders: list[Any]) -> str | None:
        """One placeholder for the items of a block list, when each is a placeholder of a
        payslip in block style; None otherwise (the list stays as it is)."""
        found = [self.item(value) for value in placeholders]
        if not found or any(not isinstance(item, _New | _Kept) or item.flow for item in found):
            return None
        return self._add(_Group(tuple(item for item in found if isinstance(item, _New | _Kept))))

    def item(self, value: Any) -> Item | None:
        """The item a placeholder stands for (None for anything else)."""
        if isinstance(value, str) and value.startswith(self.prefix):
            return self.items[int(value[len(self.prefix) :])]
        return None

    def attach_plain(self, data: Any) -> bool:
        """Give each payslip kept as text its value as the dossier was read (plain data of
        the same text, in the same order); False when the two do not line up."""
        plain = [
            payslip
            for worker in _list(data.get("workers") if isinstance(data, dict) else None)
            if isinstance(worker, dict)
            for payslip in _list(worker.get("payslips"))
            if isinstance(payslip, dict) and payslip
        ]
        if len(self.kept) != len(plain):
            return False
        for kept, value in zip(self.kept, plain, strict=True):
            kept.plain = value
        return True

    def resolve(self, data: Any) -> Any:
        """Plain data of the dumped text (placeholders in payslip lists) with each
        placeholder replaced by the value of the payslip, or payslips, it stands for."""
        for worker in _list(data.get("workers") if isinstance(data, dict) else None):
            if isinstance(worker, dict) and isinstance(worker.get("payslips"), list):
                worker["payslips"] = [
                    value for item in worker["payslips"] for value in self._values(item)
                ]
        return data

    def _values(self, value: Any) -> list[Any]:
        item = self.item(value)
        if isinstance(item, _Group):
            return [member.plain for member in item.items]
        return [value if item is None else item.plain]

    def _add(self, item: Item) -> str:
        self.items.append(item)
        return f"{self.prefix}{len(self.items) - 1}"

    def is_flow(self, value: Any) -> bool | None:
        """Whether the item a placeholder stands for is in flow style (None: no placeholder)."""
        item = self.item(value)
        return None if item is None else item.flow

    def collapse(self, text: str, grouped: bool = False) -> str:
        """The text with each payslip of each worker cut out and a placeholder in its place;
        grouped, a block list with nothing but payslips between its dashes as one group."""
        lists = _payslip_spans(text)
        if not lists:
            return text
        pieces, done = [], 0
        for spans, count in lists:
            if grouped and _one_group(text, spans, count):
                members = [self._kept(text, span) for span in spans]
                pieces += [text[done : spans[0][0]], self._add(_Group(tuple(members)))]
                done = spans[-1][1]
                continue
            for span in spans:
                pieces += [text[done : span[0]], self._add(self._kept(text, span))]
                done = span[1]
        return "".join([*pieces, text[done:]])

    def _kept(self, text: str, span: Span) -> _Kept:
        start, end, column, flow = span
        kept = _Kept(text[start:end].replace("\r\n", "\n"), column, flow)
        self.kept.append(kept)
        return kept

    def ungroup(self, payslips: Any) -> None:
        """A list held as one group back to one placeholder per payslip (to replace one)."""
        if isinstance(payslips, list) and len(payslips) == 1:
            group = self.item(payslips[0])
            if isinstance(group, _Group):
                # the comment after the list stood after the group: it goes after the last
                # (taken off first: ruamel's clear() moves comments along with the items)
                comments: Any = getattr(payslips, "ca", None)
                after = comments.items.pop(0, None) if comments is not None else None
                payslips.clear()
                payslips.extend(self._add(member) for member in group.items)
                if after is not None:
                    comments.items[len(payslips) - 1] = after

    def expand(self, dumped: str) -> str:
        """The dumped text with each placeholder replaced by its item."""
        if not self.items:
            return dumped
        pattern = re.compile(re.escape(self.prefix) + r"([0-9]+)")
        placed: list[int] = []

        def item(match: re.Match[str]) -> str:
            placed.append(int(match.group(1)))
            line_start = dumped.rfind("\n", 0, match.start()) + 1
            found = self.items[placed[-1]]
            if isinstance(found, _Group):
                return found.at(match.start() - line_start, dumped[line_start : match.start()])
            return found.at(match.start() - line_start)

        expanded = pattern.sub(item, dumped)
        if len(placed) != len(set(placed)):  # each once, or a bug: never guess
            raise RuntimeError("an item of the dossier was written twice")
        return expanded


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


Span = tuple[int, int, int, bool]  # start, end, column, flow


def _payslip_spans(text: str) -> list[tuple[list[Span], int]]:
    """For each list in /workers/*/payslips: (start, end, column, flow) of each payslip
    mapping in it, and how many items the list has; from the C parser's marks (which count
    characters, as str indexes do); none when the text does not have that shape."""
    from ruamel.yaml.error import YAMLError
    from ruamel.yaml.nodes import MappingNode

    from toelating.source import safe_compose

    try:
        root = safe_compose(text)
    except YAMLError:
        return []
    lists = []
    for worker in _items(_value(root, "workers")):
        spans = []
        items = _items(_value(worker, "payslips"))
        for payslip in items:
            if isinstance(payslip, MappingNode) and payslip.value:
                start, end = payslip.start_mark.index, _content_end(payslip, text)
                end = start + len(text[start:end].rstrip())
                spans.append((start, end, payslip.start_mark.column, bool(payslip.flow_style)))
        if spans:
            lists.append((spans, len(items)))
    return lists


_BETWEEN_ITEMS = re.compile(r"\r?\n *- +")


def _one_group(text: str, spans: list[Span], count: int) -> bool:
    """Whether a list's payslips can be one group: every item a payslip in block style at
    the same column, with only a line break and a dash between them (no comment, no blank
    line: ruamel keeps those between items, a group would not)."""
    if len(spans) < 2 or len(spans) != count or any(flow for *_, flow in spans):
        return False
    if len({column for _, _, column, _ in spans}) != 1:
        return False
    return all(
        _BETWEEN_ITEMS.fullmatch(text, end, following[0])
        for (_, end, _, _), following in itertools.pairwise(spans)
    )


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
