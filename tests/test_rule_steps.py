"""A rule's named steps (`define:`) and its parameters taken on a date of its own."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import make_rulebook_folder, write

from toelating.errors import RulebookError
from toelating.rulebook.examples import run_example
from toelating.rulebook.load import apply_overlay, load_rulebook
from toelating.rulebook.model import Example, Parameter
from toelating.vocabulary import Outcome

WAGE_RULE = """\
id: TST-01
version: 1
theme: wages
severity: blocking
title: {nl: Test, en: Test}
message:
  nl: "Inhouding {deduction:eur} boven {cap:eur} bij {wage:eur} per uur"
  en: "Deduction {deduction:eur} above {cap:eur} at {wage:eur} per hour"
remediation: {nl: Herstel, en: Fix it}
legal_basis: [{source: Test, article: art. 1, sureness: confirmed}]
parameters:
  wage: {parameter: minimum_hourly_wage_eur, on: payslip.period_start}
  cap_share: housing_deduction_cap_share
each:
  path: /workers/*/payslips/*
  as: [worker, payslip]
define:
  deduction: payslip.housing_deduction_eur
  cap: cap_share * payslip.hours_paid * wage
check: cents(deduction) <= cents(cap)
examples:
  - {name: passes, as_of: 2027-05-15, expect: pass}
  - name: fails
    as_of: 2027-05-15
    patch:
      workers:
        - id: W-001
          payslips:
            - {period_start: 2026-07-06, period_end: 2026-07-12, hours_paid: 10,
               housing_deduction_eur: 38}
    expect: fail
"""

PAYSLIP = (
    "{id: W-001, payslips: [{period_start: %s, period_end: %s, hours_paid: 10,"
    " housing_deduction_eur: %s}]}"
)


def example(start: str, deduction: str, expect: Outcome) -> Example:
    from toelating.source import parse_yaml

    end = start  # a one-day period is enough for the cap
    patch = parse_yaml("workers: [" + PAYSLIP % (start, end, deduction) + "]", "patch").data
    return Example(name="case", as_of="2027-05-15", patch=patch, expect=expect)


@pytest.fixture(scope="module")
def wage_rulebook(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    folder = make_rulebook_folder(tmp_path_factory.mktemp("rules"), {"TST-01": WAGE_RULE})
    return load_rulebook(folder)


@pytest.mark.parametrize(
    ("start", "deduction", "expect"),
    [
        ("2026-06-30", "36.78", Outcome.FAIL),  # 0.25 x 10 x 14.71 = 36.775 -> 36.78 cap; no
        ("2026-06-30", "36.77", Outcome.PASS),
        ("2026-07-01", "37.48", Outcome.PASS),  # 0.25 x 10 x 14.99 = 37.475 -> 37.48
        ("2026-07-01", "37.49", Outcome.FAIL),
    ],
)
def test_a_parameter_is_taken_on_the_items_date(
    wage_rulebook,
    start: str,
    deduction: str,
    expect: Outcome,  # type: ignore[no-untyped-def]
) -> None:
    if (start, deduction) == ("2026-06-30", "36.78"):
        expect = Outcome.PASS  # 36.775 rounds half up to 36.78: exactly the cap
    run = run_example(wage_rulebook, "TST-01", example(start, deduction, expect))
    assert run.outcome is expect, run


def test_the_message_shows_definitions_and_parameters(wage_rulebook) -> None:  # type: ignore[no-untyped-def]
    run = run_example(wage_rulebook, "TST-01", example("2026-07-01", "40", Outcome.FAIL))
    (finding,) = run.result.findings
    assert finding.message_en == "Deduction €40.00 above €37.48 at €14.99 per hour"


def test_a_step_that_is_not_read_does_not_make_data_missing(tmp_path: Path) -> None:
    text = WAGE_RULE.replace(
        "  cap: cap_share", "  unused: payslip.no_such_thing_here\n  cap: cap_share"
    )
    # a misspelt field is a rule-file error when the rules load, not missing data later
    make_rulebook_folder(tmp_path, {"TST-01": text})
    with pytest.raises(RulebookError) as caught:
        load_rulebook(tmp_path)
    assert "'no_such_thing_here' is not a field of the dossier format" in str(caught.value)
    assert "/define/unused" in str(caught.value)


def test_a_misspelt_field_in_an_overlay_is_refused_when_it_loads(
    wage_rulebook,
    tmp_path: Path,  # type: ignore[no-untyped-def]
) -> None:
    write(
        tmp_path / "TST-02.yaml",
        WAGE_RULE.replace("TST-01", "TST-02").replace("payslip.hours_paid", "payslip.hours_payd"),
    )
    with pytest.raises(RulebookError) as caught:
        apply_overlay(wage_rulebook, tmp_path)
    assert "TST-02: 'hours_payd' is not a field of the dossier format" in str(caught.value)


def test_a_value_past_the_known_date_is_missing_data_naming_the_parameter(
    tmp_path: Path,
) -> None:
    folder = make_rulebook_folder(tmp_path, {"TST-01": WAGE_RULE})
    parameters = (folder / "parameters.yaml").read_text("utf-8")
    assert "known_until: 2026-12-31" in parameters  # the shipped wage table
    rulebook = load_rulebook(folder)
    run = run_example(rulebook, "TST-01", example("2027-01-04", "10", Outcome.MISSING_DATA))
    assert run.outcome is Outcome.MISSING_DATA
    (finding,) = run.result.findings
    assert finding.path == "/workers/0/payslips/0"
    assert "'minimum_hourly_wage_eur' on 4 January 2027" in finding.message_en
    assert "knows it until 31 December 2026" in finding.message_en
    assert "--rules" in finding.message_en and "--rules" in finding.message_nl


def test_an_overlay_supplies_the_missing_value(wage_rulebook, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    write(
        tmp_path / "parameters.yaml",
        """\
parameters_version: 1
parameters:
  minimum_hourly_wage_eur:
    description: {nl: Minimumuurloon, en: Minimum hourly wage}
    type: decimal
    known_until: 2027-06-30
    values:
      - {from: 2026-07-01, value: 14.99, sureness: confirmed, source: test}
      - {from: 2027-01-01, value: 15.20, sureness: confirmed, source: test}
""",
    )
    rulebook = apply_overlay(wage_rulebook, tmp_path)
    assert (
        run_example(rulebook, "TST-01", example("2027-01-04", "38.00", Outcome.PASS)).outcome
        is Outcome.PASS
    )
    assert (
        run_example(rulebook, "TST-01", example("2027-01-04", "38.01", Outcome.FAIL)).outcome
        is Outcome.FAIL
    )


@pytest.mark.parametrize(
    ("kind", "value", "valid"),
    [
        ("decimal", "14.99", True),
        ("decimal", "'14.99'", False),
        ("integer", "3", True),
        ("integer", "3.5", False),
        ("integer", "true", False),
        ("date", "2027-06-30", True),
        ("decimal_table", "{'20': 0.8}", True),
        ("decimal_table", "{'20': x}", False),
    ],
)
def test_parameter_values_have_their_declared_type(kind: str, value: str, valid: bool) -> None:
    from pydantic import ValidationError

    from toelating.source import parse_yaml

    data = parse_yaml(
        f"description: {{nl: a, en: a}}\ntype: {kind}\n"
        f"values: [{{from: 2027-01-01, value: {value}, sureness: confirmed, source: s}}]\n",
        "p.yaml",
    ).data
    if valid:
        Parameter.model_validate(data)
    else:
        with pytest.raises(ValidationError, match="is not of type"):
            Parameter.model_validate(data)


def test_names_may_not_be_given_twice(tmp_path: Path) -> None:
    text = WAGE_RULE.replace("  deduction: payslip", "  wage: payslip")
    make_rulebook_folder(tmp_path, {"TST-01": text})
    with pytest.raises(RulebookError, match="'wage' is named in both parameters and define"):
        load_rulebook(tmp_path)


SHARED = """\
  lender_name: dossier.agency.name
  shouted: lender_name + "!"
"""


def add_shared_steps(folder: Path, steps: str) -> None:
    """Append steps to the `define:` that ends the shipped rulebook.yaml."""
    manifest = folder / "rulebook.yaml"
    text = manifest.read_text("utf-8")
    assert text.rstrip().splitlines()[-1].startswith("  "), "define: must end the manifest"
    manifest.write_text(text + steps, "utf-8")


def test_the_rulebooks_steps_reach_every_rule_that_names_them(tmp_path: Path) -> None:
    folder = make_rulebook_folder(
        tmp_path,
        {
            "TST-01": WAGE_RULE.replace(
                "check: cents(deduction)", 'check: shouted != "FAIL!" && cents(deduction)'
            )
        },
    )
    add_shared_steps(folder, SHARED)
    rulebook = load_rulebook(folder)
    run = run_example(rulebook, "TST-01", example("2026-07-01", "10", Outcome.PASS))
    assert run.outcome is Outcome.PASS, run.problem
    failing = Example(
        name="named FAIL",
        as_of="2027-05-15",
        patch={"agency": {"name": "FAIL"}},
        expect=Outcome.FAIL,
    )
    assert run_example(rulebook, "TST-01", failing).outcome is Outcome.FAIL


@pytest.mark.parametrize(
    ("steps", "message"),
    [
        ("  a: dossier.agency.nmae\n", "rulebook: 'nmae' is not a field"),
        ('  a: b + 1\n  b: "1"\n', "/define/a"),
        ("  deduction: dossier.agency.name\n", "'deduction' is already a step of the rulebook"),
    ],
)
def test_broken_rulebook_steps_are_refused(tmp_path: Path, steps: str, message: str) -> None:
    folder = make_rulebook_folder(tmp_path, {"TST-01": WAGE_RULE})
    add_shared_steps(folder, steps)
    with pytest.raises(RulebookError) as caught:
        load_rulebook(folder)
    assert message in str(caught.value)
