"""The CEL parser behind the cost estimates reads rule text as the CEL library does."""

from __future__ import annotations

from typing import Any

import pytest

from toelating.cel.environment import RULE_VARIABLES, Scope, compile_expression, from_cel
from toelating.rulebook.compile import rule_texts
from toelating.rulebook.load import Rulebook
from toelating.rulebook.syntax import CelParseError, parse, tokenize, unparse


def value_of(source: str) -> Any:
    return from_cel(Scope({}, lambda name, day: None).evaluate(compile_expression(source, ())))


def texts_of(rule: Any) -> list[str]:
    return list(rule_texts(rule).values())


def test_every_shipped_text_prints_back_to_a_program_the_library_accepts(
    rulebook: Rulebook,
) -> None:
    shared = tuple(rulebook.manifest.define)
    for compiled in rulebook.rules:
        rule = compiled.rule
        items = tuple(rule.each.as_) if rule.each else ()
        names = RULE_VARIABLES + shared + items + tuple(rule.parameter_uses()) + tuple(rule.define)
        for text in texts_of(rule):
            printed = unparse(parse(text))
            compile_expression(printed, names)
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
        ("b'\\x00'.size() == 1 ? 3 : 4 // a comment", 3),
        ("[[1, 2], [3]].all(a, a.exists_one(b, b > 1) || a.size() == 1)", True),
    ],
)
def test_printed_programs_compute_the_same(source: str, value: Any) -> None:
    assert value_of(source) == value
    assert value_of(unparse(parse(source))) == value


def test_text_in_strings_and_comments_is_not_code() -> None:
    assert [t.kind for t in tokenize("'dossier.workers' // dossier.workers\n+ r\"\\\"")] == [
        "string",
        "op",
        "string",
        "end",
    ]


def test_syntax_the_parser_does_not_know_is_refused() -> None:
    with pytest.raises(CelParseError):
        parse("a.?b")
