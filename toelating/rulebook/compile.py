"""Turn a rule's CEL texts into programs the engine runs, once per rulebook load.

A rule over a collection (`each: /workers/*/payslips/*`) gets:
- a *batch* program that tells in one linear pass whether every item passes or is
  skipped (`all`);
- for rules with `where`, an *any* program telling whether some item was not skipped;
- an *item* program that judges one item picked by `__index(level)`, used when the
  batch finds a failure or cannot finish, to pin each finding to its item.
An item's result is a code: 1 pass, 0 fail, 2 skipped by `where`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path

from toelating.cel.analysis import Reading, free_names
from toelating.cel.environment import (
    RULE_VARIABLES,
    Expression,
    ExpressionSyntaxError,
    compile_expression,
    parse_tree,
)
from toelating.errors import Text
from toelating.rulebook.model import Rule

PASS_CODE, FAIL_CODE, SKIP_CODE = 1, 0, 2
INDEX_FUNCTION = "__index"

__all__ = ["FAIL_CODE", "PASS_CODE", "SKIP_CODE", "CompiledRule", "compile_rule"]


@dataclass(frozen=True)
class CompiledRule:
    rule: Rule
    applies_when: Expression | None
    batch: (
        Expression  # whole-dossier rules: the leaf itself; collection rules: all items pass or skip
    )
    any_evaluated: Expression | None = (
        None  # collection rules with `where`: some item is not skipped
    )
    item: Expression | None = None  # collection rules: the code of the item at `__index(0)`, ...
    facts: dict[str, Expression] = field(default_factory=dict)  # of the item at `__index(...)`
    source: Path | None = None  # the rule file

    @property
    def id(self) -> str:
        return self.rule.id

    def programs(self) -> dict[str, Expression]:
        """Every program by its name: applies_when, check, any, item, facts/NAME."""
        named = {"applies_when": self.applies_when, "check": self.batch}
        named |= {"any": self.any_evaluated, "item": self.item}
        named |= {f"facts/{name}": fact for name, fact in self.facts.items()}
        return {name: program for name, program in named.items() if program is not None}

    @cached_property
    def reading(self) -> Reading:
        """What its programs read and walk, from their checked trees (toelating.cel.analysis)."""
        return _reading(self.programs().values())

    @property
    def variables(self) -> frozenset[str]:
        """The top-level variables its programs read."""
        return self.reading.variables

    @property
    def reads_check_date(self) -> bool:
        """May its outcome change with the check date alone (toelating.horizon)?"""
        return bool(self.variables & CHECK_DATE_VARIABLES)


def _reading(programs: Iterable[Expression]) -> Reading:
    readings = [program.reading for program in programs]
    return Reading(
        frozenset().union(*(r.variables for r in readings)),
        frozenset().union(*(r.fields for r in readings)),
        frozenset().union(*(r.parameters for r in readings)),
        frozenset().union(*(r.places for r in readings)),
        tuple(walk for r in readings for walk in r.walks),
    )


# Named steps reach a rule's texts as `cel.bind(name, value, text)` (the CEL bindings
# extension): a step is computed once, and only when read, so a step that reads an absent
# field makes the rule missing data only when the check needs it. Parameters taken on the
# check date are bound around the whole program; those taken on an item's date, and the
# `define:` steps, around each item's text (they may read the items).


def _bind(steps: list[tuple[str, str]], text: str) -> str:
    """`text` with the steps it reads (and the steps those read) bound around it, in order.
    Only what is read is bound, so each program stays as small as its text needs."""
    needed = _needed(steps, [text])
    for name, value in reversed(steps):
        if name in needed:
            text = f"cel.bind({name}, {value}, {text})"
    return text


def _needed(steps: list[tuple[str, str]], texts: list[str]) -> set[str]:
    """The names of the steps these texts read, directly or through other steps."""
    values = dict(steps)
    wanted: set[str] = set()
    pending = list(texts)
    while pending:
        for name in names_read(pending.pop(), values) - wanted:
            wanted.add(name)
            pending.append(values[name])
    return wanted


def names_read(text: str, names: Iterable[str]) -> frozenset[str]:
    """Which of `names` the CEL text reads (a name its own comprehension binds is not read)."""
    read = _free_names(text)
    return frozenset(names) if read is None else read & frozenset(names)


@lru_cache(maxsize=8192)
def _free_names(text: str) -> frozenset[str] | None:
    """None for a text that does not parse: the rule's own compilation names it at fault."""
    try:
        return free_names(parse_tree(text))
    except ExpressionSyntaxError:
        return None


def _parameter_value(parameter: str, on: str) -> str:
    return f'param_on("{parameter}", {on})'


def _outer_steps(rule: Rule, shared: Mapping[str, str]) -> list[tuple[str, str]]:
    """The rulebook's shared steps the rule reads, then its parameters on the check date:
    the same for every item."""
    return [*shared_steps(rule, shared)] + [
        (name, _parameter_value(use.parameter, "check_date"))
        for name, use in rule.parameter_uses().items()
        if use.on is None
    ]


def shared_steps(rule: Rule, shared: Mapping[str, str]) -> list[tuple[str, str]]:
    """The rulebook's steps (rulebook.yaml `define:`) the rule's texts name, with the steps
    those name in turn, in the rulebook's order."""
    steps = [(name, f"({step})") for name, step in shared.items()]
    wanted = _needed(steps, list(rule_texts(rule).values()))
    return [(name, value) for name, value in steps if name in wanted]


def _item_steps(rule: Rule) -> list[tuple[str, str]]:
    """Parameters on a date of the item's, then the definitions in their order."""
    dated = [
        (name, _parameter_value(use.parameter, f"({use.on})"))
        for name, use in rule.parameter_uses().items()
        if use.on is not None
    ]
    return dated + [(name, f"({text})") for name, text in rule.define.items()]


def with_outer(rule: Rule, text: str, shared: Mapping[str, str]) -> str:
    return _bind(_outer_steps(rule, shared), text)


def with_item(rule: Rule, text: str) -> str:
    return _bind(_item_steps(rule), text)


def _applies_when_source(rule: Rule) -> str:
    """A rule over the whole dossier has no items, so its condition may read its steps and
    every parameter; a rule over items reads only the parameters on the check date."""
    if rule.each is None:
        return with_item(rule, f"(({rule.applies_when}) ? true : false)")
    return rule.applies_when or "true"


def leaf_source(rule: Rule) -> str:
    check = f"(({rule.check}) ? {PASS_CODE} : {FAIL_CODE})"
    if rule.each and rule.each.where:
        check = f"(({rule.each.where}) ? {check} : {SKIP_CODE})"
    return with_item(rule, check)


def all_pass_source(rule: Rule) -> str:
    """True when every item passes or is skipped; an item that cannot be judged raises."""
    check = f"(({rule.check}) ? true : false)"
    if rule.each and rule.each.where:
        check = f"(({rule.each.where}) ? {check} : true)"
    return _over_items(rule, "all", with_item(rule, check))


def any_evaluated_source(rule: Rule) -> str:
    assert rule.each is not None and rule.each.where is not None
    where = with_item(rule, f"(({rule.each.where}) ? true : false)")
    return _over_items(rule, "exists", where)


def _over_items(rule: Rule, macro: str, body: str) -> str:
    inner = body
    for container, name in reversed(_steps(rule)):
        inner = f"{container}.{macro}({name}, {inner})"
    return inner


def item_source(rule: Rule, leaf: str) -> str:
    """One item chosen by `__index(level)`: [coll[i]].map(name, ...)[0] at every level."""
    inner = leaf
    for level, (container, name) in reversed(list(enumerate(_steps(rule)))):
        inner = f"[{container}[{INDEX_FUNCTION}({level})]].map({name}, {inner})[0]"
    return inner


def shown_texts(rule: Rule) -> dict[str, str]:
    """What a message may show, by name: the parameters, the definitions and the facts."""
    shown = dict.fromkeys(rule.parameter_uses(), "")
    shown.update(dict.fromkeys(rule.define, ""))
    shown.update(rule.facts)
    return {name: text or name for name, text in shown.items()}


def _fact_texts(rule: Rule) -> dict[str, str]:
    texts: dict[str, str] = {}
    for name, fact in shown_texts(rule).items():
        leaf = with_item(rule, f"({fact})")
        texts[name] = item_source(rule, leaf) if rule.each else leaf
    return texts


def _steps(rule: Rule) -> list[tuple[str, str]]:
    """(expression of the list, item name) per * of the path."""
    assert rule.each is not None
    steps: list[tuple[str, str]] = []
    names = iter(rule.each.as_)
    current = "dossier"
    pending: list[str] = []
    for segment in rule.each.segments():
        if segment != "*":
            pending.append(segment)
            continue
        name = next(names)
        steps.append((".".join([current, *pending]), name))
        current, pending = name, []
    return steps


def compile_rule(
    rule: Rule, source: Path | None = None, shared: Mapping[str, str] | None = None
) -> CompiledRule:
    """Compile every CEL text of a rule; raises RuleCompileError naming the field.
    `shared` are the rulebook's named steps (rulebook.yaml `define:`)."""
    shared = shared or {}
    clash = sorted(set(shared) & _local_names(rule))
    if clash:
        raise RuleCompileError("define", f"{clash[0]!r} is already a step of the rulebook")
    try:
        return _compile_programs(rule, source, shared)
    except RuleCompileError:
        # Find the text at fault: each on its own, with the item names, parameters and
        # steps declared (their values are unknown here, so they are dynamic).
        names = (*RULE_VARIABLES, *shared, *_local_names(rule))
        for field_path, text in rule_texts(rule).items():
            _compile(field_path, text, names)
        raise


def _local_names(rule: Rule) -> set[str]:
    items = rule.each.as_ if rule.each else []
    return {*items, *rule.parameter_uses(), *rule.define}


def _compile_programs(rule: Rule, source: Path | None, shared: Mapping[str, str]) -> CompiledRule:
    texts: dict[str, tuple[str, str]] = {}  # program -> (field path, text)
    if rule.applies_when:
        texts["applies_when"] = ("applies_when", _applies_when_source(rule))
    if rule.each is None:
        texts["check"] = ("check", leaf_source(rule))
    else:
        texts["check"] = ("check", all_pass_source(rule))
        texts["item"] = ("check", item_source(rule, leaf_source(rule)))
        if rule.each.where:
            texts["any"] = ("each/where", any_evaluated_source(rule))
    for name, text in _fact_texts(rule).items():
        texts[f"facts/{name}"] = (f"facts/{name}", text)
    programs = {
        key: _compile(field_path, with_outer(rule, text, shared))
        for key, (field_path, text) in texts.items()
    }
    compiled = CompiledRule(
        rule,
        applies_when=programs.get("applies_when"),
        batch=programs["check"],
        any_evaluated=programs.get("any"),
        item=programs.get("item"),
        facts={name: programs[f"facts/{name}"] for name in shown_texts(rule)},
        source=source,
    )
    _check_shape(compiled, {key: field_path for key, (field_path, _) in texts.items()})
    return compiled


# The variables whose value is the check date's: `application_date` is the check date when
# the dossier has none, `params` the values in force on it.
CHECK_DATE_VARIABLES = frozenset({"check_date", "application_date", "params"})


def _check_shape(compiled: CompiledRule, field_paths: Mapping[str, str]) -> None:
    """The cost bound's shape check (docs/rule-authoring.md, "Cost and speed"): a program
    judged once per item may walk a whole dossier list (once per item: quadratic, each
    evaluation within the library's budget), but not a whole list inside another one: that
    is cubic in the dossier, minutes on a large one, and never needed: look related items up
    through `worker_position`, `workers_by_id` or `worker_positions_by_location`."""
    if compiled.rule.each is None:
        return  # each program runs once per check, within the library's budget
    per_item = {k: p for k, p in compiled.programs().items() if k == "item" or "/" in k}
    for key, program in per_item.items():
        walks = program.reading.walks
        nested = [walk for walk in walks if walk.fresh_depth >= 2 and walk.place is not None]
        if nested:
            walk = nested[0]
            text = Text.of(
                "cel.nested_walk", rule=compiled.id, outer=walk.around[0], inner=walk.place
            )
            raise RuleCompileError(field_paths.get(key, key), str(text), text)


def rule_texts(rule: Rule) -> dict[str, str]:
    """Every CEL text of the rule by its field path in the rule file."""
    texts = {"check": rule.check}
    if rule.applies_when:
        texts["applies_when"] = rule.applies_when
    if rule.each and rule.each.where:
        texts["each/where"] = rule.each.where
    texts.update(
        {f"parameters/{name}/on": use.on for name, use in rule.parameter_uses().items() if use.on}
    )
    texts.update({f"define/{name}": text for name, text in rule.define.items()})
    texts.update({f"facts/{name}": fact for name, fact in rule.facts.items()})
    return texts


class RuleCompileError(ValueError):
    """A rule text that does not compile, or a rule the cost bound refuses; `text`, when
    set, says it in the user's language (the message then names the rule itself)."""

    def __init__(self, field_path: str, message: str, text: Text | None = None) -> None:
        super().__init__(message)
        self.field_path = field_path
        self.text = text


def check_text(field_path: str, source: str, variables: tuple[str, ...]) -> None:
    """Compile a text on its own; raises RuleCompileError naming the field."""
    _compile(field_path, source, variables)


def _compile(
    field_path: str, source: str, variables: tuple[str, ...] = RULE_VARIABLES
) -> Expression:
    try:
        return compile_expression(source, variables)
    except ExpressionSyntaxError as error:
        raise RuleCompileError(field_path, str(error)) from None
