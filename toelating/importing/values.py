"""Cell values as payroll and planning exports write them: Dutch or ISO dates, decimal commas.

Each parser takes the stripped cell text and returns the value, or raises ValueError with
a message that says what was expected and what to write instead. The message never repeats
the cell: a cell may hold a name, a birth date, an amount or a citizen service number, and
messages end up in terminals, logs and CI output.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal, InvalidOperation

_ISO_DATE = re.compile(r"([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})")
_DUTCH_DATE = re.compile(r"([0-9]{1,2})-([0-9]{1,2})-([0-9]{4})")
_NUMBER = re.compile(r"[+-]?[0-9][0-9.,]*")
_GROUPED = re.compile(r"[0-9]{1,3}(?:[.,][0-9]{3})+")
_LANGUAGE = re.compile(r"[a-z]{2}")
_CURRENCY = ("€", "eur")
_DATE_FORMS = "write dd-mm-jjjj (25-03-2026) or jjjj-mm-dd"
_NOT_A_NUMBER = "expected a number (118,50 or 118.50)"
_TRUE = frozenset({"ja", "j", "yes", "y", "true", "waar", "1", "x"})
_FALSE = frozenset({"nee", "n", "no", "false", "onwaar", "0"})


def parse_text(cell: str) -> str:
    return cell


def parse_date(cell: str) -> dt.date:
    """dd-mm-jjjj, d-m-jjjj or jjjj-mm-dd; never mm-dd (an American order would be misread)."""
    if match := _ISO_DATE.fullmatch(cell):
        year, month, day = match.groups()
    elif match := _DUTCH_DATE.fullmatch(cell):
        day, month, year = match.groups()
    else:
        raise ValueError(f"expected a date; {_DATE_FORMS}")
    try:
        return dt.date(int(year), int(month), int(day))
    except ValueError:
        raise ValueError(f"expected a date, and this one does not exist; {_DATE_FORMS}") from None


def parse_decimal(cell: str) -> Decimal:
    """118,50 or 118.50; 1.234,56 or 1,234.56; a euro sign is ignored."""
    text = _without_currency(cell).replace(" ", "").replace("\u00a0", "")
    if not _NUMBER.fullmatch(text):
        raise ValueError(_NOT_A_NUMBER)
    sign, digits = (text[0], text[1:]) if text[0] in "+-" else ("", text)
    try:
        return Decimal(sign + _plain_digits(digits))
    except InvalidOperation:
        raise ValueError(_NOT_A_NUMBER) from None


def _without_currency(cell: str) -> str:
    text = cell.strip()
    for mark in _CURRENCY:
        if text.lower().startswith(mark):
            text = text[len(mark) :].strip()
        if text.lower().endswith(mark):
            text = text[: -len(mark)].strip()
    return text


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
            raise ValueError(_NOT_A_NUMBER)
        if len(marks) == 1 and len(fraction) == 3 and whole != "0":
            raise ValueError(
                "expected a number, and this one is ambiguous: one mark followed by three"
                " digits may be a decimal mark or a thousands separator; write numbers"
                " without a thousands separator (1234 or 1234,00)"
            )
    if any(c in ".," for c in whole) and not _GROUPED.fullmatch(whole):
        raise ValueError(f"{_NOT_A_NUMBER}; thousands are grouped by three")
    whole = whole.replace(".", "").replace(",", "")
    return whole if fraction is None else f"{whole}.{fraction}"


def parse_bool(cell: str) -> bool:
    word = cell.lower()
    if word in _TRUE:
        return True
    if word in _FALSE:
        return False
    raise ValueError("expected yes or no; write ja/nee or yes/no")


def parse_languages(cell: str) -> list[str]:
    """Language codes separated by commas, semicolons, slashes or spaces: 'ro, en'."""
    codes = [code for code in re.split(r"[\s,;/|]+", cell.lower()) if code]
    wrong = [code for code in codes if not _LANGUAGE.fullmatch(code)]
    if wrong:
        raise ValueError(
            f"expected two-letter language codes (ISO 639-1) such as ro, pl, en;"
            f" {len(wrong)} of the {len(codes)} are not"
        )
    return list(dict.fromkeys(codes))  # without repeats, in the order given
