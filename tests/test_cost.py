"""The cost bound: the library's iteration budget per evaluation, the shape check at load,
and a rule that runs away stopped as an error of that rule alone."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import pytest
from conftest import ROOT, literal_list, make_rulebook_folder, rule_text

from toelating.cel.analysis import read_expression
from toelating.cel.environment import (
    ITERATION_BUDGET,
    RULE_VARIABLES,
    Scope,
    TooCostly,
    compile_expression,
)
from toelating.cel.view import list_patterns
from toelating.dossier.limits import LIST_LIMITS
from toelating.dossier.load import validate_dossier
from toelating.dossier.model import Dossier
from toelating.engine import check
from toelating.errors import InputError, RulebookError
from toelating.rulebook.load import Rulebook, load_rules
from toelating.source import Document
from toelating.vocabulary import Outcome

sys.path.insert(0, str(ROOT / "benchmarks"))
from synthetic import synthetic_dossier

DAY = dt.date(2027, 5, 15)
PER_WORKER = "each: {path: /workers/*, as: [worker]}\n"


def outcomes(folder: Path, dossier: Dossier) -> dict[str, Outcome]:
    rulebook = load_rules([folder])
    return {r.rule.id: r.outcome for r in check(dossier, rulebook, DAY).results}


def dossier_of(workers: int) -> Dossier:
    return Dossier.model_validate(synthetic_dossier(3, workers=workers, payslips=0))


def test_a_per_worker_filter_on_1000_workers_runs(tmp_path: Path) -> None:
    """Quadratic (each worker walks all workers) but within the budget per evaluation: the
    old estimate refused it as 5e8 steps; it is a correct rule and runs."""
    unique = "dossier.workers.filter(other, other.id == worker.id).size() == 1"
    folder = make_rulebook_folder(
        tmp_path, {"TST-01": rule_text("TST-01", unique, extra=PER_WORKER)}
    )
    assert outcomes(folder, dossier_of(1000))["TST-01"] is Outcome.PASS


def test_a_rule_that_runs_away_is_an_error_of_that_rule_only(tmp_path: Path) -> None:
    numbers = literal_list(1000)
    runaway = f"{numbers}.map(a, {numbers}.map(b, {numbers}.map(c, a + b + c))).size() > 0"
    folder = make_rulebook_folder(
        tmp_path,
        {
            "TST-01": rule_text("TST-01", runaway),
            "TST-02": rule_text("TST-02", 'dossier.agency.name != "FAIL"'),
        },
    )
    result = check(dossier_of(3), load_rules([folder]), DAY)
    by_id = {r.rule.id: r for r in result.results}
    assert by_id["TST-01"].outcome is Outcome.ERROR
    assert "too costly" in by_id["TST-01"].findings[0].message_en
    assert by_id["TST-02"].outcome is Outcome.PASS


def test_a_rule_too_costly_for_every_item_stops_at_the_first(tmp_path: Path) -> None:
    """Each worker walks 10,500 numbers: over the budget. The first item says so; the
    other 199 are not tried (each would cost the same)."""
    walk = f"{literal_list(10_500)}.all(n, n >= 0) || worker.id == ''"
    folder = make_rulebook_folder(tmp_path, {"TST-01": rule_text("TST-01", walk, extra=PER_WORKER)})
    result = check(dossier_of(200), load_rules([folder]), DAY)
    (judged,) = [r for r in result.results if r.rule.id == "TST-01"]
    assert judged.outcome is Outcome.ERROR
    assert [finding.path for finding in judged.findings] == ["/workers/0"]


def test_the_library_stops_an_evaluation_after_its_iteration_budget() -> None:
    side = int(ITERATION_BUDGET**0.5) + 1
    nested = f"{literal_list(side)}.all(a, {literal_list(side)}.all(b, a + b >= 0))"
    with pytest.raises(TooCostly, match="too costly: more than 10,000 list items"):
        Scope({}, lambda name, day: None).evaluate(compile_expression(nested, ()))
    within = f"{literal_list(side - 2)}.all(a, {literal_list(side - 2)}.all(b, a + b >= 0))"
    assert Scope({}, lambda name, day: None).evaluate(compile_expression(within, ())) is True


def test_a_walk_of_a_whole_list_inside_another_per_item_is_refused_at_load(
    tmp_path: Path,
) -> None:
    cubic = "dossier.workers.exists(a, dossier.hirers.exists(h, h.name == a.id)) || worker.id != ''"
    folder = make_rulebook_folder(
        tmp_path, {"TST-01": rule_text("TST-01", cubic, extra=PER_WORKER)}
    )
    with pytest.raises(RulebookError) as refused:
        load_rules([folder])
    (problem,) = refused.value.problems
    assert problem.file.endswith("TST-01.yaml") and problem.path == "/check"
    assert "/hirers" in problem.message and "/workers" in problem.message
    assert "kubisch" in problem.render("nl") and "cubic" in problem.render("en")


@pytest.mark.parametrize(
    ("source", "depth"),
    [
        ("dossier.workers.all(w, w.payslips.all(p, p.hours_paid > 0.0))", 1),
        ("dossier.workers.all(w, dossier.workers.exists(o, o.id == w.id))", 2),
        ("dossier.workers.all(w, workers_by_id[w.id].languages.size() > 0)", 1),
        ("dossier.workers.all(w, workers_by_id[w.id].languages.exists(l, l == 'nl'))", 2),
        ("cel.bind(ws, dossier.workers, ws.all(w, ws.exists(o, o.id == w.id)))", 2),
        ("dossier.workers.map(w, w.id).all(i, i in dossier.workers.map(w, w.id))", 2),
        (f"{literal_list(50)}.all(a, {literal_list(50)}.all(b, a != b || a == b))", 0),
        ("dossier.housing.locations.all(l, worker_positions_by_location[l.id].size() >= 0)", 1),
    ],
)
def test_fresh_walks_are_counted_where_they_nest(source: str, depth: int) -> None:
    expression = compile_expression(source)
    assert read_expression(expression.checked.expr, RULE_VARIABLES).fresh_depth == depth


def test_the_shipped_rules_walk_at_most_one_whole_list_per_item(rulebook: Rulebook) -> None:
    for compiled in rulebook.rules:
        if compiled.rule.each is None or compiled.item is None:
            continue
        assert compiled.item.reading.fresh_depth <= 1, compiled.id


def test_every_list_of_the_format_has_a_documented_limit() -> None:
    assert set(LIST_LIMITS) == list_patterns()
    documented = (ROOT / "docs" / "rule-authoring.md").read_text("utf-8")
    for pattern, limit in LIST_LIMITS.items():
        assert f"| `{pattern}` | {limit:,} |" in documented, pattern


@pytest.mark.parametrize(("payslips", "refused"), [(1000, False), (1001, True)])
def test_a_list_beyond_its_limit_is_refused_at_load(payslips: int, refused: bool) -> None:
    data = synthetic_dossier(3, workers=1, hirers=1, locations=1, payslips=payslips)
    document = Document(file="big.json", data=data)
    if not refused:
        validate_dossier(document)
        return
    with pytest.raises(InputError) as error:
        validate_dossier(document)
    (problem,) = error.value.problems
    assert (problem.file, problem.path) == ("big.json", "/workers/0/payslips")
    assert "has 1,001 items" in problem.render("en") and "at most 1,000" in problem.render("en")
    assert "hoogstens 1.000" in problem.render("nl")
