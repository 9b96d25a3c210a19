"""Deadlines that reach people: calendar files, the expiring table, the batch dashboard."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import icalendar
import pytest
import vobject
from conftest import EXAMPLES, Cli, replaced

from toelating.reminders import (
    Deadline,
    DossierDeadlines,
    Expiring,
    calendar_bytes,
    expiring,
    expiring_csv,
)
from toelating.text import Language, LocalizedText
from toelating.vocabulary import Severity

EXAMPLE = EXAMPLES / "flexwerk-noord"
# Flexwerk Noord's dossier passes on this day, and its dated evidence runs out within a year.
CHECK = ["--as-of", "2027-05-15", "--horizon", "1y"]


def _events(data: bytes) -> list[icalendar.Component]:
    return list(icalendar.Calendar.from_ical(data).walk("VEVENT"))


def _upcoming(tmp_path: Path, cli: Cli) -> list[dict[str, object]]:
    report = tmp_path / "report.json"
    cli(["check", str(EXAMPLE), *CHECK, "--output", str(report)])
    upcoming = json.loads(report.read_text("utf-8"))["upcoming"]
    assert isinstance(upcoming, list)
    return upcoming


def test_every_upcoming_failure_is_an_event_on_its_last_good_day(tmp_path: Path, cli: Cli) -> None:
    upcoming = _upcoming(tmp_path, cli)
    assert upcoming, "the example must have deadlines within a year for this test to mean much"
    ics = tmp_path / "deadlines.ics"
    result = cli(["check", str(EXAMPLE), *CHECK, "--lang", "nl", "--calendar", str(ics)])
    assert result.exit_code in (0, 1), result.stderr
    events = _events(ics.read_bytes())
    assert len(events) == len(upcoming)
    starts = sorted(event.decoded("dtstart") for event in events)
    expected = sorted(
        dt.date.fromisoformat(str(u["date"])) - dt.timedelta(days=1) for u in upcoming
    )
    assert starts == expected
    for event in events:
        assert event.decoded("dtend") - event.decoded("dtstart") == dt.timedelta(days=1)
        triggers = sorted(alarm.decoded("trigger") for alarm in event.walk("VALARM"))
        assert triggers == [dt.timedelta(days=-14), dt.timedelta(days=-1)]
        assert "Wat te doen:" in str(event["description"])
    assert len({str(event["uid"]) for event in events}) == len(events)


def test_the_calendar_reads_in_a_second_parser(tmp_path: Path, cli: Cli) -> None:
    ics = tmp_path / "deadlines.ics"
    cli(["check", str(EXAMPLE), *CHECK, "--lang", "en", "--calendar", str(ics)])
    parsed = vobject.readOne(ics.read_text("utf-8"))
    events = parsed.contents.get("vevent", [])
    assert events and len(events) == len(_events(ics.read_bytes()))
    rules = sorted(str(u["rule_id"]) for u in _upcoming(tmp_path, cli))
    assert sorted(event.summary.value.split()[0] for event in events) == rules
    assert all("What to do:" in event.description.value for event in events)


def test_a_calendar_made_again_has_the_same_bytes(tmp_path: Path, cli: Cli) -> None:
    first, second = tmp_path / "a.ics", tmp_path / "b.ics"
    cli(["check", str(EXAMPLE), *CHECK, "--calendar", str(first)])
    cli(["check", str(EXAMPLE), *CHECK, "--calendar", str(second)])
    assert first.read_bytes() == second.read_bytes()


def test_a_calendar_needs_a_horizon(tmp_path: Path, cli: Cli) -> None:
    result = cli(["check", str(EXAMPLE), "--lang", "nl", "--calendar", str(tmp_path / "x.ics")])
    assert result.exit_code == 2
    assert "--horizon" in result.stderr and "geef ook" in result.stderr
    assert not (tmp_path / "x.ics").exists()


def test_a_calendar_never_replaces_an_input(tmp_path: Path, cli: Cli) -> None:
    folder = tmp_path / "dossier"
    shutil.copytree(EXAMPLE, folder)
    dossier = folder / "dossier.yaml"
    before = dossier.read_bytes()
    result = cli(["check", str(folder), *CHECK, "--calendar", str(dossier)])
    assert result.exit_code == 2
    assert dossier.read_bytes() == before


def _deadline(rule: str, fails_on: dt.date, severity: Severity = Severity.MAJOR) -> Deadline:
    words = LocalizedText(nl="Eis", en="Requirement")
    return Deadline(
        fails_on, rule, severity, words, words, "/vog/0", "VOG", "VOG", "te oud", "too old"
    )


def _dossier(agency: str, *deadlines: Deadline) -> DossierDeadlines:
    return DossierDeadlines(
        agency, "12345678", f"{agency}/dossier.yaml", dt.date(2027, 1, 1), deadlines
    )


@pytest.mark.parametrize(
    ("fails_on", "band"),
    [
        (dt.date(2027, 1, 2), 30),  # last good day is the check date itself
        (dt.date(2027, 1, 31), 30),
        (dt.date(2027, 2, 1), 30),  # 30 days left
        (dt.date(2027, 2, 2), 60),  # 31 days left
        (dt.date(2027, 3, 3), 60),  # 60 days left
        (dt.date(2027, 3, 4), 90),
        (dt.date(2027, 4, 2), 90),  # 90 days left
    ],
)
def test_expiring_bands(fails_on: dt.date, band: int) -> None:
    (row,) = expiring([_dossier("A", _deadline("VOG-02", fails_on))])
    assert row.band == band


def test_the_expiring_table_leaves_out_what_is_further_away_and_sorts_soonest_first() -> None:
    far = _deadline("INS-03", dt.date(2027, 4, 3))  # 91 days left
    soon = _deadline("VOG-02", dt.date(2027, 2, 10), Severity.MINOR)
    sooner = _deadline("DEP-01", dt.date(2027, 1, 20), Severity.BLOCKING)
    rows = expiring([_dossier("B", soon, far), _dossier("A", sooner)])
    assert [row.deadline.rule_id for row in rows] == ["DEP-01", "VOG-02"]


def test_expiring_csv_opens_as_columns_in_dutch_excel_and_runs_no_formula() -> None:
    rows: list[Expiring] = expiring(
        [_dossier('=HYPERLINK("http://x")', _deadline("VOG-02", dt.date(2027, 1, 20)))]
    )
    dutch = expiring_csv(rows, Language.NL)
    assert dutch.startswith("\ufeff".encode())
    header, line = dutch.decode("utf-8-sig").splitlines()
    assert header.split(";")[0] == "band" and "\"'=HYPERLINK" in line
    assert ";=" not in line and ';"=' not in line
    english = expiring_csv(rows, Language.EN)
    assert not english.startswith("\ufeff".encode()) and english.count(b";") == 0


def test_event_texts_are_shown_as_what_they_are() -> None:
    hostile = _dossier("Evil\x1b[2J\u202eB.V.", _deadline("VOG-02", dt.date(2027, 2, 1)))
    data = calendar_bytes([hostile], Language.NL)
    assert b"\x1b" not in data and "\u202e".encode() not in data
    (event,) = _events(data)
    assert "Evil" in str(event["summary"])


def test_a_batch_writes_a_calendar_per_dossier_the_expiring_table_and_the_dashboard(
    tmp_path: Path, cli: Cli
) -> None:
    out = tmp_path / "out"
    args = ["check", str(EXAMPLE), str(EXAMPLES / "vog-outdated"), *CHECK, "--lang", "nl"]
    result = cli([*args, "--output-dir", str(out)])
    assert result.exit_code in (1, 3), result.stderr
    summary = json.loads((out / "summary.json").read_text("utf-8"))
    calendars = [row["calendar"] for row in summary["dossiers"]]
    assert calendars == ["flexwerk-noord.ics", "vog-outdated.ics"]
    for name in calendars:
        icalendar.Calendar.from_ical((out / name).read_bytes())
    assert (out / "expiring.csv").read_bytes().startswith("\ufeff".encode())
    assert "Verloopt binnen 90 dagen" in result.stdout
    page = (out / "index.html").read_text("utf-8")
    assert 'href="flexwerk-noord.ics"' in page and '<html lang="nl">' in page
    again = cli([*args, "--output-dir", str(out), "--overwrite"])
    assert again.exit_code == result.exit_code, again.stderr


def test_the_dashboard_escapes_what_a_dossier_says(tmp_path: Path, cli: Cli) -> None:
    folder = tmp_path / "evil"
    shutil.copytree(EXAMPLE, folder)
    replaced(
        folder / "dossier.yaml",
        "name: Flexwerk Noord B.V.",
        'name: "<script>alert(1)</script>{{script}}"',
    )
    out = tmp_path / "out"
    cli(["check", str(folder), "--output-dir", str(out)])
    page = (out / "index.html").read_text("utf-8")
    assert "<script>alert(1)" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;{{script}}" in page
