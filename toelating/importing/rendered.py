"""New items held in the round-trip data by one placeholder scalar each, written out as text
after the dump.

ruamel's emitter spends about a millisecond on a payslip (a key and a value per field, each
resolved, analysed and written in Python): a minute for 60,000. A placeholder is one plain
scalar, so ruamel still decides where each item goes and what comments stay around it, and
the item's own text, `{period_start: 2027-03-08, hours_paid: 40}` or the same as block lines,
is written here as ruamel would write it. Only values whose plain text is certain (dates,
decimals, whole numbers, true and false) are written this way; the merged text is validated
afterwards like any other.
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


@dataclass
class Rendered:
    """The placeholders put into one document and the items they stand for."""

    prefix: str
    items: list[tuple[Pairs, bool]] = field(default_factory=list)  # (pairs, flow style)

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
        self.items.append(([(key, str(text)) for key, text in pairs], flow))
        return f"{self.prefix}{len(self.items) - 1}"

    def expand(self, dumped: str) -> str:
        """The dumped text with each placeholder replaced by its item, in flow style, or as
        block lines aligned on the placeholder's column."""
        if not self.items:
            return dumped
        pattern = re.compile(re.escape(self.prefix) + r"([0-9]+)")
        placed: list[int] = []

        def item(match: re.Match[str]) -> str:
            number = int(match.group(1))
            placed.append(number)
            pairs, flow = self.items[number]
            if flow:
                return "{" + ", ".join(f"{key}: {value}" for key, value in pairs) + "}"
            column = match.start() - (dumped.rfind("\n", 0, match.start()) + 1)
            return ("\n" + " " * column).join(f"{key}: {value}" for key, value in pairs)

        expanded = pattern.sub(item, dumped)
        if sorted(placed) != list(range(len(self.items))):  # each once, or a bug: never guess
            raise RuntimeError("an imported item was not written where it belongs")
        return expanded
