"""The terminal report: verdict first, then failures by theme, missing data, errors, a count line."""

from __future__ import annotations

from toelating.findings import RuleResult
from toelating.report import Report
from toelating.reporters.base import RenderOptions
from toelating.reporters.labels import (
    label,
    outcome_label,
    severity_label,
    sureness_label,
    verdict_explanation,
    verdict_label,
)
from toelating.text import Language
from toelating.vocabulary import Outcome, Verdict

_ANSI = {"bold": "1", "dim": "2", "red": "31", "green": "32", "yellow": "33", "magenta": "35"}
_VERDICT_COLOUR = {Verdict.COMPLIANT: "green", Verdict.INCOMPLETE: "yellow", Verdict.NON_COMPLIANT: "red"}
_OUTCOME_MARK = {Outcome.FAIL: ("✗", "red"), Outcome.MISSING_DATA: ("?", "yellow"), Outcome.ERROR: ("!", "magenta")}


class TextReporter:
    name = "text"
    extension = ".txt"
    default_language = Language.EN

    def render(self, reports: list[Report], options: RenderOptions) -> bytes:
        blocks = [_Writer(report, options).write() for report in reports]
        return "\n\n".join(blocks).encode("utf-8")


class _Writer:
    def __init__(self, report: Report, options: RenderOptions) -> None:
        self.report = report
        self.language = options.language
        self.colour = options.colour
        self.lines: list[str] = []

    def style(self, text: str, *styles: str) -> str:
        if not self.colour or not styles:
            return text
        codes = ";".join(_ANSI[s] for s in styles)
        return f"\x1b[{codes}m{text}\x1b[0m"

    def write(self) -> str:
        self._header()
        self._section(Outcome.FAIL, "failures")
        self._section(Outcome.MISSING_DATA, "missing_data")
        self._section(Outcome.ERROR, "errors")
        self.lines.append("")
        self.lines.append(self._count_line())
        return "\n".join(self.lines) + "\n"

    def _header(self) -> None:
        report, lang = self.report, self.language
        verdict = report.verdict
        headline = f"{label('verdict', lang).upper()}: {verdict_label(verdict, lang)}"
        self.lines.append(self.style(headline, "bold", _VERDICT_COLOUR[verdict]))
        self.lines.append(verdict_explanation(verdict, lang))
        self.lines.append("")
        kvk = f" ({label('kvk', lang)} {report.dossier.kvk_number})" if report.dossier.kvk_number else ""
        self.lines.append(f"{label('agency', lang)}: {report.dossier.agency}{kvk}")
        self.lines.append(f"{label('dossier', lang)}: {report.dossier.path}")
        dates = f"{label('check_date', lang)}: {report.check_date.isoformat()}"
        if report.result.application_date != report.check_date:
            dates += f" · {label('application_date', lang)}: {report.result.application_date.isoformat()}"
        self.lines.append(dates)
        self.lines.append(
            self.style(
                f"{label('rulebook', lang)} {report.rulebook_version} · toelating {report.tool_version}",
                "dim",
            )
        )

    def _section(self, outcome: Outcome, title_key: str) -> None:
        groups = self.report.by_theme(outcome)
        if not groups:
            return
        self.lines.append("")
        self.lines.append(self.style(label(title_key, self.language), "bold"))
        for theme, results in groups:
            self.lines.append(f"  {theme.title.get(self.language)}")
            for result in results:
                self._result(result)

    def _result(self, result: RuleResult) -> None:
        lang, rule = self.language, result.rule
        mark, colour = _OUTCOME_MARK[result.outcome]
        severity = severity_label(rule.severity, lang)
        counted = "" if self.report.counted(result) else f", {label('not_counted', lang)}"
        head = f"    {self.style(mark, colour, 'bold')} {self.style(rule.id, 'bold')} [{severity}{counted}] {rule.title.get(lang)}"
        self.lines.append(head)
        for finding in result.findings:
            where = finding.path or "/"
            self.lines.append(f"        {self.style(where, 'dim')}")
            self.lines.append(f"          {finding.message(lang)}")
        if result.outcome is Outcome.FAIL:
            self.lines.append(f"        → {rule.remediation.get(lang)}")
            self.lines.append(self.style(f"        {label('legal_basis', lang)}: {self._basis(result)}", "dim"))

    def _basis(self, result: RuleResult) -> str:
        parts = [
            f"{basis.citation()} ({sureness_label(basis.sureness, self.language)})"
            for basis in result.rule.legal_basis
        ]
        return "; ".join(parts)

    def _count_line(self) -> str:
        counts = self.report.result.counts
        parts = [f"{counts[o.value]} {outcome_label(o, self.language)}" for o in Outcome]
        total = sum(counts.values())
        return f"{total} {label('rules_total', self.language)}: " + " · ".join(parts)
