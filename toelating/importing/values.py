"""Cell values as payroll and planning exports write them: Dutch or ISO dates, decimal commas.

Each parser takes the stripped cell text and returns the value, or raises ValueError with
a message that says what to write instead.
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
        raise ValueError(f"{cell!r} is not a date; write dd-mm-jjjj (25-03-2026) or jjjj-mm-dd")
    try:
        return dt.date(int(year), int(month), int(day))
    except ValueError:
        raise ValueError(f"{cell!r} is not a date that exists") from None


def parse_decimal(cell: str) -> Decimal:
    """118,50 or 118.50; 1.234,56 or 1,234.56; a euro sign is ignored."""
    text = _without_currency(cell).replace(" ", "").replace("\u00a0", "")
    if not _NUMBER.fullmatch(text):
        raise ValueError(f"{cell!r} is not a number")
    sign, digits = (text[0], text[1:]) if text[0] in "+-" else ("", text)
    try:
        return Decimal(sign + _plain_digits(digits, cell))
    except InvalidOperation:
        raise ValueError(f"{cell!r} is not a number") from None


def _without_currency(cell: str) -> str:
    text = cell.strip()
    for mark in _CURRENCY:
        if text.lower().startswith(mark):
            text = text[len(mark) :].strip()
        if text.lower().endswith(mark):
            text = text[: -len(mark)].strip()
    return text


def _plain_digits(digits: str, cell: str) -> str:
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
            raise ValueError(f"{cell!r} is not a number")
        if len(marks) == 1 and len(fraction) == 3 and whole != "0":
            raise ValueError(
                f"{cell!r} is ambiguous: {whole}{fraction} or {whole}.{fraction}? "
                "Write numbers without a thousands separator"
            )
    if any(c in ".," for c in whole) and not _GROUPED.fullmatch(whole):
        raise ValueError(f"{cell!r} is not a number: thousands are grouped by three")
    whole = whole.replace(".", "").replace(",", "")
    return whole if fraction is None else f"{whole}.{fraction}"


def parse_bool(cell: str) -> bool:
    word = cell.lower()
    if word in _TRUE:
        return True
    if word in _FALSE:
        return False
    raise ValueError(f"{cell!r} is not yes or no; write ja/nee or yes/no")


def parse_languages(cell: str) -> list[str]:
    """Language codes separated by commas, semicolons, slashes or spaces: 'ro, en'."""
    codes = [code for code in re.split(r"[\s,;/|]+", cell.lower()) if code]
    wrong = [code for code in codes if not _LANGUAGE.fullmatch(code)]
    if wrong:
        raise ValueError(
            f"{', '.join(map(repr, wrong))}: use two-letter language codes (ISO 639-1): ro, pl, en"
        )
    return list(dict.fromkeys(codes))  # without repeats, in the order given
