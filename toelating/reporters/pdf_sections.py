"""The PDF report's content for a dossier: cover, summary, findings, rules, evidence, signature."""

from __future__ import annotations

from xml.sax.saxutils import escape

from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    PageBreak,
    Paragraph,
    Spacer,
)

from toelating.dossier.contents import CONTENT_KINDS
from toelating.findings import RuleResult
from toelating.i18n import format_date, message
from toelating.report import Report
from toelating.reporters.labels import (
    label,
    outcome_label,
    severity_label,
    verdict_explanation,
    verdict_label,
)
from toelating.reporters.pdf_identity import signature_block
from toelating.reporters.pdf_nonconformities import nonconformity_section
from toelating.reporters.pdf_style import (
    CONTENT_WIDTH,
    OUTCOME_COLOURS,
    SEVERITY_COLOURS,
    STYLES,
    VERDICT_COLOURS,
    digest_para,
    hex_colour,
    para,
    path_para,
)
from toelating.reporters.pdf_tables import box, card_table, grid_table, key_rows, key_value_table
from toelating.reporters.todo_wording import (
    places_text,
    todo_action,
    todo_headline,
    todo_places,
    todo_when,
    where,
    words_for,
)
from toelating.reporters.wording import (
    basis_text,
    notice_text,
    rulebook_changes,
    severity_note,
    theme_title,
    waiver_text,
)
from toelating.rulebook.model import Theme
from toelating.text import Language
from toelating.todo import Place, todo_items
from toelating.vocabulary import Outcome, Severity

SUMMARY_ROWS = 10  # failures listed on the summary page, so that it stays one page; the rest follow
DASH = "\u2013"  # an en dash for zero in the counts table
CARD_LABEL_WIDTH = 120
CELL_PADDING = 14  # a cell's left and right padding together
DIGEST_WIDTH = 176  # 32 hexadecimal digits of a SHA-256 on one line, with the padding


class Heading(Paragraph):  # type: ignore[misc]
    """A numbered section heading that also becomes an entry in the PDF's outline."""

    def __init__(self, text: str, level: int = 0) -> None:
        super().__init__(escape(text), STYLES["h1" if level == 0 else "h2"])
        self.outline_title = text
        self.outline_level = level


class ReportSections:
    """Builds the flowables of one report in one language; numbers the sections it writes."""

    def __init__(self, report: Report, language: Language) -> None:
        self.report = report
        self.language = language
        self.number = 0

    def label(self, key: str) -> str:
        return label(key, self.language)

    def heading(self, key: str) -> Heading:
        return self.numbered(self.label(key))

    def numbered(self, text: str) -> Heading:
        self.number += 1
        return Heading(f"{self.number}  {text}")

    def section(self, key: str) -> list[Flowable]:
        """A numbered heading, on a new page when less than a few lines would fit under it."""
        return [CondPageBreak(120), self.heading(key)]

    def story(self) -> list[Flowable]:
        parts = [self.cover(), [PageBreak()], self.summary(), [PageBreak()], self.todo()]
        parts += [self.failures()]
        parts += [self.outcome_section(Outcome.MISSING_DATA, "missing_data", "missing_data_intro")]
        parts += [self.outcome_section(Outcome.ERROR, "errors", "errors_intro")]
        parts += [self.waived(), self.upcoming()]
        parts += [self.rules_table(), self.evidence(), self.nonconformities(), self.signature()]
        return [flowable for part in parts for flowable in part]

    # --- cover --------------------------------------------------------------------------

    def cover(self) -> list[Flowable]:
        report, lang = self.report, self.language
        info = report.dossier
        kvk = [(self.label("kvk"), info.kvk_number)] if info.kvk_number else []
        details = [
            *kvk,
            (self.label("check_date"), format_date(report.check_date, lang)),
            (self.label("application_date"), self.application_date()),
            (self.label("rulebook_version"), report.rulebook_version + self.unofficial()),
            (self.label("tool_version"), f"toelating {report.tool_version}"),
            (self.label("dossier"), info.path),
            (self.label("sha256"), info.sha256),
            (self.label("fail_on"), severity_label(report.result.fail_on, lang)),
        ]
        return [
            Spacer(1, 28),
            para("TOELATING · WTTA", "kicker"),
            Spacer(1, 6),
            para(self.label("report_title"), "cover_title"),
            para(self.label("report_subtitle"), "cover_subtitle"),
            Spacer(1, 40),
            para(self.label("agency").upper(), "kicker"),
            Spacer(1, 4),
            para(info.agency, "cover_agency"),
            Spacer(1, 18),
            self.verdict_box(),
            Spacer(1, 26),
            key_value_table(details, label_width=125),
            Spacer(1, 30),
            para(self.label("disclaimer"), "small"),
        ]

    def application_date(self) -> str:
        """The dossier's application date, or that there is none yet (never the check date
        standing in for it)."""
        application = self.report.dossier.application_date
        if application is None:
            return message("report.no_application", self.language)
        return format_date(application, self.language)

    def verdict_box(self) -> Flowable:
        verdict = self.report.verdict
        ink, fill = VERDICT_COLOURS[verdict]
        head = para(
            f"{self.label('verdict')}: {verdict_label(verdict, self.language)}", "verdict", ink
        )
        lines = [head, Spacer(1, 3)]
        if not self.report.official_rulebook:  # on the cover and the summary, beside the verdict
            lines.append(para(capitalised(self.label("unofficial")), "verdict_text", ink, True))
        lines.append(para(verdict_explanation(verdict, self.language), "verdict_text"))
        return box(lines, ink, fill)

    def unofficial(self) -> str:
        return "" if self.report.official_rulebook else f" ({self.label('unofficial')})"

    def rulebook_changes(self) -> list[Flowable]:
        """What replaced or changed the official rulebook, with the overlays' reasons."""
        if self.report.official_rulebook:
            return []
        flowables = [
            Spacer(1, 10),
            para(self.label("rulebook_changes"), "h2"),
            para(self.label("rulebook_changes_intro")),
        ]
        for line, changes in rulebook_changes(self.report, self.language):
            flowables.append(para(line, "body", bold=True))
            flowables += [para(f"•  {change}", "body") for change in changes]
        return flowables

    # --- summary ------------------------------------------------------------------------

    def summary(self) -> list[Flowable]:
        threshold = severity_label(self.report.result.fail_on, self.language)
        flowables = [
            self.heading("summary"),
            self.verdict_box(),
            *self.rulebook_changes(),
            Spacer(1, 14),
            para(self.label("outcomes_by_severity"), "h2"),
            self.counts_table(),
            Spacer(1, 4),
            para(self.label("threshold_note").format(severity=threshold), "small"),
            *self.checked(),
            para(self.label("most_serious"), "h2"),
        ]
        return flowables + self.top_failures()

    def checked(self) -> list[Flowable]:
        """What was checked: how many workers, payslips, hirers, placements, locations and
        evidence files the dossier holds, and how many rules applied to it."""
        lang, report = self.language, self.report
        contents = report.dossier.contents
        pairs = [
            (message(f"report.contents_{kind}", lang), str(contents.get(kind, 0)))
            for kind in CONTENT_KINDS
        ]
        total = len(report.results)
        applied = total - report.result.counts[Outcome.NOT_APPLICABLE.value]
        rules = message("report.contents_rules_value", lang, applied=applied, total=total)
        pairs.append((message("report.contents_rules", lang), rules))
        half = (len(pairs) + 1) // 2
        rows: list[list[object]] = []
        for left, right in zip(pairs[:half], [*pairs[half:], ("", "")], strict=True):
            rows.append(
                [
                    para(left[0], "cell_muted"),
                    para(left[1], "cell_bold"),
                    para(right[0], "cell_muted"),
                    para(right[1], "cell_bold"),
                ]
            )
        label_width, value_width = 110, CONTENT_WIDTH / 2 - 110
        title = [Spacer(1, 10), para(message("report.checked_title", lang), "h2")]
        return [*title, key_rows(rows, [label_width, value_width] * 2)]

    # --- to do --------------------------------------------------------------------------

    def todo(self) -> list[Flowable]:
        """What to fix, most serious and most urgent first: what, what to do, by when."""
        lang, report = self.language, self.report
        items = todo_items(report)
        flowables: list[Flowable] = [
            self.numbered(message("report.todo_title", lang, count=len(items)))
        ]
        if not items:
            return [*flowables, para(message("report.todo_none", lang)), PageBreak()]
        flowables.append(para(message("report.todo_intro", lang)))
        header = ["#", message("report.todo_what", lang), message("report.todo_how", lang)]
        header.append(message("report.todo_deadline", lang))
        rows: list[list[object]] = [[para(text, "cell_bold") for text in header]]
        for number, item in enumerate(items, 1):
            colour = SEVERITY_COLOURS[item.rule.severity]
            what: list[Flowable] = [para(todo_headline(item, lang), "cell_bold")]
            places = todo_places(item, lang)
            if places:
                what.append(para(places, "cell_muted"))
            when = [
                para(capitalised(severity_label(item.rule.severity, lang)), "cell", colour, True),
                para(todo_when(item, report, lang), "cell"),
            ]
            rows.append(
                [para(str(number), "cell"), what, para(todo_action(item, lang), "cell"), when]
            )
        widths = [22, 170, CONTENT_WIDTH - 22 - 170 - 88, 88]
        return [*flowables, Spacer(1, 4), grid_table(rows, widths), PageBreak()]

    def counts_table(self) -> Flowable:
        lang, report = self.language, self.report
        header = [*(capitalised(severity_label(s, lang)) for s in Severity), self.label("total")]
        rows: list[list[object]] = [
            [para("", "cell_bold"), *(para(text, "cell_bold_right") for text in header)]
        ]
        order = [
            Outcome.FAIL,
            Outcome.MISSING_DATA,
            Outcome.ERROR,
            Outcome.NOT_APPLICABLE,
            Outcome.PASS,
        ]
        waived = report.waived()
        for outcome in order:
            counts = report.severity_counts(report.shown(outcome))
            rows.append(_count_row(outcome_label(outcome, lang), counts, outcome))
            if outcome is Outcome.FAIL and waived:
                waived_counts = report.severity_counts(waived)
                rows.append(_count_row(self.label("waiver"), waived_counts, Outcome.NOT_APPLICABLE))
        first = 130
        rest = (CONTENT_WIDTH - first) / 5
        return grid_table(rows, [first, *([rest] * 5)])

    def top_failures(self) -> list[Flowable]:
        failures = self.report.failing()
        if not failures:
            return [para(self.label("no_failures"))]
        lang = self.language
        header = [self.label("rule"), self.label("severity"), self.label("title")]
        rows: list[list[object]] = [
            [
                *(para(text, "cell_bold") for text in header),
                para(self.label("items"), "cell_bold_right"),
            ]
        ]
        for result in failures[:SUMMARY_ROWS]:
            rows.append(
                [
                    para(result.rule_id, "cell_bold"),
                    para(
                        severity_label(result.severity, lang),
                        "cell",
                        SEVERITY_COLOURS[result.severity],
                        bold=True,
                    ),
                    para(result.rule.title.get(lang), "cell"),
                    para(str(len(result.findings)), "cell_right"),
                ]
            )
        widths = [58, 72, CONTENT_WIDTH - 58 - 72 - 72, 72]
        flowables: list[Flowable] = [grid_table(rows, widths)]
        if len(failures) > SUMMARY_ROWS:
            more = self.label("more_failures").format(count=len(failures) - SUMMARY_ROWS)
            flowables += [Spacer(1, 4), para(more, "small")]
        return flowables

    # --- findings -----------------------------------------------------------------------

    def failures(self) -> list[Flowable]:
        flowables = self.section("findings")
        groups = self.report.by_theme(Outcome.FAIL)
        if not groups:
            return [*flowables, para(self.label("no_failures"))]
        return flowables + self.grouped(groups)

    def outcome_section(self, outcome: Outcome, title_key: str, intro_key: str) -> list[Flowable]:
        groups = self.report.by_theme(outcome)
        if not groups:
            return []
        body = self.missing_cards() if outcome is Outcome.MISSING_DATA else self.grouped(groups)
        return [*self.section(title_key), para(self.label(intro_key)), Spacer(1, 4), *body]

    def missing_cards(self) -> list[Flowable]:
        """One card per thing missing, naming every rule that needs it (most serious first):
        the empty template lacks /workers for thirteen rules, shown once."""
        lang = self.language
        groups: dict[tuple[Place, ...], list[RuleResult]] = {}
        for result in self.report.shown(Outcome.MISSING_DATA):
            groups.setdefault(tuple(Place.of(f) for f in result.findings), []).append(result)
        flowables: list[Flowable] = []
        for places, results in groups.items():
            colour = SEVERITY_COLOURS[results[0].severity]
            head = para(
                message("report.todo_add", lang, where=places_text(places, lang)), "cell_bold"
            )
            rows: list[tuple[object, object]] = [
                (
                    para(
                        f"{result.rule_id} · {severity_note(self.report, result, lang)}",
                        "cell",
                        SEVERITY_COLOURS[result.severity],
                        bold=True,
                    ),
                    para(result.rule.title.get(lang), "cell"),
                )
                for result in results
            ]
            distinct = {place.message(lang) for place in places}
            if len(distinct) == 1:
                rows.insert(
                    0, (para(self.label("message"), "cell_muted"), para(distinct.pop(), "cell"))
                )
            else:
                rows[:0] = [
                    (
                        _place(words_for(p.item(lang), p.path, lang), p.path),
                        para(p.message(lang), "cell"),
                    )
                    for p in places
                ]
            flowables += [
                card_table(head, rows, colour, label_width=CARD_LABEL_WIDTH),
                Spacer(1, 8),
            ]
        return flowables

    def grouped(self, groups: list[tuple[Theme, list[RuleResult]]]) -> list[Flowable]:
        flowables: list[Flowable] = []
        for theme, results in groups:
            flowables += [CondPageBreak(90), para(theme.title.get(self.language), "h2")]
            for result in results:
                flowables += [self.card(result), Spacer(1, 8)]
        return flowables

    def card(self, result: RuleResult) -> Flowable:
        """One rule's findings: a header line, then path and message per item, then what to do."""
        lang, rule = self.language, result.rule
        colour = SEVERITY_COLOURS[result.severity]
        note = severity_note(self.report, result, lang)
        severity = f'<font color="{hex_colour(colour)}"><b>{escape(note)}</b></font>'
        title = escape(rule.title.get(lang))
        head = Paragraph(f"<b>{escape(rule.id)}</b>  ·  {severity}  ·  {title}", STYLES["cell"])
        rows: list[tuple[object, object]] = [
            (
                _place(words_for(finding.item(lang), finding.path, lang), finding.path),
                para(finding.message(lang), "cell"),
            )
            for finding in result.findings
        ]
        for position, finding in reversed(list(enumerate(result.findings))):
            if finding.waiver is not None:  # under the finding it accepts
                name = para(capitalised(self.label("waiver")), "cell_muted")
                rows.insert(position + 1, (name, para(waiver_text(finding.waiver, lang), "cell")))
        reason = result.reason(lang)
        if reason and not result.findings:
            rows.append((para(self.label("outcome"), "cell_muted"), para(reason, "cell")))
        if result.outcome is Outcome.FAIL:
            rows.append(
                (
                    para(self.label("remediation"), "cell_bold"),
                    para(rule.remediation.get(lang), "cell"),
                )
            )
        rows.append(
            (para(self.label("legal_basis"), "cell_bold"), para(basis_text(rule, lang), "cell"))
        )
        return card_table(head, rows, colour, label_width=CARD_LABEL_WIDTH)

    # --- all rules, evidence, signature -------------------------------------------------

    def rules_table(self) -> list[Flowable]:
        lang = self.language
        header = [
            self.label("rule"),
            self.label("title"),
            self.label("severity"),
            self.label("outcome"),
        ]
        rows: list[list[object]] = [[para(text, "cell_bold") for text in header]]
        spans: list[int] = []
        order = {theme.id: n for n, theme in enumerate(self.report.themes)}
        ordered = sorted(
            self.report.results, key=lambda r: (order.get(r.rule.theme, len(order)), r.rule_id)
        )
        current = None
        for result in ordered:
            if result.rule.theme != current:
                current = result.rule.theme
                spans.append(len(rows))
                rows.append(
                    [para(theme_title(self.report, current, lang), "cell_bold"), "", "", ""]
                )
            rows.append(self.rule_row(result))
        widths = [58, CONTENT_WIDTH - 58 - 70 - 105, 70, 105]
        return [*self.section("all_rules"), grid_table(rows, widths, section_rows=spans)]

    def rule_row(self, result: RuleResult) -> list[object]:
        lang, outcome = self.language, result.outcome
        marked = outcome in (Outcome.FAIL, Outcome.MISSING_DATA, Outcome.ERROR)
        word, colour = outcome_label(outcome, lang), OUTCOME_COLOURS[outcome]
        if result.waived:
            word, colour, marked = (
                self.label("waiver"),
                OUTCOME_COLOURS[Outcome.NOT_APPLICABLE],
                True,
            )
        return [
            para(result.rule_id, "cell"),
            para(result.rule.title.get(lang), "cell"),
            para(severity_label(result.severity, lang), "cell"),
            para(word, "cell", colour, bold=marked),
        ]

    def evidence(self) -> list[Flowable]:
        """Each evidence file with the SHA-256 of the bytes read at the check, and its status."""
        flowables = self.section("evidence")
        info = self.report.dossier
        if not info.evidence:
            return [*flowables, para(self.label("no_evidence"))]
        header = [
            self.label("evidence_id"),
            self.label("file"),
            message("report.evidence_sha256", self.language),
            self.label("status"),
        ]
        rows: list[list[object]] = [[para(text, "cell_bold") for text in header]]
        widths = [90, CONTENT_WIDTH - 90 - DIGEST_WIDTH - 80, DIGEST_WIDTH, 80]
        for identifier, file in info.evidence:
            status = info.evidence_status.get(identifier)
            word = label(f"evidence_{status}", self.language) if status else ""
            colour = OUTCOME_COLOURS[Outcome.PASS if status == "ok" else Outcome.FAIL]
            digest = info.evidence_sha256.get(identifier)
            rows.append(
                [
                    para(identifier, "cell"),
                    path_para(file, widths[1] - CELL_PADDING, "cell"),
                    digest_para(digest)
                    if digest
                    else para(message("report.evidence_not_read", self.language), "cell_muted"),
                    para(word, "cell", colour if status else None),
                ]
            )
        return [*flowables, grid_table(rows, widths)]

    def waived(self) -> list[Flowable]:
        """Failures a certifier accepted, and waivers that no longer apply."""
        waived, notices = self.report.waived(), self.report.waiver_notices
        if not waived and not notices:
            return []
        flowables = [*self.section("waived"), *self.grouped(self.report.in_themes(waived))]
        if notices:
            flowables.append(para(self.label("waiver_notices"), "h2"))
            flowables += [para(notice_text(notice, self.language)) for notice in notices]
        return flowables

    def upcoming(self) -> list[Flowable]:
        """Findings that appear between the check date and the horizon, when asked for."""
        end = self.report.horizon_end
        if end is None:
            return []
        lang = self.language
        title = label("upcoming", lang).format(date=format_date(end, lang))
        flowables: list[Flowable] = [CondPageBreak(120), self.numbered(title)]
        if not self.report.upcoming:
            no_upcoming = label("no_upcoming", lang).format(date=format_date(end, lang))
            return [*flowables, para(no_upcoming)]
        header = [self.label("date"), self.label("rule"), self.label("message")]
        rows: list[list[object]] = [[para(text, "cell_bold") for text in header]]
        for item in self.report.upcoming:
            colour = SEVERITY_COLOURS[item.severity]
            rule = f"{item.rule_id} · {severity_label(item.severity, lang)}"
            rows.append(
                [
                    para(format_date(item.date, lang), "cell"),
                    para(rule, "cell", colour, bold=True),
                    para(
                        f"{where(item.item(lang), item.path, lang)}: {item.message(lang)}", "cell"
                    ),
                ]
            )
        flowables.append(grid_table(rows, [70, 110, CONTENT_WIDTH - 180]))
        if self.report.changes_ahead:
            flowables.append(Spacer(1, 6))
        for change in self.report.changes_ahead:
            line = f"{format_date(change.date, lang)}: {change.description(lang)}"
            flowables.append(para(line, "small"))
        return flowables

    def nonconformities(self) -> list[Flowable]:
        """The inspection's findings (toelating.reporters.pdf_nonconformities)."""
        if not self.report.dossier.nonconformities:
            return []
        heading = self.numbered(message("nonconformities.title", self.language))
        return nonconformity_section(self.report, self.language, heading)

    def signature(self) -> list[Flowable]:
        """The report's identity and the place to sign (toelating.reporters.pdf_identity)."""
        heading = self.heading("signature_title")
        return signature_block(self.report, self.language, heading)


def _count_row(name: str, counts: dict[Severity, int], outcome: Outcome) -> list[object]:
    cells: list[object] = [para(capitalised(name), "cell", OUTCOME_COLOURS[outcome], bold=True)]
    cells += [_count_cell(counts[severity], outcome) for severity in Severity]
    cells.append(_count_cell(sum(counts.values()), outcome, bold=True))
    return cells


def capitalised(text: str) -> str:
    """'niet voldaan' -> 'Niet voldaan', for labels that start a table cell."""
    return text[:1].upper() + text[1:]


def _count_cell(count: int, outcome: Outcome, bold: bool = False) -> Paragraph:
    if count == 0:
        return para(DASH, "cell_right", STYLES["cell_muted"].textColor)
    colour = (
        OUTCOME_COLOURS[outcome]
        if outcome in (Outcome.FAIL, Outcome.MISSING_DATA, Outcome.ERROR)
        else None
    )
    return para(str(count), "cell_right", colour, bold=bold or colour is not None)


def _place(words: str, path: str) -> object:
    """A finding's place in words (its item, or the section and field) above its JSON
    pointer (muted)."""
    return [para(words, "cell"), path_para(path or "/", CARD_LABEL_WIDTH - CELL_PADDING)]
