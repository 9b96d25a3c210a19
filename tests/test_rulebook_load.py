"""Broken rule files are refused before anything runs, naming file, path and problem."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import RULES, make_rulebook_folder, rule_text, write

from toelating.errors import RulebookError
from toelating.rulebook.load import Rulebook, load_rulebook


def problems(folder: Path) -> str:
    with pytest.raises(RulebookError) as caught:
        load_rulebook(folder)
    return str(caught.value)


def test_shipped_rulebook_loads(rulebook: Rulebook) -> None:
    ids = [compiled.id for compiled in rulebook.rules]
    assert ids, "the shipped rulebook has no rules"
    assert len(set(ids)) == len(ids), "duplicate rule ids"
    assert ids == sorted(ids)
    rule_files = {
        path.stem
        for path in RULES.rglob("*.yaml")
        if path.parent != RULES and not path.name.endswith(".cases.yaml")
    }
    assert set(ids) == rule_files


def test_bad_cel_names_file_rule_and_field(tmp_path: Path) -> None:
    make_rulebook_folder(tmp_path, {"TST-01": rule_text("TST-01", "dossier.agency.name ==")})
    assert "TST-01.yaml: /check TST-01: CEL syntax error" in problems(tmp_path)


def test_schema_violations_name_the_line(tmp_path: Path) -> None:
    text = rule_text("TST-01", "true").replace("severity: blocking", "severity: fatal")
    make_rulebook_folder(tmp_path, {"TST-01": text})
    assert "TST-01.yaml:4:1: /severity 'fatal' is not one of" in problems(tmp_path)


def test_missing_dutch_text(tmp_path: Path) -> None:
    text = rule_text("TST-01", "true").replace(
        "title: {nl: Test TST-01, en: Test TST-01}", "title: {en: Test}"
    )
    make_rulebook_folder(tmp_path, {"TST-01": text})
    assert "/title 'nl' is required" in problems(tmp_path)


def test_reversed_dates(tmp_path: Path) -> None:
    text = rule_text(
        "TST-01", "true", extra="effective_from: 2028-01-01\neffective_until: 2027-01-01\n"
    )
    make_rulebook_folder(tmp_path, {"TST-01": text})
    assert "effective_until lies before effective_from" in problems(tmp_path)


def test_id_must_match_file_name_and_be_unique(tmp_path: Path) -> None:
    make_rulebook_folder(tmp_path, {"TST-01": rule_text("TST-02", "true")})
    write(tmp_path / "sub" / "TST-02.yaml", rule_text("TST-02", "true"))
    found = problems(tmp_path)
    assert "rule id TST-02 does not match the file name" in found
    assert "duplicate rule id TST-02" in found


@pytest.mark.parametrize(
    ("theme", "extra", "message", "expected"),
    [
        pytest.param("nonsense", "", None, "/theme TST-01: unknown theme 'nonsense'", id="theme"),
        pytest.param(
            "vog",
            "parameters: [no_such_parameter]\n",
            None,
            "/parameters TST-01: unknown parameter 'no_such_parameter'",
            id="parameter",
        ),
        pytest.param("vog", "", "'{x}'", "message uses undefined facts: x", id="fact"),
    ],
)
def test_unknown_parameter_theme_and_fact(
    tmp_path: Path, theme: str, extra: str, message: str | None, expected: str
) -> None:
    text = rule_text("TST-01", "true", theme=theme, extra=extra)
    if message is not None:
        text = text.replace(
            "message: {nl: Faalt, en: Fails}", f"message: {{nl: {message}, en: {message}}}"
        )
    make_rulebook_folder(tmp_path, {"TST-01": text})
    assert problems(tmp_path) == f"{tmp_path / 'TST-01.yaml'}: {expected}"


def test_files_that_are_not_rules_are_reported(tmp_path: Path) -> None:
    make_rulebook_folder(tmp_path, {"TST-01": rule_text("TST-01", "true")})
    write(tmp_path / "tst-1.yaml", "id: x\n")
    assert "not a rule file name" in problems(tmp_path)
