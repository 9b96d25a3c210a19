"""What a rule file and a parameters file contain (the rule schema is exported from these
models)."""

from __future__ import annotations

import datetime as dt
import re
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
    applies_when: str | None = Field(None, description="CEL; false -> not_applicable")
    each: Each | None = None
    check: str = Field(min_length=1, description="CEL that must be true")
    facts: dict[Annotated[str, Field(pattern=NAME_PATTERN)], str] = Field(
        default_factory=dict, description="CEL values named for the message"
    )
    finding_path: str | None = Field(
        None, description="Pointer of a whole-dossier finding; {fact} placeholders allowed"
    )
    parameters: list[str] = Field(default_factory=list, description="Parameters the rule reads")
    examples: list[Example] = Field(min_length=2)

    @field_validator("effective_until")
    @classmethod
    def _until_after_from(cls, value: dt.date | None, info: Any) -> dt.date | None:
        start = info.data.get("effective_from")
        if value is not None and start is not None and value < start:
            raise ValueError("effective_until lies before effective_from")
        return value

    @model_validator(mode="after")
    def _messages_use_known_facts(self) -> Rule:
        from toelating.text import placeholders

        templates = [self.message.nl, self.message.en, self.finding_path or ""]
        unknown = {name for t in templates for name in placeholders(t)} - set(self.facts)
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
        order = [Sureness.UNCONFIRMED, Sureness.SECONDARY, Sureness.CONFIRMED]
        return min((b.sureness for b in self.legal_basis), key=order.index)


class Theme(_Model):
    id: str = Field(pattern=NAME_PATTERN)
    title: LocalizedText


class RulebookManifest(_Model):
    """rulebook.yaml: the rulebook's version, its themes in report order, the example base."""

    rulebook_version: str = Field(pattern=r"^[0-9]{4}\.[0-9]{2}(\.[0-9]+)?$")
    themes: list[Theme] = Field(min_length=1)
    example_base: str = Field(description="Dossier file that rule examples patch")


class ParameterValue(_Model):
    from_: dt.date = Field(alias="from")
    value: Any
    source: str = Field(min_length=1)
    sureness: Sureness

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


class Parameter(_Model):
    description: LocalizedText
    unit: str | None = None
    values: list[ParameterValue] = Field(min_length=1)

    @field_validator("values")
    @classmethod
    def _dates_ascending(cls, values: list[ParameterValue]) -> list[ParameterValue]:
        days = [v.from_ for v in values]
        if days != sorted(days) or len(set(days)) != len(days):
            raise ValueError("values must be in ascending order of 'from', one per date")
        return values

    def value_on(self, day: dt.date) -> Any:
        current = None
        for candidate in self.values:
            if candidate.from_ <= day:
                current = candidate
        if current is None:
            raise LookupError(f"no value before {self.values[0].from_.isoformat()}")
        return current.value


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
