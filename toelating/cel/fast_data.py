"""The validated dossier as the fast path reads it: the pydantic models themselves, no copy.

A model reads as a CEL map of its fields, exactly as the dossier view
(toelating.cel.view) shows it to cel-cpp: an absent field (None) is an absent key, so
reading it is missing data, except the event lists (`EVENT_LISTS`), which read as [];
amounts (Decimal) read as doubles, enum members as their text, dates stay
`datetime.date` (the fast path's timestamp at UTC midnight). Each field's conversion is
worked out once per model class from its annotation, so a read is a dict lookup.

Free-form data (`extensions`, parameters) is converted whole by `plain`. A value the fast
path cannot hold as cel-cpp would (a date with a time) raises Unsupported.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from enum import Enum
from functools import cache
from typing import Annotated, Any, Literal, Union, get_args, get_origin

from pydantic import BaseModel

from toelating.cel.fast_ops import TYPE_MISMATCH, Failure, KeyMissing, Unsupported
from toelating.cel.view import EVENT_LISTS
from toelating.dossier.model import Dossier

Converter = Callable[[Any], Any]


def select(value: Any, field: str) -> Any:
    """`value.field`: a map's key, or a dossier item's field."""
    if type(value) is dict:
        try:
            return value[field]
        except KeyError:
            raise KeyMissing(field) from None
    reading = _readings(type(value)) if isinstance(value, BaseModel) else None
    if reading is None:
        raise Failure(TYPE_MISMATCH)  # cel-cpp: "Applying SELECT to non-message type"
    found = value.__dict__.get(field)
    if found is None:
        if field in reading.event_lists:
            return []
        raise KeyMissing(field)
    convert = reading.converters.get(field)
    return found if convert is None else convert(found)


def has_field(value: Any, field: str) -> bool:
    """`has(value.field)`."""
    if type(value) is dict:
        return field in value
    if isinstance(value, BaseModel):
        reading = _readings(type(value))
        return value.__dict__.get(field) is not None or field in reading.event_lists
    raise Failure(TYPE_MISMATCH)


def plain(value: Any) -> Any:
    """Free-form data as the fast path holds it (as toelating.cel.environment.to_cel does
    for cel-cpp): None left out, decimals as doubles, enum members as their text."""
    kind = type(value)
    if kind in _AS_IS:
        return value
    if kind is Decimal:
        return float(value)
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, dict):
        return {str(key): plain(item) for key, item in value.items() if item is not None}
    if isinstance(value, list | tuple):
        return [plain(item) for item in value if item is not None]
    if isinstance(value, BaseModel):
        return value
    raise Unsupported(f"a value of type {kind.__name__}")


_AS_IS = frozenset({str, int, float, bool, dt.date})


class _Reading:
    """How to read one model class's fields."""

    __slots__ = ("converters", "event_lists")

    def __init__(self, converters: dict[str, Converter], event_lists: frozenset[str]) -> None:
        self.converters = converters
        self.event_lists = event_lists


@cache
def _readings(model: type[BaseModel]) -> _Reading:
    converters: dict[str, Converter] = {}
    event_lists = set()
    for name, info in model.model_fields.items():
        kind = _kind(info.annotation)
        if kind is not None:
            converters[name] = kind
        if name in EVENT_LISTS and _is_list_of_models(info.annotation):
            event_lists.add(name)
    return _Reading(converters, frozenset(event_lists))


def _kind(annotation: Any) -> Converter | None:
    """The conversion a field's values need (None: read as they are)."""
    origin = get_origin(annotation)
    if origin is Annotated:
        return _kind(get_args(annotation)[0])
    if origin is Union or origin is type(int | None):
        kinds = {_kind(arg) for arg in get_args(annotation) if arg is not type(None)}
        return kinds.pop() if len(kinds) == 1 else plain
    if origin is list:
        return None if _kind(get_args(annotation)[0]) is None else plain
    if origin is Literal:
        return None if all(type(arg) in _AS_IS for arg in get_args(annotation)) else plain
    if isinstance(annotation, type):
        if issubclass(annotation, BaseModel) or annotation in _AS_IS:
            return None
        if issubclass(annotation, Enum):
            return _enum_value
        if annotation is Decimal:
            return float
    return plain


def _enum_value(value: Enum) -> Any:
    return value._value_


def _is_list_of_models(annotation: Any) -> bool:
    origin = get_origin(annotation)
    if origin is list:
        inner = get_args(annotation)[0]
        if get_origin(inner) is Annotated:
            inner = get_args(inner)[0]
        return isinstance(inner, type) and issubclass(inner, BaseModel)
    return any(_is_list_of_models(arg) for arg in get_args(annotation))


# --- the rule variables -------------------------------------------------------------------


def id_maps(dossier: Any) -> dict[str, dict[str, Any]]:
    """The maps rules may read besides the dossier, as toelating.cel.view.id_maps makes them
    from the view, made from the dossier's items themselves."""
    workers = dossier.workers or []
    housing = dossier.housing
    locations = (housing.locations if housing is not None else None) or []
    maps: dict[str, dict[str, Any]] = {
        "workers_by_id": {worker.id: worker for worker in workers if worker.id is not None},
        "locations_by_id": {place.id: place for place in locations if place.id is not None},
    }
    positions: dict[str, int] = {}
    by_location: dict[str, list[int]] = {key: [] for key in maps["locations_by_id"]}
    for position, worker in enumerate(workers):
        if isinstance(worker.id, str):
            positions.setdefault(worker.id, position)
        home = worker.housing
        if home is not None and isinstance(home.location, str):
            by_location.setdefault(home.location, []).append(position)
    maps["worker_position"] = positions
    maps["worker_positions_by_location"] = by_location
    return maps


# --- reading one field, specialised by the translator ----------------------------------------

_ABSENT: Any = object()


def field_reader(field: str) -> Callable[[Any], Any]:
    """`value.field` for one field name, remembering per model class how that field reads
    (the translator makes one per `.field` in a rule, so a read is two dict lookups)."""
    plans: dict[type, Converter | bool | None] = {}

    def read(value: Any) -> Any:
        kind = type(value)
        if kind is dict:
            found = value.get(field, _ABSENT)
            if found is _ABSENT:
                raise KeyMissing(field)
            return found
        plan = plans.get(kind, _ABSENT)
        if plan is _ABSENT:
            plan = plans[kind] = _plan(kind, field)
        found = value.__dict__.get(field)
        if found is None:
            if plan is True:  # an absent event list reads as []
                return []
            raise KeyMissing(field)
        return found if plan is None or plan is True or plan is False else plan(found)

    return read


def _plan(kind: type, field: str) -> Converter | bool | None:
    """How `field` of a `kind` reads: None as it is, True an event list (None reads as []),
    False not a field (always missing), else its converter. Not a model: SELECT fails."""
    if not issubclass(kind, BaseModel):
        raise Failure(TYPE_MISMATCH)  # cel-cpp: "Applying SELECT to non-message type"
    reading = _readings(kind)
    if field in reading.event_lists:
        return True
    if field not in kind.model_fields:
        return False
    return reading.converters.get(field)


def values_at(dossier: Any, segments: list[str]) -> tuple[list[Any], bool]:
    """The values a path with * steps names in the dossier itself (as stored: for counting),
    and whether every named field on the way exists: toelating.cel.view.values_at without
    making the view."""
    frontier: list[Any] = [dossier]
    complete = True
    for segment in segments:
        following: list[Any] = []
        for value in frontier:
            if segment == "*":
                if type(value) is list:
                    following.extend(value)
                continue
            if isinstance(value, BaseModel):
                found = value.__dict__.get(segment)
                if found is None and segment in _readings(type(value)).event_lists:
                    found = []
            elif type(value) is dict:
                found = value.get(segment)
            else:
                found = None
            if found is None:
                complete = False
            else:
                following.append(found)
        frontier = following
    return frontier, complete


# --- which dossier items have a field, and how it reads ---------------------------------------


@dataclass(frozen=True)
class Owners:
    """The dossier's model classes that have a field, by how it reads (the translator
    writes the read out for them; any other value goes through field_reader)."""

    plain: frozenset[type]  # read as it is
    decimal: frozenset[type]  # an amount: read as a double
    enum: frozenset[type]  # a member of an enum: read as its text
    event_list: frozenset[type]  # an event list: absent reads as []


@cache
def field_owners(field: str) -> Owners:
    plain, decimal, enum, event_list = set(), set(), set(), set()
    for model in _model_classes(Dossier):
        if field not in model.model_fields:
            continue
        reading = _readings(model)
        convert = reading.converters.get(field)
        if field in reading.event_lists:
            event_list.add(model)
        elif convert is None:
            plain.add(model)
        elif convert is float:
            decimal.add(model)
        elif convert is _enum_value:
            enum.add(model)
    return Owners(frozenset(plain), frozenset(decimal), frozenset(enum), frozenset(event_list))


@cache
def _model_classes(root: type[BaseModel]) -> tuple[type[BaseModel], ...]:
    """Every model class a dossier holds, the root first."""
    found: list[type[BaseModel]] = []
    pending = [root]
    while pending:
        model = pending.pop()
        if model in found:
            continue
        found.append(model)
        for info in model.model_fields.values():
            pending.extend(_models_in(info.annotation))
    return tuple(found)


def _models_in(annotation: Any) -> list[type[BaseModel]]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    return [model for arg in get_args(annotation) for model in _models_in(arg)]
