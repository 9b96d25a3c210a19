"""SARIF report: valid against the official SARIF 2.1.0 schema, levels, locations, a golden file.

Regenerate the golden file after an intended change with:
    TOELATING_UPDATE_GOLDEN=1 pytest tests/test_report_sarif.py
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from conftest import EXAMPLES, ROOT
from report_samples import SAMPLE, compare_golden, json_copy, sample_report, sample_rulebook

from toelating.checking import CheckOptions, check_one
from toelating.report import Report
from toelating.reporters import RenderOptions, reporter
from toelating.reporters.sarif import artifact_uri
from toelating.rulebook.load import Rulebook
from toelating.text import Language

SCHEMA = json.loads((ROOT / "tests" / "data" / "sarif-schema-2.1.0.json").read_text("utf-8"))


@pytest.fixture(scope="module")
def rules(tmp_path_factory: pytest.TempPathFactory) -> Rulebook:
    return sample_rulebook(tmp_path_factory.mktemp("rules"))


def render(reports: list[Report], language: Language = Language.EN) -> dict[str, Any]:
    data = reporter("sarif").render(reports, RenderOptions(language))
    log: dict[str, Any] = json.loads(data)
    return log


def validate(log: dict[str, Any]) -> None:
    checker = jsonschema.Draft4Validator.FORMAT_CHECKER
    errors = sorted(
        jsonschema.Draft4Validator(SCHEMA, format_checker=checker).iter_errors(log), key=str
    )
    assert not errors, [f"{list(e.absolute_path)}: {e.message}" for e in errors[:5]]


def results_of(log: dict[str, Any], rule_id: str) -> list[dict[str, Any]]:
    return [r for r in log["runs"][0]["results"] if r["ruleId"] == rule_id]


def test_the_schema_copy_is_the_official_one() -> None:
    jsonschema.Draft4Validator.check_schema(SCHEMA)
    assert SCHEMA["id"].endswith("/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json")


def test_golden(rules: Rulebook) -> None:
    data = reporter("sarif").render([sample_report(rules)], RenderOptions(Language.EN))
    compare_golden("report-sample.en.sarif", data)


@pytest.mark.parametrize("language", [Language.NL, Language.EN])
def test_sample_is_valid_sarif(rules: Rulebook, language: Language) -> None:
    validate(render([sample_report(rules)], language))


def test_shipped_rulebook_and_examples_give_valid_sarif(rulebook: Rulebook) -> None:
    options = CheckOptions(dossiers=(), as_of=dt.date(2027, 5, 15), outputs=())
    reports = [
        check_one(EXAMPLES / name, rulebook, options) for name in ("flexwerk-noord", "vog-outdated")
    ]
    log = render(reports)
    validate(log)
    assert len(log["runs"]) == 1 and len(log["runs"][0]["artifacts"]) == 2
    assert [r["ruleId"] for r in log["runs"][0]["results"]] == ["VOG-02"]


def test_rule_metadata(rules: Rulebook) -> None:
    driver = render([sample_report(rules)])["runs"][0]["tool"]["driver"]
    assert [rule["id"] for rule in driver["rules"]] == [f"TST-0{n}" for n in range(1, 9)]
    first = driver["rules"][0]
    assert first["shortDescription"]["text"] == "Every director has been checked"
    assert first["defaultConfiguration"]["level"] == "error"
    assert first["properties"]["severity"] == "blocking" and first["properties"]["theme"] == "vog"
    assert first["properties"]["sureness"] == "secondary"
    assert "Put this right in the dossier." in first["help"]["text"]
    assert "Testwet art. 1 lid 2 (Stb. 2099, 1) (confirmed)" in first["help"]["text"]


def test_levels_follow_severity_and_missing_data_is_softer(rules: Rulebook) -> None:
    log = render([sample_report(rules)])
    assert {r["level"] for r in results_of(log, "TST-01")} == {"error"}  # blocking
    assert {r["level"] for r in results_of(log, "TST-02")} == {"error"}  # major
    assert {r["level"] for r in results_of(log, "TST-03")} == {"warning"}  # minor
    missing = results_of(log, "TST-04")
    assert [r["level"] for r in missing] == ["warning"]  # major, but only missing data
    assert missing[0]["properties"] == {"outcome": "missing_data", "counted": True}


def test_one_result_per_finding_and_errors_are_notifications(rules: Rulebook) -> None:
    report = sample_report(rules)
    log = render([report])
    findings = sum(
        len(r.findings) for r in report.results if r.outcome.value in ("fail", "missing_data")
    )
    assert len(log["runs"][0]["results"]) == findings == 3 + 8 + 1 + 1
    invocation = log["runs"][0]["invocations"][0]
    assert invocation["executionSuccessful"] is False
    (error,) = invocation["toolExecutionNotifications"]
    assert (
        error["associatedRule"]["id"] == "TST-06" and "division by zero" in error["message"]["text"]
    )
    (stale,) = invocation["toolConfigurationNotifications"]
    assert stale["associatedRule"] == {"id": "TST-07"} and stale["level"] == "warning"


def test_waived_findings_are_suppressed(rules: Rulebook) -> None:
    log = render([sample_report(rules)])
    workers = results_of(log, "TST-02")
    suppressed = [r for r in workers if "suppressions" in r]
    assert len(suppressed) == 1
    assert (
        suppressed[0]["locations"][0]["logicalLocations"][0]["fullyQualifiedName"] == "/workers/0"
    )
    (suppression,) = suppressed[0]["suppressions"]
    assert suppression["kind"] == "external" and suppression["status"] == "accepted"
    assert suppression["justification"] == "Statement is on file."


def test_locations_point_into_the_yaml_file(rules: Rulebook) -> None:
    log = render([sample_report(rules)])
    lines = SAMPLE.read_text("utf-8").splitlines()
    for result in results_of(log, "TST-01") + results_of(log, "TST-02"):
        location = result["locations"][0]
        physical = location["physicalLocation"]
        assert physical["artifactLocation"] == {
            "uri": "tests/data/report-sample/dossier.yaml",
            "index": 0,
        }
        line = lines[physical["region"]["startLine"] - 1]
        column = physical["region"]["startColumn"]
        assert line[column - 1 :].startswith(("- name:", "- id:", "name:", "id:")), line
        assert location["logicalLocations"][0]["fullyQualifiedName"].startswith(
            ("/directors/", "/workers/")
        )


def test_json_dossiers_have_no_region_but_a_logical_location(
    rules: Rulebook, tmp_path: Path
) -> None:
    report = sample_report(
        rules, json_copy(SAMPLE, tmp_path), "tests/data/report-sample/dossier.json"
    )
    log = render([report])
    validate(log)
    for result in log["runs"][0]["results"]:
        location = result["locations"][0]
        assert "region" not in location["physicalLocation"]
        assert location["logicalLocations"][0]["fullyQualifiedName"].startswith("/")


def test_artifact_uris() -> None:
    assert artifact_uri("examples/a b/dossier.yaml") == "examples/a%20b/dossier.yaml"
    assert artifact_uri("/srv/dossiers/d.yaml") == "file:///srv/dossiers/d.yaml"
