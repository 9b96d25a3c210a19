"""The one way the program speaks two languages: message catalogues, the language choice,
and Dutch or English dates and amounts (Babel).

Catalogues are YAML files, one per language and domain: `toelating/locale/<lang>/<domain>.yaml`,
a flat mapping of key to text with `{name}` placeholders (filled by `text.fill`, which never
reaches into attributes). A message is named `"<domain>.<key>"`. Both languages must have the
same keys and placeholders; tests/test_i18n.py checks that, so a translator's tool or a plain
editor can keep them in step.
"""

from __future__ import annotations

import datetime as dt
import locale
import os
import re
from collections.abc import Mapping
from decimal import Decimal
from functools import cache
from importlib import resources
from typing import Any

from toelating.text import Language, fill

LANGUAGE_VARIABLE = "TOELATING_LANG"
# POSIX order of precedence for the language of messages (as gettext reads them).
_LOCALE_VARIABLES = ("LC_ALL", "LC_MESSAGES", "LANG")
_BABEL_LOCALE = {Language.NL: "nl_NL", Language.EN: "en_GB"}


class UnknownLanguageError(ValueError):
    """TOELATING_LANG names a language the program does not speak."""

    def __init__(self, value: str) -> None:
        super().__init__(value)
        self.value = value


def choose_language(option: str | None, environ: Mapping[str, str] | None = None) -> Language:
    """The language for everything one command says: the --lang option, else
    TOELATING_LANG, else Dutch when the system locale is Dutch, else English."""
    environ = os.environ if environ is None else environ
    if option:
        return Language(option)
    chosen = environ.get(LANGUAGE_VARIABLE, "").strip().lower()
    if chosen:
        if chosen not in {language.value for language in Language}:
            raise UnknownLanguageError(chosen)
        return Language(chosen)
    return Language.NL if _system_locale_is_dutch(environ) else Language.EN


def _system_locale_is_dutch(environ: Mapping[str, str]) -> bool:
    for variable in _LOCALE_VARIABLES:
        value = environ.get(variable, "")
        if value:  # the first one set decides, as in gettext
            return _is_dutch(value)
    system = locale.getlocale()[0] or ""  # Windows: "Dutch_Netherlands"
    return _is_dutch(system)


def _is_dutch(locale_name: str) -> bool:
    name = locale_name.lower()
    return name.startswith(("nl_", "nl-", "dutch")) or name == "nl"


def message(key: str, language: Language | str, /, **values: Any) -> str:
    """The catalogue text for key ("domain.key") in language, placeholders filled."""
    domain, _, name = key.partition(".")
    template = catalogue(Language(language), domain)[name]
    return fill(template, values, language)


@cache
def catalogue(language: Language, domain: str) -> Mapping[str, str]:
    """One domain's messages in one language (read once)."""
    from ruamel.yaml import YAML  # loaded when a message is first needed, not at start-up

    folder = resources.files("toelating") / "locale" / language.value
    text = (folder / f"{domain}.yaml").read_text(encoding="utf-8")
    loaded = YAML(typ="safe", pure=False).load(text) or {}
    return {str(k): str(v) for k, v in loaded.items()}


def domains(language: Language) -> list[str]:
    """Every catalogue domain shipped for a language."""
    folder = resources.files("toelating") / "locale" / language.value
    return sorted(p.name[: -len(".yaml")] for p in folder.iterdir() if p.name.endswith(".yaml"))


def format_date(day: dt.date, language: Language | str) -> str:
    """`15 mei 2027` in Dutch, `15 May 2027` in English."""
    from babel.dates import format_date as babel_format_date

    return str(babel_format_date(day, format="long", locale=_BABEL_LOCALE[Language(language)]))


def format_amount(amount: Decimal | int, language: Language | str, currency: str = "EUR") -> str:
    """`€ 1.234,50` in Dutch, `€1,234.50` in English."""
    from babel.numbers import format_currency

    return str(format_currency(amount, currency, locale=_BABEL_LOCALE[Language(language)]))


def format_period(start: dt.date, end: dt.date, language: Language | str) -> str:
    """`30 juni - 6 juli 2026` in Dutch, `30 June - 6 July 2026` in English (en dashes): the
    locale's interval pattern (Babel, CLDR) for day, month and year, the month in words."""
    from babel.dates import parse_pattern

    locale_name = _BABEL_LOCALE[Language(language)]
    patterns = _period_patterns(locale_name)
    for field, differs in (
        ("y", start.year != end.year),
        ("M", start.month != end.month),
        ("d", start.day != end.day),
    ):
        if differs and field in patterns:
            pieces = zip(patterns[field], (start, end), strict=True)
            return "".join(str(parse_pattern(p).apply(day, locale_name)) for p, day in pieces)
    return format_date(start, language)


@cache
def _period_patterns(locale_name: str) -> dict[str, tuple[str, ...]]:
    """The locale's `yMMMd` interval patterns by the greatest field that differs, the month
    widened to its full name as CLDR's matching prescribes (Babel keeps the skeleton's
    abbreviation when asked for `yMMMMd`, which CLDR does not list)."""
    from babel import Locale

    formats = Locale.parse(locale_name).interval_formats["yMMMd"]
    widen = re.compile(r"(?<![ML])([ML])\1\1(?![ML])")
    return {
        str(field): tuple(widen.sub(r"\1\1\1\1", piece) for piece in pieces)
        for field, pieces in formats.items()
    }
