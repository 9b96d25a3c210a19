"""Static checks of rule expressions beyond compiling: field names and parameters.

(Unknown variables and functions, and type errors, are found when a rule compiles.)

A typo in a field name would otherwise surface as `missing_data` on every dossier, which
looks like the agency's fault; here it is a rule-file error with file and rule id.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from toelating.cel.view import all_field_names
from toelating.errors import Problem
from toelating.rulebook.compile import CompiledRule, rule_texts

_STRING = re.compile(r"'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\"")
_SELECTION = re.compile(r"\.\s*([A-Za-z_][A-Za-z0-9_]*)\b(?!\s*\()")
_PARAMS = re.compile(r"\bparams\s*\.\s*([A-Za-z_][A-Za-z0-9_]*)")
_PARAM_ON = re.compile(r"\bparam_on\s*\(\s*[\"']([^\"']+)[\"']")


def static_problems(rules: Iterable[CompiledRule], parameters: Iterable[str]) -> list[Problem]:
    """Every unknown field or parameter in the rules' expressions (run when rules load)."""
    fields = all_field_names()
    known = set(parameters)
    problems: list[Problem] = []
    for compiled in rules:
        problems.extend(_rule_problems(compiled, fields, known))
    return problems


def _rule_problems(
    compiled: CompiledRule, fields: frozenset[str], parameters: set[str]
) -> Iterator[Problem]:
    rule = compiled.rule
    file = str(compiled.source or rule.id)
    used_parameters: set[str] = set()
    for field_path, source in _sources(compiled):
        used_parameters |= parameters_named(source)
        for name in sorted(parameters_named(source) - parameters):
            yield Problem(file, field_path, f"{rule.id}: unknown parameter {name!r}")
        yield from text_problems(file, field_path, source, rule.id, fields | parameters)
    for name in sorted(used_parameters - rule.parameter_names()):
        yield Problem(
            file, "/parameters", f"{rule.id}: reads parameter {name!r} but does not list it"
        )


def parameters_named(source: str) -> set[str]:
    """Parameters a text reads as params.NAME or param_on("NAME", ...)."""
    return set(_PARAMS.findall(_STRING.sub('""', source)) + _PARAM_ON.findall(source))


def text_problems(
    file: str, field_path: str, source: str, owner: str, known: Iterable[str] = ()
) -> Iterator[Problem]:
    """Every name a text selects (`.name`) that is no field of the dossier format."""
    text = _PARAMS.sub("", _STRING.sub('""', source))
    unknown = set(_SELECTION.findall(text)) - all_field_names() - set(known)
    for name in sorted(unknown):
        yield Problem(file, field_path, f"{owner}: {name!r} is not a field of the dossier format")


def _sources(compiled: CompiledRule) -> Iterator[tuple[str, str]]:
    for field_path, text in rule_texts(compiled.rule).items():
        yield f"/{field_path}", text
