"""The PDF report's section on the inspection's findings: class, finding and the agency's
repair plan, repair deadline, and where each stands on the check date."""

from __future__ import annotations

from reportlab.platypus import CondPageBreak, Flowable

from toelating.i18n import message
from toelating.nonconformities import Standing
from toelating.report import Report
from toelating.reporters.nonconformity_wording import FindingWords, finding_words, intro
from toelating.reporters.pdf_style import CONTENT_WIDTH, OUTCOME_COLOURS, para
from toelating.reporters.pdf_tables import grid_table
from toelating.text import Language
from toelating.vocabulary import Outcome

_WIDTHS = (50.0, 70.0, 88.0, 95.0)  # id, class, deadline, standing; the finding takes the rest
_COLUMNS = ("column_id", "column_class", "column_finding", "column_deadline", "column_standing")


def nonconformity_section(report: Report, language: Language, heading: Flowable) -> list[Flowable]:
    """Nothing when the dossier records no findings."""
    if not report.dossier.nonconformities:
        return []
    header = [para(message(f"nonconformities.{key}", language), "cell_bold") for key in _COLUMNS]
    rows: list[list[object]] = [header]
    rows += [_row(words, language) for words in finding_words(report, language)]
    finding_width = CONTENT_WIDTH - sum(_WIDTHS)
    widths = [_WIDTHS[0], _WIDTHS[1], finding_width, _WIDTHS[2], _WIDTHS[3]]
    return [CondPageBreak(120), heading, para(intro(report, language)), grid_table(rows, widths)]


def _row(words: FindingWords, language: Language) -> list[object]:
    finding: list[Flowable] = [para(words.description, "cell"), para(words.response, "cell_muted")]
    finding += [para(f"{label}: {text}", "cell_muted") for label, text in words.plan]
    colour = _STANDING_COLOURS.get(words.standing)
    return [
        para(words.id, "cell_bold"),
        para(words.class_text, "cell"),
        finding,
        para(words.deadline, "cell"),
        para(words.standing_text, "cell", colour, bold=colour is not None),
    ]


_STANDING_COLOURS = {
    Standing.CLOSED: OUTCOME_COLOURS[Outcome.PASS],
    Standing.OVERDUE: OUTCOME_COLOURS[Outcome.FAIL],
}
