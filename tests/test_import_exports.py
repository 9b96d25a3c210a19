"""Imports of what payroll systems really export: presets and mapping files, Windows-1252 and
UTF-16, BSN and IBAN columns, names in parts, and workers imported before their housing."""

from __future__ import annotations

import codecs
import contextlib
import datetime as dt
import shutil
from decimal import Decimal
from pathlib import Path

import pytest
from conftest import ROOT, Cli
from hypothesis import given
from hypothesis import strategies as st

from toelating.dossier.load import load_dossier
from toelating.engine import check
from toelating.errors import InputError, UsageError
from toelating.importing import ImportOptions, import_csv
from toelating.importing.mapping import load_preset, preset_names
from toelating.importing.sensitive import Sensitive, is_bsn, sensitive_header, sensitive_value
from toelating.importing.values import (
    CellError,
    DateFormat,
    parse_bool,
    parse_date,
    parse_decimal,
)
from toelating.rulebook.load import Rulebook
from toelating.template import write_template
from toelating.text import Language

DATA = ROOT / "tests" / "data" / "import"
NL = ImportOptions(Language.NL)
# A Loket-like export as a Dutch Excel saves it: Windows-1252, `;`, CRLF, the BSN and IBAN
# beside the employee number, the name in three columns, dates dd-mm-jjjj.
LOKET_WORKERS = (
    "Werknemersnummer;BSN;Roepnaam;Voorvoegsel;Achternaam;Geboortedatum;Datum in dienst;"
    "IBAN;Afdeling;Functie\r\n"
    "1001;111222333;Zoë;;Lefèvre;02-04-1998;01-02-2026;NL91ABNA0417164300;Productie;Operator\r\n"
    "1002;123456782;Jan;van der;Berg;24-12-2001;1-3-2027;NL20INGB0001234567;Logistiek;Heftruck\r\n"
)
LOKET_PAYSLIPS = (
    "Werknemersnummer;Begindatum periode;Einddatum periode;Uren;Inhouding huisvesting;IBAN\r\n"
    "1001;01-03-2027;07-03-2027;38,5;1.118,50;NL91ABNA0417164300\r\n"
    "1002;01-03-2027;07-03-2027;40;118,50;NL20INGB0001234567\r\n"
)


@pytest.fixture
def dossier(tmp_path: Path) -> Path:
    target = tmp_path / "dossier" / "dossier.yaml"
    target.parent.mkdir()
    shutil.copy(DATA / "dossier.yaml", target)
    return target


def written(path: Path, text: str, encoding: str = "cp1252") -> Path:
    path.write_bytes(text.encode(encoding))
    return path


# --- a realistic export, with the Loket preset ------------------------------------------------


def test_a_loket_export_is_imported_without_its_bsn_and_iban(tmp_path: Path, dossier: Path) -> None:
    source = written(tmp_path / "werknemers.csv", LOKET_WORKERS)
    options = ImportOptions(Language.NL, preset="loket")
    summary = import_csv("workers", source, dossier, options=options)
    assert summary.workers_added == 2
    text = dossier.read_text("utf-8")
    assert "name: Zoë Lefèvre" in text and "name: Jan van der Berg" in text
    for secret in ("111222333", "123456782", "NL91ABNA0417164300", "NL20INGB0001234567"):
        assert secret not in text
    lines = summary.message(Language.NL).splitlines()
    assert lines[1:] == [
        "Gelezen als Windows-1252; controleer letters als é en ë in het dossier.",
        'Niet gebruikt, want het dossier heeft er geen plaats voor: I "Afdeling", J "Functie".',
        'Niet overgenomen, want BSN en IBAN horen niet in het dossier: B "BSN" (BSN),'
        ' H "IBAN" (IBAN).',
    ]
    after = load_dossier(dossier).dossier
    first = next(w for w in after.workers or [] if w.id == "1001")
    assert first.employment is not None and first.employment.start == dt.date(2026, 2, 1)


def test_the_payslips_of_a_loket_export_take_decimal_commas(tmp_path: Path, dossier: Path) -> None:
    workers = written(tmp_path / "werknemers.csv", LOKET_WORKERS)
    payslips = written(tmp_path / "loonstroken.csv", LOKET_PAYSLIPS)
    options = ImportOptions(Language.NL, preset="loket")
    import_csv("workers", workers, dossier, options=options)
    import_csv("payslips", payslips, dossier, options=options)
    after = load_dossier(dossier).dossier
    slip = next(w for w in after.workers or [] if w.id == "1001").payslips or []
    assert slip[0].hours_paid == Decimal("38.5")
    assert slip[0].housing_deduction_eur == Decimal("1118.50")  # 1.118,50 with "," as the mark
    assert "NL91ABNA0417164300" not in dossier.read_text("utf-8")


def test_names_in_parts_are_joined_without_a_preset(tmp_path: Path, dossier: Path) -> None:
    text = "Personeelsnummer;Achternaam;Tussenvoegsel;Voornaam\nW-7;Vries;de;Anouk\nW-8;Popa;;Ion\n"
    source = written(tmp_path / "w.csv", text, "utf-8")
    import_csv("workers", source, dossier)
    after = load_dossier(dossier).dossier
    names = {w.id: w.name for w in after.workers or []}
    assert (names["W-7"], names["W-8"]) == ("Anouk de Vries", "Ion Popa")


def test_every_preset_is_a_valid_mapping() -> None:
    assert preset_names() == ["easyflex", "loket", "nmbrs"]
    for name in preset_names():
        mapping = load_preset(name, Language.EN)
        assert mapping.form.date_format is not None and mapping.form.decimal_separator == ","


def test_an_unknown_preset_names_the_known_ones(tmp_path: Path, dossier: Path) -> None:
    source = written(tmp_path / "w.csv", "personeelsnummer\nW-1\n")
    with pytest.raises(UsageError) as raised:
        import_csv("workers", source, dossier, options=ImportOptions(Language.NL, preset="afas"))
    assert "Kies uit: easyflex, loket, nmbrs" in raised.value.problems[0].message


def test_a_preset_whose_column_is_absent_says_which(tmp_path: Path, dossier: Path) -> None:
    source = written(tmp_path / "w.csv", "Persnr;Naam\n1;Popa\n")
    with pytest.raises(InputError) as raised:
        import_csv("workers", source, dossier, options=ImportOptions(Language.EN, preset="loket"))
    messages = [p.message for p in raised.value.problems]
    assert any('takes id from column "Werknemersnummer" / "Werknemernummer"' in m for m in messages)


# --- mapping files ------------------------------------------------------------------------------

MAPPING = """\
workers:
  id: Medewerker
  name: [Voornaam, Voorvoegsel, Achternaam]
  birth_date: Geb. datum
payslips:
  worker: Medewerker
  period_start: Van
  hours_paid: Aantal uren
  housing_deduction_eur: Huur
date_format: dd/mm/jjjj
decimal_separator: ","
"""


def test_a_mapping_file_names_columns_date_format_and_decimal_mark(
    tmp_path: Path, dossier: Path
) -> None:
    mapping = tmp_path / "afas.yaml"
    mapping.write_text(MAPPING, "utf-8")
    options = ImportOptions(Language.EN, mapping=mapping)
    workers = "Medewerker,Voornaam,Voorvoegsel,Achternaam,Geb. datum\nW-9,Ioana,,Bălan,24/12/2001\n"
    import_csv("workers", written(tmp_path / "w.csv", workers, "utf-8"), dossier, options=options)
    payslips = 'Medewerker;Van;Aantal uren;Huur\nW-9;01/03/2027;40;"1.234"\n'
    import_csv("payslips", written(tmp_path / "p.csv", payslips, "utf-8"), dossier, options=options)
    person = next(w for w in load_dossier(dossier).dossier.workers or [] if w.id == "W-9")
    assert (person.name, person.birth_date) == ("Ioana Bălan", dt.date(2001, 12, 24))
    assert person.payslips and person.payslips[0].housing_deduction_eur == Decimal("1234")


def test_the_example_afas_mapping_is_valid(tmp_path: Path, dossier: Path) -> None:
    mapping = ROOT / "examples" / "import" / "afas-mapping.yaml"
    text = "Medewerker;Voornaam;Voorvoegsel;Achternaam;Geboortedatum;Datum in dienst;"
    text += "Datum uit dienst\nA-1;Piet;van;Dam;5-3-1990;1-1-2027;\n"
    source = written(tmp_path / "afas.csv", text)
    options = ImportOptions(Language.EN, mapping=mapping)
    assert import_csv("workers", source, dossier, options=options).workers_added == 1


@pytest.mark.parametrize(
    ("text", "line", "expected"),
    [
        ("workers:\n  id: Nr\n  birth_dat: Geb\n", 3, "unknown field 'birth_dat' (did you mean"),
        ("workers:\n  id: Nr\ndate_format: mm-jjjj\n", 3, "expected a date format with day"),
        ("workers:\n  id: Nr\ndecimal_separator: ';'\n", 3, 'expected "," (comma'),
        ("worker:\n  id: Nr\n", 1, "unknown key 'worker' (did you mean 'workers'?)"),
        ("workers:\n  id: Nr\n  geboortedatum: G\n", 3, "(did you mean 'birth_date'?)"),
        ("workers:\n  id: [Nr, 3]\n", 2, "expected the name of a column"),
        ("- id\n", None, "a mapping file consists of keys"),
    ],
)
def test_a_bad_mapping_file_is_refused_at_its_line(
    tmp_path: Path, dossier: Path, text: str, line: int | None, expected: str
) -> None:
    mapping = tmp_path / "m.yaml"
    mapping.write_text(text, "utf-8")
    source = written(tmp_path / "w.csv", "Nr\nW-1\n")
    with pytest.raises(InputError) as raised:
        import_csv("workers", source, dossier, options=ImportOptions(mapping=mapping))
    problem = next(p for p in raised.value.problems if expected in p.message)
    assert (problem.file, problem.line) == (str(mapping), line)


def test_a_mapped_column_holding_bsns_is_refused(tmp_path: Path, dossier: Path) -> None:
    mapping = tmp_path / "m.yaml"
    mapping.write_text("workers:\n  id: BSN\n", "utf-8")
    source = written(tmp_path / "w.csv", "BSN\n123456782\n")
    with pytest.raises(InputError, match="holds BSN numbers"):
        import_csv("workers", source, dossier, options=ImportOptions(mapping=mapping))


# --- encodings ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("encoding", "bom", "said"),
    [
        ("cp1252", b"", "Read as Windows-1252"),
        ("utf-16-le", codecs.BOM_UTF16_LE, "Read as UTF-16"),
        ("utf-16-be", codecs.BOM_UTF16_BE, "Read as UTF-16"),
        ("utf-8", codecs.BOM_UTF8, None),
        ("utf-8", b"", None),
    ],
)
def test_excel_encodings_are_read_and_said(
    tmp_path: Path, dossier: Path, encoding: str, bom: bytes, said: str | None
) -> None:
    text = "Personeelsnummer\tNaam\r\nW-1\tRenée Brontë\r\n"  # Excel's "Unicode text" is tabbed
    source = tmp_path / "w.csv"
    source.write_bytes(bom + text.encode(encoding))
    summary = import_csv("workers", source, dossier)
    assert "name: Renée Brontë" in dossier.read_text("utf-8")
    notes = summary.message(Language.EN).splitlines()[1:]
    assert notes == ([f"{said}; check letters such as é and ë in the dossier."] if said else [])


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (b"PK\x03\x04rest", "not a CSV file but Excel"),
        (codecs.BOM_UTF8 + b"personeelsnummer\nW-\xff\n", "starts as UTF-8"),
        (b"personeelsnummer\nW-\x00\x01\n", "not text in UTF-8, UTF-16 or Windows-1252"),
    ],
)
def test_undecodable_files_are_refused_clearly(
    tmp_path: Path, dossier: Path, raw: bytes, expected: str
) -> None:
    source = tmp_path / "w.csv"
    source.write_bytes(raw)
    with pytest.raises(InputError, match=expected):
        import_csv("workers", source, dossier)


# --- BSN and IBAN -------------------------------------------------------------------------------


def test_a_column_of_bsns_under_any_header_is_not_copied(tmp_path: Path, dossier: Path) -> None:
    text = "personeelsnummer;Kolom7\nW-1;123456782\nW-2;111222333\nW-3;\n"
    summary = import_csv("workers", written(tmp_path / "w.csv", text), dossier)
    assert summary.message(Language.EN).splitlines()[1:] == [
        'Not copied, as a BSN or IBAN does not belong in the dossier: B "Kolom7" (BSN).'
    ]
    assert "123456782" not in dossier.read_text("utf-8")


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("BSN", Sensitive.BSN),
        ("Burgerservicenummer", Sensitive.BSN),
        ("Sofinummer", Sensitive.BSN),
        ("BSN-nummer werknemer", Sensitive.BSN),
        ("IBAN", Sensitive.IBAN),
        ("Bankrekeningnummer", Sensitive.IBAN),
        ("Jobsnummer", None),
        ("Naam", None),
    ],
)
def test_sensitive_headers(header: str, expected: Sensitive | None) -> None:
    assert sensitive_header(header) is expected


@given(st.integers(min_value=10_000_000, max_value=999_999_999))
def test_the_elfproef_is_the_definition(number: int) -> None:
    digits = f"{number:09d}"
    total = sum(int(d) * w for d, w in zip(digits, (9, 8, 7, 6, 5, 4, 3, 2, -1), strict=True))
    assert is_bsn(digits) is (total % 11 == 0)
    dotted = f"{digits[:4]}.{digits[4:6]}.{digits[6:]}"
    assert (sensitive_value(dotted) is Sensitive.BSN) is (total % 11 == 0)


def test_iban_shapes() -> None:
    assert sensitive_value("NL91 ABNA 0417 1643 00") is Sensitive.IBAN
    assert sensitive_value("NL92ABNA0417164300") is None  # a check digit off
    assert sensitive_value("W-001") is None


# --- workers before housing ---------------------------------------------------------------------


def test_workers_can_be_imported_before_housing_and_their_location_is_left_to_fill_in(
    tmp_path: Path, rulebook: Rulebook
) -> None:
    (dossier,) = [p for p in write_template(tmp_path / "d", Language.NL) if p.suffix == ".yaml"]
    text = "personeelsnummer;naam;locatie\nW-1;Ana Popescu;LOC-9\nW-2;Ion Popa;LOC-9\n"
    summary = import_csv("workers", written(tmp_path / "w.csv", text), dossier, options=NL)
    assert summary.message(Language.NL).splitlines()[1] == (
        f"Huisvestingslocaties toegevoegd met alleen hun code: LOC-9. Vul in {dossier} onder"
        " housing.locations hun adres en de andere gegevens in; toelating check noemt wat nog"
        " ontbreekt."
    )
    loaded = load_dossier(dossier).dossier
    assert loaded.housing and [loc.id for loc in loaded.housing.locations or []][-1] == "LOC-9"
    dossier.write_text(dossier.read_text("utf-8").replace("  provided:\n", "  provided: true\n", 1))
    result = check(load_dossier(dossier).dossier, rulebook, dt.date(2027, 5, 15))
    housing = [r for r in result.results if r.rule_id.startswith("HOU-0") and r.rule_id != "HOU-08"]
    assert housing and all(r.outcome.value == "missing_data" for r in housing)
    assert any("/housing/locations/1" in str(f.path) for r in housing for f in r.findings)


# --- the command line ---------------------------------------------------------------------------


def test_the_command_takes_a_preset_and_speaks_dutch(
    tmp_path: Path, dossier: Path, cli: Cli
) -> None:
    source = written(tmp_path / "werknemers.csv", LOKET_WORKERS)
    args = ["import", "workers", str(source), "--dossier", str(dossier), "--preset", "loket"]
    done = cli([*args, "--lang", "nl"])
    assert done.exit_code == 0, done.stderr
    assert "Werknemers: 2 toegevoegd" in done.stdout and "Gelezen als Windows-1252" in done.stdout
    bad = written(tmp_path / "fout.csv", LOKET_WORKERS.replace("02-04-1998", "31-02-1998"))
    refused = cli(
        [
            "import",
            "workers",
            str(bad),
            "--dossier",
            str(dossier),
            "--preset",
            "loket",
            "--lang",
            "nl",
        ]
    )
    assert refused.exit_code == 2
    assert f'{bad}:2:6: kolom F "Geboortedatum": deze datum bestaat niet' in refused.stderr
    assert "Lefèvre" not in refused.stderr and "1998" not in refused.stderr


# --- the value parsers --------------------------------------------------------------------------


@given(st.dates(min_value=dt.date(1000, 1, 1)), st.sampled_from(["dutch", "iso", "dayfirst"]))
def test_dates_in_every_accepted_form_read_back(day: dt.date, form: str) -> None:
    text = {
        "dutch": f"{day.day:02d}-{day.month:02d}-{day.year}",
        "iso": day.isoformat(),
        "dayfirst": f"{day.day}-{day.month}-{day.year} 00:00:00",
    }[form]
    assert parse_date(text) == day


@given(
    st.dates(min_value=dt.date(1000, 1, 1)), st.sampled_from(["dd/mm/jjjj", "jjjjmmdd", "d.m.yyyy"])
)
def test_dates_in_a_mapping_format_read_back(day: dt.date, pattern: str) -> None:
    text = {
        "dd/mm/jjjj": f"{day.day:02d}/{day.month:02d}/{day.year}",
        "jjjjmmdd": f"{day.year}{day.month:02d}{day.day:02d}",
        "d.m.yyyy": f"{day.day}.{day.month}.{day.year}",
    }[pattern]
    assert parse_date(text, DateFormat.parse(pattern)) == day


@given(st.decimals(min_value=0, max_value=10**9, places=2), st.booleans(), st.booleans())
def test_amounts_written_the_dutch_or_english_way_read_back(
    amount: Decimal, dutch: bool, grouped: bool
) -> None:
    text = f"{amount:,.2f}" if grouped else f"{amount:.2f}"
    if dutch:
        text = text.replace(",", "_").replace(".", ",").replace("_", ".")
    assert parse_decimal(text) == amount
    assert parse_decimal(text, "," if dutch else ".") == amount


@given(st.text(max_size=20), st.sampled_from([None, ",", "."]))
def test_any_text_is_a_number_or_a_cell_error(text: str, separator: str | None) -> None:
    with contextlib.suppress(CellError):
        assert isinstance(parse_decimal(text.strip(), separator), Decimal)


@given(
    st.sampled_from(["ja", "j", "yes", "y", "true", "waar", "1", "x", "nee", "n", "no", "0"]),
    st.booleans(),
)
def test_yes_and_no_in_any_case(word: str, upper: bool) -> None:
    expected = word not in {"nee", "n", "no", "0"}
    assert parse_bool(word.upper() if upper else word) is expected


@given(st.text(max_size=8))
def test_anything_else_is_not_yes_or_no(word: str) -> None:
    known = {
        "ja",
        "j",
        "yes",
        "y",
        "true",
        "waar",
        "1",
        "x",
        "nee",
        "n",
        "no",
        "false",
        "onwaar",
        "0",
    }
    if word.lower() in known:
        return
    with pytest.raises(CellError):
        parse_bool(word)
