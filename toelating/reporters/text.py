"""The terminal report: verdict first, then (for a self-check or before an application) the
to-do list, then failures by theme, missing data grouped by what is missing, errors and a
count line. Wrapped to the terminal's width when it is known."""

from __future__ import annotations

from toelating.findings import Finding, RuleResult
from toelating.i18n import format_date, message
from toelating.report import Report
from toelating.reporters.base import RenderOptions, SectionWriter
from toelating.reporters.escaping import displayable
from toelating.reporters.identity import identity_summary
from toelating.reporters.labels import (
    label,
    severity_label,
    verdict_explanation,
    verdict_label,
)
from toelating.reporters.todo_wording import (
    MAX_PLACES,
    todo_action,
    todo_headline,
    todo_places,
    todo_when,
    where,
)
from toelating.reporters.wording import (
    agency_line,
    basis_text,
    count_line,
    notice_text,
    rulebook_changes,
    severity_note,
    unofficial_marker,
    waiver_text,
)
from toelating.reporters.wrapping import Segment, wrap_segments
from toelating.text import Language
from toelating.todo import Place, todo_items
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


def _plain(text: str) -> Segment:
    return (text, ())


class _Writer(SectionWriter):
    def __init__(self, report: Report, options: RenderOptions) -> None:
        super().__init__(report, options.language)
        self.colour = options.colour
        self.width = options.width

    def style(self, text: str, *styles: str) -> str:
        if not self.colour or not styles or not text.strip():
            return text
        codes = ";".join(_ANSI[s] for s in styles)
        return f"\x1b[{codes}m{text}\x1b[0m"

    def say(self, indent: int, *segments: Segment, then: int | None = None) -> None:
        """One paragraph, wrapped: continuation lines start at column `then` (default: two
        further in than the first line)."""
        then = indent + 2 if then is None else then
        lines = wrap_segments(segments, self.width, indent, then)
        for number, line in enumerate(lines):
            margin = " " * (indent if number == 0 else then)
            self.lines.append(margin + "".join(self.style(text, *styles) for text, styles in line))

    def _footer(self) -> None:
        self.lines.append("")
        self.say(0, _plain(count_line(self.report, self.language)), then=0)

    def _heading(self, text: str) -> None:
        self.lines.append("")
        self.say(0, (text, ("bold",)))

    def _details_heading(self) -> None:
        if todo_items(self.report):  # else there was no to-do list to set the detail apart from
            self._heading(message("report.details_title", self.language))

    def _waived(self) -> None:
        waived = self.report.waived()
        if not waived:
            return
        lang = self.language
        self._heading(label("waived", lang))
        for result in waived:
            self.say(4, (result.rule_id, ("bold",)), _plain(result.rule.title.get(lang)))
            for finding in result.findings:
                self.say(8, (where(finding.item(lang), finding.path, lang), ("dim",)))
                self.say(10, _plain(finding.message(lang)))
                self._waiver_line(finding)

    def _waiver_line(self, finding: Finding) -> None:
        if finding.waiver is not None:
            lang = self.language
            self.say(10, _plain(f"{label('waiver', lang)}: {waiver_text(finding.waiver, lang)}"))

    def _waiver_notices(self) -> None:
        notices = self.report.waiver_notices
        if not notices:
            return
        self._heading(label("waiver_notices", self.language))
        for notice in notices:
            self.say(4, _plain(notice_text(notice, self.language)))

    def _upcoming(self) -> None:
        end = self.report.horizon_end
        if end is None:
            return
        lang = self.language
        self._heading(label("upcoming", lang).format(date=format_date(end, lang)))
        if not self.report.upcoming:
            self.say(4, _plain(label("no_upcoming", lang).format(date=format_date(end, lang))))
        for item in self.report.upcoming:
            severity = severity_label(item.severity, lang)
            self.say(
                4,
                _plain(format_date(item.date, lang)),
                (item.rule_id, ("bold",)),
                _plain(f"[{severity}] {where(item.item(lang), item.path, lang)}"),
                then=8,
            )
            self.say(8, _plain(item.message(lang)))
        if self.report.changes_ahead:
            self._heading(label("changes_ahead", lang))
            for change in self.report.changes_ahead:
                date = format_date(change.date, lang)
                self.say(4, _plain(f"{date}: {change.description(lang)}"), then=8)

    def _todo(self) -> None:
        items = todo_items(self.report)
        if not items:
            return
        lang = self.language
        self._heading(message("report.todo_title", lang, count=len(items)))
        self.say(0, _plain(message("report.todo_intro", lang)), then=0)
        for number, item in enumerate(items, 1):
            when = todo_when(item, self.report, lang)
            severity = severity_label(item.rule.severity, lang)
            self.lines.append("")
            self.say(
                3 - len(str(number)),  # numbers right-aligned up to 99
                _plain(f"{number}. [{severity}, {when}]"),
                (todo_headline(item, lang), ("bold",)),
                then=5,
            )
            self.say(5, _plain(todo_action(item, lang)), then=5)
            places = todo_places(item, lang)
            if places:
                self.say(5, (places, ("dim",)), then=5)

    def _header(self) -> None:
        report, lang = self.report, self.language
        verdict = report.verdict
        headline = f"{label('verdict', lang).upper()}: {verdict_label(verdict, lang)}"
        headline += unofficial_marker(report, lang).upper()
        self.say(0, (headline, ("bold", _VERDICT_COLOUR[verdict])))
        self.say(0, _plain(verdict_explanation(verdict, lang)))
        self.lines.append("")
        self.say(0, _plain(f"{label('agency', lang)}: {agency_line(report, lang)}"))
        self.say(0, _plain(f"{label('dossier', lang)}: {report.dossier.path}"))
        application = report.dossier.application_date
        applied = (
            format_date(application, lang)
            if application
            else message("report.no_application", lang)
        )
        self.say(
            0,
            _plain(f"{label('check_date', lang)}: {format_date(report.check_date, lang)} ·"),
            _plain(f"{label('application_date', lang)}: {applied}"),
        )
        self.say(
            0,
            (
                f"{label('rulebook', lang)} {report.rulebook_version} · "
                f"toelating {report.tool_version}",
                ("dim",),
            ),
        )
        for line, marked in identity_summary(report, lang):  # the report's identity, short
            self.say(0, (line, ("bold", "red") if marked else ("dim",)))

    def _rulebook_changes(self) -> None:
        lang = self.language
        self._heading(label("rulebook_changes", lang))
        self.say(4, _plain(label("rulebook_changes_intro", lang)))
        for line, changes in rulebook_changes(self.report, lang):
            self.say(4, _plain(line))
            for change in changes:
                self.say(6, _plain(f"- {change}"))

    def _section(self, outcome: Outcome, title_key: str) -> None:
        if outcome is Outcome.MISSING_DATA:
            self._missing_section(title_key)
            return
        groups = self.report.by_theme(outcome)
        if not groups:
            return
        self._heading(label(title_key, self.language))
        for theme, results in groups:
            self.say(2, _plain(theme.title.get(self.language)))
            for result in results:
                self._result(result)

    def _missing_section(self, title_key: str) -> None:
        """Rules that lack the same data under one heading naming it, most serious first: the
        empty template lacks `/workers` for fifteen rules, said once."""
        results = self.report.shown(Outcome.MISSING_DATA)
        if not results:
            return
        lang = self.language
        self._heading(label(title_key, lang))
        groups: dict[tuple[Place, ...], list[RuleResult]] = {}
        for result in results:
            groups.setdefault(tuple(Place.of(f) for f in result.findings), []).append(result)
        mark, colour = _OUTCOME_MARK[Outcome.MISSING_DATA]
        for places, members in groups.items():
            self.lines.append("")
            self.say(2, (mark, (colour, "bold")), _plain(self._missing_text(places)), then=4)
            for result in members:
                severity = severity_note(self.report, result, lang)
                self.say(
                    4,
                    (result.rule_id, ("bold",)),
                    _plain(f"[{severity}] {result.rule.title.get(lang)}"),
                    then=8,
                )

    def _missing_text(self, places: tuple[Place, ...]) -> str:
        """`werknemers (/workers): Dit gegeven ontbreekt in het dossier`, up to MAX_PLACES."""
        lang = self.language
        named = [f"{where(p.item(lang), p.path, lang)}: {p.message(lang)}" for p in places]
        if len(named) > MAX_PLACES:
            more = message("report.todo_more_places", lang, count=len(named) - MAX_PLACES)
            named = [*named[:MAX_PLACES], more]
        return "; ".join(named)

    def _result(self, result: RuleResult) -> None:
        lang, rule = self.language, result.rule
        mark, colour = _OUTCOME_MARK[result.outcome]
        severity = severity_note(self.report, result, lang)
        self.say(
            4,
            (mark, (colour, "bold")),
            (rule.id, ("bold",)),
            _plain(f"[{severity}] {rule.title.get(lang)}"),
            then=8,
        )
        for finding in result.findings:
            self.say(8, (where(finding.item(lang), finding.path, lang), ("dim",)))
            self.say(10, _plain(finding.message(lang)))
            self._waiver_line(finding)
        if result.outcome is Outcome.FAIL:
            self.say(8, _plain(f"→ {rule.remediation.get(lang)}"))
            basis = f"{label('legal_basis', lang)}: {basis_text(rule, lang)}"
            self.say(8, (basis, ("dim",)))
