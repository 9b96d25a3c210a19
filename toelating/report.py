"""A report: one check's results with everything a reporter needs to show them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from toelating import __version__
from toelating.dossier.load import LoadedDossier
from toelating.findings import CheckResult, RuleResult
from toelating.rulebook.load import Rulebook
from toelating.rulebook.model import Theme
from toelating.vocabulary import Outcome, Severity, Verdict

REPORT_VERSION = 1


@dataclass(frozen=True)
class DossierInfo:
    path: str
    agency: str
    kvk_number: str | None
    sha256: str
    evidence: tuple[tuple[str, str], ...] = ()  # (id, file)
    positions: Mapping[str, tuple[int, int]] = field(default_factory=dict)  # pointer -> (line, column)

    @classmethod
    def of(cls, loaded: LoadedDossier, shown_path: Path | None = None) -> DossierInfo:
        dossier = loaded.dossier
        evidence = tuple((e.id, e.file) for e in dossier.evidence or [])
        return cls(
            path=str(shown_path or loaded.path),
            agency=dossier.agency.name,
            kvk_number=dossier.agency.kvk_number,
            sha256=loaded.sha256,
            evidence=evidence,
            positions=loaded.document.positions,
        )

    def position_of(self, pointer: str) -> tuple[int, int] | None:
        """Line and column of the value at pointer, or of its nearest ancestor in the file."""
        while True:
            if pointer in self.positions:
                return self.positions[pointer]
            if not pointer:
                return None
            pointer = pointer.rsplit("/", 1)[0]


@dataclass(frozen=True)
class Report:
    """Everything about one dossier's check that any output format shows."""

    dossier: DossierInfo
    result: CheckResult
    themes: tuple[Theme, ...]
    rulebook_version: str
    tool_version: str = __version__

    @classmethod
    def build(cls, info: DossierInfo, result: CheckResult, rulebook: Rulebook) -> Report:
        return cls(info, result, tuple(rulebook.manifest.themes), rulebook.version)

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
        return sorted(chosen, key=lambda r: (-r.severity.rank, order.get(r.rule.theme, 99), r.rule_id))

    def by_theme(self, outcome: Outcome) -> list[tuple[Theme, list[RuleResult]]]:
        """Results with this outcome grouped by theme in rulebook order, most serious first."""
        groups: list[tuple[Theme, list[RuleResult]]] = []
        for theme in self.themes:
            members = [r for r in self.with_outcome(outcome) if r.rule.theme == theme.id]
            if members:
                groups.append((theme, members))
        return groups

    def counted(self, result: RuleResult) -> bool:
        """Whether this result's severity counts toward the verdict."""
        return result.severity.rank >= self.result.fail_on.rank

    def severity_counts(self, outcome: Outcome) -> dict[Severity, int]:
        return {
            severity: sum(1 for r in self.results if r.outcome is outcome and r.severity is severity)
            for severity in Severity
        }
