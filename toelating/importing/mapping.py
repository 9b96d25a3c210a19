"""Mapping files: which column of an export fills which field of the dossier, and how the
export writes dates and decimals. A preset (`--preset loket`) is a mapping file shipped in
`toelating/importing/presets/`; `--mapping FILE` reads one of the user's. docs/import.md
describes the format:

    workers:
      id: Medewerker                                # one column
      name: [Voornaam, Voorvoegsel, Achternaam]     # several, joined with spaces
      # a part may be {one_of: [...]} as well
      employment.start: {one_of: [Datum in dienst, Begindatum]}   # the first in the file
    date_format: dd-mm-jjjj
    decimal_separator: ","
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, replace
from importlib import resources
from pathlib import Path
from typing import Any

from toelating.errors import InputError, Problem, UsageError
from toelating.i18n import message
from toelating.importing.columns import COLUMNS, ImportKind, normalise
from toelating.importing.values import DateFormat, ValueFormat
from toelating.source import Document, decode_text, parse_yaml, read_bytes
from toelating.text import Language

_SETTINGS = ("description", "date_format", "decimal_separator")
_SEPARATORS = (",", ".")


@dataclass(frozen=True)
class Spec:
    """The columns one field comes from: one part, or several joined with spaces (a name);
    each part is the first column of its alternatives that the file has."""

    parts: tuple[tuple[str, ...], ...]

    @property
    def columns(self) -> tuple[str, ...]:
        return tuple(name for part in self.parts for name in part)


@dataclass(frozen=True)
class Mapping:
    """A mapping file read and validated."""

    name: str  # for messages: the file, or "preset loket"
    fields: dict[ImportKind, dict[tuple[str, ...], Spec]]
    form: ValueFormat
    # A mapping file names the columns of one export: one it lacks is a mistake. A preset
    # names what its system may export: a column it lacks is only needed for a required field.
    strict: bool = True


def preset_names() -> list[str]:
    """The presets shipped with the package, for --preset."""
    folder = resources.files("toelating.importing") / "presets"
    return sorted(p.name[: -len(".yaml")] for p in folder.iterdir() if p.name.endswith(".yaml"))


def load_preset(name: str, language: Language) -> Mapping:
    if name not in preset_names():
        known = ", ".join(preset_names())
        raise UsageError.single("--preset", message("import.preset_unknown", language, known=known))
    text = (resources.files("toelating.importing") / "presets" / f"{name}.yaml").read_text("utf-8")
    label = f"preset {name}"
    return replace(_validated(parse_yaml(text, label), label, language), strict=False)


def load_mapping(path: Path, language: Language) -> Mapping:
    label = str(path)
    document = parse_yaml(decode_text(read_bytes(path, label), label), label)
    return _validated(document, label, language)


def _validated(document: Document, name: str, language: Language) -> Mapping:
    checker = _Checker(document, language)
    fields, form = checker.read()
    if checker.problems:
        raise InputError(checker.problems)
    return Mapping(name, fields, form)


class _Checker:
    def __init__(self, document: Document, language: Language) -> None:
        self.document = document
        self.language = language
        self.problems: list[Problem] = []

    def problem(self, pointer: str, name: str, **values: Any) -> None:
        text = message(f"import.{name}", self.language, **values)
        self.problems.append(self.document.problem(pointer, text))

    def read(self) -> tuple[dict[ImportKind, dict[tuple[str, ...], Spec]], ValueFormat]:
        data = self.document.data
        if not isinstance(data, dict):
            self.problem("", "mapping_not_a_mapping")
            return {}, ValueFormat()
        known = [*(kind.value for kind in ImportKind), *_SETTINGS]
        for key in data:
            if key not in known:
                hint = _suggest(str(key), known, self.language)
                self.problem(f"/{key}", "mapping_unknown_key", key=key, hint=hint)
        fields = {
            kind: self.fields(kind, data[kind.value]) for kind in ImportKind if kind.value in data
        }
        if not fields:
            self.problem("", "mapping_empty")
        return fields, ValueFormat(self.date_format(data), self.separator(data))

    def fields(self, kind: ImportKind, given: Any) -> dict[tuple[str, ...], Spec]:
        pointer = f"/{kind.value}"
        if not isinstance(given, dict) or not given:
            self.problem(pointer, "mapping_fields_expected")
            return {}
        names = {col.name: col.field for col in COLUMNS[kind]}
        # a field named by one of its headers ('geboortedatum'): suggest the field itself
        headers = {normalise(h): col.name for col in COLUMNS[kind] for h in col.headers}
        found: dict[tuple[str, ...], Spec] = {}
        for name, value in given.items():
            if name not in names:
                by_header = headers.get(normalise(str(name)))
                hint = (
                    message("import.did_you_mean", self.language, name=by_header)
                    if by_header
                    else _suggest(str(name), list(names), self.language)
                )
                self.problem(
                    f"{pointer}/{name}",
                    "mapping_unknown_field",
                    field=name,
                    hint=hint,
                    known=", ".join(names),
                )
                continue
            spec = self.spec(f"{pointer}/{name}", value)
            if spec is not None:
                found[names[name]] = spec
        return found

    def spec(self, pointer: str, value: Any) -> Spec | None:
        parts = [_part(item) for item in value] if isinstance(value, list) and value else None
        if parts is None:
            parts = [_part(value)]
        if all(part is not None for part in parts):
            return Spec(tuple(part for part in parts if part is not None))
        self.problem(pointer, "mapping_column_expected")
        return None

    def date_format(self, data: dict[str, Any]) -> DateFormat | None:
        given = data.get("date_format")
        if given is None:
            return None
        try:
            if not isinstance(given, str):
                raise ValueError(given)
            return DateFormat.parse(given)
        except ValueError:
            self.problem("/date_format", "mapping_date_format")
            return None

    def separator(self, data: dict[str, Any]) -> str | None:
        given = data.get("decimal_separator")
        if given is None or given in _SEPARATORS:
            return given
        self.problem("/decimal_separator", "mapping_decimal_separator")
        return None


def _header(value: Any) -> bool:
    return isinstance(value, str) and bool(value.strip())


def _part(value: Any) -> tuple[str, ...] | None:
    """One part of a field: a column, or {one_of: [...]} columns of which the first found."""
    if _header(value):
        return (value,)
    if isinstance(value, dict) and list(value) == ["one_of"]:
        options = value["one_of"]
        if isinstance(options, list) and options and all(_header(v) for v in options):
            return tuple(options)
    return None


def _suggest(name: str, known: list[str], language: Language) -> str:
    """ " (bedoelt u 'employment.start'?)" for a near miss, else nothing."""
    close = difflib.get_close_matches(name, known, n=1)
    return message("import.did_you_mean", language, name=close[0]) if close else ""
