"""JUnit XML report: a golden file, the outcome mapping, one testsuite per dossier.

Regenerate the golden file after an intended change with:
    TOELATING_UPDATE_GOLDEN=1 pytest tests/test_report_junit.py
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest
from report_samples import SAMPLE, compare_golden, json_copy, sample_report, sample_rulebook

from toelating.report import Report
from toelating.reporters import RenderOptions, reporter
from toelating.text import Language


@pytest.fixture(scope="module")
def reports(tmp_path_factory: pytest.TempPathFactory) -> list[Report]:
    rules = sample_rulebook(tmp_path_factory.mktemp("rules"))
    as_json = json_copy(SAMPLE, tmp_path_factory.mktemp("dossier"))
    return [
        sample_report(rules),
        sample_report(rules, as_json, "tests/data/report-sample/dossier.json"),
    ]


def render(reports: list[Report], language: Language = Language.EN) -> bytes:
    return reporter("junit").render(reports, RenderOptions(language))


def cases(root: ET.Element) -> dict[str, ET.Element]:
    suite = root.find("testsuite")
    assert suite is not None
    return {case.get("name", "").split(" ")[0]: case for case in suite.iter("testcase")}


def test_golden(reports: list[Report]) -> None:
    compare_golden("report-sample.junit.xml", render(reports))


def test_one_testsuite_per_dossier_and_one_testcase_per_rule(reports: list[Report]) -> None:
    root = ET.fromstring(render(reports))
    suites = root.findall("testsuite")
    assert [s.get("name") for s in suites] == [r.dossier.path for r in reports]
    assert all(len(s.findall("testcase")) == 8 for s in suites)
    assert root.get("tests") == "16" and root.get("failures") == "6" and root.get("errors") == "2"


def test_outcomes_map_to_junit_elements(reports: list[Report]) -> None:
    found = cases(ET.fromstring(render(reports[:1])))
    assert list(found["TST-07"]) == []  # pass
    assert found["TST-01"].find("failure").get("type") == "blocking"  # type: ignore[union-attr]
    assert found["TST-02"].find("failure").get("type") == "major"  # type: ignore[union-attr]
    assert found["TST-04"].find("failure").get("type") == "missing_data"  # type: ignore[union-attr]
    assert found["TST-06"].find("error") is not None
    assert (
        found["TST-05"].find("skipped") is not None and found["TST-08"].find("skipped") is not None
    )
    waived = found["TST-03"].find("skipped")  # wholly waived
    assert waived is not None and "Third location closes in June." in waived.get("message", "")
    detail = found["TST-02"].find("failure").text or ""  # type: ignore[union-attr]
    assert (
        "Statement is on file." in detail and "Ștefan Țurcanu" in detail and "What to do" in detail
    )


def test_counts_agree_with_the_cases(reports: list[Report]) -> None:
    suite = ET.fromstring(render(reports[:1])).find("testsuite")
    assert suite is not None
    kinds = [child.tag for case in suite.iter("testcase") for child in case]
    assert suite.get("failures") == str(kinds.count("failure"))
    assert suite.get("errors") == str(kinds.count("error"))
    assert suite.get("skipped") == str(kinds.count("skipped"))


def test_no_timing_and_same_bytes_twice(reports: list[Report]) -> None:
    first, second = render(reports, Language.NL), render(reports, Language.NL)
    assert first == second
    root = ET.fromstring(first)
    assert {e.get("time") for e in root.iter() if e.get("time") is not None} == {"0"}
    assert root.find("testsuite").get("timestamp") == "2027-05-15T00:00:00"  # type: ignore[union-attr]


def test_suite_properties_identify_the_dossier(reports: list[Report]) -> None:
    suite = ET.fromstring(render(reports[:1])).find("testsuite")
    assert suite is not None
    properties = {p.get("name"): p.get("value") for p in suite.iter("property")}
    assert properties["dossier_sha256"] == reports[0].dossier.sha256
    assert properties["verdict"] == "non_compliant" and properties["rulebook_version"] == "2099.01"
