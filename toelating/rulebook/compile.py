"""Turn a rule's CEL texts into programs the engine runs, once per rulebook load.

A rule over a collection (`each: /workers/*/payslips/*`) is compiled twice:
- a *batch* program that maps over the whole collection in one CEL call (fast path), and
- an *item* program that evaluates one item picked by index variables (used to pin a
  missing field or an error to the item it belongs to).
Each item's result is a code: 1 pass, 0 fail, 2 skipped by `where`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from toelating.expressions import Expression, compile_expression
from toelating.rulebook.model import Rule

PASS_CODE, FAIL_CODE, SKIP_CODE = 1, 0, 2

# Lists that record events an agency may simply not have: absent means none (rulebook.md).
EVENT_LISTS = frozenset({"accidents", "evidence", "nonconformities", "payslips", "placements"})


def index_variable(level: int) -> str:
    return f"item_index_{level}"


@dataclass(frozen=True)
class CompiledRule:
    rule: Rule
    applies_when: Expression | None
    batch: Expression  # whole-dossier rules: the leaf itself
    item: Expression | None  # collection rules only
    facts: dict[str, Expression] = field(default_factory=dict)  # item-wrapped for collections
    source: Path | None = None  # the rule file

    @property
    def id(self) -> str:
        return self.rule.id

    def expressions(self) -> dict[str, Expression]:
        """Every compiled expression by the rule-file field it came from (for validation)."""
        found = {"check": self.batch}
        if self.applies_when:
            found["applies_when"] = self.applies_when
        found.update({f"facts/{name}": expr for name, expr in self.facts.items()})
        return found


def leaf_source(rule: Rule) -> str:
    check = f"(({rule.check}) ? {PASS_CODE} : {FAIL_CODE})"
    if rule.each and rule.each.where:
        return f"(({rule.each.where}) ? {check} : {SKIP_CODE})"
    return check


def batch_source(rule: Rule, leaf: str) -> str:
    """Nested maps over the collection, in the same order the engine walks it."""
    if rule.each is None:
        return leaf
    steps = _steps(rule)
    inner = leaf
    for (container, key, name) in reversed(steps):
        collection = f"{container}.{key}" if key else container
        if key in EVENT_LISTS:
            collection = f"(has({container}.{key}) ? {container}.{key} : [])"
        inner = f"{collection}.map({name}, {inner})"
    return inner


def item_source(rule: Rule, leaf: str) -> str:
    """One item chosen by index variables: [coll[i]].map(name, …)[0] at every level."""
    steps = _steps(rule)
    inner = leaf
    for level in reversed(range(len(steps))):
        container, key, name = steps[level]
        collection = f"{container}.{key}" if key else container
        inner = f"[{collection}[{index_variable(level)}]].map({name}, {inner})[0]"
    return inner


def _steps(rule: Rule) -> list[tuple[str, str, str]]:
    """(expression of the container, key of the list in it, item name) per *."""
    assert rule.each is not None
    steps: list[tuple[str, str, str]] = []
    names = iter(rule.each.as_)
    current = "dossier"
    pending: list[str] = []
    for segment in rule.each.segments():
        if segment == "*":
            container = ".".join([current, *pending[:-1]]) if pending else current
            key = pending[-1] if pending else ""
            name = next(names)
            steps.append((container, key, name))
            current, pending = name, []
        else:
            pending.append(segment)
    return steps


def compile_rule(rule: Rule, source: Path | None = None) -> CompiledRule:
    """Compile every CEL text of a rule; raises ExpressionSyntaxError naming the field."""
    leaf = leaf_source(rule)
    applies_when = _compile("applies_when", rule.applies_when) if rule.applies_when else None
    _compile("check", rule.check)
    if rule.each and rule.each.where:
        _compile("each/where", rule.each.where)
    batch = _compile("check", batch_source(rule, leaf))
    item = _compile("check", item_source(rule, leaf)) if rule.each else None
    facts = {}
    for name, fact in rule.facts.items():
        _compile(f"facts/{name}", fact)
        wrapped = item_source(rule, f"({fact})") if rule.each else fact
        facts[name] = _compile(f"facts/{name}", wrapped)
    return CompiledRule(rule, applies_when, batch, item, facts, source)


class RuleCompileError(ValueError):
    def __init__(self, field_path: str, message: str) -> None:
        super().__init__(message)
        self.field_path = field_path


def _compile(field_path: str, source: str) -> Expression:
    from toelating.expressions import ExpressionSyntaxError

    try:
        return compile_expression(source)
    except ExpressionSyntaxError as error:
        raise RuleCompileError(field_path, str(error)) from None
