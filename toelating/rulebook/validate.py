"""Static checks of rule expressions beyond compiling: field names and parameters.

(Unknown variables and functions, and type errors, are found when a rule compiles.)

A typo in a field name would otherwise surface as `missing_data` on every dossier, which
looks like the agency's fault; here it is a rule-file error with file and rule id. Each
text is read on its own from the binding's syntax tree (toelating.cel.analysis), so the
problem names the field of the rule file it is in.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from toelating.cel.analysis import Reading, read_expression
from toelating.cel.environment import RULE_VARIABLES, ExpressionSyntaxError, parse_tree
from toelating.cel.view import all_field_names
from toelating.errors import Problem, Text
from toelating.rulebook.compile import CompiledRule, rule_texts


def static_problems(rules: Iterable[CompiledRule], parameters: Iterable[str]) -> list[Problem]:
    """Every unknown field or parameter in the rules' expressions (run when rules load)."""
    known = set(parameters)
    problems: list[Problem] = []
    for compiled in rules:
        problems.extend(_rule_problems(compiled, known))
    return problems


def _rule_problems(compiled: CompiledRule, parameters: set[str]) -> Iterator[Problem]:
    rule = compiled.rule
    file = str(compiled.source or rule.id)
    used_parameters: set[str] = set()
    for field_path, source in rule_texts(rule).items():
        reading = text_reading(source)
        used_parameters |= reading.parameters
        for name in sorted(reading.parameters - parameters):
            unknown = Text.of("rule_files.unknown_parameter", rule=rule.id, name=name)
            yield Problem.of(file, f"/{field_path}", unknown)
        yield from _field_problems(file, f"/{field_path}", reading, rule.id, parameters)
    for name in sorted(used_parameters - rule.parameter_names()):
        unlisted = Text.of("rule_files.unlisted_parameter", rule=rule.id, name=name)
        yield Problem.of(file, "/parameters", unlisted)


def text_reading(source: str) -> Reading:
    """What one CEL text of a rule file reads (nothing if it does not parse: compiling it
    reports that)."""
    try:
        tree = parse_tree(source)
    except ExpressionSyntaxError:
        return Reading(frozenset(), frozenset(), frozenset(), frozenset(), ())
    return read_expression(tree, RULE_VARIABLES)


def text_problems(
    file: str, field_path: str, source: str, owner: str, known: Iterable[str] = ()
) -> Iterator[Problem]:
    """Every name a text selects (`.name`) that is no field of the dossier format."""
    yield from _field_problems(file, field_path, text_reading(source), owner, known)


def _field_problems(
    file: str, field_path: str, reading: Reading, owner: str, known: Iterable[str]
) -> Iterator[Problem]:
    unknown = reading.fields - all_field_names() - set(known)
    for name in sorted(unknown):
        yield Problem.of(
            file, field_path, Text.of("rule_files.not_a_field", owner=owner, name=name)
        )
