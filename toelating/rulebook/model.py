"""What a rule file and a parameters file contain (the rule schema is exported from these
models)."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from enum import StrEnum
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from toelating.text import LocalizedText
from toelating.vocabulary import Outcome, Severity, Sureness

RULE_ID_PATTERN = r"^[A-Z]{2,6}-[0-9]{2}$"
NAME_PATTERN = r"^[a-z][a-z0-9_]*$"
EACH_PATH_PATTERN = r"^(/[a-z_]+|/\*)+$"


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class LegalBasis(_Model):
    """Where a rule comes from, and how sure we are of it."""

    source: str = Field(min_length=1, description="The law or document, e.g. 'Waadi' or 'cao ABU'")
    article: str = Field(min_length=1, description="Article or section, e.g. 'art. 7b lid 2'")
    reference: str | None = Field(None, description="Publication, e.g. 'Stb. 2025, 385'")
    url: str | None = None
    sureness: Sureness
    note: LocalizedText | None = Field(None, description="Why the sureness is what it is")

    def citation(self) -> str:
        parts = [f"{self.source} {self.article}"]
        if self.reference:
            parts.append(f"({self.reference})")
        return " ".join(parts)


class Each(_Model):
    """Evaluate the check once per item of a collection; each failing item is its own finding."""

    path: str = Field(pattern=EACH_PATH_PATTERN, description="e.g. /workers/*/payslips/*")
    as_: list[Annotated[str, Field(pattern=NAME_PATTERN)]] = Field(
        alias="as", min_length=1, description="A CEL name for the item at each *"
    )
    where: str | None = Field(None, description="CEL: items for which this is false are skipped")
    if_none: Literal[Outcome.PASS, Outcome.NOT_APPLICABLE] = Field(
        Outcome.NOT_APPLICABLE,
        description="Outcome when no item is left to check: pass for 'no item may be X' rules",
    )

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    @model_validator(mode="after")
    def _one_name_per_star(self) -> Each:
        if self.path.count("*") != len(self.as_):
            raise ValueError(
                f"'as' names {len(self.as_)} items but path has {self.path.count('*')} *"
            )
        return self

    def segments(self) -> list[str]:
        return self.path.strip("/").split("/")


class ParameterUse(_Model):
    """A parameter as a rule reads it: its value in force on a date of the rule's choosing."""

    parameter: str = Field(pattern=NAME_PATTERN, description="A name in parameters.yaml")
    on: str | None = Field(
        None,
        description="CEL: the date whose value the rule needs (e.g. payslip.period_start); "
        "absent: the check date",
    )


class Example(_Model):
    """A dossier (the rulebook's example base with a merge patch) and the outcome it must give."""

    name: str = Field(min_length=1)
    as_of: dt.date
    patch: dict[str, Any] = Field(default_factory=dict, description="JSON merge patch (RFC 7386)")
    expect: Outcome
    paths: list[str] | None = Field(None, description="Exactly these finding paths, sorted")
    evidence_status: dict[str, str] | None = Field(
        None, description="What the evidence files were found to be, by evidence id (EVID-01)"
    )


class Rule(_Model):
    """One requirement of the admission system, as data."""

    id: str = Field(pattern=RULE_ID_PATTERN)
    version: int = Field(ge=1, description="Raised whenever the rule's meaning changes")
    theme: str = Field(pattern=NAME_PATTERN)
    severity: Severity
    title: LocalizedText
    message: LocalizedText = Field(description="Failure message; {fact} placeholders allowed")
    remediation: LocalizedText
    legal_basis: list[LegalBasis] = Field(min_length=1)
    effective_from: dt.date | None = None
    effective_until: dt.date | None = None
    applies_when: str | None = Field(
        None,
        description="CEL; false -> not_applicable. A rule over the whole dossier may read its "
        "define steps here; a rule over items only its parameters on the check date",
    )
    each: Each | None = None
    define: dict[Annotated[str, Field(pattern=NAME_PATTERN)], str] = Field(
        default_factory=dict,
        description="Named steps (CEL), in order; each may use the items, the parameters and "
        "the steps before it. Check, where and facts read them by name; the message may "
        "show them as {name}. A step is computed only when read.",
    )
    check: str = Field(min_length=1, description="CEL that must be true")
    facts: dict[Annotated[str, Field(pattern=NAME_PATTERN)], str] = Field(
        default_factory=dict, description="CEL values named for the message"
    )
    finding_path: str | None = Field(
        None, description="Pointer of a whole-dossier finding; {fact} placeholders allowed"
    )
    parameters: (
        dict[Annotated[str, Field(pattern=NAME_PATTERN)], ParameterUse | str] | list[str]
    ) = Field(
        default_factory=dict,
        description="The parameters the rule reads, each by a name of its own: a parameter "
        "name (its value on the check date) or {parameter, on} (its value on that date). "
        "The older list form names parameters read as params.NAME.",
    )
    examples: list[Example] = Field(min_length=2)

    @field_validator("effective_until")
    @classmethod
    def _until_after_from(cls, value: dt.date | None, info: Any) -> dt.date | None:
        start = info.data.get("effective_from")
        if value is not None and start is not None and value < start:
            raise ValueError("effective_until lies before effective_from")
        return value

    def parameter_uses(self) -> dict[str, ParameterUse]:
        """Each name the rule reads a parameter by, with the parameter and its date."""
        if isinstance(self.parameters, list):
            return {}  # read as params.NAME
        return {
            local: use if isinstance(use, ParameterUse) else ParameterUse(parameter=use)
            for local, use in self.parameters.items()
        }

    def parameter_names(self) -> set[str]:
        """The names in parameters.yaml the rule reads."""
        if isinstance(self.parameters, list):
            return set(self.parameters)
        return {use.parameter for use in self.parameter_uses().values()}

    def shown_names(self) -> set[str]:
        """What a message may show: facts, definitions and parameters."""
        return set(self.facts) | set(self.define) | set(self.parameter_uses())

    @model_validator(mode="after")
    def _names_are_distinct(self) -> Rule:
        item_names = set(self.each.as_) if self.each else set()
        groups = {
            "each.as": item_names,
            "parameters": set(self.parameter_uses()),
            "define": set(self.define),
            "facts": set(self.facts),
        }
        seen: dict[str, str] = {}
        for group, names in groups.items():
            for name in sorted(names):
                if name in seen and not (group == "facts" and seen[name] != "each.as"):
                    raise ValueError(f"{name!r} is named in both {seen[name]} and {group}")
                seen.setdefault(name, group)
        return self

    @model_validator(mode="after")
    def _messages_use_known_facts(self) -> Rule:
        from toelating.text import placeholders

        templates = [self.message.nl, self.message.en, self.finding_path or ""]
        if placeholders(self.remediation.nl) or placeholders(self.remediation.en):
            raise ValueError("remediation is shown as written: it may not use {placeholders}")
        unknown = {name for t in templates for name in placeholders(t)} - self.shown_names()
        if unknown:
            raise ValueError(f"message uses undefined facts: {', '.join(sorted(unknown))}")
        expected = {e.expect for e in self.examples}
        if not {Outcome.PASS, Outcome.FAIL} <= expected:
            raise ValueError("examples must include at least one 'pass' and one 'fail'")
        return self

    def in_force_on(self, day: dt.date) -> bool:
        if self.effective_from and day < self.effective_from:
            return False
        return not (self.effective_until and day > self.effective_until)

    def sureness(self) -> Sureness:
        """The weakest sureness among the rule's legal bases."""
        return max((b.sureness for b in self.legal_basis), key=list(Sureness).index)


class Theme(_Model):
    id: str = Field(pattern=NAME_PATTERN)
    title: LocalizedText


class RulebookManifest(_Model):
    """rulebook.yaml: the rulebook's version, its themes in report order, the example base."""

    rulebook_version: str = Field(pattern=r"^[0-9]{4}\.[0-9]{2}(\.[0-9]+)?$")
    themes: list[Theme] = Field(min_length=1)
    example_base: str = Field(description="Dossier file that rule examples patch")
    define: dict[Annotated[str, Field(pattern=NAME_PATTERN)], str] = Field(
        default_factory=dict,
        description="Named steps (CEL) every rule may read by name, in order; each reads the "
        "dossier, the check date and the steps before it (not a rule's items or parameters)",
    )


class ParameterValue(_Model):
    from_: dt.date = Field(alias="from")
    value: Any
    source: str = Field(min_length=1)
    sureness: Sureness

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


class ParameterUnknown(LookupError):
    """A parameter has no known value on a day: before its first value, or after the date
    up to which its table is known."""

    def __init__(
        self, day: dt.date, *, before: dt.date | None = None, after: dt.date | None = None
    ) -> None:
        bound = f"known until {after}" if after else f"first value from {before}"
        super().__init__(f"no value on {day}: {bound}")
        self.day = day
        self.first = before
        self.known_until = after


class ParameterType(StrEnum):
    """What a parameter's values are, as a rule receives them."""

    DECIMAL = "decimal"  # a double in CEL: amounts, shares, areas
    INTEGER = "integer"  # months, days, persons, years
    DATE = "date"
    DECIMAL_TABLE = "decimal_table"  # a map from a key (an age, a category) to a double
    INTEGER_TABLE = "integer_table"


class Parameter(_Model):
    description: LocalizedText
    unit: str | None = None
    type: ParameterType | None = Field(
        None, description="The type of every value; rules then need no conversions"
    )
    known_until: dt.date | None = Field(
        None,
        description="The last date for which the table is known. A rule asking for a later "
        "date gets missing data naming the parameter, never the last value silently.",
    )
    values: list[ParameterValue] = Field(min_length=1)
    announced: list[ParameterValue] = Field(
        default_factory=list,
        description="Values announced but without a legal instrument in our sources: shown to "
        "readers of the rulebook, never applied",
    )

    @field_validator("values")
    @classmethod
    def _dates_ascending(cls, values: list[ParameterValue]) -> list[ParameterValue]:
        days = [v.from_ for v in values]
        if days != sorted(days) or len(set(days)) != len(days):
            raise ValueError("values must be in ascending order of 'from', one per date")
        return values

    @model_validator(mode="before")
    @classmethod
    def _values_as_their_type(cls, data: Any) -> Any:
        """Dates written as text become dates, whole numbers of a decimal parameter decimals,
        so that a rule receives one CEL type (timestamp, double) whatever the file wrote."""
        if not isinstance(data, dict) or not isinstance(data.get("values"), list):
            return data
        convert = _CONVERSIONS.get(str(data.get("type")))
        if convert is None:
            return data
        converted = {
            key: [
                {**value, "value": convert(value["value"])}
                if isinstance(value, dict) and "value" in value
                else value
                for value in data[key]
            ]
            for key in ("values", "announced")
            if isinstance(data.get(key), list)
        }
        return {**data, **converted}

    @model_validator(mode="after")
    def _values_have_the_type(self) -> Parameter:
        for value in [*self.values, *self.announced]:
            if self.type is not None and not _has_type(value.value, self.type):
                raise ValueError(f"the value from {value.from_} is not of type {self.type}")
        if self.known_until is not None and self.known_until < self.values[-1].from_:
            raise ValueError("known_until lies before the last value's date")
        return self

    def value_on(self, day: dt.date) -> Any:
        if self.known_until is not None and day > self.known_until:
            raise ParameterUnknown(day, after=self.known_until)
        current = None
        for candidate in self.values:
            if candidate.from_ <= day:
                current = candidate
        if current is None:
            raise ParameterUnknown(day, before=self.values[0].from_)
        return current.value


def _as_date(value: Any) -> Any:
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            return value
    return value


def _as_decimal(value: Any) -> Any:
    if isinstance(value, int) and not isinstance(value, bool):
        return Decimal(value)
    return value


def _as_decimal_table(value: Any) -> Any:
    if isinstance(value, dict):
        return {key: _as_decimal(item) for key, item in value.items()}
    return value


_CONVERSIONS = {
    ParameterType.DATE.value: _as_date,
    ParameterType.DECIMAL.value: _as_decimal,
    ParameterType.DECIMAL_TABLE.value: _as_decimal_table,
}


def _has_type(value: Any, kind: ParameterType) -> bool:
    scalar = {
        ParameterType.DECIMAL: (Decimal, float),
        ParameterType.INTEGER: (int,),
        ParameterType.DATE: (dt.date,),
        ParameterType.DECIMAL_TABLE: (Decimal, float),
        ParameterType.INTEGER_TABLE: (int,),
    }[kind]
    if kind in (ParameterType.DECIMAL_TABLE, ParameterType.INTEGER_TABLE):
        return isinstance(value, dict) and all(_is(v, scalar) for v in value.values())
    return _is(value, scalar)


def _is(value: Any, types: tuple[type, ...]) -> bool:
    return isinstance(value, types) and not isinstance(value, bool)


class ParameterFile(_Model):
    parameters_version: int = Field(ge=1)
    parameters: dict[Annotated[str, Field(pattern=NAME_PATTERN)], Parameter]


def rule_id_from_file_name(name: str) -> str | None:
    match = re.match(r"^([A-Z]{2,6}-[0-9]{2})\.ya?ml$", name)
    return match.group(1) if match else None


class Override(_Model):
    """A certifier's change to one shipped rule: disable it or change its severity."""

    rule: str = Field(pattern=RULE_ID_PATTERN)
    disable: bool = False
    severity: Severity | None = None
    reason: str = Field(min_length=1, description="Why: shown to whoever reads the rule files")

    @model_validator(mode="after")
    def _does_something(self) -> Override:
        if self.disable == (self.severity is not None):
            raise ValueError("an override either disables a rule or sets its severity")
        return self


class OverridesFile(_Model):
    """overrides.yaml in a rules overlay folder."""

    overrides: list[Override] = Field(default_factory=list)
