"""The fast path against cel-cpp, rule by rule: identical outcomes, findings and facts.

Every dossier here is checked twice with the whole rulebook, once with `Engine.FAST` (the
translated Python, cel-cpp for what it refuses) and once with `Engine.REFERENCE` (cel-cpp
alone), and the two results must be equal, findings with their messages (which show the
facts) included: every rule example and case on its own date, every example dossier on
several dates, and dossiers drawn by Hypothesis (mutated examples and dossiers built from
the models). A difference is a bug in the translator (fix it, or refuse that shape).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from conftest import AS_OF, EXAMPLES, run_cli
from hypothesis import given, settings
from model_strategies import model_dossiers
from strategies import check_dates, mutated_dossiers

from toelating.cel.fast_scope import Engine
from toelating.dossier.load import load_dossier, locate_dossier_file, validate_dossier
from toelating.dossier.model import Dossier
from toelating.engine import prepare
from toelating.errors import ToelatingError
from toelating.rulebook.examples import merge_patch
from toelating.rulebook.load import Rulebook, load_default_rulebook
from toelating.rulebook.testing import case_file, load_cases
from toelating.source import Document, load_document

DATES = (dt.date(2025, 12, 31), dt.date(2027, 5, 15), dt.date(2029, 2, 28))


def assert_same(
    dossier: Dossier,
    rulebook: Rulebook,
    day: dt.date,
    evidence_status: dict[str, str] | None = None,
) -> None:
    """The whole rulebook on both engines gives equal results, rule by rule."""
    fast = prepare(dossier, rulebook, day, evidence_status, Engine.FAST)
    reference = prepare(dossier, rulebook, day, evidence_status, Engine.REFERENCE)
    for compiled in rulebook.rules:
        assert fast.rule(compiled) == reference.rule(compiled), (compiled.id, day)
    assert fast.scope.fast_runs > 0  # the fast path did run, it did not fall back for all
    assert reference.scope.fast_runs == 0


def _example_cases() -> list[Any]:
    rulebook = load_default_rulebook()
    base = load_document(rulebook.folder / rulebook.manifest.example_base).data
    cases = []
    for compiled in rulebook.rules:
        examples = list(compiled.rule.examples)
        extra = case_file(compiled.source, compiled.id)
        if extra:
            examples.extend(load_cases(extra))
        for example in examples:
            data = merge_patch(base, example.patch)
            cases.append(pytest.param(data, example, id=f"{compiled.id}: {example.name}"))
    return cases


@pytest.mark.parametrize(("data", "example"), _example_cases())
def test_rule_examples_agree(rulebook: Rulebook, data: dict[str, Any], example: Any) -> None:
    try:
        dossier = validate_dossier(Document("example.yaml", data))
    except ToelatingError:
        pytest.skip("an example of an invalid dossier")
    assert_same(dossier, rulebook, example.as_of, example.evidence_status)


EXAMPLE_FOLDERS = sorted(
    folder.name
    for folder in EXAMPLES.iterdir()
    if any((folder / name).is_file() for name in ("dossier.yaml", "dossier.yml", "dossier.json"))
)


@pytest.mark.parametrize("folder", EXAMPLE_FOLDERS, ids=str)
def test_example_dossiers_agree(rulebook: Rulebook, folder: str) -> None:
    dossier = load_dossier(locate_dossier_file(EXAMPLES / folder)).dossier
    for day in DATES:
        assert_same(dossier, rulebook, day)
    assert_same(dossier, rulebook, DATES[1], {"E-1": "ok", "E-2": "missing"})


def _validated(data: dict[str, Any]) -> Dossier | None:
    try:
        return validate_dossier(Document("fuzz.yaml", data))
    except ToelatingError:
        return None


@settings(max_examples=40)
@given(mutated_dossiers(), check_dates)
def test_mutated_dossiers_agree(rulebook: Rulebook, data: dict[str, Any], day: dt.date) -> None:
    dossier = _validated(data)
    if dossier is not None:
        assert_same(dossier, rulebook, day)


@settings(max_examples=40)
@given(model_dossiers(), check_dates)
def test_dossiers_from_the_models_agree(
    rulebook: Rulebook, data: dict[str, Any], day: dt.date
) -> None:
    dossier = _validated(data)
    if dossier is not None:
        assert_same(dossier, rulebook, day)


def test_engine_reference_on_the_command_line_gives_the_same_report() -> None:
    """`--engine reference` runs everything on cel-cpp: the report is the same, byte for byte."""
    dossier = str(EXAMPLES / "vog-outdated")
    arguments = ["check", dossier, *AS_OF, "--format", "json"]
    fast = run_cli(arguments)
    reference = run_cli([*arguments, "--engine", "reference"])
    assert fast.exit_code == reference.exit_code == 1
    assert fast.stdout == reference.stdout
    assert '"outcome": "fail"' in fast.stdout


def test_an_unknown_engine_is_a_usage_error() -> None:
    result = run_cli(["check", str(EXAMPLES / "flexwerk-noord"), "--engine", "quick"])
    assert result.exit_code == 2
    assert "quick" in result.stderr
