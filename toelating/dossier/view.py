"""The dossier as rules see it, and where a field the rules missed belongs in it.

The view is plain data ready for CEL: absent fields are left out (reading one is missing
data), dates are UTC-midnight datetimes, decimals are floats, enums their text; lists
that record events an agency may simply not have (accidents, payslips, ...) read as []
when absent. CEL gets the view in parts (`cel_variables`): the library copies a map
field's whole value on every selection, but reads a top-level variable for free.
"""

from __future__ import annotations

import datetime as dt
from collections import deque
from collections.abc import Callable, Iterable
from decimal import Decimal
from enum import Enum
from functools import cache
from typing import Any, get_args, get_origin

from pydantic import BaseModel

from toelating.dossier.model import Dossier
from toelating.source import pointer_join

# Lists that record events an agency may simply not have: absent means none (rulebook.md).
EVENT_LISTS = frozenset({"accidents", "evidence", "nonconformities", "payslips", "placements"})

_UTC = dt.UTC


def dossier_view(dossier: Dossier) -> dict[str, Any]:
    view = _plain(dossier)
    assert isinstance(view, dict)
    return view


def _plain(value: Any) -> Any:
    converter = _CONVERTERS.get(type(value))
    if converter is None:
        converter = _converter_for(type(value))
        _CONVERTERS[type(value)] = converter
    return converter(value)


def _converter_for(kind: type) -> Callable[[Any], Any]:
    if issubclass(kind, BaseModel):
        return _model
    if issubclass(kind, Enum):
        return _enum_value
    if issubclass(kind, dt.datetime):
        return _datetime
    if issubclass(kind, dt.date):
        return _date
    if issubclass(kind, dict):
        return _dict
    if issubclass(kind, list | tuple):
        return _list
    if issubclass(kind, Decimal):
        return float
    return _same


def _model(value: BaseModel) -> dict[str, Any]:
    result: dict[str, Any] = {}
    event_lists = _event_list_fields(type(value))
    for name, field_value in value.__dict__.items():
        if field_value is None:
            if name in event_lists:
                result[name] = []
            continue
        result[name] = _plain(field_value)
    return result


def _date(value: dt.date) -> dt.datetime:
    return dt.datetime(value.year, value.month, value.day, tzinfo=_UTC)


def _datetime(value: dt.datetime) -> dt.datetime:
    return value if value.tzinfo else value.replace(tzinfo=_UTC)


def _enum_value(value: Enum) -> Any:
    return value.value


def _dict(value: dict[Any, Any]) -> dict[str, Any]:
    return {str(k): _plain(v) for k, v in value.items() if v is not None}


def _list(value: list[Any]) -> list[Any]:
    return [_plain(item) for item in value if item is not None]


def _same(value: Any) -> Any:
    return value


_CONVERTERS: dict[type, Callable[[Any], Any]] = {
    str: _same,
    int: _same,
    bool: _same,
    float: _same,
    Decimal: float,
    dt.date: _date,
    list: _list,
}


@cache
def _event_list_fields(model: type[BaseModel]) -> frozenset[str]:
    """The event lists among a model's fields (only list fields: `Vog.evidence` is an id)."""
    return frozenset(
        name
        for name, info in model.model_fields.items()
        if name in EVENT_LISTS and _nested_model(info.annotation)[1]
    )


# --- the view in parts, as CEL variables ----------------------------------------------


def variable_for(path: tuple[str, ...]) -> str:
    """The variable holding one lifted part of the dossier: `__d__housing__locations`."""
    return "__d__" + "__".join(path)


def positions_variable(path: tuple[str, ...]) -> str:
    """The list [0, 1, ..., n-1] of positions of a lifted list: `__n__workers`."""
    return "__n__" + "__".join(path)


def chunks_variable(path: tuple[str, ...]) -> str:
    """The positions of a lifted list in chunks of CHUNK: `__c__workers` = [[0, ..., 63], ...]."""
    return "__c__" + "__".join(path)


CHUNK = 64


def presence_variable(parent: tuple[str, ...]) -> str:
    """The map {field: true} of the fields present in a part: `__h` for the dossier itself."""
    return "__h" + "".join("__" + name for name in parent)


def _lifted_paths() -> frozenset[tuple[str, ...]]:
    """Every top-level field, and every list reached from the top through mappings only."""
    return frozenset(path for path, _ in _lifted_parts())


def _lifted_parts() -> list[tuple[tuple[str, ...], bool]]:
    """(path, is a list) of every lifted part."""
    found: list[tuple[tuple[str, ...], bool]] = []
    queue: deque[tuple[tuple[str, ...], type[BaseModel]]] = deque([((), Dossier)])
    while queue:
        prefix, model = queue.popleft()
        for name, info in model.model_fields.items():
            nested, is_list = _nested_model(info.annotation)
            path = (*prefix, name)
            if not prefix or is_list:
                found.append((path, is_list))
            if nested is not None and not is_list:
                queue.append((path, nested))
    return found


def has_lifted_children(path: tuple[str, ...]) -> bool:
    return any(len(other) > len(path) and other[: len(path)] == path for other in LIFTED_PATHS)


def values_at(view: dict[str, Any], segments: list[str]) -> tuple[list[Any], bool]:
    """The values a path with * steps names, and whether every named field on the way exists."""
    frontier: list[Any] = [view]
    complete = True
    for segment in segments:
        following: list[Any] = []
        for value in frontier:
            if segment == "*":
                if isinstance(value, list):
                    following.extend(value)
            elif isinstance(value, dict) and segment in value:
                following.append(value[segment])
            else:
                complete = False
        frontier = following
    return frontier, complete


def list_sizes(view: dict[str, Any], patterns: Iterable[str]) -> dict[str, int]:
    """The longest list at each place (`/workers/*/payslips`: the most payslips of a worker)."""
    sizes: dict[str, int] = {}
    for pattern in patterns:
        values, _ = values_at(view, pattern.split("/")[1:])
        sizes[pattern] = max((len(v) for v in values if isinstance(v, list | dict)), default=0)
    return sizes


def cel_variables(
    view: dict[str, Any], names: Iterable[str]
) -> tuple[dict[str, Any], dict[str, str]]:
    """The values of the dossier variables named, and for each absent one the field it lacks.

    `__d__a__b` is the part at a/b (without the lifted parts below it), `__h__a` the
    presence map of a's fields, `__n__a__b` the positions and `__x__a__b` id -> position
    in the list a/b, and the
    full `dossier`, `workers_by_id` and `locations_by_id` are made only when asked for.
    """
    values: dict[str, Any] = {}
    absent: dict[str, str] = {}
    for name in names:
        if name == "dossier":
            values[name] = view
        elif name in _VARIABLE_PATHS:
            kind, path = _VARIABLE_PATHS[name]
            part, missing = _part(view, path)
            if missing is not None:
                absent[name] = missing
            elif kind == "d":
                values[name] = _without_lifted(part, path)
            elif kind == "n":
                if isinstance(part, list):
                    values[name] = list(range(len(part)))
            elif kind == "c":
                if isinstance(part, list):
                    values[name] = [
                        list(range(i, min(i + CHUNK, len(part))))
                        for i in range(0, len(part), CHUNK)
                    ]
            elif kind == "h":
                if isinstance(part, dict):
                    values[name] = dict.fromkeys(part, True)
            elif isinstance(part, list):
                values[name] = {
                    item["id"]: i
                    for i, item in enumerate(part)
                    if isinstance(item, dict) and "id" in item
                }
        elif name in _INDEX_MAPS:
            part, _ = _part(view, _INDEX_MAPS[name])
            items = part if isinstance(part, list) else []
            values[name] = {
                item["id"]: item for item in items if isinstance(item, dict) and "id" in item
            }
    return values, absent


_INDEX_MAPS = {"workers_by_id": ("workers",), "locations_by_id": ("housing", "locations")}


def _part(view: dict[str, Any], path: tuple[str, ...]) -> tuple[Any, str | None]:
    value: Any = view
    for name in path:
        if not isinstance(value, dict) or name not in value:
            return None, name
        value = value[name]
    return value, None


def _without_lifted(part: Any, path: tuple[str, ...]) -> Any:
    children = _LIFTED_CHILDREN.get(path)
    if not children or not isinstance(part, dict):
        return part
    return {k: v for k, v in part.items() if k not in children}


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


@cache
def list_patterns() -> frozenset[str]:
    """Every place in the dossier that holds a list (indices as *): /workers, /workers/*/languages."""
    found: set[str] = set()
    queue: deque[tuple[str, type[BaseModel]]] = deque([("", Dossier)])
    while queue:
        pattern, model = queue.popleft()
        for name, info in model.model_fields.items():
            nested, is_list = _nested_model(info.annotation)
            if is_list or _is_list(info.annotation):
                found.add(f"{pattern}/{name}")
            if nested is not None:
                queue.append((f"{pattern}/{name}" + ("/*" if is_list else ""), nested))
    return frozenset(found)


def _is_list(annotation: Any) -> bool:
    return get_origin(annotation) is list or any(
        get_origin(arg) is list for arg in get_args(annotation)
    )


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


LIFTED_PATHS = _lifted_paths()
LIFTED_LISTS = frozenset(path for path, is_list in _lifted_parts() if is_list)
_LIFTED_CHILDREN: dict[tuple[str, ...], frozenset[str]] = {
    path: frozenset(
        other[len(path)]
        for other in LIFTED_PATHS
        if len(other) == len(path) + 1 and other[: len(path)] == path
    )
    for path in LIFTED_PATHS
    if has_lifted_children(path)
}
_VARIABLE_PATHS: dict[str, tuple[str, tuple[str, ...]]] = {
    **{variable_for(path): ("d", path) for path in LIFTED_PATHS},
    **{
        presence_variable(path): ("h", path)
        for path in [(), *LIFTED_PATHS]
        if not path or has_lifted_children(path)
    },
    **{"__x__" + "__".join(path): ("x", path) for path in _INDEX_MAPS.values()},
    **{positions_variable(path): ("n", path) for path in LIFTED_LISTS},
    **{chunks_variable(path): ("c", path) for path in LIFTED_LISTS},
}
