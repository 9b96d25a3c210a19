"""A report: one check's results with everything a reporter needs to show them."""

from __future__ import annotations

import datetime as dt
import json
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from toelating import __version__
from toelating.dossier.contents import count_contents
from toelating.dossier.load import LoadedDossier
from toelating.dossier.model import Nonconformity
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
    application_date: dt.date | None = None  # as the dossier gives it (None: no application yet)
    contents: Mapping[str, int] = field(default_factory=dict)  # dossier.contents.count_contents
    evidence_sha256: Mapping[str, str | None] = field(
        default_factory=dict
    )  # id -> SHA-256 of the file as read at check time (None: it could not be read)
    inspection_date: dt.date | None = None
    nonconformities: tuple[Nonconformity, ...] = ()  # the inspection's findings, as given
    source: Document | None = field(
        default=None, repr=False, compare=False
    )  # the file's text (not its data), for line numbers on demand

    @classmethod
    def of(
        cls,
        loaded: LoadedDossier,
        shown_path: Path | None = None,
        evidence_status: Mapping[str, str] | None = None,
        evidence_sha256: Mapping[str, str | None] | None = None,
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
            application_date=dossier.application_date,
            contents=count_contents(dossier),
            source=Document(loaded.document.file, None, loaded.document.text),
            evidence_status=dict(evidence_status or {}),
            evidence_sha256=dict(evidence_sha256 or {}),
            inspection_date=dossier.inspection.date if dossier.inspection else None,
            nonconformities=tuple(
                dossier.inspection.nonconformities or [] if dossier.inspection else []
            ),
        )

    def position_of(self, pointer: str) -> tuple[int, int] | None:
        """Line and column of the value at pointer, or of its nearest ancestor in the file
        (worked out only when a report format asks for lines)."""
        return self.source.position_of(pointer) if self.source else None


REPORT_ID_NAMESPACE = uuid.UUID("6f1c2a52-0d5e-4c1b-9a43-7e0f3b8d2c61")  # toelating reports


@dataclass(frozen=True)
class Issuer:
    """Who issues the report (ISO/IEC 17020 7.4.2): the inspector and their organisation."""

    inspector: str | None = None
    organisation: str | None = None


@dataclass(frozen=True)
class Issue:
    """How this report is issued: by whom, on which day, and whether as a draft."""

    issuer: Issuer = field(default_factory=Issuer)
    issued_on: dt.date | None = None  # None: the check date (reproducible reports in tests)
    draft: bool = False


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
    rulebook_sha256: str = ""  # Rulebook.content_sha256 (Report.build sets it)
    issue: Issue = field(default_factory=Issue)
    report_id: str = ""  # derived_id() once the report is complete (Report.build, identified())

    @classmethod
    def build(
        cls, info: DossierInfo, result: CheckResult, rulebook: Rulebook, issue: Issue | None = None
    ) -> Report:
        themes = tuple(rulebook.manifest.themes)
        return cls(
            info,
            result,
            themes,
            rulebook.version,
            rulebook_origin=rulebook.origin,
            rulebook_sha256=rulebook.content_sha256,
            issue=issue or Issue(),
        ).identified()

    def identified(self) -> Report:
        """The report with its id derived from what it now holds. Kept as a field, not worked
        out on each use, so that every format shows the same id even where a format escapes
        the text the id was derived from."""
        return replace(self, report_id=self.derived_id())

    @property
    def issued_on(self) -> dt.date:
        return self.issue.issued_on or self.check_date

    @property
    def inspector(self) -> str | None:
        return self.issue.issuer.inspector

    @property
    def organisation(self) -> str | None:
        return self.issue.issuer.organisation

    @property
    def response_deadline(self) -> dt.date | None:
        """A draft's last day for the agency's response: 10 working days after the check
        date (SNA practice), Dutch public holidays not counted; None for a final report."""
        if not self.issue.draft:
            return None
        from toelating.workdays import working_days_after

        return working_days_after(self.check_date, 10)

    def derived_id(self) -> str:
        """A UUID5 of everything the report was made from (dossier and evidence digests,
        rulebook digest, dates, options, issuer, waived findings): unique per distinct
        report, and the same for the same check, so reports stay reproducible and a PDF
        and a JSON report of one check carry one id."""
        waived = sorted(
            (r.rule_id, f.path) for r in self.results for f in r.findings if f.waiver is not None
        )
        made_from = {
            "dossier": self.dossier.sha256,
            "evidence": sorted((k, v or "") for k, v in self.dossier.evidence_sha256.items()),
            "rulebook": [self.rulebook_version, self.rulebook_sha256],
            "tool": self.tool_version,
            "check_date": self.check_date.isoformat(),
            "issued_on": self.issued_on.isoformat(),
            "fail_on": self.result.fail_on.value,
            "issuer": [self.inspector, self.organisation],
            "draft": self.issue.draft,
            "horizon_end": self.horizon_end.isoformat() if self.horizon_end else None,
            "waived": waived,
        }
        name = json.dumps(made_from, sort_keys=True, ensure_ascii=False)
        return str(uuid.uuid5(REPORT_ID_NAMESPACE, name))

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
