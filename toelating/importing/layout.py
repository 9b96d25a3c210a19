"""Which column of an export fills which field of the dossier: from a mapping file or preset,
else from the headers the import knows (docs/import.md); every other column is left out.

A field takes one column, or several joined with spaces (a name in first name, prefix and
surname). Two columns that mean the same field are refused: which one would be right?
A column that holds citizen service numbers or bank accounts is never used for a field.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from toelating.errors import InputError, Problem, printable
from toelating.i18n import message
from toelating.importing.columns import (
    COLUMNS,
    NAME,
    NAME_PARTS,
    REQUIRED,
    Column,
    ImportKind,
    column,
    normalise,
    spreadsheet_column,
)
from toelating.importing.mapping import Mapping
from toelating.importing.sensitive import Sensitive, sensitive_header, sensitive_value
from toelating.importing.values import ValueFormat
from toelating.text import Language

_SHOWN_HEADER = 40  # characters of a header shown in a message


@dataclass(frozen=True)
class Source:
    """Where one field's value comes from: one column, or several joined with spaces."""

    column: Column
    indices: tuple[int, ...]  # 0-based places in the row


@dataclass(frozen=True)
class Layout:
    """The fields of one export and where each comes from; the columns left out."""

    kind: ImportKind
    sources: tuple[Source, ...]
    headers: tuple[str, ...]  # as written in the file
    ignored: tuple[int, ...]
    sensitive: dict[int, Sensitive] = field(default_factory=dict)  # by header, of the ignored
    form: ValueFormat = field(default_factory=ValueFormat)

    def column_name(self, index: int) -> str:
        """A column as a message names it: its letter, and its header unless the header
        looks like a value (a file without a header row has data there)."""
        letter = spreadsheet_column(index + 1)
        header = self.headers[index].strip() if index < len(self.headers) else ""
        if not header or _looks_like_data(header):
            return letter
        shown = header if len(header) <= _SHOWN_HEADER else header[: _SHOWN_HEADER - 1] + "…"
        return printable(f'{letter} "{shown}"')


def _looks_like_data(header: str) -> bool:
    digits = sum(c.isdigit() for c in header)
    return sensitive_value(header) is not None or digits * 2 > len(header)


def build_layout(
    kind: ImportKind,
    cells: list[str],
    where: tuple[str, int],
    language: Language,
    mapping: Mapping | None = None,
) -> Layout:
    """The layout of a file whose header row is cells (at where: file and line); InputError
    with every problem of the header and the mapping against it."""
    label, line = where
    builder = _Builder(kind, [cell.strip() for cell in cells], label, line, language)
    if mapping is not None:
        builder.apply_mapping(mapping)
    builder.match_known_headers()
    builder.require()
    if builder.problems:
        raise InputError(builder.problems)
    return builder.layout(mapping.form if mapping else ValueFormat())


@dataclass
class _Builder:
    kind: ImportKind
    headers: list[str]
    label: str
    line: int
    language: Language
    sources: dict[tuple[str, ...], Source] = field(default_factory=dict)
    used: set[int] = field(default_factory=set)
    problems: list[Problem] = field(default_factory=list)

    def problem(self, key: str, **values: object) -> None:
        text = message(f"import.{key}", self.language, **values)
        self.problems.append(Problem(self.label, "", text, self.line))

    def apply_mapping(self, mapping: Mapping) -> None:
        by_header: dict[str, int] = {}
        for index, header in enumerate(self.headers):
            by_header.setdefault(normalise(header), index)
        for path, spec in mapping.fields.get(self.kind, {}).items():
            indices: list[int] = []
            missing: list[str] = []
            for part in spec.parts:
                found = next((by_header[k] for n in part if (k := normalise(n)) in by_header), None)
                if found is None:
                    missing.append(" / ".join(f'"{printable(name)}"' for name in part))
                else:
                    indices.append(found)
            if missing and (mapping.strict or path in REQUIRED[self.kind]):
                self.problem(
                    "mapping_column_missing",
                    mapping=mapping.name,
                    field=".".join(path),
                    columns=", ".join(missing),
                )
                continue
            if not missing:
                self.take(column(self.kind, path), tuple(indices))

    def take(self, target: Column, indices: tuple[int, ...]) -> None:
        for index in indices:
            if sensitive_header(self.headers[index]) is not None:
                self.problem(
                    "column_is_sensitive",
                    column=self.name(index),
                    field=target.label,
                    what=sensitive_header(self.headers[index]),
                )
                return
        self.sources[target.field] = Source(target, indices)
        self.used.update(indices)

    def match_known_headers(self) -> None:
        by_header = {normalise(h): c for c in COLUMNS[self.kind] for h in c.headers}
        parts: dict[int, int] = {}  # name part -> column
        for index, header in enumerate(self.headers):
            key = normalise(header)
            if index in self.used or not key or sensitive_header(header) is not None:
                continue
            match = by_header.get(key)
            if match is None:
                self.name_part(index, key, parts)
            elif match.field in self.sources:
                if index not in self.sources[match.field].indices:
                    self.problem(
                        "two_columns",
                        field=match.label,
                        first=self.name(self.sources[match.field].indices[0]),
                        second=self.name(index),
                    )
            else:
                self.take(match, (index,))
        if self.kind is ImportKind.WORKERS and NAME not in self.sources and parts:
            self.take(column(self.kind, NAME), tuple(parts[p] for p in sorted(parts)))

    def name_part(self, index: int, key: str, parts: dict[int, int]) -> None:
        if self.kind is not ImportKind.WORKERS:
            return
        for part, headers in enumerate(NAME_PARTS):
            if key in {normalise(h) for h in headers}:
                rank = [normalise(h) for h in headers].index(key)
                held = parts.get(part)
                if held is None or rank < self._rank(part, held):
                    parts[part] = index
                return

    def _rank(self, part: int, index: int) -> int:
        return [normalise(h) for h in NAME_PARTS[part]].index(normalise(self.headers[index]))

    def require(self) -> None:
        for path in REQUIRED[self.kind]:
            if path not in self.sources:
                needed = column(self.kind, path)
                self.problem("column_required", field=needed.label, header=needed.headers[0])

    def name(self, index: int) -> str:
        return Layout(self.kind, (), tuple(self.headers), ()).column_name(index)

    def layout(self, form: ValueFormat) -> Layout:
        ignored = tuple(i for i in range(len(self.headers)) if i not in self.used)
        sensitive = {i: s for i in ignored if (s := sensitive_header(self.headers[i])) is not None}
        order = [c.field for c in COLUMNS[self.kind]]
        sources = tuple(sorted(self.sources.values(), key=lambda s: order.index(s.column.field)))
        return Layout(self.kind, sources, tuple(self.headers), ignored, sensitive, form)
