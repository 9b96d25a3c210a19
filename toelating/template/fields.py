"""Every field of the dossier format, in model order, with what kind of value it takes."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from enum import Enum, StrEnum
from types import NoneType, UnionType
from typing import Annotated, Any, Literal, Union, get_args, get_origin

from pydantic import BaseModel

from toelating.dossier.model import Dossier


class Kind(StrEnum):
    """What a field holds, as far as a person filling it in needs to know."""

    FIXED = "fixed"
    TEXT = "text"
    DATE = "date"
    BOOL = "bool"
    MONEY = "money"
    NUMBER = "number"
    COUNT = "count"
    COUNTRY = "country"
    LANGUAGE = "language"
    LANGUAGES = "languages"
    HASH = "hash"
    CHOICE = "choice"
    CHOICES = "choices"
    MAPPING = "mapping"
    LIST = "list"
    FREE = "free"


@dataclass(frozen=True)
class FieldSpec:
    """One field: its JSON pointer pattern (list indices as *), kind and nested fields."""

    pattern: str
    name: str
    kind: Kind
    required: bool
    choices: tuple[str, ...] = ()
    children: tuple[FieldSpec, ...] = ()  # fields of a nested mapping or of each list item

    @property
    def item_pattern(self) -> str:
        """The pattern the children hang under: the field itself, or its items."""
        return f"{self.pattern}/*" if self.kind is Kind.LIST else self.pattern


def dossier_fields() -> tuple[FieldSpec, ...]:
    """The top-level fields of the format, each with its nested fields."""
    return _model_fields(Dossier, "")


def walk(fields: tuple[FieldSpec, ...]) -> Iterator[FieldSpec]:
    """Every field, depth first, in model order."""
    for spec in fields:
        yield spec
        yield from walk(spec.children)


def _model_fields(model: type[BaseModel], base: str) -> tuple[FieldSpec, ...]:
    return tuple(
        _field_spec(f"{base}/{name}", name, info.annotation, [*info.metadata], info.is_required())
        for name, info in model.model_fields.items()
    )


def _field_spec(
    pattern: str, name: str, annotation: Any, metadata: list[Any], required: bool
) -> FieldSpec:
    base, more = _unwrap(annotation)
    metadata = metadata + more
    if get_origin(base) is list:
        (item,) = get_args(base)
        item_base, item_metadata = _unwrap(item)
        if isinstance(item_base, type) and issubclass(item_base, BaseModel):
            items = _model_fields(item_base, f"{pattern}/*")
            return FieldSpec(pattern, name, Kind.LIST, required, (), items)
        item_kind = _kind(name, item_base, item_metadata)
        if item_kind is Kind.LANGUAGE:
            return FieldSpec(pattern, name, Kind.LANGUAGES, required)
        if item_kind is Kind.CHOICE:
            values = tuple(member.value for member in item_base)
            return FieldSpec(pattern, name, Kind.CHOICES, required, values)
        raise TypeError(f"{pattern}: no template kind for a list of {item_base!r}")
    if isinstance(base, type) and issubclass(base, BaseModel):
        return FieldSpec(pattern, name, Kind.MAPPING, required, (), _model_fields(base, pattern))
    is_enum = isinstance(base, type) and issubclass(base, Enum)
    choices = tuple(member.value for member in base) if is_enum else ()
    return FieldSpec(pattern, name, _kind(name, base, metadata), required, choices)


# The format's text patterns that say more than "text" (model.py: CountryCode, LanguageCode).
_TEXT_PATTERNS = {
    "^[A-Z]{2}$": Kind.COUNTRY,
    "^[a-z]{2}$": Kind.LANGUAGE,
    "^[0-9a-fA-F]{64}$": Kind.HASH,
}


def _unwrap(annotation: Any) -> tuple[Any, list[Any]]:
    """Strip Optional and Annotated, keeping the constraints found on the way."""
    metadata: list[Any] = []
    while True:
        origin = get_origin(annotation)
        if origin is Annotated:
            annotation, *extra = get_args(annotation)
            metadata.extend(extra)
        elif origin in (Union, UnionType):
            (annotation,) = [arg for arg in get_args(annotation) if arg is not NoneType]
        else:
            return annotation, metadata


def _kind(name: str, base: Any, metadata: list[Any]) -> Kind:
    pattern = _pattern(metadata)
    simple = {dt.date: Kind.DATE, bool: Kind.BOOL, int: Kind.COUNT, dict: Kind.FREE}
    if get_origin(base) is Literal:
        return Kind.FIXED
    if isinstance(base, type) and issubclass(base, Enum):
        return Kind.CHOICE
    if base is Decimal:
        return Kind.MONEY if name.endswith("_eur") else Kind.NUMBER
    if get_origin(base) is dict or base in simple:
        return simple.get(base, Kind.FREE)
    if base is str:
        return _TEXT_PATTERNS.get(pattern or "", Kind.TEXT)
    raise TypeError(f"{name}: no template kind for {base!r}")


def _pattern(metadata: list[Any]) -> str | None:
    """The regular expression among pydantic's constraints (they nest in FieldInfo objects)."""
    for item in metadata:
        found = getattr(item, "pattern", None)
        if isinstance(found, str):
            return found
        nested = _pattern(list(getattr(item, "metadata", None) or []))
        if nested:
            return nested
    return None
