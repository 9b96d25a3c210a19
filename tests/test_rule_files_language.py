"""Problems in a rule folder said in the chosen language: an overlay's author is a user."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import EXAMPLES, RULES, Cli, replaced
from test_language import dutch_only


@pytest.fixture
def small_rules(tmp_path: Path) -> Path:
    target = tmp_path / "rules"
    target.mkdir()
    for name in ("rulebook.yaml", "parameters.yaml", "example-base.yaml"):
        shutil.copy(RULES / name, target / name)
    shutil.copytree(RULES / "vog", target / "vog")
    return target


# (case, file, old, new, Dutch, English)
CASES = [
    (
        "field",
        "vog/VOG-01.yaml",
        "v.subject ==",
        "v.subjekt ==",
        "VOG-01: 'subjekt' is geen veld van het dossierformaat",
        "VOG-01: 'subjekt' is not a field of the dossier format",
    ),
    (
        "parameter",
        "vog/VOG-02.yaml",
        "max_age_months: vog_max_age_months",
        "max_age_months: vog_max_age_month",
        "VOG-02: onbekende parameter 'vog_max_age_month'",
        "VOG-02: unknown parameter 'vog_max_age_month'",
    ),
    (
        "id",
        "vog/VOG-01.yaml",
        "id: VOG-01",
        "id: VOG-02",
        "regel-id VOG-02 komt niet overeen met de bestandsnaam",
        "rule id VOG-02 does not match the file name",
    ),
    (
        "required",
        "vog/VOG-01.yaml",
        "  nl: Er is een VOG voor de rechtspersoon (VOG-RP)\n",
        "",
        "/title 'nl' is verplicht",
        "/title 'nl' is required",
    ),
    (
        "theme",
        "vog/VOG-01.yaml",
        "theme: vog",
        "theme: nergens",
        "VOG-01: onbekend thema 'nergens'",
        "VOG-01: unknown theme 'nergens'",
    ),
]


@pytest.mark.parametrize(
    ("case", "file", "old", "new", "dutch", "english"), CASES, ids=[c[0] for c in CASES]
)
def test_a_rule_file_problem_is_said_in_the_language(
    cli: Cli, small_rules: Path, case: str, file: str, old: str, new: str, dutch: str, english: str
) -> None:
    replaced(small_rules / file, old, new)
    said_nl = cli(["rules", "validate", str(small_rules), "--lang", "nl"])
    assert said_nl.exit_code == 2 and dutch in said_nl.stderr, said_nl.stderr
    assert str(small_rules / file) in said_nl.stderr
    assert not dutch_only(said_nl.stderr), said_nl.stderr
    said_en = cli(["rules", "validate", str(small_rules), "--lang", "en"])
    assert said_en.exit_code == 2 and english in said_en.stderr, said_en.stderr


def test_a_missing_rule_folder_and_an_unknown_override_in_dutch(cli: Cli, tmp_path: Path) -> None:
    said = cli(["rules", "validate", str(tmp_path / "nergens"), "--lang", "nl"]).stderr
    assert "de regelmap is niet gevonden" in said, said
    overlay = tmp_path / "aanvulling"
    overlay.mkdir()
    (overlay / "overrides.yaml").write_text(
        "overrides:\n  - {rule: NOPE-01, disable: true, reason: x}\n", encoding="utf-8"
    )
    example = str(EXAMPLES / "flexwerk-noord")
    said = cli(["check", example, "--rules", str(overlay), "--lang", "nl"]).stderr
    assert "regel NOPE-01 bestaat niet" in said, said
