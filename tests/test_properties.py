"""Properties of the engine over many dossiers: no crash, one outcome per rule, determinism.

The default profile keeps the suite fast; `HYPOTHESIS_PROFILE=long pytest tests/test_properties.py`
runs many more examples.
"""

from __future__ import annotations

import datetime as dt
import json
import random
from dataclasses import replace
from typing import Any

import jsonschema
from conftest import report_bytes
from hypothesis import given
from hypothesis import strategies as st
from strategies import check_dates, mutated_dossiers

from toelating.dossier.load import validate_dossier
from toelating.engine import check
from toelating.errors import InputError
from toelating.rulebook.load import Rulebook
from toelating.schema import shipped
from toelating.source import Document


def validated(data: dict[str, Any]) -> Any:
    try:
        return validate_dossier(Document("fuzz.yaml", data))
    except InputError:
        return None  # a refused dossier is a clean outcome too


@given(mutated_dossiers(), check_dates)
def test_engine_never_raises_and_gives_one_outcome_per_rule(
    rulebook: Rulebook, data: dict[str, Any], day: dt.date
) -> None:
    dossier = validated(data)
    if dossier is None:
        return
    result = check(dossier, rulebook, day)
    assert [r.rule_id for r in result.results] == [r.id for r in rulebook.rules]
    assert sum(result.counts.values()) == len(rulebook.rules)


@given(mutated_dossiers(), check_dates)
def test_same_input_same_report_and_valid_json(
    rulebook: Rulebook, data: dict[str, Any], day: dt.date
) -> None:
    dossier = validated(data)
    if dossier is None:
        return
    first = report_bytes(dossier, rulebook, day)
    assert first == report_bytes(dossier, rulebook, day)
    jsonschema.validate(json.loads(first), shipped("report"))


@given(mutated_dossiers(), check_dates, st.randoms(use_true_random=False))
def test_rule_order_does_not_change_results(
    rulebook: Rulebook, data: dict[str, Any], day: dt.date, shuffle: random.Random
) -> None:
    dossier = validated(data)
    if dossier is None:
        return
    rules = list(rulebook.rules)
    shuffle.shuffle(rules)
    shuffled = replace(rulebook, rules=tuple(rules))
    by_id = {r.rule_id: r for r in check(dossier, shuffled, day).results}
    for expected in check(dossier, rulebook, day).results:
        assert by_id[expected.rule_id] == expected
