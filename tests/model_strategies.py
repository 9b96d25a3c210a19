"""Hypothesis strategies that build dossiers from the models themselves, field by field.

Where tests/strategies.py mutates the shipped examples, these draw any dossier the format
allows: every field absent, null or a value of its type (now and then a value just outside
its bounds), lists empty or long, ids unique and references pointing at ids that exist,
so that most drawn dossiers pass validation and reach the engine.
"""

from __future__ import annotations

import datetime as dt
import enum
import types
from decimal import Decimal
from typing import Annotated, Any, Literal, Union, get_args, get_origin

from hypothesis import strategies as st
from pydantic import BaseModel

from toelating.dossier.model import Dossier

# Fields whose value is an id other items refer to, and fields that refer to one.
IDS = {"Worker.id": "W", "Location.id": "L", "Evidence.id": "E", "Nonconformity.id": "NC"}
REFERENCES = {
    "Placement.worker": "W",
    "Accident.worker": "W",
    "WorkerHousing.location": "L",
    "Vog.evidence": "E",
    "DepositPayment.evidence": "E",
    "PaymentBehaviourStatement.evidence": "E",
    "Inspection.evidence": "E",
}
HOLDERS = {  # the fields on the way to the items that carry ids
    "Dossier.workers": "W",
    "Dossier.housing": "L",
    "Housing.locations": "L",
    "Dossier.evidence": "E",
}
COUNTRIES = ["NL", "PL", "RO", "BG", "DE"]
LANGUAGES = ["nl", "en", "pl", "ro", "bg"]
WORDS = ["Łukasz", "Ioana", "Георги", "B.V.", "x", "HOTEL", "snf", "Dorpsstraat 1", "12345678"]


@st.composite
def model_dossiers(draw: st.DrawFn, max_items: int = 4) -> dict[str, Any]:
    """Plain data for a dossier, drawn from the models (with ids and references that fit)."""
    counts = {prefix: draw(st.integers(0, max_items)) for prefix in ("W", "L", "E", "NC")}
    pools = {prefix: [f"{prefix}-{i}" for i in range(count)] for prefix, count in counts.items()}
    builder = _Builder(draw, pools, max_items)
    data = builder.model(Dossier)
    data["dossier_version"] = 1
    data.setdefault("agency", {"name": "Test B.V."})
    if isinstance(data.get("agency"), dict):
        data["agency"].setdefault("name", "Test B.V.")
    return data


class _Unplaceable(Exception):
    pass


class _Builder:
    def __init__(self, draw: st.DrawFn, pools: dict[str, list[str]], max_items: int) -> None:
        self.draw = draw
        self.pools = pools
        self.max_items = max_items
        self.next_id = dict.fromkeys(pools, 0)

    def model(self, model: type[BaseModel]) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for name, info in model.model_fields.items():
            key = f"{model.__name__}.{name}"
            if key in IDS:
                result[name] = self.fresh_id(IDS[key])
                continue
            if key in REFERENCES:
                pool = self.pools[REFERENCES[key]]
                if pool:
                    result[name] = self.draw(st.sampled_from(pool))
                elif info.is_required():
                    raise _Unplaceable  # an item that must refer to something absent: left out
                continue
            choice = self.draw(st.sampled_from(["value", "value", "value", "absent", "null"]))
            if key in HOLDERS and self.pools[HOLDERS[key]]:
                choice = "value"  # the ids drawn must exist, or every reference to them dangles
            if info.is_required() or choice == "value":
                try:
                    result[name] = self.value(info.annotation, info.metadata, key)
                except _Unplaceable:
                    if info.is_required():
                        raise
            elif choice == "null":
                result[name] = None
        return result

    def fresh_id(self, prefix: str) -> str:
        pool = self.pools[prefix]
        index = self.next_id[prefix]
        self.next_id[prefix] += 1
        return pool[index] if index < len(pool) else f"{prefix}-extra-{index}"

    def value(self, annotation: Any, metadata: list[Any], key: str) -> Any:
        origin = get_origin(annotation)
        if origin is Annotated:
            inner, *extra = get_args(annotation)
            flat = [part for item in extra for part in [item, *getattr(item, "metadata", [])]]
            return self.value(inner, [*metadata, *flat], key)
        if origin in (Union, types.UnionType):
            options = [arg for arg in get_args(annotation) if arg is not type(None)]
            return self.value(self.draw(st.sampled_from(options)), metadata, key)
        if origin is Literal:
            return self.draw(st.sampled_from(get_args(annotation)))
        if origin is list:
            (item,) = get_args(annotation)
            size = self.draw(st.integers(0, self.max_items))
            if key == "Dossier.workers":
                size = len(self.pools["W"])
            elif key == "Housing.locations":
                size = len(self.pools["L"])
            elif key == "Dossier.evidence":
                size = len(self.pools["E"])
            items = []
            for _ in range(size):
                try:
                    items.append(self.value(item, [], key + "[]"))
                except _Unplaceable:
                    continue
            return items
        if origin is dict:
            return self.draw(
                st.dictionaries(st.sampled_from(["a", "b"]), st.integers(0, 3), max_size=2)
            )
        if isinstance(annotation, type):
            return self.scalar(annotation, metadata, key)
        return None

    def scalar(self, kind: type, metadata: list[Any], key: str) -> Any:
        if issubclass(kind, BaseModel):
            return self.model(kind)
        if issubclass(kind, enum.Enum):
            return self.draw(st.sampled_from([member.value for member in kind]))
        if kind is bool:
            return self.draw(st.booleans())
        if kind is int:
            return self.draw(self.mostly(st.integers(0, 40), st.just(10_000_001)))
        if kind is Decimal:
            cents = self.draw(self.mostly(st.integers(0, 20_000_000), st.just(-1)))
            return Decimal(cents) / 100  # a number, as the loader reads one
        if kind is dt.date:
            return self.draw(st.dates(dt.date(2014, 1, 1), dt.date(2031, 12, 31))).isoformat()
        if kind is str:
            pattern = next(
                (getattr(m, "pattern", None) for m in metadata if getattr(m, "pattern", None)), None
            )
            if pattern == r"^[A-Z]{2}$":
                return self.draw(st.sampled_from(COUNTRIES))
            if pattern == r"^[a-z]{2}$":
                return self.draw(st.sampled_from(LANGUAGES))
            if pattern and "64" in pattern:
                return self.draw(st.sampled_from(["0" * 64, "a" * 64]))
            return self.draw(self.mostly(st.sampled_from(WORDS), st.just("")))
        return None

    def mostly(
        self, valid: st.SearchStrategy[Any], outside: st.SearchStrategy[Any]
    ) -> st.SearchStrategy[Any]:
        """Valid values, and one time in 200 a value just outside the field's bounds."""
        return st.integers(0, 199).flatmap(lambda roll: outside if roll == 117 else valid)
