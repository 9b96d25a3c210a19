"""Outputs that were wrong or misleading (issue 14), each pinned: FIN-03's reference date before
an application, `diff` given a PDF or a folder, `--horizon 6mnd`, and `--output rapport.pdf`."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from conftest import EXAMPLES, Cli, write

from toelating.checking import CheckOptions, check_one
from toelating.findings import RuleResult
from toelating.rulebook.load import Rulebook


def fin_03(
    tmp_path: Path, rulebook: Rulebook, application: str, issued: str, as_of: dt.date
) -> RuleResult:
    text = (EXAMPLES / "flexwerk-noord" / "dossier.yaml").read_text("utf-8")
    text = re.sub(r"(?m)^application_date: .*$", f"application_date: {application}", text)
    text = text.replace("issued_on: 2027-04-02", f"issued_on: {issued}")
    dossier = write(tmp_path / "dossier.yaml", text)
    options = CheckOptions(dossiers=(dossier,), as_of=as_of, outputs=())
    report = check_one(dossier, rulebook, options)
    return next(r for r in report.results if r.rule_id == "FIN-03")


def test_fin_03_before_a_planned_application_is_judged_on_the_check_date(
    tmp_path: Path, rulebook: Rulebook
) -> None:
    """Not a window from the application date back to an earlier check date: the statement
    is judged on the check date, and the message says why."""
    result = fin_03(tmp_path, rulebook, "2027-05-17", "2026-10-01", dt.date(2027, 2, 1))
    assert result.outcome.value == "fail"
    (finding,) = result.findings
    assert finding.path == "/tax/payment_behaviour_statement/issued_on"
    assert "de controledatum, want de aanvraag ligt nog in de toekomst" in finding.message_nl
    assert "the check date, as the application is still ahead" in finding.message_en
    for message in (finding.message_nl, finding.message_en):
        assert "tussen" not in message and "between" not in message
        assert "2027-05-17" not in message and "17 mei" not in message  # no reference to it


def test_fin_03_after_the_application_is_judged_on_the_application_date(
    tmp_path: Path, rulebook: Rulebook
) -> None:
    result = fin_03(tmp_path, rulebook, "2027-05-12", "2027-01-10", dt.date(2027, 5, 15))
    assert result.outcome.value == "fail"
    assert "Peildatum:" in result.findings[0].message_nl
    assert "de aanvraagdatum; daarop is de verklaring te oud" in result.findings[0].message_nl


@pytest.mark.parametrize("language", ["nl", "en"])
def test_diff_names_a_pdf_and_a_folder_for_what_they_are(
    cli: Cli, tmp_path: Path, language: str
) -> None:
    pdf = tmp_path / "rapport.pdf"
    made = cli(
        ["check", str(EXAMPLES / "vog-outdated"), "--as-of", "2027-05-15", "--output", str(pdf)]
    )
    assert made.exit_code == 1, made.stderr
    as_pdf = cli(["diff", str(pdf), str(pdf), "--lang", language])
    as_folder = cli(["diff", str(tmp_path), str(tmp_path), "--lang", language])
    for result in (as_pdf, as_folder):
        assert result.exit_code == 2
        assert "UTF-8" not in result.stderr and "device" not in result.stderr
        assert "Traceback" not in result.stderr
    if language == "nl":
        assert "dit is een PDF" in as_pdf.stderr and "dit is een map" in as_folder.stderr
    else:
        assert "this is a PDF" in as_pdf.stderr and "this is a folder" in as_folder.stderr


def test_horizon_in_dutch_months_looks_ahead(cli: Cli) -> None:
    result = cli(
        [
            "check",
            str(EXAMPLES / "vog-outdated"),
            "--as-of",
            "2027-05-15",
            "--horizon",
            "6mnd",
            "--lang",
            "nl",
        ]
    )
    assert result.exit_code == 1, result.stderr
    assert "Invalid isoformat" not in result.stdout + result.stderr
    assert "Binnenkort niet meer voldaan (tot en met 15 november 2027)" in result.stdout


def test_a_pdf_written_to_a_file_says_where_it_went_and_the_verdict(
    cli: Cli, tmp_path: Path
) -> None:
    target = tmp_path / "rapport.pdf"
    result = cli(
        [
            "check",
            str(EXAMPLES / "vog-outdated"),
            "--as-of",
            "2027-05-15",
            "--output",
            str(target),
            "--lang",
            "nl",
        ]
    )
    assert result.exit_code == 1
    assert result.stdout == f"{target}: Oordeel VOLDOET NIET (pdf)\n"
    assert target.read_bytes().startswith(b"%PDF-")
