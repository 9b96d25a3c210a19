"""One field's value as the screen shows it and as a person types it back, per kind of field.

Shown: dates ISO (the browser's date input shows them dd-mm-jjjj in Dutch), amounts with the
language's decimal sign, yes/no/unknown. Typed back: parsed strictly, or refused with a
message in the form's language; the dossier's own value (a Decimal, an ISO date) comes out.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import Any

from toelating.i18n import message
from toelating.template.fields import FieldSpec, Kind
from toelating.text import Language

_BABEL = {Language.NL: "nl_NL", Language.EN: "en_GB"}
_DUTCH_DATE = re.compile(r"^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$")
_PATTERNS = {
    Kind.COUNTRY: re.compile(r"^[A-Z]{2}$"),
    Kind.LANGUAGE: re.compile(r"^[a-z]{2}$"),
    Kind.HASH: re.compile(r"^[0-9a-fA-F]{64}$"),
}
YES, NO = "yes", "no"


class FieldError(ValueError):
    """A value typed into one field that the field does not take (message already worded)."""


def shown(spec: FieldSpec, value: Any, language: Language) -> str | list[str]:
    """The text a form field holds for a dossier value (a list of texts for multiple choices)."""
    if value is None:
        return [] if spec.kind is Kind.CHOICES else ""
    if spec.kind is Kind.BOOL:
        return YES if value is True else NO if value is False else str(value)
    if spec.kind in (Kind.MONEY, Kind.NUMBER) and isinstance(value, int | Decimal):
        return _decimal_text(Decimal(value), spec.kind, language)
    if spec.kind is Kind.DATE:
        return value.isoformat() if isinstance(value, dt.date) else str(value)
    if spec.kind is Kind.CHOICES and isinstance(value, list):
        return [str(item) for item in value]
    if spec.kind is Kind.LANGUAGES and isinstance(value, list):
        return ", ".join(str(item) for item in value)
    return str(value)


def _decimal_text(value: Decimal, kind: Kind, language: Language) -> str:
    from babel.numbers import format_decimal

    places = max(-int(value.as_tuple().exponent), 2 if kind is Kind.MONEY else 0)
    pattern = "#,##0" + ("." + "0" * places if places else "")
    return str(format_decimal(value, format=pattern, locale=_BABEL[language]))


def parsed(spec: FieldSpec, typed: str | list[str], language: Language) -> Any:
    """The dossier value for what was typed; None for an empty field; FieldError if refused."""
    if spec.kind is Kind.CHOICES:
        chosen = [typed] if isinstance(typed, str) else typed
        return _choices(spec, [item for item in chosen if item], language)
    text = (typed if isinstance(typed, str) else " ".join(typed)).strip()
    if not text:
        return None
    parse = _PARSERS.get(spec.kind, _text)
    return parse(spec, text, language)


def _text(spec: FieldSpec, text: str, language: Language) -> str:
    pattern = _PATTERNS.get(spec.kind)
    if pattern and not pattern.match(text):
        raise FieldError(message(f"serve.value_{spec.kind.value}", language))
    return text


def _date(spec: FieldSpec, text: str, language: Language) -> dt.date:
    dutch = _DUTCH_DATE.match(text)  # typed by hand where the browser has no date input
    try:
        if dutch:
            day, month, year = (int(part) for part in dutch.groups())
            return dt.date(year, month, day)
        return dt.date.fromisoformat(text)
    except ValueError:
        raise FieldError(message("serve.value_date", language)) from None


def _decimal(spec: FieldSpec, text: str, language: Language) -> Decimal:
    from babel.numbers import NumberFormatError, parse_decimal

    try:
        value = parse_decimal(text.replace(" ", ""), locale=_BABEL[language], strict=True)
    except NumberFormatError:
        raise FieldError(message(f"serve.value_{spec.kind.value}", language)) from None
    if not value.is_finite() or value < 0:
        raise FieldError(message(f"serve.value_{spec.kind.value}", language))
    return Decimal(value)


def _count(spec: FieldSpec, text: str, language: Language) -> int:
    if not text.isdecimal():
        raise FieldError(message("serve.value_count", language))
    return int(text)


def _bool(spec: FieldSpec, text: str, language: Language) -> bool:
    if text not in (YES, NO):
        raise FieldError(message("serve.value_bool", language))
    return text == YES


def _choice(spec: FieldSpec, text: str, language: Language) -> str:
    if text not in spec.choices:
        raise FieldError(message("serve.value_choice", language, choices=", ".join(spec.choices)))
    return text


def _choices(spec: FieldSpec, chosen: list[str], language: Language) -> list[str] | None:
    for item in chosen:
        _choice(spec, item, language)
    return [value for value in spec.choices if value in chosen] or None


def _languages(spec: FieldSpec, text: str, language: Language) -> list[str]:
    codes = [code.strip() for code in re.split(r"[,;\s]+", text) if code.strip()]
    if not all(_PATTERNS[Kind.LANGUAGE].match(code) for code in codes):
        raise FieldError(message("serve.value_languages", language))
    return codes


def _fixed(spec: FieldSpec, text: str, language: Language) -> int | str:
    return int(text) if text.isdecimal() else text


_PARSERS = {
    Kind.DATE: _date,
    Kind.MONEY: _decimal,
    Kind.NUMBER: _decimal,
    Kind.COUNT: _count,
    Kind.BOOL: _bool,
    Kind.CHOICE: _choice,
    Kind.LANGUAGES: _languages,
    Kind.FIXED: _fixed,
}


def same(old: Any, new: Any) -> bool:
    """Whether a dossier value and a parsed one mean the same (12000 and 12000.00 do; a date
    and its ISO text do), so an untouched field is never rewritten."""
    if isinstance(old, bool) or isinstance(new, bool):
        return old is new
    if isinstance(old, dt.date) or isinstance(new, dt.date):
        return _iso(old) == _iso(new)
    if isinstance(old, int | Decimal) and isinstance(new, int | Decimal):
        return Decimal(old) == Decimal(new)
    if isinstance(old, list) and isinstance(new, list):
        return len(old) == len(new) and all(same(a, b) for a, b in zip(old, new, strict=True))
    return bool(old == new)


def _iso(value: Any) -> str:
    return value.isoformat() if isinstance(value, dt.date) else str(value)
