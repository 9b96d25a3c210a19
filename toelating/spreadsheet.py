"""CSV that a spreadsheet opens as columns: in Dutch the way Dutch Excel reads it (semicolons,
a byte order mark so the text is read as UTF-8), in English plain comma-separated UTF-8."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence

from toelating.reporters.escaping import visible
from toelating.text import Language

# A cell a spreadsheet would run as a formula (CSV injection): text from a dossier starting
# with one of these is written with a leading apostrophe, which spreadsheets show as text.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

# Dutch Excel takes `,` as the decimal comma and splits on the list separator `;`; without a
# BOM it reads UTF-8 as Windows-1252 (ë becomes Ã«).
_DIALECT = {Language.NL: (";", "\ufeff"), Language.EN: (",", "")}


def csv_bytes(header: Sequence[str], rows: Iterable[Sequence[object]], language: Language) -> bytes:
    """Header and rows as CSV for the language's spreadsheet; None is an empty cell and
    every cell is shown as what it is (no control character reaches a cell)."""
    delimiter, bom = _DIALECT[language]
    stream = io.StringIO()
    writer = csv.writer(stream, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([_cell(cell) for cell in row])
    return (bom + stream.getvalue()).encode("utf-8")


def _cell(value: object) -> str:
    if value is None:
        return ""
    text = visible(str(value))
    if isinstance(value, str) and text.startswith(_FORMULA_START) and not _is_number(text):
        return "'" + text
    return text


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True
