"""Every folder under examples/ gives the verdict, exit code and failing rules promised for it.

The promises live in EXPECTED below, once. Every example folder must have an entry (a new
example without one fails), and the dossier's header and examples/README.md must say the
same check date, verdict and exit code, and name the same failing (or missing-data) rules,
so the three cannot drift apart.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import NamedTuple

import pytest
from conftest import EXAMPLES, Cli


class Expected(NamedTuple):
    as_of: str
    verdict: str
    exit_code: int
    fails: frozenset[str]  # every rule with outcome fail, advisory ones included
    missing: frozenset[str] = frozenset()  # every rule with outcome missing_data


def compliant(as_of: str, *fails: str) -> Expected:
    return Expected(as_of, "compliant", 0, frozenset(fails))


def non_compliant(as_of: str, *fails: str) -> Expected:
    return Expected(as_of, "non_compliant", 1, frozenset(fails))


def incomplete(as_of: str, *missing: str) -> Expected:
    return Expected(as_of, "incomplete", 1, frozenset(), frozenset(missing))


EXPECTED: dict[str, Expected] = {
    "flexwerk-noord": compliant("2027-05-15"),
    "vog-outdated": non_compliant("2027-05-15", "VOG-02"),
    # A starter's provisional admission (6 months) ended without the full deposit.
    "deposit-starter-second-half-unpaid": non_compliant("2027-12-15", "DEP-02"),
    # An established lender is exempt from the deposit (art. 23c): DEP-04 reports it
    # (advisory, not counted) and DEP-01 is not applicable.
    "deposit-exemption-established-lender": compliant("2027-05-15", "DEP-04"),
    "fines-open-arbeidsinspectie-fine": non_compliant("2027-05-15", "FIN-01"),
    "inspection-major-nonconformity-open": non_compliant("2027-05-15", "INS-01", "INS-02"),
    # RIE-01 is advisory since rulebook 2027.01: reported, not counted.
    "rie-verified-after-first-placement": compliant("2027-05-15", "RIE-01"),
    "housing-akf-overcrowded": non_compliant("2027-05-15", "HOU-03", "HOU-05"),
    "rental-agreement-in-employment-contract": non_compliant("2027-05-15", "RENT-01"),
    "wages-housing-deduction-above-cap": non_compliant("2027-05-15", "WML-01"),
    # Pay periods of 2027 need the minimum wage from 2027-01-01, which the rulebook lacks.
    "wages-2027-minimum-wage-unknown": incomplete("2027-05-15", "WML-01"),
    # Lending within a group is outside the admission duty: SCOPE-01 reports it (advisory,
    # not counted), the VOG/DEP/INS/NAU rules are not applicable, the rest is met.
    "scope-intra-group-lender": compliant("2028-02-01", "SCOPE-01"),
    # An exemption claimed without an NAU decision: SCOPE-02 fails, the admission rules apply.
    "scope-exempted-without-nau-decision": non_compliant("2027-05-15", "SCOPE-01", "SCOPE-02"),
    # Applied on 2027-07-01, after the transitional window: no lending from 2028 until decided.
    "nau-applied-after-window": non_compliant("2028-02-01", "NAU-02"),
}

ADMISSION_THEMES = ("VOG-", "DEP-", "INS-", "NAU-")
DOSSIER_NAMES = ("dossier.yaml", "dossier.json")


def example_names() -> list[str]:
    """The example dossiers: every folder of examples/ that holds a dossier (examples/import
    holds sources for `toelating import`, not a dossier)."""
    return sorted(
        path.name
        for path in EXAMPLES.iterdir()
        if any((path / name).is_file() for name in DOSSIER_NAMES)
    )


def test_every_example_folder_is_a_dossier_or_import_sources() -> None:
    folders = {path.name for path in EXAMPLES.iterdir() if path.is_dir()}
    assert folders - set(example_names()) == {"import"}


def dossier_file(name: str) -> Path:
    (found,) = [p for p in (EXAMPLES / name).iterdir() if p.name in DOSSIER_NAMES]
    return found


def report(cli: Cli, name: str, *options: str) -> tuple[int, dict[str, object]]:
    expected = EXPECTED[name]
    args = ["check", str(EXAMPLES / name), "--as-of", expected.as_of, "--format", "json"]
    result = cli([*args, *options])
    assert result.stderr == "", result.stderr
    return result.exit_code, json.loads(result.stdout)


def outcomes(data: dict[str, object]) -> dict[str, str]:
    results = data["results"]
    assert isinstance(results, list)
    return {r["rule_id"]: r["outcome"] for r in results}


def test_every_example_folder_has_an_expectation() -> None:
    names = example_names()
    assert [n for n in names if n not in EXPECTED] == [], "add the new example to EXPECTED"
    assert [n for n in EXPECTED if n not in names] == [], "EXPECTED names a missing example"


def test_both_dossier_formats_are_shown() -> None:
    suffixes = {dossier_file(name).suffix for name in example_names()}
    assert suffixes == {".yaml", ".json"}


@pytest.mark.parametrize("name", example_names())
def test_example_gives_its_verdict_exit_code_and_failures(cli: Cli, name: str) -> None:
    if name not in EXPECTED:
        pytest.fail(f"examples/{name} has no expectation in tests/test_examples.py")
    expected = EXPECTED[name]
    exit_code, data = report(cli, name)
    found = outcomes(data)
    assert data["verdict"] == expected.verdict
    assert exit_code == expected.exit_code
    assert {rule for rule, outcome in found.items() if outcome == "fail"} == expected.fails
    assert {
        rule for rule, outcome in found.items() if outcome == "missing_data"
    } == expected.missing
    # An example shows one problem area: nothing else is missing, nothing is broken.
    assert {rule: o for rule, o in found.items() if o == "error"} == {}


def test_the_intra_group_lender_is_outside_the_admission_rules(cli: Cli) -> None:
    _, data = report(cli, "scope-intra-group-lender")
    admission = {rule: o for rule, o in outcomes(data).items() if rule.startswith(ADMISSION_THEMES)}
    assert len(admission) >= 12 and set(admission.values()) == {"not_applicable"}
    # The advisory report counts only when asked for.
    exit_code, data = report(cli, "scope-intra-group-lender", "--fail-on", "advisory")
    assert (exit_code, data["verdict"]) == (1, "non_compliant")


def test_an_exemption_claimed_without_an_nau_decision_leaves_the_admission_rules_on(
    cli: Cli,
) -> None:
    _, data = report(cli, "scope-exempted-without-nau-decision")
    found = outcomes(data)
    # Treated as a standard lender: the admission rules are applied (and met), not skipped.
    applied = ("VOG-01", "VOG-02", "VOG-03", "DEP-01", "INS-01", "INS-03", "NAU-03")
    assert {rule: found[rule] for rule in applied} == dict.fromkeys(applied, "pass")


def test_an_established_lender_is_exempt_from_the_deposit(cli: Cli) -> None:
    _, data = report(cli, "deposit-exemption-established-lender")
    found = outcomes(data)
    assert (found["DEP-04"], found["DEP-01"]) == ("fail", "not_applicable")
    assert found["DEP-05"] != "fail"  # no reminder to pay a deposit it does not owe


def test_a_2027_pay_period_waits_for_the_2027_minimum_wage(cli: Cli, tmp_path: Path) -> None:
    name = "wages-2027-minimum-wage-unknown"
    _, data = report(cli, name)
    results = data["results"]
    assert isinstance(results, list)
    (wml,) = [r for r in results if r["rule_id"] == "WML-01"]
    # Each pay period of 2027 names the missing value and where to supply it; the period
    # of November 2026 is judged and is not among them.
    periods = [finding["item"] for finding in wml["findings"]]  # "pay period 4-10 January 2027"
    assert periods and all("2027" in period and "2026" not in period for period in periods)
    for finding in wml["findings"]:
        assert finding["kind"] == "missing_data"
        assert "minimum_hourly_wage_eur" in finding["message"]
        assert "docs/parameters.md" in finding["message"]
    # With the 2027 amount supplied (a made-up one, as an overlay), the dossier is compliant.
    (tmp_path / "parameters.yaml").write_text(WAGE_2027_OVERLAY, "utf-8")
    args = ["check", str(EXAMPLES / name), "--as-of", EXPECTED[name].as_of]
    result = cli([*args, "--rules", str(tmp_path), "--format", "json"])
    assert (result.exit_code, json.loads(result.stdout)["verdict"]) == (0, "compliant")


WAGE_2027_OVERLAY = """\
parameters_version: 2
parameters:
  minimum_hourly_wage_eur:
    description: {nl: Minimumuurloon (test), en: Minimum hourly wage (test)}
    unit: EUR per hour
    type: decimal
    known_until: 2027-06-30
    values:
      - {from: 2026-07-01, value: 14.99, sureness: confirmed, source: "Wml art. 8 lid 1 onder a"}
      - {from: 2027-01-01, value: 15.20, sureness: unconfirmed, source: "made up for this test"}
"""


@pytest.mark.parametrize("name", example_names())
def test_header_says_what_fails_and_how_to_check_it(name: str) -> None:
    expected = EXPECTED[name]
    path = dossier_file(name)
    if path.suffix == ".json":
        about = json.loads(path.read_text("utf-8"))["extensions"]
        summary, command = about["example"], about["check"]
    else:
        header = [line for line in path.read_text("utf-8").splitlines() if line.startswith("#")]
        summary = header[1]
        command = next(line for line in header if "toelating check" in line)
    assert f"toelating check examples/{name} --as-of {expected.as_of}" in command
    named = set(re.findall(r"\b[A-Z]{2,5}-\d{2}\b", summary))
    assert named == expected.fails | expected.missing, summary


def test_readme_table_lists_every_example_as_expected() -> None:
    rows: dict[str, list[str]] = {}
    for line in (EXAMPLES / "README.md").read_text("utf-8").splitlines():
        match = re.match(r"^\| \[`?([a-z0-9-]+)`?\]", line)
        if match:
            rows[match.group(1)] = [cell.strip() for cell in line.strip("|").split("|")]
    assert sorted(rows) == example_names()
    for name, cells in rows.items():
        expected = EXPECTED[name]
        *_, fails, as_of, verdict, exit_code = cells
        assert set(re.findall(r"[A-Z]{2,5}-\d{2}", fails)) == expected.fails | expected.missing, (
            name
        )
        promised = (expected.as_of, expected.verdict, str(expected.exit_code))
        assert (as_of, verdict.strip("`"), exit_code) == promised, name
