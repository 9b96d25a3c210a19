"""The code stays formatted, lint-free and typed: ruff and mypy --strict run with the tests."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from conftest import ROOT

SOURCES = ["toelating", "tests", "benchmarks"]


def run(*command: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", *command], cwd=ROOT, capture_output=True, text=True, check=False
    )


def test_ruff_finds_nothing() -> None:
    checked = run("ruff", "check", *SOURCES)
    assert checked.returncode == 0, checked.stdout
    formatted = run("ruff", "format", "--check", *SOURCES)
    assert formatted.returncode == 0, formatted.stdout


def test_mypy_strict_finds_nothing(tmp_path: Path) -> None:
    typed = run("mypy", "--cache-dir", str(tmp_path / "cache"), "toelating")
    assert typed.returncode == 0, typed.stdout
