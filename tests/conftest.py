"""Shared fixtures: the shipped rulebook, example dossiers, and running the CLI in-process."""

from __future__ import annotations

import datetime as dt
import io
import os
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, settings

from toelating.rulebook.load import Rulebook, load_default_rulebook

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
RULES = ROOT / "rules"
GOLDEN = Path(__file__).parent / "golden"
# The date the example dossiers are checked on, as CLI arguments.
AS_OF = ["--as-of", "2027-05-15"]
# The smallest valid dossier: an agency with a name and nothing else.
MINIMAL_DOSSIER = "dossier_version: 1\nagency:\n  name: Test B.V.\n"

# One Hypothesis profile for every module, whatever the import order: 60 examples keep the
# suite fast; `HYPOTHESIS_PROFILE=long` runs 2000.
settings.register_profile(
    "default", max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile(
    "long", max_examples=2000, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))


@pytest.fixture(autouse=True)
def _english_locale(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every test starts in an English locale without TOELATING_LANG, whatever the machine's
    locale: the language a command speaks is chosen from them (toelating.i18n)."""
    for variable in ("TOELATING_LANG", "LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(variable, raising=False)
    monkeypatch.setenv("LANG", "C.UTF-8")


@pytest.fixture(scope="session")
def rulebook() -> Rulebook:
    return load_default_rulebook()


@dataclass
class CliResult:
    exit_code: int
    stdout: str
    stderr: str


Cli = Callable[..., CliResult]


def run_cli(args: list[str], stdin: str | bytes = "") -> CliResult:
    """Run `toelating ARGS` in this process through the real entry point and exit-code mapping.
    Standard input given as bytes reaches the program as bytes (paths that are not UTF-8)."""
    from toelating.cli import main

    out, err = io.BytesIO(), io.StringIO()
    stdout = io.TextIOWrapper(out, encoding="utf-8", write_through=True)
    reader = (
        io.TextIOWrapper(io.BytesIO(stdin), encoding="utf-8")
        if isinstance(stdin, bytes)
        else io.StringIO(stdin)
    )
    saved = sys.stdout, sys.stderr, sys.stdin
    sys.stdout, sys.stderr, sys.stdin = stdout, err, reader
    try:
        main(args)
        code = 0
    except SystemExit as done:
        code = int(done.code or 0)
    finally:
        sys.stdout, sys.stderr, sys.stdin = saved
    return CliResult(code, out.getvalue().decode("utf-8"), err.getvalue())


@pytest.fixture
def cli() -> Cli:
    return run_cli


def replaced(path: Path, old: str, new: str) -> Path:
    """Replace the first `old` in the file by `new`, after asserting `old` is there."""
    text = path.read_text("utf-8")
    assert old in text, f"{old!r} not in {path}"
    return write(path, text.replace(old, new, 1))


def literal_list(length: int) -> str:
    """A CEL list literal of the numbers 0 to length - 1: `[0, 1, 2]` for 3."""
    return "[" + ", ".join(str(i) for i in range(length)) + "]"


def report_bytes(dossier: Any, rulebook: Rulebook, day: dt.date) -> bytes:
    """The JSON report of checking the dossier on the day, under a fixed file name and hash,
    so that two checks of one dossier can be compared byte for byte."""
    from toelating.engine import check
    from toelating.report import DossierInfo, Report
    from toelating.reporters import RenderOptions, reporter

    result = check(dossier, rulebook, day)
    info = DossierInfo("fuzz.yaml", dossier.agency.name, dossier.agency.kvk_number, "0" * 64)
    return reporter("json").render([Report.build(info, result, rulebook)], RenderOptions())


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


RULE_TEMPLATE = """\
id: {id}
version: 1
theme: {theme}
severity: {severity}
title: {{nl: Test {id}, en: Test {id}}}
message: {{nl: Faalt, en: Fails}}
remediation: {{nl: Herstel, en: Fix it}}
legal_basis: [{{source: Test, article: art. 1, sureness: confirmed}}]
{extra}check: >-
  {check}
examples:
  - {{name: passes, as_of: 2027-05-15, expect: pass}}
  - {{name: fails, as_of: 2027-05-15, expect: fail, patch: {{agency: {{name: FAIL}}}}}}
"""


def rule_text(
    rule_id: str, check: str, severity: str = "blocking", theme: str = "vog", extra: str = ""
) -> str:
    return RULE_TEMPLATE.format(
        id=rule_id, check=check, severity=severity, theme=theme, extra=extra
    )


def make_rulebook_folder(folder: Path, rules: dict[str, str]) -> Path:
    """A rulebook folder with the shipped manifest, parameters and example base, and these rules."""
    import shutil

    for name in ("rulebook.yaml", "parameters.yaml", "example-base.yaml"):
        shutil.copy(RULES / name, folder / name)
    for rule_id, text in rules.items():
        write(folder / f"{rule_id}.yaml", text)
    return folder
