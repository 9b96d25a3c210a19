"""Run a rule's own examples: the example base with a merge patch, checked on a date."""

from __future__ import annotations

import copy
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from toelating.errors import ToelatingError
from toelating.rulebook.load import Rulebook
from toelating.rulebook.model import Example
from toelating.source import Document, load_document
from toelating.vocabulary import Outcome

if TYPE_CHECKING:
    from toelating.findings import RuleResult


def merge_patch(target: Any, patch: Any) -> Any:
    """JSON Merge Patch (RFC 7386): mappings merge, null removes, anything else replaces."""
    if not isinstance(patch, dict):
        return copy.deepcopy(patch)
    result = dict(target) if isinstance(target, dict) else {}
    for key, value in patch.items():
        if value is None:
            result.pop(key, None)
        else:
            result[key] = merge_patch(result.get(key), value)
    return result


@dataclass(frozen=True)
class ExampleRun:
    """What one example gave, and whether that is what it expects."""

    rule_id: str
    example: Example
    outcome: Outcome | None
    paths: tuple[str, ...]
    problem: str | None  # why it did not give what it expects, or None when it did
    result: RuleResult | None = None  # the rule's result, findings and all

    @property
    def passed(self) -> bool:
        return self.problem is None


@cache
def _base_document(path: Path) -> Document:
    return load_document(path)


def run_example(rulebook: Rulebook, rule_id: str, example: Example) -> ExampleRun:
    from toelating.dossier.load import validate_dossier
    from toelating.engine import prepare

    base = _base_document(rulebook.folder / rulebook.manifest.example_base)
    label = f"{rule_id} example {example.name!r}"
    data = merge_patch(base.data, example.patch)
    try:
        dossier = validate_dossier(Document(file=label, data=data))
    except ToelatingError as error:
        detail = "; ".join(f"{p.path} {p.message}" for p in error.problems)
        return ExampleRun(rule_id, example, None, (), f"example dossier is invalid: {detail}")
    evaluation = prepare(dossier, rulebook, example.as_of, example.evidence_status)
    result = evaluation.rule(rulebook.rule(rule_id))  # the one rule the example is about
    paths = tuple(finding.path for finding in result.findings)
    problem = None
    if result.outcome is not example.expect:
        detail = "; ".join(f"{f.path}: {f.message_en}" for f in result.findings)
        problem = f"expected {example.expect.value}, got {result.outcome.value}" + (
            f" ({detail})" if detail else ""
        )
    elif example.paths is not None and list(paths) != example.paths:
        problem = f"expected finding paths {example.paths}, got {list(paths)}"
    return ExampleRun(rule_id, example, result.outcome, paths, problem, result)
