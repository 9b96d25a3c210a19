"""The engine: dossier + rulebook + check date in, one result per rule out.

Pure: no I/O, no clock.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from functools import cache, cached_property
from typing import Any

from toelating.cel.environment import (
    ITERATION_BUDGET,
    EvaluationFailure,
    MissingData,
    Scope,
    TooCostly,
)
from toelating.cel.fast_data import values_at
from toelating.cel.fast_scope import Engine, dossier_variables, rule_scope
from toelating.cel.values import from_cel, timestamp_of, to_cel
from toelating.cel.view import all_field_names, dossier_view, id_maps, locate_missing
from toelating.dossier.items import item_name
from toelating.dossier.model import Dossier
from toelating.findings import CheckResult, Finding, RuleResult, sorted_findings
from toelating.i18n import message
from toelating.rulebook.compile import FAIL_CODE, PASS_CODE, SKIP_CODE, CompiledRule
from toelating.rulebook.load import Rulebook
from toelating.rulebook.model import ParameterUnknown
from toelating.source import items_at
from toelating.text import fill
from toelating.vocabulary import Outcome, Severity


def check(
    dossier: Dossier,
    rulebook: Rulebook,
    check_date: dt.date,
    fail_on: Severity = Severity.MAJOR,
    evidence_status: Mapping[str, str] | None = None,
    engine: Engine = Engine.FAST,
) -> CheckResult:
    """Evaluate every rule of the rulebook against the dossier as on check_date.

    evidence_status (id -> status, see toelating.evidence) is what the caller found on
    disk; the engine itself reads no files. Without it, EVID-01 reports missing data.
    Every evaluation stops within the library's iteration budget; a rule that exceeds it
    is an error of that rule (docs/rule-authoring.md, "Cost and speed"). `engine` picks the
    evaluator: the fast path (cel-cpp for what it does not translate) or cel-cpp alone.
    """
    evaluation = prepare(dossier, rulebook, check_date, evidence_status, engine)
    results = tuple(evaluation.rule(compiled) for compiled in rulebook.rules)
    return CheckResult(check_date, evaluation.application_date, results, fail_on)


def prepare(
    dossier: Dossier,
    rulebook: Rulebook,
    check_date: dt.date,
    evidence_status: Mapping[str, str] | None = None,
    engine: Engine = Engine.FAST,
) -> Evaluation:
    """The dossier ready to evaluate the rulebook's rules one by one: on the fast path
    (toelating.cel.fast_scope), which reads the dossier itself, or all on cel-cpp with
    Engine.REFERENCE. The dossier as cel-cpp sees it (the view) is made only when needed."""
    return Preparation(dossier, rulebook, evidence_status, engine).on(check_date)


class Preparation:
    """The dossier ready to be evaluated on any number of days (the horizon checks it on
    every day): what does not depend on the check date is made once and shared by every
    day's Evaluation: cel-cpp's view of the dossier, the fast path's rule variables apart
    from the dates and parameters (the id maps), the item counts of collection paths, and
    the parameter values helpers looked up
    (`param_on` is keyed by its own day, so a value never depends on the check date)."""

    def __init__(
        self,
        dossier: Dossier,
        rulebook: Rulebook,
        evidence_status: Mapping[str, str] | None = None,
        engine: Engine = Engine.FAST,
    ) -> None:
        self.dossier = dossier
        self.rulebook = rulebook
        self.evidence_status = evidence_status
        self.engine = engine
        self.parameter_values: dict[tuple[str, dt.date], Any] = {}
        self._counts: dict[tuple[str, ...], tuple[int, bool]] = {}

    @cached_property
    def view(self) -> dict[str, Any]:
        """The dossier as cel-cpp sees it (plain data), made on first use."""
        return dossier_view(self.dossier)

    @cached_property
    def fast_variables(self) -> dict[str, Any]:
        """The fast path's rule variables that are the same on every day."""
        return dossier_variables(self.dossier, self.evidence_status)

    def count(self, segments: list[str]) -> tuple[int, bool]:
        """How many items a collection path names, and whether every field on the way exists,
        counted once per path (WML-01..04 walk the same payslips; the horizon every day)."""
        key = tuple(segments)
        counted = self._counts.get(key)
        if counted is None:
            values, complete = values_at(self.dossier, segments)
            counted = self._counts[key] = (len(values), complete)
        return counted

    def on(self, check_date: dt.date) -> Evaluation:
        """The dossier ready to evaluate the rules as on check_date."""
        rulebook, evidence_status = self.rulebook, self.evidence_status
        application_date = self.dossier.application_date or check_date
        evaluation = Evaluation(
            None, check_date, application_date, dossier=self.dossier, prepared=self
        )

        def reference() -> Scope:  # cel-cpp's scope: for Engine.REFERENCE and fallbacks
            view = self.view
            values: dict[str, Any] = {
                "dossier": view,
                "check_date": timestamp_of(check_date),
                "application_date": timestamp_of(application_date),
                "params": to_cel(rulebook.parameters_on(check_date)),
                **id_maps(view),
            }
            if evidence_status is not None:  # else reading it is missing data
                values["evidence_status"] = dict(evidence_status)
            return Scope(values, rulebook.parameter_on, ready=True)

        variables = self.fast_variables if self.engine is Engine.FAST else None
        evaluation.scope = rule_scope(
            variables,
            check_date,
            application_date,
            rulebook.parameters_on(check_date),
            rulebook.parameter_on,
            reference,
            self.engine,
            self.parameter_values,
        )
        return evaluation


@dataclass
class Evaluation:
    """One dossier on one check date, as CEL sees it; `rule()` gives a rule's result."""

    scope: Any  # a FastScope (toelating.cel.fast_scope), or cel-cpp's Scope
    check_date: dt.date
    application_date: dt.date
    lacking: dict[str, list[str]] = field(default_factory=dict)  # key -> where the dossier lacks it
    dossier: Dossier | None = None  # what the rules read, and the items findings are about
    names_items: bool = True  # findings name their item in words (the horizon names its own)
    prepared: Preparation | None = None  # what this day shares with other days

    @property
    def view(self) -> dict[str, Any]:
        """The dossier as cel-cpp sees it (plain data), made on first use."""
        assert self.prepared is not None
        return self.prepared.view

    def rule(self, compiled: CompiledRule) -> RuleResult:
        """The rule's result, each finding naming its item in words."""
        result = self._judge(compiled)
        if self.dossier is None or not self.names_items or not result.findings:
            return result
        named = tuple(self._named(finding) for finding in result.findings)
        return replace(result, findings=named)

    def _named(self, finding: Finding) -> Finding:
        assert self.dossier is not None
        name = item_name(self.dossier, finding.path)
        if name is None:
            return finding
        return replace(finding, item_nl=name.nl, item_en=name.en)

    def _judge(self, compiled: CompiledRule) -> RuleResult:
        rule = compiled.rule
        if not rule.in_force_on(self.check_date):
            return _not_in_force(compiled, self.check_date)
        condition = compiled.applies_when
        if condition is not None:
            applies = self._outcome_of(compiled, "", lambda: self.scope.evaluate(condition))
            if isinstance(applies, RuleResult):
                return applies
            if applies is not True:
                if applies is not False:
                    return _error(compiled, "", _said("reason_not_boolean", part="applies_when"))
                return _not_applicable(compiled)
        if rule.each is None:
            return self._whole(compiled)
        return self._each(compiled)

    # --- rules over the whole dossier -----------------------------------------------

    def _whole(self, compiled: CompiledRule) -> RuleResult:
        code = self._outcome_of(compiled, "", lambda: self.scope.evaluate(compiled.batch))
        if isinstance(code, RuleResult):
            return code
        if code == PASS_CODE:
            return RuleResult(compiled.rule, Outcome.PASS)
        if code == SKIP_CODE:
            return _not_applicable(compiled)
        facts = self._facts(compiled)
        path = fill(compiled.rule.finding_path, facts) if compiled.rule.finding_path else ""
        return RuleResult(compiled.rule, Outcome.FAIL, (self._failure(compiled, path, facts),))

    def _outcome_of(self, compiled: CompiledRule, pointer: str, run: Callable[[], Any]) -> Any:
        """Run an evaluation; missing data and errors come back as a finished RuleResult."""
        try:
            return run()
        except MissingData as missing:
            finding = self._missing(pointer, missing, compiled)
            return RuleResult(compiled.rule, Outcome.MISSING_DATA, (finding,))
        except EvaluationFailure as failure:
            return _error(compiled, pointer, _failure_reason(failure))

    # --- rules over each item of a collection ----------------------------------------

    def _each(self, compiled: CompiledRule) -> RuleResult:
        assert compiled.rule.each is not None
        segments = compiled.rule.each.segments()
        count, complete = self._count(segments)
        if complete:
            settled = self._all_pass(compiled, count)
            if settled is not None:
                return settled
        items, absent = items_at(self.view, segments)
        findings = [self._missing_at(pointer) for pointer in absent]
        evaluated = 0
        for pointer, _, indices in items:
            code = self._item_code(compiled, pointer, indices)
            if isinstance(code, TooCostly):  # the others would be as costly: stop here
                return _error(compiled, pointer, _failure_reason(code))
            if isinstance(code, Finding):
                findings.append(code)
                evaluated += 1
            elif code == FAIL_CODE:
                facts = self._facts(compiled, indices)
                findings.append(self._failure(compiled, pointer, facts))
                evaluated += 1
            elif code == PASS_CODE:
                evaluated += 1
            elif code != SKIP_CODE:
                findings.append(_error_finding(pointer, _said("reason_not_boolean", part="check")))
        return _aggregate(compiled, findings, evaluated)

    def _count(self, segments: list[str]) -> tuple[int, bool]:
        """How many items the path names, and whether every field on the way exists."""
        if self.prepared is not None:
            return self.prepared.count(segments)
        values, complete = values_at(self.dossier, segments)
        return len(values), complete

    def _all_pass(self, compiled: CompiledRule, count: int) -> RuleResult | None:
        """The result when one linear pass shows that no item fails; None to look item by item."""
        if count == 0:
            return _aggregate(compiled, [], 0)
        try:
            if self.scope.evaluate(compiled.batch) is not True:
                return None
            evaluated = count
            if compiled.any_evaluated is not None:
                evaluated = 1 if self.scope.evaluate(compiled.any_evaluated) is True else 0
        except (MissingData, EvaluationFailure):
            return None
        return _aggregate(compiled, [], evaluated)

    def _item_code(self, compiled: CompiledRule, pointer: str, indices: tuple[int, ...]) -> Any:
        assert compiled.item is not None
        self.scope.set_indices(indices)
        try:
            return self.scope.evaluate(compiled.item)
        except MissingData as missing:
            return self._missing(pointer, missing)
        except TooCostly as costly:
            return costly
        except EvaluationFailure as failure:
            return _error_finding(pointer, _failure_reason(failure))

    # --- findings -------------------------------------------------------------------

    def _facts(self, compiled: CompiledRule, indices: tuple[int, ...] = ()) -> dict[str, Any]:
        self.scope.set_indices(indices)
        values: dict[str, Any] = {}
        for name, expression in compiled.facts.items():
            try:
                values[name] = from_cel(self.scope.evaluate(expression))
            except (MissingData, EvaluationFailure):
                values[name] = None
        return values

    def _failure(self, compiled: CompiledRule, pointer: str, facts: dict[str, Any]) -> Finding:
        message = compiled.rule.message
        return Finding(
            pointer, Outcome.FAIL, fill(message.nl, facts, "nl"), fill(message.en, facts, "en")
        )

    def _missing(
        self, scope_pointer: str, missing: MissingData, compiled: CompiledRule | None = None
    ) -> Finding:
        if missing.kind == MissingData.PARAMETER:
            return _parameter_missing(scope_pointer, missing.what, missing.cause)
        if missing.kind == MissingData.VARIABLE:
            nl, en = _said("variable_missing", name=missing.what)
            return Finding(scope_pointer, Outcome.MISSING_DATA, nl, en)
        if missing.what not in all_field_names():
            # A key a rule looked up (an evidence id, a worker id): a dossier value, not quoted.
            return Finding(scope_pointer, Outcome.MISSING_DATA, *_fixed("reference_missing"))
        # (helper `reports`, issue 14) A rule over the whole dossier lacks the place it reads,
        # not the first field of that name anywhere: FIN-03 lacks the tax statement's
        # issued_on, not /vog/0/issued_on.
        read = _absent_read_place(self.view, compiled, missing.what) if not scope_pointer else None
        located = read or locate_missing(self.view, scope_pointer, missing.what, self.lacking)
        if located is None:
            nl, en = _said("related_field_missing", field=missing.what)
            return Finding(scope_pointer, Outcome.MISSING_DATA, nl, en)
        return self._missing_at(located)

    def _missing_at(self, pointer: str) -> Finding:
        # The finding's path says which field.
        return Finding(pointer, Outcome.MISSING_DATA, *_fixed("field_missing"))


def _absent_read_place(view: Any, compiled: CompiledRule | None, key: str) -> str | None:
    """The one place outside any list that the rule reads, ends in `key` and is absent from
    the dossier; None when there is no such place or more than one."""
    if compiled is None:
        return None
    places = [
        place
        for place in compiled.reading.places
        if "*" not in place and place.rsplit("/", 1)[-1] == key and _absent(view, place)
    ]
    return places[0] if len(places) == 1 else None


def _absent(view: Any, pointer: str) -> bool:
    parent: Any = view
    for token in pointer.strip("/").split("/")[:-1]:
        if not isinstance(parent, dict) or token not in parent:
            return True
        parent = parent[token]
    return not isinstance(parent, dict) or pointer.rsplit("/", 1)[-1] not in parent


def _aggregate(compiled: CompiledRule, findings: list[Finding], evaluated: int) -> RuleResult:
    kinds = {finding.kind for finding in findings}
    for outcome in (Outcome.ERROR, Outcome.FAIL, Outcome.MISSING_DATA):
        if outcome in kinds:
            return RuleResult(compiled.rule, outcome, sorted_findings(findings))
    if evaluated == 0:
        assert compiled.rule.each is not None
        if compiled.rule.each.if_none is Outcome.PASS:
            return RuleResult(compiled.rule, Outcome.PASS)
        return _not_applicable(compiled, none_to_check=True)
    return RuleResult(compiled.rule, Outcome.PASS)


def _parameter_missing(pointer: str, name: str, cause: LookupError | None) -> Finding:
    """A parameter without a value on the day a rule needs: say which, when, and the fix."""
    nl, en = _parameter_gap(name, cause)
    return Finding(pointer, Outcome.MISSING_DATA, nl, en)


def _parameter_gap(name: str, cause: LookupError | None) -> tuple[str, str]:
    """Why a parameter has no value, in Dutch and English."""
    if not isinstance(cause, ParameterUnknown):
        return _said("parameter_missing", name=name)
    if cause.known_until is None:
        return _said("parameter_before_table", name=name, day=cause.day, first=cause.first)
    return _said("parameter_past_known", name=name, day=cause.day, until=cause.known_until)


def _said(key: str, /, **values: Any) -> tuple[str, str]:
    """An engine message in Dutch and in English (a finding carries both), dates in words."""
    return message(f"engine.{key}", "nl", **values), message(f"engine.{key}", "en", **values)


@cache
def _fixed(key: str) -> tuple[str, str]:
    """A message without values, put into words once (a dossier may lack thousands)."""
    return _said(key)


# What the CEL layer says about a failed evaluation (cel.environment, words without values),
# and the engine catalogue's key for it.
_FAILURE_KEYS = {
    "division by zero": "reason_division_by_zero",
    "arithmetic overflow": "reason_overflow",
    "list index out of range": "reason_index",
    "type mismatch: an operator or function got values of the wrong type": "reason_type",
    "expression nests too deeply": "reason_nesting",
    "invalid regular expression": "reason_regex",
}


def _failure_reason(failure: EvaluationFailure) -> tuple[str, str]:
    """Why an evaluation failed, in Dutch and English; a description the catalogue does not
    know (a helper's or variable's name) is quoted as the technical message it is."""
    if isinstance(failure, TooCostly):
        return _said("reason_too_costly", limit=ITERATION_BUDGET)
    description = str(failure)
    key = _FAILURE_KEYS.get(description)
    return _said(key) if key else _said("reason_other", detail=description)


def _error_finding(pointer: str, reason: tuple[str, str]) -> Finding:
    nl, en = (
        message("engine.could_not_run", lang, reason=said)
        for lang, said in zip(("nl", "en"), reason, strict=True)
    )
    return Finding(pointer, Outcome.ERROR, nl, en)


def _error(compiled: CompiledRule, pointer: str, reason: tuple[str, str]) -> RuleResult:
    return RuleResult(compiled.rule, Outcome.ERROR, (_error_finding(pointer, reason),))


def _not_applicable(compiled: CompiledRule, none_to_check: bool = False) -> RuleResult:
    key = "nothing_to_check" if none_to_check else "precondition_false"
    return RuleResult(compiled.rule, Outcome.NOT_APPLICABLE, (), *_fixed(key))


def _not_in_force(compiled: CompiledRule, day: dt.date) -> RuleResult:
    rule = compiled.rule
    if rule.effective_from and day < rule.effective_from:
        said = _said_on("in_force_from", rule.effective_from)
    else:
        said = _said_on("in_force_until", rule.effective_until)
    return RuleResult(rule, Outcome.NOT_APPLICABLE, (), *said)


@cache
def _said_on(key: str, day: dt.date | None) -> tuple[str, str]:
    """A message about one date, put into words once: a batch says "in force from 1 January
    2028" of the same rules for every dossier (Babel's date formatting is not cheap)."""
    return _said(key, day=day)


__all__ = ["Preparation", "check", "prepare"]
