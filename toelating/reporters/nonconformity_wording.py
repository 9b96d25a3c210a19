"""The inspection's findings in words, for every report format: class, deadline, the
agency's response and repair plan, and where each stands on the check date."""

from __future__ import annotations

from dataclasses import dataclass

from toelating.dossier.model import Nonconformity
from toelating.i18n import format_date, message
from toelating.nonconformities import Standing, standing
from toelating.report import Report
from toelating.text import Language

PLAN_PARTS = ("cause", "extent", "solution", "effect")


@dataclass(frozen=True)
class FindingWords:
    """One finding as a report shows it."""

    id: str
    class_text: str
    description: str
    deadline: str
    response: str
    plan: tuple[tuple[str, str], ...]  # (label, text) of the parts given
    standing: Standing
    standing_text: str


def intro(report: Report, language: Language) -> str:
    day = report.dossier.inspection_date
    if day is None:
        return message("nonconformities.intro_undated", language)
    return message("nonconformities.intro", language, date=format_date(day, language))


def finding_words(report: Report, language: Language) -> list[FindingWords]:
    return [_words(finding, report, language) for finding in report.dossier.nonconformities]


def _words(finding: Nonconformity, report: Report, language: Language) -> FindingWords:
    def say(key: str, **values: object) -> str:
        return message(f"nonconformities.{key}", language, **values)

    kind = finding.severity.value if finding.severity else "none"
    where = standing(finding, report.check_date)
    closed = finding.resolved_on
    words = say("standing_closed", date=format_date(closed, language)) if closed else ""
    response = finding.response
    plan = tuple(
        (say(part), text)
        for part in PLAN_PARTS
        if response is not None and (text := getattr(response, part))
    )
    return FindingWords(
        id=finding.id,
        class_text=say(f"class_{kind}"),
        description=finding.description or say("no_description"),
        deadline=format_date(finding.deadline, language)
        if finding.deadline
        else say("no_deadline"),
        response=_response(finding, language),
        plan=plan,
        standing=where,
        standing_text=words if where is Standing.CLOSED else say(f"standing_{where.value}"),
    )


def _response(finding: Nonconformity, language: Language) -> str:
    response = finding.response
    if response is None:
        return message("nonconformities.no_response", language)
    if response.received_on is None:
        return message("nonconformities.response_undated", language)
    day = format_date(response.received_on, language)
    return message("nonconformities.response", language, date=day)
