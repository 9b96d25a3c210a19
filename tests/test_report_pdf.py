"""PDF report: the same bytes every time, every name readable, both languages, fonts shipped."""

from __future__ import annotations

import ast
import io
import subprocess
import sys
from importlib.resources import files
from pathlib import Path

import pytest
from conftest import ROOT
from pypdf import PdfReader
from report_samples import NAMES, RULES, SAMPLE, sample_report, sample_rulebook

from toelating.report import Report
from toelating.reporters import RenderOptions, reporter
from toelating.reporters.pdf import PdfReporter
from toelating.text import Language


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> Report:
    return sample_report(sample_rulebook(tmp_path_factory.mktemp("rules")))


def render(reports: list[Report], language: Language = Language.NL) -> bytes:
    return reporter("pdf").render(reports, RenderOptions(language))


def text_of(data: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(data)).pages]


def test_the_same_input_gives_the_same_bytes(report: Report) -> None:
    assert render([report]) == render([report])


def test_separate_processes_give_the_same_bytes(tmp_path: Path) -> None:
    """Font subsets and object ids must not depend on what the process did before."""
    outputs = []
    for run in range(2):
        target = tmp_path / f"report-{run}.pdf"
        command = [
            sys.executable,
            "-m",
            "toelating",
            "check",
            str(SAMPLE.parent),
            "--as-of",
            "2027-05-15",
        ]
        subprocess.run(
            [*command, "--output", str(target)], capture_output=True, check=False, cwd=ROOT
        )
        outputs.append(target.read_bytes())
    assert outputs[0] == outputs[1] and outputs[0].startswith(b"%PDF-")


def test_every_character_of_every_name_is_in_the_text(report: Report) -> None:
    for language in Language:
        text = "\n".join(text_of(render([report], language)))
        missing = [name for name in NAMES if name not in text]
        assert not missing, f"{language}: names not found in the PDF text: {missing}"


def test_every_rule_id_is_in_the_text(report: Report) -> None:
    text = "\n".join(text_of(render([report], Language.EN)))
    assert all(rule_id in text for rule_id in RULES)


def test_both_languages_with_dutch_as_the_pdf_default(report: Report) -> None:
    assert PdfReporter.default_language is Language.NL
    dutch, english = text_of(render([report], Language.NL)), text_of(render([report], Language.EN))
    assert "Samenvatting" in dutch[1] and "Oordeel: VOLDOET NIET" in dutch[0]
    assert "Summary" in english[1] and "Verdict: NON-COMPLIANT" in english[0]
    assert "Pagina 1 van" in dutch[0] and "Page 1 of" in english[0]


def test_the_cover_names_what_a_certifier_files(report: Report) -> None:
    cover = text_of(render([report], Language.EN))[0]
    for value in (
        "Flexwerk Noord B.V.",
        "12345678",
        "15 May 2027",
        "2099.01",
        "0.0.0",
        report.dossier.sha256,
    ):
        assert value in cover


def test_sections_and_signature(report: Report) -> None:
    text = "\n".join(text_of(render([report], Language.EN)))
    for heading in (
        "Findings",
        "Missing data",
        "Rules that could not be evaluated",
        "Waived",
        "Coming up",
    ):
        assert heading in text
    for field in ("Name", "Organisation", "Place", "Date", "Signature"):
        assert f"\n{field}" in text
    assert "EV-INSPECTIE" in text and "missing" in text


def test_no_empty_pages_and_a_footer_on_every_page(report: Report) -> None:
    pages = text_of(render([report, report], Language.EN))
    for number, text in enumerate(pages, start=1):
        assert f"Page {number} of {len(pages)}" in text
        assert len(text.strip().splitlines()) > 4, f"page {number} is (nearly) empty"


def test_metadata_is_fixed(report: Report) -> None:
    info = PdfReader(io.BytesIO(render([report], Language.EN))).metadata
    assert info is not None
    assert info["/CreationDate"].startswith("D:20270515")
    assert info["/Title"] == "Admission check report · Flexwerk Noord B.V."


def test_dejavu_is_embedded(report: Report) -> None:
    reader = PdfReader(io.BytesIO(render([report])))
    fonts = [font for page in reader.pages for font in page["/Resources"]["/Font"].values()]
    names = {str(font.get_object()["/BaseFont"]) for font in fonts}
    assert names == {"/AAAAAA+DejaVuSans", "/AAAAAA+DejaVuSans-Bold"}  # embedded subsets only


def test_fonts_and_their_licence_ship_in_the_package() -> None:
    folder = files("toelating") / "fonts"
    for name in ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf", "LICENSE-DejaVu.txt"):
        assert (folder / name).is_file(), name
    assert "Bitstream Vera" in (folder / "LICENSE-DejaVu.txt").read_text("utf-8")


def test_only_the_pdf_modules_import_reportlab() -> None:
    for path in sorted((ROOT / "toelating").rglob("*.py")):
        tree = ast.parse(path.read_text("utf-8"))
        imported = {
            (node.module or "") if isinstance(node, ast.ImportFrom) else alias.name
            for node in ast.walk(tree)
            if isinstance(node, ast.Import | ast.ImportFrom)
            for alias in node.names
        }
        if any(name.split(".")[0] == "reportlab" for name in imported):
            assert path.parent.name == "reporters" and path.stem.startswith("pdf"), path
