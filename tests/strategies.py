"""Hypothesis strategies: dossiers made by mutating valid ones, field by field."""

from __future__ import annotations

import copy
import datetime as dt
from decimal import Decimal
from typing import Any

from conftest import EXAMPLES, RULES
from hypothesis import strategies as st

from toelating.source import load_document

BASES = [
    load_document(EXAMPLES / "flexwerk-noord" / "dossier.yaml").data,
    load_document(RULES / "example-base.yaml").data,
]


def _pointers(value: Any, pointer: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [pointer] if pointer else []
    if isinstance(value, dict):
        for key, child in value.items():
            found.extend(_pointers(child, (*pointer, key)))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            found.extend(_pointers(child, (*pointer, index)))
    return found


def _replacement(draw: st.DrawFn, old: Any) -> Any:
    """Another value of a kind that could stand there (or deliberately not)."""
    if isinstance(old, bool):
        return draw(st.booleans())
    if isinstance(old, int):
        return draw(st.integers(min_value=0, max_value=50))
    if isinstance(old, Decimal):
        return Decimal(draw(st.integers(min_value=0, max_value=20_000_000))) / 100
    if isinstance(old, str) and len(old) == 10 and old[4] == "-":
        day = draw(st.dates(dt.date(2015, 1, 1), dt.date(2029, 12, 31)))
        return day.isoformat()
    if isinstance(old, list):
        return draw(st.sampled_from([[], old[:1], old + old[:1]]))
    if isinstance(old, dict):
        return draw(st.sampled_from([{}, old]))
    return draw(st.sampled_from([old, f"{old}x", ""]))


@st.composite
def mutated_dossiers(draw: st.DrawFn, max_mutations: int = 6) -> dict[str, Any]:
    data = copy.deepcopy(draw(st.sampled_from(BASES)))
    for _ in range(draw(st.integers(min_value=1, max_value=max_mutations))):
        pointers = _pointers(data)
        if not pointers:
            break
        pointer = draw(st.sampled_from(pointers))
        parent = data
        for token in pointer[:-1]:
            parent = parent[token]
        last = pointer[-1]
        action = draw(st.sampled_from(["delete", "replace", "null"]))
        if action == "delete":
            del parent[last]
        elif action == "null" and isinstance(parent, dict):
            parent[last] = None
        else:
            parent[last] = _replacement(draw, parent[last])
    return data


check_dates = st.dates(dt.date(2024, 1, 1), dt.date(2030, 12, 31))
