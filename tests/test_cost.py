"""Cost estimates: an upper bound of a rule's work, in the sizes of the dossier's lists."""

from __future__ import annotations

import time

import pytest
from conftest import literal_list

from toelating.cel.environment import EvaluationFailure, Scope, compile_expression, from_cel
from toelating.rulebook.cost import Polynomial, estimate
from toelating.rulebook.load import Rulebook


def steps(source: str, **sizes: int) -> float:
    polynomial = estimate(source)
    assert polynomial is not None
    named = {
        "/" + name.replace("__", "/").replace("_STAR", "*"): size for name, size in sizes.items()
    }
    return polynomial.value(lambda name: named.get(name, 100))


def test_nested_comprehensions_multiply() -> None:
    assert (
        10 * 20 * 3
        < steps(f"{literal_list(10)}.all(a, {literal_list(20)}.all(b, a < b))")
        < 10 * 20 * 8
    )
    thousand = literal_list(1000)
    assert steps(f"{thousand}.map(a, {thousand}.map(b, {thousand}.map(c, a + b + c)))") > 1e11


def test_dossier_lists_are_named_by_their_place() -> None:
    polynomial = estimate("dossier.workers.all(w, w.payslips.all(p, p.hours_paid > 0.0))")
    assert polynomial is not None
    assert polynomial.variables() == {"/workers", "/workers/*/payslips"}
    assert steps("dossier.workers.all(w, true)", workers=10) < steps(
        "dossier.workers.all(w, true)", workers=1000
    )


def test_map_and_filter_count_their_quadratic_copying() -> None:
    flat = steps("dossier.fines.all(f, f.open)", fines=1000)
    assert steps("dossier.fines.filter(f, f.open).size() > 0", fines=1000) > 100 * flat


def test_text_the_parser_does_not_know_has_no_estimate() -> None:
    assert estimate("a.?b") is None


def test_polynomials_add_and_multiply() -> None:
    a = Polynomial.size_of("/x") + Polynomial.constant(2)
    assert (a * a).value(lambda name: 3) == 25


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        (f"{literal_list(90)}.map(a, {literal_list(90)}.map(b, a + b)).size() > 0", True),
        (
            f"{literal_list(20)}.exists(a, {literal_list(20)}.exists(b, "
            f"{literal_list(20)}.exists(c, a + b + c < 0)))",
            False,
        ),
        (f"{literal_list(2000)}.filter(a, true).size() > 0", True),
    ],
)
def test_a_step_takes_at_most_2_us(source: str, expected: bool) -> None:
    """The calibration behind the default limit: the estimate is an upper bound of the
    library's real work, so a step of it never takes long (and the work is really done)."""
    expression = compile_expression(source, ())
    started = time.perf_counter()
    result = Scope({}, lambda name, day: None).evaluate(expression)
    elapsed = time.perf_counter() - started
    assert from_cel(result) is expected
    assert elapsed / steps(source) < 2e-6


def test_the_library_stops_an_evaluation_after_its_iteration_budget() -> None:
    expression = compile_expression(
        f"{literal_list(150)}.all(a, {literal_list(150)}.all(b, a + b >= 0))", ()
    )
    with pytest.raises(EvaluationFailure, match="too costly: more than 10,000 list items"):
        Scope({}, lambda name, day: None).evaluate(expression)


def test_shipped_rules_all_have_estimates(rulebook: Rulebook) -> None:
    assert all(compiled.cost is not None for compiled in rulebook.rules)


def test_latest_and_earliest_give_an_item_of_the_list_they_walk() -> None:
    """A list of lists: the item picked is itself a list, walked by the comprehension after."""
    picked = estimate("latest([dossier.workers.map(w, w.id)]).all(x, dossier.workers.all(b, true))")
    indexed = estimate("[dossier.workers.map(w, w.id)][0].all(x, dossier.workers.all(b, true))")
    assert picked is not None and indexed is not None
    assert picked.variables() == {"/workers"}
    sizes = {"/workers": 1000}.__getitem__
    assert picked.value(sizes) >= indexed.value(sizes)
