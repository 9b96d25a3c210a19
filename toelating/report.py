"""A report: one check's results with everything a reporter needs to show them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from toelating import __version__
from toelating.dossier.load import LoadedDossier
from toelating.findings import CheckResult, RuleResult, counts_toward_verdict
from toelating.rulebook.load import Rulebook
from toelating.rulebook.model import Theme
from toelating.rulebook.provenance import RulebookOrigin
from toelating.source import Document
from toelating.vocabulary import Outcome, Severity, Verdict

if TYPE_CHECKING:
    from toelating.horizon import ChangeAhead, Upcoming
    from toelating.waivers import WaiverNotice

REPORT_VERSION = 1


@dataclass(frozen=True)
class DossierInfo:
    path: str
    agency: str
    kvk_number: str | None
    sha256: str
    evidence: tuple[tuple[str, str], ...] = ()  # (id, file)
    evidence_status: Mapping[str, str] = field(
        default_factory=dict
    )  # id -> toelating.evidence status
    purpose: str | None = None  # registration | application | periodic | self_check
    source: Document | None = field(
        default=None, repr=False, compare=False
    )  # the file's text (not its data), for line numbers on demand

    @classmethod
    def of(
        cls,
        loaded: LoadedDossier,
        shown_path: Path | None = None,
        evidence_status: Mapping[str, str] | None = None,
    ) -> DossierInfo:
        dossier = loaded.dossier
        evidence = tuple((e.id, e.file) for e in dossier.evidence or [])
        return cls(
            path=str(shown_path or loaded.path),
            agency=dossier.agency.name,
            kvk_number=dossier.agency.kvk_number,
            sha256=loaded.sha256,
            evidence=evidence,
            purpose=dossier.purpose.value if dossier.purpose else None,
            source=Document(loaded.document.file, None, loaded.document.text),
            evidence_status=dict(evidence_status or {}),
        )

    def position_of(self, pointer: str) -> tuple[int, int] | None:
        """Line and column of the value at pointer, or of its nearest ancestor in the file
        (worked out only when a report format asks for lines)."""
        return self.source.position_of(pointer) if self.source else None


@dataclass(frozen=True)
class Report:
    """Everything about one dossier's check that any output format shows."""

    dossier: DossierInfo
    result: CheckResult
    themes: tuple[Theme, ...]
    rulebook_version: str
    tool_version: str = __version__
    waiver_notices: tuple[WaiverNotice, ...] = ()
    horizon_end: dt.date | None = None  # set when upcoming failures were looked for
    upcoming: tuple[Upcoming, ...] = ()
    changes_ahead: tuple[ChangeAhead, ...] = ()
    rulebook_origin: RulebookOrigin = field(default_factory=RulebookOrigin)  # said when changed

    @classmethod
    def build(cls, info: DossierInfo, result: CheckResult, rulebook: Rulebook) -> Report:
        themes = tuple(rulebook.manifest.themes)
        return cls(info, result, themes, rulebook.version, rulebook_origin=rulebook.origin)

    @property
    def official_rulebook(self) -> bool:
        """Whether the shipped rulebook was used as it is (no --rules folder changed it)."""
        return self.rulebook_origin.official

    def waived(self) -> list[RuleResult]:
        """Rules whose every failure a waiver accepts."""
        return [r for r in self.with_outcome(Outcome.FAIL) if r.waived]

    def failing(self) -> list[RuleResult]:
        """Failed rules that are not wholly waived, most serious first."""
        return [r for r in self.with_outcome(Outcome.FAIL) if not r.waived]

    @property
    def check_date(self) -> dt.date:
        return self.result.check_date

    @property
    def verdict(self) -> Verdict:
        return self.result.verdict

    @property
    def results(self) -> tuple[RuleResult, ...]:
        return self.result.results

    def with_outcome(self, outcome: Outcome) -> list[RuleResult]:
        """Results with this outcome, most serious first, then by theme order and id."""
        order = {theme.id: index for index, theme in enumerate(self.themes)}
        chosen = [r for r in self.results if r.outcome is outcome]
        return sorted(
            chosen, key=lambda r: (-r.severity.rank, order.get(r.rule.theme, 99), r.rule_id)
        )

    def shown(self, outcome: Outcome) -> list[RuleResult]:
        """The results a report shows under this outcome, most serious first. Wholly waived
        failures are left out: reports show them in a section of their own (`waived`)."""
        return self.failing() if outcome is Outcome.FAIL else self.with_outcome(outcome)

    def by_theme(self, outcome: Outcome) -> list[tuple[Theme, list[RuleResult]]]:
        """The results shown under this outcome, grouped by theme in rulebook order."""
        return self.in_themes(self.shown(outcome))

    def in_themes(self, results: list[RuleResult]) -> list[tuple[Theme, list[RuleResult]]]:
        """Results grouped by theme in rulebook order (themes without any left out)."""
        groups = [
            (theme, [r for r in results if r.rule.theme == theme.id]) for theme in self.themes
        ]
        return [(theme, members) for theme, members in groups if members]

    def counted(self, result: RuleResult) -> bool:
        """Whether this result's severity counts toward the verdict."""
        return counts_toward_verdict(result, self.result.fail_on)

    @staticmethod
    def severity_counts(results: list[RuleResult]) -> dict[Severity, int]:
        """How many of these results have each severity."""
        return {
            severity: sum(1 for r in results if r.severity is severity) for severity in Severity
        }
