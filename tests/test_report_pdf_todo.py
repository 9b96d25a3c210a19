"""The PDF reads as a to-do list: a page of what to fix, what was checked, each evidence file's
SHA-256, places in words, and no check date standing in for a missing application date."""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import replace
from pathlib import Path

import pytest
from conftest import Cli
from pypdf import PdfReader
from report_samples import EVIDENCE_SHA256, sample_report, sample_rulebook

from toelating.checking import CheckOptions, check_one
from toelating.report import Report
from toelating.reporters import RenderOptions, reporter
from toelating.rulebook.load import Rulebook
from toelating.text import Language


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> Report:
    return sample_report(sample_rulebook(tmp_path_factory.mktemp("rules")))


def pages(report: Report, language: Language) -> list[str]:
    data = reporter("pdf").render([report], RenderOptions(language))
    return [" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(data)).pages]


def page_with(texts: list[str], heading: str) -> str:
    return next(text for text in texts if heading in text)


def test_the_to_do_page_lists_the_most_serious_first_with_what_to_do_and_when(
    report: Report,
) -> None:
    todo = page_with(pages(report, Language.EN), "To do (")
    for column in ("What", "What to do", "Deadline"):
        assert column in todo
    first_failing = report.failing()[0].rule
    assert first_failing.id in todo
    assert " ".join(first_failing.remediation.en.split())[:40] in todo
    dutch = page_with(pages(report, Language.NL), "Te doen (")
    assert "Uiterlijk" in dutch and "Wat u doet" in dutch


def test_the_summary_says_what_was_checked(report: Report) -> None:
    summary = page_with(pages(report, Language.NL), "Wat is gecontroleerd")
    contents = report.dossier.contents
    assert f"Werknemers {contents['workers']}" in summary
    assert f"Loonstroken {contents['payslips']}" in summary
    assert f"Bewijsstukken {contents['evidence']}" in summary
    assert "Regels van toepassing" in summary


def test_the_evidence_table_shows_each_sha256_or_that_it_was_not_read(report: Report) -> None:
    evidence = page_with(pages(report, Language.EN), "SHA-256 (read at the check)")
    for identifier, digest in EVIDENCE_SHA256.items():
        if digest is None:
            assert "not read" in evidence
        else:  # in two halves of 32 digits, one per line
            assert digest[:32] in evidence and digest[32:] in evidence, identifier


def test_without_an_application_date_the_cover_says_so(report: Report) -> None:
    info = replace(report.dossier, application_date=None)
    cover = pages(replace(report, dossier=info), Language.NL)[0]
    assert "Aanvraagdatum nog geen aanvraag" in cover
    assert "Controledatum 15 mei 2027" in cover


def test_missing_fields_are_named_in_words_beside_the_pointer(
    cli: Cli, tmp_path: Path, rulebook: Rulebook
) -> None:
    folder = tmp_path / "leeg"
    assert cli(["init", str(folder), "--lang", "nl"]).exit_code == 0
    options = CheckOptions(dossiers=(folder,), as_of=dt.date(2026, 12, 6), outputs=())
    text = " ".join(pages(check_one(folder, rulebook, options), Language.NL))
    assert "Vul aan: uitlener, veld soort uitlenen (/agency/lending_scope)" in text
    # on the to-do page and as the head of one card for the 13 rules that lack it (repeated
    # when the card runs over a page), not once per rule
    assert 2 <= text.count("Vul aan: werknemers (/workers)") <= 3
    assert text.count("/workers") == text.count("Vul aan: werknemers (/workers)")
