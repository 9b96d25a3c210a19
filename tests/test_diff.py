"""`toelating diff`: what got fixed and what broke between two checks."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import EXAMPLES, Cli, write


def report(cli: Cli, name: str, tmp_path: Path) -> Path:
    path = tmp_path / f"{name}.json"
    cli(["check", str(EXAMPLES / name), "--as-of", "2027-05-15", "--output", str(path)])
    return path


def test_broke_and_fixed(cli: Cli, tmp_path: Path) -> None:
    good, bad = report(cli, "flexwerk-noord", tmp_path), report(cli, "vog-outdated", tmp_path)
    broke = cli(["diff", str(good), str(bad)])
    assert (
        broke.exit_code == 1
        and "Broke (1)" in broke.stdout
        and "VOG-02  passed → failed" in broke.stdout
    )
    fixed = cli(["diff", str(bad), str(good), "--format", "json"])
    assert fixed.exit_code == 0
    changes = json.loads(fixed.stdout)["changes"]
    assert changes == [
        {
            "rule_id": "VOG-02",
            "kind": "fixed",
            "old": "fail",
            "new": "pass",
            "title": changes[0]["title"],
            "findings_added": [],
            "findings_removed": ["/vog/0"],
        }
    ]
    same = cli(["diff", str(good), str(good)])
    assert same.exit_code == 0 and "No rule changed outcome" in same.stdout


def test_diff_refuses_what_is_not_a_report(cli: Cli, tmp_path: Path) -> None:
    other = write(tmp_path / "x.json", '{"hello": 1}')
    result = cli(["diff", str(other), str(other)])
    assert result.exit_code == 2 and "not a toelating JSON report" in result.stderr


def test_a_broken_report_is_refused_at_its_place_without_printing_it(
    cli: Cli, tmp_path: Path
) -> None:
    data = json.loads(report(cli, "flexwerk-noord", tmp_path).read_text("utf-8"))
    del data["verdict"]
    broken = write(tmp_path / "broken.json", json.dumps(data))
    result = cli(["diff", str(broken), str(broken)])
    assert result.exit_code == 2
    assert "broken.json: not a toelating JSON report" in result.stderr
    assert "Flexwerk" not in result.stderr  # the report itself is not echoed
