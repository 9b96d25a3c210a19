"""The columns an import understands: Dutch and English headers for each dossier field.

Headers match without regard to case, accents, spaces or punctuation ("Datum_in_dienst",
"DATUM IN DIENST", "DatumInDienst" and "datum in dienst" are one header). docs/import.md
lists them.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from toelating.errors import Problem
from toelating.importing.values import (
    parse_bool,
    parse_date,
    parse_decimal,
    parse_languages,
    parse_text,
)


class ImportKind(StrEnum):
    """What one row of the file is: a worker, or one pay period of a worker."""

    WORKERS = "workers"
    PAYSLIPS = "payslips"


@dataclass(frozen=True)
class Column:
    """One field a column fills: its path in the worker or payslip, and its headers."""

    field: tuple[str, ...]
    headers: tuple[str, ...]  # Dutch first, then English, then other spellings
    parse: Callable[[str], Any]

    @property
    def label(self) -> str:
        return f"{self.headers[0]} / {self.headers[1]}"


WORKER_ID = (
    "personeelsnummer",
    "employee id",
    "personeelsnr",
    "medewerkernummer",
    "werknemersnummer",
    "employee number",
    "personnel number",
)

COLUMNS: dict[ImportKind, tuple[Column, ...]] = {
    ImportKind.WORKERS: (
        Column(("id",), WORKER_ID, parse_text),
        Column(("name",), ("naam", "name", "volledige naam", "full name"), parse_text),
        Column(("birth_date",), ("geboortedatum", "birth date", "date of birth"), parse_date),
        Column(("languages",), ("talen", "languages", "taal", "language"), parse_languages),
        Column(
            ("employment", "start"),
            ("datum in dienst", "start date", "in dienst", "employment start"),
            parse_date,
        ),
        Column(
            ("employment", "end"),
            ("datum uit dienst", "end date", "uit dienst", "employment end"),
            parse_date,
        ),
        Column(
            ("housing", "location"),
            ("locatie", "housing location", "huisvestingslocatie", "location"),
            parse_text,
        ),
    ),
    ImportKind.PAYSLIPS: (
        Column(("worker",), WORKER_ID, parse_text),
        Column(
            ("period_start",),
            ("periode van", "period start", "begin periode", "period from"),
            parse_date,
        ),
        Column(
            ("period_end",),
            ("periode tot", "period end", "einde periode", "periode t/m", "period to"),
            parse_date,
        ),
        Column(("hours_paid",), ("uren", "hours", "betaalde uren", "hours paid"), parse_decimal),
        Column(
            ("housing_deduction_eur",),
            ("inhouding huisvesting", "housing deduction", "inhouding huur", "rent deduction"),
            parse_decimal,
        ),
        Column(
            ("deduction_on_payslip",),
            ("op loonstrook", "on payslip", "vermeld op loonstrook", "shown on payslip"),
            parse_bool,
        ),
    ),
}

# Without these a row cannot be placed: the worker, and for a payslip its period.
REQUIRED: dict[ImportKind, tuple[tuple[str, ...], ...]] = {
    ImportKind.WORKERS: (("id",),),
    ImportKind.PAYSLIPS: (("worker",), ("period_start",)),
}


def normalise(header: str) -> str:
    """Letters and digits only, lower case, no accents: 'Geboorte-datum' is 'geboortedatum'."""
    decomposed = unicodedata.normalize("NFKD", header)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
    return re.sub(r"[^0-9a-z]+", "", plain)


def spreadsheet_column(number: int) -> str:
    """A column's letters as a spreadsheet shows them: 1 is A, 27 is AA."""
    letters = ""
    while number:
        number, rest = divmod(number - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def column(kind: ImportKind, field: tuple[str, ...]) -> Column:
    return next(c for c in COLUMNS[kind] if c.field == field)


def header_columns(
    kind: ImportKind, cells: list[str], label: str, line: int
) -> tuple[list[Column | None], list[Problem]]:
    """The column of each header cell (None for an empty header), and what is wrong."""
    by_header = {normalise(h): c for c in COLUMNS[kind] for h in c.headers}
    found: list[Column | None] = []
    problems: list[Problem] = []
    for number, cell in enumerate(cells, start=1):
        key = normalise(cell)
        match = by_header.get(key)
        if key and match is None:
            # By its place, not its text: a file without a header row has data here.
            known = "; ".join(c.label for c in COLUMNS[kind])
            message = (
                f"column {number} ({spreadsheet_column(number)}) has a header this import does"
                f" not know; known: {known} (see docs/import.md)"
            )
            problems.append(Problem(label, "", message, line))
        if match is not None and match in found:
            message = f"two columns mean {match.label}: keep one"
            problems.append(Problem(label, "", message, line))
        found.append(match)
    for field in REQUIRED[kind]:
        if column(kind, field) not in found:
            needed = column(kind, field)
            message = f"no column for {needed.label}: add one headed {needed.headers[0]!r}"
            problems.append(Problem(label, "", message, line))
    return found, problems
