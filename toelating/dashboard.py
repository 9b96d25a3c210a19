"""The batch dashboard: `index.html` in the --output-dir, one static page a certifier opens
without a server or a network (inline style and script only), listing every dossier with its
verdict, counts, what expires next and links to its files; sortable by any column and readable
when printed."""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from importlib import resources
from typing import TYPE_CHECKING
from urllib.parse import quote

from toelating.i18n import format_date, message
from toelating.reminders import Expiring, expiring_records
from toelating.reporters.escaping import visible
from toelating.reporters.labels import verdict_label
from toelating.text import Language
from toelating.vocabulary import Verdict

if TYPE_CHECKING:
    from toelating.batch import BatchRow

# The verdicts in the order a certifier looks at them: what needs work first.
_VERDICT_ORDER = ("refused", "undetermined", "non_compliant", "incomplete", "compliant")
_SLOT = re.compile(r"\{\{(\w+)\}\}")
_COUNTS = ("fail", "missing_data", "error", "pass", "waived")


def dashboard_html(
    rows: Sequence[BatchRow], soon: Sequence[Expiring] | None, language: Language
) -> bytes:
    """The page, complete: its style and sorting script are inside it."""
    assets = resources.files("toelating") / "assets" / "dashboard"
    parts = {
        "lang": language.value,
        "style": (assets / "style.css").read_text(encoding="utf-8"),
        "script": (assets / "sort.js").read_text(encoding="utf-8"),
        "title": _text(message("dashboard.title", language)),
        "totals": _totals(rows, language),
        "dossiers": _dossier_table(rows, language),
        "expiring": _expiring_section(soon, language),
    }
    page = (assets / "page.html").read_text(encoding="utf-8")
    # One pass: a dossier's text that reads "{{script}}" stays text.
    return _SLOT.sub(lambda slot: parts[slot.group(1)], page).encode("utf-8")


def _text(value: str | None) -> str:
    """Dossier text as what it is: escaped for HTML, invisible characters made visible."""
    return html.escape(visible(value or ""), quote=True)


def _totals(rows: Sequence[BatchRow], language: Language) -> str:
    counts = {verdict: sum(row.verdict == verdict for row in rows) for verdict in _VERDICT_ORDER}
    parts = [
        f'<span class="verdict {verdict}">{counts[verdict]} '
        f"{_text(_verdict_word(verdict, language))}</span>"
        for verdict in _VERDICT_ORDER
        if counts[verdict]
    ]
    return _text(message("dashboard.dossiers", language, count=len(rows))) + ": " + " ".join(parts)


def _dossier_table(rows: Sequence[BatchRow], language: Language) -> str:
    headers = [
        ("number", "#"),
        ("text", message("dashboard.dossier", language)),
        ("text", message("dashboard.agency", language)),
        ("text", "KvK"),
        ("verdict", message("dashboard.verdict", language)),
        *(("number", message(f"dashboard.count_{key}", language)) for key in _COUNTS),
        ("date", message("dashboard.next_expiry", language)),
        ("text", message("dashboard.files", language)),
    ]
    head = "".join(
        f'<th data-sort="{kind}" scope="col"><button type="button">{_text(name)}</button></th>'
        for kind, name in headers
    )
    body = "".join(_dossier_row(row, language) for row in rows)
    return f'<table id="dossiers"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'


def _dossier_row(row: BatchRow, language: Language) -> str:
    verdict = _verdict_word(row.verdict, language)
    rank = _VERDICT_ORDER.index(row.verdict) if row.verdict in _VERDICT_ORDER else 0
    counts = "".join(
        f'<td class="number">{_text(str(row.counts.get(key, "")))}</td>' for key in _COUNTS
    )
    cells = [
        f'<td class="number">{row.index + 1}</td>',
        f"<td>{_text(row.path)}</td>",
        f"<td>{_text(row.agency)}</td>",
        f"<td>{_text(row.kvk_number)}</td>",
        f'<td data-value="{rank}"><span class="verdict {_text(row.verdict)}">'
        f"{_text(verdict)}</span>{_reason(row)}</td>",
        counts,
        _next_expiry(row, language),
        f"<td>{_links(row, language)}</td>",
    ]
    return f"<tr>{''.join(cells)}</tr>"


def _verdict_word(verdict: str, language: Language) -> str:
    if verdict == "refused":  # a dossier that could not be read has no verdict
        return message("dashboard.verdict_refused", language)
    return verdict_label(Verdict(verdict), language).lower()


def _reason(row: BatchRow) -> str:
    return f'<div class="reason">{_text(row.reason)}</div>' if row.reason else ""


def _next_expiry(row: BatchRow, language: Language) -> str:
    deadlines = row.deadlines.deadlines if row.deadlines else ()
    if not deadlines:
        return '<td data-value="9999-12-31">—</td>'
    first = min(deadlines, key=lambda d: (d.last_day, -d.severity.rank))
    return (
        f'<td data-value="{first.last_day.isoformat()}">'
        f'<span class="nowrap">{_text(format_date(first.last_day, language))}</span> '
        f'<span class="nowrap">{_text(first.rule_id)}</span>'
        f'<div class="small">{_text(first.title.get(language))}</div></td>'
    )


def _links(row: BatchRow, language: Language) -> str:
    files = [
        (row.report_file, message("dashboard.report", language)),
        (row.calendar_file, message("dashboard.calendar", language)),
    ]
    return " ".join(
        f'<a href="{html.escape(quote(name), quote=True)}">{_text(label)}</a>'
        for name, label in files
        if name
    )


def _expiring_section(soon: Sequence[Expiring] | None, language: Language) -> str:
    if soon is None:
        return ""
    title = _text(message("calendar.expiring_title", language, days=90))
    if not soon:
        nothing = _text(message("calendar.nothing_expiring", language, days=90))
        return f"<section><h2>{title}</h2><p>{nothing}</p></section>"
    columns = ("band", "last_day", "dossier", "agency", "rule", "title", "item")
    head = "".join(
        f'<th scope="col">{_text(message(f"dashboard.expiring_{c}", language))}</th>'
        for c in columns
    )
    records = expiring_records(soon, language)
    for record, row in zip(records, soon, strict=True):
        record["last_day"] = format_date(row.deadline.last_day, language)
    body = "".join(
        "<tr>" + "".join(f'<td class="{c}">{_text(record[c])}</td>' for c in columns) + "</tr>"
        for record in records
    )
    table = f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"
    return f"<section><h2>{title}</h2>{table}</section>"
