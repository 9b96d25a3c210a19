"""The check beside the form: the verdict, the failures, the missing data and the to-do list,
each finding tied to the field (pointer) it is about. The same check as `toelating check`."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from toelating.checking import CheckOptions, check_one
from toelating.findings import RuleResult
from toelating.report import Report
from toelating.reporters.labels import verdict_explanation, verdict_label
from toelating.rulebook.load import Rulebook
from toelating.text import Language
from toelating.todo import TodoKind, todo_items
from toelating.vocabulary import Outcome, Verdict
from toelating.web.form import section_of

HORIZON = "6m"  # "what will fail in the next 6 months"


@dataclass(frozen=True)
class Shown:
    """One finding as the screen lists it, with the field it links to."""

    rule_id: str
    severity: str
    title: str
    message: str
    pointer: str
    section: str
    remediation: str = ""
    deadline: dt.date | None = None
    kind: str = ""
    item: str = ""  # the item the pointer names, in words ("VOG-RP of 2027-01-10")


@dataclass(frozen=True)
class LiveCheck:
    """What the screen shows of one check."""

    verdict: Verdict
    verdict_text: str
    explanation: str
    failures: list[Shown]
    missing: list[Shown]
    todo: list[Shown]
    errors: list[Shown]
    by_pointer: dict[str, list[Shown]] = field(default_factory=dict)


def run(path: Path, rulebook: Rulebook, as_of: dt.date, horizon: bool = False) -> Report:
    """Check the dossier file as `toelating check` does (with a 6-month horizon if asked)."""
    end = None
    if horizon:
        from toelating.horizon import horizon_end

        end = horizon_end(as_of, HORIZON)
    options = CheckOptions(dossiers=(path,), as_of=as_of, outputs=(), horizon_end=end)
    return check_one(path, rulebook, options)


def shown(report: Report, language: Language) -> LiveCheck:
    failures = [
        _finding(r, f.path, f.message(language), language, f.item(language))
        for r in report.failing()
        for f in r.findings
        if f.kind is Outcome.FAIL
    ]
    missing = [
        _finding(r, f.path, f.message(language), language, f.item(language))
        for r in report.with_outcome(Outcome.MISSING_DATA)
        for f in r.findings
    ]
    errors = [
        _finding(r, "", r.reason(language) or "", language)
        for r in report.with_outcome(Outcome.ERROR)
    ]
    todo = [
        Shown(
            rule_id=item.rule.id,
            severity=item.rule.severity.value,
            title=item.rule.title.get(language),
            message="",
            pointer=item.paths[0] if item.paths else "",
            section=section_of(item.paths[0] if item.paths else ""),
            remediation=item.rule.remediation.get(language),
            deadline=item.deadline,
            kind=item.kind.value,
        )
        for item in todo_items(report)
        if item.kind is not TodoKind.UPCOMING
    ]
    by_pointer: dict[str, list[Shown]] = defaultdict(list)
    for finding in failures + missing:
        by_pointer[finding.pointer].append(finding)
    return LiveCheck(
        verdict=report.verdict,
        verdict_text=verdict_label(report.verdict, language),
        explanation=verdict_explanation(report.verdict, language),
        failures=failures,
        missing=missing,
        todo=todo,
        errors=errors,
        by_pointer=dict(by_pointer),
    )


def _finding(
    result: RuleResult, pointer: str, text: str, language: Language, item: str | None = None
) -> Shown:
    return Shown(
        rule_id=result.rule_id,
        severity=result.severity.value,
        title=result.rule.title.get(language),
        message=text,
        pointer=pointer,
        section=section_of(pointer),
        remediation=result.rule.remediation.get(language),
        item=item or "",
    )


def upcoming(report: Report, language: Language) -> list[Shown]:
    """What starts failing within the horizon, soonest first."""
    return [
        Shown(
            rule_id=item.rule_id,
            severity=item.severity.value,
            title=item.title(language),
            message=item.message(language),
            pointer=item.path,
            section=section_of(item.path),
            deadline=item.date,
        )
        for item in sorted(report.upcoming, key=lambda u: (u.date, u.rule_id, u.path))
    ]
