"""The to-do list a self-check ends with: what to fix, most serious and most urgent first."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

from toelating.report import Report
from toelating.rulebook.model import Rule
from toelating.vocabulary import Outcome


class TodoKind(StrEnum):
    FIX = "fix"  # fails now
    MISSING = "missing"  # cannot be judged: data missing
    UPCOMING = "upcoming"  # starts failing within the horizon


@dataclass(frozen=True)
class TodoItem:
    rule: Rule
    kind: TodoKind
    deadline: dt.date  # fix before (or on) this date
    paths: tuple[str, ...]


def todo_items(report: Report) -> list[TodoItem]:
    """One item per failing or incomplete rule and per upcoming failure, by severity then
    deadline."""
    result = report.result
    due = max(result.application_date, result.check_date)
    items = [
        TodoItem(
            r.rule,
            TodoKind.FIX,
            due,
            tuple(f.path for f in r.findings if f.kind is Outcome.FAIL and not f.waiver),
        )
        for r in report.failing()
    ]
    items += [
        TodoItem(r.rule, TodoKind.MISSING, due, tuple(f.path for f in r.findings))
        for r in report.with_outcome(Outcome.MISSING_DATA)
    ]
    rules = {r.rule_id: r.rule for r in report.results}
    for upcoming in report.upcoming:
        items.append(
            TodoItem(rules[upcoming.rule_id], TodoKind.UPCOMING, upcoming.date, (upcoming.path,))
        )
    return sorted(items, key=lambda i: (-i.rule.severity.rank, i.deadline, i.rule.id, i.paths))
