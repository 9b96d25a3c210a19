"""The columns an import understands: Dutch and English headers for each dossier field.

Headers match without regard to case, accents, spaces or punctuation ("Datum_in_dienst",
"DATUM IN DIENST", "DatumInDienst" and "datum in dienst" are one header). docs/import.md
lists them.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from enum import StrEnum

from toelating.importing.values import ValueKind


class ImportKind(StrEnum):
    """What one row of the file is: a worker, or one pay period of a worker."""

    WORKERS = "workers"
    PAYSLIPS = "payslips"


@dataclass(frozen=True)
class Column:
    """One field a column fills: its path in the worker or payslip, and its headers."""

    field: tuple[str, ...]
    headers: tuple[str, ...]  # Dutch first, then English, then other spellings
    kind: ValueKind

    @property
    def label(self) -> str:
        return f"{self.headers[0]} / {self.headers[1]}"

    @property
    def name(self) -> str:
        """The field as a mapping file names it: employment.start."""
        return ".".join(self.field)


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
        Column(("id",), WORKER_ID, ValueKind.TEXT),
        Column(("name",), ("naam", "name", "volledige naam", "full name"), ValueKind.TEXT),
        Column(("birth_date",), ("geboortedatum", "birth date", "date of birth"), ValueKind.DATE),
        Column(("languages",), ("talen", "languages", "taal", "language"), ValueKind.LANGUAGES),
        Column(
            ("employment", "start"),
            ("datum in dienst", "start date", "in dienst", "employment start"),
            ValueKind.DATE,
        ),
        Column(
            ("employment", "end"),
            ("datum uit dienst", "end date", "uit dienst", "employment end"),
            ValueKind.DATE,
        ),
        Column(
            ("housing", "location"),
            ("locatie", "housing location", "huisvestingslocatie", "location"),
            ValueKind.TEXT,
        ),
    ),
    ImportKind.PAYSLIPS: (
        Column(("worker",), WORKER_ID, ValueKind.TEXT),
        Column(
            ("period_start",),
            ("periode van", "period start", "begin periode", "period from"),
            ValueKind.DATE,
        ),
        Column(
            ("period_end",),
            ("periode tot", "period end", "einde periode", "periode t/m", "period to"),
            ValueKind.DATE,
        ),
        Column(("hours_paid",), ("uren", "hours", "betaalde uren", "hours paid"), ValueKind.NUMBER),
        Column(
            ("housing_deduction_eur",),
            ("inhouding huisvesting", "housing deduction", "inhouding huur", "rent deduction"),
            ValueKind.NUMBER,
        ),
        Column(
            ("deduction_on_payslip",),
            ("op loonstrook", "on payslip", "vermeld op loonstrook", "shown on payslip"),
            ValueKind.YES_NO,
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


NAME = ("name",)
# A worker's name in parts, as payroll systems keep it: given name, prefix (van, de), surname.
# Joined with spaces, in this order, into the name; the first header of each part found is used.
NAME_PARTS: tuple[tuple[str, ...], ...] = (
    ("voornaam", "roepnaam", "voornamen", "first name", "given name", "firstname"),
    ("tussenvoegsel", "tussenvoegsels", "voorvoegsel", "voorvoegsels", "prefix", "middle name"),
    ("achternaam", "geslachtsnaam", "last name", "surname", "family name", "lastname"),
)
