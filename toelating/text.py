"""Texts in the two languages every user-facing string exists in, and safe templates."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from decimal import Decimal
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field


class Language(StrEnum):
    NL = "nl"
    EN = "en"


class LocalizedText(BaseModel):
    """The same text in Dutch and in English."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    nl: str = Field(min_length=1)
    en: str = Field(min_length=1)

    def get(self, language: Language | str) -> str:
        return self.nl if Language(language) is Language.NL else self.en


PLACEHOLDER = re.compile(r"\{([a-z_][a-z0-9_]*)(?::([a-z0-9.]+))?\}")


def placeholders(template: str) -> list[str]:
    return [match.group(1) for match in PLACEHOLDER.finditer(template)]


def fill(template: str, values: Mapping[str, Any], language: Language | str = Language.EN) -> str:
    """Replace {name} and {name:format} by values; no attribute or index access, ever."""

    def replace(match: re.Match[str]) -> str:
        name, spec = match.group(1), match.group(2)
        if name not in values:
            return "?"
        return format_value(values[name], spec, language)

    return PLACEHOLDER.sub(replace, template)


def format_value(
    value: Any, spec: str | None = None, language: Language | str = Language.EN
) -> str:
    """A value as a person reads it, the way the language writes it: dates in words
    (15 mei 2027, 15 May 2027), amounts in euros (€ 1.234,50, €1,234.50), lists joined."""
    if value is None:
        return "—"
    if isinstance(value, bool):
        words = {Language.NL: ("ja", "nee"), Language.EN: ("yes", "no")}[Language(language)]
        return words[0] if value else words[1]
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0):
            return format_value(value.date(), spec, language)
        return value.isoformat()
    if isinstance(value, dt.date):
        from toelating.i18n import format_date  # Babel: read when a date is first said

        return format_date(value, language)
    if isinstance(value, list | tuple):
        return ", ".join(format_value(v, spec, language) for v in value)
    if isinstance(value, int | float | Decimal):
        return _format_number(value, spec, language)
    return str(value)


def _format_number(value: int | float | Decimal, spec: str | None, language: Language | str) -> str:
    number = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
    if spec in ("eur", "cents"):
        from toelating.i18n import format_amount  # Babel: read when an amount is first said

        return format_amount(number / 100 if spec == "cents" else number, language)
    if spec and spec.startswith(".") and spec.endswith("f") and spec[1:-1].isdigit():
        text = f"{number:,.{int(spec[1:-1])}f}"
    elif number == number.to_integral_value():
        text = f"{int(number):,}"
    else:
        text = f"{number.normalize():,f}"
    if Language(language) is Language.NL:
        text = text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")
    return text
