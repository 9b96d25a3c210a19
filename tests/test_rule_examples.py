"""Every example of every shipped rule gives the outcome it expects."""

from __future__ import annotations

import pytest

from toelating.rulebook.examples import run_example
from toelating.rulebook.load import Rulebook, load_default_rulebook

# Parameters are made at collection, before fixtures exist: the cached shipped rulebook, the
# same one the session `rulebook` fixture gives.
CASES = [
    pytest.param(compiled.id, example, id=f"{compiled.id}: {example.name}")
    for compiled in load_default_rulebook().rules
    for example in compiled.rule.examples
]


@pytest.mark.parametrize(("rule_id", "example"), CASES)
def test_rule_example(rulebook: Rulebook, rule_id: str, example: object) -> None:
    run = run_example(rulebook, rule_id, example)  # type: ignore[arg-type]
    assert run.passed, run.problem


def test_every_rule_shows_pass_and_fail(rulebook: Rulebook) -> None:
    for compiled in rulebook.rules:
        expected = {example.expect.value for example in compiled.rule.examples}
        assert {"pass", "fail"} <= expected, compiled.id
