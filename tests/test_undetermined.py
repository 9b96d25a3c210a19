"""A counted rule that could not be evaluated makes the verdict `undetermined` in every
format and in the batch summary, never `compliant`, and the run exits with 3."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import EXAMPLES, Cli, make_rulebook_folder, rule_text
from pypdf import PdfReader

ERRING = "dossier.agency.name.size() / 0 > 0"


@pytest.fixture
def erring_rules(tmp_path: Path) -> Path:
    folder = tmp_path / "rules"
    folder.mkdir()
    return make_rulebook_folder(folder, {"TST-01": rule_text("TST-01", ERRING, "major")})


@pytest.mark.parametrize(
    ("language", "words"),
    [
        ("en", ["UNDETERMINED", "cannot be trusted", "TST-01"]),
        ("nl", ["NIET TE BEPALEN", "niet te vertrouwen"]),
    ],
)
def test_text_says_undetermined_and_why(
    cli: Cli, erring_rules: Path, language: str, words: list[str]
) -> None:
    dossier = str(EXAMPLES / "flexwerk-noord")
    result = cli(
        [
            "check",
            dossier,
            "--rules",
            str(erring_rules),
            "--lang",
            language,
            "--as-of",
            "2027-05-15",
        ]
    )
    assert result.exit_code == 3
    for word in words:
        assert word in result.stdout


def test_every_format_and_the_batch_summary_say_undetermined(
    cli: Cli, erring_rules: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    args = ["check", str(EXAMPLES / "flexwerk-noord"), str(EXAMPLES / "vog-outdated")]
    result = cli(
        [*args, "--rules", str(erring_rules), "--as-of", "2027-05-15", "--output-dir", str(out)]
    )
    assert result.exit_code == 3
    summary = json.loads((out / "summary.json").read_text("utf-8"))
    assert summary["summary"]["verdicts"] == {"undetermined": 2}
    assert "undetermined" in (out / "summary.csv").read_text("utf-8")
    single = ["check", str(EXAMPLES / "flexwerk-noord"), "--rules", str(erring_rules)]
    written = {
        fmt: tmp_path / f"r.{ext}"
        for fmt, ext in [
            ("json", "json"),
            ("markdown", "md"),
            ("pdf", "pdf"),
            ("junit", "xml"),
            ("sarif", "sarif"),
        ]
    }
    outputs = [item for fmt, path in written.items() for item in ("--output", f"{fmt}={path}")]
    assert cli([*single, "--as-of", "2027-05-15", "--lang", "nl", *outputs]).exit_code == 3
    assert json.loads(written["json"].read_text("utf-8"))["verdict"] == "undetermined"
    assert "NIET TE BEPALEN" in written["markdown"].read_text("utf-8")
    pdf = "".join(page.extract_text() for page in PdfReader(written["pdf"]).pages)
    assert "NIET TE BEPALEN" in pdf
    assert "TST-01" in written["junit"].read_text("utf-8")
    sarif = json.loads(written["sarif"].read_text("utf-8"))
    assert sarif["runs"][0]["invocations"][0]["executionSuccessful"] is False
