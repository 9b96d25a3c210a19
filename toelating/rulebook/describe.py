"""Human-readable views of the rulebook for `toelating rules list` and `rules show`."""

from __future__ import annotations

import datetime as dt

from toelating.rulebook.load import Rulebook
from toelating.text import Language


def rules_table(rulebook: Rulebook, day: dt.date, language: str) -> str:
    lang = Language(language)
    in_force_header = "in force" if lang is Language.EN else "van kracht"
    rows = [("id", "severity" if lang is Language.EN else "ernst", "theme" if lang is Language.EN else "thema", f"{in_force_header} {day.isoformat()}", "title" if lang is Language.EN else "titel")]
    yes, no = ("yes", "no") if lang is Language.EN else ("ja", "nee")
    for compiled in rulebook.rules:
        rule = compiled.rule
        rows.append((rule.id, rule.severity.value, rule.theme, yes if rule.in_force_on(day) else no, rule.title.get(lang)))
    widths = [max(len(row[i]) for row in rows) for i in range(4)]
    lines = ["  ".join(cell.ljust(widths[i]) for i, cell in enumerate(row[:4])) + "  " + row[4] for row in rows]
    return "\n".join(lines) + "\n"
