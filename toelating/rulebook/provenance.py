"""Where a rulebook came from: the shipped one, a folder that replaces it, and what each
`--rules` overlay changed (rules replaced, added or disabled, severities, parameters), with
the overlay's reasons, so that every report can say it was not made with the official rules."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from toelating.rulebook.model import Override, Parameter, Rule


class ChangeKind(StrEnum):
    RULE_REPLACED = "rule_replaced"
    RULE_ADDED = "rule_added"
    RULE_DISABLED = "rule_disabled"
    SEVERITY_CHANGED = "severity_changed"
    PARAMETER_REPLACED = "parameter_replaced"
    PARAMETER_ADDED = "parameter_added"


@dataclass(frozen=True)
class RulebookChange:
    """One change an overlay made: to which rule or parameter, from what to what, and why."""

    kind: ChangeKind
    name: str  # rule id or parameter name
    before: str | None = None  # rule version, severity or parameter values before the overlay
    after: str | None = None
    reason: str | None = None  # the overlay's own words (overrides.yaml); rule files give none


@dataclass(frozen=True)
class OverlayRecord:
    """One `--rules` folder laid over the rulebook, and what it changed in it."""

    folder: str
    changes: tuple[RulebookChange, ...] = ()


@dataclass(frozen=True)
class RulebookOrigin:
    """The official rulebook unless a folder replaced it or overlays changed it."""

    replaced_by: str | None = None  # a --rules folder with its own rulebook.yaml
    overlays: tuple[OverlayRecord, ...] = ()

    @property
    def official(self) -> bool:
        return self.replaced_by is None and not self.overlays

    def with_overlay(self, record: OverlayRecord) -> RulebookOrigin:
        return RulebookOrigin(self.replaced_by, (*self.overlays, record))


def overlay_record(
    folder: Path,
    rules: Mapping[str, Rule],
    parameters: Mapping[str, Parameter],
    added_rules: Sequence[Rule],
    added_parameters: Mapping[str, Parameter],
    overrides: Sequence[Override],
) -> OverlayRecord:
    """What an overlay's rule files, parameters.yaml and overrides.yaml change in a rulebook
    with these rules and parameters (before the overlay), in that order."""
    changes = [
        *_rule_changes(rules, added_rules),
        *_parameter_changes(parameters, added_parameters),
        *_override_changes({**rules, **{rule.id: rule for rule in added_rules}}, overrides),
    ]
    return OverlayRecord(str(folder), tuple(changes))


def _rule_changes(rules: Mapping[str, Rule], added: Sequence[Rule]) -> Iterator[RulebookChange]:
    for rule in sorted(added, key=lambda r: r.id):
        old = rules.get(rule.id)
        if old is None:
            yield RulebookChange(ChangeKind.RULE_ADDED, rule.id, after=_version(rule))
        else:
            yield RulebookChange(
                ChangeKind.RULE_REPLACED, rule.id, before=_version(old), after=_version(rule)
            )


def _parameter_changes(
    parameters: Mapping[str, Parameter], added: Mapping[str, Parameter]
) -> Iterator[RulebookChange]:
    for name in sorted(added):
        new, old = added[name], parameters.get(name)
        if old is None:
            yield RulebookChange(ChangeKind.PARAMETER_ADDED, name, after=values_text(new))
        elif old != new:
            yield RulebookChange(
                ChangeKind.PARAMETER_REPLACED, name, before=values_text(old), after=values_text(new)
            )


def _override_changes(
    rules: Mapping[str, Rule], overrides: Sequence[Override]
) -> Iterator[RulebookChange]:
    severities = {rule_id: rule.severity for rule_id, rule in rules.items()}
    for override in overrides:
        before = severities.get(override.rule)
        if override.disable:
            yield RulebookChange(ChangeKind.RULE_DISABLED, override.rule, reason=override.reason)
        elif override.severity is not None:
            severities[override.rule] = override.severity
            yield RulebookChange(
                ChangeKind.SEVERITY_CHANGED,
                override.rule,
                before=before.value if before else None,
                after=override.severity.value,
                reason=override.reason,
            )


def _version(rule: Rule) -> str:
    return f"v{rule.version}"


def values_text(parameter: Parameter) -> str:
    """A parameter's values by date in the file's own terms, e.g.
    '2026-01-01: 14.40; 2026-07-01: 14.71; known_until: 2026-12-31'."""
    values = [f"{value.from_.isoformat()}: {value.value}" for value in parameter.values]
    if parameter.known_until is not None:
        values.append(f"known_until: {parameter.known_until.isoformat()}")
    return "; ".join(values)
