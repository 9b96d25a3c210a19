"""The dossier as rules see it, and where a field the rules missed belongs in it.

The view is plain data ready for CEL: absent fields are left out (reading one is missing
data), dates are UTC-midnight timestamps (toelating.cel.environment.timestamp_of), decimals
are floats, enums their text; lists that record events an agency may simply not have
(accidents, payslips, ...) read as [] when absent.
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

from toelating.cel.values import timestamp_of, to_cel
from toelating.dossier.model import Dossier
from toelating.source import pointer_join

# Lists that record events an agency may simply not have: absent means none (rulebook.md).
EVENT_LISTS = frozenset(
    {"accidents", "evidence", "nonconformities", "payslips", "placements", "suppliers"}
)


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


def _date(value: dt.date) -> Any:
    return timestamp_of(value)


def _datetime(value: dt.datetime) -> Any:
    return to_cel(value)


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


# --- the id maps rules may read -------------------------------------------------------

_ID_MAPS = {"workers_by_id": ("workers",), "locations_by_id": ("housing", "locations")}
# Each map of items: the place of the items it holds (the cost estimate and the template's
# field attribution read lookups in it as those items).
ITEM_MAPS = {name: "/" + "/".join(path) + "/*" for name, path in _ID_MAPS.items()}


def id_maps(view: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """The maps rules may read besides the dossier (docs/rule-authoring.md):
    `workers_by_id` and `locations_by_id`: id -> item (empty when the list is absent);
    `worker_position`: worker id -> its position in `dossier.workers`;
    `worker_positions_by_location`: location id -> the positions of the workers whose
    housing names it, in dossier order, with every location present.

    The binding converts each map it reads as a copy of its items (about 1 ms for 50
    workers with their payslips); positions cost next to nothing, so the shipped rules
    use them. A rule over locations reads a location's workers without walking all
    workers once per location (CEL walks at most 10,000 list items in one evaluation)."""
    maps: dict[str, dict[str, Any]] = {
        name: {item["id"]: item for _, item in _items(view, path) if "id" in item}
        for name, path in _ID_MAPS.items()
    }
    positions: dict[str, int] = {}
    by_location: dict[str, list[int]] = {key: [] for key in maps["locations_by_id"]}
    for position, worker in _items(view, ("workers",)):
        if isinstance(worker.get("id"), str):
            positions.setdefault(worker["id"], position)
        housing = worker.get("housing")
        if isinstance(housing, dict) and isinstance(housing.get("location"), str):
            by_location.setdefault(housing["location"], []).append(position)
    maps["worker_position"] = positions
    maps["worker_positions_by_location"] = by_location
    return maps


def _items(view: dict[str, Any], path: tuple[str, ...]) -> list[tuple[int, dict[str, Any]]]:
    """The mappings in the list at path, with their positions."""
    part: Any = view
    for step in path:
        part = part.get(step) if isinstance(part, dict) else None
    if not isinstance(part, list):
        return []
    return [(position, item) for position, item in enumerate(part) if isinstance(item, dict)]


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


def locate_missing(
    view: dict[str, Any], scope: str, key: str, lacking: dict[str, list[str]] | None = None
) -> str | None:
    """Pointer of the absent field `key` the rule read while judging `scope`.

    Searched breadth first below `scope`: the nearest mapping whose model has a field
    `key` that it lacks. When the rule read it elsewhere (a related worker, say), the
    place is only certain if exactly one mapping in the dossier lacks it; else None.
    `lacking` remembers that whole-dossier search per key: it does not depend on the
    item, and a rule over many items would otherwise walk the dossier once per item.
    """
    found = _search(view, scope, key, first_only=True)
    if found:
        return found[0]
    if not scope:  # the search below the root was the whole dossier
        return None
    if lacking is None:
        lacking = {}
    if key not in lacking:
        lacking[key] = _search(view, "", key, first_only=False)
    everywhere = lacking[key]
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
    return {pattern: frozenset(model.model_fields) for pattern, model in _model_places()}


@cache
def known_places() -> frozenset[str]:
    """Every place the format defines (indices as *): its mappings, lists and their fields."""
    places = set(_fields_by_pattern())
    for pattern, fields in _fields_by_pattern().items():
        places.update(f"{pattern}/{name}" for name in fields)
    return frozenset(places | list_patterns())


@cache
def list_patterns() -> frozenset[str]:
    """Every place in the dossier that holds a list (indices as *): /workers,
    /workers/*/languages."""
    return frozenset(
        f"{pattern}/{name}"
        for pattern, model in _model_places()
        for name, info in model.model_fields.items()
        if _nested_model(info.annotation)[1] or _is_list(info.annotation)
    )


@cache
def _model_places() -> tuple[tuple[str, type[BaseModel]], ...]:
    """Every place of the format that holds a model (indices as *), breadth first."""
    found: list[tuple[str, type[BaseModel]]] = []
    queue: deque[tuple[str, type[BaseModel]]] = deque([("", Dossier)])
    while queue:
        pattern, model = queue.popleft()
        found.append((pattern, model))
        for name, info in model.model_fields.items():
            nested, is_list = _nested_model(info.annotation)
            if nested is not None:
                queue.append((f"{pattern}/{name}" + ("/*" if is_list else ""), nested))
    return tuple(found)


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
