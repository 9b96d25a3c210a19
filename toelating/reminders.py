"""Deadlines that reach people: what starts failing within the horizon, as dated items, as
calendar events (iCalendar, RFC 5545) and as an "expiring in 30/60/90 days" table.

The dates come from the horizon (`horizon.look_ahead`: the dossier checked again on every
day), so a calendar holds exactly what the report's "coming up" section says, for every rule
that reads the check date: a VOG that becomes too old, an inspection report or admission that
ends, a deposit instalment or a repair term falling due. Nothing here knows a rule by name.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from toelating import __version__
from toelating.i18n import format_date, message
from toelating.report import Report
from toelating.reporters.escaping import visible
from toelating.text import Language, LocalizedText
from toelating.vocabulary import Severity

if TYPE_CHECKING:
    from icalendar import Event

# Alarms ahead of the last day a requirement is still met: time to act, and a last call.
ALARM_DAYS_AHEAD = (14, 1)
# RFC 5545 PRIORITY: 1 is the highest, 9 the lowest.
_PRIORITY = {Severity.BLOCKING: 1, Severity.MAJOR: 3, Severity.MINOR: 5, Severity.ADVISORY: 9}
# The bands of the expiring table, in days from the check date.
EXPIRY_BANDS = (30, 60, 90)


@dataclass(frozen=True)
class Deadline:
    """One requirement that is met today and no longer from `fails_on` on."""

    fails_on: dt.date
    rule_id: str
    severity: Severity
    title: LocalizedText
    remediation: LocalizedText
    path: str
    item_nl: str | None
    item_en: str | None
    message_nl: str
    message_en: str

    @property
    def last_day(self) -> dt.date:
        """The last day the requirement is still met: the day to act by."""
        return self.fails_on - dt.timedelta(days=1)

    def item(self, language: Language) -> str:
        named = self.item_nl if language is Language.NL else self.item_en
        return named or self.path

    def message(self, language: Language) -> str:
        return self.message_nl if language is Language.NL else self.message_en


def deadlines(report: Report) -> tuple[Deadline, ...]:
    """The report's upcoming failures as deadlines, earliest first (empty without a horizon)."""
    rules = {result.rule_id: result.rule for result in report.results}
    found = []
    for upcoming in report.upcoming:
        rule = rules[upcoming.rule_id]
        found.append(
            Deadline(
                fails_on=upcoming.date,
                rule_id=upcoming.rule_id,
                severity=upcoming.severity,
                title=rule.title,
                remediation=rule.remediation,
                path=upcoming.path,
                item_nl=upcoming.item(Language.NL),
                item_en=upcoming.item(Language.EN),
                message_nl=upcoming.message(Language.NL),
                message_en=upcoming.message(Language.EN),
            )
        )
    return tuple(found)


@dataclass(frozen=True)
class DossierDeadlines:
    """One dossier's deadlines with what names the dossier in a calendar."""

    agency: str
    kvk_number: str | None
    dossier_path: str
    check_date: dt.date
    deadlines: tuple[Deadline, ...]

    @classmethod
    def of(cls, report: Report) -> DossierDeadlines:
        return cls(
            agency=report.dossier.agency,
            kvk_number=report.dossier.kvk_number,
            dossier_path=report.dossier.path,
            check_date=report.check_date,
            deadlines=deadlines(report),
        )


def calendar_bytes(dossiers: Sequence[DossierDeadlines], language: Language) -> bytes:
    """An iCalendar file with one all-day event per deadline on its last good day, each with
    alarms ahead. Event UIDs depend only on the dossier, rule and item, so importing a newer
    calendar updates the events instead of adding copies."""
    from icalendar import Calendar  # only when a calendar is asked for

    calendar = Calendar()
    calendar.add("prodid", f"-//toelating//toelatingstoets {__version__}//{language.value.upper()}")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", _calendar_name(dossiers, language))
    for dossier in dossiers:
        for deadline in dossier.deadlines:
            calendar.add_component(_event(dossier, deadline, language))
    return bytes(calendar.to_ical())


def _calendar_name(dossiers: Sequence[DossierDeadlines], language: Language) -> str:
    if len(dossiers) == 1:
        return message("calendar.name_one", language, agency=visible(dossiers[0].agency))
    return message("calendar.name_many", language, count=len(dossiers))


def _event(dossier: DossierDeadlines, deadline: Deadline, language: Language) -> Event:
    from icalendar import Alarm, Event

    event = Event()
    event.add("uid", _uid(dossier, deadline))
    # The check date as the stamp keeps a calendar reproducible from the same check.
    event.add("dtstamp", dt.datetime.combine(dossier.check_date, dt.time(), dt.UTC))
    event.add("dtstart", deadline.last_day)
    event.add("dtend", deadline.fails_on)  # all-day: the end date is exclusive
    event.add("summary", _summary(dossier, deadline, language))
    event.add("description", _description(dossier, deadline, language))
    event.add("categories", [message("calendar.category", language)])
    event.add("priority", _PRIORITY[deadline.severity])
    event.add("transp", "TRANSPARENT")  # a reminder, not time taken
    for days in ALARM_DAYS_AHEAD:
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", _summary(dossier, deadline, language))
        alarm.add("trigger", dt.timedelta(days=-days))
        event.add_component(alarm)
    return event


def _uid(dossier: DossierDeadlines, deadline: Deadline) -> str:
    owner = dossier.kvk_number or dossier.agency
    key = "\x1f".join((owner, deadline.rule_id, deadline.path))
    return f"{hashlib.sha256(key.encode('utf-8')).hexdigest()[:32]}@toelating"


def _summary(dossier: DossierDeadlines, deadline: Deadline, language: Language) -> str:
    return message(
        "calendar.summary",
        language,
        rule=deadline.rule_id,
        title=deadline.title.get(language),
        item=visible(deadline.item(language)),
        agency=visible(dossier.agency),
    )


def _description(dossier: DossierDeadlines, deadline: Deadline, language: Language) -> str:
    return message(
        "calendar.description",
        language,
        fails_on=format_date(deadline.fails_on, language),
        message=visible(deadline.message(language)),
        remediation=deadline.remediation.get(language),
        agency=visible(dossier.agency),
        kvk=visible(dossier.kvk_number or "—"),
        dossier=visible(dossier.dossier_path),
        check_date=format_date(dossier.check_date, language),
    )


@dataclass(frozen=True)
class Expiring:
    """One line of the expiring table: a deadline of one dossier, with its band."""

    dossier: DossierDeadlines
    deadline: Deadline
    days_left: int  # from the check date to the last good day

    @property
    def band(self) -> int:
        """30, 60 or 90: the first band the last good day falls in."""
        return next(band for band in EXPIRY_BANDS if self.days_left <= band)


def expiring(dossiers: Sequence[DossierDeadlines]) -> list[Expiring]:
    """Every deadline within the widest band, soonest first, over all dossiers."""
    rows = []
    for dossier in dossiers:
        for deadline in dossier.deadlines:
            days_left = (deadline.last_day - dossier.check_date).days
            if days_left <= EXPIRY_BANDS[-1]:
                rows.append(Expiring(dossier, deadline, days_left))
    return sorted(
        rows,
        key=lambda r: (
            r.days_left,
            -r.deadline.severity.rank,
            r.dossier.dossier_path,
            r.deadline.rule_id,
        ),
    )


def expiring_records(rows: Sequence[Expiring], language: Language) -> list[dict[str, str]]:
    """The table's cells, the same for the terminal, the CSV and the dashboard."""
    return [
        {
            "band": message("calendar.band", language, days=row.band),
            "last_day": row.deadline.last_day.isoformat(),
            "days_left": str(row.days_left),
            "dossier": row.dossier.dossier_path,
            "agency": row.dossier.agency,
            "rule": row.deadline.rule_id,
            "severity": row.deadline.severity.value,
            "title": row.deadline.title.get(language),
            "item": row.deadline.item(language),
        }
        for row in rows
    ]


EXPIRING_COLUMNS = (
    "band",
    "last_day",
    "days_left",
    "dossier",
    "agency",
    "rule",
    "severity",
    "title",
    "item",
)


def expiring_table(rows: Sequence[Expiring], language: Language) -> str:
    """The expiring table for the terminal, grouped by band."""
    if not rows:
        return message("calendar.nothing_expiring", language, days=EXPIRY_BANDS[-1]) + "\n"
    lines = [message("calendar.expiring_title", language, days=EXPIRY_BANDS[-1])]
    band = None
    for record, row in zip(expiring_records(rows, language), rows, strict=True):
        if row.band != band:
            band = row.band
            lines.append(f"\n{record['band']}")
        lines.append(
            f"  {format_date(row.deadline.last_day, language)}  {visible(record['agency'])}  "
            f"{record['rule']} {record['title']}: {visible(record['item'])}"
        )
    return "\n".join(lines) + "\n"


def expiring_csv(rows: Sequence[Expiring], language: Language) -> bytes:
    """The expiring table as CSV, for a spreadsheet in the language's conventions."""
    from toelating.spreadsheet import csv_bytes

    records = expiring_records(rows, language)
    return csv_bytes(
        EXPIRING_COLUMNS, ([r[c] for c in EXPIRING_COLUMNS] for r in records), language
    )
