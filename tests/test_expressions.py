"""The CEL adapter: data conversion, helpers, missing data, and errors that echo no values."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from conftest import ROOT

from toelating.cel.environment import (
    EvaluationFailure,
    ExpressionSyntaxError,
    MissingData,
    Scope,
    compile_expression,
)
from toelating.cel.values import from_cel


def no_parameters(name: str, day: dt.date) -> Any:
    raise LookupError(f"no value before 2024-01-01 for {name}")


def evaluate(source: str, **variables: Any) -> Any:
    expression = compile_expression(source, tuple(variables))
    return from_cel(Scope(variables, no_parameters).evaluate(expression))


def test_dates_and_decimals_reach_cel_and_come_back() -> None:
    assert evaluate("d < date('2027-01-02')", d=dt.date(2027, 1, 1)) is True
    assert evaluate("add_months(d, -3)", d=dt.date(2027, 5, 31)) == dt.date(2027, 2, 28)
    assert evaluate("a * 2.0", a=Decimal("1.25")) == 2.5


def test_money_helpers_are_exact() -> None:
    amounts = [Decimal("0.10")] * 10 + [Decimal("33333.33"), Decimal("66666.67")]
    assert evaluate("cents(sum(a))", a=amounts) == 10_000_100
    assert evaluate("cents(0.25 * 40.0 * 14.71)") == 14710
    assert evaluate("cents(1.005)") == 101  # half up, not binary 1.00499...


def test_absent_field_is_missing_data_with_its_name() -> None:
    with pytest.raises(MissingData) as missing:
        evaluate("d.vog.size() > 0", d={"agency": {}})
    assert missing.value.what == "vog"


def test_parameter_before_its_first_value_is_missing_data() -> None:
    with pytest.raises(MissingData, match="minimum_hourly_wage_eur") as missing:
        evaluate("param_on('minimum_hourly_wage_eur', d) > 0.0", d=dt.date(2020, 1, 1))
    assert missing.value.kind == MissingData.PARAMETER


@pytest.mark.parametrize(
    ("source", "kind"),
    [
        ("x / 0", "division by zero"),
        ("x + 1.5", "type mismatch"),
        ("[x][3]", "index out of range"),
        ("9223372036854775807 + x", "overflow"),
        ("x.field", "type mismatch"),
        ("cents(double(x) * 1e300)", "arithmetic overflow"),
    ],
)
def test_failures_name_the_kind_but_never_the_value(source: str, kind: str) -> None:
    with pytest.raises(EvaluationFailure) as failure:
        evaluate(source, x=987654)
    assert kind in str(failure.value)
    assert "987654" not in str(failure.value)


def test_syntax_errors_are_reported_with_line_and_column() -> None:
    with pytest.raises(ExpressionSyntaxError, match="CEL syntax error at line 1, column 4"):
        compile_expression("a +")


@pytest.mark.parametrize(
    ("source", "message"),
    [
        ("undefined_thing(dossier)", "undeclared reference to 'undefined_thing'"),
        ("dossier.agency.name == workerz", "undeclared reference to 'workerz'"),
        ("1 + 'a'", "no matching overload for '_[+]_'"),
        ("(" * 40 + "1" + ")" * 40, "nests more than 32 levels deep"),
        (" + ".join(["1"] * 40), "nests more than 32 levels deep"),
        ("'" + "x" * 100_001 + "'", "longer than 100,000 characters"),
    ],
)
def test_unknown_names_and_type_errors_do_not_compile(source: str, message: str) -> None:
    with pytest.raises(ExpressionSyntaxError, match=message):
        compile_expression(source)


def test_a_rule_variable_left_out_is_missing_data_of_its_own_kind() -> None:
    expression = compile_expression("evidence_status['a'] == 'ok'")
    with pytest.raises(MissingData, match="evidence_status") as missing:
        Scope({}, no_parameters).evaluate(expression)
    assert missing.value.kind == MissingData.VARIABLE


def test_helper_failures_do_not_leak_to_stderr(capfd: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(EvaluationFailure):
        evaluate("latest(x)", x=[])
    assert capfd.readouterr().err == ""


def test_the_documented_helpers_are_the_ones_cel_gets() -> None:
    """docs/rule-authoring.md's helper table and the helpers the binding is given agree."""
    import re

    from toelating.cel import environment as expressions

    docs = (ROOT / "docs" / "rule-authoring.md").read_text("utf-8")
    table = docs.split("### Helpers", 1)[1].split("\n## ", 1)[0]
    documented = set(re.findall(r"`([a-z_]+)\(", table))

    class Recorder:
        Type = expressions._cel().Type

        @staticmethod
        def FunctionDecl(name: str, overloads: list[Any]) -> str:
            return name

        @staticmethod
        def Overload(*args: Any, **kwargs: Any) -> None:
            return None

    registered = set(expressions._declarations(Recorder)) - {"__index"}
    assert registered == documented == set(expressions.helper_results())


def test_dates_inside_maps_and_lists_reach_cel_as_timestamps() -> None:
    """The binding takes nested timestamps only as protobuf-shaped messages (Timestamp)."""
    day = dt.date(2027, 3, 31)
    assert evaluate(
        "d.when.getDayOfMonth() == 30 && d.all[0] == d.when", d={"when": day, "all": [day]}
    )
    assert evaluate("d[0]", d=[dt.datetime(2027, 3, 31, 12, 30, tzinfo=dt.UTC)]) == dt.datetime(
        2027, 3, 31, 12, 30, tzinfo=dt.UTC
    )
    assert evaluate("d.when", d={"when": dt.date(1, 1, 1)}) == dt.date(1, 1, 1)


def test_scopes_in_threads_keep_their_own_helpers() -> None:
    """Helpers find the scope that evaluates through a per-thread slot: thread A is held inside
    a helper while thread B evaluates a scope of its own; A then reads its own index."""
    import threading

    expression = compile_expression("param_on('p', d) + __index(0)", ("d",))
    day = dt.date(2027, 1, 1)
    inside, resume = threading.Event(), threading.Event()
    results: dict[str, Any] = {}

    def held(name: str, on: dt.date) -> int:
        inside.set()
        resume.wait(10)
        return 1

    def first() -> None:
        scope = Scope({"d": day}, held)
        scope.set_indices((1,))
        results["first"] = scope.evaluate(expression)

    def second() -> None:
        inside.wait(10)
        scope = Scope({"d": day}, lambda name, on: 1000)
        scope.set_indices((1000,))
        results["second"] = scope.evaluate(expression)
        resume.set()

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results == {"first": 2, "second": 2000}
