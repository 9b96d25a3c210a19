"""Read a CSV export into rows of dossier values, reporting every bad row with its line."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel, ValidationError

from toelating.dossier.model import Payslip, Worker
from toelating.errors import InputError, Problem
from toelating.importing.columns import (
    REQUIRED,
    Column,
    ImportKind,
    column,
    header_columns,
)
from toelating.validation import plain_message

DELIMITERS = (";", ",", "\t")
# Each row is also checked against the dossier model, so a bad value is reported on its line.
ROW_MODEL: dict[ImportKind, type[BaseModel]] = {
    ImportKind.WORKERS: Worker,
    ImportKind.PAYSLIPS: Payslip,
}


@dataclass(frozen=True)
class ImportRow:
    """One good row: its first line in the file and its non-empty values by field path."""

    line: int
    values: dict[tuple[str, ...], Any] = field(default_factory=dict)

    def key(self, kind: ImportKind) -> tuple[Any, ...]:
        """What identifies the row: the worker, and for a payslip its period start."""
        return tuple(self.values.get(path) for path in REQUIRED[kind])


def parse_rows(kind: ImportKind, text: str, label: str) -> tuple[list[ImportRow], list[Problem]]:
    """The good rows and the problems of the bad ones; InputError when the file is unusable."""
    records = _records(text, label)
    header = next(records, None)
    if header is None:
        raise InputError.single(label, "file is empty")
    header_line, header_cells = header
    columns, problems = header_columns(kind, header_cells, label, header_line)
    if problems:
        raise InputError(problems)
    table = _Table(kind, columns, [cell.strip() for cell in header_cells])
    rows: list[ImportRow] = []
    seen: dict[tuple[Any, ...], int] = {}
    for line, cells in records:
        messages, values = table.read(cells)
        problems += [Problem(label, "", message, line) for message in messages]
        if not messages:
            row = ImportRow(line, values)
            problems += _duplicate(kind, row, seen, label)
            rows.append(row)
    if not rows and not problems:
        raise InputError.single(label, "the file has a header but no rows")
    return rows, problems


def _records(text: str, label: str) -> Iterator[tuple[int, list[str]]]:
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
    except csv.Error as error:
        raise InputError.single(label, f"cannot read the CSV here: {error}", line=line) from None


@dataclass(frozen=True)
class _Table:
    """The columns of one file, and how its rows turn into values."""

    kind: ImportKind
    columns: list[Column | None]
    headers: list[str]  # as written in the file, for messages

    def read(self, cells: list[str]) -> tuple[list[str], dict[tuple[str, ...], Any]]:
        """What is wrong with the row (every problem), and its non-empty values."""
        messages: list[str] = []
        if len(cells) > len(self.columns) and any(c.strip() for c in cells[len(self.columns) :]):
            messages.append(f"the row has {len(cells)} cells, the header {len(self.columns)}")
        values, failed = self._values(cells, messages)
        messages += [
            f"no {column(self.kind, path).label}: every row needs one"
            for path in REQUIRED[self.kind]
            if path not in values and path not in failed
        ]
        messages += self._model_problems(values)
        return messages, values

    def _values(
        self, cells: list[str], messages: list[str]
    ) -> tuple[dict[tuple[str, ...], Any], set[tuple[str, ...]]]:
        values: dict[tuple[str, ...], Any] = {}
        failed: set[tuple[str, ...]] = set()
        for index, (cell, col) in enumerate(zip(cells, self.columns, strict=False)):
            text = cell.strip()
            if not text:
                continue  # an empty cell gives nothing: it never erases a value in the dossier
            if col is None:
                messages.append(f"a value in column {index + 1}, which has no header")
                continue
            try:
                values[col.field] = col.parse(text)
            except ValueError as error:
                messages.append(f"column {self.headers[index]!r}: {error}")
                failed.add(col.field)
        return values, failed

    def _model_problems(self, values: dict[tuple[str, ...], Any]) -> list[str]:
        """The row's values checked against the dossier model (ranges, decimals, lengths)."""
        messages = []
        start, end = values.get(("period_start",)), values.get(("period_end",))
        if start and end and end < start:
            messages.append("the period ends before it starts")
        try:
            ROW_MODEL[self.kind].model_validate(_nested(values))
        except ValidationError as error:
            for item in error.errors(include_url=False, include_input=False):
                if item["type"] == "missing":
                    continue  # a missing id or period start is reported above, in words
                name = self._header_of(tuple(str(token) for token in item["loc"]))
                messages.append(f"column {name!r}: {plain_message(item)}")
        return messages

    def _header_of(self, loc: tuple[str, ...]) -> str:
        """The file's header of the column the model complained about (languages/0 too)."""
        for index, col in enumerate(self.columns):
            if col is not None and loc[: len(col.field)] == col.field:
                return self.headers[index]
        return "/".join(loc)


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
    kind: ImportKind, row: ImportRow, seen: dict[tuple[Any, ...], int], label: str
) -> list[Problem]:
    key = row.key(kind)
    if key in seen:
        what = "worker" if kind is ImportKind.WORKERS else "worker and period start"
        return [Problem(label, "", f"the same {what} as on line {seen[key]}", row.line)]
    seen[key] = row.line
    return []
