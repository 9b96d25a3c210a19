"""What the engine produces: findings, one result per rule, and the verdict over them."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from toelating.rulebook.model import Rule
from toelating.text import Language
from toelating.vocabulary import Outcome, Severity, Verdict

if TYPE_CHECKING:
    from toelating.waivers import Waiver


def pointer_sort_key(pointer: str) -> tuple[tuple[int, int | str], ...]:
    """Order pointers as a person would: /workers/2 before /workers/10."""
    return tuple((0, int(token)) if token.isdigit() else (1, token) for token in pointer.split("/"))


@dataclass(frozen=True)
class Finding:
    """One item that failed, lacks data, or could not be evaluated."""

    path: str
    kind: Outcome
    message_nl: str
    message_en: str
    waiver: Waiver | None = None  # the certifier's waiver that accepts this failure
    item_nl: str | None = None  # the item the path names, in words (toelating.dossier.items)
    item_en: str | None = None

    def message(self, language: Language | str) -> str:
        return self.message_nl if Language(language) is Language.NL else self.message_en

    def item(self, language: Language | str) -> str | None:
        return self.item_nl if Language(language) is Language.NL else self.item_en

    def sort_key(self) -> tuple[object, ...]:
        return (pointer_sort_key(self.path), self.kind.value, self.message_en)


@dataclass(frozen=True)
class RuleResult:
    """The one outcome of one rule, with its findings (sorted) and why, when not evaluated."""

    rule: Rule
    outcome: Outcome
    findings: tuple[Finding, ...] = ()
    reason_nl: str | None = None
    reason_en: str | None = None

    @property
    def rule_id(self) -> str:
        return self.rule.id

    @property
    def severity(self) -> Severity:
        return self.rule.severity

    @property
    def waived(self) -> bool:
        """Failed, but every failing finding is accepted by a waiver."""
        failures = [f for f in self.findings if f.kind is Outcome.FAIL]
        return self.outcome is Outcome.FAIL and bool(failures) and all(f.waiver for f in failures)

    def reason(self, language: Language | str) -> str | None:
        return self.reason_nl if Language(language) is Language.NL else self.reason_en


def sorted_findings(findings: list[Finding]) -> tuple[Finding, ...]:
    return tuple(sorted(set(findings), key=Finding.sort_key))


@dataclass(frozen=True)
class CheckResult:
    """Every rule's result for one dossier on one check date."""

    check_date: dt.date
    application_date: dt.date
    results: tuple[RuleResult, ...]
    fail_on: Severity = Severity.MAJOR
    counts: dict[str, int] = field(init=False)

    def __post_init__(self) -> None:
        tally = Counter(result.outcome.value for result in self.results)
        counts = {o.value: tally.get(o.value, 0) for o in Outcome}
        counts["waived"] = sum(1 for result in self.results if result.waived)
        object.__setattr__(self, "counts", counts)

    @property
    def verdict(self) -> Verdict:
        return verdict_of(self.results, self.fail_on)

    @property
    def has_errors(self) -> bool:
        return any(result.outcome is Outcome.ERROR for result in self.results)


def counts_toward_verdict(result: RuleResult, fail_on: Severity) -> bool:
    return result.severity.rank >= fail_on.rank


def verdict_of(results: tuple[RuleResult, ...], fail_on: Severity = Severity.MAJOR) -> Verdict:
    """non_compliant if a counted rule fails (a failure found stands); else undetermined if one
    could not be evaluated (nothing it might have found can be ruled out); else incomplete if
    one lacks data; else compliant."""
    counted = [r for r in results if counts_toward_verdict(r, fail_on)]
    if any(r.outcome is Outcome.FAIL and not r.waived for r in counted):
        return Verdict.NON_COMPLIANT
    if any(r.outcome is Outcome.ERROR for r in counted):
        return Verdict.UNDETERMINED
    if any(r.outcome is Outcome.MISSING_DATA for r in counted):
        return Verdict.INCOMPLETE
    return Verdict.COMPLIANT
