"""Waivers: accepted findings stay failures underneath, expire, and stale ones are reported."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import EXAMPLES, Cli, write

WAIVER = """\
waivers:
  - rule: VOG-02
    kvk_number: "12345678"
    path: /vog/0
    justification: New VOG-RP requested at Justis on 2027-05-01; receipt seen.
    approved_by: J. de Certificeerder
    approved_on: 2027-05-14
    expires_on: 2027-06-30
  - rule: HOU-03
    kvk_number: "12345678"
    justification: No longer relevant.
    approved_by: J. de Certificeerder
    expires_on: 2027-12-31
  - rule: FIN-01
    kvk_number: "99999999"
    justification: Another agency.
    approved_by: J. de Certificeerder
    expires_on: 2027-12-31
"""


def run(cli: Cli, waivers: Path, as_of: str) -> tuple[int, dict[str, object]]:
    result = cli(
        [
            "check",
            str(EXAMPLES / "vog-outdated"),
            "--as-of",
            as_of,
            "--waivers",
            str(waivers),
            "--format",
            "json",
        ]
    )
    assert result.exit_code in (0, 1), result.stderr
    return result.exit_code, json.loads(result.stdout)


def test_a_waived_failure_stays_failed_but_does_not_count(cli: Cli, tmp_path: Path) -> None:
    waivers = write(tmp_path / "waivers.yaml", WAIVER)
    code, report = run(cli, waivers, "2027-05-15")
    vog = next(r for r in report["results"] if r["rule_id"] == "VOG-02")  # type: ignore[union-attr]
    assert vog["outcome"] == "fail" and vog["waived"] is True
    assert vog["findings"][0]["waiver"]["approved_by"] == "J. de Certificeerder"
    assert report["verdict"] == "compliant" and code == 0
    assert report["counts"]["waived"] == 1  # type: ignore[index]
    notices = {(n["kind"], n["waiver"]["rule"]) for n in report["waiver_notices"]}  # type: ignore[union-attr]
    assert notices == {("unused", "HOU-03")}


def test_an_expired_waiver_no_longer_applies_and_says_so(cli: Cli, tmp_path: Path) -> None:
    waivers = write(tmp_path / "waivers.yaml", WAIVER)
    code, report = run(cli, waivers, "2027-07-01")
    assert report["verdict"] == "non_compliant" and code == 1
    notices = {(n["kind"], n["waiver"]["rule"]) for n in report["waiver_notices"]}  # type: ignore[union-attr]
    assert ("expired", "VOG-02") in notices


def test_the_text_report_shows_waivers(cli: Cli, tmp_path: Path) -> None:
    waivers = write(tmp_path / "waivers.yaml", WAIVER)
    text = cli(
        [
            "check",
            str(EXAMPLES / "vog-outdated"),
            "--as-of",
            "2027-05-15",
            "--waivers",
            str(waivers),
        ]
    ).stdout
    assert "New VOG-RP requested at Justis" in text and "J. de Certificeerder" in text
    assert "HOU-03" in text  # the unused waiver is reported


def test_waivers_for_agencies_not_checked_are_reported_in_a_batch(cli: Cli, tmp_path: Path) -> None:
    waivers = write(tmp_path / "waivers.yaml", WAIVER)
    result = cli(
        [
            "check",
            str(EXAMPLES / "vog-outdated"),
            str(EXAMPLES / "flexwerk-noord"),
            "--as-of",
            "2027-05-15",
            "--waivers",
            str(waivers),
        ]
    )
    assert "waiver for FIN-01 of KvK 99999999 matches no checked dossier" in result.stderr


def test_a_malformed_waiver_file_is_refused(cli: Cli, tmp_path: Path) -> None:
    waivers = write(
        tmp_path / "waivers.yaml",
        "waivers:\n  - rule: VOG-02\n    kvk_number: '1'\n    expires_on: someday\n",
    )
    result = cli(["check", str(EXAMPLES / "vog-outdated"), "--waivers", str(waivers)])
    assert result.exit_code == 2
    assert f"{waivers}:2:5: /waivers/0/justification field required" in result.stderr
    assert "/waivers/0/expires_on" in result.stderr
