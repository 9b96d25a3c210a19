"""The command line end to end: exit codes, bad input messages, no tracebacks."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import AS_OF, EXAMPLES, ROOT, Cli, write


def test_version_and_help(cli: Cli) -> None:
    from toelating import __version__

    assert cli(["--version"]).stdout.strip().endswith(__version__)
    result = cli(["--help"])
    assert result.exit_code == 0 and "check" in result.stdout


def test_compliant_example_exits_0(cli: Cli) -> None:
    result = cli(["check", str(EXAMPLES / "flexwerk-noord"), *AS_OF])
    assert result.exit_code == 0, result.stdout + result.stderr
    assert result.stdout.startswith("VERDICT: COMPLIANT")


def test_failing_example_exits_1_in_dutch(cli: Cli) -> None:
    result = cli(["check", str(EXAMPLES / "vog-outdated"), *AS_OF, "--lang", "nl"])
    assert result.exit_code == 1
    assert result.stdout.startswith("OORDEEL: VOLDOET NIET")
    assert "VOG-02" in result.stdout


def test_fail_on_blocking_ignores_advisory_and_minor(cli: Cli) -> None:
    # HOU-03 and HOU-05 fail here and are major: they count by default, not with
    # --fail-on blocking.
    example = str(EXAMPLES / "housing-akf-overcrowded")
    default = cli(["check", example, *AS_OF])
    assert default.exit_code == 1, default.stdout + default.stderr
    assert default.stdout.startswith("VERDICT: NON-COMPLIANT")
    assert "HOU-03 [major]" in default.stdout
    result = cli(["check", example, *AS_OF, "--fail-on", "blocking"])
    assert result.exit_code == 0, result.stdout + result.stderr
    assert result.stdout.startswith("VERDICT: COMPLIANT")
    assert "HOU-03 [major, does not count toward the verdict]" in result.stdout


def test_invalid_dossier_exits_2_with_one_line_per_problem(cli: Cli, tmp_path: Path) -> None:
    path = write(tmp_path / "d.yaml", "dossier_version: 1\nagency:\n  name: X\n  kvk: 1\nvog: 3\n")
    result = cli(["check", str(path)])
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert lines == [
        f"error: {path}:4:3: /agency/kvk unknown field: not part of the dossier format "
        "(free-form data goes under extensions)",
        f"error: {path}:5:1: /vog a list belongs here: each item on a line of its own"
        " starting with '- '",
    ]
    assert "Traceback" not in result.stderr and result.stdout == ""


def test_yaml_syntax_error_exits_2(cli: Cli, tmp_path: Path) -> None:
    path = write(tmp_path / "d.yaml", "agency: [\n")
    result = cli(["check", str(path)])
    assert result.exit_code == 2 and result.stderr.startswith(f"error: {path}:2:1: invalid YAML")


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["check", "nowhere.yaml"], "nowhere.yaml: file not found"),
        (["check", "EXAMPLE", "--as-of", "2027-13-45"], "--as-of: '2027-13-45' is not a date"),
        (["check", "EXAMPLE", "--lang", "fr"], "Invalid value for '--lang'"),
        (["check", "EXAMPLE", "--output", "report.unknown"], "cannot tell the format"),
        (
            ["check", "EXAMPLE", "--output", "/no/such/folder/r.json"],
            "folder /no/such/folder does not exist",
        ),
        (["schema", "nothing"], "Invalid value"),
    ],
)
def test_bad_options_exit_2(cli: Cli, args: list[str], expected: str) -> None:
    args = [str(EXAMPLES / "flexwerk-noord") if a == "EXAMPLE" else a for a in args]
    result = cli(args)
    assert result.exit_code == 2
    assert expected in result.stderr
    assert "Traceback" not in result.stderr


def test_several_outputs_in_one_run(cli: Cli, tmp_path: Path) -> None:
    json_path, text_path = tmp_path / "r.json", tmp_path / "r.txt"
    result = cli(
        [
            "check",
            str(EXAMPLES / "vog-outdated"),
            *AS_OF,
            "--output",
            str(json_path),
            "--output",
            f"text={text_path}",
        ]
    )
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        f"{json_path}: Verdict NON-COMPLIANT (json)",
        f"{text_path}: Verdict NON-COMPLIANT (text)",
    ]
    assert json.loads(json_path.read_text("utf-8"))["verdict"] == "non_compliant"
    assert text_path.read_text("utf-8").startswith("VERDICT: NON-COMPLIANT")
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "r.json",
        "r.txt",
    ]  # no temporary files left


def test_rule_error_exits_3_and_still_reports(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from conftest import make_rulebook_folder, rule_text

    from toelating.rulebook import load as load_module

    folder = make_rulebook_folder(tmp_path, {"TST-01": rule_text("TST-01", "1 / 0 == 1")})
    monkeypatch.setattr(load_module, "default_rules_folder", lambda: folder)
    load_module.load_default_rulebook.cache_clear()
    try:
        result = cli(["check", str(EXAMPLES / "flexwerk-noord"), *AS_OF, "--format", "json"])
    finally:
        load_module.load_default_rulebook.cache_clear()
    assert result.exit_code == 3
    assert json.loads(result.stdout)["counts"]["error"] == 1


def test_schema_command_prints_valid_json(cli: Cli) -> None:
    for name in ("dossier", "rules", "report"):
        result = cli(["schema", name])
        assert result.exit_code == 0
        assert json.loads(result.stdout)["$schema"].startswith("https://json-schema.org/")


def test_rules_list(cli: Cli) -> None:
    result = cli(["rules", "list", "--as-of", "2027-05-15"])
    assert result.exit_code == 0 and "VOG-02" in result.stdout


def test_python_dash_m_and_console_script_agree() -> None:
    env = {**os.environ, "NO_COLOR": "1"}
    done = subprocess.run(
        [sys.executable, "-m", "toelating", "check", str(EXAMPLES / "vog-outdated"), *AS_OF],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        check=False,
    )
    assert done.returncode == 1 and "VOG-02" in done.stdout and "\x1b[" not in done.stdout


def test_profile_prints_rule_times_slowest_first_to_stderr(cli: Cli) -> None:
    result = cli(
        ["check", str(EXAMPLES / "flexwerk-noord"), *AS_OF, "--profile", "--format", "json"]
    )
    assert result.exit_code == 0
    json.loads(result.stdout)  # the report itself is untouched
    rows = [line.split() for line in result.stderr.splitlines()[1:-1]]
    times = [float(row[1]) for row in rows]
    assert times == sorted(times, reverse=True)
    assert {row[0] for row in rows} >= {"VOG-02", "WML-01", "(prepare)", "(convert)"}
    assert (
        cli(
            ["check", str(EXAMPLES / "flexwerk-noord"), str(EXAMPLES / "vog-outdated"), "--profile"]
        ).exit_code
        == 2
    )


def test_a_check_writing_only_files_says_where_they_went_and_the_verdict(
    cli: Cli, tmp_path: Path
) -> None:
    pdf, json_file = tmp_path / "rapport.pdf", tmp_path / "r.json"
    args = ["check", str(EXAMPLES / "vog-outdated"), *AS_OF, "--lang", "nl"]
    result = cli([*args, "--output", str(pdf), "--output", str(json_file)])
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        f"{pdf}: Oordeel VOLDOET NIET (pdf)",
        f"{json_file}: Oordeel VOLDOET NIET (json)",
    ]


def test_every_written_file_is_named_in_the_one_language_chosen(cli: Cli, tmp_path: Path) -> None:
    pdf, json_file = tmp_path / "rapport.pdf", tmp_path / "r.json"
    args = ["check", str(EXAMPLES / "vog-outdated"), *AS_OF, "--output", str(pdf)]
    result = cli([*args, "--output", str(json_file)])
    assert result.stdout.splitlines() == [  # an English locale: the PDF is English too
        f"{pdf}: Verdict NON-COMPLIANT (pdf)",
        f"{json_file}: Verdict NON-COMPLIANT (json)",
    ]
