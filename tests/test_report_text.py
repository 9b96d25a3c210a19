"""The terminal report: wrapped to the width without breaking words, the to-do list first for a
self-check or before an application, missing data said once per thing that is missing."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from conftest import EXAMPLES, Cli, write
from hypothesis import given
from hypothesis import strategies as st

from toelating.checking import CheckOptions, check_one, terminal_width
from toelating.report import Report
from toelating.reporters import RenderOptions, reporter
from toelating.reporters.wrapping import wrap_segments
from toelating.rulebook.load import Rulebook
from toelating.text import Language

ANSI = re.compile(r"\x1b\[[0-9;]*m")
TEMPLATE_DATE = dt.date(2026, 12, 6)

words = st.text(alphabet=st.characters(blacklist_categories=("Cs", "Zs", "Cc")), min_size=1)
segments = st.lists(
    st.tuples(
        st.lists(words, min_size=1, max_size=8).map(" ".join),
        st.sampled_from([(), ("bold",), ("dim", "red")]),
    ),
    min_size=1,
    max_size=6,
)


@given(segments, st.integers(10, 120), st.integers(0, 8), st.integers(0, 8))
def test_wrapping_keeps_every_word_whole_and_within_the_width(
    parts: list[tuple[str, tuple[str, ...]]], width: int, indent: int, hanging: int
) -> None:
    lines = wrap_segments(parts, width, indent, hanging)
    for number, line in enumerate(lines):
        used = (indent if number == 0 else hanging) + sum(len(text) for text, _ in line)
        longest_word = max(len(text) for text, _ in line)
        assert used <= width or len(line) == 1, (line, longest_word)
    wrapped = [text for line in lines for text, _ in line if text != " "]
    assert wrapped == [word for text, _ in parts for word in text.split()]


def _template(tmp_path: Path, cli: Cli) -> Path:
    folder = tmp_path / "leeg"
    assert cli(["init", str(folder), "--lang", "nl"]).exit_code == 0
    return folder


def _report(path: Path, rulebook: Rulebook, as_of: dt.date = TEMPLATE_DATE) -> Report:
    options = CheckOptions(dossiers=(path,), as_of=as_of, outputs=())
    return check_one(path, rulebook, options)


def _text(report: Report, language: Language, width: int | None, colour: bool = False) -> str:
    options = RenderOptions(language, colour=colour, width=width)
    return reporter("text").render([report], options).decode("utf-8")


@pytest.mark.parametrize("width", [40, 80, 120])
@pytest.mark.parametrize("colour", [False, True])
def test_the_template_report_fits_the_terminal_and_breaks_no_word(
    cli: Cli, tmp_path: Path, rulebook: Rulebook, width: int, colour: bool
) -> None:
    report = _report(_template(tmp_path, cli), rulebook)
    wrapped = _text(report, Language.NL, width, colour)
    unwrapped = _text(report, Language.NL, None)
    plain = ANSI.sub("", wrapped)
    for line in plain.splitlines():
        assert len(line) <= width or " " not in line.strip(), line
    assert plain.split() == unwrapped.split()  # the same words, none broken or lost


def test_the_template_report_is_a_short_to_do_list_first(
    cli: Cli, tmp_path: Path, rulebook: Rulebook
) -> None:
    text = _text(_report(_template(tmp_path, cli), rulebook), Language.NL, 80)
    assert len(text.splitlines()) <= 130  # 218 lines before missing data was grouped
    todo, details = text.split("\nDetails\n")
    assert "Te doen (" in todo and "Ontbrekende gegevens" in details
    # /workers lacks for many rules: one to-do item naming them all, one heading in the detail
    assert todo.count("Vul aan: werknemers (/workers)") == 1
    assert details.count("werknemers (/workers): Dit gegeven ontbreekt") == 1
    assert "RENT-01" in todo.split("Vul aan: werknemers (/workers)")[1].split("\n\n")[0]
    assert "Aanvraagdatum: nog geen aanvraag" in text
    assert "Grondslag" not in todo  # the legal basis stays with the detail


def test_an_application_dossier_has_no_to_do_list_before_the_detail(rulebook: Rulebook) -> None:
    report = _report(EXAMPLES / "vog-outdated", rulebook, dt.date(2027, 5, 15))
    text = _text(report, Language.EN, None)
    assert "To do (" not in text and "\nDetails\n" not in text
    assert text.index("\nFailures\n") > text.index("Application date: 12 May 2027")


def test_a_self_check_lists_what_to_fix_most_serious_first(cli: Cli, tmp_path: Path) -> None:
    text = (
        (EXAMPLES / "vog-outdated" / "dossier.yaml")
        .read_text("utf-8")
        .replace("purpose: application", "purpose: self_check")
    )
    dossier = write(tmp_path / "dossier.yaml", text)
    result = cli(
        ["check", str(dossier), "--as-of", "2027-05-15", "--horizon", "6m", "--lang", "nl"]
    )
    assert result.exit_code == 1
    todo = result.stdout.split("\nTe doen (", 1)[1].split("\nDetails\n")[0]
    items = [line for line in todo.splitlines() if re.match(r"\s*\d+\. \[", line)]
    assert items[0].startswith("  1. [blokkerend, nu] VOG-02")
    assert "INS-02" in items[1] and "vóór 16 juni 2027" in items[1]
    assert "Waar: VOG-RP van 10 januari 2027 (/vog/0)" in todo


def test_a_report_on_a_pipe_is_not_wrapped(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("sys.stdout.isatty", lambda: False)
    assert terminal_width() is None


def test_a_report_on_a_terminal_is_wrapped_to_its_width(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("sys.stdout.isatty", lambda: True)
    monkeypatch.setenv("COLUMNS", "93")
    assert terminal_width() == 93
    monkeypatch.setenv("COLUMNS", "12")
    assert terminal_width() == 40  # narrower: lines of 40 all the same


def test_markdown_starts_a_self_check_with_the_same_to_do_list(
    cli: Cli, tmp_path: Path, rulebook: Rulebook
) -> None:
    report = _report(_template(tmp_path, cli), rulebook)
    markdown = reporter("markdown").render([report], RenderOptions(Language.NL)).decode("utf-8")
    todo = markdown.split("### Te doen (")[1]
    assert markdown.index("### Te doen (") < markdown.index("### Ontbrekende gegevens")
    assert "**Vul aan: werknemers (/workers)**" in todo
    assert "Nodig voor HOU-08, RENT-01" in todo
