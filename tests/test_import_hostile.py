"""CSV exports as a careless user or an attacker makes them: an import's messages never echo
what a cell holds, and its work grows with the rows linearly, never with their square."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from types import FrameType
from typing import Any

import pytest
from conftest import EXAMPLES
from hypothesis import given, settings
from hypothesis import strategies as st
from test_import import DATA, PAYSLIP_HEADERS, WORKER_HEADERS, csv_text

from toelating.errors import InputError
from toelating.importing import ImportKind, import_csv

# --- messages never echo a cell ----------------------------------------------------------------

LETTERS = "abcdefghijklmnopqrstuvwxyzăâîșțłńśźżóéëöüç"
NAMES = st.builds(
    lambda first, last: f"{first.title()} {last.title()}",
    st.text(LETTERS, min_size=3, max_size=10),
    st.text(LETTERS, min_size=3, max_size=12),
)
BSN = st.integers(10**8, 10**9 - 1).map(str)  # nine digits, as a citizen service number
BIRTH_DATES = st.dates(dt.date(1930, 1, 1), dt.date(2009, 12, 31)).flatmap(
    lambda day: st.sampled_from(
        [day.strftime("%d-%m-%Y"), day.isoformat(), day.strftime("%m/%d/%Y"), f"{day:%d-%m}-1x"]
    )
)
IMPOSSIBLE_DATES = st.builds(
    lambda day, month, year: f"{day:02d}-{month:02d}-{year}",
    st.integers(29, 99),
    st.sampled_from([2, 4, 6, 13, 44]),
    st.integers(1930, 2009),
)
AMOUNTS = st.builds(
    lambda whole, cents, form: form.format(w=whole, c=cents),
    st.integers(10_000, 9_999_999),
    st.integers(0, 999),
    st.sampled_from(
        ["{w:,}.{c}", "{w}.{c:03d}", "€ {w},{c:03d}", "{w:_}", "-{w},{c}", "{w}.{c}.5"]
    ),
)
TEXT = st.text(min_size=6, max_size=40).map(lambda text: "¤" + text)  # ¤: in no message
CELLS = st.one_of(NAMES, BSN, BIRTH_DATES, IMPOSSIBLE_DATES, AMOUNTS, TEXT)

HEADERS = {ImportKind.WORKERS: WORKER_HEADERS["nl"], ImportKind.PAYSLIPS: PAYSLIP_HEADERS["nl"]}
GOOD_ROW = {
    ImportKind.WORKERS: ["W-001", "", "05-05-1990", "ro", "01-03-2026", "", "LOC-1"],
    ImportKind.PAYSLIPS: ["W-001", "08-03-2027", "14-03-2027", "40", "118,50", "ja"],
}
# Where the value goes: a cell of each column, a cell past the last header, or a header.
PLACES = [
    (kind, place)
    for kind in ImportKind
    for place in [*range(len(HEADERS[kind])), "extra", "header"]
]


def messages_of(kind: ImportKind, text: str) -> list[str]:
    """The problems an import of the text reports (none when it succeeds), into a copy of
    the test dossier, written to a new file."""
    with tempfile.TemporaryDirectory() as folder:
        dossier = Path(folder) / "dossier.yaml"
        shutil.copy(DATA / "dossier.yaml", dossier)
        source = Path(folder) / "in.csv"
        source.write_text(text, encoding="utf-8")
        try:
            import_csv(kind, source, dossier, output=Path(folder) / "merged.yaml")
        except InputError as error:
            return [problem.render() for problem in error.problems]
    return []


@given(place=st.sampled_from(PLACES), value=CELLS, separator=st.sampled_from([";", ","]))
@settings(max_examples=200, deadline=None)
def test_no_message_echoes_a_cell(
    place: tuple[ImportKind, int | str], value: str, separator: str
) -> None:
    """Names, birth dates, amounts and citizen service numbers in any cell, and in a header
    (a file exported without a header row has data there): the messages say row, column
    and what was expected, and never repeat what the cell held."""
    kind, where = place
    headers, row = list(HEADERS[kind]), list(GOOD_ROW[kind])
    if where == "header":
        headers.append(value)
        row.append("")
    elif where == "extra":
        row.append(value)
    else:
        assert isinstance(where, int)
        row[where] = value
    messages = messages_of(kind, csv_text(headers, [row], separator))
    assert not any(value.strip() in message for message in messages), messages


@pytest.mark.parametrize(
    ("kind", "row"),
    [
        (ImportKind.WORKERS, ["123456782", "", "31-02-1990", "", "", "", ""]),
        (ImportKind.WORKERS, ["W-9", "Ioana Bălan", "", "Roemeens", "", "", "LOC-404"]),
        (ImportKind.PAYSLIPS, ["123456782", "08-03-2027", "14-03-2027", "40", "0", "ja"]),
        (ImportKind.PAYSLIPS, ["W-001", "08-03-2027", "14-03-2027", "veertig", "1.234", "soms"]),
        (ImportKind.PAYSLIPS, ["W-001", "08-03-2027", "14-03-2027", "40", "118,5051", "ja"]),
    ],
)
def test_each_message_names_the_row_and_the_column_and_what_was_expected(
    kind: ImportKind, row: list[str]
) -> None:
    messages = messages_of(kind, csv_text(HEADERS[kind], [row]))
    assert messages
    for message in messages:
        assert re.search(r":2(:[0-9]+)?: column ", message), message  # the row, the column
        assert not any(cell in message for cell in row if len(cell) > 3), message


# --- the work of an import grows linearly with its rows ------------------------------------------


def calls_during(run: Callable[[], object]) -> int:
    """How many Python functions run calls (all of them, the YAML library's too): work
    counted, not timed, so the count is the same on any machine and under any load."""
    calls = 0

    def count(frame: FrameType, event: str, argument: Any) -> None:
        nonlocal calls
        if event == "call":
            calls += 1

    sys.setprofile(count)
    try:
        run()
    finally:
        sys.setprofile(None)
    return calls


def payslip_rows(count: int, workers: int) -> str:
    first = dt.date(2000, 1, 3)
    rows = []
    for number in range(count):
        start = first + dt.timedelta(weeks=number // workers)
        worker = ["W-001", "W-002"][number % workers]
        end = start + dt.timedelta(days=6)
        rows.append([worker, f"{start:%d-%m-%Y}", f"{end:%d-%m-%Y}", "40", "118,50", "ja"])
    return csv_text(PAYSLIP_HEADERS["nl"], rows)


def import_calls(tmp_path: Path, rows: int, workers: int, again: bool) -> int:
    """Calls made importing rows payslips (a second time, replacing them all, when again)."""
    folder = tmp_path / f"{rows}-{workers}-{again}"
    folder.mkdir()
    dossier = folder / "dossier.yaml"
    shutil.copy(DATA / "dossier.yaml", dossier)
    source = folder / "payslips.csv"
    source.write_text(payslip_rows(rows, workers), encoding="utf-8")
    if again:
        import_csv(ImportKind.PAYSLIPS, source, dossier)
    return calls_during(lambda: import_csv(ImportKind.PAYSLIPS, source, dossier))


@pytest.mark.parametrize("again", [False, True], ids=["added", "replaced"])
def test_twice_the_rows_take_about_twice_the_work(tmp_path: Path, again: bool) -> None:
    """All the payslips of one worker: placing each row once looked through all the
    worker's payslips, so 60,000 rows took hours. Doubling the rows may now double the
    work and a little more, never quadruple it. (A worker may have up to 1,000 payslips:
    the dossier's bound on a list.)"""
    small = import_calls(tmp_path, 450, 1, again)
    large = import_calls(tmp_path, 900, 1, again)
    assert large < 2.2 * small, (small, large)


# --- the fast way of writing payslips writes what ruamel writes ------------------------------

LAYOUTS = {
    "block items": (
        "workers:\n  - id: W-001\n    payslips:\n      - period_start: 2027-03-01\n"
        "        hours_paid: 40\n      - period_start: 2027-02-01\n"
        "        # in between\n        hours_paid: 40   # checked\n    # below the payslips\n"
        "  - id: W-002\n"
    ),
    "flow items": (
        "workers:\n  - id: W-001\n    payslips:\n"
        "      - {period_start: 2027-03-01, hours_paid: 40}\n  - id: W-002\n"
    ),
    "a flow list": (
        "workers:\n  - id: W-001\n    payslips: [{period_start: 2027-03-01, hours_paid: 40}]\n"
        "  - id: W-002\n"
    ),
    "an empty list": "workers:\n  - id: W-001\n    payslips: []\n  - id: W-002\n",
    "null": "workers:\n  - id: W-001\n    payslips:\n  - id: W-002\n    payslips: null\n",
    "no payslips": "workers:\n  - id: W-001\n    name: Ana   # the first\n  - id: W-002\n",
    "no indentation of dashes": (
        "workers:\n- id: W-001\n  payslips:\n  - period_start: 2027-03-01\n"
        "    hours_paid: 40\n- id: W-002\n"
    ),
    "four spaces": (
        "workers:\n    -   id: W-001\n        payslips:\n        -   period_start: 2027-03-01\n"
        "            hours_paid: 40\n    -   id: W-002\n"
    ),
    "flow workers": "workers:\n  - {id: W-001, name: Ana}\n  - {id: W-002, payslips: []}\n",
    "a flow list of workers": "workers: [{id: W-001}, {id: W-002}]\n",
}


@pytest.mark.parametrize("layout", sorted(LAYOUTS))
@pytest.mark.parametrize("crlf", [False, True], ids=["lf", "crlf"])
def test_payslips_written_as_text_are_what_ruamel_writes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, layout: str, crlf: bool
) -> None:
    """The payslips a dossier has and those an import adds or replaces are text held by
    placeholders in ruamel's round trip: the file must be the one ruamel itself writes with
    every payslip read and written as YAML, byte for byte."""
    from toelating.importing.rendered import Rendered

    text = "dossier_version: 2\nagency: {name: X}\n" + LAYOUTS[layout] + "# the end\n"
    rows = [
        ["W-001", "01-03-2027", "07-03-2027", "38,5", "118,50", "ja"],  # replaces, or adds
        ["W-001", "08-03-2027", "", "40", "", ""],
        ["W-002", "08-03-2027", "14-03-2027", "", "0", "nee"],
    ]
    source = tmp_path / "payslips.csv"
    source.write_text(csv_text(PAYSLIP_HEADERS["nl"], rows), encoding="utf-8")
    written = {}
    for way in ("text", "ruamel"):
        dossier = tmp_path / way / "dossier.yaml"
        dossier.parent.mkdir()
        dossier.write_bytes(text.replace("\n", "\r\n" if crlf else "\n").encode())
        if way == "ruamel":  # every payslip read and written by ruamel itself
            monkeypatch.setattr(Rendered, "placeholder", lambda *args: None)
            monkeypatch.setattr(Rendered, "collapse", lambda self, text, grouped=False: text)
            monkeypatch.setattr(Rendered, "group", lambda self, placeholders: None)
        import_csv(ImportKind.PAYSLIPS, source, dossier)
        written[way] = dossier.read_bytes()
    assert written["text"] == written["ruamel"]
    assert b"toelating-item" not in written["text"]


def test_the_comments_around_a_replaced_payslip_are_kept(tmp_path: Path) -> None:
    """ruamel keeps the comment lines below an item on the item's last value, and lost them
    with a payslip an import replaced; kept as text, they stay where they were (a comment
    inside the payslip, between its fields, goes with the payslip the row replaces)."""
    text = (
        "dossier_version: 2\nagency: {name: X}\nworkers:\n  - id: W-001\n    payslips:\n"
        "      - period_start: 2027-03-01\n        hours_paid: 40   # the first\n"
        "      # the second, below\n      - period_start: 2027-03-08\n        hours_paid: 40\n"
        "    # after the payslips\n  - id: W-002\n"
    )
    dossier = tmp_path / "dossier.yaml"
    dossier.write_text(text, encoding="utf-8")
    rows = [["W-001", "01-03-2027", "", "38", "", ""], ["W-001", "08-03-2027", "", "39", "", ""]]
    source = tmp_path / "payslips.csv"
    source.write_text(csv_text(PAYSLIP_HEADERS["nl"], rows), encoding="utf-8")
    summary = import_csv(ImportKind.PAYSLIPS, source, dossier)
    assert summary.payslips_replaced == 2
    expected = text.replace("hours_paid: 40   # the first", "hours_paid: 38   # the first")
    assert dossier.read_text("utf-8") == expected.replace("hours_paid: 40\n", "hours_paid: 39\n")


def _dossier_texts() -> dict[str, str]:
    texts = {f"layout: {name}": "dossier_version: 2\n" + text for name, text in LAYOUTS.items()}
    for path in [DATA / "dossier.yaml", *sorted(EXAMPLES.glob("*/dossier.yaml"))]:
        texts[path.parent.name] = path.read_text("utf-8")
    return texts


DOSSIER_TEXTS = _dossier_texts()


@pytest.mark.parametrize("name", sorted(DOSSIER_TEXTS))
def test_a_dossier_opened_for_editing_is_written_back_as_ruamel_writes_it(
    monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    """evidence hash and both imports open a dossier with its payslips held as text: written
    back unchanged, it must be what ruamel's own round trip writes."""
    from toelating.importing.edit import EditableYaml
    from toelating.importing.rendered import Rendered

    raw = DOSSIER_TEXTS[name].encode("utf-8")
    held = EditableYaml.of(raw, name).dump()
    grouped = EditableYaml.of(raw, name, grouped=True).dump()  # each list of payslips as one
    monkeypatch.setattr(Rendered, "collapse", lambda self, text, grouped=False: text)
    assert held == grouped == EditableYaml.of(raw, name).dump()


@pytest.mark.parametrize("layout", sorted(LAYOUTS))
def test_the_merged_dossier_validated_is_the_text_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, layout: str
) -> None:
    """The merged dossier is validated from the text ruamel wrote with its placeholders
    replaced by the payslips' values: that data must be what the written text reads as."""
    import toelating.importing as importing
    from toelating.importing.merge import MergeResult
    from toelating.source import parse_yaml
    from toelating.text import Language

    text = "dossier_version: 2\nagency: {name: X}\n" + LAYOUTS[layout]
    dossier = tmp_path / "dossier.yaml"
    dossier.write_text(text, encoding="utf-8")
    rows = [
        ["W-001", "01-03-2027", "07-03-2027", "38,5", "118,50", "ja"],
        ["W-001", "15-03-2027", "", "40", "", ""],
        ["W-002", "08-03-2027", "14-03-2027", "", "0", "nee"],
    ]
    source = tmp_path / "payslips.csv"
    source.write_text(csv_text(PAYSLIP_HEADERS["nl"], rows), encoding="utf-8")
    seen = []
    validate = importing._validate_merged
    monkeypatch.setattr(importing, "_validate_merged", lambda doc, *rest: seen.append(doc))
    import_csv(ImportKind.PAYSLIPS, source, dossier)
    (document,) = seen
    assert document.text == dossier.read_text("utf-8")
    assert document.data == parse_yaml(document.text, "again").data
    validate(document, MergeResult(), ("payslips.csv", Language.EN))  # and it is valid


def test_a_payslip_list_over_the_bound_is_refused_after_the_import(tmp_path: Path) -> None:
    """A worker's payslips held as one group are counted one by one when validated."""
    slips = "".join(
        f"      - period_start: {dt.date(2000, 1, 3) + dt.timedelta(weeks=n)}\n"
        "        hours_paid: 40\n"
        for n in range(1000)
    )
    dossier = tmp_path / "dossier.yaml"
    dossier.write_text(
        "dossier_version: 2\nagency: {name: X}\nworkers:\n  - id: W-001\n    payslips:\n" + slips,
        encoding="utf-8",
    )
    source = tmp_path / "payslips.csv"
    source.write_text(
        csv_text(PAYSLIP_HEADERS["nl"], [["W-001", "01-03-2027", "", "40", "", ""]]), "utf-8"
    )
    before = dossier.read_bytes()
    with pytest.raises(InputError, match="1,001 items"):
        import_csv(ImportKind.PAYSLIPS, source, dossier)
    assert dossier.read_bytes() == before
