"""The terminal report: verdict first, then failures by theme, missing data, errors, and a
count line."""

from __future__ import annotations

from toelating.findings import Finding, RuleResult
from toelating.report import Report
from toelating.reporters.base import RenderOptions, SectionWriter
from toelating.reporters.escaping import displayable
from toelating.reporters.labels import (
    label,
    severity_label,
    verdict_explanation,
    verdict_label,
)
from toelating.reporters.wording import (
    agency_line,
    basis_text,
    count_line,
    notice_text,
    place,
    rulebook_changes,
    severity_note,
    todo_action,
    todo_when,
    unofficial_marker,
    waiver_text,
)
from toelating.text import Language
from toelating.todo import todo_items
from toelating.vocabulary import Outcome, Verdict

_ANSI = {"bold": "1", "dim": "2", "red": "31", "green": "32", "yellow": "33", "magenta": "35"}
_VERDICT_COLOUR = {
    Verdict.COMPLIANT: "green",
    Verdict.INCOMPLETE: "yellow",
    Verdict.UNDETERMINED: "magenta",
    Verdict.NON_COMPLIANT: "red",
}
_OUTCOME_MARK = {
    Outcome.FAIL: ("✗", "red"),
    Outcome.MISSING_DATA: ("?", "yellow"),
    Outcome.ERROR: ("!", "magenta"),
}


class TextReporter:
    name = "text"
    extension = ".txt"
    default_language = Language.EN

    def render(self, reports: list[Report], options: RenderOptions) -> bytes:
        blocks = [_Writer(report, options).write() for report in displayable(reports)]
        return "\n\n".join(blocks).encode("utf-8")


class _Writer(SectionWriter):
    def __init__(self, report: Report, options: RenderOptions) -> None:
        super().__init__(report, options.language)
        self.colour = options.colour

    def style(self, text: str, *styles: str) -> str:
        if not self.colour or not styles:
            return text
        codes = ";".join(_ANSI[s] for s in styles)
        return f"\x1b[{codes}m{text}\x1b[0m"

    def _footer(self) -> None:
        self.lines.append("")
        self.lines.append(count_line(self.report, self.language))

    def _heading(self, text: str) -> None:
        self.lines.append("")
        self.lines.append(self.style(text, "bold"))

    def _waived(self) -> None:
        waived = self.report.waived()
        if not waived:
            return
        self._heading(label("waived", self.language))
        for result in waived:
            self.lines.append(
                f"    {self.style(result.rule_id, 'bold')} {result.rule.title.get(self.language)}"
            )
            for finding in result.findings:
                where = place(finding.item(self.language), finding.path)
                self.lines.append(f"        {self.style(where, 'dim')}")
                self.lines.append(f"          {finding.message(self.language)}")
                self._waiver_line(finding)

    def _waiver_line(self, finding: Finding) -> None:
        if finding.waiver is not None:
            lang = self.language
            self.lines.append(
                f"          {label('waiver', lang)}: {waiver_text(finding.waiver, lang)}"
            )

    def _waiver_notices(self) -> None:
        notices = self.report.waiver_notices
        if not notices:
            return
        self._heading(label("waiver_notices", self.language))
        self.lines += ["    " + notice_text(notice, self.language) for notice in notices]

    def _upcoming(self) -> None:
        end = self.report.horizon_end
        if end is None:
            return
        lang = self.language
        self._heading(label("upcoming", lang).format(date=end.isoformat()))
        if not self.report.upcoming:
            self.lines.append("    " + label("no_upcoming", lang).format(date=end.isoformat()))
        for item in self.report.upcoming:
            severity = severity_label(item.severity, lang)
            self.lines.append(
                f"    {item.date.isoformat()}  {self.style(item.rule_id, 'bold')} "
                f"[{severity}] {place(item.item(lang), item.path)}"
            )
            self.lines.append(f"        {item.message(lang)}")
        if self.report.changes_ahead:
            self._heading(label("changes_ahead", lang))
            for change in self.report.changes_ahead:
                self.lines.append(f"    {change.date.isoformat()}  {change.description(lang)}")

    def _todo(self) -> None:
        items = todo_items(self.report)
        if not items:
            return
        lang = self.language
        self._heading(label("todo", lang))
        for number, item in enumerate(items, 1):
            when, what, rule = (
                todo_when(item, self.report, lang),
                todo_action(item, lang),
                item.rule,
            )
            self.lines.append(
                f"{number:>4}. [{severity_label(rule.severity, lang)}, {when}] "
                f"{rule.id} {rule.title.get(lang)}"
            )
            self.lines.append(f"        {what}")
            self.lines.append(
                self.style(f"        {label('legal_basis', lang)}: {basis_text(rule, lang)}", "dim")
            )

    def _header(self) -> None:
        report, lang = self.report, self.language
        verdict = report.verdict
        headline = f"{label('verdict', lang).upper()}: {verdict_label(verdict, lang)}"
        headline += unofficial_marker(report, lang).upper()
        self.lines.append(self.style(headline, "bold", _VERDICT_COLOUR[verdict]))
        self.lines.append(verdict_explanation(verdict, lang))
        self.lines.append("")
        self.lines.append(f"{label('agency', lang)}: {agency_line(report, lang)}")
        self.lines.append(f"{label('dossier', lang)}: {report.dossier.path}")
        dates = f"{label('check_date', lang)}: {report.check_date.isoformat()}"
        if report.result.application_date != report.check_date:
            application_date = report.result.application_date.isoformat()
            dates += f" · {label('application_date', lang)}: {application_date}"
        self.lines.append(dates)
        self.lines.append(
            self.style(
                f"{label('rulebook', lang)} {report.rulebook_version} · "
                f"toelating {report.tool_version}",
                "dim",
            )
        )

    def _rulebook_changes(self) -> None:
        lang = self.language
        self._heading(label("rulebook_changes", lang))
        self.lines.append("    " + label("rulebook_changes_intro", lang))
        for line, changes in rulebook_changes(self.report, lang):
            self.lines.append(f"    {line}")
            self.lines += [f"      - {change}" for change in changes]

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
        severity = severity_note(self.report, result, lang)
        head = (
            f"    {self.style(mark, colour, 'bold')} {self.style(rule.id, 'bold')} "
            f"[{severity}] {rule.title.get(lang)}"
        )
        self.lines.append(head)
        for finding in result.findings:
            where = self.style(place(finding.item(lang), finding.path), "dim")
            if finding.kind is Outcome.MISSING_DATA:  # short enough for one line
                self.lines.append(f"        {where}: {finding.message(lang)}")
            else:
                self.lines.append(f"        {where}")
                self.lines.append(f"          {finding.message(lang)}")
            self._waiver_line(finding)
        if result.outcome is Outcome.FAIL:
            self.lines.append(f"        → {rule.remediation.get(lang)}")
            self.lines.append(
                self.style(f"        {label('legal_basis', lang)}: {basis_text(rule, lang)}", "dim")
            )
