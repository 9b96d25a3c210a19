"""Read a CSV export into rows of dossier values, reporting every bad row with its line.

A problem names the row (its line in the file) and the column (its letter and header), and
never the cell's value: a cell may hold a name, an amount or a citizen service number.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel, TypeAdapter, ValidationError

from toelating.dossier.model import Payslip, Worker
from toelating.errors import InputError, Problem
from toelating.i18n import message
from toelating.importing.columns import REQUIRED, ImportKind, column
from toelating.importing.layout import Layout, build_layout
from toelating.importing.mapping import Mapping
from toelating.importing.sensitive import Sensitive, sensitive_value
from toelating.importing.values import CellError, ValueKind, parse_cell
from toelating.text import Language

DELIMITERS = (";", ",", "\t")
# Each row is also checked against the dossier model, so a bad value is reported on its line.
ROW_MODEL: dict[ImportKind, type[BaseModel]] = {
    ImportKind.WORKERS: Worker,
    ImportKind.PAYSLIPS: Payslip,
}
# Text that is copied as it is: a BSN or IBAN there is refused (the id, the name, a location).
_COPIED = frozenset({ValueKind.TEXT})
Found = tuple[str, int | None]  # a problem of a row: its message, and its column number


@dataclass(frozen=True)
class ImportRow:
    """One good row: its first line in the file and its non-empty values by field path."""

    line: int
    values: dict[tuple[str, ...], Any] = field(default_factory=dict)

    def key(self, kind: ImportKind) -> tuple[Any, ...]:
        """What identifies the row: the worker, and for a payslip its period start."""
        return tuple(self.values.get(path) for path in REQUIRED[kind])


@dataclass
class ParsedFile:
    """The good rows of a file, the problems of the bad ones, and how it was laid out."""

    rows: list[ImportRow]
    problems: list[Problem]
    layout: Layout
    sensitive: dict[int, Sensitive]  # left-out columns holding BSNs or IBANs, by header or value


def parse_rows(
    kind: ImportKind,
    text: str,
    label: str,
    language: Language = Language.EN,
    mapping: Mapping | None = None,
) -> ParsedFile:
    """The good rows and the problems of the bad ones; InputError when the file is unusable."""
    records = _records(text, label, language)
    header = next(records, None)
    if header is None:
        raise InputError.single(label, message("import.file_empty", language))
    header_line, header_cells = header
    layout = build_layout(kind, header_cells, (label, header_line), language, mapping)
    reader = _RowReader(layout, language)
    rows: list[ImportRow] = []
    problems: list[Problem] = []
    seen: dict[tuple[Any, ...], int] = {}
    for line, cells in records:
        found, values = reader.read(cells)
        problems += [Problem(label, "", text, line, col) for text, col in found]
        if not found:
            row = ImportRow(line, values)
            problems += _duplicate(kind, row, seen, label, language)
            rows.append(row)
    if not rows and not problems:
        raise InputError.single(label, message("import.no_rows", language))
    problems += _model_problems(kind, rows, layout, label, language)
    return ParsedFile(rows, problems, layout, reader.sensitive())


def _records(text: str, label: str, language: Language) -> Iterator[tuple[int, list[str]]]:
    """Non-blank records with the line they start on; a broken quote stops the reading."""
    first = next((line for line in text.splitlines() if line.strip()), "")
    delimiter = max(DELIMITERS, key=first.count) if any(d in first for d in DELIMITERS) else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    line = 1
    try:
        for cells in reader:
            if any(cell.strip() for cell in cells):
                yield line, cells
            line = reader.line_num + 1
    except csv.Error:
        text = message("import.csv_broken", language)
        raise InputError.single(label, text, line=line) from None


class _RowReader:
    """Turns the cells of a row into values, and watches the left-out columns for BSNs."""

    def __init__(self, layout: Layout, language: Language) -> None:
        self.layout = layout
        self.language = language
        self.width = len(layout.headers)
        self.watched = {i: [0, 0] for i in layout.ignored}  # column -> [filled, BSN-like]
        self.kinds: dict[int, Sensitive] = {}

    def read(self, cells: list[str]) -> tuple[list[Found], dict[tuple[str, ...], Any]]:
        """What is wrong with the row (message, column number), and its non-empty values."""
        found: list[Found] = []
        if len(cells) > self.width and any(c.strip() for c in cells[self.width :]):
            text = message(
                "import.row_too_long", self.language, cells=len(cells), header=self.width
            )
            found.append((text, self.width + 1))
        values: dict[tuple[str, ...], Any] = {}
        failed: set[tuple[str, ...]] = set()
        for source in self.layout.sources:
            parts = [cells[i].strip() for i in source.indices if i < len(cells)]
            cell = " ".join(part for part in parts if part)
            if not cell:
                continue  # an empty cell gives nothing: it never erases a value in the dossier
            try:
                values[source.column.field] = self.value(source.column.kind, cell)
            except CellError as error:
                failed.add(source.column.field)
                found.append(self.problem(source.indices[0], error.key, error.values))
        for path in REQUIRED[self.layout.kind]:
            if path not in values and path not in failed:
                needed = column(self.layout.kind, path)
                text = message("import.cell_required", self.language, field=needed.label)
                found.append((text, None))
        self.watch(cells)
        return found, values

    def value(self, kind: ValueKind, cell: str) -> Any:
        if kind in _COPIED and (what := sensitive_value(cell)) is not None:
            raise CellError("cell_is_sensitive", what=what.value)
        return parse_cell(kind, cell, self.layout.form)

    def problem(self, index: int, key: str, values: dict[str, Any]) -> tuple[str, int]:
        what = message(f"import.{key}", self.language, **values)
        where = self.layout.column_name(index)
        return message("import.in_column", self.language, column=where, problem=what), index + 1

    def watch(self, cells: list[str]) -> None:
        for index, counts in self.watched.items():
            if index < len(cells) and (cell := cells[index].strip()):
                counts[0] += 1
                if len(cell) >= 9 and (what := sensitive_value(cell)) is not None:
                    counts[1] += 1
                    self.kinds[index] = what

    def sensitive(self) -> dict[int, Sensitive]:
        """Left-out columns that hold BSNs or IBANs: by header, or by most of their values."""
        found = dict(self.layout.sensitive)
        for index, (filled, alike) in self.watched.items():
            if alike and alike * 2 >= filled and index not in found:
                found[index] = self.kinds[index]
        return dict(sorted(found.items()))


def _model_problems(
    kind: ImportKind, rows: list[ImportRow], layout: Layout, label: str, language: Language
) -> list[Problem]:
    """The rows' values checked against the dossier model (ranges, decimals, lengths), all
    rows in one call of the validator; each problem at its row and column."""
    problems: list[Problem] = []
    if kind is ImportKind.PAYSLIPS:
        for row in rows:
            start, end = row.values.get(("period_start",)), row.values.get(("period_end",))
            if start and end and end < start:
                text = message("import.period_backwards", language)
                problems.append(Problem(label, "", text, row.line))
    try:
        _adapter(kind).validate_python([_nested(row.values) for row in rows])
    except ValidationError as error:
        for item in error.errors(include_url=False, include_input=False):
            if item["type"] == "missing":
                continue  # a missing id or period start is reported per row, in words
            position, *loc = item["loc"]
            index = _index_of(layout, tuple(str(token) for token in loc))
            where = layout.column_name(index) if index is not None else "/".join(map(str, loc))
            what = message(
                "import.in_column", language, column=where, problem=_model_message(item, language)
            )
            column_number = None if index is None else index + 1
            problems.append(Problem(label, "", what, rows[int(position)].line, column_number))
    return problems


def _model_message(item: Any, language: Language) -> str:
    """What the dossier model refuses in a value already read, in the user's words."""
    kind = item["type"]
    if kind == "greater_than_equal":
        return message("import.model_negative", language)
    if kind == "less_than_equal":
        return message("import.model_too_large", language)
    if kind == "string_too_long":
        return message("import.model_too_long", language, limit=item["ctx"]["max_length"])
    if kind == "value_error" and "decimal places" in str(item["msg"]):
        return message("import.model_decimals", language)
    return message("import.model_invalid", language)


_ADAPTERS: dict[ImportKind, TypeAdapter[Any]] = {}


def _adapter(kind: ImportKind) -> TypeAdapter[Any]:
    if kind not in _ADAPTERS:
        _ADAPTERS[kind] = TypeAdapter(list[ROW_MODEL[kind]])  # type: ignore[valid-type]
    return _ADAPTERS[kind]


def _index_of(layout: Layout, loc: tuple[str, ...]) -> int | None:
    """The file's column of the field the model complained about (languages/0 too)."""
    for source in layout.sources:
        if loc[: len(source.column.field)] == source.column.field:
            return source.indices[0]
    return None


def _nested(values: dict[tuple[str, ...], Any]) -> dict[str, Any]:
    """Field paths to the nested mapping the model reads; a payslip's worker is not a field."""
    nested: dict[str, Any] = {}
    for path, value in values.items():
        if path == ("worker",):
            continue
        target = nested
        for key in path[:-1]:
            target = target.setdefault(key, {})
        target[path[-1]] = value
    return nested


def _duplicate(
    kind: ImportKind,
    row: ImportRow,
    seen: dict[tuple[Any, ...], int],
    label: str,
    language: Language,
) -> list[Problem]:
    key = row.key(kind)
    if key in seen:
        text = message(f"import.duplicate_{kind.value}", language, line=seen[key])
        return [Problem(label, "", text, row.line)]
    seen[key] = row.line
    return []
