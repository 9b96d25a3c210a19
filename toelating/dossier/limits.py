"""How long the dossier's lists may be: the sizes the rules' cost is bounded for.

Every evaluation of a rule stops within cel-cpp's budget of 10,000 list items, and a rule
judged item by item runs once per item, so the work of a check is bounded by the number of
items the dossier has (docs/rule-authoring.md, "Cost and speed"). These limits are far above
any real agency (the largest Dutch agencies employ tens of thousands of workers); a dossier
beyond them is refused when it loads, at the list, with what the limit is.
"""

from __future__ import annotations

from typing import Any

from toelating.errors import Problem, Text
from toelating.source import Document, items_at

# The most items each list of the format may hold (per parent item for nested lists).
LIST_LIMITS: dict[str, int] = {
    "/workers": 50_000,
    "/workers/*/payslips": 1_000,  # weekly for almost 20 years
    "/workers/*/languages": 100,
    "/hirers": 20_000,
    "/hirers/*/placements": 50_000,
    "/housing/locations": 10_000,
    "/housing/locations/*/bedrooms": 1_000,
    "/evidence": 200_000,
    "/accidents": 50_000,
    "/fines": 10_000,
    "/suppliers": 10_000,
    "/directors": 1_000,
    "/vog": 10_000,
    "/inspection/nonconformities": 10_000,
    "/deposit/payments": 10_000,
    "/sna_certificate/modules": 1_000,
}


def limit_problems(document: Document) -> list[Problem]:
    """Every list of the dossier longer than its limit, at its place."""
    problems: list[Problem] = []
    for pattern, limit in LIST_LIMITS.items():
        for pointer, value, _ in _lists(document.data, pattern):
            if isinstance(value, list) and len(value) > limit:
                text = Text.of("limits.list_too_long", count=len(value), limit=limit)
                position = document.position_of(pointer)
                line, column = position if position else (None, None)
                problems.append(Problem.of(document.file, pointer, text, line, column))
    return problems


def _lists(data: Any, pattern: str) -> list[tuple[str, Any, tuple[int, ...]]]:
    found, _ = items_at(data, pattern.split("/")[1:])
    return found
