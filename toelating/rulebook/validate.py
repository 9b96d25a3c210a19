"""Static checks of rule expressions beyond compiling: field names and parameters.

(Unknown variables and functions, and type errors, are found when a rule compiles.)

A typo in a field name would otherwise surface as `missing_data` on every dossier, which
looks like the agency's fault; here it is a rule-file error with file and rule id.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from toelating.dossier.view import all_field_names
from toelating.errors import Problem
from toelating.rulebook.compile import CompiledRule
from toelating.rulebook.load import Rulebook

_STRING = re.compile(r"'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\"")
_SELECTION = re.compile(r"\.\s*([A-Za-z_][A-Za-z0-9_]*)\b(?!\s*\()")
_PARAMS = re.compile(r"\bparams\s*\.\s*([A-Za-z_][A-Za-z0-9_]*)")
_PARAM_ON = re.compile(r"\bparam_on\s*\(\s*[\"']([^\"']+)[\"']")


def static_problems(rulebook: Rulebook) -> list[Problem]:
    """Every unknown field or parameter in every rule's expressions."""
    fields = all_field_names()
    parameters = set(rulebook.parameters.parameters)
    problems: list[Problem] = []
    for compiled in rulebook.rules:
        problems.extend(_rule_problems(compiled, fields, parameters))
    return problems


def _rule_problems(
    compiled: CompiledRule, fields: frozenset[str], parameters: set[str]
) -> Iterator[Problem]:
    rule = compiled.rule
    file = str(compiled.source or rule.id)
    used_parameters: set[str] = set()
    for field_path, source in _sources(compiled):
        text = _STRING.sub('""', source)
        for name in _PARAMS.findall(text) + _PARAM_ON.findall(source):
            used_parameters.add(name)
            if name not in parameters:
                yield Problem(file, field_path, f"{rule.id}: unknown parameter {name!r}")
        selected = {m for m in _SELECTION.findall(_PARAMS.sub("", text))}
        for name in sorted(selected - fields - parameters):
            yield Problem(
                file, field_path, f"{rule.id}: {name!r} is not a field of the dossier format"
            )
    for name in sorted(used_parameters - set(rule.parameters)):
        yield Problem(
            file, "/parameters", f"{rule.id}: reads parameter {name!r} but does not list it"
        )


def _sources(compiled: CompiledRule) -> Iterator[tuple[str, str]]:
    rule = compiled.rule
    yield "/check", rule.check
    if rule.applies_when:
        yield "/applies_when", rule.applies_when
    if rule.each and rule.each.where:
        yield "/each/where", rule.each.where
    for name, source in rule.facts.items():
        yield f"/facts/{name}", source
