"""The fast path against cel-cpp, expression by expression: same value, same error.

Hypothesis writes CEL expressions over the operators the rules use (arithmetic near the
int64 limits, `&&`/`||`/`?:` with errors on either side, comparisons across int and
double, string escapes, timestamps and the helpers on them, comprehensions, `cel.bind`),
over data with a missing key, an int, a double, a text, a date and lists. Each is
evaluated by cel-cpp (toelating.cel.environment.Scope) and by the translated Python
(toelating.cel.fast_scope.FastScope); any difference is a bug in the translator.
"""

from __future__ import annotations

import datetime as dt
import math
import pickle
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from toelating.cel.environment import (
    EvaluationFailure,
    ExpressionSyntaxError,
    MissingData,
    Scope,
    compile_expression,
)
from toelating.cel.fast_scope import Engine, FastScope, fast_program, refusal
from toelating.cel.values import to_cel

VARIABLES = ("m", "l", "n", "ms", "day", "absent")  # `absent` is declared, never given
DATA: dict[str, Any] = {
    "m": {
        "i": 7,
        "big": 2**62,
        "low": -(2**63),
        "d": 2.5,
        "z": 0.0,
        "s": "é\n",
        "t": True,
        "on": dt.date(2024, 2, 29),
        "xs": [1, 2, 3],
    },
    "l": [3, -1, 0, 2],
    "n": [1.5, -0.0, 2.0],
    "ms": [{"a": 1, "b": 2.0}, {"b": 0.0}, {"a": "x", "b": -1.0}],  # fields read once per item
    "day": dt.date(2027, 5, 15),
}
PARAMETERS = {"rate": {dt.date(2024, 1, 1): 1.25}}


def parameter_on(name: str, day: dt.date) -> Any:
    if name not in PARAMETERS:
        raise LookupError(name)
    values = PARAMETERS[name]
    known = [start for start in values if start <= day]
    if not known:
        raise LookupError(name)
    return values[max(known)]


def outcome(run: Any) -> tuple[str, Any]:
    """A value, or the failure as the engine sees it: its kind, text and what was missing."""
    try:
        value = run()
    except MissingData as missing:
        return ("missing", (missing.what, missing.kind))
    except EvaluationFailure as failure:
        return ("failure", (type(failure).__name__, str(failure)))
    if isinstance(value, float) and math.isnan(value):
        return ("nan", None)
    if isinstance(value, float):
        return ("value", (value, math.copysign(1.0, value)))  # -0.0 is not 0.0 here
    return ("value", (type(value).__name__, value))


def both(source: str) -> tuple[tuple[str, Any], tuple[str, Any], int] | None:
    """cel-cpp's and the fast path's outcome of `source`, and how often the fast path fell
    back; None when it does not compile (a type error the checker already refuses)."""
    try:
        expression = compile_expression(source, VARIABLES)
    except ExpressionSyntaxError:
        return None
    reference = Scope({k: to_cel(v) for k, v in DATA.items()}, parameter_on, ready=True)
    expected = outcome(lambda: reference.evaluate(expression))
    fallback = Scope({k: to_cel(v) for k, v in DATA.items()}, parameter_on, ready=True)
    fast = FastScope(DATA, parameter_on, lambda: fallback, Engine.FAST)
    found = outcome(lambda: fast.evaluate(expression))
    return expected, found, fast.fallbacks


# --- the expressions -------------------------------------------------------------------

INTS = st.sampled_from(
    [
        "0",
        "1",
        "-1",
        "7",
        "3",
        "9223372036854775807",
        "-9223372036854775807",
        "m.i",
        "m.big",
        "m.low",
        "l[0]",
        "l[1]",
        "size(l)",
        "m.xs[2]",
        "m.missing",
        "dyn(m.d)",
    ]
)
DOUBLES = st.sampled_from(
    [
        "0.0",
        "-0.0",
        "1.5",
        "2.5",
        "1e308",
        "-1e308",
        "m.d",
        "m.z",
        "n[0]",
        "n[1]",
        "double(m.i)",
        "dyn(m.i)",
        "param_on('rate', day)",
        "param_on('none', day)",
    ]
)
STRINGS = st.sampled_from(
    [
        '"a"',
        "'b'",
        '"\\u00e9\\n"',
        "'\\x41'",
        '"\\101"',
        'r"\\n"',
        '"""x"y"""',
        "m.s",
        "string(m.i)",
        "string(m.t)",
        "string(day)",
        "iso_date(day)",
        '"" + m.s',
        "m.nope",
    ]
)
DATES = st.sampled_from(
    [
        "day",
        "m.on",
        "add_days(day, 1)",
        "add_months(m.on, 12)",
        "date('2024-02-29')",
        "date('2024-13-01')",
        "add_days(day, 9999999)",
        "latest([day, m.on])",
        "earliest([])",
        "m.gone",
    ]
)
BOOLS = st.sampled_from(["true", "false", "m.t", "has(m.i)", "has(m.q)", "m.q", "1/0 == 1"])


def expressions(depth: int = 3) -> st.SearchStrategy[str]:
    leaves = st.one_of(INTS, DOUBLES, STRINGS, DATES, BOOLS)
    if depth == 0:
        return leaves
    inner = expressions(depth - 1)
    binary = st.sampled_from(
        ["+", "-", "*", "/", "%", "==", "!=", "<", "<=", ">", ">=", "&&", "||"]
    )
    return st.one_of(
        leaves,
        st.builds(lambda a, op, b: f"({a} {op} {b})", inner, binary, inner),
        st.builds(lambda a, op, b: f"(dyn({a}) {op} dyn({b}))", inner, binary, inner),
        st.builds(lambda c, a, b: f"(dyn({c}) ? {a} : {b})", inner, inner, inner),
        st.builds(lambda a: f"(!dyn({a}))", inner),
        st.builds(lambda a: f"(-dyn({a}))", inner),
        st.builds(lambda a: f"dyn({a}) in [1, 2.0, 'a', {a}]", inner),
        st.builds(lambda a: f"size(dyn({a}))", inner),
        st.builds(lambda a: f"int(dyn({a}))", inner),
        st.builds(lambda a: f"double(dyn({a}))", inner),
        st.builds(lambda a: f"string(dyn({a}))", inner),
        st.builds(lambda a: f"cents(dyn({a}))", inner),
        st.builds(lambda a: f"dyn({a}).getFullYear() + dyn({a}).getMonth()", inner),
        st.builds(lambda a: f"days_between(dyn({a}), day)", inner),
        st.builds(lambda a, b: f"l.all(x, dyn(x) < dyn({a}) || dyn({b}))", inner, inner),
        st.builds(lambda a, b: f"l.exists(x, dyn(x) == dyn({a}) && dyn({b}))", inner, inner),
        st.builds(lambda a: f"l.exists_one(x, dyn(x) > dyn({a}))", inner),
        st.builds(lambda a: f"l.map(x, dyn(x) * dyn({a}))", inner),
        st.builds(lambda a: f"l.filter(x, dyn(x) >= dyn({a}))", inner),
        st.builds(lambda a, b: f"cel.bind(v, {a}, dyn({b}) == dyn(v))", inner, inner),
        st.builds(lambda a, b: f"cel.bind(v, {a}, dyn({b}))", inner, inner),
        st.builds(lambda a: f"{{'k': {a}}}.k", inner),
        st.builds(
            lambda a, b: (
                f"ms.exists(x, (has(x.a) && dyn(x.a) == dyn({a})) || x.b < x.b + dyn({b}))"
            ),
            inner,
            inner,
        ),
        st.builds(lambda a: f"ms.map(x, [x.a, dyn({a}), x.a])", inner),
        st.builds(lambda a: f"dyn({a}).matches('^[a-z0-9]+$|^$')", inner),
        st.builds(lambda a: f"[{a}, {a}][1]", inner),
    )


@settings(max_examples=400)
@given(expressions())
def test_generated_expressions_agree_with_cel_cpp(source: str) -> None:
    found = both(source)
    if found is None:
        return
    expected, fast, _ = found
    assert fast == expected, source


# --- chosen cases, each a rule of CEL that once was easy to get wrong ----------------------

CASES = [
    "9223372036854775807 + 1",  # int64 overflow is an error
    "-9223372036854775807 - 2",
    "m.low / -1",
    "m.low % -1",
    "-m.low",
    "m.big * 2",
    "5 % -3 == 2 && -5 / 3 == -1",  # truncation toward zero
    "m.i / 0",
    "m.i % 0",
    "m.d / 0.0 > 1e308",  # IEEE: infinity, not an error
    "m.z / 0.0 == m.z / 0.0",  # NaN is not equal to itself
    "m.missing && false",  # an error absorbed by the side that decides
    "false && m.missing",
    "m.missing || true",
    "m.missing && m.other",  # the left error wins
    "dyn(1) || m.missing",  # a non-bool and an error: the error
    "dyn(1) && true",
    "m.missing ? 1 : 2",
    "dyn(1) ? 1 : 2",
    "dyn(m.i) == 7.0 && dyn(m.i) < 7.5 && dyn(7.5) > m.i",  # int and double by value
    "dyn(m.t) == 1",  # a bool is no number
    "dyn([1]) == [1.0] && dyn({'a': 1}) == {'a': 1.0}",
    "dyn(m.i) + 1.0",  # no arithmetic across int and double
    "dyn('a') < 1",
    "l[4]",
    "l[-1]",
    "m.s.size() == 2 && size('héllo') == 5",
    '"\\u00e9" == "é" && "\\x41" == "A" && "\\101" == "A"',
    "m.i.q",
    "has(m.i.q)",
    "param_on('none', day) + 1.0 > 0.0 || m.missing",  # a missing parameter wins
    "m.missing + param_on('none', day)",  # evaluated even after the first argument failed
    "cel.bind(v, param_on('none', day), m.missing)",  # a step never read is never run
    "cel.bind(v, param_on('none', day), v > 1.0 || true)",
    "date('x') == day",  # a helper's failure is named by its kind
    "earliest([]) == day",
    "[1, 2].map(x, x / 0)",
    "[m.i, 1].exists_one(x, x == 1 / 0)",
    "l.all(x, x > 5)",
    "int(1e19)",
    "int(-2.5) == -2",
    "string(day) == '2027-05-15T00:00:00Z'",
    "day > m.on && add_months(m.on, 12) == date('2025-02-28')",
    "day.getDayOfMonth() == 14 && day.getMonth() == 4 && day.getFullYear() == 2027",
    "day.getDayOfWeek()",
    "'12345678'.matches('^[0-9]{8}$') && !'1234567'.matches('^[0-9]{8}$')",
    "'12345678\\n'.matches('^[0-9]{8}$')",  # RE2's $ is the end; Python's also before a \\n
    "m.s.matches('(a|b)+[0-9]?$')",
    "m.s in ['a', 'é\\n'] && !(m.s in ['a']) && !(dyn(1) in ['a', 'b'])",
    "m.missing in ['a', 'b'] || ['x', 'y'][1] == 'y'",
    "dyn(m.d) in ['a'] || dyn(m.t) in ['true']",
    "param_on(dyn([1]), day) == 1.25",  # no overload takes a list (and it is never a key)
    "param_on('rate', dyn(1)) == 1.25",
    "absent.x",
    "absent == 1 || true",
    # A field an item's body reads twice is read once per item: its error shows only where
    # (and if) the body reads it, and an inner item of the same name reads its own.
    "ms.all(x, has(x.a) ? x.a == x.a : true)",
    "ms.exists(x, x.c > 0 || x.a == x.a)",
    "ms.map(x, x.a + x.a)",
    "ms.map(x, x.b + x.b)",
    "ms.filter(x, has(x.a) && x.a == x.a).size() == 2",
    "l.all(x, x.q == x.q)",
    "ms.all(x, [{'b': 5.0}].all(x, x.b == x.b && x.b == 5.0) && x.b == x.b)",
    "ms.exists(x, x.b < 0.0 && x.a == x.a)",
    "ms.all(x, cel.bind(v, cents(x.b), v == v && x.b == x.b))",
    "ms.all(x, x.a == 1 / 0 || x.a == x.a)",
    # `in` a list held by a name (not a literal): a text among texts, among other kinds
    "cel.bind(v, ['AT', 'BE', 'é\\n'], m.s in v && !('NL' in v) && !(dyn(1) in v))",
    "cel.bind(v, [1, 'x', 2.0, [m.s]], 'x' in v && !('y' in v) && !(m.s in v))",
    "cel.bind(v, [{'a': 1}, m.s], m.s in v && !('a' in v))",
    "'é\\n' in [m.s] && !('e' in [m.s, m.i])",
]


def _nested(depth: int) -> str:
    """Comprehensions and `&&`/`||` nested deeper than Python's 20 blocks in one function."""
    text = "m.missing == 1 || true"
    for level in range(depth):
        text = f"[1, 0].all(x{level}, (x{level} >= 0 && ({text})) || m.gone)"
    return text


CASES += [_nested(6), " && ".join(f"(l[{i % 4}] >= -1 || m.q)" for i in range(30))]


@pytest.mark.parametrize("source", CASES)
def test_chosen_cases_agree_with_cel_cpp(source: str) -> None:
    found = both(source)
    assert found is not None, f"{source} does not compile"
    expected, fast, _ = found
    assert fast == expected, source


@pytest.mark.parametrize(("position", "too_costly"), [(9_997, False), (9_998, True)])
def test_the_iteration_budget_stops_both_at_the_same_item(position: int, too_costly: bool) -> None:
    """cel-cpp walks at most 10,000 list items per evaluation, counting the item `exists`
    steps to before it stops: the fast path counts the same."""
    data = {"l": list(range(20_000)), "k": position}
    expression = compile_expression("l.exists(x, x == k)", ("l", "k"))
    reference = Scope({k: to_cel(v) for k, v in data.items()}, parameter_on, ready=True)
    fast = FastScope(data, parameter_on, lambda: None, Engine.FAST)
    expected = outcome(lambda: reference.evaluate(expression))
    assert outcome(lambda: fast.evaluate(expression)) == expected
    assert (expected[0] == "failure") is too_costly


def test_the_translator_takes_what_it_knows_and_refuses_the_rest() -> None:
    taken = compile_expression("l.all(x, x > 0) && cel.bind(v, m.i, v + 1 > 2)", VARIABLES)
    assert refusal(taken) is None and fast_program(taken) is not None
    refused = compile_expression("m.s.matches('^\\\\d')", VARIABLES)  # \\d: RE2 ASCII, re Unicode
    assert refusal(refused) == "the function 'matches' with this pattern"
    assert fast_program(refused) is None


def test_a_translated_program_pickles_with_its_expression() -> None:
    """A rulebook cache pickles expressions: the translation comes along (as compiled code
    and the recipes of its values) and runs without being generated again."""
    source = "l.filter(x, x > 0).map(x, x * 2) == [6, 4] && m.on.getMonth() == 1 && m.d > 2.0"
    expression = compile_expression(source, VARIABLES)
    assert fast_program(expression) is not None
    restored = pickle.loads(pickle.dumps(expression))
    program = vars(restored)["fast"]
    assert program is not None and program.source == ""  # not generated again
    fallback = Scope({k: to_cel(v) for k, v in DATA.items()}, parameter_on, ready=True)
    fast = FastScope(DATA, parameter_on, lambda: fallback, Engine.FAST)
    assert fast.evaluate(restored) is True
    assert fast.fast_runs == 1 and fast.fallbacks == 0
