"""Saving a form into the dossier file: only what changed, comments and order kept, and only
a dossier the command line would accept.

The file is opened with the machinery of `import` and `evidence hash` (ruamel's round trip
for YAML, exact data for JSON), the sent values are put into it field by field (a value
that means the same as the file's is left as it was written), a version-1 dossier becomes
version 2, and the result is validated like `toelating check` validates it before it is
written atomically. A refusal names each field in the form's language; nothing is written.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from toelating.dossier.load import validate_dossier
from toelating.dossier.model import Dossier
from toelating.errors import InputError, ToelatingError
from toelating.i18n import catalogue, message
from toelating.importing.edit import EditableJson, EditableYaml, to_current_version
from toelating.output import write_edited
from toelating.source import decode_text, parse_json, parse_yaml, read_bytes
from toelating.template.fields import FieldSpec, Kind
from toelating.text import Language
from toelating.web.form import Item
from toelating.web.values import same

WHOLE_FORM = ""  # the pointer of a refusal that is about no one field


class Refused(Exception):
    """The form was not saved: pointer -> why, in the form's language."""

    def __init__(self, errors: Mapping[str, str]) -> None:
        super().__init__(dict(errors))
        self.errors = dict(errors)


@dataclass
class Opened:
    """A dossier file opened for one edit."""

    path: Path
    raw: bytes
    plain: dict[str, Any]  # the data as the checker reads it (dates as text)
    editable: EditableYaml | EditableJson
    changed: bool = False  # a value was put into the data: the file needs writing

    @property
    def version(self) -> str:
        """The file as it was read (SHA-256): a form carries it, so a save of a page opened
        before a change by hand is refused instead of undoing that change."""
        return hashlib.sha256(self.raw).hexdigest()

    @property
    def is_json(self) -> bool:
        return isinstance(self.editable, EditableJson)


def open_for_edit(path: Path) -> Opened:
    label = str(path)
    raw = read_bytes(path, label)
    text = decode_text(raw, label)
    if path.suffix.lower() == ".json":
        return Opened(path, raw, parse_json(text, label).data, EditableJson.of(raw, label))
    return Opened(path, raw, parse_yaml(text, label).data, EditableYaml.of(raw, label))


def read_plain(path: Path) -> tuple[dict[str, Any], str]:
    """The data as the checker reads it and the file's version, for showing a form (the
    round trip that keeps comments is made only to save)."""
    label = str(path)
    raw = read_bytes(path, label)
    text = decode_text(raw, label)
    document = (
        parse_json(text, label) if path.suffix.lower() == ".json" else parse_yaml(text, label)
    )
    return document.data, hashlib.sha256(raw).hexdigest()


def apply_values(opened: Opened, fields: tuple[FieldSpec, ...], values: Mapping[str, Any]) -> None:
    """Put a form's values into the file's data, touching only what changed."""
    editor = _Editor(opened)
    for spec in fields:
        if spec.name in values:
            editor.field(opened.editable.data, opened.plain, spec, values[spec.name])
    opened.changed = opened.changed or editor.changed


def save(opened: Opened, language: Language) -> None:
    """Validate the edited data as the checker would and write it; Refused when it is not valid.
    Nothing changed, nothing is written (a JSON file would get the editor's layout)."""
    if not opened.changed:
        return
    to_current_version(opened.editable.data)
    text = opened.editable.dump()
    label = str(opened.path)
    document = parse_json(text, label) if opened.is_json else parse_yaml(text, label)
    try:
        Dossier.model_validate(document.data)
    except ValidationError as error:
        raise Refused(_model_errors(error, language)) from None
    try:
        validate_dossier(document)
    except InputError as error:
        raise Refused(
            {p.path: message("serve.invalid", language, detail=p.message) for p in error.problems}
        ) from None
    try:
        write_edited(opened.path, opened.editable.encode(text), opened.path, opened.raw, "saving")
    except ToelatingError as error:
        said = [p.text.render(language) if p.text else p.message for p in error.problems]
        detail = "; ".join(said)
        raise Refused({WHOLE_FORM: message("serve.not_written", language, detail=detail)}) from None


def _model_errors(error: ValidationError, language: Language) -> dict[str, str]:
    known = catalogue(language, "serve")
    errors: dict[str, str] = {}
    for item in error.errors():
        pointer = "".join(f"/{part}" for part in item["loc"])
        # An emptied field is None: for a field that must hold a value, that is "required".
        key = "invalid_missing" if item.get("input", 0) is None else f"invalid_{item['type']}"
        text = (
            known[key] if key in known else message("serve.invalid", language, detail=item["msg"])
        )
        errors.setdefault(pointer, text)
    return errors


class _Editor:
    """Puts sent values into round-trip data (ruamel's maps and lists, or JSON's dicts)."""

    def __init__(self, opened: Opened) -> None:
        self.json = opened.is_json
        self.rendered = None if self.json else opened.editable.rendered  # type: ignore[union-attr]
        self.changed = False

    def field(self, parent: Any, old_parent: Any, spec: FieldSpec, new: Any) -> None:
        old = old_parent.get(spec.name) if isinstance(old_parent, Mapping) else None
        if spec.kind is Kind.LIST:
            self._list(parent, old, spec, new)
        elif spec.kind is Kind.MAPPING:
            self._mapping(parent, old, spec, new)
        elif not same(old, new) and not (new is None and spec.name not in parent):
            parent[spec.name] = self._stored(new, parent.get(spec.name))
            self.changed = True

    def _mapping(self, parent: Any, old: Any, spec: FieldSpec, new: Mapping[str, Any]) -> None:
        current = parent.get(spec.name)
        if not isinstance(current, Mapping):
            if _has_values(new):
                parent[spec.name] = self._built(spec.children, new)
                self.changed = True
            return
        for child in spec.children:
            if child.name in new:
                self.field(current, old, child, new[child.name])

    def _list(self, parent: Any, old: Any, spec: FieldSpec, items: list[Item]) -> None:
        current = parent.get(spec.name)
        olds = old if isinstance(old, list) else []
        if not isinstance(current, list):
            self.changed = True
            parent[spec.name] = self._sequence(
                [self._built(spec.children, i.values) for i in items]
            )
            return
        kept = {
            item.origin for item in items if item.origin is not None and item.origin < len(current)
        }
        for item in items:
            if item.origin in kept:
                assert item.origin is not None
                current[item.origin] = self._edited_item(
                    current[item.origin], olds[item.origin], spec, item.values
                )
        removed = set(range(len(current))) - kept
        added = [i for i in items if i.origin not in kept]
        self.changed = self.changed or bool(removed or added)
        for index in sorted(removed, reverse=True):
            del current[index]  # ruamel moves the comments of the items after it
        current.extend(self._built(spec.children, i.values) for i in added)

    def _edited_item(
        self, current: Any, old: Any, spec: FieldSpec, values: Mapping[str, Any]
    ) -> Any:
        flow = self.rendered.is_flow(current) if self.rendered else None
        if flow is None or self.rendered is None:  # an ordinary mapping: edited in place
            for child in spec.children:
                if child.name in values:
                    self.field(current, old, child, values[child.name])
            return current
        # A payslip held as its text (importing/rendered.py): kept unless a value changed.
        merged = {**old, **{k: v for k, v in values.items()}}
        if all(same(old.get(k), v) for k, v in values.items()):
            return current
        self.changed = True
        plain = {c.name: merged[c.name] for c in spec.children if merged.get(c.name) is not None}
        stored = {k: self._stored(v, None) for k, v in plain.items()}
        return self.rendered.placeholder(stored, flow) or self._built(spec.children, plain)

    def _built(self, fields: tuple[FieldSpec, ...], values: Mapping[str, Any]) -> Any:
        """A new mapping of the values given, in the format's order, empty ones left out."""
        built = self._mapping_type()
        for spec in fields:
            value = values.get(spec.name)
            if spec.kind is Kind.LIST and isinstance(value, list):
                built[spec.name] = self._sequence(
                    [self._built(spec.children, i.values) for i in value]
                )
            elif spec.kind is Kind.MAPPING and isinstance(value, Mapping):
                if _has_values(value):
                    built[spec.name] = self._built(spec.children, value)
            elif value is not None:
                built[spec.name] = self._stored(value, None)
        return built

    def _stored(self, value: Any, current: Any) -> Any:
        """A value as the file stores it: a JSON date is text; a list keeps the file's style."""
        if self.json:
            return value.isoformat() if isinstance(value, dt.date) else value
        if isinstance(value, list):
            sequence = self._sequence(value)
            flow = getattr(getattr(current, "fa", None), "flow_style", lambda: None)()
            if flow is not False:
                sequence.fa.set_flow_style()  # [ro, en], as the format's examples write it
            return sequence
        return value

    def _mapping_type(self) -> Any:
        if self.json:
            return {}
        from ruamel.yaml.comments import CommentedMap

        return CommentedMap()

    def _sequence(self, values: list[Any]) -> Any:
        if self.json:
            return list(values)
        from ruamel.yaml.comments import CommentedSeq

        return CommentedSeq(values)


def _has_values(value: Any) -> bool:
    if isinstance(value, Mapping):
        return any(_has_values(child) for child in value.values())
    if isinstance(value, list):
        return True  # a list, even an empty one, is something filled in
    return value is not None


def values_setting(plain: Mapping[str, Any], pointer: str, value: Any) -> dict[str, Any]:
    """The form values that set one field (`/vog/0/evidence`) and leave everything else:
    every other item of a list on the way is sent unchanged."""
    first, *rest = pointer.strip("/").split("/")
    return {first: _setting(plain.get(first), rest, value)}


def _setting(old: Any, path: list[str], value: Any) -> Any:
    if not path:
        return value
    step, *rest = path
    if step.isdecimal() and isinstance(old, list):
        index = int(step)
        return [
            Item(i, _setting(item, rest, value) if i == index else {}) for i, item in enumerate(old)
        ]
    inner = old.get(step) if isinstance(old, Mapping) else None
    return {step: _setting(inner, rest, value)}


def values_appending(plain: Mapping[str, Any], name: str, item: dict[str, Any]) -> dict[str, Any]:
    """The form values that add one item to a top-level list (`evidence`)."""
    old = plain.get(name)
    kept = [Item(i, {}) for i in range(len(old))] if isinstance(old, list) else []
    return {name: [*kept, Item(None, item)]}
