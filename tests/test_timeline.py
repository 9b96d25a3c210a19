"""The timeline: every dated change in the law, checked on the day before and on the day itself.

The dossiers are examples/flexwerk-noord with a few edits (JSON pointers), checked with the
shipped rules: through the engine for single rules, through the CLI with --as-of for the
agency as it stands on 2026-12-15 (registration for the transitional scheme) and on
2028-02-01 (enforcement has begun). Dates are given as text, as a dossier holds them.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
import re
from collections.abc import Mapping
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from conftest import EXAMPLES, RULES, Cli

from toelating.dossier.load import validate_dossier
from toelating.engine import check
from toelating.findings import CheckResult, RuleResult
from toelating.rulebook.load import Rulebook
from toelating.source import Document, load_document
from toelating.vocabulary import Verdict

Edits = Mapping[str, Any]
REMOVE = object()  # an edit that deletes the field or list item


def edited(edits: Edits) -> dict[str, Any]:
    """flexwerk-noord's dossier data with each pointer set to its value (or removed)."""
    data: dict[str, Any] = copy.deepcopy(
        load_document(EXAMPLES / "flexwerk-noord" / "dossier.yaml").data
    )
    for pointer, value in edits.items():
        *parents, last = pointer.strip("/").split("/")
        node: Any = data
        for key in parents:
            node = node[int(key)] if isinstance(node, list) else node[key]
        key_of_last: Any = int(last) if isinstance(node, list) else last
        if value is REMOVE:
            del node[key_of_last]
        else:
            node[key_of_last] = value
    return data


def checked(rulebook: Rulebook, edits: Edits, day: str) -> CheckResult:
    dossier = validate_dossier(Document(file="flexwerk-noord (edited)", data=edited(edits)))
    return check(dossier, rulebook, dt.date.fromisoformat(day))


def rule_result(rulebook: Rulebook, rule_id: str, edits: Edits, day: str) -> RuleResult:
    results = checked(rulebook, edits, day).results
    return next(result for result in results if result.rule_id == rule_id)


def week(start: str, hours: int, deduction: int) -> dict[str, Any]:
    end = dt.date.fromisoformat(start) + dt.timedelta(days=6)
    return {
        "period_start": start,
        "period_end": end.isoformat(),
        "hours_paid": Decimal(hours),
        "housing_deduction_eur": Decimal(deduction),
        "deduction_on_payslip": True,
    }


# --- The agency on the two dates -----------------------------------------------------

# Flexwerk Noord in mid-December 2026: registered for the transitional scheme on
# 2026-11-10, holding its SNA keurmerk, not yet applying (no application date, so the
# check date stands in for it). It has the VOG-RP of 2025 only, has paid no deposit and
# has had no NAU inspection. Events after 2026-12-15 are taken out or moved back; its
# payslips are of November 2026 already.
REGISTRATION_PHASE: Edits = {
    "/purpose": "registration",
    "/application_date": REMOVE,
    "/agency/nau": {
        "status": "registered_transitional",
        "since": "2026-11-10",
        "registration_number": "NAU-2026-001234",
    },
    "/vog/1": REMOVE,  # the VOG-RP of 2027-03-01
    "/deposit/payments": [],
    "/tax/payment_behaviour_statement/issued_on": "2026-11-20",
    "/inspection": REMOVE,
    "/hirers/1/placements/2": REMOVE,  # W-008 starts in 2027
    "/housing/locations/0/last_inspection_on": "2026-01-12",
    "/workers/7": REMOVE,  # W-008
    "/workers/3/housing/moved_out_on": REMOVE,
    "/workers/3/housing/deduction_authorisation/revoked_on": REMOVE,
}

# Flexwerk Noord in February 2028: admitted by the NAU on 2027-09-20 after its application
# of 2027-05-12, with the open minor nonconformity resolved, a payment behaviour statement
# of the last quarter (normenkader 4.7) and every housing location inspected again.
ADMITTED: Edits = {
    "/purpose": "periodic",
    "/agency/nau": {
        "status": "admitted",
        "since": "2027-09-20",
        "registration_number": "NAU-2027-000815",
    },
    "/tax/payment_behaviour_statement/issued_on": "2028-01-10",
    "/inspection/nonconformities/0/resolved_on": "2027-06-01",
    "/housing/locations/0/last_inspection_on": "2027-12-13",
    "/housing/locations/1/last_inspection_on": "2027-10-21",
    "/housing/locations/2/last_inspection_on": "2027-11-30",
}

ADMISSION_REQUIREMENTS = ("VOG-", "DEP-", "INS-", "FIN-0")


def cli_outcomes(cli: Cli, tmp_path: Path, edits: Edits, day: str) -> tuple[int, dict[str, Any]]:
    path = tmp_path / "dossier.json"
    path.write_text(json.dumps(edited(edits), ensure_ascii=False, default=float), encoding="utf-8")
    result = cli(["check", str(path), "--as-of", day, "--format", "json"])
    assert result.stderr == "", result.stderr
    return result.exit_code, json.loads(result.stdout)


def test_registration_phase_on_2026_12_15(cli: Cli, tmp_path: Path) -> None:
    exit_code, data = cli_outcomes(cli, tmp_path, REGISTRATION_PHASE, "2026-12-15")
    found = {r["rule_id"]: r for r in data["results"]}
    outcome = {rule: r["outcome"] for rule, r in found.items()}
    # Registering is optional but done; the Handelsregister duty still applies; the law's
    # admission requirements, enforcement and the duties at a placement start later.
    assert (outcome["NAU-01"], outcome["KVK-02"]) == ("pass", "pass")
    assert found["NAU-02"]["reason"] == "In force from 1 January 2028."
    for rule_id in ("ADM-01", "NAU-04", "INS-01", "VOG-01", "VOG-02", "DEP-01", "FIN-03"):
        assert found[rule_id]["reason"] == "In force from 1 January 2027.", rule_id
    # No admission requirement can fail before the law is in force: a VOG requested now
    # would be too old for the application window, and the NAU asks for the deposit later.
    assert [
        r
        for r, o in outcome.items()
        if r.startswith(ADMISSION_REQUIREMENTS) and o != "not_applicable"
    ] == ["FIN-04"]
    # Housing (AKF norm of 15 m² since 2026-01-01), rental, wages (EUR 14.99 since
    # 2026-07-01) and safety rules are law already, and are met.
    assert {r for r, o in outcome.items() if o in ("fail", "missing_data", "error")} == set()
    assert (data["verdict"], exit_code) == ("compliant", 0)


def test_after_enforcement_on_2028_02_01(cli: Cli, tmp_path: Path) -> None:
    exit_code, data = cli_outcomes(cli, tmp_path, ADMITTED, "2028-02-01")
    found = {r["rule_id"]: r for r in data["results"]}
    assert (data["verdict"], exit_code) == ("compliant", 0)
    assert (found["NAU-02"]["outcome"], found["ADM-01"]["outcome"]) == ("pass", "pass")
    assert (found["NAU-04"]["outcome"], found["INS-03"]["outcome"]) == ("pass", "pass")
    assert found["KVK-02"]["reason"] == "In force until 31 December 2027."
    # VOG and deposit are measured against the application.
    assert data["application_date"] == "2027-05-12"


@pytest.mark.parametrize(
    ("nau", "expected", "verdict"),
    [
        ({"status": "admitted", "since": "2027-09-20"}, "pass", Verdict.COMPLIANT),
        ({"status": "provisional", "since": "2027-11-01"}, "pass", Verdict.COMPLIANT),
        # an NAU exemption takes the lender outside the admission duty
        ({"status": "exempted", "since": "2027-09-01"}, "not_applicable", Verdict.COMPLIANT),
        # a transitional application filed in time, still pending
        ({"status": "applied", "since": "2027-06-30"}, "pass", Verdict.COMPLIANT),
        ({"status": "applied", "since": "2027-07-01"}, "fail", Verdict.NON_COMPLIANT),
        ({"status": "provisional", "since": "2027-06-01"}, "fail", Verdict.NON_COMPLIANT),
        (
            {"status": "registered_transitional", "since": "2026-11-10"},
            "fail",
            Verdict.NON_COMPLIANT,
        ),
        ({"status": "suspended", "since": "2028-01-10"}, "fail", Verdict.NON_COMPLIANT),
        ({"status": "withdrawn", "since": "2028-01-10"}, "fail", Verdict.NON_COMPLIANT),
        ({"status": "none"}, "fail", Verdict.NON_COMPLIANT),
    ],
)
def test_from_2028_lending_needs_admission_or_a_timely_application(
    rulebook: Rulebook, nau: dict[str, str], expected: str, verdict: Verdict
) -> None:
    result = checked(rulebook, {**ADMITTED, "/agency/nau": nau}, "2028-02-01")
    assert next(r for r in result.results if r.rule_id == "NAU-02").outcome.value == expected
    assert result.verdict is verdict, [
        (r.rule_id, r.outcome.value)
        for r in result.results
        if r.outcome.value in ("fail", "missing_data")
    ]


# --- Each boundary, the day before and the day itself --------------------------------

UNREGISTERED = {"/agency/nau": {"status": "none"}}
NOT_IN_HANDELSREGISTER = {"/agency/registered_as_lender": False}
NOTIFIED_AFTER_START = {"/hirers/0/placements/0/notified_to_hirer_on": "2026-02-03"}
AKF_14_M2_EACH = {"/housing/locations/1/usable_floor_area_m2": 140}  # 10 occupants


def deduction(start: str, amount: float) -> Edits:
    return {"/workers/0/payslips": [week(start, 40, amount)]}


def sna_instead_of_report(application_date: str) -> Edits:
    return {"/application_date": application_date, "/inspection/result": "pending"}


def no_report(application_date: str) -> Edits:
    return {"/application_date": application_date, "/inspection": REMOVE}


def vog_rp(issued_on: str, application_date: str = "2027-05-12") -> Edits:
    return {
        "/application_date": application_date,
        "/vog": [{"kind": "rp", "subject": "12345678", "issued_on": issued_on}],
    }


def rental_agreement_in_contract(signed_on: str) -> Edits:
    agreement = "/workers/0/housing/rental_agreement"
    return {
        f"{agreement}/separate_from_employment_contract": False,
        f"{agreement}/signed_on": signed_on,
    }


def test_hou_03_names_the_norm_of_the_day(rulebook: Rulebook) -> None:
    crowded = {"/housing/locations/1/usable_floor_area_m2": 125}  # 12.5 m² for 10
    before = rule_result(rulebook, "HOU-03", crowded, "2025-12-31").findings[0]
    after = rule_result(rulebook, "HOU-03", crowded, "2026-01-01").findings[0]
    assert "the norm is at least 13 m²" in before.message_en
    assert "the norm is at least 15 m²" in after.message_en


def test_wml_01_names_the_wage_of_the_period_start(rulebook: Rulebook) -> None:
    june = rule_result(rulebook, "WML-01", deduction("2026-06-30", 160), "2027-05-15")
    july = rule_result(rulebook, "WML-01", deduction("2026-07-01", 160), "2027-05-15")
    assert "of €14.71 on 30 June 2026" in june.findings[0].message_en
    assert "of €14.99 on 1 July 2026" in july.findings[0].message_en


# --- The parameters against the domain notes -----------------------------------------

D = Decimal
DOMAIN_NOTES = [
    # minimum hourly wage 21+, each half-year on both sides of its start
    ("minimum_hourly_wage_eur", "2024-01-01", D("13.27")),
    ("minimum_hourly_wage_eur", "2024-06-30", D("13.27")),
    ("minimum_hourly_wage_eur", "2024-07-01", D("13.68")),
    ("minimum_hourly_wage_eur", "2024-12-31", D("13.68")),
    ("minimum_hourly_wage_eur", "2025-01-01", D("14.06")),
    ("minimum_hourly_wage_eur", "2025-06-30", D("14.06")),
    ("minimum_hourly_wage_eur", "2025-07-01", D("14.40")),
    ("minimum_hourly_wage_eur", "2025-12-31", D("14.40")),
    ("minimum_hourly_wage_eur", "2026-01-01", D("14.71")),
    ("minimum_hourly_wage_eur", "2026-06-30", D("14.71")),
    ("minimum_hourly_wage_eur", "2026-07-01", D("14.99")),
    ("minimum_hourly_wage_eur", "2026-12-31", D("14.99")),
    (
        "youth_minimum_wage_share",
        "2026-12-31",
        {
            "20": D("0.80"),
            "19": D("0.60"),
            "18": D("0.50"),
            "17": D("0.395"),
            "16": D("0.345"),
            "15": D("0.30"),
        },
    ),
    ("minimum_wage_adult_age", "2027-05-15", 21),
    ("housing_deduction_cap_share", "2027-05-15", D("0.25")),
    ("deposit_total_eur", "2027-05-15", 100000),
    ("deposit_provisional_eur", "2027-05-15", 50000),
    ("provisional_admission_months", "2027-05-15", 6),
    ("admission_term_months", "2027-05-15", 48),
    ("deposit_exemption_registration_months", "2027-05-15", 48),
    ("starter_no_lending_months", "2027-05-15", 12),
    ("vog_max_age_months", "2027-05-15", 3),
    ("payment_statement_max_age_months", "2027-05-15", 3),
    ("inspection_report_interval_months", "2027-05-15", 12),
    ("inspection_max_age_months", "2027-05-15", 12),
    ("housing_inspection_max_age_months", "2027-05-15", 12),
    ("snf_min_floor_area_per_person_m2", "2025-06-30", {"logies": 10, "wonen": 12, "hotel": 10}),
    (
        "snf_min_floor_area_per_person_m2",
        "2025-07-01",
        {"logies": 10, "wonen": 12, "new_build": 15, "hotel": 15},
    ),
    ("akf_min_floor_area_per_person_m2", "2025-12-31", 13),
    ("akf_min_floor_area_per_person_m2", "2026-01-01", 15),
    ("min_bedroom_area_per_person_m2", "2027-05-15", D("3.5")),
    ("residents_per_sanitary_unit", "2027-05-15", 8),
    ("snf_max_persons_per_bedroom", "2025-06-30", {}),
    ("snf_max_persons_per_bedroom", "2025-07-01", {"new_build": 1, "hotel": 1}),
    ("snf_max_persons_per_bedroom_with_consent", "2025-07-01", {"new_build": 2, "hotel": 2}),
    ("akf_max_persons_per_bedroom", "2027-05-15", 2),
    ("wtta_in_force_on", "2026-12-15", dt.date(2027, 1, 1)),
    ("transitional_registration_opens_on", "2026-12-15", dt.date(2026, 11, 1)),
    ("transitional_registration_closes_on", "2026-12-15", dt.date(2026, 12, 31)),
    ("application_window_opens_on", "2026-12-15", dt.date(2027, 5, 1)),
    ("transitional_application_deadline", "2026-12-15", dt.date(2027, 6, 30)),
    ("sna_valid_on", "2026-12-15", dt.date(2027, 6, 30)),
    ("enforcement_starts_on", "2026-12-15", dt.date(2028, 1, 1)),
    ("goed_verhuurderschap_in_force_from", "2023-07-01", dt.date(2023, 7, 1)),
    ("rental_deposit_max_months_rent", "2027-05-15", 2),
    ("stay_after_employment_days", "2027-05-15", 28),
]


@pytest.mark.parametrize(("name", "day", "value"), DOMAIN_NOTES)
def test_parameter_matches_the_domain_notes(
    rulebook: Rulebook, name: str, day: str, value: object
) -> None:
    assert rulebook.parameter_on(name, dt.date.fromisoformat(day)) == value


@pytest.mark.parametrize(
    ("name", "first_unknown"),
    [
        # indexed every 1 January and 1 July; the 2027 value is not in our sources
        ("minimum_hourly_wage_eur", "2027-01-01"),
        # new shares were announced for 2027-01-01 without a legal instrument
        ("youth_minimum_wage_share", "2027-01-01"),
        # indexed every 1 January from 2028 (Besluit Waadi art. 1b:6)
        ("deposit_total_eur", "2028-01-01"),
        ("deposit_provisional_eur", "2028-01-01"),
    ],
)
def test_a_value_past_its_known_date_is_not_carried_forward(
    rulebook: Rulebook, name: str, first_unknown: str
) -> None:
    day = dt.date.fromisoformat(first_unknown)
    rulebook.parameter_on(name, day - dt.timedelta(days=1))
    with pytest.raises(LookupError, match="known until"):
        rulebook.parameter_on(name, day)


def test_the_announced_youth_shares_are_recorded_not_applied(rulebook: Rulebook) -> None:
    shares = rulebook.parameters.parameters["youth_minimum_wage_share"]
    (announced,) = shares.announced
    assert announced.from_ == dt.date(2027, 1, 1) and announced.value["20"] == D("0.875")
    assert all(value.value["20"] == D("0.80") for value in shares.values)


def test_the_wage_table_starts_in_2024_and_is_confirmed(rulebook: Rulebook) -> None:
    with pytest.raises(LookupError):
        rulebook.parameter_on("minimum_hourly_wage_eur", dt.date(2023, 12, 31))
    wage = rulebook.parameters.parameters["minimum_hourly_wage_eur"]
    assert {value.sureness.value for value in wage.values} == {"confirmed"}
    assert wage.known_until == dt.date(2026, 12, 31)


# --- Dates and legal numbers live in parameters.yaml, not in rules --------------------

EXPRESSION_KEYS = ("applies_when", "check")


def expressions(rule: dict[str, Any]) -> list[str]:
    found = [rule[key] for key in EXPRESSION_KEYS if key in rule]
    found += [rule["each"]["where"]] if "where" in rule.get("each", {}) else []
    found += list(rule.get("define", {}).values())
    return found + list(rule.get("facts", {}).values())


@pytest.mark.parametrize("path", sorted(RULES.glob("*/*.yaml")), ids=lambda p: p.stem)
def test_rule_expressions_hold_no_date_literals(path: Path) -> None:
    rule = load_document(path).data
    literals = [e for e in expressions(rule) if re.search(r"date\(\s*[\"']", str(e))]
    assert literals == [], "put the date in rules/parameters.yaml and read it from params"
