"""Importing payroll and planning exports: the CSV forms read, every bad row, the merge."""

from __future__ import annotations

import codecs
import contextlib
import csv
import datetime as dt
import difflib
import io
import shutil
import stat
from decimal import Decimal
from pathlib import Path

import pytest
from conftest import ROOT, Cli
from hypothesis import given, settings
from hypothesis import strategies as st

from toelating.dossier.load import load_dossier
from toelating.dossier.model import Dossier, Worker
from toelating.engine import check
from toelating.errors import ExitCode, InputError, Problem, UsageError
from toelating.importing import ImportKind, ImportSummary, import_csv
from toelating.importing.columns import COLUMNS
from toelating.importing.table import parse_rows
from toelating.rulebook.load import Rulebook
from toelating.text import Language

DATA = ROOT / "tests" / "data" / "import"

WORKER_HEADERS = {
    "nl": [
        "Personeelsnummer",
        "Naam",
        "Geboortedatum",
        "Talen",
        "Datum in dienst",
        "Datum uit dienst",
        "Locatie",
    ],
    "en": [
        "Employee ID",
        "Name",
        "Birth date",
        "Languages",
        "Start date",
        "End date",
        "Housing location",
    ],
}
PAYSLIP_HEADERS = {
    "nl": [
        "personeelsnummer",
        "periode van",
        "periode tot",
        "uren",
        "inhouding huisvesting",
        "op loonstrook",
    ],
    "en": ["employee id", "period start", "period end", "hours", "housing deduction", "on payslip"],
}


def csv_text(headers: list[str], rows: list[list[str]], separator: str = ";") -> str:
    stream = io.StringIO()
    writer = csv.writer(stream, delimiter=separator, lineterminator="\n")
    writer.writerow(headers)
    writer.writerows(rows)
    return stream.getvalue()


def write_csv(path: Path, text: str, bom: bool = False, crlf: bool = False) -> Path:
    if crlf:
        text = text.replace("\n", "\r\n")
    path.write_bytes((codecs.BOM_UTF8 if bom else b"") + text.encode("utf-8"))
    return path


@pytest.fixture
def dossier(tmp_path: Path) -> Path:
    """A copy of the commented test dossier in its own folder."""
    target = tmp_path / "dossier" / "dossier.yaml"
    target.parent.mkdir()
    shutil.copy(DATA / "dossier.yaml", target)
    return target


def loaded(path: Path) -> Dossier:
    return load_dossier(path).dossier


def worker(dossier: Dossier, worker_id: str) -> Worker:
    return next(w for w in dossier.workers or [] if w.id == worker_id)


# --- good files ---------------------------------------------------------------------------


@pytest.mark.parametrize("separator", [";", ","])
@pytest.mark.parametrize("language", ["nl", "en"])
def test_workers_are_added_and_updated(
    tmp_path: Path, dossier: Path, separator: str, language: str
) -> None:
    rows = [
        ["W-001", "", "2-4-1998", "ro, en", "", "30-06-2027", ""],
        ["W-003", "Ioana Bălan", "2001-12-24", "ro", "01-03-2027", "", "LOC-1"],
    ]
    source = write_csv(
        tmp_path / "workers.csv", csv_text(WORKER_HEADERS[language], rows, separator)
    )
    summary = import_csv("workers", source, dossier)
    assert (summary.workers_added, summary.workers_updated, summary.rows) == (1, 1, 2)
    after = loaded(dossier)
    first = worker(after, "W-001")
    assert first.birth_date == dt.date(1998, 4, 2)
    assert first.employment is not None and first.employment.end == dt.date(2027, 6, 30)
    assert first.employment.start == dt.date(2026, 2, 1)  # kept: not in the file
    assert first.name == "Ana Popescu"  # an empty cell erases nothing
    assert (
        first.housing and first.housing.rental_agreement and first.housing.rental_agreement.written
    )
    assert first.payslips and len(first.payslips) == 1
    added = worker(after, "W-003")
    assert (added.name, added.languages, added.birth_date) == (
        "Ioana Bălan",
        ["ro"],
        dt.date(2001, 12, 24),
    )
    assert added.housing is not None and added.housing.location == "LOC-1"


@pytest.mark.parametrize("separator", [";", ","])
@pytest.mark.parametrize("language", ["nl", "en"])
def test_payslips_are_appended_or_replace_the_same_period(
    tmp_path: Path, dossier: Path, separator: str, language: str
) -> None:
    rows = [
        ["W-001", "01-03-2027", "07-03-2027", "38,5", "1.118,50", "nee"],  # replaces the one there
        ["W-001", "2027-03-08", "2027-03-14", "40", "118.00", "yes" if language == "en" else "ja"],
        ["W-002", "8-3-2027", "14-3-2027", "32", "€ 95,00", ""],
    ]
    source = write_csv(
        tmp_path / "payslips.csv", csv_text(PAYSLIP_HEADERS[language], rows, separator)
    )
    summary = import_csv(ImportKind.PAYSLIPS, source, dossier.parent)
    assert (summary.payslips_added, summary.payslips_replaced) == (2, 1)
    after = loaded(dossier)
    first = worker(after, "W-001").payslips or []
    assert [p.period_start for p in first] == [dt.date(2027, 3, 1), dt.date(2027, 3, 8)]
    assert (first[0].hours_paid, first[0].housing_deduction_eur) == (
        Decimal("38.5"),
        Decimal("1118.5"),
    )
    assert first[0].deduction_on_payslip is False and first[1].deduction_on_payslip is True
    second = (worker(after, "W-002").payslips or [])[0]
    assert second.deduction_on_payslip is None and second.housing_deduction_eur == Decimal("95")


@pytest.mark.parametrize(("bom", "crlf"), [(True, False), (False, True), (True, True)])
def test_a_bom_and_windows_line_endings_are_read(
    tmp_path: Path, dossier: Path, bom: bool, crlf: bool
) -> None:
    text = csv_text(WORKER_HEADERS["nl"], [["W-002", "", "05-05-1990", "", "", "", ""]])
    import_csv("workers", write_csv(tmp_path / "w.csv", text, bom, crlf), dossier)
    assert worker(loaded(dossier), "W-002").birth_date == dt.date(1990, 5, 5)


def test_headers_match_without_case_accents_spaces_or_punctuation(
    tmp_path: Path, dossier: Path
) -> None:
    text = "Personeels_Nummer:;GEBOORTE-DATUM ;Tâlen\nW-002;05-05-1990;pl en\n"
    import_csv("workers", write_csv(tmp_path / "w.csv", text), dossier)
    assert worker(loaded(dossier), "W-002").languages == ["pl", "en"]


def test_output_writes_a_new_file_and_leaves_the_dossier(tmp_path: Path, dossier: Path) -> None:
    before = dossier.read_bytes()
    source = write_csv(
        tmp_path / "w.csv", csv_text(WORKER_HEADERS["en"], [["W-009", "", "", "", "", "", ""]])
    )
    target = dossier.parent / "merged.yaml"
    summary = import_csv("workers", source, dossier, output=target)
    assert summary.written_to == target and dossier.read_bytes() == before
    assert worker(loaded(target), "W-009").id == "W-009"
    with pytest.raises(UsageError, match="already exists"):
        import_csv("workers", source, dossier, output=target)


def test_the_summary_speaks_both_languages(tmp_path: Path, dossier: Path) -> None:
    source = write_csv(
        tmp_path / "w.csv", csv_text(WORKER_HEADERS["en"], [["W-002", "", "", "pl", "", "", ""]])
    )
    summary = import_csv("workers", source, dossier)
    assert summary == ImportSummary(ImportKind.WORKERS, 1, 0, 0, 1, 0, 0, dossier, upgraded=True)
    assert summary.message(Language.NL) == (
        f"Werknemers: 0 toegevoegd, 0 bijgewerkt, 1 ongewijzigd; geschreven naar {dossier}"
        " (omgezet naar dossierformaat versie 2)"
    )
    assert summary.message(Language.EN) == (
        f"Workers: 0 added, 0 updated, 1 unchanged; written to {dossier}"
        " (upgraded to dossier format version 2)"
    )
    again = import_csv("workers", source, dossier)  # now version 2: nothing more to say
    assert not again.upgraded and again.message(Language.EN).endswith(f"written to {dossier}")


def test_a_version_1_dossier_is_written_as_version_2_with_only_that_line_changed(
    cli: Cli, tmp_path: Path, dossier: Path
) -> None:
    before = dossier.read_text("utf-8")
    source = write_csv(
        tmp_path / "w.csv", csv_text(WORKER_HEADERS["en"], [["W-001", "", "", "", "", "", ""]])
    )
    result = cli(["import", "workers", str(source), "--dossier", str(dossier), "--lang", "nl"])
    assert result.exit_code == 0, result.stderr
    assert result.stdout.endswith("(omgezet naar dossierformaat versie 2)\n")
    assert dossier.read_text("utf-8") == before.replace("dossier_version: 1", "dossier_version: 2")
    assert loaded(dossier).dossier_version == 2


def test_output_is_written_as_version_2_and_the_dossier_left_at_1(
    tmp_path: Path, dossier: Path
) -> None:
    before = dossier.read_bytes()
    source = write_csv(tmp_path / "w.csv", csv_text(WORKER_HEADERS["en"], [["W-009"] + [""] * 6]))
    summary = import_csv("workers", source, dossier, output=dossier.parent / "merged.yaml")
    assert summary.upgraded and loaded(summary.written_to).dossier_version == 2
    assert dossier.read_bytes() == before


# --- the dossier's layout is kept --------------------------------------------------------------


def test_comments_quotes_and_order_are_kept(tmp_path: Path, dossier: Path) -> None:
    before = dossier.read_text("utf-8").splitlines()
    workers = csv_text(
        WORKER_HEADERS["nl"], [["W-002", "", "05-05-1990", "", "01-01-2027", "", "LOC-1"]]
    )
    payslips = csv_text(
        PAYSLIP_HEADERS["nl"], [["W-001", "08-03-2027", "14-03-2027", "40", "118,00", "ja"]]
    )
    import_csv("workers", write_csv(tmp_path / "w.csv", workers), dossier)
    import_csv("payslips", write_csv(tmp_path / "p.csv", payslips), dossier)
    after = dossier.read_text("utf-8").splitlines()
    assert after[before.index("dossier_version: 1")] == "dossier_version: 2"  # now version 2
    before[before.index("dossier_version: 1")] = "dossier_version: 2"
    opcodes = difflib.SequenceMatcher(None, before, after, autojunk=False).get_opcodes()
    assert {tag for tag, *_ in opcodes} == {
        "equal",
        "insert",
    }  # nothing changed or lost: only added
    added = [
        line.strip() for tag, _, _, j1, j2 in opcodes if tag == "insert" for line in after[j1:j2]
    ]
    assert added == [
        "- {period_start: 2027-03-08, period_end: 2027-03-14, hours_paid: 40, "
        "housing_deduction_eur: 118.00, deduction_on_payslip: true}",
        "birth_date: 1990-05-05",
        "employment:",
        "start: 2027-01-01",
        "housing:",
        "location: LOC-1",
    ]
    second = after[after.index("  - id: W-002") :]
    assert [line.split(":")[0].strip() for line in second[:5]] == [
        "- id",
        "name",
        "languages",
        "birth_date",
        "employment",
    ]


def test_comments_after_a_block_stay_below_what_is_added(tmp_path: Path, dossier: Path) -> None:
    text = dossier.read_text("utf-8")
    payslips = text[text.index("    payslips:") : text.index("  # the second worker")]
    text = text.replace(payslips, "").replace(
        "\n\n# evidence comes last", "\n# evidence comes last"
    )
    dossier.write_text(text, "utf-8")
    rows = [["W-001", "01-03-2027", "07-03-2027", "40", "0", ""]]
    import_csv(
        "payslips", write_csv(tmp_path / "p.csv", csv_text(PAYSLIP_HEADERS["nl"], rows)), dossier
    )
    rows = [["W-003", "", "", "", "", "", ""]]
    import_csv(
        "workers", write_csv(tmp_path / "w.csv", csv_text(WORKER_HEADERS["nl"], rows)), dossier
    )
    lines = dossier.read_text("utf-8").splitlines()
    assert lines[lines.index("  - id: W-002") - 1] == "  # the second worker has no payslips yet"
    assert lines[lines.index("  - id: W-002") - 2].strip() == "housing_deduction_eur: 0"
    assert lines[lines.index("evidence: []") - 1] == "# evidence comes last"
    assert lines[lines.index("evidence: []") - 2] == "  - id: W-003"


def test_a_comment_above_a_key_stays_above_it_when_a_key_is_inserted_before(
    tmp_path: Path, dossier: Path
) -> None:
    text = dossier.read_text("utf-8").replace(
        "    name: Piotr Nowak   # no birth date yet\n    languages: [pl]\n",
        "    name: Piotr Nowak\n    # from the passport\n    birth_date: 1990-05-05\n",
    )
    dossier.write_text(text, "utf-8")
    rows = [["W-002", "", "", "pl", "", "", ""]]
    import_csv(
        "workers", write_csv(tmp_path / "w.csv", csv_text(WORKER_HEADERS["nl"], rows)), dossier
    )
    lines = dossier.read_text("utf-8").splitlines()
    start = lines.index("  - id: W-002")
    assert lines[start : start + 5] == [
        "  - id: W-002",
        "    name: Piotr Nowak",
        "    languages: [pl]",
        "    # from the passport",
        "    birth_date: 1990-05-05",
    ]


def test_the_file_mode_is_kept(tmp_path: Path, dossier: Path) -> None:
    dossier.chmod(0o640)
    source = write_csv(
        tmp_path / "w.csv", csv_text(WORKER_HEADERS["en"], [["W-010", "", "", "", "", "", ""]])
    )
    import_csv("workers", source, dossier)
    assert stat.S_IMODE(dossier.stat().st_mode) == 0o640


# --- bad rows: every one reported with its line, nothing written --------------------------------

BAD_WORKER_ROWS = [
    (
        ["W-005", "", "31-02-1990", "", "", "", ""],
        'column C "Geboortedatum": this date does not exist',
    ),
    (["W-005", "", "1990/05/05", "", "", "", ""], 'column C "Geboortedatum": expected a date'),
    (["", "Nameless", "", "", "", "", ""], "no personeelsnummer / employee id"),
    (["W-005", "", "", "Roemeens", "", "", ""], "two-letter language codes"),
    (["W-005", "", "", "", "", "", "", "extra"], "this row has 8 cells and the header row 7"),
    (["123456782", "", "", "", "", "", ""], 'column A "Personeelsnummer": this value has the form'),
    (
        ["W-005", "NL91ABNA0417164300", "", "", "", "", ""],
        'column B "Naam": this value has the form',
    ),
]
BAD_PAYSLIP_ROWS = [
    (
        ["W-001", "08-03-2027", "14-03-2027", "veertig", "0", "ja"],
        'column D "uren": expected a number, such as 118,50 or 118.50',
    ),
    (["W-001", "08-03-2027", "14-03-2027", "40", "1.234", "ja"], "this number is ambiguous"),
    (
        ["W-001", "08-03-2027", "14-03-2027", "-4", "0", "ja"],
        'column D "uren": expected 0 or more',
    ),
    (
        ["W-001", "08-03-2027", "14-03-2027", "40", "118,5051", "ja"],
        'column E "inhouding huisvesting": too many decimal places',
    ),
    (["W-001", "08-03-2027", "14-03-2027", "40", "0", "misschien"], "expected yes or no"),
    (["W-001", "08-03-2027", "01-03-2027", "40", "0", "ja"], "the period ends before it starts"),
    (
        ["W-404", "08-03-2027", "14-03-2027", "40", "0", "ja"],
        "column personeelsnummer / employee id: no worker in the dossier has this employee id",
    ),
    (["W-001", "", "14-03-2027", "40", "0", "ja"], "no periode van / period start"),
]


@pytest.mark.parametrize(("row", "message"), BAD_WORKER_ROWS)
def test_a_bad_worker_row_is_reported_and_nothing_written(
    tmp_path: Path, dossier: Path, row: list[str], message: str
) -> None:
    text = csv_text(WORKER_HEADERS["nl"], [["W-002", "", "05-05-1990", "", "", "", ""], row])
    problem = assert_refused(tmp_path, dossier, "workers", text, message, line=3)
    assert not any(cell in problem.message for cell in row if len(cell) > 2)  # no echo


@pytest.mark.parametrize(("row", "message"), BAD_PAYSLIP_ROWS)
def test_a_bad_payslip_row_is_reported_and_nothing_written(
    tmp_path: Path, dossier: Path, row: list[str], message: str
) -> None:
    good = ["W-002", "01-03-2027", "07-03-2027", "40", "0", "ja"]
    text = csv_text(PAYSLIP_HEADERS["nl"], [good, row])
    problem = assert_refused(tmp_path, dossier, "payslips", text, message, line=3)
    assert not any(cell in problem.message for cell in row if len(cell) > 2)  # no echo


def assert_refused(
    tmp_path: Path, dossier: Path, kind: str, text: str, message: str, line: int
) -> Problem:
    before = dossier.read_bytes()
    source = write_csv(tmp_path / f"{kind}.csv", text)
    with pytest.raises(InputError) as raised:
        import_csv(kind, source, dossier)  # type: ignore[arg-type]
    assert raised.value.exit_code is ExitCode.INPUT_REFUSED
    (problem,) = raised.value.problems  # one bad row, one problem
    assert (problem.file, problem.line) == (str(source), line) and message in problem.message
    assert dossier.read_bytes() == before
    assert sorted(p.name for p in dossier.parent.iterdir()) == ["dossier.yaml"]  # no temporary left
    return problem


def test_every_bad_row_is_reported_at_once(tmp_path: Path, dossier: Path) -> None:
    rows = [
        ["W-001", "99-99-2027", "14-03-2027", "40", "0", "ja"],
        ["W-002", "01-03-2027", "07-03-2027", "40", "0", "ja"],
        ["W-404", "01-03-2027", "07-03-2027", "40", "0", "ja"],
        ["W-002", "01-03-2027", "07-03-2027", "40", "0", "ja"],
    ]
    source = write_csv(tmp_path / "p.csv", csv_text(PAYSLIP_HEADERS["en"], rows, ","))
    with pytest.raises(InputError) as raised:
        import_csv("payslips", source, dossier)
    assert [p.line for p in raised.value.problems] == [2, 4, 5]
    assert "the same worker and period start as on line 3" in raised.value.problems[2].message


def test_unknown_columns_are_left_out_and_named_once(tmp_path: Path, dossier: Path) -> None:
    text = "personeelsnummer;Afdeling;Functie;Kostenplaats\nW-001;Productie;Operator;4100\n"
    source = write_csv(tmp_path / "w.csv", text)
    summary = import_csv("workers", source, dossier)
    notes = summary.message(Language.EN).splitlines()[1:]
    assert notes == [
        'Not used, as the dossier has no place for them: B "Afdeling", C "Functie",'
        ' D "Kostenplaats".'
    ]
    for col in COLUMNS[ImportKind.WORKERS]:  # not the known columns, over and over
        assert col.label not in summary.message(Language.EN)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "the file is empty"),
        ("personeelsnummer;naam\n", "header row but no rows"),
        ("naam;geboortedatum\nAna;01-01-2000\n", "no column for personeelsnummer / employee id"),
        ("personeelsnummer;naam;name\n1;Ana;Ana\n", "two columns mean naam / name"),
        ('personeelsnummer;naam\nW-1;"Ana\n', "not valid CSV"),
    ],
)
def test_unusable_files_are_refused(tmp_path: Path, dossier: Path, text: str, message: str) -> None:
    source = write_csv(tmp_path / "w.csv", text)
    with pytest.raises(InputError, match=message):
        import_csv("workers", source, dossier)


def test_a_file_in_no_known_encoding_is_refused_at_its_line(tmp_path: Path, dossier: Path) -> None:
    source = tmp_path / "w.csv"
    source.write_bytes(b"personeelsnummer;naam\nW-1;Ana\nW-2;B\x81lan\n")  # 0x81: not cp1252
    with pytest.raises(InputError) as raised:
        import_csv("workers", source, dossier)
    (problem,) = raised.value.problems
    assert problem.line == 3 and "UTF-8, UTF-16 or Windows-1252" in problem.message


def test_problems_of_the_dossier_come_with_those_of_the_file(tmp_path: Path, dossier: Path) -> None:
    dossier.write_text(
        dossier.read_text("utf-8").replace("seat_country: NL", "seat_country: nl"), "utf-8"
    )
    source = write_csv(tmp_path / "w.csv", "personeelsnummer;geboortedatum\nW-001;gisteren\n")
    with pytest.raises(InputError) as raised:
        import_csv("workers", source, dossier)
    assert {p.file for p in raised.value.problems} == {str(source), str(dossier)}


def test_a_json_dossier_is_not_edited(tmp_path: Path) -> None:
    target = tmp_path / "dossier.json"
    target.write_text('{"dossier_version": 1, "agency": {"name": "X"}}', "utf-8")
    source = write_csv(tmp_path / "w.csv", "personeelsnummer\nW-1\n")
    with pytest.raises(UsageError, match="YAML"):
        import_csv("workers", source, target)


# --- the reader never crashes -----------------------------------------------------------------

CELL = st.text(alphabet="0123456789-.,;/ \"'\n€abjnEUR", max_size=12)


@given(text=st.text(max_size=400), kind=st.sampled_from(list(ImportKind)))
@settings(max_examples=300, deadline=None)
def test_the_reader_raises_only_input_errors_on_any_text(text: str, kind: ImportKind) -> None:
    with contextlib.suppress(InputError):
        parse_rows(kind, text, "any.csv")


@given(
    kind=st.sampled_from(list(ImportKind)),
    rows=st.lists(st.lists(CELL, min_size=0, max_size=8), max_size=6),
    separator=st.sampled_from([";", ",", "\t"]),
)
@settings(max_examples=300, deadline=None)
def test_the_reader_raises_only_input_errors_on_near_valid_files(
    kind: ImportKind, rows: list[list[str]], separator: str
) -> None:
    headers = [c.headers[0] for c in COLUMNS[kind]]
    text = separator.join(headers) + "\n" + "\n".join(separator.join(row) for row in rows)
    try:
        parsed = parse_rows(kind, text, "near.csv")
    except InputError:
        return
    assert all(problem.line and problem.line >= 2 for problem in parsed.problems)
    assert all(row.line >= 2 for row in parsed.rows)


def test_the_example_exports_import_and_check(dossier: Path, rulebook: Rulebook) -> None:
    """The files docs/import.md shows: a Dutch Excel export and an English payroll export."""
    workers = import_csv("workers", DATA / "workers-nl.csv", dossier)
    assert (workers.workers_added, workers.workers_updated) == (1, 2)
    payslips = import_csv("payslips", DATA / "payslips-en.csv", dossier)
    assert (payslips.payslips_added, payslips.payslips_replaced) == (3, 0)
    after = loaded(dossier)
    assert [w.id for w in after.workers or []] == ["W-001", "W-002", "W-003"]
    assert (worker(after, "W-002").payslips or [])[1].housing_deduction_eur == Decimal("1234.00")
    result = check(after, rulebook, dt.date(2027, 5, 15))
    assert result.counts["error"] == 0


@pytest.mark.parametrize("language", list(Language))
def test_importing_into_a_fresh_template_only_adds_lines(
    tmp_path: Path, language: Language, rulebook: Rulebook
) -> None:
    """init, then import: the template's explanations and examples all stay where they were."""
    from toelating.template import write_template

    write_template(tmp_path, language)
    before = (tmp_path / "dossier.yaml").read_text("utf-8").splitlines()
    import_csv("workers", DATA / "workers-nl.csv", tmp_path)
    import_csv("payslips", DATA / "payslips-en.csv", tmp_path)
    after = (tmp_path / "dossier.yaml").read_text("utf-8").splitlines()
    opcodes = difflib.SequenceMatcher(None, before, after, autojunk=False).get_opcodes()
    assert {tag for tag, *_ in opcodes} == {"equal", "insert"}
    result = check(loaded(tmp_path / "dossier.yaml"), rulebook, dt.date(2027, 5, 15))
    assert result.counts["error"] == 0


def test_explicit_nulls_stay_explicit(tmp_path: Path, dossier: Path) -> None:
    text = dossier.read_text("utf-8").replace(
        "    languages: [pl]\n", "    languages: [pl]\n    birth_date: null\n"
    )
    dossier.write_text(text + "extensions: null\n", "utf-8")
    rows = [["W-001", "", "", "", "", "", "LOC-1"]]
    import_csv(
        "workers", write_csv(tmp_path / "w.csv", csv_text(WORKER_HEADERS["nl"], rows)), dossier
    )
    expected = text.replace("dossier_version: 1", "dossier_version: 2") + "extensions: null\n"
    assert dossier.read_text("utf-8") == expected


def test_docs_list_every_header() -> None:
    doc = (ROOT / "docs" / "import.md").read_text("utf-8")
    for kind, columns in COLUMNS.items():
        for col in columns:
            for header in col.headers:
                assert f"`{header}`" in doc, (kind, header)
