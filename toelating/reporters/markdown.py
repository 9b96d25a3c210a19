"""Markdown for pull-request comments and e-mail: the text report's layout, dossier text escaped."""

from __future__ import annotations

import re

from toelating.findings import RuleResult
from toelating.i18n import format_date, message
from toelating.report import Report
from toelating.reporters.base import RenderOptions, SectionWriter
from toelating.reporters.escaping import displayable
from toelating.reporters.identity import identity_rows
from toelating.reporters.labels import label, severity_label, verdict_explanation, verdict_label
from toelating.reporters.nonconformity_wording import finding_words, intro
from toelating.reporters.todo_wording import todo_action, todo_headline, todo_places, todo_when
from toelating.reporters.wording import (
    agency_line,
    basis_text,
    count_line,
    notice_text,
    rulebook_changes,
    severity_note,
    waiver_text,
)
from toelating.text import Language
from toelating.todo import todo_items
from toelating.vocabulary import Outcome, Verdict

_VERDICT_MARK = {
    Verdict.COMPLIANT: "✅",
    Verdict.INCOMPLETE: "⚠️",
    Verdict.UNDETERMINED: "⛔",
    Verdict.NON_COMPLIANT: "❌",
}

# Characters that start emphasis, links, HTML, tables, strikethrough, math or entities
# anywhere in a line; CommonMark lets a backslash escape any ASCII punctuation.
_INLINE_SPECIAL = re.compile(r"([\\`*_\[\]<>|~#$&!])")


def escape(text: str) -> str:
    """Text from a dossier or rule as literal inline Markdown on one line: no markup gets through.

    Only for text after other text on its line (every use here): at the very start of a
    line, '1.' or '-' would still begin a list.
    """
    return _INLINE_SPECIAL.sub(r"\\\1", " ".join(text.split()))


def code(text: str) -> str:
    """An inline code span that holds any text, backticks included."""
    flat = " ".join(text.split()) or " "
    longest = max((len(run) for run in re.findall(r"`+", flat)), default=0)
    fence = "`" * (longest + 1)
    padded = f" {flat} " if flat.startswith("`") or flat.endswith("`") else flat
    return f"{fence}{padded}{fence}"


class MarkdownReporter:
    name = "markdown"
    extension = ".md"
    default_language = Language.EN

    def render(self, reports: list[Report], options: RenderOptions) -> bytes:
        blocks = [_Writer(report, options.language).write() for report in displayable(reports)]
        return "\n---\n\n".join(blocks).encode("utf-8")


class _Writer(SectionWriter):
    def _footer(self) -> None:
        self.lines += ["", f"_{escape(count_line(self.report, self.language))}_"]

    def _header(self) -> None:
        report, lang = self.report, self.language
        verdict = report.verdict
        marker = "" if report.official_rulebook else f" · ⚠️ {label('unofficial', lang)}"
        self.lines.append(
            f"## {_VERDICT_MARK[verdict]} {label('verdict', lang)}: {verdict_label(verdict, lang)}"
            + marker
        )
        self.lines += ["", verdict_explanation(verdict, lang), ""]
        self.lines.append(f"- **{label('agency', lang)}:** {escape(agency_line(report, lang))}")
        self.lines.append(f"- **{label('dossier', lang)}:** {code(report.dossier.path)}")
        dates = f"- **{label('check_date', lang)}:** {format_date(report.check_date, lang)}"
        applied = report.result.application_date
        if applied != report.check_date:
            dates += f" · **{label('application_date', lang)}:** {format_date(applied, lang)}"
        self.lines.append(dates)
        self.lines.append(
            f"- **{label('rulebook', lang)}:** {escape(report.rulebook_version)}"
            f" · toelating {escape(report.tool_version)}"
        )
        self._identity()

    def _identity(self) -> None:
        """The report's id, issue and digests, each evidence file with its own."""
        lang = self.language
        self.lines += ["", f"### {escape(message('identity.title', lang))}", ""]
        for row in identity_rows(self.report, lang, evidence=True):
            value = code(row.value) if row.code else escape(row.value)
            self.lines.append(f"- **{escape(row.label)}:** {value}")

    def _rulebook_changes(self) -> None:
        lang = self.language
        self.lines += ["", f"### ⚠️ {label('rulebook_changes', lang)}", ""]
        self.lines += [label("rulebook_changes_intro", lang), ""]
        for line, changes in rulebook_changes(self.report, lang):
            self.lines.append(f"- {escape(line)}")
            self.lines += [f"  - {escape(change)}" for change in changes]

    def _section(self, outcome: Outcome, title_key: str) -> None:
        groups = self.report.by_theme(outcome)
        if not groups:
            return
        self.lines += ["", f"### {label(title_key, self.language)}"]
        for theme, results in groups:
            self.lines += ["", f"#### {escape(theme.title.get(self.language))}", ""]
            for result in results:
                self._result(result)

    def _result(self, result: RuleResult) -> None:
        lang, rule = self.language, result.rule
        note = escape(severity_note(self.report, result, lang))
        self.lines.append(f"- **{rule.id}** ({note}) {escape(rule.title.get(lang))}")
        for finding in result.findings:
            where = _where(finding.item(lang), finding.path)
            self.lines.append(f"  - {where}: {escape(finding.message(lang))}")
            if finding.waiver is not None:
                waiver = escape(waiver_text(finding.waiver, lang))
                self.lines.append(f"    - **{label('waiver', lang)}:** {waiver}")
        reason = result.reason(lang)
        if reason and not result.findings:
            self.lines.append(f"  - {escape(reason)}")
        if result.outcome is Outcome.FAIL:
            self.lines.append(
                f"  - **{label('remediation', lang)}:** {escape(rule.remediation.get(lang))}"
            )
            self.lines.append(
                f"  - **{label('legal_basis', lang)}:** {escape(basis_text(rule, lang))}"
            )

    def _waived(self) -> None:
        """Failures a certifier accepted: shown apart, as they do not count toward the verdict."""
        waived = self.report.waived()
        if not waived:
            return
        self.lines += ["", f"### {label('waived', self.language)}", ""]
        for result in waived:
            self._result(result)

    def _waiver_notices(self) -> None:
        notices = self.report.waiver_notices
        if not notices:
            return
        self.lines += ["", f"### {label('waiver_notices', self.language)}", ""]
        self.lines += [f"- {escape(notice_text(notice, self.language))}" for notice in notices]

    def _todo(self) -> None:
        items = todo_items(self.report)
        if not items:
            return
        lang = self.language
        title = message("report.todo_title", lang, count=len(items))
        self.lines += ["", f"### {escape(title)}", ""]
        for number, item in enumerate(items, 1):
            when = escape(todo_when(item, self.report, lang))
            severity = escape(severity_label(item.rule.severity, lang))
            headline = escape(todo_headline(item, lang))
            self.lines.append(f"{number}. **{headline}** ({severity}, {when})")
            self.lines.append(f"   - {escape(todo_action(item, lang))}")
            places = todo_places(item, lang)
            if places:
                self.lines.append(f"   - {escape(places)}")

    def _upcoming(self) -> None:
        end = self.report.horizon_end
        if end is None:
            return
        lang = self.language
        title = escape(label("upcoming", lang).format(date=format_date(end, lang)))
        self.lines += ["", f"### {title}", ""]
        if not self.report.upcoming:
            self.lines.append(
                escape(label("no_upcoming", lang).format(date=format_date(end, lang)))
            )
        for item in self.report.upcoming:
            severity = escape(severity_label(item.severity, lang))
            where = _where(item.item(lang), item.path)
            self.lines.append(
                f"- {format_date(item.date, lang)} **{item.rule_id}** ({severity}) {where}"
            )
            self.lines.append(f"  - {escape(item.message(lang))}")
        if self.report.changes_ahead:
            self.lines += ["", f"### {label('changes_ahead', lang)}", ""]
            for change in self.report.changes_ahead:
                self.lines.append(
                    f"- {format_date(change.date, lang)} {escape(change.description(lang))}"
                )

    def _nonconformities(self) -> None:
        """Every finding of the inspection: class, standing, deadline, response, plan."""
        if not self.report.dossier.nonconformities:
            return
        lang = self.language
        self.lines += ["", f"### {escape(message('nonconformities.title', lang))}", ""]
        self.lines += [escape(intro(self.report, lang)), ""]
        deadline = message("nonconformities.column_deadline", lang)
        for words in finding_words(self.report, lang):
            self.lines.append(
                f"- **{escape(words.id)}** ({escape(words.class_text)};"
                f" {escape(words.standing_text)}): {escape(words.description)}"
            )
            self.lines.append(f"  - {escape(deadline)}: {escape(words.deadline)}")
            self.lines.append(f"  - {escape(words.response)}")
            self.lines += [f"  - {escape(part)}: {escape(text)}" for part, text in words.plan]


def _where(item: str | None, path: str) -> str:
    """The item in words, then its JSON pointer as code."""
    pointer = code(path or "/")
    return f"{escape(item)} ({pointer})" if item else pointer
