"""The to-do list a self-check starts with: what to fix, most serious and most urgent first.

Rules that lack the same data are one item (the empty template lacks `/workers` for fifteen
rules: one thing to fill in, not fifteen), with every rule that needs it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

from toelating.findings import Finding
from toelating.report import Report
from toelating.rulebook.model import Rule
from toelating.text import Language
from toelating.vocabulary import Outcome


class TodoKind(StrEnum):
    FIX = "fix"  # fails now
    MISSING = "missing"  # cannot be judged: data missing
    UPCOMING = "upcoming"  # starts failing within the horizon


@dataclass(frozen=True)
class Place:
    """Where to act: a JSON pointer and the item it names in words (None: no named item)."""

    path: str
    item_nl: str | None = None
    item_en: str | None = None
    message_nl: str = ""  # what is wrong there (a missing-data finding's message)
    message_en: str = ""

    @classmethod
    def of(cls, finding: Finding) -> Place:
        return cls(
            finding.path, finding.item_nl, finding.item_en, finding.message_nl, finding.message_en
        )

    def item(self, language: Language | str) -> str | None:
        return self.item_nl if Language(language) is Language.NL else self.item_en

    def message(self, language: Language | str) -> str:
        return self.message_nl if Language(language) is Language.NL else self.message_en


@dataclass(frozen=True)
class TodoItem:
    rule: Rule  # the most serious rule the item is for
    kind: TodoKind
    deadline: dt.date  # fix before (or on) this date
    places: tuple[Place, ...]
    also: tuple[Rule, ...] = ()  # MISSING: the other rules that need the same data

    @property
    def paths(self) -> tuple[str, ...]:
        return tuple(place.path for place in self.places)

    @property
    def rules(self) -> tuple[Rule, ...]:
        return (self.rule, *self.also)


def todo_items(report: Report) -> list[TodoItem]:
    """One item per failing rule, per set of missing data (with every rule that lacks it) and
    per upcoming failure; by severity, then deadline."""
    due = max(report.result.application_date, report.check_date)
    items = [
        TodoItem(
            r.rule,
            TodoKind.FIX,
            due,
            tuple(Place.of(f) for f in r.findings if f.kind is Outcome.FAIL and not f.waiver),
        )
        for r in report.failing()
    ]
    items += _missing_items(report, due)
    rules = {r.rule_id: r.rule for r in report.results}
    for upcoming in report.upcoming:
        place = Place(
            upcoming.path,
            upcoming.item_nl,
            upcoming.item_en,
            upcoming.message(Language.NL),
            upcoming.message(Language.EN),
        )
        items.append(TodoItem(rules[upcoming.rule_id], TodoKind.UPCOMING, upcoming.date, (place,)))
    return sorted(items, key=lambda i: (-i.rule.severity.rank, i.deadline, i.rule.id, i.paths))


def _missing_items(report: Report, due: dt.date) -> list[TodoItem]:
    """Rules lacking exactly the same data (same places, same messages) as one item."""
    groups: dict[tuple[Place, ...], list[Rule]] = {}
    for result in report.with_outcome(Outcome.MISSING_DATA):  # most serious first
        places = tuple(Place.of(f) for f in result.findings)
        groups.setdefault(places, []).append(result.rule)
    return [
        TodoItem(rules[0], TodoKind.MISSING, due, places, tuple(rules[1:]))
        for places, rules in groups.items()
    ]
