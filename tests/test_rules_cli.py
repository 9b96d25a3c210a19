"""Tools for rule maintainers: validate, test, show, doc, and certifiers' overlays."""

from __future__ import annotations

import json
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from conftest import EXAMPLES, ROOT, RULES, Cli, replaced, rule_text, write


@pytest.fixture
def rules_copy(tmp_path: Path) -> Path:
    target = tmp_path / "rules"
    shutil.copytree(RULES, target)
    return target


SMALL_FOLDERS = ("vog", "deposit")


@pytest.fixture
def small_rules_copy(tmp_path: Path) -> Path:
    """The manifest, parameters, example base and only the vog/ and deposit/ rules: enough
    for the validate cases, without compiling all the rules each time."""
    target = tmp_path / "rules"
    target.mkdir()
    for name in ("rulebook.yaml", "parameters.yaml", "example-base.yaml"):
        shutil.copy(RULES / name, target / name)
    for folder in SMALL_FOLDERS:
        shutil.copytree(RULES / folder, target / folder)
    return target


def test_shipped_rulebook_validates_and_its_examples_pass(cli: Cli) -> None:
    validated = cli(["rules", "validate"])
    assert validated.exit_code == 0, validated.stderr
    tested = cli(["rules", "test"])
    assert tested.exit_code == 0, tested.stdout
    assert tested.stdout.rstrip().endswith("passed, 0 failed")


@pytest.mark.parametrize(
    ("file", "old", "new", "expected"),
    [
        (
            "vog/VOG-01.yaml",
            'v.kind == "rp"',
            'v.kind == "rp" &&',
            "/check VOG-01: CEL syntax error",
        ),
        (
            "vog/VOG-01.yaml",
            "v.subject ==",
            "v.subjekt ==",
            "VOG-01: 'subjekt' is not a field of the dossier format",
        ),
        (
            "vog/VOG-02.yaml",
            "usable_until: add_months(issued_on",
            "usable_until: add_month(issued_on",
            "VOG-02.yaml: /define/usable_until VOG-02: CEL error at line 1, column 10: "
            "undeclared reference to 'add_month'",
        ),
        (
            "vog/VOG-02.yaml",
            "max_age_months: vog_max_age_months",
            "max_age_months: vog_max_age_month",
            "VOG-02: unknown parameter 'vog_max_age_month'",
        ),
        (
            "vog/VOG-01.yaml",
            "id: VOG-01",
            "id: VOG-02",
            "rule id VOG-02 does not match the file name",
        ),
        (
            "vog/VOG-01.yaml",
            "  nl: Er is een VOG voor de rechtspersoon (VOG-RP)\n",
            "",
            "/title 'nl' is required",
        ),
        (
            "deposit/DEP-01.yaml",
            "effective_from: 2027-01-01\n",
            "effective_from: 2028-01-01\neffective_until: 2027-01-01\n",
            "effective_until lies before effective_from",
        ),
    ],
)
def test_validate_names_file_rule_and_problem(
    cli: Cli, small_rules_copy: Path, file: str, old: str, new: str, expected: str
) -> None:
    rules_copy = small_rules_copy
    replaced(rules_copy / file, old, new)
    result = cli(["rules", "validate", str(rules_copy)])
    assert result.exit_code == 2
    assert expected in result.stderr
    assert str(rules_copy / file) in result.stderr
    assert "Traceback" not in result.stderr


def test_the_small_copy_is_a_valid_rulebook(cli: Cli, small_rules_copy: Path) -> None:
    """So the validate cases on it fail for their own edit only."""
    result = cli(["rules", "validate", str(small_rules_copy)])
    assert result.exit_code == 0, result.stderr
    assert result.stdout.strip() == "9 rules valid (rulebook 2027.01)"


def test_validate_finds_duplicate_ids(cli: Cli, small_rules_copy: Path) -> None:
    rules_copy = small_rules_copy
    shutil.copy(rules_copy / "vog" / "VOG-01.yaml", rules_copy / "deposit" / "VOG-01.yaml")
    result = cli(["rules", "validate", str(rules_copy)])
    assert result.exit_code == 2 and "duplicate rule id VOG-01" in result.stderr


def test_rules_test_reports_a_broken_example_and_writes_junit(
    cli: Cli, rules_copy: Path, tmp_path: Path
) -> None:
    replaced(
        rules_copy / "vog" / "VOG-02.yaml",
        "issued_on: 2027-02-11}]}\n    expect: fail",
        "issued_on: 2027-02-11}]}\n    expect: pass",
    )
    result = cli(["rules", "test", str(rules_copy)])
    assert result.exit_code == 1
    assert "VOG-02    FAIL" in result.stdout and "expected pass, got fail" in result.stdout
    junit = tmp_path / "rules.xml"
    assert (
        cli(
            ["rules", "test", str(rules_copy), "--format", "junit", "--output", str(junit)]
        ).exit_code
        == 1
    )
    root = ET.parse(junit).getroot()
    assert root.get("failures") == "1"
    assert len(root.findall(".//testcase")) == int(root.get("tests") or 0) > 100


def test_case_files_beside_a_rule_are_run(cli: Cli, rules_copy: Path) -> None:
    write(
        rules_copy / "vog" / "VOG-01.cases.yaml",
        "cases:\n  - {name: extra, as_of: 2027-05-15, patch: {vog: []}, expect: pass}\n",
    )
    result = cli(["rules", "test", str(rules_copy)])
    assert result.exit_code == 1 and "✗ extra: expected pass, got fail" in result.stdout


def test_rules_show_in_both_languages(cli: Cli) -> None:
    english = cli(["rules", "show", "VOG-02", "--as-of", "2027-05-15"])
    assert english.exit_code == 0 and "vog_max_age_months = 3" in english.stdout
    assert "[issued on]" in english.stdout and "What to do" in english.stdout
    dutch = cli(["rules", "show", "vog-02", "--lang", "nl"])
    assert "Wat te doen" in dutch.stdout and "Grondslag" in dutch.stdout
    assert cli(["rules", "show", "XYZ-99"]).exit_code == 2


def test_rules_reference_document_is_current(cli: Cli) -> None:
    generated = cli(["rules", "doc"]).stdout
    assert generated == (ROOT / "docs" / "rules.md").read_text("utf-8"), (
        "run: toelating rules doc > docs/rules.md"
    )


def test_overlay_adds_replaces_disables_and_changes_severity(cli: Cli, tmp_path: Path) -> None:
    overlay = tmp_path / "certifier"
    write(
        overlay / "ZZZ-01.yaml",
        rule_text("ZZZ-01", 'dossier.agency.name != "Flexwerk Noord B.V."', theme="scope"),
    )
    write(
        overlay / "overrides.yaml",
        (
            "overrides:\n"
            "  - {rule: SCOPE-01, disable: true, reason: not relevant for our scheme}\n"
            "  - {rule: FIN-04, severity: blocking, reason: our scheme refuses open objections}\n"
        ),
    )
    result = cli(
        [
            "check",
            str(EXAMPLES / "flexwerk-noord"),
            "--as-of",
            "2027-05-15",
            "--rules",
            str(overlay),
            "--format",
            "json",
        ]
    )
    report = json.loads(result.stdout)
    by_id = {r["rule_id"]: r for r in report["results"]}
    assert report["rulebook_version"] == "2027.01+certifier"
    assert "SCOPE-01" not in by_id
    assert by_id["FIN-04"]["severity"] == "blocking"
    assert by_id["ZZZ-01"]["outcome"] == "fail" and result.exit_code == 1


def test_bad_overlay_is_refused(cli: Cli, tmp_path: Path) -> None:
    write(
        tmp_path / "o" / "overrides.yaml",
        "overrides:\n  - {rule: NOPE-01, disable: true, reason: x}\n",
    )
    result = cli(["check", str(EXAMPLES / "flexwerk-noord"), "--rules", str(tmp_path / "o")])
    assert result.exit_code == 2 and "no rule NOPE-01" in result.stderr
