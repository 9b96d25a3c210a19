"""The forms of the screen: one per section of the dossier, built from the format's fields.

Each input is named by its JSON pointer (`/agency/name`, `/workers/0/housing/location`), so a
finding's pointer names the field it is about. A list carries a marker (`list:/workers`:
filled in, even when empty) and each item one (`item:/workers/0`: the index it had in the
file, or `new`), so saving knows which item of the file each one is.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from toelating.template.fields import FieldSpec, Kind, dossier_fields
from toelating.text import Language
from toelating.web.values import FieldError, parsed, shown

LIST_MARK = "list:"
ITEM_MARK = "item:"
NEW = "new"
GENERAL = "general"  # the section of the top-level values (dossier_version, purpose, ...)
NOT_EDITED = ("extensions",)  # free-form: edited in the file itself


class _Unsent:
    """A field the form did not send: left as the file has it."""


UNSENT: Any = _Unsent()


@dataclass
class Node:
    """One thing on a form: a field, a group of fields, a list, or an item of a list."""

    spec: FieldSpec
    pointer: str
    value: str | list[str] = ""  # a field's text as shown
    children: list[Node] = field(default_factory=list)  # a group's fields, a list's items
    present: bool = True  # a list or group: the file has it
    origin: str = ""  # an item: its index in the file, or NEW
    is_item: bool = False

    def walk(self) -> Iterator[Node]:
        yield self
        for child in self.children:
            yield from child.walk()


@dataclass(frozen=True)
class Item:
    """One item of a list as sent: its index in the file (None: new) and its values."""

    origin: int | None
    values: dict[str, Any]


def sections() -> list[tuple[str, tuple[FieldSpec, ...]]]:
    """The forms of the screen in the format's order: (name, its fields)."""
    general: list[FieldSpec] = []
    found: list[tuple[str, tuple[FieldSpec, ...]]] = [(GENERAL, ())]
    for spec in dossier_fields():
        if spec.name in NOT_EDITED:
            continue
        if spec.kind in (Kind.MAPPING, Kind.LIST):
            found.append((spec.name, (spec,)))
        else:
            general.append(spec)
    found[0] = (GENERAL, tuple(general))
    return found


def section_fields(name: str) -> tuple[FieldSpec, ...]:
    for section, fields in sections():
        if section == name:
            return fields
    raise KeyError(name)


def section_of(pointer: str) -> str:
    """The section a pointer's field is on."""
    first = pointer.strip("/").split("/")[0]
    names = {name for name, _ in sections()}
    return first if first in names else GENERAL


def build(fields: tuple[FieldSpec, ...], data: Mapping[str, Any], language: Language) -> list[Node]:
    """The form's nodes for the dossier's (plain) data."""
    return [_node(spec, spec.pattern, data.get(spec.name), language) for spec in fields]


def _node(spec: FieldSpec, pointer: str, value: Any, language: Language) -> Node:
    if spec.kind is Kind.LIST:
        items = value if isinstance(value, list) else []
        children = [
            _item(spec, f"{pointer}/{index}", item, str(index), language)
            for index, item in enumerate(items)
        ]
        return Node(spec, pointer, children=children, present=isinstance(value, list))
    if spec.kind is Kind.MAPPING:
        values = value if isinstance(value, Mapping) else {}
        children = [
            _node(child, f"{pointer}/{child.name}", values.get(child.name), language)
            for child in spec.children
        ]
        return Node(spec, pointer, children=children, present=isinstance(value, Mapping))
    return Node(spec, pointer, value=shown(spec, value, language))


def _item(spec: FieldSpec, pointer: str, value: Any, origin: str, language: Language) -> Node:
    values = value if isinstance(value, Mapping) else {}
    children = [
        _node(child, f"{pointer}/{child.name}", values.get(child.name), language)
        for child in spec.children
    ]
    return Node(spec, pointer, children=children, origin=origin, is_item=True)


def new_item(spec: FieldSpec, pointer: str, language: Language) -> Node:
    """An empty item for a list, added on the screen (written only when the form is saved)."""
    return _item(spec, pointer, {}, NEW, language)


def top_field(name: str) -> FieldSpec:
    return next(spec for spec in dossier_fields() if spec.name == name)


def spec_at(pattern: str) -> FieldSpec:
    """The field of a pattern (`/workers/*/payslips`)."""
    from toelating.template.fields import walk

    for spec in walk(dossier_fields()):
        if spec.pattern == pattern:
            return spec
    raise KeyError(pattern)


def pattern_of(pointer: str) -> str:
    """`/workers/3/payslips` -> `/workers/*/payslips`."""
    return "/".join("*" if part.isdecimal() else part for part in pointer.split("/"))


class Submitted:
    """A sent form read back into dossier values, with each field's refusal."""

    def __init__(self, form: Mapping[str, list[str]], language: Language) -> None:
        self.form = form
        self.language = language
        self.errors: dict[str, str] = {}

    def read(self, fields: tuple[FieldSpec, ...]) -> dict[str, Any]:
        """name -> value for each field sent (UNSENT ones left out)."""
        values = {spec.name: self._value(spec, spec.pattern) for spec in fields}
        return {name: value for name, value in values.items() if value is not UNSENT}

    def _value(self, spec: FieldSpec, pointer: str) -> Any:
        if spec.kind is Kind.LIST:
            return self._list(spec, pointer)
        if spec.kind is Kind.MAPPING:
            values = {
                child.name: self._value(child, f"{pointer}/{child.name}") for child in spec.children
            }
            return {name: value for name, value in values.items() if value is not UNSENT}
        if pointer not in self.form:
            return UNSENT
        typed = self.form[pointer]
        try:
            return parsed(spec, typed if spec.kind is Kind.CHOICES else typed[-1], self.language)
        except FieldError as error:
            self.errors[pointer] = str(error)
            return UNSENT

    def _list(self, spec: FieldSpec, pointer: str) -> Any:
        mark = self.form.get(LIST_MARK + pointer)
        if mark is None:
            return UNSENT
        prefix = f"{ITEM_MARK}{pointer}/"
        numbers = sorted(int(name[len(prefix) :]) for name in self.form if _is_item(name, prefix))
        items = []
        for number in numbers:
            origin = self.form[f"{prefix}{number}"][-1]
            values = {
                child.name: self._value(child, f"{pointer}/{number}/{child.name}")
                for child in spec.children
            }
            kept = {name: value for name, value in values.items() if value is not UNSENT}
            items.append(Item(int(origin) if origin.isdecimal() else None, kept))
        if not items and mark[-1] != "1":
            return UNSENT  # not filled in, and nothing added
        return items

    def shown_again(self, fields: tuple[FieldSpec, ...]) -> list[Node]:
        """The form as it was sent (a refused form is shown with what the person typed)."""
        return [self._shown(spec, spec.pattern) for spec in fields]

    def _shown(self, spec: FieldSpec, pointer: str) -> Node:
        if spec.kind is Kind.LIST:
            prefix = f"{ITEM_MARK}{pointer}/"
            numbers = sorted(int(n[len(prefix) :]) for n in self.form if _is_item(n, prefix))
            items = [
                Node(
                    spec,
                    f"{pointer}/{number}",
                    children=[
                        self._shown(c, f"{pointer}/{number}/{c.name}") for c in spec.children
                    ],
                    origin=self.form[f"{prefix}{number}"][-1],
                    is_item=True,
                )
                for number in numbers
            ]
            mark = self.form.get(LIST_MARK + pointer, [""])[-1]
            return Node(spec, pointer, children=items, present=mark == "1" or bool(items))
        if spec.kind is Kind.MAPPING:
            children = [self._shown(child, f"{pointer}/{child.name}") for child in spec.children]
            return Node(spec, pointer, children=children)
        typed = self.form.get(pointer, [])
        return Node(
            spec, pointer, value=typed if spec.kind is Kind.CHOICES else (typed or [""])[-1]
        )


def _is_item(name: str, prefix: str) -> bool:
    return name.startswith(prefix) and name[len(prefix) :].isdecimal()
