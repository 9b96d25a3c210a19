"""Waivers: a certifier's accepted findings, applied after the engine and shown in every report.

A waived finding keeps outcome `fail` underneath; it does not count toward the verdict.
An expired waiver no longer applies and the report says it expired; a waiver that matches
nothing is reported so stale waivers get cleaned up.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from enum import StrEnum
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

from toelating.findings import CheckResult, Finding, RuleResult
from toelating.rulebook.model import RULE_ID_PATTERN
from toelating.source import load_document
from toelating.validation import validated
from toelating.vocabulary import Outcome


class Waiver(BaseModel):
    """One accepted finding: rule, agency, optionally the item, why, by whom and until when."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    rule: str = Field(pattern=RULE_ID_PATTERN)
    kvk_number: str = Field(min_length=1, description="The agency the waiver is for")
    path: str | None = Field(
        None, description="JSON pointer of one finding; absent: every finding of the rule"
    )
    justification: str = Field(min_length=1)
    approved_by: str = Field(min_length=1)
    approved_on: dt.date | None = None
    expires_on: dt.date = Field(description="Last day the waiver applies")


class WaiverFile(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, title="toelating waiver file")

    waivers: list[Waiver]


class NoticeKind(StrEnum):
    EXPIRED = "expired"  # would have matched, but its expiry date has passed
    UNUSED = "unused"  # matches no finding of this dossier


@dataclass(frozen=True)
class WaiverNotice:
    kind: NoticeKind
    waiver: Waiver


def load_waivers(path: Path) -> tuple[Waiver, ...]:
    """Read and validate a waiver file; a malformed one is refused, never ignored."""
    return tuple(validated(WaiverFile, load_document(path)).waivers)


def apply_waivers(
    result: CheckResult, kvk_number: str | None, waivers: tuple[Waiver, ...]
) -> tuple[CheckResult, tuple[WaiverNotice, ...]]:
    """Mark the fail findings that waivers accept; say which waivers expired or matched nothing."""
    mine = [w for w in waivers if kvk_number is not None and w.kvk_number == kvk_number]
    if not mine:
        return result, ()
    used: set[int] = set()
    expired: set[int] = set()
    results = tuple(_waive_rule(r, mine, result.check_date, used, expired) for r in result.results)
    notices = [WaiverNotice(NoticeKind.EXPIRED, mine[i]) for i in sorted(expired - used)]
    notices += [
        WaiverNotice(NoticeKind.UNUSED, w) for i, w in enumerate(mine) if i not in used | expired
    ]
    return replace(result, results=results), tuple(notices)


def _waive_rule(
    result: RuleResult, waivers: list[Waiver], day: dt.date, used: set[int], expired: set[int]
) -> RuleResult:
    if result.outcome is not Outcome.FAIL:
        return result
    findings = []
    for finding in result.findings:
        findings.append(_waive_finding(result.rule_id, finding, waivers, day, used, expired))
    return replace(result, findings=tuple(findings))


def _waive_finding(
    rule_id: str,
    finding: Finding,
    waivers: list[Waiver],
    day: dt.date,
    used: set[int],
    expired: set[int],
) -> Finding:
    if finding.kind is not Outcome.FAIL:
        return finding
    for index, waiver in enumerate(waivers):
        if waiver.rule != rule_id or (waiver.path is not None and waiver.path != finding.path):
            continue
        if waiver.expires_on < day:
            expired.add(index)
            continue
        used.add(index)
        return replace(finding, waiver=waiver)
    return finding


def unmatched_agencies(waivers: tuple[Waiver, ...], kvk_numbers: set[str | None]) -> list[Waiver]:
    """Waivers for agencies none of the checked dossiers belongs to (batch runs)."""
    return [w for w in waivers if w.kvk_number not in kvk_numbers]
