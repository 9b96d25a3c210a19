"""The dossier as rules see it, and where a field the rules missed belongs in it.

Absent fields are left out (reading one is missing data); lists that record events an
agency may simply not have (accidents, payslips, ...) read as [] when absent.
"""

from __future__ import annotations

from collections import deque
from enum import Enum
from functools import cache
from typing import Any, get_args, get_origin

from pydantic import BaseModel

from toelating.dossier.model import Dossier
from toelating.rulebook.compile import EVENT_LISTS
from toelating.source import pointer_join


def dossier_view(dossier: Dossier) -> dict[str, Any]:
    view = _plain(dossier)
    assert isinstance(view, dict)
    return view


def _plain(value: Any) -> Any:
    if isinstance(value, BaseModel):
        result: dict[str, Any] = {}
        for name in type(value).model_fields:
            field_value = getattr(value, name)
            if field_value is None:
                if name in EVENT_LISTS:
                    result[name] = []
                continue
            result[name] = _plain(field_value)
        return result
    if isinstance(value, list):
        return [_plain(item) for item in value]
    if isinstance(value, Enum):
        return value.value
    return value


def locate_missing(view: dict[str, Any], scope: str, key: str) -> str | None:
    """Pointer of the absent field `key` the rule read while judging `scope`.

    Searched breadth first below `scope`: the nearest mapping whose model has a field
    `key` that it lacks. When the rule read it elsewhere (a related worker, say), the
    place is only certain if exactly one mapping in the dossier lacks it; else None.
    """
    found = _search(view, scope, key, first_only=True)
    if found:
        return found[0]
    everywhere = _search(view, "", key, first_only=False)
    return everywhere[0] if len(everywhere) == 1 else None


def _search(view: dict[str, Any], root: str, key: str, first_only: bool) -> list[str]:
    queue: deque[tuple[str, Any]] = deque([(root, resolve(view, root))])
    fields = _fields_by_pattern()
    found: list[str] = []
    while queue:
        pointer, value = queue.popleft()
        if isinstance(value, dict):
            if key not in value and key in fields.get(pattern_of(pointer), frozenset()):
                found.append(pointer_join(pointer, key))
                if first_only:
                    return found
            queue.extend((pointer_join(pointer, k), v) for k, v in value.items())
        elif isinstance(value, list):
            queue.extend((pointer_join(pointer, i), v) for i, v in enumerate(value))
    return found


def resolve(view: Any, pointer: str) -> Any:
    value = view
    for token in pointer.split("/")[1:]:
        value = value[int(token)] if isinstance(value, list) else value[token]
    return value


def pattern_of(pointer: str) -> str:
    return "/".join("*" if token.isdigit() else token for token in pointer.split("/"))


@cache
def _fields_by_pattern() -> dict[str, frozenset[str]]:
    """For every place in the dossier (indices as *), the field names the model allows."""
    found: dict[str, frozenset[str]] = {}
    queue: deque[tuple[str, type[BaseModel]]] = deque([("", Dossier)])
    while queue:
        pattern, model = queue.popleft()
        found[pattern] = frozenset(model.model_fields)
        for name, info in model.model_fields.items():
            nested, is_list = _nested_model(info.annotation)
            if nested is not None:
                queue.append((f"{pattern}/{name}" + ("/*" if is_list else ""), nested))
    return found


def _nested_model(annotation: Any) -> tuple[type[BaseModel] | None, bool]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation, False
    if get_origin(annotation) is list:
        inner, _ = _nested_model(get_args(annotation)[0])
        return inner, True
    for arg in get_args(annotation):
        inner, is_list = _nested_model(arg)
        if inner is not None:
            return inner, is_list
    return None, False


def all_field_names() -> frozenset[str]:
    """Every field name of the format (rule validation checks expressions against it)."""
    return frozenset().union(*_fields_by_pattern().values())
