"""Rewriting rule CEL for speed never changes a result: the parser, the rewrite, the engine."""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import replace
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from strategies import check_dates, mutated_dossiers

from toelating.dossier.load import validate_dossier
from toelating.engine import check
from toelating.errors import InputError
from toelating.expressions import _cents, _decimal, cel
from toelating.rulebook.compile import compile_rule
from toelating.rulebook.load import Rulebook
from toelating.rulebook.rewrite import rewrite
from toelating.rulebook.syntax import CelParseError, parse, tokenize, unparse
from toelating.source import Document

settings.register_profile(
    "default", max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile(
    "long", max_examples=2000, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))


def rule_texts(rulebook: Rulebook) -> list[str]:
    texts = []
    for compiled in rulebook.rules:
        rule = compiled.rule
        texts += [rule.check, *rule.facts.values()]
        texts += [
            text for text in (rule.applies_when, rule.each.where if rule.each else None) if text
        ]
    return texts


def test_every_shipped_text_prints_back_to_an_equivalent_program(rulebook: Rulebook) -> None:
    for text in rule_texts(rulebook):
        printed = unparse(parse(text))
        cel.compile(printed)
        assert unparse(parse(printed)) == printed


@pytest.mark.parametrize(
    ("source", "value"),
    [
        ("1 + 2 * 3 - 4 % 3", 6),
        ("-9223372036854775808 < 0", True),
        ("!(1 < 2) || 2 in [1, 2] && 'a' + \"b\" == 'ab'", True),
        ("r'a\\d' + '''x\"y''' == 'a\\\\dx\"y'", True),
        ("[1, 2, 3].map(x, x * 2).filter(y, y > 2).size()", 2),
        ("{'a': [1], 'b': []}.exists(k, k == 'b') ? 1.5e2 : .5", 150.0),
        ("b'\\x00'.size() == 1u + 0u ? 3 : 4 // a comment", 3),
        ("[[1, 2], [3]].all(a, a.exists_one(b, b > 1) || a.size() == 1)", True),
    ],
)
def test_printed_programs_compute_the_same(source: str, value: Any) -> None:
    assert cel.evaluate(source) == value
    assert cel.evaluate(unparse(parse(source))) == value


def test_text_in_strings_and_comments_is_not_code() -> None:
    assert [t.kind for t in tokenize("'dossier.workers' // dossier.workers\n+ r\"\\\"")] == [
        "string",
        "op",
        "string",
        "end",
    ]
    assert (
        rewrite("dossier.agency.name == 'dossier.workers'")
        == "(__d__agency.name) == ('dossier.workers')"
    )


def test_unknown_syntax_is_kept_as_written() -> None:
    with pytest.raises(CelParseError):
        parse("a.?b")
    assert rewrite("dossier.a.?b") == "dossier.a.?b"


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("dossier.housing.provided", "__d__housing.provided"),
        ("dossier.housing.locations.size()", "__n__housing__locations.size()"),
        (
            "has(dossier.tax) && has(dossier.housing.locations)",
            "(has(__h.tax)) && (has(__h__housing.locations))",
        ),
        ("workers_by_id[p.worker].languages", "__d__workers[__x__workers[p.worker]].languages"),
        (
            "dossier.vog.exists(v, v.kind == 'rp')",
            "__n__vog.exists(__k1, (__d__vog[__k1].kind) == ('rp'))",
        ),
        (
            "dossier.fines.filter(f, f.open)",
            "__d__fines.filter(f, f.open)",
        ),  # the items are the value
        (  # counted chunk by chunk: the library's filter takes time quadratic in what it keeps
            "size(dossier.fines.filter(f, f.open))",
            "int(sum(__c__fines.map(__k1, size(__k1.filter(__k2, __d__fines[__k2].open)))))",
        ),
        ("dossier.housing", "dossier.housing"),  # the whole part: only the full dossier has it
        (
            "[dossier].all(dossier, dossier.x)",
            "[dossier].all(dossier, dossier.x)",
        ),  # rebinds the name
        ("dossier.vog.all(v, [v].all(v, v.x))", "__n__vog.all(__k1, [__d__vog[__k1]].all(v, v.x))"),
    ],
)
def test_rewrites(source: str, expected: str) -> None:
    assert rewrite(source) == expected


def as_written(rulebook: Rulebook) -> Rulebook:
    """The same rules compiled without any rewriting: the reference the engine must match."""
    rules = tuple(compile_rule(c.rule, c.source, optimise=False) for c in rulebook.rules)
    return replace(rulebook, rules=rules)


def test_unrewritten_rules_read_the_full_dossier(rulebook: Rulebook) -> None:
    reference = as_written(rulebook)
    assert "dossier" in reference.rule("HOU-07").variables
    assert "dossier" not in rulebook.rule("HOU-07").variables


@given(mutated_dossiers(), check_dates, st.sampled_from(["ok", "missing", "mismatch"]))
def test_rewritten_rules_give_the_results_of_the_rules_as_written(
    rulebook: Rulebook, data: dict[str, Any], day: dt.date, evidence: str
) -> None:
    try:
        dossier = validate_dossier(Document("fuzz.yaml", data))
    except InputError:
        return
    status = {item.id: evidence for item in dossier.evidence or []}
    expected = check(dossier, _reference(rulebook), day, evidence_status=status)
    assert check(dossier, rulebook, day, evidence_status=status) == expected


_REFERENCES: dict[int, Rulebook] = {}


def _reference(rulebook: Rulebook) -> Rulebook:
    if id(rulebook) not in _REFERENCES:
        _REFERENCES[id(rulebook)] = as_written(rulebook)
    return _REFERENCES[id(rulebook)]


@settings(max_examples=500, deadline=None)
@given(
    st.one_of(
        st.floats(min_value=-2e9, max_value=2e9),
        st.integers(-(10**11), 10**11).map(lambda n: n / 1000),
        st.integers(0, 10**8).map(lambda n: n / 100 * 52.0 / 12.0),
        st.integers(-(10**12), 10**12).map(lambda n: n / 10**6 + 5e-7),
    )
)
def test_fast_cents_is_the_exact_decimal_rounding(value: float) -> None:
    exact = int(_decimal(value).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP) * 100)
    assert _cents(value) == exact
