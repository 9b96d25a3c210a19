"""A period in words, the language's way (Babel's CLDR interval patterns, months in full)."""

from __future__ import annotations

import datetime as dt

import pytest
from babel.dates import get_month_names
from hypothesis import given
from hypothesis import strategies as st

from toelating.i18n import format_date, format_period
from toelating.text import Language

DASH = "\u2013"


@pytest.mark.parametrize(
    ("start", "end", "dutch", "english"),
    [
        (
            dt.date(2026, 6, 30),
            dt.date(2026, 7, 6),
            "30 juni - 6 juli 2026",
            "30 June - 6 July 2026",
        ),
        (
            dt.date(2026, 12, 28),
            dt.date(2027, 1, 3),
            "28 december 2026 - 3 januari 2027",
            "28 December 2026 - 3 January 2027",
        ),
        (dt.date(2026, 7, 1), dt.date(2026, 7, 7), "1-7 juli 2026", "1 - 7 July 2026"),
        (dt.date(2026, 7, 1), dt.date(2026, 7, 1), "1 juli 2026", "1 July 2026"),
    ],
)
def test_a_period_in_words(start: dt.date, end: dt.date, dutch: str, english: str) -> None:
    # Written with a hyphen and plain spaces here: the locale puts an en dash, and English
    # thin spaces around it.
    assert _plain(format_period(start, end, Language.NL)) == dutch
    assert _plain(format_period(start, end, Language.EN)) == english


def _plain(text: str) -> str:
    return text.replace(DASH, "-").replace("\u2009", " ")


@given(
    st.dates(dt.date(1900, 1, 1), dt.date(2200, 12, 31)),
    st.integers(min_value=0, max_value=800),
    st.sampled_from(list(Language)),
)
def test_a_period_names_both_ends_in_the_language(
    start: dt.date, days: int, language: Language
) -> None:
    end = start + dt.timedelta(days=days)
    said = format_period(start, end, language)
    locale = "nl_NL" if language is Language.NL else "en_GB"
    months = get_month_names("wide", locale=locale)
    assert months[end.month] in said and months[start.month] in said
    assert str(end.year) in said and str(start.day) in said and str(end.day) in said
    if days == 0:
        assert said == format_date(start, language)
    else:
        assert DASH in said
        assert said.startswith(str(start.day)) and said.endswith(str(end.year))
