"""The message catalogues: both languages say the same things, and the language is chosen once."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from toelating.i18n import (
    UnknownLanguageError,
    catalogue,
    choose_language,
    domains,
    format_amount,
    format_date,
    message,
)
from toelating.text import Language, placeholders


def test_both_languages_have_the_same_domains() -> None:
    assert domains(Language.NL) == domains(Language.EN)
    assert "common" in domains(Language.NL)


@pytest.mark.parametrize("domain", domains(Language.NL))
def test_both_languages_have_the_same_keys_and_placeholders(domain: str) -> None:
    dutch, english = catalogue(Language.NL, domain), catalogue(Language.EN, domain)
    assert sorted(dutch) == sorted(english)
    for key in dutch:
        assert sorted(placeholders(dutch[key])) == sorted(placeholders(english[key])), key


def test_a_message_is_filled_in_its_language() -> None:
    assert "kies nl of en" in message("common.unknown_language", Language.NL, value="fr")
    assert "choose nl or en" in message("common.unknown_language", Language.EN, value="fr")


@pytest.mark.parametrize(
    ("option", "environ", "expected"),
    [
        ("en", {"TOELATING_LANG": "nl", "LANG": "nl_NL.UTF-8"}, Language.EN),
        (None, {"TOELATING_LANG": "nl", "LANG": "en_US.UTF-8"}, Language.NL),
        (None, {"LANG": "nl_NL.UTF-8"}, Language.NL),
        (None, {"LANG": "nl_BE.UTF-8"}, Language.NL),
        (None, {"LC_ALL": "en_GB.UTF-8", "LANG": "nl_NL.UTF-8"}, Language.EN),
        (None, {"LC_MESSAGES": "nl_NL", "LANG": "C.UTF-8"}, Language.NL),
        (None, {"LANG": "C.UTF-8"}, Language.EN),
    ],
)
def test_the_language_is_chosen_once(
    option: str | None, environ: dict[str, str], expected: Language
) -> None:
    assert choose_language(option, environ) is expected


def test_an_unknown_language_in_the_environment_is_refused() -> None:
    with pytest.raises(UnknownLanguageError):
        choose_language(None, {"TOELATING_LANG": "fr"})


def test_dates_and_amounts_the_dutch_way() -> None:
    assert format_date(dt.date(2027, 5, 15), Language.NL) == "15 mei 2027"
    assert format_date(dt.date(2027, 5, 15), Language.EN) == "15 May 2027"
    assert format_amount(Decimal("1234.5"), Language.NL) == "€\xa01.234,50"
    assert format_amount(Decimal("1234.5"), Language.EN) == "€1,234.50"
