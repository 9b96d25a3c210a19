"""Cell values as payroll and planning exports write them: Dutch or ISO dates, decimal commas.

Each parser takes the stripped cell text and returns the value, or raises CellError naming
a message of the `import` catalogue that says what was expected and what to write instead.
The message never repeats the cell: a cell may hold a name, a birth date, an amount or a
citizen service number, and messages end up in terminals, logs and CI output.

The parsers of dates, numbers and yes/no remember the texts they have read: an export of
60,000 payslips says `40`, `118,50`, `ja` and a few dozen dates over and over.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from functools import lru_cache
from typing import Any

_ISO_DATE = re.compile(r"([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})")
_DUTCH_DATE = re.compile(r"([0-9]{1,2})-([0-9]{1,2})-([0-9]{4})")
# Spreadsheets and databases add a time of midnight to a date: 01-03-2027 00:00:00.
_MIDNIGHT = re.compile(r"(?:[ T]00:00(?::00(?:\.0+)?)?)$")
_NUMBER = re.compile(r"[+-]?[0-9][0-9.,]*")
_GROUPED = re.compile(r"[0-9]{1,3}(?:[.,][0-9]{3})+")
_LANGUAGE = re.compile(r"[a-z]{2}")
_CURRENCY = ("€", "eur")
_TRUE = frozenset({"ja", "j", "yes", "y", "true", "waar", "1", "x"})
_FALSE = frozenset({"nee", "n", "no", "false", "onwaar", "0"})
_CACHED_TEXTS = 4096
# The pieces of a date format: which part each is, and the digits it takes.
_DATE_PIECES = {
    "jjjj": ("y", "[0-9]{4}"),
    "yyyy": ("y", "[0-9]{4}"),
    "dd": ("d", "[0-9]{2}"),
    "d": ("d", "[0-9]{1,2}"),
    "mm": ("m", "[0-9]{2}"),
    "m": ("m", "[0-9]{1,2}"),
}


class ValueKind(StrEnum):
    TEXT = "text"
    DATE = "date"
    NUMBER = "number"
    YES_NO = "yes_no"
    LANGUAGES = "languages"


class CellError(ValueError):
    """A cell that is not a value of its kind: the `import.<key>` message and its values."""

    def __init__(self, key: str, **values: Any) -> None:
        super().__init__(key)
        self.key = key
        self.values = values


@dataclass(frozen=True)
class ValueFormat:
    """How an export writes dates and decimals (from a mapping file or preset); None: any
    of the forms the import knows, as long as the value is not ambiguous."""

    date_format: DateFormat | None = None
    decimal_separator: str | None = None  # "," or "."


def parse_cell(kind: ValueKind, cell: str, form: ValueFormat = ValueFormat()) -> Any:
    """The value of a stripped, non-empty cell; CellError when it is not one of its kind."""
    if kind is ValueKind.TEXT:
        return cell
    if kind is ValueKind.DATE:
        return parse_date(cell, form.date_format)
    if kind is ValueKind.NUMBER:
        return parse_decimal(cell, form.decimal_separator)
    if kind is ValueKind.YES_NO:
        return parse_bool(cell)
    return parse_languages(cell)


@dataclass(frozen=True)
class DateFormat:
    """A date format as people write it: dd-mm-jjjj, d/m/jjjj, jjjjmmdd (yyyy for jjjj)."""

    text: str
    pattern: re.Pattern[str]
    order: tuple[str, ...]  # "d", "m", "y" in the order of the pattern's groups

    @classmethod
    def parse(cls, text: str) -> DateFormat:
        """The format; ValueError when it lacks or repeats the day, month or year."""
        pieces = re.findall(r"jjjj|yyyy|dd|mm|d|m|[-/. ]|.", text.strip().lower())
        groups = _DATE_PIECES
        order = [groups[piece][0] for piece in pieces if piece in groups]
        if sorted(order) != ["d", "m", "y"] or any(
            piece not in groups and piece not in "-/. " for piece in pieces
        ):
            raise ValueError(text)
        regex = "".join(
            f"({groups[piece][1]})" if piece in groups else re.escape(piece) for piece in pieces
        )
        return cls(text.strip(), re.compile(regex), tuple(order))


def parse_date(cell: str, date_format: DateFormat | None = None) -> dt.date:
    """dd-mm-jjjj, d-m-jjjj or jjjj-mm-dd, or the one format given; never mm-dd unless the
    format says so (an American order would otherwise be misread)."""
    return _date(_MIDNIGHT.sub("", cell), date_format)


@lru_cache(maxsize=_CACHED_TEXTS)
def _date(cell: str, date_format: DateFormat | None) -> dt.date:
    if date_format is not None:
        match = date_format.pattern.fullmatch(cell)
        if not match:
            raise CellError("date_not_in_format", format=date_format.text)
        parts = dict(zip(date_format.order, match.groups(), strict=True))
        year, month, day = parts["y"], parts["m"], parts["d"]
    elif match := _ISO_DATE.fullmatch(cell):
        year, month, day = match.groups()
    elif match := _DUTCH_DATE.fullmatch(cell):
        day, month, year = match.groups()
    else:
        raise CellError("date_expected")
    try:
        return dt.date(int(year), int(month), int(day))
    except ValueError:
        raise CellError("date_does_not_exist") from None


def parse_decimal(cell: str, separator: str | None = None) -> Decimal:
    """118,50 or 118.50; 1.234,56 or 1,234.56; a euro sign is ignored. With a separator
    given, it is the decimal mark and the other one groups thousands."""
    return _decimal(cell, separator)


@lru_cache(maxsize=_CACHED_TEXTS)
def _decimal(cell: str, separator: str | None) -> Decimal:
    text = _without_currency(cell).replace(" ", "").replace("\u00a0", "")
    if not _NUMBER.fullmatch(text):
        raise CellError("number_expected")
    sign, digits = (text[0], text[1:]) if text[0] in "+-" else ("", text)
    plain = _plain_digits(digits) if separator is None else _separated(digits, separator)
    try:
        return Decimal(sign + plain)
    except InvalidOperation:
        raise CellError("number_expected") from None


def _without_currency(cell: str) -> str:
    text = cell.strip()
    for mark in _CURRENCY:
        if text.lower().startswith(mark):
            text = text[len(mark) :].strip()
        if text.lower().endswith(mark):
            text = text[: -len(mark)].strip()
    return text


def _separated(digits: str, separator: str) -> str:
    """Digits with the decimal mark given: the other mark may only group thousands."""
    grouping = "." if separator == "," else ","
    whole, found, fraction = digits.partition(separator)
    if separator in fraction or grouping in fraction or (found and not fraction):
        raise CellError("number_expected")
    if grouping in whole and not _GROUPED.fullmatch(whole.replace(grouping, ",")):
        raise CellError("number_grouping")
    whole = whole.replace(grouping, "")
    return f"{whole}.{fraction}" if fraction else whole


def _plain_digits(digits: str) -> str:
    """Digits with a dot as decimal mark, thousands separators removed.

    The last mark is the decimal mark, unless the same mark occurs more than once
    (1.234.567: thousands only). Whatever stands before it must be grouped by three.
    """
    marks = [c for c in digits if c in ".,"]
    if not marks:
        return digits
    if len(marks) > 1 and len(set(marks)) == 1:
        whole, fraction = digits, None
    else:
        whole, _, fraction = digits.rpartition(marks[-1])
        if not fraction:
            raise CellError("number_expected")
        if len(marks) == 1 and len(fraction) == 3 and whole != "0":
            raise CellError("number_ambiguous")
    if any(c in ".," for c in whole) and not _GROUPED.fullmatch(whole):
        raise CellError("number_grouping")
    whole = whole.replace(".", "").replace(",", "")
    return whole if fraction is None else f"{whole}.{fraction}"


@lru_cache(maxsize=_CACHED_TEXTS)
def parse_bool(cell: str) -> bool:
    word = cell.lower()
    if word in _TRUE:
        return True
    if word in _FALSE:
        return False
    raise CellError("yes_no_expected")


def parse_languages(cell: str) -> list[str]:
    """Language codes separated by commas, semicolons, slashes or spaces: 'ro, en'."""
    codes = [code for code in re.split(r"[\s,;/|]+", cell.lower()) if code]
    wrong = [code for code in codes if not _LANGUAGE.fullmatch(code)]
    if wrong:
        raise CellError("languages_expected", wrong=len(wrong), count=len(codes))
    return list(dict.fromkeys(codes))  # without repeats, in the order given
